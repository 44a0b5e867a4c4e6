"""Editor mode (issue 15 #9): `check --quiet --exit-zero --stdin-filename F -`, as docs/editors.md runs it
on every buffer, gives the file-local findings it can and stays quiet (exit 0) outside a FastAPI project."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.helpers import cli

EDITOR = ("check", "--quiet", "--exit-zero", "--no-cache", "--stdin-filename")
BROKEN = "def f(:\n"


def test_a_project_without_a_fastapi_app_gives_the_buffer_findings_and_exit_zero(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib/util.py").write_text("import os\n")
    result = cli(tmp_path, *EDITOR, "lib/util.py", "-", input=BROKEN)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "lib/util.py:1:7: FL001 [error] syntax error: invalid syntax\n",
        "",
    )
    assert cli(tmp_path, *EDITOR, "lib/util.py", "-", input="import os\n").output == ""
    ci = cli(
        tmp_path,
        "check",
        "--quiet",
        "--no-cache",
        "--stdin-filename",
        "lib/util.py",
        "-",
        input=BROKEN,
    )
    assert (
        ci.exit_code == 2 and "cannot find the FastAPI application" in ci.stderr
    )  # outside editor mode


def test_a_scratch_file_outside_any_project_is_checked_alone() -> None:
    scratch = Path("/tmp") / f"fastlayer-scratch-{uuid.uuid4().hex}.py"
    if any(
        (Path("/tmp") / marker).exists() for marker in ("pyproject.toml", "fastlayer.toml", ".git")
    ):
        pytest.skip("/tmp is inside a project on this machine")
    command = [sys.executable, "-I", "-m", "fastlayer", *EDITOR, str(scratch), "-"]
    done = subprocess.run(
        command, cwd="/", input=BROKEN, capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        f"{scratch.relative_to('/')}:1:7: FL001 [error] syntax error: invalid syntax\n",
        "",
    )
