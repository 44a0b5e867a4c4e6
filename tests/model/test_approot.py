"""model/approot.py through check --verbose: with several FastAPI apps, the main one is the app root."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import cli, findings_at, write_project

APP = "from fastapi import FastAPI\n\napp = FastAPI()\n"
MAIN = (
    "from fastapi import FastAPI\nfrom onyx.routers import chat, users, admin\n\napp = FastAPI()\n"
    "app.include_router(chat.router)\napp.include_router(users.router)\napp.include_router(admin.router)\n"
)
FILES = {
    "backend/model_server/main.py": APP,  # alphabetically first, as shallow, also main.py: not the main app
    "backend/onyx/main.py": MAIN,
    "backend/tests/test_api.py": APP,
}


def _verbose(root: Path) -> str:
    return cli(root, "check", "--no-cache", "--verbose", "--select", "FL0").stderr


def test_the_app_with_the_most_routers_is_the_main_one(tmp_path: Path) -> None:
    stderr = _verbose(write_project(tmp_path, FILES))
    assert "app root: backend/onyx;" in stderr
    assert (
        "main application backend/onyx/main.py (the largest: 3 routes and included routers, 4 imports); "
        "other FastAPI apps: backend/model_server/main.py"
    ) in stderr


def test_a_deployment_target_wins_over_size(tmp_path: Path) -> None:
    files = dict(FILES, **{"Dockerfile": 'CMD ["uvicorn", "model_server.main:app"]\n'})
    stderr = _verbose(write_project(tmp_path, files))
    assert "app root: backend/model_server;" in stderr
    assert "main application backend/model_server/main.py (started by Dockerfile:1)" in stderr


def test_tool_fastapi_entrypoint_wins_over_a_deployment_file(tmp_path: Path) -> None:
    files = dict(FILES, **{"Dockerfile": 'CMD ["uvicorn", "model_server.main:app"]\n'})
    root = write_project(tmp_path, files)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[tool.fastapi]\nentrypoint = "onyx.main:app"\n')
    assert "app root: backend/onyx;" in _verbose(root)


def test_a_single_app_needs_no_reading_of_deployment_files(tmp_path: Path) -> None:
    stderr = _verbose(write_project(tmp_path, {"app/main.py": APP}))
    assert "main application app/main.py (the only module that calls FastAPI())" in stderr


# --- several apps named in the configuration (issue 13) ---

SERVICE = "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/embed')\ndef embed():\n    return []\n"
SCHEMA = "from pydantic import BaseModel\n\n\nclass Vector(BaseModel):\n    x: int\n"
TWO_APPS = dict(
    FILES,
    **{
        "backend/model_server/main.py": SERVICE,
        "backend/model_server/services/schemas.py": SCHEMA,  # judged under model_server/
        "backend/onyx/services/schemas.py": SCHEMA,
    },
)
NAMED = 'apps = ["backend/onyx/main.py:app", "backend/model_server/main.py:app"]'


def test_the_apps_named_in_the_config_are_chosen_and_each_is_judged(tmp_path: Path) -> None:
    root = write_project(tmp_path, TWO_APPS, NAMED)
    stderr = cli(root, "check", "--no-cache", "--verbose", "--select", "FL0").stderr
    assert "app root: backend/onyx;" in stderr
    assert (
        "main application backend/onyx/main.py (named first in apps); "
        "also judged (named in apps): backend/model_server/main.py; "
        "other FastAPI apps: backend/tests/test_api.py"
    ) in stderr
    assert findings_at(root, "--select", "FL302,FL301") == [
        "backend/model_server/services/schemas.py:4:7: FL302",
        "backend/onyx/services/schemas.py:4:7: FL302",
    ]  # model_server/main.py's route is at main.py of its own app: no FL301


def test_without_apps_only_the_main_app_is_judged(tmp_path: Path) -> None:
    root = write_project(tmp_path, TWO_APPS)
    assert findings_at(root, "--select", "FL302") == ["backend/onyx/services/schemas.py:4:7: FL302"]


def test_an_app_inside_the_main_app_root_is_part_of_it(tmp_path: Path) -> None:
    files = dict(FILES, **{"backend/onyx/worker/probe.py": SERVICE})
    config = 'apps = ["backend/onyx/main.py:app", "backend/onyx/worker/probe.py:app"]'
    root = write_project(tmp_path, files, config)
    assert findings_at(root, "--select", "FL301") == [
        "backend/onyx/worker/probe.py:7:5: FL301"  # a named app: its routes are judged as the app's
    ]


def test_a_secondary_apps_own_routes_are_not_misplaced(tmp_path: Path) -> None:
    """A worker's health-check app (not the main app) declares its routes in its own module."""
    files = dict(FILES, **{"backend/onyx/worker/probe.py": SERVICE})
    root = write_project(tmp_path, files)
    placed = cli(root, "check", "--no-cache", "--quiet", "--exit-zero", "--select", "FL301")
    assert placed.stdout == "All checks passed (4 files checked).\n"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (
            '["backend/onyx/main:app"]',
            "apps: 'backend/onyx/main:app': expected 'path/to/module.py:app' (a module file "
            "relative to the project root, then the app's name)",
        ),
        (
            '["backend/onyx/server.py:app"]',
            "apps: 'backend/onyx/server.py:app': file 'backend/onyx/server.py' not found under "
            "the project root",
        ),
        ('"backend/onyx/main.py"', "apps: expected an array of strings, got a string"),
    ],
)
def test_a_bad_apps_value_is_exit_2_naming_the_key(
    tmp_path: Path, value: str, problem: str
) -> None:
    root = write_project(tmp_path, FILES, f"apps = {value}")
    result = cli(root, "check", "--no-cache")
    assert result.exit_code == 2
    assert f"pyproject.toml: {problem}" in result.stderr
