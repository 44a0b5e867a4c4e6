"""docs/editors.md's Neovim 0.11 configuration (`vim.lsp.config` + `vim.lsp.enable`), run for real: a headless
Neovim opens a file with a layer violation, gets the findings for it and for the other end of the cycle from
`fastlayer server`, and sees them cleared when the buffer is fixed. Skipped without Neovim ≥ 0.11."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Optional, Tuple

import pytest

from tests.editors.snippets import ORGS, USERS, block_with, editor_env, violating_project

CHECK = Path(__file__).with_name("check_neovim.lua")


def neovim() -> Optional[str]:
    """The ``nvim`` on PATH if it has ``vim.lsp.config`` (0.11 or later)."""
    found = shutil.which("nvim")
    if found is None:
        return None
    version = subprocess.run(
        [found, "--version"], capture_output=True, text=True, timeout=30
    ).stdout
    match = re.match(r"NVIM v(\d+)\.(\d+)", version)
    return found if match and (int(match[1]), int(match[2])) >= (0, 11) else None


def finding(entry: dict) -> Tuple[str, int, int, str, str, int]:
    return (
        entry["file"],
        entry["lnum"],
        entry["col"],
        entry["code"],
        entry["source"],
        entry["severity"],
    )


def test_the_documented_neovim_config_shows_and_clears_findings(tmp_path: Path) -> None:
    nvim = neovim()
    if nvim is None:
        pytest.skip("Neovim 0.11 or later (vim.lsp.config) is not installed")
    project = violating_project(tmp_path)
    init = tmp_path / "init.lua"
    init.write_text(block_with("lua", "vim.lsp.enable"))
    out = tmp_path / "out.json"
    command = [nvim, "--headless", "-u", str(init), "-c", f"luafile {CHECK}", ORGS]
    env = {**editor_env(tmp_path), "FASTLAYER_OUT": str(out)}
    done = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=180
    )
    assert out.exists(), (done.returncode, done.stdout, done.stderr)
    result = json.loads(out.read_text())
    assert [finding(entry) for entry in result["before"]] == [
        (USERS, 0, 21, "FL102", "fastlayer", 1),
        (ORGS, 0, 16, "FL101", "fastlayer", 1),
    ]
    assert result["before"][1]["message"].startswith(
        "layer 'services' imports layer 'api' (api.users)"
    )
    assert (result["found"], result["cleared"], result["after"]) == (True, True, [])
