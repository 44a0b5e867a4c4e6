"""Writing a file the user named (``-o``/``--output-file``, ``--write-baseline``, ``graph -o``).

Atomically: a temporary file beside the target, renamed over it, so a killed run never leaves
half a report (or half a baseline). An existing regular file is replaced only when it is empty
or a previous fastlayer output of the same kind (``--write-baseline pyproject.toml`` must not
replace the configuration with JSON); ``--force`` overrides. A target that exists and is not a
regular file (``/dev/stdout``, a pipe) is written in place. Every failure is one ``OutputError``
line naming the file.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Callable, Dict

from fastlayer.files.atomic import write_atomic
from fastlayer.files.reading import read_regular


class OutputError(Exception):
    """The output file cannot or must not be written; ``str()`` is one line."""


def write_output(target: Path, text: str, kind: str, force: bool = False) -> None:
    """Write ``text`` to ``target``; ``kind`` is a report format, ``baseline``, ``statistics`` or
    ``graph-<format>``."""
    shown = str(target) or "''"
    try:
        if str(target) in ("", ".") or target.is_dir():
            raise OutputError(f"{shown}: is a directory, not a file")
        info = os.stat(target) if os.path.lexists(target) else None
        if info is not None and not stat.S_ISREG(info.st_mode):
            target.write_text(text, encoding="utf-8", errors="surrogateescape")
            return
        if info is not None and not force and not previous_output(target, kind):
            what = f"exists and is not a previous fastlayer {kind} output"
            raise OutputError(f"{shown}: {what}; not overwriting it (pass --force to replace it)")
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8", "surrogateescape")  # a non-UTF-8 file name as its own bytes
        write_atomic(target, data, prefix=f".{target.name[:50]}.tmp-")
    except OSError as exc:
        raise OutputError(f"{shown}: cannot write: {exc.strerror or exc}") from None


def previous_output(target: Path, kind: str) -> bool:
    """Is the file at ``target`` empty or what fastlayer writes as ``kind``?"""
    try:
        text = read_regular(target, 200_000_000).decode("utf-8", "surrogateescape")
    except (OSError, UnicodeDecodeError):
        return False
    if not text.strip():
        return True
    recognise = _RECOGNISERS.get(kind)
    try:
        return recognise is not None and recognise(text)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return False


_TEXT_LINE = re.compile(
    # a finding, its hint, its source line (--show-source)
    r"(\S.*:\d+:\d+: FL\d{3} |  hint: |  [\d ]+ \| "
    r"|Found \d+ finding|All checks passed|Not all checks ran)"  # the summary
)


def _lines(text: str, pattern: "re.Pattern[str]") -> bool:
    return all(pattern.match(line) for line in text.splitlines() if line.strip())


def _json(text: str) -> object:
    return json.loads(text)


def _sarif(text: str) -> bool:
    driver = _json(text)["runs"][0]["tool"]["driver"]  # type: ignore[index]
    return bool(driver["name"] == "fastlayer")


def _gitlab(text: str) -> bool:
    document = _json(text)
    return isinstance(document, list) and all(
        "check_name" in item and "fingerprint" in item for item in document
    )


def _keys(*keys: str) -> Callable[[str], bool]:
    def recognise(text: str) -> bool:
        document = _json(text)
        return isinstance(document, dict) and all(key in document for key in keys)

    return recognise


_RECOGNISERS: Dict[str, Callable[[str], bool]] = {
    "baseline": _keys("fastlayer-baseline", "findings"),
    "text": lambda text: _lines(text, _TEXT_LINE),
    "statistics": lambda text: _lines(text, re.compile(r"\d+  FL\d{3}  ")),
    "json": _keys("version", "diagnostics"),
    "sarif": _sarif,
    "gitlab": _gitlab,
    "github": lambda text: _lines(text, re.compile("::")),
    "junit": lambda text: '<testsuite name="fastlayer"' in text[:500],
    "graph-mermaid": lambda text: text.lstrip().startswith(("graph ", "flowchart ")),
    "graph-dot": lambda text: text.lstrip().startswith("digraph fastlayer {"),
    "graph-json": _keys("kind", "nodes"),
}
