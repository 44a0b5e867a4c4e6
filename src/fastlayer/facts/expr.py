"""A tiny, serialisable expression tree: enough to evaluate values statically.

The extractor turns the libcst expressions that rules care about (assigned
values, call arguments, decorators, base classes) into ``Expr`` nodes. Kinds:

- ``const``: ``value`` is a str, int, float, bool or None
- ``list`` / ``tuple`` / ``set``: ``items`` are the elements
- ``dict``: ``items`` are key, value, key, value...; a ``**x`` entry has an
  ``unknown``-free key of kind ``splat``
- ``name``: ``value`` is the identifier
- ``attr``: ``value`` is the attribute, ``items[0]`` the object
- ``call``: ``items[0]`` the callee, ``items[1:]`` the arguments; ``keys`` runs
  parallel to the arguments: None (positional), a keyword, ``*`` or ``**``
- ``binop``: ``value`` is the operator (``+``, ``|``...), ``items`` = (left, right)
- ``unary``: ``value`` is the operator, ``items`` = (operand,)
- ``fstring``: ``items`` are const parts and formatted expressions
- ``comp``: ``value`` is list/set/gen/dict, ``items`` = (element, target, iter, *conditions)
- ``subscript``: ``items`` = (object, index)
- ``ifexp``: ``items`` = (test, body, orelse)
- ``compare``: ``value`` is the operator (``in``, ``not in``, ``==``, ``is not``...), ``items`` =
  (left, right); a chain ``a < b < c`` is an ``and`` of its pairs
- ``lambda``: a lambda without parameters, ``items`` = (body,)
- ``unknown``: anything else; ``value`` holds a short source excerpt
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional, Tuple, Union

ConstValue = Union[str, int, float, bool, None]
ExprKind = Literal[
    "const",
    "list",
    "tuple",
    "set",
    "dict",
    "splat",
    "starred",
    "name",
    "attr",
    "call",
    "binop",
    "boolop",
    "unary",
    "fstring",
    "comp",
    "subscript",
    "ifexp",
    "compare",
    "lambda",
    "unknown",
]


@dataclass(frozen=True)
class Expr:
    """One node (see the module doc for what ``value`` and ``items`` hold per ``kind``); ``keys``
    only for calls; ``line``/``column`` 1-based where the extractor knows them, else 0."""

    kind: ExprKind
    value: ConstValue = None
    items: Tuple[Expr, ...] = ()
    keys: Tuple[Optional[str], ...] = ()
    line: int = 0
    column: int = 0

    def dotted(self) -> Optional[str]:
        """``a.b.c`` for a name/attribute chain, else None."""
        if self.kind == "name":
            return str(self.value)
        if self.kind == "attr":
            base = self.items[0].dotted()
            return None if base is None else f"{base}.{self.value}"
        return None

    @property
    def callee(self) -> Optional[Expr]:
        return self.items[0] if self.kind == "call" else None

    def arguments(self) -> tuple[tuple[Optional[str], Expr], ...]:
        """(keyword-or-None, value) pairs of a call."""
        if self.kind != "call":
            return ()
        return tuple(zip(self.keys, self.items[1:]))

    def keyword(self, name: str) -> Optional[Expr]:
        for key, value in self.arguments():
            if key == name:
                return value
        return None

    def positional(self, index: int) -> Optional[Expr]:
        args = [value for key, value in self.arguments() if key is None]
        return args[index] if index < len(args) else None


UNKNOWN = Expr("unknown")
