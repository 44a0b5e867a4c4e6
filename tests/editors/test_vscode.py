"""editors/vscode builds: npm install and tsc in a temporary copy (skipped without node/npm or registry)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parents[2] / "editors" / "vscode"


def test_the_extension_starts_fastlayer_server_with_a_path_setting() -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text())
    assert manifest["main"] == "./out/extension.js"
    assert manifest["contributes"]["configuration"]["properties"]["fastlayer.path"]["default"] == "fastlayer"
    source = (EXTENSION / "src" / "extension.ts").read_text()
    assert 'args: ["server"]' in source and 'get<string>("path")' in source
    assert "node_modules/" in (EXTENSION / ".gitignore").read_text().splitlines()


@pytest.mark.skipif(
    shutil.which("npm") is None or shutil.which("node") is None, reason="node/npm not installed"
)
def test_the_extension_compiles(tmp_path: Path) -> None:
    copy = tmp_path / "vscode"
    shutil.copytree(EXTENSION, copy, ignore=shutil.ignore_patterns("node_modules", "out"))
    install = subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund"], cwd=copy, capture_output=True, text=True, timeout=300
    )
    if install.returncode != 0 and any(
        word in install.stderr for word in ("ENOTFOUND", "ECONNREFUSED", "ETIMEDOUT", "EAI_AGAIN", "network")
    ):
        pytest.skip(f"the npm registry is not reachable: {install.stderr.strip().splitlines()[-1]}")
    assert install.returncode == 0, install.stderr
    build = subprocess.run(["npx", "tsc", "-p", "."], cwd=copy, capture_output=True, text=True, timeout=120)
    assert build.returncode == 0, build.stdout + build.stderr
    compiled = (copy / "out" / "extension.js").read_text()
    assert "exports.activate" in compiled and "fastlayer" in compiled
