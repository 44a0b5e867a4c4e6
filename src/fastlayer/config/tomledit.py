"""Key-level edits of a TOML text that keep everything else as written: the user's comments,
order and spacing, and other tools' tables. ``layout`` finds where each key of the ``[prefix]``
tables is (its line, its value's lines, the comment block right above it); ``rewrite`` replaces,
deletes and inserts keys and tables. Line-based and never trusted blindly: the caller checks the
result parses to what it wants (``toml.check_edit``)."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older interpreters only
    import tomli as tomllib

KeyPath = Tuple[str, ...]

_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_KEY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")
_PARTS = re.compile(_PART)


@dataclass(frozen=True)
class Entry:
    """``key = value`` at lines ``start`` to ``end`` (exclusive); ``above``: the first line of the
    comment block right above it (``start`` when there is none)."""

    start: int
    end: int
    above: int


@dataclass
class Table:
    header: Optional[int]  # the header's line; None: the top of the document (no prefix)
    end: int  # the line after its last key (after the header when it has none)


@dataclass
class Layout:
    lines: List[str]
    entries: Dict[KeyPath, Entry] = field(default_factory=dict)  # full key path (from prefix)
    tables: Dict[KeyPath, Table] = field(default_factory=dict)  # in file order

    def block(self, key: KeyPath) -> List[str]:
        """The lines of ``key`` with the comment block above it."""
        entry = self.entries[key]
        return self.lines[entry.above : entry.end]

    def table_block(self, table: KeyPath) -> List[str]:
        """The lines of a table from its header to its last key."""
        found = self.tables[table]
        return self.lines[found.header or 0 : found.end]


def layout(text: str, prefix: str) -> Layout:
    """Where each key of the ``[prefix]`` tables is (``prefix`` "" : the whole document)."""
    found = Layout(text.splitlines(keepends=True))
    own = tuple(prefix.split(".")) if prefix else ()
    current: Optional[KeyPath] = () if not prefix else None
    if current is not None:
        found.tables[()] = Table(None, 0)
    comments: Optional[int] = None
    index = 0
    while index < len(found.lines):
        stripped = found.lines[index].strip()
        if stripped.startswith("#"):
            comments = index if comments is None else comments
        elif stripped.startswith("["):
            current = _own_table(stripped, own)
            if current is not None:
                found.tables[current] = Table(index, index + 1)
            comments = None
        elif (match := _KEY.match(found.lines[index])) is not None:
            end = value_end(found.lines, index, match.end())
            if current is not None:
                key = current + tuple(_unquote(p) for p in _PARTS.findall(match.group(1)))
                found.entries[key] = Entry(index, end, index if comments is None else comments)
                found.tables[current].end = end
            comments, index = None, end
            continue
        else:
            comments = None
        index += 1
    return found


def _own_table(header: str, own: KeyPath) -> Optional[KeyPath]:
    """The table path below ``own`` a header names, None for another table or an array of
    tables."""
    if header.startswith("[["):
        return None
    inside = header[1:].split("]", 1)[0]
    parts = tuple(_unquote(p) for p in _PARTS.findall(inside))
    return parts[len(own) :] if parts[: len(own)] == own else None


def _unquote(part: str) -> str:
    part = part.strip()
    if part[:1] in ("'", '"'):
        text: str = tomllib.loads(f"x = {part}")["x"]
        return text
    return part


def value_end(lines: Sequence[str], index: int, column: int) -> int:
    """The line after the value that starts at ``lines[index][column:]`` ends (arrays and
    multi-line strings span lines; a comment ends a line)."""
    depth, state = 0, ""
    while index < len(lines):
        depth, state = _scan(lines[index], column, depth, state)
        index, column = index + 1, 0
        state = state if len(state) == 3 else ""  # one-line strings end with their line
        if not state and depth <= 0:
            return index
    return len(lines)


def _scan(line: str, position: int, depth: int, state: str) -> Tuple[int, str]:
    """Bracket depth and open string after ``line`` (from ``position``)."""
    while position < len(line):
        if state:
            if state[0] == '"' and line[position] == "\\":
                position += 2
                continue
            if line.startswith(state, position):
                position, state = position + len(state), ""
                continue
        elif line.startswith(('"""', "'''"), position):
            state, position = line[position : position + 3], position + 3
            continue
        elif line[position] in "\"'":
            state = line[position]
        elif line[position] == "#":
            break
        else:
            depth += (line[position] in "[{") - (line[position] in "]}")
        position += 1
    return depth, state


@dataclass(frozen=True)
class Edit:
    """Replace (``lines``) or delete (no lines) the key; ``comments``: its comment block too."""

    lines: Tuple[str, ...]
    comments: bool


def rewrite(
    found: Layout,
    edits: Mapping[KeyPath, Edit],
    inserts: Mapping[KeyPath, Sequence[str]],
    new_tables: Mapping[KeyPath, Sequence[str]],
    dropped_tables: Sequence[KeyPath] = (),
) -> str:
    """The text with ``edits`` applied to existing keys, ``inserts`` (table -> lines) added at the
    end of existing tables, ``new_tables`` (table -> its header and lines) after the last table
    beside them (``[layers.new]`` after the last ``[layers.*]``), else after the last ``prefix``
    table, and the ``dropped_tables`` (emptied by the edits) removed with their headers."""
    lines: List[Optional[str]] = list(found.lines)
    after: Dict[int, List[str]] = {}
    for key, edit in edits.items():
        entry = found.entries[key]
        start = entry.above if edit.comments else entry.start
        lines[start : entry.end] = [None] * (entry.end - start)
        lines[start] = "".join(edit.lines) or None
    for table in dropped_tables:
        found_table = found.tables[table]
        start = found_table.header if found_table.header is not None else 0
        lines[start : found_table.end] = [None] * (found_table.end - start)
    for table, added in inserts.items():
        after.setdefault(found.tables[table].end, []).extend(added)
    for table, block in new_tables.items():
        after.setdefault(_new_table_at(found, table), []).extend(["\n", *block])
    return _joined(lines, after)


def _new_table_at(found: Layout, table: KeyPath) -> int:
    """Where a new table goes: after its last sibling, else after the last table."""
    siblings = [t.end for path, t in found.tables.items() if path and path[:-1] == table[:-1]]
    return max(siblings or [t.end for t in found.tables.values()] or [len(found.lines)])


def _joined(lines: Sequence[Optional[str]], after: Mapping[int, List[str]]) -> str:
    out: List[str] = []
    for index in range(len(lines) + 1):
        if index in after:
            if out and not out[-1].endswith("\n"):
                out[-1] += "\n"
            out.extend(after[index])
        if index < len(lines) and lines[index] is not None:
            out.append(lines[index])  # type: ignore[arg-type]
    return "".join(out)
