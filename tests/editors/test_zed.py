"""docs/editors.md's Zed dev extension (Zed is not installable here, so it is not run): the manifest registers
a `fastlayer` server for Python, its command is `fastlayer server`, and the settings enable that server."""

from __future__ import annotations

import json
import sys

from tests.editors.snippets import block_with

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def test_the_zed_extension_registers_the_server_the_settings_enable() -> None:
    manifest = tomllib.loads(block_with("toml", "[language_servers.fastlayer]"))
    assert manifest["schema_version"] == 1 and manifest["language_servers"]["fastlayer"][
        "languages"
    ] == ["Python"]
    code = block_with("rust", "language_server_command")
    assert 'worktree.which("fastlayer")' in code and 'args: vec!["server".into()]' in code
    settings = json.loads(block_with("jsonc", '"language_servers"', strip_comments=True))
    assert settings["languages"]["Python"]["language_servers"] == ["fastlayer", "..."]
