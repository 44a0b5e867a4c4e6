"""Start positions of libcst nodes (replaces ``PositionProvider``), 1-based like the diagnostics.

A node is placed by its twin in the host's ``ast`` tree (``twins``) where the pairing found one;
any other node by one lean codegen pass over the file, made only when such a node is asked for.

libcst's ``PositionProvider`` builds a ``CodeRange`` of two ``CodePosition`` objects per
node and splits every token on newlines; on a FastAPI service that costs more than the
parse itself. The codegen pass (``offsets``) records only the character offset where each node
starts; an offset becomes (line, column) on demand with a bisect over the line starts.
"""

from __future__ import annotations

import ast
import bisect
from typing import Dict, Optional, Tuple

import libcst as cst

from fastlayer.facts.offsets import LINE_BREAK, OffsetState
from fastlayer.facts.twins import Start, pair_module


class Positions:
    """``positions(node) -> (line, column)``, 1-based like the diagnostics, the column in characters."""

    def __init__(self, module: cst.Module, text: str, tree: Optional[ast.Module] = None) -> None:
        self._module, self._text = module, text
        self._lines = [0] + [match.end() for match in LINE_BREAK.finditer(text)]
        # after a form feed the host compiler counts columns from 0 again, libcst does not
        form_feed = "\x0c" in text
        self._paired: Dict[int, Start] = (
            pair_module(module, tree) if tree is not None and not form_feed else {}
        )
        self._ascii = text.isascii()
        self._offsets: Optional[Dict[int, int]] = None

    def __call__(self, node: cst.CSTNode) -> Tuple[int, int]:
        start = self._paired.get(id(node))
        if start is None:
            return self._generated(node)
        line, column = start
        return line, (column if self._ascii else self._characters(line, column)) + 1

    @property
    def generated(self) -> bool:
        """Whether a node without a twin made the codegen pass run."""
        return self._offsets is not None

    def _characters(self, line: int, column: int) -> int:
        """``ast``'s column counts UTF-8 bytes; ours counts characters."""
        text = self._text[self._lines[line - 1] : self._lines[line - 1] + column]
        return (
            column
            if text.isascii()
            else len(text.encode("utf-8")[:column].decode("utf-8", "ignore"))
        )

    def _generated(self, node: cst.CSTNode) -> Tuple[int, int]:
        if self._offsets is None:
            state = OffsetState(self._module)
            self._module._codegen(state)
            self._offsets = state.starts
        offset = self._offsets[id(node)]
        line = bisect.bisect_right(self._lines, offset)
        return line, offset - self._lines[line - 1] + 1
