"""Findings the user has silenced: inline comments and ``per-file-ignores``.

``apply`` also says which inline suppressions silenced something, so FL003 can
report the ones that silence nothing (or name unknown codes, or no code at all)
and suppressions cannot rot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, FrozenSet, Iterable, Iterator, List, Mapping, Optional, Set, Tuple

from fastlayer.diagnostics import Diagnostic
from fastlayer.facts.types import FileFacts, Suppression
from fastlayer.files.globs import matches
from fastlayer.filters.selection import matches_code

SELF = "FL003"
PerFileIgnores = Tuple[Tuple[str, Tuple[str, ...]], ...]


@dataclass(frozen=True)
class Used:
    """One inline suppression that silenced a finding: its file, line and the finding's code."""

    path: str
    line: int
    column: int
    code: str


@dataclass(frozen=True)
class Applied:
    kept: Tuple[Diagnostic, ...]
    used: FrozenSet[Used]


@dataclass(frozen=True)
class Problem:
    """What FL003 reports about one suppression comment."""

    path: str
    suppression: Suppression
    unused: Tuple[str, ...]
    unknown: Tuple[str, ...]
    silenced: Tuple[str, ...]

    @property
    def bare(self) -> bool:
        return not self.suppression.codes


def _covers(suppression: Suppression, code: str, explicit: bool = False) -> bool:
    if explicit:
        return code in suppression.codes
    return not suppression.codes or matches_code(code, suppression.codes)


def _covering(
    diagnostic: Diagnostic, facts: Mapping[str, FileFacts], explicit: bool = False
) -> List[Suppression]:
    file_facts = facts.get(diagnostic.path)
    if file_facts is None:
        return []
    return [
        s
        for s in file_facts.suppressions
        if (s.file_level or s.line == diagnostic.line) and _covers(s, diagnostic.code, explicit)
    ]


def per_file_ignored(diagnostic: Diagnostic, per_file_ignores: PerFileIgnores) -> bool:
    return any(
        matches(diagnostic.path, pattern) and matches_code(diagnostic.code, codes)
        for pattern, codes in per_file_ignores
    )


def silenced(
    diagnostic: Diagnostic, facts: Mapping[str, FileFacts], per_file_ignores: PerFileIgnores
) -> bool:
    """Would ``diagnostic`` be dropped (inline suppression or per-file-ignores)? For views such as the graph."""
    return per_file_ignored(diagnostic, per_file_ignores) or bool(_covering(diagnostic, facts))


def apply(
    diagnostics: Iterable[Diagnostic],
    facts: Mapping[str, FileFacts],
    per_file_ignores: PerFileIgnores,
    explicit: bool = False,
) -> Applied:
    """Drop silenced findings; every inline suppression covering a dropped finding counts as used.

    ``explicit``: only suppressions naming the exact code count (FL003 findings: a bare
    ``ignore`` or an ``ignore[FL0]`` must not silence the report about itself).
    """
    kept: List[Diagnostic] = []
    used: Set[Used] = set()
    for diagnostic in diagnostics:
        if per_file_ignored(diagnostic, per_file_ignores):
            continue
        covering = _covering(diagnostic, facts, explicit)
        used.update(Used(diagnostic.path, s.line, s.column, diagnostic.code) for s in covering)
        if not covering:
            kept.append(diagnostic)
    return Applied(tuple(kept), frozenset(used))


def problems(
    facts: Mapping[str, FileFacts],
    used: Collection[Used],
    ran: Collection[str],
    known: Collection[str],
) -> Iterator[Problem]:
    """Suppressions that are bare, name unknown codes, or silence nothing a rule that ran reported.

    A code whose rules did not run (``--select``) is never called unused: nothing can be known.
    FL003 itself is never called unused here: its findings are filtered after this step.
    """
    ran = [code for code in ran if code != SELF]
    for path in sorted(facts):
        for suppression in facts[path].suppressions:
            problem = _problem(path, suppression, used, ran, known)
            if problem is not None:
                yield problem


def _problem(
    path: str,
    suppression: Suppression,
    used: Collection[Used],
    ran: Collection[str],
    known: Collection[str],
) -> Optional[Problem]:
    silenced = {
        u.code
        for u in used
        if (u.path, u.line, u.column) == (path, suppression.line, suppression.column)
    }
    unknown = tuple(c for c in suppression.codes if not any(matches_code(k, (c,)) for k in known))
    unused = tuple(
        c
        for c in suppression.codes
        if c not in unknown
        and not any(matches_code(s, (c,)) for s in silenced)
        and any(matches_code(r, (c,)) for r in ran)
    )
    if not (unknown or unused or not suppression.codes):
        return None
    return Problem(path, suppression, unused, unknown, tuple(sorted(silenced)))
