"""Every kind of bad input gives one clear diagnostic on its file, and the rest of the project is still analysed.

Each project holds the bad file ``app/bad.py``, a clean ``app/main.py`` and
``app/other.py`` with an ordinary syntax error on line 2: seeing FL001 on
``app/other.py`` proves the run went on past the bad file.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import List, Optional, Tuple, Union

import pytest

from fastlayer.facts import guard
from fastlayer.facts.extract import extract_facts
from fastlayer.facts.store import collect
from tests.helpers import cli, diagnostics, write_project

Row = Tuple[str, int, int, str, str]
OTHER: Row = ("app/other.py", 2, 7, "FL001", "syntax error: invalid syntax")


def _project(tmp_path: Path, bad: Optional[Union[str, bytes]] = None) -> Path:
    files = {
        "app/main.py": "import os\nfrom fastapi import FastAPI\napp = FastAPI()\n",
        "app/other.py": "x = 1\ndef f(:\n    pass\n",
    }
    return write_project(tmp_path, dict(files, **({"app/bad.py": bad} if bad is not None else {})))


def _rows(root: Path) -> List[Row]:
    return [
        (d.path, d.line, d.column, d.code, d.message)
        for d in diagnostics(root, select=["FL001", "FL002"])
    ]


def _bad(tmp_path: Path, content: Union[str, bytes]) -> List[Row]:
    rows = _rows(_project(tmp_path, content))
    assert OTHER in rows, "the run must go on past the bad file"
    return [row for row in rows if row != OTHER]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            b'print "hello"\n',
            (
                1,
                1,
                "FL001",
                "syntax error: Missing parentheses in call to 'print'. Did you mean print(...)?",
            ),
            id="python2-print",
        ),
        pytest.param(
            b"x = 0777\n",
            (
                1,
                5,
                "FL001",
                "syntax error: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
            ),
            id="python2-octal",
        ),
        pytest.param(
            b"x = `1`\n", (1, 5, "FL001", "syntax error: invalid syntax"), id="python2-backticks"
        ),
        pytest.param(
            b"x = 1\ny = 2\x00\n",
            (2, 1, "FL002", "cannot read file: source contains a NUL byte"),
            id="nul-byte",
        ),
        pytest.param(
            b'x = 1\ny = "caf\xe9"\n',
            (
                2,
                9,
                "FL002",
                "cannot read file: not valid UTF-8: invalid continuation byte (byte 0xe9)",
            ),
            id="invalid-utf8",
        ),
        pytest.param(
            b"# -*- coding: klingon -*-\nx = 1\n",
            (1, 1, "FL002", "cannot read file: coding cookie names an unknown encoding: 'klingon'"),
            id="unknown-cookie",
        ),
        pytest.param(
            b"#!/usr/bin/env python\n# coding: utf-16\nx = 1\n",
            (
                2,
                1,
                "FL002",
                "cannot read file: coding cookie declares 'utf-16', which cannot encode Python source (not ASCII-compatible); save the file as UTF-8",
            ),
            id="utf16-cookie",
        ),
        pytest.param(
            b"\xef\xbb\xbf# -*- coding: latin-1 -*-\nx = 1\n",
            (
                1,
                1,
                "FL002",
                "cannot read file: the file starts with a UTF-8 byte-order mark but its coding cookie declares another encoding",
            ),
            id="bom-and-cookie-disagree",
        ),
        pytest.param(
            b"# coding: latin-1\nx = 1\ny = '\xff\n",
            (3, 5, "FL001", "syntax error: unterminated string literal (detected at line 3)"),
            id="latin1-cookie-then-syntax-error",
        ),
        pytest.param(
            b"if x:\n\tif y:\n        pass\n",
            (3, 1, "FL001", "syntax error: inconsistent use of tabs and spaces in indentation"),
            id="tabs-and-spaces",
        ),
        pytest.param(
            "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n",
            (
                1,
                205,
                "FL001",
                "syntax error: too many nested parentheses (Python allows at most 200 levels)",
            ),
            id="5000-nested-parentheses",
        ),
        pytest.param(
            "x = " + "-" * 6000 + "1\n",
            (
                1,
                1,
                "FL001",
                "syntax error: expression too deeply nested or too long: Python itself cannot parse it",
            ),
            id="6000-unary-minus",
        ),
        pytest.param(
            "x = f" + "[1]" * 5000 + "\n",
            (
                1,
                1,
                "FL001",
                "syntax error: expression too deeply nested or too long: Python itself cannot parse it",
            ),
            id="5000-subscripts",
        ),
    ],
)
def test_bad_file_is_one_diagnostic(
    tmp_path: Path, content: Union[str, bytes], expected: Tuple[int, int, str, str]
) -> None:
    assert _bad(tmp_path, content) == [("app/bad.py", *expected)]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"# -*- coding: latin-1 -*-\nNAME = 'caf\xe9'\n", id="latin1-cookie"),
        pytest.param(b"\xef\xbb\xbfimport os\nx = 1\n", id="bom"),
        pytest.param(b"\xef\xbb\xbf", id="only-a-bom"),
        pytest.param(b"import os\r\nx = 1\r\n", id="crlf"),
        pytest.param(b"import os\r\nx = 1\ny = 2\rz = 3\n", id="mixed-line-endings"),
        pytest.param(b"if x:\n\tpass\n", id="tabs"),
        pytest.param(b"", id="empty"),
        pytest.param(b"x = 1", id="no-final-newline"),
        pytest.param(b"\x0cx = 1\n", id="form-feed"),
        pytest.param(
            b"try:\n    pass\nexcept ValueError, TypeError:\n    pass\n",
            id="python314-except-without-parentheses",
        ),
        pytest.param(
            b"type Point = tuple[float, float]\nclass Box[T]:\n    pass\n", id="python312-generics"
        ),
        pytest.param(b'x = f"{"nested" + f"{1}"}"\n', id="python312-fstring-quotes"),
        pytest.param("x = " + "[" * 199 + "1" + "]" * 199 + "\n", id="199-nested-lists"),
        pytest.param("x = (1\n" + "and 1\n" * 20000 + ")\n", id="20000-and-operands"),
    ],
)
def test_unusual_but_valid_file_is_analysed(tmp_path: Path, content: Union[str, bytes]) -> None:
    assert _bad(tmp_path, content) == []


def test_unusual_file_facts_come_back_from_the_child_process() -> None:
    source = "import os\n" + "x = " + "[" * 100 + "1" + "]" * 100 + "\n"
    assert not guard.profile(source.encode()).ordinary
    facts = extract_facts("app/deep.py", source.encode())
    assert facts.error is None and [i.module for i in facts.imports] == ["os"] and facts.lines == 3


def test_ten_megabyte_file_is_reported_without_parsing(tmp_path: Path) -> None:
    content = b"x = 1\n" * (10 * 1024 * 1024 // 6 + 1)
    expected = (
        "app/bad.py",
        1,
        1,
        "FL001",
        "syntax error: file too large to analyse (10.0 MB; the limit is 2 MB): exclude it if it is generated",
    )
    assert _bad(tmp_path, content) == [expected]


def test_parser_crash_in_the_child_is_one_diagnostic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash = "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"
    monkeypatch.setattr(guard, "child_command", lambda path: [sys.executable, "-c", crash])
    content = "x = " + "(" * 60 + "1" + ")" * 60 + "\n"
    expected = (
        "app/bad.py",
        1,
        1,
        "FL001",
        "syntax error: the parser crashed on this file (SIGSEGV); it is probably too deeply nested",
    )
    assert _bad(tmp_path, content) == [expected]


def test_parser_hang_in_the_child_is_one_diagnostic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        guard, "child_command", lambda path: [sys.executable, "-c", "import time; time.sleep(60)"]
    )
    monkeypatch.setattr(guard, "TIMEOUT_SECONDS", 1.0)
    content = "x = " + "(" * 60 + "1" + ")" * 60 + "\n"
    expected = (
        "app/bad.py",
        1,
        1,
        "FL001",
        "syntax error: parsing took longer than 1 s; exclude the file if it is generated",
    )
    assert _bad(tmp_path, content) == [expected]


def test_directory_named_like_a_module_is_walked(tmp_path: Path) -> None:
    root = _project(tmp_path)
    write_project(root, {"app/weird.py/inner.py": "def f(:\n"})
    assert _rows(root) == [
        OTHER,
        ("app/weird.py/inner.py", 1, 7, "FL001", "syntax error: invalid syntax"),
    ]


def _warnings(root: Path) -> List[str]:
    result = cli(root, "check", "--select", "FL0", "--quiet")
    assert result.exit_code == 1 and "app/other.py:2:7: FL001" in result.stdout
    return [line for line in result.stderr.splitlines() if "warning" in line]


def test_symlink_loop_and_symlink_out_of_root_are_named(tmp_path: Path) -> None:
    outside = write_project(tmp_path / "outside", {"secret.py": "import os\n"})
    root = _project(tmp_path / "project")
    os.symlink(outside, root / "app" / "linked")
    os.symlink(root / "app", root / "app" / "loop")
    os.symlink(root / "app" / "gone.py.orig", root / "app" / "gone.py")
    assert _warnings(root) == [
        "fastlayer: warning: app/gone.py: skipped: broken symbolic link",
        "fastlayer: warning: app/linked: skipped: symbolic link points outside the project root",
        "fastlayer: warning: app/loop: skipped: symbolic link loop",
    ]


def test_fifo_named_like_a_module_does_not_block_the_run(tmp_path: Path) -> None:
    root = _project(tmp_path)
    os.mkfifo(root / "app" / "pipe.py")
    assert _warnings(root) == [
        "fastlayer: warning: app/pipe.py: skipped: not a regular file (FIFO, socket or device)"
    ]


def test_file_the_os_refuses_to_open(tmp_path: Path) -> None:
    """A socket named ``x.py``: even root cannot read it. Discovery names it instead of hanging or crashing."""
    root = _project(tmp_path)
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(root / "app" / "sock.py"))
        assert _warnings(root) == [
            "fastlayer: warning: app/sock.py: skipped: not a regular file (FIFO, socket or device)"
        ]
    finally:
        server.close()


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root: chmod 000 does not stop root from reading",
)
def test_file_without_read_permission(tmp_path: Path) -> None:
    root = _project(tmp_path, "x = 1\n")
    (root / "app" / "bad.py").chmod(0)
    assert _rows(root) == [
        ("app/bad.py", 1, 1, "FL002", "cannot read file: Permission denied"),
        OTHER,
    ]


def test_read_permission_denied_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as above for root: the read raises EACCES as it would for a normal user."""
    root = _project(tmp_path, "x = 1\n")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "bad.py":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert _rows(root) == [
        ("app/bad.py", 1, 1, "FL002", "cannot read file: Permission denied"),
        OTHER,
    ]


def test_file_deleted_during_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path, "x = 1\n")
    real = collect.read_file

    def read_after_delete(base: Path, path: str) -> object:
        if path == "app/bad.py":
            (base / path).unlink()
        return real(base, path)

    monkeypatch.setattr(collect, "read_file", read_after_delete)
    assert _rows(root) == [
        (
            "app/bad.py",
            1,
            1,
            "FL002",
            "cannot read file: file disappeared while fastlayer was running",
        ),
        OTHER,
    ]
