"""A tiny declarative validator for TOML tables: every problem, all at once.

A spec maps each allowed key to a ``Kind``. ``validate`` returns the problems
as ``key.path: what was expected, what was found`` strings; the caller
prefixes the file name. Unknown keys get a "did you mean" suggestion.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

Check = Callable[[object], Optional[str]]
Convert = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Kind:
    """What a key may hold: ``check`` returns None when the value fits, else what was expected.

    ``load`` turns a valid TOML value into its frozen Python form (an array into a tuple, a
    table into sorted pairs); ``dump`` turns it back into TOML data (``fastlayer config``)."""

    check: Check
    table: Optional[Mapping[str, Kind]] = None
    table_of: Optional[Mapping[str, Kind]] = None
    load: Convert = _same
    dump: Convert = _same


def _describe(value: object) -> str:
    names = {
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        list: "an array",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


def _expect(kind: str, test: Callable[[object], bool]) -> Check:
    def check(value: object) -> Optional[str]:
        return None if test(value) else f"expected {kind}, got {_describe(value)}"

    return check


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _one_of(choices: Tuple[str, ...]) -> Check:
    def check(value: object) -> Optional[str]:
        if value in choices:
            return None
        return f"expected one of {', '.join(repr(c) for c in choices)}, got {value!r}"

    return check


def one_of(*choices: str) -> Kind:
    return Kind(_one_of(choices))


def _pairs(value: Mapping[str, Any]) -> Tuple[Tuple[str, Any], ...]:
    """A table as (key, value) pairs in file order, arrays frozen into tuples."""
    return tuple((str(k), tuple(v) if isinstance(v, list) else v) for k, v in value.items())


def _sorted_pairs(value: Mapping[str, Any]) -> Tuple[Tuple[str, Any], ...]:
    return tuple(sorted(_pairs(value)))


def _table_of_pairs(pairs: Tuple[Tuple[str, Any], ...]) -> Dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in pairs}


STR = Kind(_expect("a string", lambda v: isinstance(v, str)))
BOOL = Kind(_expect("a boolean", lambda v: isinstance(v, bool)))
STR_LIST = Kind(_expect("an array of strings", _is_str_list), load=tuple, dump=list)


def _map_of(kind: str, item: str, test: Callable[[object], bool]) -> Check:
    """A table whose values must pass ``test``; the problem names the first entry that does not."""

    def check(value: object) -> Optional[str]:
        if not isinstance(value, dict):
            return f"expected {kind}, got {_describe(value)}"
        bad = next((key for key, sub in value.items() if not test(sub)), None)
        return (
            None
            if bad is None
            else f"expected {kind}; {bad!r} should be {item}, got {_describe(value[bad])}"
        )

    return check


STR_MAP = Kind(
    _map_of("a table of strings", "a string", lambda x: isinstance(x, str)),
    load=_sorted_pairs,
    dump=_table_of_pairs,
)
STR_LIST_MAP = Kind(
    _map_of("a table of string arrays", "an array of strings", _is_str_list),
    load=_pairs,
    dump=_table_of_pairs,
)


def map_of_choices(*choices: str) -> Kind:
    """A table whose values are each one of ``choices`` (``[severity] FL105 = "info"``)."""
    item = " or ".join(repr(c) for c in choices)
    return Kind(
        _map_of("a table of choices", item, lambda x: x in choices),
        load=_pairs,
        dump=_table_of_pairs,
    )


_TABLE = _expect("a table", lambda v: isinstance(v, dict))


def table(spec: Mapping[str, Kind]) -> Kind:
    return Kind(_TABLE, table=spec)


def table_of(spec: Mapping[str, Kind]) -> Kind:
    """A table whose keys are free (names) and whose values are tables of ``spec``."""
    return Kind(_TABLE, table_of=spec)


def validate(data: Mapping[str, object], spec: Mapping[str, Kind], prefix: str = "") -> List[str]:
    problems: List[str] = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        kind = spec.get(key)
        if kind is None:
            problems.append(_unknown(path, key, spec))
            continue
        problems.extend(_validate_value(value, kind, path))
    return problems


def _validate_value(value: object, kind: Kind, path: str) -> List[str]:
    problem = kind.check(value)
    if problem is not None:
        return [f"{path}: {problem}"]
    if kind.table is not None and isinstance(value, dict):
        return validate(value, kind.table, f"{path}.")
    if kind.table_of is not None and isinstance(value, dict):
        return [
            p
            for name, sub in value.items()
            for p in _validate_value(sub, Kind(_TABLE, table=kind.table_of), f"{path}.{name}")
        ]
    return []


def valid_part(data: Mapping[str, Any], spec: Mapping[str, Kind]) -> Dict[str, Any]:
    """``data`` without the entries ``validate`` reports, so the rest can still be checked."""
    kept: Dict[str, Any] = {}
    for key, value in data.items():
        kind = spec.get(key)
        if kind is None or kind.check(value) is not None:
            continue
        if kind.table is not None:
            value = valid_part(value, kind.table)
        elif kind.table_of is not None:
            value = {
                name: valid_part(sub, kind.table_of)
                for name, sub in value.items()
                if isinstance(sub, dict)
            }
        kept[key] = value
    return kept


def _unknown(path: str, key: str, spec: Mapping[str, Kind]) -> str:
    close = difflib.get_close_matches(key, list(spec), n=1)
    hint = (
        f" (did you mean {close[0]!r}?)"
        if close
        else f" (expected one of: {', '.join(sorted(spec))})"
    )
    return f"{path}: unknown key{hint}"


def get_list(data: Mapping[str, object], key: str) -> Tuple[str, ...]:
    value = data.get(key, [])
    return tuple(value) if isinstance(value, list) else ()


def get_list_map(data: Mapping[str, object], key: str) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    """A validated table of string arrays as sorted-by-insertion pairs."""
    return tuple(
        (name, tuple(values))
        for name, values in get_map(data, key).items()
        if isinstance(values, list)
    )


def get_map(data: Mapping[str, object], key: str) -> Dict[str, object]:
    value = data.get(key, {})
    return dict(value) if isinstance(value, dict) else {}
