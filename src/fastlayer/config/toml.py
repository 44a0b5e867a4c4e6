"""The one TOML reader and writer: read a file or fail with one line naming the file, the line
and the problem; write values, documented documents (``fastlayer config``) and tables into a file
(``init``); check an edit (``check_edit``; key-level edits are ``tomledit.py``'s)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

from fastlayer.files.atomic import write_atomic
from fastlayer.files.reading import read_regular

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older interpreters only
    import tomli as tomllib


MAX_BYTES = 10_000_000  # a configuration file larger than this is refused (read_regular: one line)


class ConfigError(Exception):
    """Configuration problems; ``problems`` holds one line each, all found at once."""

    def __init__(self, problems: List[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def read_toml(path: Path, shown: str) -> Dict[str, Any]:
    try:
        data: Dict[str, Any] = tomllib.loads(read_regular(path, MAX_BYTES).decode("utf-8"))
        return data
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{shown}: invalid TOML: {exc}"]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            [
                f"{shown}: invalid TOML: not valid UTF-8 "
                f"(byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"
            ]
        ) from None
    except OSError as exc:
        raise ConfigError([f"{shown}: cannot read: {exc.strerror or exc}"]) from None


# -- writing -------------------------------------------------------------------------------------

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def quote(text: str) -> str:
    """A TOML basic string."""
    return '"' + "".join(_ESCAPES.get(c, c if c >= " " else f"\\u{ord(c):04x}") for c in text) + '"'


def key(name: str) -> str:
    """A key, bare when TOML allows it."""
    return name if _BARE.match(name) else quote(name)


def table_name(*parts: str) -> str:
    """``table_name("tool.fastlayer", "layers", "api")``: the dotted name of a table header; an
    empty part is left out, a part already dotted (``tool.fastlayer``) is taken as written."""
    return ".".join(part for part in parts if part)


def value(item: object) -> str:
    """A string, boolean, integer or array (of those) as TOML."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, (list, tuple)):
        return "[" + ", ".join(value(sub) for sub in item) + "]"
    return quote(str(item))


def dumps(document: Mapping[str, Any], docs: Optional[Mapping[Tuple[str, ...], str]] = None) -> str:
    """``document`` as TOML: a ``dict`` value is a table, ``None`` a key that is not set (written
    as a comment); ``docs`` (key path -> text) are written as comments above their key or table."""
    return "\n".join(_table_lines(document, (), docs or {})) + "\n"


def _table_lines(
    table: Mapping[str, Any], path: Tuple[str, ...], docs: Mapping[Tuple[str, ...], str]
) -> List[str]:
    lines: List[str] = []
    for name, item in table.items():
        if not isinstance(item, dict):
            lines += [f"# {docs[path + (name,)]}"] if path + (name,) in docs else []
            lines.append(
                f"# {key(name)}: not set" if item is None else f"{key(name)} = {value(item)}"
            )
    for name, item in table.items():
        if isinstance(item, dict):
            lines += _subtable_lines(item, path + (name,), docs)
    return lines


def _subtable_lines(
    table: Mapping[str, Any], path: Tuple[str, ...], docs: Mapping[Tuple[str, ...], str]
) -> List[str]:
    lines = [""] + ([f"# {docs[path]}"] if path in docs else [])
    if not table or any(not isinstance(item, dict) for item in table.values()):
        lines.append(f"[{'.'.join(key(part) for part in path)}]")
    return lines + _table_lines(table, path, docs)


def strip_tables(text: str, prefix: str) -> str:
    """``text`` without the ``[prefix]`` / ``[prefix.*]`` tables (and their arrays of tables).
    A line inside a multi-line string is never taken for a table header; what this line-based
    edit cannot see (an inline table or dotted keys under ``[tool]``) ``replace_tables`` catches."""
    kept: List[str] = []
    skipping, in_string = False, ""
    for line in text.splitlines(keepends=True):
        header = None if in_string else _header(line)
        if header is not None:
            skipping = header == prefix or header.startswith(prefix + ".")
        if not skipping:
            kept.append(line)
        in_string = _string_state(line, in_string)
    return "".join(kept)


def _string_state(line: str, state: str) -> str:
    """The multi-line string (``\"\"\"`` or ``'''``) open after ``line``, "" when none."""
    for match in _TRIPLE.finditer(line):
        if not state:
            state = match.group(0)
        elif match.group(0) == state:
            state = ""
    return state


_TRIPLE = re.compile(r'"""|\'\'\'')


def _header(line: str) -> Optional[str]:
    stripped = line.strip()
    if not stripped.startswith("["):
        return None
    name = stripped.lstrip("[").split("]", 1)[0]
    return re.sub(r"[\s\"']", "", name)


class UnsafeEdit(Exception):
    """The file's ``[prefix]`` tables cannot be replaced without changing anything else."""


def replace_tables(original: str, prefix: str, text: str) -> str:
    """``original`` with its ``[prefix]`` tables replaced by ``text``. The result is parsed and
    compared before it is returned: everything outside ``prefix`` must be unchanged and ``prefix``
    must hold exactly what ``text`` says, else ``UnsafeEdit`` (never a broken file)."""
    kept = strip_tables(original, prefix).rstrip("\n")
    result = (kept + "\n\n" if kept.strip() else "") + text
    try:
        wanted = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UnsafeEdit(f"the edited file would not be valid TOML ({exc})") from None
    check_edit(original, result, prefix, _at(wanted, prefix.split(".")))
    return result


def check_edit(original: str, result: str, prefix: str, wanted: object) -> None:
    """``UnsafeEdit`` unless ``result`` is valid TOML, holds ``wanted`` at ``prefix`` (the whole
    document when ``prefix`` is empty) and everything else exactly as ``original`` has it."""
    try:
        before, after = tomllib.loads(original), tomllib.loads(result)
    except tomllib.TOMLDecodeError as exc:
        raise UnsafeEdit(f"the edited file would not be valid TOML ({exc})") from None
    if not prefix:
        if _pruned(after) != _pruned(wanted):
            raise UnsafeEdit("the edit would not say what was meant")
        return
    parts = prefix.split(".")
    if _without(before, parts) != _without(after, parts) or _pruned(_at(after, parts)) != _pruned(
        wanted
    ):
        raise UnsafeEdit(f"[{prefix}] is not written as plain [{prefix}] tables")


def _pruned(document: object) -> object:
    """``document`` without empty tables (an empty table sets nothing)."""
    if not isinstance(document, dict):
        return document
    pruned = {k: _pruned(v) for k, v in document.items()}
    return {k: v for k, v in pruned.items() if v != {}}


def _without(document: Dict[str, Any], parts: List[str]) -> Dict[str, Any]:
    if len(parts) == 1:
        return {k: v for k, v in document.items() if k != parts[0]}
    inner = document.get(parts[0])
    if not isinstance(inner, dict):
        return document
    rest = {k: v for k, v in document.items() if k != parts[0]}
    left = _without(inner, parts[1:])
    return {**rest, parts[0]: left} if left else rest  # an emptied [tool] counts as absent


def _at(document: Dict[str, Any], parts: List[str]) -> object:
    for part in parts:
        found = document.get(part) if isinstance(document, dict) else None
        document = found  # type: ignore[assignment]
    return document


def write_tables(path: Path, prefix: str, text: str) -> None:
    """Write ``text`` (TOML) as ``path``'s ``[prefix]`` tables: the whole file when ``prefix`` is
    empty or the file is new, else in place of the file's ``[prefix]``/``[prefix.*]`` tables,
    the rest kept (``replace_tables``). Atomically: the file is whole, old or new."""
    if prefix and path.is_file():
        original = read_regular(path, MAX_BYTES).decode("utf-8")
        text = replace_tables(original, prefix, text)
    write_atomic(path, text.encode("utf-8"), prefix=f".{path.name}.tmp-")
