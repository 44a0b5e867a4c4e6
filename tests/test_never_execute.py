"""fastlayer never runs, imports or loads the environment of the project it checks.

fixtures/never-execute: every module, ``conftest.py``, ``setup.py``, a
``sitecustomize.py`` and a ``libcst.py`` that would shadow the real parser
write ``<file>.EXECUTED`` and raise when run; the settings validator writes
``.VALIDATED``; ``.env`` and the settings module set ``NEVER_EXECUTE_ENV``;
``app/data/deep.py`` is nested deeply enough to be parsed in the guard's child
process (started in the project directory). A full check still finds the
wildcard CORS origin, so the files were analysed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

from fastlayer.facts import guard
from tests.helpers import cli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "never-execute"
FINDING = "app/main.py:14:50: FL401"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = tmp_path / "never-execute"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".fastlayer_cache"))
    return root


def _traces(root: Path) -> List[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.suffix in (".EXECUTED", ".VALIDATED")
    )


def test_the_fixture_would_leave_traces_if_run(project: Path) -> None:
    """The markers work: running one module for real leaves its trace (in a throwaway interpreter)."""
    done = subprocess.run(
        [sys.executable, "conftest.py"], cwd=project, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1 and "fastlayer must never import or run this module" in done.stderr
    assert _traces(project) == ["conftest.py.EXECUTED"]


def test_in_process_check_imports_nothing_of_the_project(project: Path) -> None:
    assert not guard.profile((project / "app/data/deep.py").read_bytes()).ordinary, (
        "deep.py must go through the child"
    )
    before = set(sys.modules)
    environment = dict(os.environ)
    result = cli(project, "check", "--quiet", "--exit-zero")
    assert FINDING in result.stdout
    new = set(sys.modules) - before
    from_project = [
        name
        for name in new
        if str(getattr(sys.modules[name], "__file__", "") or "").startswith(str(project))
    ]
    assert (
        from_project == [] and not {"app", "app.main", "conftest", "setup", "sitecustomize"} & new
    )
    assert "NEVER_EXECUTE_ENV" not in os.environ and dict(os.environ) == environment
    assert _traces(project) == []


def test_command_line_check_in_the_project_directory_runs_nothing(project: Path) -> None:
    executable = Path(sys.executable).with_name("fastlayer")
    done = subprocess.run(
        [str(executable), "check", "--exit-zero", "--no-cache"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert FINDING in done.stdout and done.stderr == ""
    assert _traces(project) == []
