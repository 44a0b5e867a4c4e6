"""``fastlayer init --update``: bring a configuration up to date with the code, keeping the
user's hand edits.

``init`` keeps a record of what it inferred, ``.fastlayer-init.toml`` beside the configuration
(commit it with the configuration; like the answers file of a project template). On update,
``merge`` compares that record, the configuration as it is and what init infers now, key by key
(``tools/merge.py``); the file is then edited key by key (``config/tomledit.py``): the keys the
update changes are rewritten with init's comments, everything else (the user's keys, comments,
order and other tools' tables) stays as written. The result is checked before anything is
written: it must parse to the merged configuration, leave the rest of the file alone and be a
valid configuration. Never prints, never writes: ``cli/init.py`` shows or writes the ``Update``.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from fastlayer.config import toml, tomledit
from fastlayer.config.loader import config_from_data
from fastlayer.config.toml import ConfigError, UnsafeEdit
from fastlayer.files.atomic import write_atomic
from fastlayer.files.reading import read_regular
from fastlayer.rules import all_rules
from fastlayer.tools.init import InitError, InitPlan, render
from fastlayer.tools.merge import Change, KeyPath, Merged, dotted, leaves, merge, user_owned

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older interpreters only
    import tomli as tomllib

RECORD = ".fastlayer-init.toml"
_RECORD_HEAD = (
    "# What `fastlayer init` inferred last time, for `fastlayer init --update` (it keeps the edits\n"
    "# you made to the configuration since). Written by init: commit it, do not edit it.\n"
)


@dataclass(frozen=True)
class Update:
    path: Path
    before: str
    after: str
    changes: Tuple[Change, ...]
    own: Tuple[str, ...]  # keys the user wrote that init never writes (kept as they are)
    record: str  # the new record of what init inferred
    had_record: bool

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                f"a/{self.path.name}",
                f"b/{self.path.name}",
            )
        )


def record_path(config_file: Path) -> Path:
    return config_file.parent / RECORD


def record_text(proposal: InitPlan) -> str:
    return _RECORD_HEAD + render(proposal, "")


def write_record(config_file: Path, text: str) -> None:
    try:
        write_atomic(record_path(config_file), text.encode("utf-8"), prefix=f".{RECORD}.tmp-")
    except OSError as exc:
        raise InitError(f"{RECORD}: cannot write: {exc.strerror or exc}") from None


def plan_update(path: Path, prefix: str, proposal: InitPlan, project_root: Path) -> Update:
    """The update of the configuration in ``path`` (its ``[prefix]`` tables) to ``proposal``."""
    original = _read(path)
    user = _fastlayer_table(toml.read_toml(path, path.name), prefix)
    record = _read_record(path)
    new_text = render(proposal, "")
    new = tomllib.loads(new_text)
    merged = merge(None if record is None else tomllib.loads(record), user, new)
    after = _edited(original, prefix, user, merged, render(proposal, prefix), record)
    _validate(project_root, path, merged.data)
    own = tuple(dotted(key) for key in user_owned(user, new))
    return Update(path, original, after, merged.changes, own, _RECORD_HEAD + new_text, bool(record))


def _read(path: Path) -> str:
    try:
        return read_regular(path, toml.MAX_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InitError(f"{path.name}: cannot read: {getattr(exc, 'strerror', None) or exc}")


def _read_record(path: Path) -> Optional[str]:
    """The record of init's last run, None when there is none (or it is not TOML)."""
    found = record_path(path)
    if not found.is_file():
        return None
    try:
        text = read_regular(found, toml.MAX_BYTES).decode("utf-8")
        tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return text


def _fastlayer_table(data: Mapping[str, Any], prefix: str) -> Dict[str, Any]:
    if not prefix:
        return dict(data)
    table = data.get("tool", {}).get("fastlayer", {})
    return dict(table) if isinstance(table, dict) else {}


def _validate(project_root: Path, path: Path, data: Mapping[str, Any]) -> None:
    try:
        config_from_data(project_root, path, data, all_rules().rules)
    except ConfigError as exc:
        problems = "; ".join(exc.problems)
        raise InitError(
            f"{path.name} left unchanged: the updated configuration would be invalid ({problems}); "
            "fix the keys you edited, or run `fastlayer init --force` to start over"
        ) from None


@dataclass(frozen=True)
class _Texts:
    """Where the keys are: in the user's file, in init's new rendering, in init's record."""

    found: tomledit.Layout
    new: tomledit.Layout
    before: Optional[tomledit.Layout]


def _edited(
    original: str,
    prefix: str,
    user: Mapping[str, Any],
    merged: Merged,
    rendered: str,
    record: Optional[str],
) -> str:
    """``original`` with the keys whose merged value differs from the user's rewritten."""
    before = tomledit.layout(record, "") if record is not None else None
    texts = _Texts(tomledit.layout(original, prefix), tomledit.layout(rendered, prefix), before)
    mine, wanted = leaves(user), leaves(merged.data)
    fresh = sorted((k for k in wanted if k not in mine), key=lambda k: _rendered_at(texts.new, k))
    tables = texts.found.tables
    result = tomledit.rewrite(
        texts.found,
        _key_edits(texts, mine, wanted),
        _inserts(texts, [k for k in fresh if k[:-1] in tables], wanted),
        _new_tables([k for k in fresh if k[:-1] not in tables], wanted, texts.new, prefix),
        [t for t in tables if t and _emptied(t, mine, wanted)],
    )
    try:
        toml.check_edit(original, result, prefix, merged.data)
    except UnsafeEdit as exc:
        raise InitError(
            f"cannot update the configuration in place: {exc}; write the fastlayer "
            "settings as plain tables, or run `fastlayer init --force` to start over"
        ) from None
    return result


def _key_edits(
    texts: _Texts, mine: Mapping[KeyPath, Any], wanted: Mapping[KeyPath, Any]
) -> Dict[KeyPath, tomledit.Edit]:
    """The user's keys the update deletes or rewrites (a key not written as a plain ``key =
    value`` is left to the check, which refuses the edit)."""
    edits: Dict[KeyPath, tomledit.Edit] = {}
    for key in (k for k in mine if k in texts.found.entries):
        ours = _ours(texts.found, texts.before, key)
        if key not in wanted:
            edits[key] = tomledit.Edit((), ours)
        elif wanted[key] != mine[key]:
            edits[key] = tomledit.Edit(tuple(_lines(key, wanted[key], texts)), ours)
    return edits


def _inserts(
    texts: _Texts, fresh: Sequence[KeyPath], wanted: Mapping[KeyPath, Any]
) -> Dict[KeyPath, List[str]]:
    """Table -> the lines of the keys the update adds to it."""
    inserts: Dict[KeyPath, List[str]] = {}
    for key in fresh:
        inserts.setdefault(key[:-1], []).extend(_lines(key, wanted[key], texts))
    return inserts


def _ours(found: tomledit.Layout, before: Optional[tomledit.Layout], key: KeyPath) -> bool:
    """Is the comment block above ``key`` init's (as in its record)? Then it goes with the key."""
    if before is None or key not in before.entries:
        return False
    mine = found.block(key)[: found.entries[key].start - found.entries[key].above]
    theirs = before.block(key)[: before.entries[key].start - before.entries[key].above]
    return [line.strip() for line in mine] == [line.strip() for line in theirs]


def _lines(key: KeyPath, value: Any, texts: _Texts) -> List[str]:
    """``key = value`` as init renders it (with its comments) when init would write this value;
    else one item per line, each as the user or init wrote it."""
    new = texts.new
    if key in new.entries and _value_of(new, key) == value:
        return new.block(key)
    if not isinstance(value, list):
        return [f"{toml.key(key[-1])} = {toml.value(value)}\n"]
    sources = [b for b in (texts.found, new) if key in b.entries]
    items = [_item_line(item, sources, key) for item in value]
    return [f"{toml.key(key[-1])} = [\n", *items, "]\n"]


def _item_line(item: Any, sources: Sequence[tomledit.Layout], key: KeyPath) -> str:
    quoted = toml.value(item)
    for source in sources:
        entry = source.entries[key]
        for line in source.lines[entry.start + 1 : entry.end]:
            if line.strip().startswith(quoted + ","):
                return line if line.endswith("\n") else line + "\n"
    return f"    {quoted},\n"


def _value_of(found: tomledit.Layout, key: KeyPath) -> Any:
    entry = found.entries[key]
    text = "".join(line for line in found.lines[entry.start : entry.end])
    text = text.split("=", 1)[1]
    return tomllib.loads(f"x = {text}")["x"]


def _new_tables(
    keys: Sequence[KeyPath], wanted: Mapping[KeyPath, Any], new: tomledit.Layout, prefix: str
) -> Dict[KeyPath, List[str]]:
    """The tables the file lacks, as init renders them when it would write them whole."""
    blocks: Dict[KeyPath, List[str]] = {}
    for key in keys:
        table = key[:-1]
        if table in new.tables and _whole(table, keys, wanted, new):
            blocks[table] = new.table_block(table)
            continue
        head = blocks.setdefault(table, [f"[{toml.table_name(prefix, dotted(table))}]\n"])
        head.extend(_lines(key, wanted[key], _Texts(new, new, None)))
    return blocks


def _rendered_at(new: tomledit.Layout, key: KeyPath) -> int:
    entry = new.entries.get(key)
    return entry.start if entry is not None else len(new.lines)


def _whole(
    table: KeyPath, keys: Sequence[KeyPath], wanted: Mapping[KeyPath, Any], new: tomledit.Layout
) -> bool:
    """Does the update add ``table`` exactly as init renders it?"""
    rendered = [key for key in new.entries if key[:-1] == table]
    added = [key for key in keys if key[:-1] == table]
    return sorted(rendered) == sorted(added) and all(
        _value_of(new, key) == wanted[key] for key in added
    )


def _emptied(table: KeyPath, mine: Mapping[KeyPath, Any], wanted: Mapping[KeyPath, Any]) -> bool:
    """Every key of ``table`` (a table of the user's file) goes, and nothing stays below it."""
    return any(k[: len(table)] == table for k in mine) and not any(
        k[: len(table)] == table for k in wanted
    )


__all__: Sequence[str] = ("RECORD", "Update", "plan_update", "record_text", "write_record")
