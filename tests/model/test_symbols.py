from __future__ import annotations

from pathlib import Path

from fastlayer.config.loader import load_config
from fastlayer.engine.run import build_model
from fastlayer.rules import all_rules
from tests.helpers import write_project

FILES = {
    "app/__init__.py": "",
    "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
    "app/models/__init__.py": "from .user import UserCreate as UserCreate\n",
    "app/models/base.py": "from pydantic import BaseModel\n\nclass UserBase(BaseModel):\n    name: str\n",
    "app/models/user.py": "from .base import UserBase\n\nclass UserCreate(UserBase):\n    password: str\n",
    "app/api/__init__.py": "",
    "app/api/users.py": "from app.models import UserCreate\nfrom ..models import base\n\nclass Payload(UserCreate):\n    pass\n",
}


def _model(tmp_path: Path):  # type: ignore[no-untyped-def]
    root = write_project(tmp_path, FILES)
    return build_model(load_config(root, None, all_rules().rules))


def test_package_layout_module_names(tmp_path: Path) -> None:
    model = _model(tmp_path)
    assert model.app_root == "app" and model.source_root == ""
    assert model.modules["app/models/__init__.py"].name == "app.models"


def test_qualify_relative_and_absolute(tmp_path: Path) -> None:
    model = _model(tmp_path)
    users = model.modules["app/api/users.py"]
    assert model.symbols.qualify(users, "UserCreate") == "app.models.UserCreate"
    assert model.symbols.qualify(users, "base.UserBase") == "app.models.base.UserBase"
    assert model.symbols.qualify(users, "Payload") == "app.api.users.Payload"


def test_definition_follows_reexports(tmp_path: Path) -> None:
    definition = _model(tmp_path).symbols.definition("app.models.UserCreate")
    assert (
        definition is not None
        and definition.kind == "class"
        and definition.module.path == "app/models/user.py"
    )


def test_ancestors_cross_modules(tmp_path: Path) -> None:
    model = _model(tmp_path)
    users = model.modules["app/api/users.py"]
    (payload,) = users.facts.classes
    assert list(model.symbols.ancestors(users, payload)) == [
        "app.models.UserCreate",
        "app.models.base.UserBase",
        "pydantic.BaseModel",
    ]
