"""Path globs as the configuration writes them: ``*`` within a segment, ``**`` any depth.

``api/**`` matches ``api/x.py`` and ``api/a/b.py`` (and the directory ``api``
itself); ``api/**/endpoints/**`` matches ``api/v1/endpoints/users.py``; a
pattern ending in ``/`` matches that directory and everything below it.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable, Iterator, List, Optional, Pattern, Set


class GlobError(ValueError):
    """A glob that cannot be compiled; the message says why."""


def glob_problem(pattern: str) -> Optional[str]:
    """None for a valid glob, else what is wrong with it."""
    try:
        compile_glob(pattern)
    except GlobError as exc:
        return str(exc)
    return None


class Glob:
    """A compiled glob. ``match(path)`` runs in time linear in the path for any pattern: a pattern
    with few ``**`` segments is one regular expression; one with more (``a/**/b/**/c/**/d/**/e``)
    is matched segment by segment as a small automaton, so no path makes it backtrack
    exponentially. Repeated ``**`` (``**/**``) is one ``**``."""

    def __init__(self, parts: List[str]) -> None:
        self.regex: Optional[Pattern[str]] = None
        self.segments: List[Optional[Pattern[str]]] = []  # None: ``**``
        if parts.count("**") <= _REGEX_DOUBLE_STARS:
            self.regex = re.compile(_join([_segment(part) for part in parts]) + r"\Z")
        else:
            self.segments = [
                None if part == "**" else re.compile(_segment(part) + r"\Z") for part in parts
            ]

    def match(self, path: str) -> bool:
        if self.regex is not None:
            return self.regex.match(path) is not None
        states = self._closure({0})
        for segment in path.split("/"):
            states = self._closure(
                {i + (s is not None) for i in states for s in self._step(i, segment)}
            )
            if not states:
                return False
        return len(self.segments) in states

    def _step(self, index: int, segment: str) -> Iterator[Optional[Pattern[str]]]:
        """The ways pattern segment ``index`` consumes ``segment``: None stays on ``**``."""
        if index < len(self.segments):
            pattern = self.segments[index]
            if pattern is None:
                yield None
            elif pattern.match(segment):
                yield pattern

    def _closure(self, states: Set[int]) -> Set[int]:
        """A ``**`` may match no segment at all."""
        more = {i + 1 for i in states if i < len(self.segments) and self.segments[i] is None}
        return states if more <= states else self._closure(states | more)


_REGEX_DOUBLE_STARS = 2
_CACHE = 1 << 16  # every glob of a large configuration (5,000 excludes) stays compiled


@functools.lru_cache(maxsize=_CACHE)
def compile_glob(pattern: str) -> Glob:
    if not pattern or pattern.startswith("/"):
        raise GlobError(f"invalid glob {pattern!r}: must be a non-empty relative path")
    if pattern.endswith("/"):
        pattern += "**"
    parts: List[str] = []
    for part in pattern.split("/"):
        _check_segment(part, pattern)
        if not (part == "**" and parts and parts[-1] == "**"):
            parts.append(part)
    try:
        return Glob(parts)
    except re.error as exc:
        raise GlobError(f"invalid glob {pattern!r}: {exc}") from None


def _join(parts: List[str]) -> str:
    regex = ""
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            regex += "(?:.*)" if last else "(?:[^/]+/)*"
            continue
        regex += part + ("" if last else "/")
    if parts and parts[-1] == "**" and regex.endswith("/(?:.*)"):
        regex = regex[: -len("/(?:.*)")] + "(?:/.*)?"
    return regex


def _check_segment(part: str, pattern: str) -> None:
    if part != "**" and "**" in part:
        raise GlobError(f"invalid glob {pattern!r}: '**' must be a whole path segment")
    if part.count("[") != part.count("]"):
        raise GlobError(f"invalid glob {pattern!r}: unbalanced '['")
    if "[" in _CLASS.sub("", part) or "]" in _CLASS.sub("", part):
        raise GlobError(
            f"invalid glob {pattern!r}: '[' and ']' must enclose a non-empty character class"
        )


_CLASS = re.compile(r"\[[!^]?[^\[\]/]+\]")


_CLASS_SPLIT = re.compile(r"(\[[!^]?[^\[\]/]+\])")


def _segment(part: str) -> str:
    if part == "**":
        return part
    out = ""
    for piece in _CLASS_SPLIT.split(part):
        if piece.startswith("[") and piece.endswith("]") and len(piece) > 2:
            body = piece[1:-1]
            negated = body[0] in "!^"
            out += (
                "[" + ("^/" if negated else "") + _class_body(body[1:] if negated else body) + "]"
            )
            continue
        for char in piece:
            out += {"*": "[^/]*", "?": "[^/]"}.get(char, re.escape(char))
    return out


def _class_body(body: str) -> str:
    """A character class's content with regex-special characters escaped (ranges ``a-z`` kept)."""
    return "".join(char if char.isalnum() or char == "-" else "\\" + char for char in body)


def matches(path: str, pattern: str) -> bool:
    return compile_glob(pattern).match(path)


def matches_any(path: str, patterns: Iterable[str]) -> bool:
    return any(matches(path, pattern) for pattern in patterns)


def as_package(path: str) -> Optional[str]:
    """``utils.py`` -> ``utils/__init__.py``: a module file stands where its package would."""
    if not path.endswith(".py") or path.endswith("__init__.py"):
        return None
    return path[: -len(".py")] + "/__init__.py"


@functools.lru_cache(maxsize=1 << 16)  # the placement and layer rules ask it per module per check
def matches_module(path: str, pattern: str) -> bool:
    """Like ``matches``, but a module ``x.py`` also matches what ``x/__init__.py`` matches,
    so ``utils/**`` covers ``utils.py`` and ``models/*.py`` covers ``models.py``."""
    package = as_package(path)
    return matches(path, pattern) or (package is not None and matches(package, pattern))


def matches_any_module(path: str, patterns: Iterable[str]) -> bool:
    return any(matches_module(path, pattern) for pattern in patterns)


def specificity(pattern: str) -> tuple[int, int]:
    """How specific a glob is: literal segments first, then literal characters."""
    segments = pattern.rstrip("/").split("/")
    literal = sum(1 for s in segments if not any(c in s for c in "*?["))
    return literal, len(pattern.replace("*", ""))
