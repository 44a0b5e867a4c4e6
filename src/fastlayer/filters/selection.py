"""Which rules run: ``select`` / ``ignore`` by code or prefix, the most specific wins.

``--select FL4 --ignore FL402`` runs FL4xx but FL402; ``--ignore FL4 --select FL401``
runs FL401 only of the family. Opt-in rules (``default_enabled = False``) run
only when their exact code is selected.
"""

from __future__ import annotations

import dataclasses
from typing import Iterable, List, Optional, Sequence, Tuple

from fastlayer.diagnostics import Diagnostic, Severity


def _longest(code: str, prefixes: Iterable[str]) -> int:
    lengths = [
        len(p) if p != "ALL" else 0
        for p in (x.upper() for x in prefixes)
        if p == "ALL" or code.startswith(p)
    ]
    return max(lengths, default=-1)


def is_selected(
    code: str, default_enabled: bool, select: Optional[Sequence[str]], ignore: Sequence[str]
) -> bool:
    if select is None:
        chosen = 0 if default_enabled else -1
    else:
        chosen = _longest(code, select)
        if not default_enabled and code not in {s.upper() for s in select}:
            chosen = -1
    return chosen >= 0 and chosen > _longest(code, ignore)


def matches_code(code: str, patterns: Tuple[str, ...]) -> bool:
    """True when ``code`` is one of ``patterns`` or starts with one of them (``FL4``)."""
    return any(p.upper() == "ALL" or code.startswith(p.upper()) for p in patterns)


def severity_for(code: str, overrides: Sequence[Tuple[str, str]]) -> Optional[str]:
    """The severity ``[severity]`` gives ``code``: the most specific matching code or prefix wins."""
    matching = [(len(p), severity) for p, severity in overrides if code.startswith(p.upper())]
    return max(matching)[1] if matching else None


def with_severities(
    diagnostics: Sequence[Diagnostic], overrides: Sequence[Tuple[str, str]]
) -> List[Diagnostic]:
    """``diagnostics`` with the configured severities (``[severity] FL105 = "info"``)."""
    changed = []
    for diagnostic in diagnostics:
        severity = severity_for(diagnostic.code, overrides)
        if severity is not None:
            diagnostic = dataclasses.replace(diagnostic, severity=Severity(severity))
        changed.append(diagnostic)
    return changed
