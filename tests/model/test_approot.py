"""model/approot.py through check --verbose: with several FastAPI apps, the main one is the app root."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import cli, write_project

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
