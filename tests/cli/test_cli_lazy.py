from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import cli, write_project

LAZY = (
    "fastlayer.cli.graph",
    "fastlayer.cli.init",
    "fastlayer.cli.config",
    "fastlayer.cli.cache",
    "fastlayer.cli.rules",
    "fastlayer.cli.server",
    "fastlayer.server.app",
    "pygls",
    "lsprotocol",
    "watchfiles",
    "fastlayer.graph.mermaid",
    "fastlayer.graph.layers",
)


def test_check_imports_no_other_command(tmp_path: Path) -> None:
    write_project(tmp_path, {"app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"}, "")
    code = (
        "import sys\nfrom fastlayer.cli.main import main\n"
        "try:\n    main(['check', '--quiet', '--exit-zero', '--no-cache'])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {LAZY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "[]"


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = cli(tmp_path, "--help")
    rows = result.output.split("Commands:\n", 1)[1].splitlines()
    listed = [line.split()[0] for line in rows if line.strip() and not line.startswith("   ")]
    assert listed == [
        "check",
        "clean",
        "config",
        "cors",
        "explain",
        "graph",
        "init",
        "rules",
        "server",
    ]


def test_a_lazy_command_runs(tmp_path: Path) -> None:
    assert cli(tmp_path, "clean", "--help").output.startswith("Usage: ")
    done = subprocess.run(
        [sys.executable, "-m", "fastlayer", "graph", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("Usage: python -m fastlayer graph")
