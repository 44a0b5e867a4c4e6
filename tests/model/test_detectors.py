"""Detectors: what each kind of code is, by qualified name and across modules."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

from fastlayer.config.loader import load_config
from fastlayer.engine.run import build_model
from fastlayer.rules import all_rules
from tests.helpers import write_project

MAIN = "from fastapi import FastAPI\napp = FastAPI()\n"


def _kinds(tmp_path: Path, files: Dict[str, str]) -> List[Tuple[str, str, int, str]]:
    root = write_project(tmp_path, {"app/main.py": MAIN, **files}, 'root = "app"')
    model = build_model(load_config(root, None, all_rules().rules))
    return [
        (d.kind, d.path, d.line, d.name) for d in model.detections.items if d.kind != "fastapi-app"
    ]


def test_schema_through_a_base_class_in_another_module(tmp_path: Path) -> None:
    found = _kinds(
        tmp_path,
        {
            "app/models/base.py": "from pydantic import BaseModel as BM\nclass UserBase(BM):\n    name: str\n",
            "app/api/users.py": "from models.base import UserBase\nclass UserCreate(UserBase):\n    pw: str\nclass Plain:\n    pass\n",
        },
    )
    assert found == [
        ("pydantic-schema", "app/api/users.py", 2, "UserCreate"),
        ("pydantic-schema", "app/models/base.py", 2, "UserBase"),
    ]


def test_sqlmodel_table_is_orm_and_the_rest_are_schemas(tmp_path: Path) -> None:
    found = _kinds(
        tmp_path,
        {
            "app/models.py": (
                "from sqlmodel import Field, SQLModel\n"
                "class UserBase(SQLModel):\n    email: str\n"
                "class User(UserBase, table=True):\n    id: int = Field(primary_key=True)\n"
                "class UserPublic(UserBase):\n    id: int\n"
                "class Draft(UserBase, table=False):\n    pass\n"
            )
        },
    )
    assert [(k, n) for k, _, _, n in found] == [
        ("pydantic-schema", "UserBase"),
        ("orm-model", "User"),
        ("pydantic-schema", "UserPublic"),
        ("pydantic-schema", "Draft"),
    ]


def test_sqlalchemy_bases_are_not_models_but_their_subclasses_are(tmp_path: Path) -> None:
    found = _kinds(
        tmp_path,
        {
            "app/db/base.py": (
                "from sqlalchemy.orm import DeclarativeBase, declarative_base\n"
                "class Base(DeclarativeBase):\n    pass\nLegacy = declarative_base()\n"
            ),
            "app/db/models.py": (
                "from .base import Base, Legacy\n"
                "class Timestamped(Base):\n    __abstract__ = True\n"
                "class User(Timestamped):\n    __tablename__ = 'users'\n"
                "class Old(Legacy):\n    __tablename__ = 'old'\n"
            ),
        },
    )
    assert [(k, n) for k, _, _, n in found] == [("orm-model", "User"), ("orm-model", "Old")]


def test_settings_are_not_schemas_and_type_checking_classes_are_skipped(tmp_path: Path) -> None:
    found = _kinds(
        tmp_path,
        {
            "app/config.py": (
                "from typing import TYPE_CHECKING\nfrom pydantic_settings import BaseSettings\nfrom pydantic import BaseModel\n"
                "class Settings(BaseSettings):\n    DEBUG: bool = False\n"
                "if TYPE_CHECKING:\n    class Hint(BaseModel):\n        pass\n"
            )
        },
    )
    assert found == [("settings-class", "app/config.py", 4, "Settings")]


def test_routes_on_imported_routers_factories_and_router_class_factories(tmp_path: Path) -> None:
    found = _kinds(
        tmp_path,
        {
            "app/routing.py": (
                "from fastapi import APIRouter as _R\n"
                "def router_class():\n    class Custom(_R):\n        pass\n    return Custom\n"
                "APIRouter = router_class()\n"
            ),
            "app/api/items.py": (
                "from routing import APIRouter\nrouter = APIRouter(prefix='/items')\n"
                "@router.get('/')\ndef items():\n    pass\n"
            ),
            "app/api/users.py": (
                "from api.items import router as shared\nfrom somewhere import registry\n"
                "@shared.post('/x')\ndef create():\n    pass\n"
                "@registry.get('/y')\ndef not_a_route():\n    pass\n"
                "shared.add_api_route('/z', create)\n"
            ),
            "app/factory.py": (
                "from fastapi import FastAPI\n"
                "def create_app():\n    application = FastAPI()\n"
                "    @application.get('/health')\n    def health():\n        pass\n    return application\n"
                "app = create_app()\n@app.websocket('/ws')\nasync def ws(socket):\n    pass\n"
            ),
        },
    )
    assert [(p, line, n) for k, p, line, n in found if k == "route"] == [
        ("app/api/items.py", 4, "items"),
        ("app/api/users.py", 4, "create"),
        ("app/api/users.py", 9, "create"),
        ("app/factory.py", 5, "create_app.health"),
        ("app/factory.py", 10, "ws"),
    ]


def test_celery_tasks_env_reads_and_exceptions(tmp_path: Path) -> None:
    found = _kinds(
        tmp_path,
        {
            "app/worker.py": "from celery import Celery\ncelery_app = Celery('w')\n",
            "app/jobs.py": (
                "import os\nfrom celery import shared_task\nfrom worker import celery_app\nfrom fastapi import HTTPException\n"
                "@shared_task\ndef a():\n    return os.getenv('A')\n"
                "@celery_app.task(bind=True)\ndef b(self):\n    return os.environ['B']\n"
                "class Gone(HTTPException):\n    pass\nclass Bad(ValueError):\n    pass\nclass Worse(Bad):\n    pass\n"
            ),
            "app/noimport.py": "def f(os):\n    return os.getenv('X')\n",
        },
    )
    assert [(k, line, n) for k, p, line, n in found if p == "app/jobs.py"] == [
        ("celery-task", 6, "a"),
        ("env-read", 7, "os.getenv('A')"),
        ("celery-task", 9, "b"),
        ("env-read", 10, "os.environ['B']"),
        ("exception-class", 11, "Gone"),
        ("exception-class", 13, "Bad"),
        ("exception-class", 15, "Worse"),
    ]
    assert not [d for d in found if d[1] == "app/noimport.py"]


def _routes(tmp_path: Path, files: Dict[str, str]) -> List[Tuple[str, int, str, str, str, bool]]:
    root = write_project(tmp_path, {"app/main.py": MAIN, **files}, 'root = "app"')
    model = build_model(load_config(root, None, all_rules().rules))
    return sorted(
        (r.path, r.line, r.function, r.method, str(r.route_path), r.placed)
        for r in model.detections.routes
    )


def test_routes_registered_without_decorator_syntax(tmp_path: Path) -> None:
    found = _routes(
        tmp_path,
        {
            "app/api/views.py": "def redirect():\n    pass\ndef ws():\n    pass\n",
            "app/api/one.py": (
                "from fastapi import FastAPI, APIRouter\nfrom api.views import redirect\n"
                "app = FastAPI()\nrouter = APIRouter()\n"
                "app.get('/{secret}')(redirect)\n"  # 5: decorator applied by hand
                "router.add_api_route('/x', redirect, methods=['POST'])\n"  # 6
                "router.add_api_route(path='/y', endpoint=redirect)\n"  # 7
                "registry = object()\nregistry.get('/no')(redirect)\n"  # 9: not an app or router
            ),
            "app/api/two.py": (
                "from starlette.applications import Starlette\nfrom starlette.routing import Route, WebSocketRoute\n"
                "from fastapi import APIRouter\nfrom fastapi.routing import APIRoute\nfrom api import views\n"
                "ROUTES = [Route('/health', views.redirect), WebSocketRoute('/ws', endpoint=views.ws)]\n"  # 6
                "site = Starlette(routes=ROUTES)\n"
                "router = APIRouter(routes=[APIRoute('/items', views.redirect)])\n"  # 8
                "other = Starlette(routes=[Route('/a', views.redirect)] + ROUTES)\n"  # 9: not a list literal
                "def make(extra):\n    return Starlette(routes=extra)\n"
                "site.routes.append(Route('/b', views.redirect))\n"  # 12: not followed
            ),
            "app/api/three.py": (
                "from fastapi import APIRouter\nfrom external import handler\nrouter = APIRouter()\n"
                "router.get('/ext')(handler)\n"  # 4: handler unknown
            ),
        },
    )
    # Handlers registered by name are placed at their definition (app/api/views.py); an
    # external handler stays at the registration and is not placed (FL301/FL204 skip it).
    assert found == [
        ("app/api/one.py", 6, "redirect", "api_route", "/x", True),
        ("app/api/one.py", 7, "redirect", "api_route", "/y", True),
        ("app/api/three.py", 4, "handler", "get", "/ext", False),
        ("app/api/views.py", 1, "redirect", "get", "/{secret}", True),
        ("app/api/views.py", 1, "redirect", "route", "/health", True),
        ("app/api/views.py", 1, "redirect", "route", "/items", True),
        ("app/api/views.py", 3, "ws", "websocket", "/ws", True),
    ]
