from __future__ import annotations

import json
from pathlib import Path

from fastlayer import __version__
from tests.helpers import cli, write_project

APP = {"app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"}
BROKEN = {**APP, "app/bad.py": "def f(:\n    pass\n"}
CONFIG = 'root = "app"\npreset = "none"\n'


def test_version(tmp_path: Path) -> None:
    result = cli(tmp_path, "--version")
    assert result.exit_code == 0 and result.stdout == f"fastlayer {__version__}\n"


def test_clean_project_exits_zero(tmp_path: Path) -> None:
    result = cli(write_project(tmp_path, APP, CONFIG), "check")
    assert result.exit_code == 0
    assert result.stdout == "All checks passed (1 file checked).\n"


def test_findings_exit_one_with_text_format(tmp_path: Path) -> None:
    result = cli(write_project(tmp_path, BROKEN, CONFIG), "check")
    assert result.exit_code == 1
    assert (
        result.stdout
        == "app/bad.py:1:7: FL001 [error] syntax error: invalid syntax\nFound 1 finding (1 error) in 2 files.\n"
    )


def test_exit_zero_quiet_and_ignore(tmp_path: Path) -> None:
    root = write_project(tmp_path, BROKEN, CONFIG)
    assert cli(root, "check", "--exit-zero", "--quiet").exit_code == 0
    assert cli(root, "check", "--ignore", "FL0").exit_code == 0
    assert cli(root, "check", "--select", "FL002").exit_code == 0


def test_json_output(tmp_path: Path) -> None:
    result = cli(write_project(tmp_path, BROKEN, CONFIG), "check", "--output-format", "json")
    document = json.loads(result.stdout)
    assert document["version"] == __version__
    assert document["diagnostics"] == [
        {
            "path": "app/bad.py",
            "line": 1,
            "column": 7,
            "end_line": None,
            "end_column": None,
            "code": "FL001",
            "name": "syntax-error",
            "severity": "error",
            "message": "syntax error: invalid syntax",
            "hint": None,
        }
    ]
    assert document["summary"] == {
        "files": 2,
        "findings": 1,
        "by_severity": {"error": 1, "warning": 0, "info": 0},
        "by_code": {"FL001": 1},
    }


def test_named_files_are_the_only_ones_reported(tmp_path: Path) -> None:
    root = write_project(tmp_path, BROKEN, CONFIG)
    assert cli(root, "check", "app/main.py").exit_code == 0
    assert cli(root, "check", "app/bad.py").exit_code == 1


def test_stdin_buffer_replaces_the_file(tmp_path: Path) -> None:
    root = write_project(tmp_path, BROKEN, CONFIG)
    fixed = cli(root, "check", "--stdin-filename", "app/bad.py", "-", input="def f():\n    pass\n")
    assert fixed.exit_code == 0
    broken = cli(root, "check", "--quiet", "--stdin-filename", "app/main.py", "-", input="x = (\n")
    assert broken.exit_code == 1 and broken.stdout.startswith("app/main.py:1:5: FL001")


def test_fail_on_error_ignores_lower_severities(tmp_path: Path) -> None:
    root = write_project(tmp_path, BROKEN, CONFIG)
    assert cli(root, "check", "--fail-on", "error").exit_code == 1


def test_config_error_is_exit_two_with_one_line_each(tmp_path: Path) -> None:
    root = write_project(tmp_path, APP, "root = 3\nbogus = true\n")
    result = cli(root, "check")
    assert result.exit_code == 2
    assert result.stderr == (
        "fastlayer: error: pyproject.toml: root: expected a string, got an integer\n"
        "fastlayer: error: pyproject.toml: bogus: unknown key (expected one of: "
        "app, apps, baseline, cache-dir, domains, environments, exclude, extend-exclude, extend-select, fail-on, "
        "graph, ignore, import-cycles, layers, per-file-ignores, placement, preset, respect-gitignore, root, "
        "select, severity, structure, type-checking-imports)\n"
    )


def test_unknown_select_code_and_missing_path_are_usage_errors(tmp_path: Path) -> None:
    root = write_project(tmp_path, APP, CONFIG)
    assert (
        cli(root, "check", "--select", "FL9").stderr
        == "fastlayer: error: --select: unknown rule code 'FL9' (see `fastlayer rules`)\n"
    )
    assert cli(root, "check", "nope.py").exit_code == 2
    assert cli(root, "check", "-").exit_code == 2


def test_missing_root_directory_is_a_config_error(tmp_path: Path) -> None:
    result = cli(write_project(tmp_path, APP, 'root = "backend"\n'), "check")
    assert result.exit_code == 2 and "root: directory 'backend' does not exist" in result.stderr


def test_rules_table_and_explain(tmp_path: Path) -> None:
    table = cli(tmp_path, "rules").stdout.splitlines()
    assert table[0].split() == ["CODE", "NAME", "SEVERITY", "SUMMARY"]
    assert table[1].split()[:3] == ["FL001", "syntax-error", "error"]
    explained = cli(tmp_path, "explain", "fl001")
    assert explained.exit_code == 0 and explained.stdout.startswith(
        "# FL001 syntax-error (error)\n"
    )
    assert "## Use instead" in explained.stdout
    assert cli(tmp_path, "explain", "FL999").exit_code == 2


def test_verbose_names_the_roots(tmp_path: Path) -> None:
    result = cli(write_project(tmp_path, APP, ""), "check", "--verbose", "--select", "FL0")
    assert "app root: app; module names relative to: app" in result.stderr


def test_unconfigured_domain_sliced_project_is_told_to_run_init(tmp_path: Path) -> None:
    files = {"src/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"}
    for domain in ("auth", "posts", "billing"):
        files.update(
            {
                f"src/{domain}/__init__.py": "",
                f"src/{domain}/router.py": "",
                f"src/{domain}/service.py": "",
            }
        )
    for directory in (tmp_path / "configured", tmp_path / "bare"):
        directory.mkdir()
    root = write_project(tmp_path / "configured", files, 'preset = "fastapi-domain"')
    assert "run `fastlayer init`" not in cli(root, "check", "--no-cache").stderr
    bare = tmp_path / "bare"
    for path, text in files.items():
        (bare / path).parent.mkdir(parents=True, exist_ok=True)
        (bare / path).write_text(text)
    (bare / ".git").mkdir()
    warning = cli(bare, "check", "--no-cache").stderr
    assert (
        "looks domain-sliced (3 packages such as auth, billing, posts hold router/service/models modules)"
        in warning
    )


def test_without_configuration_only_the_sure_rules_run_and_init_is_suggested(
    tmp_path: Path,
) -> None:
    files = {
        "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        "app/services/users.py": "from fastapi import HTTPException\n",
        "app/stray.py": "from pydantic import BaseModel\n\nclass User(BaseModel):\n    name: str\n",
    }
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    (tmp_path / ".git").mkdir()
    bare = cli(tmp_path, "check", "--no-cache", "--quiet")
    assert bare.stdout.splitlines() == [
        "app/services/users.py:1:21: FL104 [error] layer 'services' must stay free of 'fastapi' "
        "but imports it in `from fastapi import HTTPException`",
        "Found 1 finding (1 error) in 3 files.",
    ]
    notes = [line for line in bare.stderr.splitlines() if "fastlayer init" in line]
    assert len(notes) == 1 and "ran only the rules that hold on any FastAPI project" in notes[0]
    everything = cli(tmp_path, "check", "--no-cache", "--quiet", "--select", "ALL")
    codes = {line.split()[1] for line in everything.stdout.splitlines()[:-1]}
    assert {"FL104", "FL105", "FL201", "FL302"} <= codes
    assert "fastlayer init" not in everything.stderr
