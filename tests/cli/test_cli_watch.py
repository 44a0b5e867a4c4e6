"""``check --watch`` in a real process: the first report, then after a file change only the difference."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, List

from tests.helpers import THREE_LAYERS, write_project

FILES = {
    "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    "app/api/__init__.py": "",
    "app/api/users.py": "X = 1\n",
    "app/services/__init__.py": "",
    "app/services/orgs.py": "Y = 1\n",
}


def _lines(stream: IO[str], into: "queue.Queue[str]") -> None:
    for line in stream:
        into.put(line.rstrip("\n"))


def _until(lines: "queue.Queue[str]", seen: List[str], text: str) -> None:
    """Read output lines (at most 60 s) until one contains ``text``."""
    while not any(text in line for line in seen):
        try:
            seen.append(lines.get(timeout=60))
        except queue.Empty:
            raise AssertionError(f"no line with {text!r} in: {seen}") from None


def test_watch_reports_then_prints_what_a_change_added(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", FILES, THREE_LAYERS)
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb"}
    process = subprocess.Popen(
        [sys.executable, "-I", "-m", "fastlayer", "check", "--watch"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: "queue.Queue[str]" = queue.Queue()
    assert process.stdout is not None
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    seen: List[str] = []
    try:
        _until(lines, seen, "Watching for file changes.")
        assert seen[0] == "All checks passed (5 files checked)."
        (root / "app/services/orgs.py").write_text("from api import users\n\nY = 1\n")
        _until(lines, seen, "new,")
    finally:
        process.terminate()
        process.wait(timeout=30)
    after = seen[next(i for i, line in enumerate(seen) if "changed; checked again" in line) + 1 :]
    assert after == [
        "+ app/services/orgs.py:1:17: FL101 [error] layer 'services' imports layer 'api' (api.users) "
        + _rest(seen),
        "1 new, 0 fixed; 1 finding in all.",
    ]


def _rest(seen: List[str]) -> str:
    line = next(line for line in seen if line.startswith("+ "))
    return line.split("(api.users) ", 1)[1]
