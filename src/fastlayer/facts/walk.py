"""A read-only traversal that calls a ``CSTVisitor``'s hooks without rebuilding the tree.

``CSTNode.visit`` reconstructs every node on the way back up (its
``_visit_and_replace_children`` builds a new node even for a read-only visitor),
which is most of the cost of a pass. This walk calls the same hooks in the same
order (``visit_<Type>``, ``visit_<Type>_<field>``, ``leave_<Type>_<field>``,
``leave_<Type>``; children in lexical order; ``visit_<Type>`` returning False skips
the children) and never builds anything. Whitespace, comment and punctuation
fields (``TRIVIA``) are not entered: no fact lives there.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Dict, Hashable, List, Optional, Set, Tuple, Type

import libcst as cst
from libcst import MaybeSentinel

TRIVIA = frozenset(
    {
        "leading_lines",
        "lines_after_decorators",
        "header",
        "footer",
        "trailing_whitespace",
        "lpar",
        "rpar",
        "comma",
        "semicolon",
        "colon",
        "equal",
        "dot",
        "star_tok",
        "whitespace_before_colon",
        "whitespace_after_at",
        "whitespace_after_def",
        "whitespace_after_class",
        "whitespace_before_params",
        "whitespace_after_import",
        "whitespace_before_import",
        "whitespace_after_from",
        "whitespace_after_as",
        "whitespace_before_as",
        "whitespace_after_func",
        "whitespace_before_args",
        "whitespace_after_star",
        "whitespace_after_arg",
        "whitespace_after_keyword",
        "whitespace_before_expression",
        "whitespace_after_expression",
        "whitespace",
        "whitespace_before_test",
        "whitespace_after_test",
        "whitespace_before_indicator",
        "whitespace_after_indicator",
        "whitespace_after_if",
        "whitespace_after_else",
        "whitespace_before_else",
        "whitespace_after_in",
        "whitespace_before_in",
        "whitespace_after_for",
        "whitespace_after_try",
        "whitespace_after_with",
        "whitespace_after_while",
        "whitespace_after_return",
        "whitespace_after_except",
        "whitespace_after_elif",
        "whitespace_before_from",
        "whitespace_after_lambda",
        "whitespace_before",
        "whitespace_after",
        "first_line",
        "empty_lines",
        "last_line",
    }
)

_Hook = Optional[Callable[..., Any]]
_Plan = Tuple[_Hook, _Hook, Tuple[Tuple[str, _Hook, _Hook], ...]]


class _FieldRecorder(cst.CSTVisitor):
    """Learns a node type's fields in the order ``CSTNode.visit`` enters them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: List[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        self.fields.append(attribute)


# Types whose ``_visit_and_replace_children`` enters a field only when it is set
# (found by reading libcst 1.x): their order is learned per shape (``_shape``).
_CONDITIONAL = frozenset(
    {"FormattedStringExpression", "TemplatedStringExpression", "ImportFrom", "LazyImportFrom"}
)
Shape = Hashable  # a node type, or for a conditional type: it and the type of each field's value
_FIELD_ORDER: Dict[Shape, Tuple[str, ...]] = {}
_FIELD_NAMES: Dict[Type[cst.CSTNode], Tuple[str, ...]] = {}


def _shape(node: cst.CSTNode) -> Shape:
    """What a node's field order depends on: its type, and for a conditional type which fields are
    set and to what kind of value (``None``, a node, a sequence), so that ``from a import *``
    and ``from a import b`` each learn their order once, not once per statement."""
    kind = type(node)
    if kind.__name__ not in _CONDITIONAL:
        return kind
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(node))
    return (kind, *(type(getattr(node, name)) for name in names))


def _field_order(node: cst.CSTNode) -> Tuple[str, ...]:
    shape = _shape(node)
    order = _FIELD_ORDER.get(shape)
    if order is None:
        recorder = _FieldRecorder()
        node._visit_and_replace_children(recorder)
        order = _FIELD_ORDER[shape] = tuple(dict.fromkeys(recorder.fields))
    return order


_PLANS: Dict[Tuple[type, Shape], _Plan] = {}
# Per visitor class: node types with no hook and no field to enter (``Name``, ``Integer``, ...),
# about half the nodes a walk meets: not even called.
_INERT: Dict[type, Set[Type[cst.CSTNode]]] = {}


class Walker:
    """Drives ``visitor`` over a tree; hook look-ups are cached per (visitor class, node type)."""

    def __init__(self, visitor: cst.CSTVisitor) -> None:
        self._visitor = visitor
        self._kind = type(visitor)
        self._inert = _INERT.setdefault(self._kind, set())

    def walk(self, node: cst.CSTNode) -> None:
        plan = _PLANS.get((self._kind, type(node))) or self._learn(node)
        visit, leave, fields = plan
        visitor = self._visitor
        inert = self._inert
        if visit is None or visit(visitor, node) is not False:
            for name, enter, exit_ in fields:
                if enter is not None:
                    enter(visitor, node)
                value = getattr(node, name)
                if type(value) is tuple or type(value) is list:
                    for child in value:
                        if type(child) not in inert:
                            self.walk(child)
                elif (
                    value is not None
                    and type(value) is not MaybeSentinel
                    and type(value) not in inert
                ):
                    self.walk(value)
                if exit_ is not None:
                    exit_(visitor, node)
        if leave is not None:
            leave(visitor, node)

    def _learn(self, node: cst.CSTNode) -> _Plan:
        """The plan for ``node``'s shape, made once (``type(node)`` finds it from then on, unless the
        type is conditional); a type with nothing to call or enter becomes inert."""
        key = (self._kind, _shape(node))
        plan = _PLANS.get(key)
        if plan is None:
            plan = _PLANS[key] = self._plan(node)
            if plan == (None, None, ()) and key[1] is type(node):
                self._inert.add(type(node))
        return plan

    def _plan(self, node: cst.CSTNode) -> _Plan:
        name = type(node).__name__
        hook = self._hook
        fields = tuple(
            (field, hook(f"visit_{name}_{field}"), hook(f"leave_{name}_{field}"))
            for field in _field_order(node)
            if field not in TRIVIA
        )
        return hook(f"visit_{name}"), hook(f"leave_{name}"), fields

    def _hook(self, name: str) -> _Hook:
        """The visitor's own hook, None for libcst's empty stubs (marked ``_is_no_op``, as its
        ``BatchableCSTVisitor`` skips them): calling one per node and field was a third of a walk."""
        found: _Hook = getattr(self._kind, name, None)
        return None if getattr(found, "_is_no_op", False) else found


def children(node: cst.CSTNode) -> List[cst.CSTNode]:
    """``node.children`` (lexical order, whitespace included) without rebuilding ``node``."""
    found: List[cst.CSTNode] = []
    for name in _field_order(node):
        value = getattr(node, name)
        if type(value) is tuple or type(value) is list:
            found.extend(value)
        elif value is not None and type(value) is not MaybeSentinel:
            found.append(value)
    return found
