"""An origin a regular expression accepts, built from the parsed pattern.

``sample(pattern, "evil")`` walks the pattern Python's own ``re`` parser produces and
writes one string it full-matches: literals as written, the first branch of each
alternation, every repetition taken at least once, and each wildcard (``.``, a
character class, ``\\w``) filled with the given word, or as much of it as the class
accepts. Two samples with different words show which part of the host a visitor's
attacker chooses. The result is checked with ``fullmatch``; None when that fails
(lookarounds, back-references) or the pattern does not compile.
"""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any, List, Optional

_parser: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")
_c: Any = importlib.import_module(
    "re._constants" if sys.version_info >= (3, 11) else "sre_constants"
)
_POOL = "abcdefghijklmnopqrstuvwxyz0123456789-"
_LIMIT = 40


def sample(pattern: str, word: str) -> Optional[str]:
    """A string ``pattern`` full-matches, its wildcards filled with ``word``; None if none is
    found."""
    try:
        compiled = re.compile(pattern)
        parsed = _parser.parse(pattern)
        text = _walk(list(parsed), word, 0)
    except (re.error, RecursionError, _Unsupported):
        return None
    return text if text is not None and compiled.fullmatch(text) is not None else None


class _Unsupported(Exception):
    pass


def _walk(items: List[Any], word: str, depth: int) -> Optional[str]:
    if depth > _LIMIT:
        raise _Unsupported
    return "".join(_item(op, av, word, depth) for op, av in items)


def _item(op: Any, av: Any, word: str, depth: int) -> str:
    if op is _c.LITERAL:
        return chr(av)
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return ""
    if op is _c.SUBPATTERN:
        return _walk(list(av[-1]), word, depth + 1) or ""
    if op is _c.BRANCH:
        return _walk(list(av[1][0]), word, depth + 1) or ""
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        return _repeat(av, word, depth)
    if op in (_c.ANY, _c.IN, _c.NOT_LITERAL):
        return _fill(op, av, word, 1, 1)
    raise _Unsupported


def _repeat(av: Any, word: str, depth: int) -> str:
    low, high, body = av[0], av[1], list(av[2])
    if len(body) == 1 and body[0][0] in (_c.ANY, _c.IN, _c.NOT_LITERAL):
        return _fill(body[0][0], body[0][1], word, low, high)
    count = max(low, 1) if high else 0
    return "".join(_walk(body, word, depth + 1) or "" for _ in range(count))


def _fill(op: Any, av: Any, word: str, low: int, high: int) -> str:
    """``word`` (or the letters of it the class accepts), at least ``low`` and at most ``high``
    long."""
    chars = [char for char in word if _accepts(op, av, char)]
    if not chars:
        chars = [char for char in _POOL if _accepts(op, av, char)][:1]
    if not chars:
        raise _Unsupported
    text = "".join(chars)
    while len(text) < max(low, 1):
        text += chars[0]
    return text[: max(high, low, 1)] if high else ""


def _accepts(op: Any, av: Any, char: str) -> bool:
    if op is _c.ANY:
        return char != "\n"
    if op is _c.NOT_LITERAL:
        return bool(ord(char) != av)
    negate = any(kind is _c.NEGATE for kind, _ in av)
    hit = any(_in_item(kind, value, char) for kind, value in av if kind is not _c.NEGATE)
    return hit != negate


def _in_item(kind: Any, value: Any, char: str) -> bool:
    if kind is _c.LITERAL:
        return bool(ord(char) == value)
    if kind is _c.RANGE:
        return bool(value[0] <= ord(char) <= value[1])
    if kind is _c.CATEGORY:
        return _category(value, char)
    return False


def _category(value: Any, char: str) -> bool:
    name = str(value).upper()
    tests = {
        "DIGIT": char.isdigit(),
        "WORD": char.isalnum() or char == "_",
        "SPACE": char.isspace(),
    }
    for key, result in tests.items():
        if key in name:
            return result != ("NOT" in name)
    return False
