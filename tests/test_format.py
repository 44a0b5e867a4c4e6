"""The code is formatted by the configured formatter (ruff format) with sorted imports (ruff's isort
rules), so new code matches the old; settings in pyproject.toml's [tool.ruff]."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TREES = ("src", "tests", "scripts", "benchmarks")


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, *TREES], cwd=ROOT, capture_output=True, text=True
    )


def test_code_is_formatted() -> None:
    done = _ruff("format", "--check")
    assert done.returncode == 0, f"run `ruff format`:\n{done.stdout}{done.stderr}"


def test_imports_are_sorted() -> None:
    done = _ruff("check", "--select", "I")
    assert done.returncode == 0, f"run `ruff check --select I --fix`:\n{done.stdout}{done.stderr}"
