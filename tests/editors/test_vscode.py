"""editors/vscode: the manifest starts `fastlayer server` for Python files with the documented settings, and
the extension builds (npm ci and tsc in a temporary copy; skipped without node/npm or the registry)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.editors.snippets import block_with

EXTENSION = Path(__file__).resolve().parents[2] / "editors" / "vscode"


def manifest() -> dict:
    return json.loads((EXTENSION / "package.json").read_text())


def test_the_extension_starts_fastlayer_server_with_a_path_setting() -> None:
    package = manifest()
    assert (
        package["main"] == "./out/extension.js"
        and "onLanguage:python" in package["activationEvents"]
    )
    properties = package["contributes"]["configuration"]["properties"]
    assert (properties["fastlayer.path"]["default"], properties["fastlayer.args"]["default"]) == (
        "fastlayer",
        ["server"],
    )
    restricted = package["capabilities"]["untrustedWorkspaces"]["restrictedConfigurations"]
    assert restricted == [
        "fastlayer.path",
        "fastlayer.args",
    ]  # a cloned repository cannot choose what runs
    source = (EXTENSION / "src" / "extension.ts").read_text()
    assert 'get<string>("path")' in source and 'get<string[]>("args") ?? ["server"]' in source
    assert 'documentSelector: [{ scheme: "file", language: "python" }]' in source
    assert "node_modules/" in (EXTENSION / ".gitignore").read_text().splitlines()


def test_the_documented_settings_are_the_extension_settings() -> None:
    documented = json.loads(block_with("jsonc", '"fastlayer.path"', strip_comments=True))
    assert sorted(documented) == sorted(manifest()["contributes"]["configuration"]["properties"])


@pytest.mark.skipif(
    shutil.which("npm") is None or shutil.which("node") is None, reason="node/npm not installed"
)
def test_the_extension_compiles(tmp_path: Path) -> None:
    copy = tmp_path / "vscode"
    shutil.copytree(EXTENSION, copy, ignore=shutil.ignore_patterns("node_modules", "out", "*.vsix"))
    try:
        install = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],
            cwd=copy,
            capture_output=True,
            text=True,
            timeout=300,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("npm ci took more than 300 s (the registry is not reachable?)")
    if install.returncode != 0 and any(
        word in install.stderr
        for word in ("ENOTFOUND", "ECONNREFUSED", "ETIMEDOUT", "EAI_AGAIN", "network")
    ):
        pytest.skip(f"the npm registry is not reachable: {install.stderr.strip().splitlines()[-1]}")
    assert install.returncode == 0, install.stderr
    build = subprocess.run(
        ["npx", "tsc", "-p", "."], cwd=copy, capture_output=True, text=True, timeout=120
    )
    assert build.returncode == 0, build.stdout + build.stderr
    compiled = (copy / "out" / "extension.js").read_text()
    assert (
        "exports.activate = activate" in compiled
        and 'require("vscode-languageclient/node")' in compiled
    )
