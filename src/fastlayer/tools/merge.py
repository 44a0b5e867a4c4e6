"""``init --update``: a three-way merge of the configuration, key by key.

``base`` is what init inferred last time (its record, ``.fastlayer-init.toml``), ``user`` the
configuration as it is now, ``new`` what init infers today. Like a merge of two branches that
share ``base``: a key the user left as init wrote it follows the new inference (updated, or
removed when init no longer infers it); a key the user changed, added or deleted stays as the
user has it; a key init infers for the first time is added. Arrays merge item by item: the
user's additions and removals stay, the items init now infers and did not before are added,
the items it no longer infers go (``paths`` of a layer the user extended with a glob still gets
the new folder). Without a record of the last run, nothing the user has is changed: only keys
the configuration lacks are added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Literal, Mapping, Optional, Sequence, Tuple

from fastlayer.config import toml

KeyPath = Tuple[str, ...]
Action = Literal["added", "updated", "removed", "kept"]
_MISSING: Any = object()


@dataclass(frozen=True)
class Change:
    """One key the update adds, updates or removes, or keeps because the user edited it."""

    action: Action
    key: KeyPath
    detail: str

    def describe(self) -> str:
        return f"{self.action:<8} {dotted(self.key)}{': ' if self.detail else ''}{self.detail}"


@dataclass(frozen=True)
class Merged:
    data: Dict[str, Any]
    changes: Tuple[Change, ...]


def merge(
    base: Optional[Mapping[str, Any]], user: Mapping[str, Any], new: Mapping[str, Any]
) -> Merged:
    """The merged configuration (table data) and what changed, in key order."""
    before, mine, now = leaves(base or {}), leaves(user), leaves(new)
    result = dict(mine)
    changes: List[Change] = []
    for key in sorted(set(before) | set(mine) | set(now)):
        b, u, n = (table.get(key, _MISSING) for table in (before, mine, now))
        value, change = _merge_one(key, b if base is not None else None, u, n)
        if value is _MISSING:
            result.pop(key, None)
        else:
            result[key] = value
        if change is not None:
            changes.append(change)
    return Merged(nested(result), tuple(changes))


def _merge_one(key: KeyPath, b: Any, u: Any, n: Any) -> Tuple[Any, Optional[Change]]:
    """(the merged value or _MISSING, the change to report). ``b`` None: no record of the last
    run."""
    if u is _MISSING:
        if n is _MISSING:
            return _MISSING, None
        if b is not None and b is not _MISSING:  # the user deleted what init wrote
            return _MISSING, Change("kept", key, f"removed by you; init infers {toml.value(n)}")
        return n, Change("added", key, toml.value(n))
    if b is None or b is _MISSING or u != b:  # the user's own value
        return _keep(key, b, u, n)
    if n is _MISSING:
        return _MISSING, Change("removed", key, "init no longer infers it")
    if n != u:
        return n, Change("updated", key, _difference(u, n))
    return u, None


def _keep(key: KeyPath, b: Any, u: Any, n: Any) -> Tuple[Any, Optional[Change]]:
    """A value the user wrote: kept; an array the user edited still takes init's news."""
    if n is _MISSING or n == u:
        return u, None
    if isinstance(u, list) and isinstance(n, list) and isinstance(b, list):
        merged = merge_items(b, u, n)
        if merged != u:
            return merged, Change("updated", key, _difference(u, merged) + " (your edits kept)")
    why = "no record of init's last run" if b is None else "edited by you"
    return u, Change("kept", key, f"{why}; init infers {toml.value(n)}")


def merge_items(base: Sequence[Any], user: Sequence[Any], new: Sequence[Any]) -> List[Any]:
    """The user's items minus those init no longer infers, plus those it newly infers."""
    dropped = [item for item in base if item not in new]
    kept = [item for item in user if item not in dropped or item not in base]
    return kept + [item for item in new if item not in base and item not in kept]


def _difference(old: Any, new: Any) -> str:
    if isinstance(old, list) and isinstance(new, list):
        parts = [f"+ {toml.value(item)}" for item in new if item not in old]
        parts += [f"- {toml.value(item)}" for item in old if item not in new]
        return ", ".join(parts) or "reordered"
    return f"{toml.value(old)} -> {toml.value(new)}"


def leaves(data: Mapping[str, Any], path: KeyPath = ()) -> Dict[KeyPath, Any]:
    """Every value that is not a table, by its key path."""
    found: Dict[KeyPath, Any] = {}
    for name, item in data.items():
        if isinstance(item, dict):
            found.update(leaves(item, path + (name,)))
        else:
            found[path + (name,)] = item
    return found


def nested(flat: Mapping[KeyPath, Any]) -> Dict[str, Any]:
    """``leaves`` undone."""
    data: Dict[str, Any] = {}
    for key, item in flat.items():
        table = data
        for part in key[:-1]:
            table = table.setdefault(part, {})
        table[key[-1]] = item
    return data


def dotted(key: KeyPath) -> str:
    return ".".join(toml.key(part) for part in key)


def user_owned(user: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[KeyPath]:
    """The keys the user has that init never writes (``ignore``, a rule option, ...)."""
    inferred = leaves(new)
    return (key for key in leaves(user) if key not in inferred)
