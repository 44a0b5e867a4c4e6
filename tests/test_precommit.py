"""The pre-commit hook, for real: `pre-commit try-repo <this checkout> fastlayer` in a fresh git repository.

pre-commit installs the hook from this checkout into its own virtualenv with pip
(dependencies come from the package index). The hook is installed from the
checkout's HEAD commit (``--ref``): try-repo would otherwise copy only *tracked*
uncommitted changes, which is not a consistent snapshot. Commit before running
this test when you change the hook or the package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

pytest.importorskip("pre_commit")

CHECKOUT = Path(__file__).resolve().parents[1]
FIXTURE = CHECKOUT / "fixtures" / "ci-report"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture(scope="module")
def head() -> str:
    if not (CHECKOUT / ".git").exists():
        pytest.skip("not a git checkout: pre-commit try-repo needs one")
    return _git(CHECKOUT, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Keeps pre-commit's files (logs, store) out of the user's cache. try-repo installs the hook
    into a temporary store on every call (about 10 s each), so this module makes three calls."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(FIXTURE, target)
    (target / "expected.txt").unlink()
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "fixture")
    return target


def try_repo(repo: Path, head: str, home: Path, *args: str) -> Tuple[int, str]:
    env: Dict[str, str] = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    command = [
        sys.executable,
        "-m",
        "pre_commit",
        "try-repo",
        str(CHECKOUT),
        "fastlayer",
        "--ref",
        head,
        "--color",
        "never",
        *args,
    ]
    done = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    return done.returncode, done.stdout + done.stderr


def findings(output: str) -> List[str]:
    return [line for line in output.splitlines() if line.startswith("app/")]


def test_all_files_reports_every_finding_and_fails(
    repo: Path, head: str, pre_commit_home: Path
) -> None:
    code, output = try_repo(repo, head, pre_commit_home, "--all-files")
    assert code == 1, output
    assert "fastlayer...." in output and "Failed" in output
    assert "- hook id: fastlayer\n- exit code: 1\n" in output
    assert (
        findings(output) == (FIXTURE / "expected.txt").read_text().splitlines()[:-1]
    )  # no summary
    assert "Found 6 findings (2 errors, 4 warnings) in 7 files." in output


def test_single_changed_file_is_the_only_one_reported(
    repo: Path, head: str, pre_commit_home: Path
) -> None:
    (repo / "app/stale.py").write_text("VALUE = 1  # fastlayer: ignore[FL999]\n")
    _git(repo, "add", "app/stale.py")
    code, output = try_repo(repo, head, pre_commit_home)
    assert code == 1, output
    assert findings(output) == [
        "app/stale.py:1:12: FL003 [warning] unknown code in suppression (unknown: FL999)"
    ]
    assert "Found 1 finding (1 warning) in 7 files." in output

    (repo / "app/stale.py").write_text("VALUE = 1\n")
    _git(repo, "add", "app/stale.py")
    code, output = try_repo(repo, head, pre_commit_home)
    assert code == 0, output
    assert "fastlayer...." in output and "Passed" in output and findings(output) == []


def test_a_project_level_finding_blocks_only_the_commits_that_concern_it(
    tmp_path: Path, head: str, pre_commit_home: Path
) -> None:
    """The example has `app/:1:1: FL201 [warning] ... alembic/ is missing` since before: committing an unrelated
    module passes; committing the ORM model that needs alembic/ reports it (issue 15, pre-commit)."""
    repo = tmp_path / "shop"
    shutil.copytree(
        CHECKOUT / "fixtures" / "example-shop",
        repo,
        ignore=shutil.ignore_patterns(".fastlayer_cache"),
    )
    (repo / "expected.txt").unlink()
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "shop")
    with (repo / "app/utils/pagination.py").open("a") as module:
        module.write("# reviewed\n")
    _git(repo, "add", "app/utils/pagination.py")
    code, output = try_repo(repo, head, pre_commit_home)
    assert code == 0 and "Passed" in output and findings(output) == [], output
    with (repo / "app/models/database/models.py").open("a") as module:
        module.write("# reviewed\n")
    _git(repo, "add", "app/models/database/models.py")
    code, output = try_repo(repo, head, pre_commit_home)
    assert code == 1, output
    assert [line.split(" FL")[0] for line in findings(output)] == ["app/:1:1:"]
    assert (
        "FL201 [warning] required directory `app/alembic/` is missing: ORM model `OrderRow`"
        in output
    )


def test_monorepo_hook_uses_the_configuration_above_the_backends_pyproject(
    tmp_path: Path, head: str, pre_commit_home: Path
) -> None:
    """Issue 15 #2: pre-commit runs at the repository root and passes backend/... paths; the
    configuration at the root is found past backend/pyproject.toml (no [tool.fastlayer])."""
    from tests.cli.test_project_discovery import FINDING, monorepo

    repo = tmp_path / "mono"
    repo.mkdir()
    monorepo(repo)
    (repo / ".git").rmdir()
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "mono")
    (repo / "backend/app/services/user.py").write_text("from fastapi import HTTPException  # why\n")
    _git(repo, "add", "backend/app/services/user.py")
    code, output = try_repo(repo, head, pre_commit_home)
    assert code == 1, output
    expected = FINDING.format(path="backend/app/services/user.py").strip()
    assert [line for line in output.splitlines() if line.startswith("backend/")] == [expected]
