"""The views a project in memory keeps across checks (``engine/kept.py``) equal what a full run
makes after every edit, and are made again only when an edit can have changed them: the import
cycle groups (``KeptCycles``), the include/mount edges (``KeptIncludes``)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Dict, Iterable, List, Sequence, Tuple, cast

import pytest

from fastlayer.config.loader import load_config
from fastlayer.engine import kept
from fastlayer.engine.kept import Changes
from fastlayer.engine.live import LiveProject
from fastlayer.engine.run import load_facts, model_of, project_files
from fastlayer.facts.types import FileFacts
from fastlayer.model.graph import Successors
from fastlayer.model.module import Module
from fastlayer.model.project import ProjectModel
from fastlayer.model.routing import include_calls
from fastlayer.rules import all_rules
from fastlayer.rules.imports import ImportCycleRule
from tests.helpers import write_project


def _module(*imports: str) -> str:
    return "".join(f"from app import {name}\n" for name in imports) or "X = 1\n"


FILES = {
    "app/__init__.py": "",
    "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    "app/a.py": _module("b"),
    "app/b.py": _module("a"),  # a <-> b
    "app/c.py": _module("d"),
    "app/d.py": _module("e"),
    "app/e.py": _module("c"),  # c -> d -> e -> c
    "app/f.py": _module(),
}
EDITS = (  # (module, what it imports now, whether the groups can change)
    ("f", ("a",), False),  # f -> a: a does not reach f
    ("a", ("b", "c"), False),  # a -> c: c does not reach a
    ("c", ("d", "e"), False),  # c -> e inside the group c, d, e
    ("e", ("c", "f"), True),  # e -> f -> a -> c: one group a..f but b
    ("f", (), True),  # the edge closing the big group is gone: it splits
    ("d", ("e",), False),  # nothing changed for d
    ("c", ("d",), False),  # c -> e is gone, but c still reaches e through d
    ("b", (), True),  # a <-> b opens: removing an edge inside a group
)


def _groups_of_a_full_run(root: Path) -> List[List[str]]:
    config = load_config(root, None, all_rules().rules)
    found = project_files(config)
    facts = load_facts(config, found.python_files, {}, cache=False)
    return model_of(config, found, facts).import_cycles


def test_cycle_groups_are_kept_while_an_edit_cannot_change_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "p", FILES)
    live = LiveProject(load_config(root, None, all_rules().rules), select=[ImportCycleRule.code])
    live.check()
    runs: Dict[str, int] = {"tarjan": 0}
    tarjan = kept.strongly_connected

    def counted(nodes: Iterable[str], successors: Successors) -> List[List[str]]:
        runs["tarjan"] += 1
        return tarjan(nodes, successors)

    monkeypatch.setattr(kept, "strongly_connected", counted)
    for name, imports, may_change in EDITS:
        (root / f"app/{name}.py").write_text(_module(*imports))
        before = runs["tarjan"]
        live.set_buffer(f"app/{name}.py", _module(*imports).encode())
        live.check()
        assert live._model is not None
        assert live._model.import_cycles == _groups_of_a_full_run(root), name
        assert runs["tarjan"] - before == int(may_change), name


MAIN = """from fastapi import FastAPI

from app import users
from app.config import PREFIX

app = FastAPI()
app.include_router(users.router, prefix="/v1")
app.include_router(users.admin, prefix=PREFIX)
"""
USERS = "from fastapi import APIRouter\n\nrouter = APIRouter()\nadmin = APIRouter()\n"
ROUTING_EDITS = (
    # the router the first include names is no router any more: that edge goes
    ("app/users.py", "from fastapi import APIRouter\n\nrouter = object()\nadmin = APIRouter()\n"),
    # and is one again
    ("app/users.py", USERS),
    # the prefix of the second, a constant of another module, changes
    ("app/config.py", 'PREFIX = "/v2/admin"\n'),
    # an edit of a module no include looks at
    ("app/other.py", "X = 2\n"),
)


def _full_model(root: Path) -> ProjectModel:
    config = load_config(root, None, all_rules().rules)
    found = project_files(config)
    return model_of(config, found, load_facts(config, found.python_files, {}, cache=False))


def test_include_edges_are_followed_again_when_what_they_looked_up_changes(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/main.py": MAIN,
        "app/users.py": USERS,
        "app/config.py": 'PREFIX = "/v1/admin"\n',
        "app/other.py": "X = 1\n",
    }
    root = write_project(tmp_path / "p", files)
    live = LiveProject(load_config(root, None, all_rules().rules))
    live.check()
    seen = set()
    for path, text in ROUTING_EDITS:
        (root / path).write_text(text)
        live.set_buffer(path, text.encode())
        live.check()
        assert live._model is not None
        kept = live._model.routing.includes
        assert kept == _full_model(root).routing.includes, path
        seen.add(tuple((edge.child.path, edge.prefix) for edge in kept))
    assert len(seen) == 3  # one edge, two with the first prefix, two with the second


def _paths(picked: Sequence[Tuple[Module, Tuple[object, ...]]]) -> List[Tuple[str, int]]:
    return [(module.path, len(found)) for module, found in picked]


def test_what_a_picker_finds_is_found_again_in_the_changed_modules_only(tmp_path: Path) -> None:
    include = (
        "from app.main import app\nfrom app import users\n\napp.include_router(users.router)\n"
    )
    files = {
        "app/__init__.py": "",
        "app/main.py": MAIN,
        "app/users.py": USERS,
        "app/b.py": "X = 1\n",
    }
    root = write_project(tmp_path / "p", files)
    live = LiveProject(load_config(root, None, all_rules().rules))
    edits = (
        ("app/b.py", include),  # b includes a router now
        ("app/users.py", USERS + "\n\nX = 1\n"),  # a change that adds no include
        ("app/c.py", include + include.splitlines()[-1] + "\n"),  # a new module, two includes
        ("app/b.py", "X = 2\n"),  # b's include is gone
    )
    for path, text in edits:
        (root / path).write_text(text)
        if path not in live.files:
            live.refresh([path])
        live.set_buffer(path, text.encode())
        live.check()
        assert live._model is not None
        kept = _paths(live._model.having(include_calls))
        assert kept == _paths(_full_model(root).having(include_calls)), path
    assert kept == [("app/c.py", 2), ("app/main.py", 2)]


def test_changes_forget_old_checks() -> None:
    changes, model = Changes(), cast(ProjectModel, SimpleNamespace(facts={}))
    facts = {"a.py": FileFacts("a.py"), "b.py": FileFacts("b.py")}
    assert changes.advance(cast(ProjectModel, SimpleNamespace(facts=facts))) == 1
    edited = dict(facts, **{"b.py": FileFacts("b.py", lines=2)})
    assert changes.advance(cast(ProjectModel, SimpleNamespace(facts=edited))) == 2
    assert changes.since(1) == {"b.py"} and changes.since(2) == frozenset()
    assert changes.advance(cast(ProjectModel, SimpleNamespace(facts={"a.py": facts["a.py"]}))) == 3
    assert changes.since(1) == {"b.py"}  # removed counts as changed
    for _ in range(Changes.KEPT):
        changes.advance(model)
    assert changes.since(1) is None  # forgotten: a picker asked then looks at every module again
