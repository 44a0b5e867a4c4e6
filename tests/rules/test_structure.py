"""FL201-FL205: exact findings, reported at the directory that should hold a missing path."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import List, Tuple

import pytest

from tests.helpers import Files, cli, diagnostics, write_project

MAIN = "from fastapi import FastAPI\napp = FastAPI()\n"
LAYERS = {
    f"app/{d}/__init__.py": "" for d in ("config", "models", "services", "api", "core", "utils")
}


def _found(root: Path, code: str) -> List[Tuple[str, int, str]]:
    return [(d.path, d.line, d.message) for d in diagnostics(root, select=[code])]


def test_fl201_missing_required_and_required_when(tmp_path: Path) -> None:
    files: Files = {
        **LAYERS,
        "app/main.py": MAIN,
        "app/services/mail.py": "from celery import shared_task\n@shared_task\ndef send():\n    pass\n",
    }
    del files["app/utils/__init__.py"]
    root = write_project(tmp_path, files)
    assert _found(root, "FL201") == [
        (
            "app/",
            1,
            "required directory `app/tasks/` is missing: Celery task `send` at app/services/mail.py:3 needs it",
        ),
        ("app/", 1, "required directory `app/utils/` is missing"),
    ]


def test_fl201_alembic_beside_the_app_root_satisfies_required_when(tmp_path: Path) -> None:
    orm = "from sqlalchemy.orm import DeclarativeBase\nclass Base(DeclarativeBase):\n    pass\nclass U(Base):\n    __tablename__ = 'u'\n"
    files: Files = {**LAYERS, "app/main.py": MAIN, "app/models/database/models.py": orm}
    root = write_project(tmp_path / "a", files)
    assert [m for _, _, m in _found(root, "FL201")] == [
        "required directory `app/alembic/` is missing: ORM model `U` at app/models/database/models.py:4 needs it"
    ]
    root = write_project(
        tmp_path / "b", {**files, "migrations/env.py": "from alembic import context\n"}
    )
    assert _found(root, "FL201") == []


def test_fl201_layer_configured_elsewhere_satisfies_required(tmp_path: Path) -> None:
    """full-stack-fastapi-template after `fastlayer init`: crud.py is the services layer and
    core/config.py the config layer; polar: app.py is the main layer (no main.py)."""
    config = (
        '[tool.fastlayer.layers.services]\npaths = ["services/**", "crud.py"]\n'
        '[tool.fastlayer.layers.config]\npaths = ["config/**", "core/config.py"]\n'
    )
    files: Files = {
        **LAYERS,
        "app/main.py": MAIN,
        "app/crud.py": "X = 1\n",
        "app/core/config.py": "X = 1\n",
    }
    del (
        files["app/services/__init__.py"],
        files["app/config/__init__.py"],
        files["app/utils/__init__.py"],
    )
    root = write_project(tmp_path / "layered", files, config)
    assert _found(root, "FL201") == [("app/", 1, "required directory `app/utils/` is missing")]
    domain = write_project(
        tmp_path / "domain",
        {"polar/app.py": MAIN, "polar/auth/service.py": "X = 1\n"},
        'preset = "fastapi-domain"\nroot = "polar"\n',
    )
    assert _found(domain, "FL201") == []


def test_fl202_fl203_packages_and_top_level(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "app/main.py": MAIN,
            "app/api/v1/endpoints/users.py": "X = 1\n",
            "app/api/__init__.py": "",
            "app/helpers/dates.py": "X = 1\n",
            "app/templates/page.html": "<p/>\n",
            "app/scripts/seed.py": "X = 1\n",
        },
    )
    assert _found(root, "FL202") == [
        ("app/api/v1/", 1, "package directory `app/api/v1/` has no __init__.py"),
        (
            "app/api/v1/endpoints/",
            1,
            "package directory `app/api/v1/endpoints/` has no __init__.py",
        ),
    ]
    assert _found(root, "FL203") == [
        ("app/helpers/", 1, "unexpected directory `app/helpers/` at the top of the app root")
    ]


def test_fl204_endpoint_modules_and_version_routers(tmp_path: Path) -> None:
    routes = "from fastapi import APIRouter\nrouter = APIRouter()\n@router.get('/')\ndef index():\n    pass\n"
    root = write_project(
        tmp_path,
        {
            "app/main.py": MAIN + "@app.get('/health')\ndef health():\n    pass\n",
            "app/api/v1/router.py": "X = 1\n",
            "app/api/v1/endpoints/ok.py": routes,
            "app/api/v1/users.py": routes,
            "app/api/v2/endpoints/ok.py": routes,
            "app/services/x.py": routes,
        },
    )
    assert _found(root, "FL204") == [
        (
            "app/api/v1/users.py",
            4,
            "endpoint module is outside api/v*/endpoints/** (route `index`)",
        ),
        ("app/api/v2/", 1, "API version `app/api/v2/` has no router.py"),
    ]
    hints = [d.hint for d in diagnostics(root, select=["FL204"])]
    assert hints[0] == (
        "move the module under api/v*/endpoints/**; or, if your endpoint modules live in api/v1/**, set "
        'endpoints-pattern = "api/v1/**" under [tool.fastlayer.app] and route = ["api/v1/**", '
        '"api/**/endpoints/**", "main.py", "tests/**"] under [tool.fastlayer.placement] '
        "(a route outside placement.route is FL301)"
    )


ROUTES_PROJECT = {
    "app/main.py": MAIN
    + "from app.api.routes import items\n@app.get('/health')\ndef health():\n    pass\n",
    "app/api/__init__.py": "",
    "app/api/routes/__init__.py": "",
    "app/api/routes/items.py": "from fastapi import APIRouter\nrouter = APIRouter()\n"
    "@router.get('/')\ndef index():\n    pass\n@router.get('/{i}')\ndef one(i: int):\n    pass\n",
}


@pytest.mark.parametrize("config_file", ["pyproject.toml", "fastlayer.toml"])
def test_fl204_hint_followed_leads_to_a_clean_run(tmp_path: Path, config_file: str) -> None:
    """Issue 15 #8: the hint names both keys with exact values, in the config file's own table names."""
    root = write_project(tmp_path, ROUTES_PROJECT)
    if config_file == "fastlayer.toml":
        (root / "fastlayer.toml").write_text("")
    select = ("--select", "FL204,FL301", "--no-cache", "--quiet")
    result = cli(root, "check", *select)
    assert (result.exit_code, result.stdout.splitlines()) == (
        1,
        [
            "app/api/routes/items.py:4:5: FL204 [warning] endpoint module is outside api/v*/endpoints/** (route `index`)",
            "Found 1 finding (1 warning) in 4 files.",
        ],
    )
    [hint] = [d.hint for d in diagnostics(root, select=["FL204"])]
    prefix = "tool.fastlayer." if config_file == "pyproject.toml" else ""
    assert f"under [{prefix}app]" in hint and f"under [{prefix}placement]" in hint
    app_key = re.search(r'(endpoints-pattern = "[^"]+")', hint)
    route_key = re.search(r"(route = \[[^]]+\])", hint)
    assert app_key and route_key
    followed = f"[{prefix}app]\n{app_key.group(1)}\n[{prefix}placement]\n{route_key.group(1)}\n"
    with (root / config_file).open("a") as config:
        config.write(followed)
    assert cli(root, "check", *select).stdout == "All checks passed (4 files checked).\n"


def test_fl205_layout_and_downgrade(tmp_path: Path) -> None:
    head = "from alembic import op\nrevision = 'b'\ndown_revision = 'a'\ndef upgrade():\n    op.drop_table('x')\n"
    root = write_project(tmp_path / "a", {"app/main.py": MAIN, "app/alembic/env.py": "X = 1\n"})
    assert _found(root, "FL205") == [
        ("app/alembic/", 1, "expected directory `app/alembic/versions/` is missing")
    ]
    root = write_project(
        tmp_path / "b",
        {
            "app/main.py": MAIN,
            "app/tests/test_a.py": "X = 1\n",
            "app/alembic/env.py": "X = 1\n",
            "app/alembic/versions/b.py": head
            + "def downgrade():\n    '''irreversible'''\n    ...\n",
            "migrations/versions/c.py": head,
            "app/alembic/versions/d.py": head + "def downgrade():\n    op.create_table('x')\n",
        },
    )
    assert _found(root, "FL205") == [
        (
            "app/alembic/versions/b.py",
            6,
            "migration downgrade() does nothing (include rollback procedures)",
        ),
        ("app/tests/", 1, "expected file `app/tests/conftest.py` is missing"),
        (
            "migrations/versions/c.py",
            1,
            "migration has no downgrade() (include rollback procedures)",
        ),
    ]


@pytest.mark.parametrize("excluded", ["app/alembic/versions/**", "app/alembic/**", "app/alembic/"])
def test_excluded_directories_are_not_reported_missing(tmp_path: Path, excluded: str) -> None:
    """Issue 15 #6: excluded means not analysed, not absent (FL201 for alembic/, FL205 for versions/)."""
    orm = "from sqlalchemy.orm import DeclarativeBase\nclass Base(DeclarativeBase):\n    pass\nclass U(Base):\n    __tablename__ = 'u'\n"
    files: Files = {
        **LAYERS,
        "app/main.py": MAIN,
        "app/models/database/models.py": orm,
        "app/alembic/env.py": "from alembic import context\n",
        "app/alembic/versions/0001_init.py": "revision = 'a'\ndef upgrade():\n    pass\n",
    }
    select = ("check", "--select", "FL201,FL205", "--no-cache", "--quiet")
    root = write_project(tmp_path, files, f'exclude = ["{excluded}"]\n')
    result = cli(root, *select)
    assert result.exit_code == 0
    assert re.fullmatch(r"All checks passed \(\d+ files checked\)\.\n", result.stdout)
    shutil.rmtree(root / "app/alembic/versions")
    finding, summary = cli(root, *select).stdout.splitlines()
    assert (
        finding
        == "app/alembic/:1:1: FL205 [warning] expected directory `app/alembic/versions/` is missing"
    )
    assert summary.startswith("Found 1 finding (1 warning) in ")
