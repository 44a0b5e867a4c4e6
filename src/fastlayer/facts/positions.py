"""Start positions of every node from one lean codegen pass (replaces ``PositionProvider``).

libcst's ``PositionProvider`` builds a ``CodeRange`` of two ``CodePosition`` objects per
node and splits every token on newlines; on a FastAPI service that costs more than the
parse itself. Only start positions are needed, so this pass records the character offset
where each node starts (with the same syntactic-start rules as ``PositionProvider``) and
turns an offset into (line, column) on demand with a bisect over the line starts.
"""

from __future__ import annotations

import bisect
import re
from contextlib import nullcontext
from typing import ContextManager, Dict, Optional, Tuple

import libcst as cst
from libcst._nodes.internal import CodegenState

_NEWLINE = re.compile(r"\r\n?|\n")


class _OffsetState(CodegenState):
    """Codegen that only counts characters and remembers where nodes start (keyed by ``id``).

    A node's start is the offset when its codegen begins (the first occurrence wins), unless it
    records a syntactic position, which overrides it (the last occurrence wins): as
    ``PositionProvider`` does. Both are recorded as they happen, so the per-node work is one call."""

    def __init__(self, module: cst.Module) -> None:
        super().__init__(
            default_indent=module.default_indent, default_newline=module.default_newline
        )
        self.offset = 0
        self.starts: Dict[int, int] = {}

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.offset += len(token)

    def add_token(self, value: str) -> None:
        self.offset += len(value)

    def pop_trailing_newline(self) -> None:
        pass

    def before_codegen(self, node: cst.CSTNode) -> None:
        self.starts.setdefault(id(node), self.offset)

    def record_syntactic_position(  # type: ignore[override]
        self,
        node: cst.CSTNode,
        *,
        start_node: Optional[cst.CSTNode] = None,
        end_node: Optional[cst.CSTNode] = None,
    ) -> ContextManager[None]:
        if start_node is not None:  # an indented block: where its first statement starts
            return _StartsWith(self.starts, node, start_node)
        self.starts[id(node)] = self.offset  # where the node's own tokens begin
        return _NOTHING


_NOTHING: ContextManager[None] = nullcontext()


class _StartsWith:
    """Gives ``node`` the start of ``start_node``, once that has been generated (on exit)."""

    __slots__ = ("starts", "node", "start_node")

    def __init__(self, starts: Dict[int, int], node: cst.CSTNode, start_node: cst.CSTNode) -> None:
        self.starts, self.node, self.start_node = starts, node, start_node

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, *exc: object) -> None:
        if kind is None:
            self.starts[id(self.node)] = self.starts[id(self.start_node)]


class Positions:
    """``positions(node) -> (line, column)``, 1-based like the diagnostics."""

    def __init__(self, module: cst.Module, text: str) -> None:
        state = _OffsetState(module)
        module._codegen(state)
        self._starts = state.starts
        self._lines = [0] + [match.end() for match in _NEWLINE.finditer(text)]

    def __call__(self, node: cst.CSTNode) -> Tuple[int, int]:
        offset = self._starts[id(node)]
        line = bisect.bisect_right(self._lines, offset)
        return line, offset - self._lines[line - 1] + 1
