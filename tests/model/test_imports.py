"""Import resolution: every import form, every layout, stdlib shadowing, namespace packages."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

from fastlayer.config.loader import load_config
from fastlayer.engine.run import build_model
from fastlayer.model.project import ProjectModel
from fastlayer.rules import all_rules
from tests.helpers import write_project

MAIN = "from fastapi import FastAPI\napp = FastAPI()\n"


def _model(tmp_path: Path, files: Dict[str, str], config: str = "") -> ProjectModel:
    root = write_project(tmp_path, files, config)
    return build_model(load_config(root, None, all_rules().rules))


def _resolved(model: ProjectModel, path: str) -> List[Tuple[int, str, str, object]]:
    return [(r.line, r.kind, r.target, r.path) for r in model.imports[path]]


PACKAGE = {
    "app/__init__.py": "",
    "app/main.py": MAIN,
    "app/core/__init__.py": "",
    "app/core/config.py": "X = 1\n",
    "app/services/__init__.py": "",
    "app/services/io.py": "X = 1\n",
    "app/services/users.py": (
        "import io\n"  # 1 stdlib, not app/services/io.py
        "from . import io as local_io\n"  # 2 relative submodule
        "from ..core import config\n"  # 3 relative level 2, submodule
        "from ..core.config import X\n"  # 4 attribute of a module
        "import app.core.config as cfg\n"  # 5 import a.b.c as d
        "from app.core import *\n"  # 6 star: the package
        "from app import core\n"  # 7 from pkg import subpackage
        "import fastapi.responses\n"  # 8 external
        "def f():\n"
        "    import importlib\n"  # 10 stdlib, lazy
        "    return importlib.import_module('app.core.config')\n"  # 11 dynamic
        "try:\n"
        "    from app.core.missing import Y\n"  # 13 missing module: deepest existing package
        "except ImportError:\n"
        "    Y = None\n"
        "from ...beyond import x\n"  # 16 beyond the top-level package
    ),
}


def test_every_import_form_in_package_layout(tmp_path: Path) -> None:
    model = _model(tmp_path, PACKAGE)
    assert _resolved(model, "app/services/users.py") == [
        (1, "stdlib", "io", None),
        (2, "project", "app.services.io", "app/services/io.py"),
        (3, "project", "app.core.config", "app/core/config.py"),
        (4, "project", "app.core.config", "app/core/config.py"),
        (5, "project", "app.core.config", "app/core/config.py"),
        (6, "project", "app.core", "app/core/__init__.py"),
        (7, "project", "app.core", "app/core/__init__.py"),
        (8, "external", "fastapi.responses", None),
        (10, "stdlib", "importlib", None),
        (11, "project", "app.core.config", "app/core/config.py"),
        (13, "project", "app.core", "app/core/__init__.py"),
        (16, "unresolved", "...beyond", None),
    ]


def test_flat_layout_and_stdlib_name_at_the_top(tmp_path: Path) -> None:
    files = {
        "app/main.py": MAIN
        + "from services import users\nimport logging\nfrom config.settings import S\n",
        "app/logging.py": "X = 1\n",  # shadows the stdlib name: absolute imports still mean the stdlib
        "app/services/users.py": "X = 1\n",
        "app/config/settings.py": "S = 1\n",
    }
    model = _model(tmp_path, files, 'root = "app"')
    assert model.source_root == "app"
    assert _resolved(model, "app/main.py")[1:] == [
        (3, "project", "services.users", "app/services/users.py"),
        (4, "stdlib", "logging", None),
        (5, "project", "config.settings", "app/config/settings.py"),
    ]


def test_src_layout(tmp_path: Path) -> None:
    files = {
        "src/shop/__init__.py": "",
        "src/shop/main.py": MAIN + "from shop.orders import service\n",
        "src/shop/orders/__init__.py": "",
        "src/shop/orders/service.py": "from .models import Order\n",
        "src/shop/orders/models.py": "class Order: ...\n",
    }
    model = _model(tmp_path, files)
    assert model.source_root == "src"
    assert _resolved(model, "src/shop/main.py")[-1] == (
        3,
        "project",
        "shop.orders.service",
        "src/shop/orders/service.py",
    )
    assert _resolved(model, "src/shop/orders/service.py") == [
        (1, "project", "shop.orders.models", "src/shop/orders/models.py")
    ]


def test_namespace_packages(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/main.py": MAIN,
        "app/feedback/service/views.py": "from app.feedback import service\nfrom app.feedback.service import flows\n",
        "app/feedback/service/flows.py": "X = 1\n",
        "app/alembic/env.py": "from alembic import context\n",
    }
    model = _model(tmp_path, files)
    assert _resolved(model, "app/feedback/service/views.py") == [
        (
            1,
            "project",
            "app.feedback.service",
            "app/feedback/service/__init__.py",
        ),  # namespace package, no file
        (2, "project", "app.feedback.service.flows", "app/feedback/service/flows.py"),
    ]
    assert _resolved(model, "app/alembic/env.py") == [
        (1, "external", "alembic", None)
    ]  # app.alembic is not "alembic"


def test_top_level_namespace_package_never_shadows_an_installed_package(tmp_path: Path) -> None:
    files = {
        "app/main.py": MAIN,
        "app/alembic/env.py": "from alembic import context\nimport alembic.env\n",
    }
    model = _model(tmp_path, files, 'root = "app"')
    assert _resolved(model, "app/alembic/env.py") == [
        (1, "external", "alembic", None),
        (2, "project", "alembic.env", "app/alembic/env.py"),
    ]


def test_type_checking_imports_can_be_ignored(tmp_path: Path) -> None:
    files = {
        "app/main.py": MAIN
        + "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from services import users\n",
        "app/services/users.py": "X = 1\n",
    }
    checked = _model(tmp_path / "a", files, 'root = "app"')
    ignored = _model(tmp_path / "b", files, 'root = "app"\ntype-checking-imports = "ignore"')
    assert [r.target for r in checked.imports["app/main.py"]][-1] == "services.users"
    assert [r.target for r in ignored.imports["app/main.py"]] == ["fastapi", "typing"]
