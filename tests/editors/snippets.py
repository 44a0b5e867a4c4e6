"""What the editor tests share: the configurations as docs/editors.md gives them, a project with a layer
violation, and a ``fastlayer`` on PATH that runs this checkout (the docs call the executable by name)."""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import Dict, List

from tests.helpers import THREE_LAYERS, write_project
from tests.server.test_server import FILES, ORGS, USERS, VIOLATION

ROOT = Path(__file__).resolve().parents[2]
EDITORS = ROOT / "docs" / "editors.md"
__all__ = ["ORGS", "USERS", "blocks", "block_with", "editor_env", "violating_project"]


def blocks(language: str) -> List[str]:
    """The fenced ``language`` blocks of docs/editors.md, in order."""
    return re.findall(rf"```{re.escape(language)}\n(.*?)```", EDITORS.read_text(), re.DOTALL)


def block_with(language: str, needle: str, strip_comments: bool = False) -> str:
    """The one ``language`` block of docs/editors.md that contains ``needle``; with ``strip_comments``,
    without its ``//`` comment lines (JSON with comments, as VS Code and Zed settings files allow)."""
    [found] = [block for block in blocks(language) if needle in block]
    return re.sub(r"^\s*//.*$", "", found, flags=re.MULTILINE) if strip_comments else found


def violating_project(root: Path) -> Path:
    """``services/orgs.py`` imports ``api`` (FL101 there) and closes a cycle reported on ``api/users.py``."""
    return write_project(root / "project", {**FILES, ORGS: VIOLATION}, THREE_LAYERS)


def editor_env(tmp_path: Path) -> Dict[str, str]:
    """An environment whose PATH starts with a ``fastlayer`` running this interpreter's fastlayer,
    and whose HOME and XDG directories are empty, so no user configuration is read."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "fastlayer"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m fastlayer "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    home = tmp_path / "home"
    home.mkdir()
    xdg = {
        name: str(home / name) for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")
    }
    return {
        **os.environ,
        **xdg,
        "HOME": str(home),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
    }
