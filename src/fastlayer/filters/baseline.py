"""The baseline: today's findings, recorded so that only new ones are reported.

A finding's fingerprint is its path, code, subject (the import or symbol it is
about) and occurrence index among the findings sharing those three, in file
order. Line numbers are never part of it, so findings survive code moving up
or down a file. The file is sorted, indented JSON so that diffs review well.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Tuple

from fastlayer.diagnostics import Diagnostic
from fastlayer.files.reading import read_inside, read_regular

FORMAT_VERSION = 1
_FIELDS = {
    "path": (str, "a string"),
    "code": (str, "a string"),
    "subject": (str, "a string"),
    "occurrence": (int, "an integer"),
}


class BaselineError(Exception):
    """The baseline file cannot be read or is not a fastlayer baseline (exit 2)."""


@dataclass(frozen=True, order=True)
class Entry:
    path: str
    code: str
    subject: str
    occurrence: int

    def fingerprint(self) -> str:
        """A stable hex digest of the entry (GitLab/SARIF fingerprints)."""
        key = "\0".join((self.path, self.code, self.subject, str(self.occurrence)))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Baseline:
    source: str
    entries: FrozenSet[Entry]


@dataclass(frozen=True)
class Match:
    """Findings not in the baseline, how many were, and the entries nothing matched (fixed)."""

    new: Tuple[Diagnostic, ...]
    known: Tuple[Diagnostic, ...]
    fixed: Tuple[Entry, ...]


def fingerprints(diagnostics: Iterable[Diagnostic]) -> List[Tuple[Diagnostic, Entry]]:
    """Each finding with its entry; occurrence indices count in file order per (path, code, subject)."""
    seen: Counter[Tuple[str, str, str]] = Counter()
    paired = []
    for diagnostic in sorted(diagnostics, key=Diagnostic.sort_key):
        group = (diagnostic.path, diagnostic.code, diagnostic.subject)
        paired.append((diagnostic, Entry(*group, seen[group])))
        seen[group] += 1
    return paired


def compare(
    diagnostics: Sequence[Diagnostic], baseline: Baseline, in_scope: Callable[[Entry], bool]
) -> Match:
    """Split findings into new and known; ``in_scope`` says which unmatched entries this run could have seen."""
    paired = fingerprints(diagnostics)
    known = [d for d, entry in paired if entry in baseline.entries]
    new = [d for d, entry in paired if entry not in baseline.entries]
    found = {entry for _, entry in paired}
    fixed = sorted(e for e in baseline.entries if e not in found and in_scope(e))
    return Match(tuple(new), tuple(known), tuple(fixed))


def dumps(diagnostics: Iterable[Diagnostic]) -> str:
    """The baseline file for ``diagnostics``: sorted, indented JSON, one finding per object."""
    paired = fingerprints(diagnostics)
    names: Dict[str, str] = {d.code: d.name for d, _ in paired}
    findings = [
        {
            "path": e.path,
            "code": e.code,
            "name": names[e.code],
            "subject": e.subject,
            "occurrence": e.occurrence,
        }
        for e in sorted(entry for _, entry in paired)
    ]
    document = {"fastlayer-baseline": FORMAT_VERSION, "findings": findings}
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


MAX_BYTES = 100_000_000


def load(path: Path, shown: str = "", root: Optional[Path] = None) -> Baseline:
    """The baseline at ``path``: a regular file of at most ``MAX_BYTES``, under ``root`` when given
    (a baseline named by the project's configuration never leaves the project)."""
    shown = shown or str(path)
    try:
        data = (
            read_inside(root, path, MAX_BYTES)
            if root is not None
            else read_regular(path, MAX_BYTES)
        )
        document = json.loads(data.decode("utf-8", "surrogateescape"))  # non-UTF-8 file names
    except FileNotFoundError:
        raise BaselineError(
            f"{shown}: baseline file not found (create it with --write-baseline {shown})"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(f"{shown}: cannot read baseline: {exc}") from None
    return Baseline(shown, frozenset(_entries(document, shown)))


def _entries(document: object, shown: str) -> List[Entry]:
    if not isinstance(document, dict) or document.get("fastlayer-baseline") != FORMAT_VERSION:
        raise BaselineError(
            f'{shown}: not a fastlayer baseline (expected "fastlayer-baseline": {FORMAT_VERSION})'
        )
    findings = document.get("findings")
    if not isinstance(findings, list):
        raise BaselineError(f'{shown}: "findings" must be a list')
    return [_entry(item, index, shown) for index, item in enumerate(findings)]


def _entry(item: object, index: int, shown: str) -> Entry:
    if not isinstance(item, Mapping):
        raise BaselineError(f"{shown}: findings[{index}] must be an object")
    for key, (kind, described) in _FIELDS.items():
        value = item.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise BaselineError(f"{shown}: findings[{index}].{key} must be {described}")
    return Entry(item["path"], item["code"], item["subject"], item["occurrence"])
