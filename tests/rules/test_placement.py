"""FL301-FL308: exact findings, config overrides, code outside the app root."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

from tests.helpers import diagnostics, write_project

MAIN = "from fastapi import FastAPI\napp = FastAPI()\n"
SCHEMA = "from pydantic import BaseModel\nclass Item(BaseModel):\n    name: str\n"


def _found(root: Path, code: str) -> List[Tuple[str, int, str]]:
    return [(d.path, d.line, d.message) for d in diagnostics(root, select=[code])]


def test_schema_outside_models_message_names_the_allowed_places(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {"app/main.py": MAIN, "app/services/items.py": SCHEMA, "tests/test_x.py": SCHEMA},
        'root = "app"',
    )
    assert _found(root, "FL302") == [
        (
            "app/services/items.py",
            2,
            "Pydantic schema `Item` is outside its place (models/schemas/**, models/domain/**, models/*.py, config/**, tests/**)",
        )
    ]


def test_placement_override_replaces_the_globs_of_one_kind(tmp_path: Path) -> None:
    config = 'root = "app"\n[tool.fastlayer.placement]\npydantic-schema = ["services/**"]\n'
    root = write_project(
        tmp_path,
        {"app/main.py": MAIN, "app/services/items.py": SCHEMA, "app/models/schemas/a.py": SCHEMA},
        config,
    )
    assert _found(root, "FL302") == [
        ("app/models/schemas/a.py", 2, "Pydantic schema `Item` is outside its place (services/**)")
    ]


def test_route_in_api_module_is_left_to_fl204(tmp_path: Path) -> None:
    routes = "from fastapi import APIRouter\nrouter = APIRouter()\n@router.get('/')\ndef index():\n    pass\n"
    root = write_project(
        tmp_path, {"app/main.py": MAIN, "app/api/users.py": routes, "app/core/x.py": routes}
    )
    assert _found(root, "FL301") == [
        (
            "app/core/x.py",
            4,
            "route `index` is outside its place (api/**/endpoints/**, main.py, tests/**)",
        )
    ]


def test_env_reads_apps_exceptions_settings(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "app/main.py": MAIN,
            "app/services/x.py": (
                "import os\nfrom fastapi import FastAPI\nfrom pydantic_settings import BaseSettings\n"
                "KEY = os.environ.get('KEY')\nsub = FastAPI()\nclass Oops(RuntimeError):\n    pass\n"
                "class S(BaseSettings):\n    A: int = 1\n"
            ),
        },
    )
    found = diagnostics(root, select=["FL304", "FL306", "FL307", "FL308"])
    assert [(d.code, d.line, d.message) for d in found] == [
        (
            "FL307",
            4,
            "environment read `os.environ.get('KEY')` is outside its place (config/**, tests/**)",
        ),
        ("FL306", 5, "application `FastAPI()` is outside its place (main.py, tests/**)"),
        (
            "FL308",
            6,
            "exception class `Oops` is outside its place (core/exceptions.py, core/exceptions/**, tests/**)",
        ),
        ("FL304", 8, "settings class `S` is outside its place (config/**, tests/**)"),
    ]


def test_code_in_an_alembic_migration_is_a_snapshot_not_misplaced(tmp_path: Path) -> None:
    migration = "from alembic import op\n\nrevision = '2'\ndown_revision = '1'\n\n" + SCHEMA
    root = write_project(
        tmp_path,
        {"app/main.py": MAIN, "app/db/versions/0002_x.py": migration, "app/other.py": SCHEMA},
        'root = "app"',
    )
    assert [(path, line) for path, line, _ in _found(root, "FL302")] == [("app/other.py", 2)]


def test_docs_routes_and_routes_out_of_the_schema_are_not_misplaced(tmp_path: Path) -> None:
    factory = (
        "from fastapi import FastAPI\n\n\ndef create_app():\n    app = FastAPI(docs_url=None)\n\n"
        "    @app.get('/docs', include_in_schema=False)\n    async def docs():\n        return {}\n\n"
        "    @app.get('/internal', include_in_schema=False)\n    async def internal():\n        return {}\n\n"
        "    @app.get('/users')\n    async def users():\n        return []\n\n    return app\n"
    )
    root = write_project(
        tmp_path, {"app/main.py": MAIN, "app/core/setup.py": factory}, 'root = "app"'
    )
    assert [(path, line) for path, line, _ in _found(root, "FL301")] == [("app/core/setup.py", 16)]
