"""A project held in memory (the language server, ``check --watch``) checked after each of a
sequence of edits finds exactly what a full run over the same files finds, although it takes over
the findings of rules whose inputs did not change, the imports it resolved and the detections of
modules whose lookups did not change (``engine/reuse.py``)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Callable, Iterator, List, Sequence, Tuple

import pytest

from fastlayer.config.loader import load_config
from fastlayer.diagnostics import Diagnostic
from fastlayer.engine.live import LiveProject
from fastlayer.engine.result import RunRequest
from fastlayer.engine.run import run
from fastlayer.model.project import ProjectModel
from fastlayer.rules import Rule, all_rules
from fastlayer.rules.cors.wildcard import WildcardOriginWithCredentials
from fastlayer.rules.imports import ImportCycleRule, LayerDirectionRule
from tests.helpers import THREE_LAYERS, write_project

SERVICES = '[tool.fastlayer.layers.services]\npaths = ["services/**"]\n'
CONFIG = THREE_LAYERS.replace(SERVICES, SERVICES + 'must-not-import-external = ["sqlalchemy"]\n')
CONFIG += '\n[tool.fastlayer.layers.config]\npaths = ["config.py"]\n'
MAIN = """from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.api.routes import router
from app.config import settings

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=settings.ORIGINS, allow_credentials=True)
app.include_router(router)
"""
SETTINGS = """from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    ORIGINS: list[str] = ["https://app.example.com"]


settings = Settings()
"""
ROUTES = """from fastapi import APIRouter

from app.services.users import get_user

router = APIRouter()


@router.get("/users/{user_id}")
def read_user(user_id: int) -> dict:
    return get_user(user_id)
"""
USERS = "def get_user(user_id: int) -> dict:\n    return {'id': user_id}\n"
ORDERS = "from app.services.users import get_user\n\n\ndef order_of(user_id: int) -> dict:\n    return get_user(user_id)\n"
FILES = {
    "app/__init__.py": "",
    "app/main.py": MAIN,
    "app/config.py": SETTINGS,
    "app/api/__init__.py": "",
    "app/api/routes.py": ROUTES,
    "app/services/__init__.py": "",
    "app/services/users.py": USERS,
    "app/services/orders.py": ORDERS,
}
Check = Callable[[Rule, ProjectModel], Iterator[Diagnostic]]
EDITS: Tuple[Tuple[str, str], ...] = (
    # a body edit: no import changes
    ("app/services/users.py", USERS + "\n\ndef count() -> int:\n    return 1\n"),
    # users imports orders, which imports users: a module cycle (FL102)
    ("app/services/users.py", "from app.services.orders import order_of\n\n" + USERS),
    # services imports api: against the layers (FL101), and a layer cycle api -> services -> api
    ("app/services/orders.py", "from app.api.routes import router\n" + ORDERS),
    # the way back api -> services moves down two lines: orders.py's FL101 note (not its module)
    # changes, so FL101 runs again in full, not over the edited module only
    ("app/api/routes.py", "\n\n" + ROUTES),
    # the settings class now allows any origin: a CORS finding in another file (app/main.py)
    ("app/config.py", SETTINGS.replace('["https://app.example.com"]', '["*"]')),
    # lines shift above every finding of the file
    (
        "app/services/users.py",
        "\n\n# moved down\nfrom app.services.orders import order_of\n\n" + USERS,
    ),
    # services may not import sqlalchemy (FL104, a rule run again over the edited module only)
    ("app/services/users.py", "import sqlalchemy\n" + USERS),
    # the cycle opens again, the origins are restricted again
    ("app/services/users.py", USERS),
    ("app/config.py", SETTINGS),
    # a new module
    ("app/services/new.py", "from app.services.orders import order_of\n"),
)


def _full(root: Path) -> List[Diagnostic]:
    config = load_config(root, None, all_rules().rules)
    result = run(RunRequest(config, cache=False))
    assert not result.internal_errors, result.internal_errors
    return list(result.diagnostics)


def test_every_edit_gives_what_a_full_run_of_the_same_files_gives(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", FILES, CONFIG)
    live = LiveProject(load_config(root, None, all_rules().rules))
    assert list(live.check().diagnostics) == _full(root)
    seen = set()
    for path, text in EDITS:
        (root / path).write_text(text)
        if not live.tracks(path) or path not in live.files:
            live.refresh([path])
        live.set_buffer(path, text.encode())
        found = list(live.check().diagnostics)
        assert found == _full(root), path
        seen.update(d.code for d in found)
    assert {"FL101", "FL102", "FL104", "FL401"} <= seen  # the sequence did open and close findings


def test_a_body_edit_takes_over_the_import_rules_and_an_import_edit_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "project", FILES, CONFIG)
    live = LiveProject(load_config(root, None, all_rules().rules))
    ran: List[str] = []
    for rule in (LayerDirectionRule, ImportCycleRule, WildcardOriginWithCredentials):
        monkeypatch.setattr(rule, "check", _counted(rule.check, rule.code, ran))
    live.check()
    assert sorted(ran) == ["FL101", "FL102", "FL401"]
    ran.clear()
    live.set_buffer("app/services/users.py", EDITS[0][1].encode())  # a body edit
    live.check()
    assert ran == ["FL401"]  # CORS reads every kind of fact: it always runs again
    ran.clear()
    live.set_buffer("app/services/users.py", EDITS[1][1].encode())  # an import edit
    live.check()
    assert sorted(ran) == ["FL101", "FL102", "FL401"]


def _counted(check: Check, code: str, ran: List[str]) -> Check:
    def counted(self: Rule, project: ProjectModel) -> Iterator[Diagnostic]:
        ran.append(code)
        return check(self, project)

    return counted


def test_a_module_is_detected_again_when_a_module_it_looked_up_changes(tmp_path: Path) -> None:
    """users.py's route exists only while app/api/deps.py's ``router`` is an APIRouter: an edit of
    deps.py alone opens and closes FL301 in users.py."""
    files = {
        "app/__init__.py": "",
        "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        "app/api/__init__.py": "",
        "app/api/deps.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
        "app/services/__init__.py": "",
        "app/services/users.py": ROUTED,
    }
    root = write_project(tmp_path / "project", files, 'root = "app"\n')
    live = LiveProject(load_config(root, None, all_rules().rules))
    assert _at(live.check().diagnostics, "FL301") == [("app/services/users.py", 5)]
    for text, expected in (("router = None\n", []), (files["app/api/deps.py"], [5])):
        (root / "app/api/deps.py").write_text(text)
        live.set_buffer("app/api/deps.py", text.encode())
        found = list(live.check().diagnostics)
        assert found == _full(root)
        assert _at(found, "FL301") == [("app/services/users.py", line) for line in expected]


ROUTED = 'from app.api.deps import router\n\n\n@router.get("/x")\ndef f() -> int:\n    return 1\n'


def _at(found: Sequence[Diagnostic], code: str) -> List[Tuple[str, int]]:
    return [(d.path, d.line) for d in found if d.code == code]


def test_an_import_edit_that_keeps_the_layer_cycle_notes_runs_fl101_over_the_edited_module_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """orders.py's FL101 finding (services -> api, closing a layer cycle through routes.py) keeps
    its note when users.py gains an import: FL101 judges users.py alone; when routes.py's import
    moves, the note changes and FL101 judges every module again."""
    files = dict(FILES, **{"app/services/orders.py": EDITS[2][1]})
    root = write_project(tmp_path / "project", files, CONFIG)
    live = LiveProject(load_config(root, None, all_rules().rules))
    judged: List[List[str]] = []
    check = LayerDirectionRule.check

    def recorded(self: Rule, project: ProjectModel) -> Iterator[Diagnostic]:
        judged.append([m.path for m in project.parsed()])
        return check(self, project)  # type: ignore[arg-type]

    monkeypatch.setattr(LayerDirectionRule, "check", recorded)
    assert "FL101" in {d.code for d in live.check().diagnostics}
    for path, text, modules in (
        ("app/services/users.py", EDITS[1][1], ["app/services/users.py"]),
        ("app/api/routes.py", "\n\n" + ROUTES, sorted(files)),
    ):
        judged.clear()
        (root / path).write_text(text)
        live.set_buffer(path, text.encode())
        found = list(live.check().diagnostics)
        assert sorted(judged[0]) == modules  # the full run below judges every module too
        assert found == _full(root)


def test_loading_again_does_not_keep_the_garbage_of_the_loads_before(tmp_path: Path) -> None:
    """A load moves what is loaded out of the cyclic collector's sight (``gc.freeze``); what was
    frozen and is garbage since (the models of the checks before) is collected at the next load,
    so a session that loads again and again (files added, the configuration edited) stays flat."""
    root = write_project(tmp_path / "project", FILES, CONFIG)
    live = LiveProject(load_config(root, None, all_rules().rules))
    frozen = []
    for _ in range(4):
        live.check()
        live.reload()
        frozen.append(gc.get_freeze_count())
    assert frozen[-1] - frozen[1] < (frozen[1] - frozen[0]) + 100, frozen
