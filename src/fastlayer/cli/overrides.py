"""What ``check``'s options change in the configuration, as ruff does: ``--exclude`` and
``--per-file-ignores`` replace the configured keys, ``--extend-exclude`` and ``--extend-select``
add to them, ``--select`` replaces ``select`` and ``extend-select``.

Each option may be repeated and takes comma-separated values; a bad code or glob exits 2 with the
option's name.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from fastlayer.cli.common import fail
from fastlayer.config.loader import Config, code_problem
from fastlayer.files.globs import glob_problem
from fastlayer.rules import all_rules


def split(values: Iterable[str]) -> Tuple[str, ...]:
    """``("FL1,FL4", "FL501")`` -> ``("FL1", "FL4", "FL501")``."""
    return tuple(item.strip() for value in values for item in value.split(",") if item.strip())


def codes(option: str, values: Sequence[str]) -> Optional[Tuple[str, ...]]:
    """The rule codes of ``option``, upper-cased; None when the option was not given."""
    found = tuple(code.upper() for code in split(values))
    known = set(all_rules().rules)
    for code in found:
        problem = code_problem(code, known)
        if problem:
            fail(f"{option}: {problem}")
    return found or None


def globs(option: str, values: Sequence[str]) -> Tuple[str, ...]:
    found = split(values)
    for glob in found:
        problem = glob_problem(glob)
        if problem:
            fail(f"{option}: {problem}")
    return found


def per_file_ignores(values: Sequence[str]) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    """``GLOB:CODES`` entries (``"tests/**:FL101,FL102"``)."""
    pairs: List[Tuple[str, Tuple[str, ...]]] = []
    for value in values:
        glob, _, listed = value.rpartition(":")
        if not glob or not listed:
            fail(f"--per-file-ignores: expected GLOB:CODES (like 'tests/**:FL101'), got {value!r}")
        globs("--per-file-ignores", [glob])
        pairs.append((glob, codes("--per-file-ignores", [listed]) or ()))
    return tuple(pairs)


def apply(
    config: Config,
    select_given: bool,
    extend_select: Sequence[str],
    exclude: Sequence[str],
    extend_exclude: Sequence[str],
    ignores: Sequence[str],
) -> Config:
    """``config`` with the command line's selection, exclusions and per-file ignores."""
    added = codes("--extend-select", extend_select) or ()
    changes: Dict[str, Any] = {
        "extend_select": added if select_given else config.extend_select + added,
        "extend_exclude": config.extend_exclude + globs("--extend-exclude", extend_exclude),
    }
    if exclude:
        changes["exclude"] = globs("--exclude", exclude)
    if ignores:
        changes["per_file_ignores"] = per_file_ignores(ignores)
    return config.replace(**changes)
