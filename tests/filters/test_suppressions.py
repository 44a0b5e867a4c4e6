"""Inline suppressions, per-file-ignores, and FL003 on the suppressions themselves."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

from tests.helpers import cli, diagnostics, write_project

CONFIG = 'root = "app"\npreset = "none"\nselect = ["FL0"]\n'
BROKEN = "def f(:\n    pass\n"


def found(root: Path, select: Tuple[str, ...] = ("FL0",)) -> List[Tuple[str, int, str, str]]:
    return [(d.path, d.line, d.code, d.message) for d in diagnostics(root, select=list(select))]


def test_line_suppression_silences_and_is_used(tmp_path: Path) -> None:
    root = write_project(
        tmp_path, {"app/a.py": "def f(:  # fastlayer: ignore[FL001]\n    pass\n"}, CONFIG
    )
    assert found(root) == []


def test_prefix_and_several_codes(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "app/a.py": "def f(:  # fastlayer: ignore[FL0]\n    pass\n",
            "app/b.py": "def f(:  # fastlayer: ignore[FL002, FL001]\n    pass\n",
        },
        CONFIG,
    )
    assert found(root, ("FL001", "FL003")) == []


def test_suppression_on_another_line_does_not_silence(tmp_path: Path) -> None:
    root = write_project(
        tmp_path, {"app/a.py": "# fastlayer: ignore[FL001]\ndef f(:\n    pass\n"}, CONFIG
    )
    assert found(root) == [
        ("app/a.py", 1, "FL003", "unused suppression (unused: FL001)"),
        ("app/a.py", 2, "FL001", "syntax error: invalid syntax"),
    ]


def test_file_level_suppression_anywhere_in_the_file(tmp_path: Path) -> None:
    root = write_project(
        tmp_path, {"app/a.py": f"{BROKEN}\n# fastlayer: ignore-file[FL0]\n"}, CONFIG
    )
    assert found(root) == []


def test_unused_is_only_claimed_for_rules_that_ran(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {"app/a.py": "x = 1  # fastlayer: ignore[FL001]\ny = 2  # fastlayer: ignore[FL002]\n"},
        CONFIG,
    )
    assert found(root, ("FL001", "FL003")) == [
        ("app/a.py", 1, "FL003", "unused suppression (unused: FL001)")
    ]
    assert found(root, ("FL003",)) == []


def test_unknown_codes_and_bare_ignores(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "app/a.py": "x = 1  # fastlayer: ignore[FL999, XYZ]\ny = 2  # fastlayer: ignore\n",
            "app/b.py": "def f(:  # fastlayer: ignore\n    pass\n",
        },
        CONFIG,
    )
    assert found(root) == [
        ("app/a.py", 1, "FL003", "unknown code in suppression (unknown: FL999, XYZ)"),
        ("app/a.py", 2, "FL003", "suppression names no code (and silences nothing)"),
        ("app/b.py", 1, "FL003", "suppression names no code and silences every rule on its line"),
    ]


def test_bare_ignore_hint_names_the_codes_it_silences(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"app/b.py": "def f(:  # fastlayer: ignore\n    pass\n"}, CONFIG)
    [finding] = diagnostics(root)
    assert finding.hint == "name the codes it silences: `# fastlayer: ignore[FL001]`"
    assert finding.subject == "ignore[]" and finding.column == 10


def test_per_file_ignores_make_an_inline_suppression_unused(tmp_path: Path) -> None:
    config = CONFIG + 'per-file-ignores = { "app/legacy/*.py" = ["FL001"] }\n'
    root = write_project(
        tmp_path, {"app/legacy/a.py": "def f(:  # fastlayer: ignore[FL001]\n    pass\n"}, config
    )
    assert found(root) == [("app/legacy/a.py", 1, "FL003", "unused suppression (unused: FL001)")]


def test_fl003_is_silenced_only_by_naming_it(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "app/a.py": "x = 1  # fastlayer: ignore[FL0]\n",
            "app/b.py": "# fastlayer: ignore-file[FL003]\nx = 1  # fastlayer: ignore[FL001]\n",
        },
        CONFIG + 'per-file-ignores = { "app/c.py" = ["FL003"] }\n',
    )
    (root / "app/c.py").write_text("x = 1  # fastlayer: ignore\n")
    assert found(root) == [("app/a.py", 1, "FL003", "unused suppression (unused: FL0)")]


def test_fl003_in_text_output_with_exit_code(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"app/a.py": "x = 1  # fastlayer: ignore[FL001]\n"}, CONFIG)
    result = cli(root, "check")
    assert result.exit_code == 1
    assert result.stdout == (
        "app/a.py:1:8: FL003 [warning] unused suppression (unused: FL001)\n"
        "  hint: remove the stale codes (see `fastlayer rules` for the known ones)\n"
        "Found 1 finding (1 warning) in 1 file.\n"
    )
    assert cli(root, "check", "--ignore", "FL003").exit_code == 0
