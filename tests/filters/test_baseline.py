"""--write-baseline / --baseline / `baseline` in config: only new findings, fixed entries listed."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pytest

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.filters.baseline import BaselineError, load
from fastlayer.rules.base import REGISTRY, Example, Rule
from tests.helpers import cli, write_project

if TYPE_CHECKING:
    from fastlayer.model.project import ProjectModel


class ForbiddenImportRule(Rule):
    """## What it does
    Test-only: reports imports of `forbidden*` modules, with the module as subject.

    ## Why is this bad?
    It gives the baseline tests findings with subjects.

    ## Example
    ```python
    import forbidden
    ```

    ## Use instead
    ```python
    import allowed
    ```
    """

    code = "FL090"
    name = "test-forbidden-import"
    severity = Severity.ERROR
    summary = "Test-only rule"
    valid = (Example({"app/a.py": "import allowed\n"}),)
    invalid = (Example({"app/a.py": "import forbidden\n"}, expect=(("app/a.py", 1),)),)

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        for module in self.modules(project):
            for fact in module.facts.imports:
                if fact.module.startswith("forbidden"):
                    yield self.diagnostic(
                        module.path,
                        fact.line,
                        fact.column,
                        f"imports {fact.module}",
                        subject=fact.module,
                    )


@pytest.fixture(autouse=True)
def forbidden_rule() -> Iterator[None]:
    REGISTRY.register(ForbiddenImportRule)
    yield
    del REGISTRY.rules["FL090"]


CONFIG = 'root = "app"\npreset = "none"\nselect = ["FL0", "FL090"]\n'
SERVICE = "import forbidden.a\nimport forbidden.b\n\n\ndef f():\n    import forbidden.a\n"


def project(tmp_path: Path, config: str = CONFIG) -> Path:
    return write_project(
        tmp_path, {"app/service.py": SERVICE, "app/other.py": "import forbidden.c\n"}, config
    )


def test_write_baseline_is_sorted_readable_json_without_lines(tmp_path: Path) -> None:
    root = project(tmp_path)
    result = cli(root, "check", "--write-baseline", "fastlayer-baseline.json")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == "fastlayer: wrote 4 findings to baseline fastlayer-baseline.json\n"
    entry = '    {{\n      "code": "FL090",\n      "name": "test-forbidden-import",\n      "occurrence": {3},\n      "path": "{0}",\n      "subject": "{1}"\n    }}{2}\n'
    assert (root / "fastlayer-baseline.json").read_text() == (
        '{\n  "fastlayer-baseline": 1,\n  "findings": [\n'
        + entry.format("app/other.py", "forbidden.c", ",", 0)
        + entry.format("app/service.py", "forbidden.a", ",", 0)
        + entry.format("app/service.py", "forbidden.a", ",", 1)
        + entry.format("app/service.py", "forbidden.b", "", 0)
        + "  ]\n}\n"
    )


def test_baseline_hides_known_findings_even_when_code_moves(tmp_path: Path) -> None:
    root = project(tmp_path)
    cli(root, "check", "--write-baseline", "base.json")
    (root / "app/service.py").write_text('"""Moved down."""\n\nimport os\n' + SERVICE)
    result = cli(root, "check", "--baseline", "base.json")
    assert result.exit_code == 0
    assert result.stdout == "All checks passed (2 files checked).\n"
    assert result.stderr == "baseline base.json: 4 known findings not shown\n"


def test_only_new_findings_are_reported_and_fixed_entries_listed(tmp_path: Path) -> None:
    root = project(tmp_path)
    cli(root, "check", "--write-baseline", "base.json")
    (root / "app/service.py").write_text("import forbidden.a\nimport forbidden.new\n")
    result = cli(root, "check", "--baseline", "base.json")
    assert result.exit_code == 1
    assert (
        result.stdout
        == "app/service.py:2:8: FL090 [error] imports forbidden.new\nFound 1 finding (1 error) in 2 files.\n"
    )
    assert result.stderr == (
        "baseline base.json: 2 known findings not shown\n"
        "baseline base.json: 2 entries fixed (no longer found):\n"
        "  app/service.py: FL090 forbidden.a (occurrence 1)\n"
        "  app/service.py: FL090 forbidden.b (occurrence 0)\n"
        "shrink it with: fastlayer check --write-baseline base.json\n"
    )
    rewritten = cli(root, "check", "--write-baseline", "base.json")
    assert rewritten.stderr == "fastlayer: wrote 3 findings to baseline base.json\n"
    assert cli(root, "check", "--baseline", "base.json").exit_code == 0


def test_baseline_from_config_relative_to_the_project(tmp_path: Path) -> None:
    root = project(tmp_path, CONFIG + 'baseline = "ci/baseline.json"\n')
    assert cli(root, "check").exit_code == 2  # configured but missing
    cli(root, "check", "--write-baseline", "ci/baseline.json")
    (root / "app/sub").mkdir()
    result = cli(
        root / "app", "check"
    )  # from a subdirectory: its subtree, with the project's baseline
    assert (
        result.exit_code == 0
        and result.stderr == "baseline ci/baseline.json: 4 known findings not shown\n"
    )
    assert (
        cli(root / "app/sub", "check").stderr
        == "baseline ci/baseline.json: 0 known findings not shown\n"
    )


def test_named_paths_and_select_limit_what_counts_as_fixed(tmp_path: Path) -> None:
    root = project(tmp_path)
    cli(root, "check", "--write-baseline", "base.json")
    (root / "app/other.py").write_text("x = 1\n")
    only_service = cli(root, "check", "--baseline", "base.json", "app/service.py")
    assert (
        only_service.exit_code == 0
        and only_service.stderr == "baseline base.json: 3 known findings not shown\n"
    )
    other_rules = cli(root, "check", "--baseline", "base.json", "--select", "FL001")
    assert other_rules.stderr == "baseline base.json: 0 known findings not shown\n"
    assert "fixed" in cli(root, "check", "--baseline", "base.json", "app/other.py").stderr


@pytest.mark.parametrize(
    "content, problem",
    [
        (
            "{",
            "cannot read baseline: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
        ('{"findings": []}', 'not a fastlayer baseline (expected "fastlayer-baseline": 1)'),
        ('{"fastlayer-baseline": 1, "findings": {}}', '"findings" must be a list'),
        (
            '{"fastlayer-baseline": 1, "findings": [{"path": "a.py", "code": "FL090", "subject": "", "occurrence": "0"}]}',
            "findings[0].occurrence must be an integer",
        ),
    ],
)
def test_broken_baseline_is_a_usage_error(tmp_path: Path, content: str, problem: str) -> None:
    root = project(tmp_path)
    (root / "base.json").write_text(content)
    result = cli(root, "check", "--baseline", "base.json")
    assert result.exit_code == 2
    assert result.stderr == f"fastlayer: error: base.json: {problem}\n"


def test_missing_baseline_and_write_baseline_with_paths_are_usage_errors(tmp_path: Path) -> None:
    root = project(tmp_path)
    missing = cli(root, "check", "--baseline", "nope.json")
    assert missing.exit_code == 2
    assert (
        missing.stderr
        == "fastlayer: error: nope.json: baseline file not found (create it with --write-baseline nope.json)\n"
    )
    with_paths = cli(root, "check", "--write-baseline", "b.json", "app/service.py")
    assert with_paths.exit_code == 2 and "name no paths" in with_paths.stderr
    assert not (root / "b.json").exists()


def test_baseline_file_round_trips_through_json(tmp_path: Path) -> None:
    root = project(tmp_path)
    cli(root, "check", "--write-baseline", "base.json")
    document = json.loads((root / "base.json").read_text())
    assert [f["subject"] for f in document["findings"]] == [
        "forbidden.c",
        "forbidden.a",
        "forbidden.a",
        "forbidden.b",
    ]


def test_baseline_that_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(
        BaselineError, match=r"^/dev/zero: cannot read baseline: not a regular file$"
    ):
        load(Path("/dev/zero"))
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    with pytest.raises(BaselineError, match="not a regular file"):
        load(fifo, "fifo.json")


def test_baseline_named_by_the_config_never_leaves_the_project(tmp_path: Path) -> None:
    (tmp_path / "outside.json").write_text('{"fastlayer-baseline": 1, "findings": []}')
    root = tmp_path / "project"
    root.mkdir()
    with pytest.raises(BaselineError, match="outside the project root"):
        load(Path("../outside.json"), "../outside.json", root=root)


def test_cli_baseline_device_is_one_line(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"app/main.py": "x = 1\n"}, 'root = "app"\npreset = "none"\n')
    result = cli(root, "check", "--no-cache", "--baseline", "/dev/zero")
    assert (result.exit_code, result.stderr) == (
        2,
        "fastlayer: error: /dev/zero: cannot read baseline: not a regular file\n",
    )
