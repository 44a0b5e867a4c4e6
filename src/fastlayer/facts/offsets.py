"""Where each node of a libcst tree starts, as a character offset, from one lean codegen pass.

The pass counts characters instead of joining tokens, and records a node's start with the same
syntactic-start rules as libcst's ``PositionProvider``. ``TextState`` also keeps the text, for a
start read relative to a node whose own start is known (``twins``, inside an f-string).
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from typing import ContextManager, Dict, List, Optional

import libcst as cst
from libcst._nodes.internal import CodegenState

LINE_BREAK = re.compile(r"\r\n?|\n")  # the line ends libcst keeps, and where a line starts


class OffsetState(CodegenState):
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


class TextState(OffsetState):
    """``OffsetState`` that also keeps the text generated (``"".join(state.tokens)``)."""

    def __init__(self, module: cst.Module) -> None:
        super().__init__(module)
        self.tokens: List[str] = []

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.add_token(token)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        self.offset += len(value)
