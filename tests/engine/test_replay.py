"""A warm run with nothing changed replays the stored result without building the model; any
change of a file, the configuration, an env file, the arguments or the version runs again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional, Tuple

import pytest

import fastlayer.engine.replay as replay
import fastlayer.engine.run as engine
from fastlayer.config.loader import load_config
from fastlayer.engine.result import RunRequest, RunResult
from fastlayer.filters.baseline import dumps, load
from fastlayer.rules import all_rules
from tests.helpers import write_project

CONFIG = (
    'root = "app"\npreset = "none"\n[tool.fastlayer.layers.services]\npaths = ["services/**"]\n'
)
FILES = {
    "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    "app/services/orgs.py": "import os\n\nX = os.environ['X']\n",
    ".env": "X=1\n",
}


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tuple[Path, List[str]]:
    """The project (every file dated an hour back, so no stamp is too fresh) and a log of model builds."""
    root = write_project(tmp_path / "project", FILES, CONFIG)
    _age(root)
    builds: List[str] = []
    real = engine.build_model

    def counting(*args: object, **kwargs: object) -> object:
        builds.append("built")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "build_model", counting)
    return root, builds


def _age(root: Path) -> None:
    past = os.stat(root).st_mtime - 3600
    for directory, _, names in os.walk(root):
        for name in names + [""]:
            os.utime(os.path.join(directory, name), (past, past))


def _run(root: Path, select: Optional[Tuple[str, ...]] = None) -> RunResult:
    return engine.run(RunRequest(load_config(root, None, all_rules().rules), select=select))


def _changed(root: Path, path: str, text: str) -> None:
    (root / path).write_text(text)
    _age(root)


def test_a_warm_run_with_nothing_changed_replays_the_stored_result(
    project: Tuple[Path, List[str]],
) -> None:
    root, builds = project
    first = _run(root)
    assert [(d.path, d.line, d.code) for d in first.diagnostics] == [("app/main.py", 1, "FL105")]
    second = _run(root)
    assert builds == ["built"]  # the second run built no model
    assert second == first


@pytest.mark.parametrize(
    "change",
    [
        ("app/services/orgs.py", "import os\n\nX = 2\n"),
        ("pyproject.toml", f"[tool.fastlayer]\nignore = ['FL105']\n{CONFIG}"),
        (".env", "X=2\n"),
        ("app/services/new.py", "Y = 1\n"),
    ],
    ids=["source", "config", "env-file", "new-file"],
)
def test_a_changed_file_runs_again(
    project: Tuple[Path, List[str]], change: Tuple[str, str]
) -> None:
    root, builds = project
    _run(root)
    _changed(root, *change)
    _run(root)
    assert builds == ["built", "built"]


def test_other_arguments_another_version_or_edited_code_run_again(
    project: Tuple[Path, List[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, builds = project
    _run(root)
    assert _run(root, select=("FL1",)).rules != _run(root).rules
    assert builds == ["built", "built"]  # each set of arguments has its own stored result
    monkeypatch.setattr(replay, "__version__", "0.0.0-other")
    _run(root)
    assert builds == ["built", "built", "built"]
    monkeypatch.setattr(replay, "_code", lambda inputs: "a rule edited in the checkout")
    _run(root)
    assert builds == ["built", "built", "built", "built"]


def test_a_planted_or_fresh_result_is_not_replayed(project: Tuple[Path, List[str]]) -> None:
    root, builds = project
    _run(root)
    stored = next((root / ".fastlayer_cache").glob("facts-*/result-*.json"))
    signature, _, text = stored.read_bytes().partition(b"\n")
    stored.write_bytes(b"0" * len(signature) + b"\n" + text)  # not signed with this user's key
    _run(root)
    assert builds == ["built", "built"]
    (root / "app/services/orgs.py").write_text("X = 3\n")  # just written: too fresh to store
    _run(root)
    _run(root)
    assert builds == ["built", "built", "built", "built"]


def test_a_run_with_a_baseline_replays_until_the_baseline_changes(
    project: Tuple[Path, List[str]],
) -> None:
    """``init`` writes a baseline into most configurations: the no-change shortcut must hold with it,
    and an edited baseline must be read again."""
    root, builds = project
    (root / "fastlayer-baseline.json").write_text(dumps(_run(root).diagnostics))
    _changed(
        root, "pyproject.toml", f'[tool.fastlayer]\nbaseline = "fastlayer-baseline.json"\n{CONFIG}'
    )
    builds.clear()
    config = load_config(root, None, all_rules().rules)

    def run() -> RunResult:
        request = RunRequest(
            config, baseline=load(root / "fastlayer-baseline.json", "fastlayer-baseline.json", root)
        )
        return engine.run(request)

    first = run()
    assert first.diagnostics == () and first.baseline is not None and first.baseline.known == 1
    assert run() == first and builds == ["built"]  # replayed, with its baseline outcome
    _changed(root, "fastlayer-baseline.json", dumps(()))
    again = run()
    assert [(d.path, d.code) for d in again.diagnostics] == [("app/main.py", "FL105")]
    assert builds == ["built", "built"]


def test_a_file_name_that_is_not_utf8_is_stamped_not_a_crash(
    project: Tuple[Path, List[str]],
) -> None:
    """A name the file system gives as bytes (``caf\\xe9.txt``) reaches the key as a surrogate."""
    root, builds = project
    if not os.path.supports_unicode_filenames and os.name == "nt":  # pragma: no cover
        pytest.skip("Windows names are Unicode")
    (root / os.fsdecode(b"caf\xe9.txt")).write_text("x")
    _age(root)
    first = _run(root)
    assert _run(root) == first and builds == ["built"]
