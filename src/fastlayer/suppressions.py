"""Findings the user has silenced: inline comments and ``per-file-ignores``."""

from __future__ import annotations

from typing import Iterable, List, Mapping, Tuple

from fastlayer.diagnostics import Diagnostic
from fastlayer.facts.model import FileFacts, Suppression
from fastlayer.globs import matches
from fastlayer.selection import matches_code


def _covers(suppression: Suppression, code: str) -> bool:
    return not suppression.codes or matches_code(code, suppression.codes)


def inline_suppressed(diagnostic: Diagnostic, facts: Mapping[str, FileFacts]) -> bool:
    file_facts = facts.get(diagnostic.path)
    if file_facts is None:
        return False
    for suppression in file_facts.suppressions:
        if suppression.file_level or suppression.line == diagnostic.line:
            if _covers(suppression, diagnostic.code):
                return True
    return False


def per_file_ignored(diagnostic: Diagnostic, per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...]) -> bool:
    return any(matches(diagnostic.path, pattern) and matches_code(diagnostic.code, codes) for pattern, codes in per_file_ignores)


def apply(diagnostics: Iterable[Diagnostic], facts: Mapping[str, FileFacts],
          per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...]) -> List[Diagnostic]:
    return [d for d in diagnostics if not per_file_ignored(d, per_file_ignores) and not inline_suppressed(d, facts)]
