"""Path globs as the configuration writes them: ``*`` within a segment, ``**`` any depth.

``api/**`` matches ``api/x.py`` and ``api/a/b.py`` (and the directory ``api``
itself); ``api/**/endpoints/**`` matches ``api/v1/endpoints/users.py``; a
pattern ending in ``/`` matches that directory and everything below it.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable, Optional, Pattern


class GlobError(ValueError):
    """A glob that cannot be compiled; the message says why."""


def glob_problem(pattern: str) -> Optional[str]:
    """None for a valid glob, else what is wrong with it."""
    try:
        compile_glob(pattern)
    except GlobError as exc:
        return str(exc)
    return None


@functools.lru_cache(maxsize=4096)
def compile_glob(pattern: str) -> Pattern[str]:
    if not pattern or pattern.startswith("/"):
        raise GlobError(f"invalid glob {pattern!r}: must be a non-empty relative path")
    if pattern.endswith("/"):
        pattern += "**"
    parts = [_segment(part, pattern) for part in pattern.split("/")]
    return re.compile(_join(parts) + r"\Z")


def _join(parts: list[str]) -> str:
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


def _segment(part: str, pattern: str) -> str:
    if part == "**":
        return part
    if "**" in part:
        raise GlobError(f"invalid glob {pattern!r}: '**' must be a whole path segment")
    if part.count("[") != part.count("]"):
        raise GlobError(f"invalid glob {pattern!r}: unbalanced '['")
    out = ""
    for char in part:
        out += {"*": "[^/]*", "?": "[^/]", "[": "[", "]": "]"}.get(char, re.escape(char))
    return out


def matches(path: str, pattern: str) -> bool:
    return compile_glob(pattern).match(path) is not None


def matches_any(path: str, patterns: Iterable[str]) -> bool:
    return any(matches(path, pattern) for pattern in patterns)


def as_package(path: str) -> Optional[str]:
    """``utils.py`` -> ``utils/__init__.py``: a module file stands where its package would."""
    if not path.endswith(".py") or path.endswith("__init__.py"):
        return None
    return path[: -len(".py")] + "/__init__.py"


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
