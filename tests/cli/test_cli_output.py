"""check options for CI and editors: --output-file, --statistics, path prefixes, stdin, named config files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pytest

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.rules.base import REGISTRY, Example, Rule
from tests.helpers import cli, write_project

if TYPE_CHECKING:
    from fastlayer.model.project import ProjectModel

CONFIG = 'root = "app"\npreset = "none"\nselect = ["FL0"]\n'
FILES = {
    "app/main.py": "x = 1\n",
    "app/a.py": "def f(:\n    pass\n",
    "app/b.py": "def g(:\n    pass\n",
    "app/c.py": "y = 2  # fastlayer: ignore[FL001]\n",
}
FINDINGS = (
    "app/a.py:1:7: FL001 [error] syntax error: invalid syntax\n"
    "app/b.py:1:7: FL001 [error] syntax error: invalid syntax\n"
    "app/c.py:1:8: FL003 [warning] unused suppression (unused: FL001)\n"
)
SUMMARY = "Found 3 findings (2 errors, 1 warning) in 4 files.\n"


def test_output_file_takes_the_report_and_stdout_stays_empty(tmp_path: Path) -> None:
    root = write_project(tmp_path, FILES, CONFIG)
    result = cli(root, "check", "--quiet", "--output-file", "reports/fastlayer.txt")
    assert result.exit_code == 1 and result.stdout == ""
    assert (root / "reports/fastlayer.txt").read_text() == FINDINGS + SUMMARY
    cli(root, "check", "--output-format", "json", "-o", "out.json")
    assert json.loads((root / "out.json").read_text())["summary"]["findings"] == 3


def test_statistics_replace_the_text_report(tmp_path: Path) -> None:
    root = write_project(tmp_path, FILES, CONFIG)
    result = cli(root, "check", "--statistics")
    assert result.exit_code == 1
    assert result.stdout == "2  FL001  syntax-error\n1  FL003  unused-suppression\n"


def test_statistics_go_to_stderr_when_stdout_is_machine_readable(tmp_path: Path) -> None:
    root = write_project(tmp_path, FILES, CONFIG)
    result = cli(root, "check", "--statistics", "--output-format", "json")
    json.loads(result.stdout)
    assert result.stderr == "2  FL001  syntax-error\n1  FL003  unused-suppression\n"
    to_file = cli(root, "check", "--statistics", "--output-format", "sarif", "-o", "out.sarif")
    assert (
        to_file.stdout == "2  FL001  syntax-error\n1  FL003  unused-suppression\n"
        and to_file.stderr == ""
    )


def test_statistics_of_a_clean_run_print_nothing(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"app/main.py": "x = 1\n"}, CONFIG)
    result = cli(root, "check", "--statistics")
    assert (result.exit_code, result.stdout) == (0, "")


def test_github_and_gitlab_paths_are_prefixed_when_run_from_above_the_project(
    tmp_path: Path,
) -> None:
    write_project(tmp_path / "backend", FILES, CONFIG)
    github = cli(tmp_path, "check", "backend", "--output-format", "github")
    assert (
        github.stdout.splitlines()[0]
        == "::error file=backend/app/a.py,line=1,col=7,title=FL001::syntax error: invalid syntax"
    )
    gitlab = json.loads(cli(tmp_path, "check", "backend", "--output-format", "gitlab").stdout)
    assert gitlab[0]["location"] == {"path": "backend/app/a.py", "lines": {"begin": 1}}
    text = cli(tmp_path, "check", "backend", "--quiet").stdout
    # relative to where it ran: clickable there
    assert text == FINDINGS.replace("app/", "backend/app/") + SUMMARY


def test_naming_a_config_or_env_file_reports_the_whole_project(tmp_path: Path) -> None:
    root = write_project(tmp_path, {**FILES, ".env": "DEBUG=1\n"}, CONFIG)
    one = FINDINGS.splitlines(keepends=True)[0] + "Found 1 finding (1 error) in 4 files.\n"
    assert cli(root, "check", "--quiet", "app/a.py").stdout == one
    assert cli(root, "check", "--quiet", "app/a.py", "pyproject.toml").stdout == FINDINGS + SUMMARY
    assert cli(root, "check", "--quiet", ".env").stdout == FINDINGS + SUMMARY


def test_editor_mode_reports_only_the_buffer_in_compile_format(tmp_path: Path) -> None:
    root = write_project(tmp_path, FILES, CONFIG)
    result = cli(
        root, "check", "--quiet", "--stdin-filename", "app/main.py", "-", input="def h(:\n  pass\n"
    )
    assert result.exit_code == 1
    assert result.stdout == "app/main.py:1:7: FL001 [error] syntax error: invalid syntax\n"
    clean = cli(
        root, "check", "--quiet", "--stdin-filename", "app/b.py", "-", input="def g():\n    pass\n"
    )
    assert clean.exit_code == 0 and clean.stdout == ""
    new_file = cli(root, "check", "--quiet", "--stdin-filename", "app/new.py", "-", input="z = (\n")
    assert new_file.stdout == "app/new.py:1:5: FL001 [error] syntax error: '(' was never closed\n"


class ProjectWideRule(Rule):
    """## What it does
    Test-only: one project-wide finding (on a directory, as structure rules report).

    ## Why is this bad?
    It lets the tests see how project-wide findings are routed.

    ## Example
    ```python
    x = 1
    ```

    ## Use instead
    ```python
    x = 1
    ```
    """

    code = "FL091"
    name = "test-project-wide"
    severity = Severity.WARNING
    summary = "Test-only rule"
    valid = (Example({}),)
    invalid = (Example({}, expect=(("app/", 1),)),)

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        yield self.diagnostic("app/", 1, 1, "directory 'app/core/' is missing")


@pytest.fixture
def project_wide_rule() -> Iterator[None]:
    REGISTRY.register(ProjectWideRule)
    yield
    del REGISTRY.rules["FL091"]


def test_project_level_findings_go_to_their_directory_not_to_every_named_file(
    tmp_path: Path, project_wide_rule: None
) -> None:
    """Issue 15 (pre-commit): a missing directory that existed before does not block a commit of
    app/main.py; it is reported when its directory, a directory above it or a config file is named."""
    root = write_project(tmp_path, FILES, 'root = "app"\npreset = "none"\nselect = ["FL0"]\n')
    named = cli(root, "check", "--quiet", "--select", "FL091", "app/main.py")
    assert (named.exit_code, named.stdout) == (0, "All checks passed (4 files checked).\n")
    for target in ("app", ".", "pyproject.toml"):
        named = cli(root, "check", "--quiet", "--select", "FL091", target)
        assert named.stdout == (
            "app/:1:1: FL091 [warning] directory 'app/core/' is missing\n"
            "Found 1 finding (1 warning) in 4 files.\n"
        )
    editor = cli(root, "check", "--quiet", "--stdin-filename", "app/main.py", "-", input="x = 1\n")
    assert editor.exit_code == 0 and editor.stdout == ""
