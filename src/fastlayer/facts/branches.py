"""The conditions that hold where a statement runs: the tests of the ``if`` branches around it
(negated in an ``else``) and, inside a function, the negated tests of earlier ``if test:
return``/``raise`` statements of the same block. Kept as libcst nodes during the one visitor
pass and converted only for the facts that carry them (calls of interest, CORS header writes):
``if settings.cors.enabled: app.add_middleware(...)``, ``if origin not in ALLOWED: return``."""

from __future__ import annotations

from typing import Dict, List, Tuple

import libcst as cst

from fastlayer.facts.convert import ExprConverter
from fastlayer.facts.expr import Expr


class Branches:
    def __init__(self, conv: ExprConverter) -> None:
        self.conv = conv
        self._held: List[Tuple[cst.BaseExpression, bool]] = []  # (test, negated)
        self._marks: List[int] = []
        self._converted: Dict[Tuple[int, bool], Expr] = {}

    def enter(self, test: cst.BaseExpression | None = None, negated: bool = False) -> None:
        """A block starts (an ``if`` branch with its ``test``, or a loop, ``with``, function)."""
        if test is not None:
            self._held.append((test, negated))
        self._marks.append(len(self._held) - (1 if test is not None else 0))

    def leave(self) -> None:
        del self._held[self._marks.pop() :]

    def exited(self, node: cst.If, in_function: bool) -> None:
        """After ``if test: return`` (no ``else``) the rest of the block runs only when ``test`` is
        false."""
        if in_function and node.orelse is None and _exits(node.body):
            self._held.append((node.test, True))

    def held(self) -> Tuple[Expr, ...]:
        return tuple(self._expr(test, negated) for test, negated in self._held)

    def _expr(self, test: cst.BaseExpression, negated: bool) -> Expr:
        key = (id(test), negated)
        if key not in self._converted:
            converted = self.conv.convert(test)
            self._converted[key] = (
                Expr("unary", "not", (converted,), line=converted.line, column=converted.column)
                if negated
                else converted
            )
        return self._converted[key]


def _exits(body: cst.BaseSuite) -> bool:
    statements = body.body if isinstance(body, cst.IndentedBlock) else ()
    last = statements[-1] if statements else None
    if isinstance(last, cst.SimpleStatementLine):
        return isinstance(last.body[-1], (cst.Return, cst.Raise, cst.Continue))
    return False
