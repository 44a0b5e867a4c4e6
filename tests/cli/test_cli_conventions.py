"""The command-line conventions ruff users reach for (issue 15), each as a user's command with its
exact output and exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import cli, write_project

APP = {"app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"}
BROKEN = {**APP, "app/bad.py": "x = 1\ndef f(:\n    pass\n"}
CONFIG = 'root = "app"\npreset = "none"\n'
SYNTAX = "app/bad.py:2:7: FL001 [error] syntax error: invalid syntax\n"
FOUND = "Found 1 finding (1 error) in 2 files.\n"
CLEAN = "All checks passed (1 file checked).\n"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_severity_is_in_the_text_and_quiet_keeps_the_summary(tmp_path: Path) -> None:
    result = cli(write_project(tmp_path, BROKEN, CONFIG), "check", "--quiet")
    assert (result.exit_code, result.stdout) == (1, SYNTAX + FOUND)


def test_a_severity_table_in_the_config_changes_what_fails(tmp_path: Path) -> None:
    root = write_project(tmp_path, BROKEN, CONFIG + '[tool.fastlayer.severity]\nFL0 = "info"\n')
    result = cli(root, "check")
    assert result.exit_code == 0
    assert (
        result.stdout
        == SYNTAX.replace("[error]", "[info]") + "Found 1 finding (1 info) in 2 files.\n"
    )
    unknown = cli(
        write_project(tmp_path, BROKEN, CONFIG + 'severity = { FL999 = "info" }\n'), "check"
    )
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "fastlayer: error: pyproject.toml: severity: unknown rule code 'FL999' (see `fastlayer rules`)\n"
    )


def test_each_distinct_hint_once_per_run(tmp_path: Path) -> None:
    stale = "x = 1  # fastlayer: ignore[FL001]\n"
    root = write_project(tmp_path, {**APP, "app/a.py": stale, "app/b.py": stale}, CONFIG)
    result = cli(root, "check")
    finding = "{}:1:8: FL003 [warning] unused suppression (unused: FL001)\n"
    assert result.stdout == (
        finding.format("app/a.py")
        + "  hint: remove the stale codes (see `fastlayer rules` for the known ones)\n"
        + finding.format("app/b.py")
        + "Found 2 findings (2 warnings) in 3 files.\n"
    )


def test_extend_select_adds_to_the_configured_selection(tmp_path: Path) -> None:
    root = write_project(tmp_path, BROKEN, CONFIG + 'select = ["FL002"]\n')
    assert cli(root, "check").stdout == "All checks passed (2 files checked).\n"
    result = cli(root, "check", "--quiet", "--extend-select", "FL001")
    assert (result.exit_code, result.stdout) == (1, SYNTAX + FOUND)
    bad = cli(root, "check", "--extend-select", "FL9")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "fastlayer: error: --extend-select: unknown rule code 'FL9' (see `fastlayer rules`)\n",
    )


def test_exclude_and_extend_exclude_on_the_command_line(tmp_path: Path) -> None:
    root = write_project(tmp_path, BROKEN, CONFIG + 'exclude = ["app/bad.py"]\n')
    assert cli(root, "check").stdout == CLEAN
    replaced = cli(root, "check", "--quiet", "--exclude", "app/other/**")
    assert (replaced.exit_code, replaced.stdout) == (1, SYNTAX + FOUND)
    root = write_project(tmp_path / "two", BROKEN, CONFIG)
    extended = cli(root, "check", "--extend-exclude", "app/bad.py,app/other/**")
    assert (extended.exit_code, extended.stdout) == (0, CLEAN)


def test_per_file_ignores_on_the_command_line(tmp_path: Path) -> None:
    root = write_project(tmp_path, BROKEN, CONFIG)
    result = cli(root, "check", "--per-file-ignores", "app/bad.py:FL001")
    assert (result.exit_code, result.stdout) == (0, "All checks passed (2 files checked).\n")
    bad = cli(root, "check", "--per-file-ignores", "app/bad.py")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "fastlayer: error: --per-file-ignores: expected GLOB:CODES (like 'tests/**:FL101'), "
        "got 'app/bad.py'\n",
    )


@pytest.mark.parametrize(
    "args, env, colored",
    [
        (("--color", "always"), {}, True),
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ((), {}, False),  # not a terminal
    ],
)
def test_color_option_and_force_color(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple, env: dict, colored: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = cli(write_project(tmp_path, BROKEN, CONFIG), "check", "--quiet", *args)
    painted = (
        "\x1b[1mapp/bad.py:2:7:\x1b[0m \x1b[31mFL001\x1b[0m \x1b[31m[error]\x1b[0m "
        "syntax error: invalid syntax\n"
    )
    assert result.stdout == (painted if colored else SYNTAX) + FOUND


def test_show_source_prints_the_line_with_a_caret(tmp_path: Path) -> None:
    result = cli(write_project(tmp_path, BROKEN, CONFIG), "check", "--show-source")
    assert result.stdout == SYNTAX + "  2 | def f(:\n    |       ^\n" + FOUND


def test_show_files_lists_what_would_be_checked(tmp_path: Path) -> None:
    root = write_project(tmp_path, {**BROKEN, "app/skip/x.py": "x = 1\n"}, CONFIG)
    result = cli(root, "check", "--show-files", "--extend-exclude", "app/skip/**")
    assert (result.exit_code, result.stdout) == (0, "app/bad.py\napp/main.py\n")
    assert cli(root / "app", "check", "--show-files", "main.py").stdout == "main.py\n"


def test_rules_as_json(tmp_path: Path) -> None:
    result = cli(tmp_path, "rules", "--output-format", "json")
    rules = json.loads(result.stdout)
    assert result.exit_code == 0 and rules[0] == {
        "code": "FL001",
        "name": "syntax-error",
        "severity": "error",
        "default_enabled": True,
        "opinion": False,
        "summary": rules[0]["summary"],
    }
    assert {rule["code"] for rule in rules if rule["opinion"]} >= {"FL101", "FL201"}
    table = cli(tmp_path, "rules").stdout.splitlines()
    assert [rule["code"] for rule in rules] == [line.split()[0] for line in table[1:]]


def test_explain_accepts_a_rule_name_and_suggests_on_typos(tmp_path: Path) -> None:
    by_code = cli(tmp_path, "explain", "FL001")
    assert (
        by_code.exit_code == 0 and cli(tmp_path, "explain", "syntax-error").stdout == by_code.stdout
    )
    typo = cli(tmp_path, "explain", "syntax-eror")
    assert (typo.exit_code, typo.stderr) == (
        2,
        "fastlayer: error: unknown rule 'syntax-eror' (did you mean 'syntax-error'? see `fastlayer rules`)\n",
    )
    far = cli(tmp_path, "explain", "nothing-like-it")
    assert (
        far.stderr == "fastlayer: error: unknown rule 'nothing-like-it' (see `fastlayer rules`)\n"
    )


def test_help_shows_whole_command_summaries(tmp_path: Path) -> None:
    commands = cli(tmp_path, "--help").stdout.split("Commands:\n", 1)[1]
    assert "..." not in commands
    assert commands == (
        "  check    Check PATHS (default: the whole project) against the architecture.\n"
        "  clean    Delete the facts cache (.fastlayer_cache/ or the configured cache-\n"
        "           dir).\n"
        "  config   Print the effective configuration as TOML: every key, your settings\n"
        "           over the preset.\n"
        "  cors     Print the effective CORS policy of PATH's project (default: the\n"
        "           current one).\n"
        "  explain  Print the documentation of RULE, given by code (FL101) or name\n"
        "           (layer-direction).\n"
        "  graph    Print the layer graph of PATH's project (default: the current one):\n"
        "           Mermaid, DOT or JSON.\n"
        "  init     Inspect the repository and write a starting [tool.fastlayer]\n"
        "           configuration.\n"
        "  rules    List every rule: code, name, default severity, summary.\n"
        "  server   Run the language server over stdin/stdout (for editors; see\n"
        "           docs/editors.md).\n"
    )


def test_graph_output_format_is_named_like_checks() -> None:
    project = FIXTURES / "graph-disagrees"
    new = cli(project, "graph", "--output-format", "json")
    assert new.exit_code == 0 and new.stdout == cli(project, "graph", "--format", "json").stdout
    wrong = cli(project, "graph", "--output-format", "sarif")
    assert (wrong.exit_code, wrong.stderr) == (
        2,
        "fastlayer: error: --output-format sarif: not a format for the graph (without --check); "
        "choose from dot, json, mermaid\n",
    )
    assert "--format" not in cli(project, "graph", "--help").stdout.replace("--output-format", "")


def test_show_source_and_statistics_files_can_be_written_again(tmp_path: Path) -> None:
    root = write_project(tmp_path, BROKEN, CONFIG)
    for args in (("--show-source", "-o", "report.txt"), ("--statistics", "-o", "counts.txt")):
        first, again = cli(root, "check", *args), cli(root, "check", *args)
        assert (first.exit_code, again.exit_code, again.stderr) == (1, 1, "")
    assert (root / "counts.txt").read_text() == "1  FL001  syntax-error\n"
    assert (root / "report.txt").read_text() == SYNTAX + "  2 | def f(:\n    |       ^\n" + FOUND


def test_extend_exclude_and_extend_select_in_the_config(tmp_path: Path) -> None:
    excluded = write_project(tmp_path / "a", BROKEN, CONFIG + 'extend-exclude = ["app/bad.py"]\n')
    assert (cli(excluded, "check").exit_code, cli(excluded, "check").stdout) == (0, CLEAN)
    body = CONFIG + 'select = ["FL002"]\nextend-select = ["FL001"]\n'
    selected = cli(write_project(tmp_path / "b", BROKEN, body), "check", "--quiet")
    assert (selected.exit_code, selected.stdout) == (1, SYNTAX + FOUND)
    replaced = cli(
        tmp_path / "b", "check", "--select", "FL002"
    )  # --select replaces extend-select too
    assert (replaced.exit_code, replaced.stdout) == (0, "All checks passed (2 files checked).\n")
