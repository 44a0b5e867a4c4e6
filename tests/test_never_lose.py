"""A run never passes as "all clear" when it could not do its job.

- an internal error in one rule is reported with the rule's code and the file, exit 2;
- rules that need the app root (the layer rules) and cannot find it stop the run
  with exit 2 and a hint to set ``root`` (import-linter's "0 dependencies ... KEPT");
- rules that need no app root (CORS) still run on a plain Starlette application.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.model.project import ProjectModel
from fastlayer.rules.base import REGISTRY, Rule
from tests.helpers import cli, write_project

STARLETTE = {
    "service/app.py": (
        "from starlette.applications import Starlette\n"
        "from starlette.middleware import Middleware\n"
        "from starlette.middleware.cors import CORSMiddleware\n"
        "\n"
        "middleware = [Middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)]\n"
        "app = Starlette(middleware=middleware)\n"
    ),
}
FL401 = "service/app.py:5:56: FL401"


class BrokenRule(Rule):
    """## What it does
    Fails on purpose, to prove internal errors are reported.

    ## Why is this bad?
    It is a test double.

    ## Example
    ```python
    x = 1
    ```

    ## Use instead
    ```python
    x = 1
    ```
    """

    code = "FL099"
    name = "broken-on-purpose"
    severity = Severity.ERROR
    summary = "Raises on app/services/users.py"

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        for module in self.modules(project):
            if module.path == "app/services/users.py":
                raise KeyError("boom")
        return iter(())


def test_internal_error_in_a_rule_names_rule_and_file_and_exits_two(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(REGISTRY.rules, "FL099", BrokenRule)
    files = {
        "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        "app/services/users.py": "x = 1\n",
        "app/other.py": "def f(:\n",
    }
    root = write_project(tmp_path, files, 'preset = "none"\nroot = "app"')
    result = cli(root, "check", "--select", "FL001,FL099", "--no-cache", "--quiet")
    assert result.exit_code == 2
    assert result.stdout == (
        "app/other.py:1:7: FL001 [error] syntax error: invalid syntax\n"
        "Found 1 finding (1 error) in 3 files; not all checks ran, see the error below.\n"
    ), "the other rules' findings are kept, and the summary says not all checks ran"
    assert result.stderr.startswith(
        "fastlayer: internal error in rule FL099 on app/services/users.py: KeyError: 'boom' (at test_never_lose.py:"
    )


def test_layer_rules_without_an_app_root_fail_the_run(tmp_path: Path) -> None:
    root = write_project(
        tmp_path, {"lib/util.py": "import os\n", "lib/io.py": "from lib import util\n"}
    )
    result = cli(root, "check", "--no-cache")
    assert result.exit_code == 2  # never "All checks passed" on a failed run (issue 15 #7)
    assert (
        result.stdout
        == "Not all checks ran (2 files checked, no finding from those that did); see the error below.\n"
    )
    assert result.stderr == (
        "fastlayer: error: cannot find the FastAPI application (no module calls FastAPI()), which FL101, FL102, FL104... "
        'need; set `root = "<app package dir>"` under [tool.fastlayer] (the other rules ran)\n'
    )


def test_without_an_app_root_the_cors_findings_are_still_reported(tmp_path: Path) -> None:
    root = write_project(tmp_path, STARLETTE)
    result = cli(root, "check", "--no-cache", "--quiet")
    assert result.exit_code == 2 and result.stdout.startswith(FL401)
    assert "cannot find the FastAPI application" in result.stderr


def test_setting_root_answers_it(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"lib/util.py": "import os\n"}, 'preset = "none"\nroot = "lib"')
    assert cli(root, "check", "--no-cache").exit_code == 0


def test_cors_rules_run_on_a_plain_starlette_app_without_an_app_root(tmp_path: Path) -> None:
    root = write_project(tmp_path, STARLETTE)
    result = cli(root, "check", "--select", "FL4", "--no-cache", "--quiet", "-v")
    assert result.exit_code == 1 and result.stdout.startswith(FL401)
    assert "app root: (not found)" in result.stderr


def test_selecting_structure_or_placement_without_an_app_root_is_not_a_green_run(
    tmp_path: Path,
) -> None:
    root = write_project(tmp_path, {"lib/util.py": "import os\nX = os.environ['X']\n"})
    for family in ("FL2", "FL3"):
        result = cli(root, "check", "--select", family, "--no-cache")
        assert result.exit_code == 2 and "cannot find the FastAPI application" in result.stderr
