"""File names are data (issue 17): a newline or escape sequence in one cannot forge report lines or reach
the terminal raw, and non-UTF-8 bytes in one break no format."""

from __future__ import annotations

import json
import os
import xml.dom.minidom
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fastlayer.reporters.base import escape_text
from tests.helpers import cli, write_project

CONFIG = 'root = "app"\npreset = "none"\nselect = ["FL0"]\n'
BROKEN = "def f(:\n    pass\n"


def _project(tmp_path: Path) -> Path:
    root = write_project(tmp_path, {"app/main.py": "x = 1\n"}, CONFIG)
    (root / "app/evil\nforged.py:1:1: FL999 forged\x1b[31m.py").write_text(BROKEN)
    os.makedirs(os.fsencode(root / "app") + b"/caf\xe9", exist_ok=True)
    with open(os.fsencode(root / "app") + b"/caf\xe9/m\xff.py", "w") as handle:
        handle.write(BROKEN)
    return root


def test_escape_text() -> None:
    assert escape_text("a\nb\x1b[31mc\udcff.py") == "a\\nb\\x1b[31mc\\xff.py"
    assert escape_text("app/ok.py") == "app/ok.py"


def test_text_output_keeps_one_line_per_finding(tmp_path: Path) -> None:
    result = cli(_project(tmp_path), "check", "--no-cache")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "app/caf\\xe9/m\\xff.py:1:7: FL001 [error] syntax error: invalid syntax",
        "app/evil\\nforged.py:1:1: FL999 forged\\x1b[31m.py:1:7: FL001 [error] syntax error: invalid syntax",
        "Found 2 findings (2 errors) in 3 files.",
    ]
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize("output_format", ["json", "sarif", "gitlab", "junit", "github"])
def test_machine_formats_stay_valid(tmp_path: Path, output_format: str) -> None:
    result = cli(_project(tmp_path), "check", "--no-cache", "--output-format", output_format)
    assert result.exit_code == 1, result.output
    out = result.stdout
    out.encode("utf-8")  # no lone surrogates
    assert "\x1b" not in out
    if output_format == "junit":
        xml.dom.minidom.parseString(out)
    elif output_format == "github":
        assert len(out.splitlines()) == 2
    else:
        json.loads(out)
    assert "caf\\\\xe9" in out or "caf\\xe9" in out


@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0xDCFF), max_size=40))
def test_escaped_text_is_one_printable_line(text: str) -> None:
    escaped = escape_text(text)
    escaped.encode("utf-8")
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in escaped)


def test_write_baseline_with_a_non_utf8_file_name_round_trips(tmp_path: Path) -> None:
    root = _project(tmp_path)
    for _ in range(2):  # the second run recognises its own previous baseline
        assert cli(root, "check", "--no-cache", "--write-baseline", "baseline.json").exit_code == 0
    result = cli(root, "check", "--no-cache", "--baseline", "baseline.json")
    assert result.exit_code == 0, result.output
