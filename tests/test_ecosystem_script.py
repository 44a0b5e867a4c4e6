"""scripts/ecosystem.py: targets, crash detection and the diff between two runs (no real repositories needed)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from tests.helpers import write_project

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "ecosystem.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ecosystem", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_two_runs_record_findings_and_diff(tmp_path: Path) -> None:
    eco = _load()
    repos = tmp_path / "repos"
    write_project(
        repos / "acme+shop", {"app/main.py": "def f(:\n"}, 'preset = "none"\nroot = "app"'
    )
    output = tmp_path / "results.json"
    assert eco.main(["--repos-dir", str(repos), "--output-file", str(output)]) == 0
    first = json.loads(output.read_text())["results"]["acme+shop"]
    assert (first["exit_code"], first["crash"], first["files"], first["by_code"]) == (
        0,
        None,
        1,
        {"FL001": 1},
    )
    (repos / "acme+shop" / "app" / "main.py").write_text("x = 1\n")
    assert eco.main(["--repos-dir", str(repos), "--output-file", str(output)]) == 0
    assert json.loads(output.read_text())["diff"] == {
        "acme+shop": {
            "added": [],
            "removed": ["app/main.py:1:7: FL001 syntax error: invalid syntax"],
        },
    }
    assert not (repos / "acme+shop" / ".fastlayer_cache").exists()


def test_crash_detection() -> None:
    eco = _load()
    assert eco._crash(-11, "") == "killed by signal 11"
    assert (
        eco._crash(2, "fastlayer: internal error in rule FL101 on a.py: KeyError")
        == "fastlayer: internal error in rule FL101 on a.py: KeyError"
    )
    assert eco._crash(2, "fastlayer: error: cannot find the FastAPI application") is None


def test_init_runs_in_a_copy_and_leaves_the_repository_untouched(tmp_path: Path) -> None:
    eco = _load()
    repos = tmp_path / "repos"
    (repos / "acme+api" / "app").mkdir(parents=True)
    (repos / "acme+api" / "app" / "main.py").write_text(
        "from fastapi import FastAPI\napp = FastAPI()\n"
    )
    (repos / "acme+api" / "pyproject.toml").write_text("[project]\nname = 'api'\n")
    output, scratch = tmp_path / "results.json", tmp_path / "scratch"
    argv = [
        "--repos-dir",
        str(repos),
        "--output-file",
        str(output),
        "--init",
        "--scratch",
        str(scratch),
    ]
    assert eco.main(argv) == 0
    record = json.loads(output.read_text())["results"]["acme+api"]
    assert (record["init"]["exit_code"], record["init"]["crash"], record["crash"]) == (
        0,
        None,
        None,
    )
    assert "[tool.fastlayer]" in (scratch / "acme+api" / "pyproject.toml").read_text()
    assert (repos / "acme+api" / "pyproject.toml").read_text() == "[project]\nname = 'api'\n"
