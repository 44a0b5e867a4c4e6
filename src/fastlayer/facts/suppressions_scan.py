"""Find ``# fastlayer: ignore[...]`` comments; only real comments count."""

from __future__ import annotations

import io
import re
import tokenize
from typing import Iterator, Tuple

from fastlayer.facts.types import Suppression

MARKER = "fastlayer:"
_PATTERN = re.compile(r"#\s*fastlayer:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?", re.IGNORECASE)


def scan_suppressions(text: str) -> Tuple[Suppression, ...]:
    if MARKER not in text:
        return ()
    return tuple(_from_comments(text))


def _from_comments(text: str) -> Iterator[Suppression]:
    for line, column, comment in _comments(text):
        for match in _PATTERN.finditer(comment):
            codes = tuple(
                code.strip().upper() for code in (match.group(2) or "").split(",") if code.strip()
            )
            yield Suppression(
                line, column + match.start() + 1, codes, match.group(1).lower() == "ignore-file"
            )


def _comments(text: str) -> list[Tuple[int, int, str]]:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return list(_comments_by_regex(text))
    return [
        (tok.start[0], tok.start[1], tok.string) for tok in tokens if tok.type == tokenize.COMMENT
    ]


def _comments_by_regex(text: str) -> Iterator[Tuple[int, int, str]]:
    """Fallback for code the host tokenizer rejects (newer syntax): comment-ish tails."""
    for number, line in enumerate(text.splitlines(), start=1):
        index = line.find("#")
        if index >= 0 and MARKER in line[index:]:
            yield number, index, line[index:]
