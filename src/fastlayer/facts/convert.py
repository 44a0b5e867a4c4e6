"""libcst expression -> ``Expr``. Pure and depth-bounded; never raises."""

from __future__ import annotations

import ast
import warnings
from typing import Callable, Optional, Sequence, Tuple, Union

import libcst as cst

from fastlayer.facts.expr import Expr, ExprKind

PositionOf = Callable[[cst.CSTNode], Tuple[int, int]]
MAX_DEPTH = 60
_EXCERPT = 60


class ExprConverter:
    """Converts expressions, looking positions up through ``position_of``."""

    def __init__(self, position_of: PositionOf, module: cst.Module) -> None:
        self._position_of = position_of
        self._module = module

    def convert(self, node: Optional[cst.BaseExpression], depth: int = 0) -> Expr:
        if node is None:
            return Expr("const", None)
        line, column = self._position_of(node)
        if depth > MAX_DEPTH:
            return Expr("unknown", "<too deep>", line=line, column=column)
        handler = _HANDLERS.get(type(node))
        built = handler(self, node, depth + 1) if handler else self._unknown(node)
        return Expr(built.kind, built.value, built.items, built.keys, line, column)

    def many(self, nodes: Sequence[cst.BaseExpression], depth: int) -> tuple[Expr, ...]:
        return tuple(self.convert(node, depth) for node in nodes)

    def _unknown(self, node: cst.CSTNode) -> Expr:
        text = self._module.code_for_node(node).strip().replace("\n", " ")
        return Expr("unknown", text[:_EXCERPT])


def string_value(node: cst.CSTNode) -> Union[str, bytes, None]:
    """A string literal's value, as libcst's ``evaluated_value`` gives it (None for an f-string or
    a str/bytes mix), but without its ``ast.literal_eval``, whose nested helpers are a reference
    cycle per call: garbage only the collector frees."""
    if type(node) is cst.SimpleString:
        try:
            with warnings.catch_warnings():  # "invalid escape sequence" is the compiler's to say
                warnings.simplefilter("ignore")
                parsed = ast.parse(node.value, mode="eval").body
        except (SyntaxError, ValueError):
            return None
        value = parsed.value if type(parsed) is ast.Constant else None
        return value if isinstance(value, (str, bytes)) else None
    if type(node) is not cst.ConcatenatedString:
        return None
    left, right = string_value(node.left), string_value(node.right)
    if type(left) is type(right) and left is not None and right is not None:
        return left + right  # type: ignore[operator]
    return None


def _string(conv: ExprConverter, node: cst.CSTNode, depth: int) -> Expr:
    assert isinstance(node, (cst.SimpleString, cst.ConcatenatedString))
    value = string_value(node)
    if isinstance(value, bytes):
        return Expr("unknown", "<bytes>")
    return Expr("const", value) if value is not None else conv._unknown(node)


def _number(conv: ExprConverter, node: cst.CSTNode, depth: int) -> Expr:
    """The literal's value (``0x1F``, ``1_000``, ``1e3``); not ``ast.literal_eval``, whose nested
    helpers are a reference cycle per call: garbage only the collector frees."""
    assert isinstance(node, (cst.Integer, cst.Float))
    try:
        value = int(node.value, 0) if isinstance(node, cst.Integer) else float(node.value)
    except ValueError:
        return conv._unknown(node)
    return Expr("const", value)


def _name(conv: ExprConverter, node: cst.CSTNode, depth: int) -> Expr:
    assert isinstance(node, cst.Name)
    constants = {"True": True, "False": False, "None": None}
    if node.value in constants:
        return Expr("const", constants[node.value])
    return Expr("name", node.value)


def _attribute(conv: ExprConverter, node: cst.CSTNode, depth: int) -> Expr:
    assert isinstance(node, cst.Attribute)
    return Expr("attr", node.attr.value, (conv.convert(node.value, depth),))


def _sequence(conv: ExprConverter, node: cst.CSTNode, depth: int) -> Expr:
    assert isinstance(node, (cst.List, cst.Tuple, cst.Set))
    kind: ExprKind = (
        "list" if isinstance(node, cst.List) else "tuple" if isinstance(node, cst.Tuple) else "set"
    )
    items = []
    for element in node.elements:
        value = conv.convert(element.value, depth)
        if isinstance(element, cst.StarredElement):
            value = Expr("starred", None, (value,), line=value.line, column=value.column)
        items.append(value)
    return Expr(kind, None, tuple(items))


def _dict(conv: ExprConverter, node: cst.CSTNode, depth: int) -> Expr:
    assert isinstance(node, cst.Dict)
    items: list[Expr] = []
    for element in node.elements:
        if isinstance(element, cst.StarredDictElement):
            items += [Expr("splat"), conv.convert(element.value, depth)]
        elif isinstance(element, cst.DictElement):
            items += [conv.convert(element.key, depth), conv.convert(element.value, depth)]
    return Expr("dict", None, tuple(items))


def _call(conv: ExprConverter, node: cst.CSTNode, depth: int) -> Expr:
    assert isinstance(node, cst.Call)
    keys = tuple(_arg_key(arg) for arg in node.args)
    args = conv.many([arg.value for arg in node.args], depth)
    return Expr("call", None, (conv.convert(node.func, depth), *args), keys)


def _arg_key(arg: cst.Arg) -> Optional[str]:
    if arg.keyword is not None:
        return arg.keyword.value
    return arg.star or None


def _binop(conv: ExprConverter, node: cst.CSTNode, depth: int) -> Expr:
    assert isinstance(node, cst.BinaryOperation)
    operator = conv._module.code_for_node(node.operator).strip()
    return Expr(
        "binop", operator, (conv.convert(node.left, depth), conv.convert(node.right, depth))
    )


def _unary(conv: ExprConverter, node: cst.CSTNode, depth: int) -> Expr:
    assert isinstance(node, cst.UnaryOperation)
    operator = conv._module.code_for_node(node.operator).strip()
    return Expr("unary", operator, (conv.convert(node.expression, depth),))


def _fstring(conv: ExprConverter, node: cst.CSTNode, depth: int) -> Expr:
    assert isinstance(node, cst.FormattedString)
    parts: list[Expr] = []
    for part in node.parts:
        if isinstance(part, cst.FormattedStringText):
            parts.append(Expr("const", part.value))
        elif isinstance(part, cst.FormattedStringExpression):
            parts.append(conv.convert(part.expression, depth))
    return Expr("fstring", None, tuple(parts))


def _comprehension(conv: ExprConverter, node: cst.CSTNode, depth: int) -> Expr:
    assert isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp))
    loop = node.for_in
    if loop.inner_for_in is not None or loop.asynchronous is not None:
        return conv._unknown(node)
    kind = {cst.ListComp: "list", cst.SetComp: "set", cst.GeneratorExp: "gen"}[type(node)]
    conditions = conv.many([cond.test for cond in loop.ifs], depth)
    target = conv.convert(loop.target, depth)
    return Expr(
        "comp",
        kind,
        (conv.convert(node.elt, depth), target, conv.convert(loop.iter, depth), *conditions),
    )


def _subscript(conv: ExprConverter, node: cst.CSTNode, depth: int) -> Expr:
    assert isinstance(node, cst.Subscript)
    if not all(isinstance(element.slice, cst.Index) for element in node.slice):
        return conv._unknown(node)
    values = [element.slice.value for element in node.slice]  # type: ignore[attr-defined]
    index = (
        conv.convert(values[0], depth)
        if len(values) == 1
        else Expr("tuple", None, conv.many(values, depth))
    )
    return Expr("subscript", None, (conv.convert(node.value, depth), index))


def _ifexp(conv: ExprConverter, node: cst.CSTNode, depth: int) -> Expr:
    assert isinstance(node, cst.IfExp)
    parts = (node.test, node.body, node.orelse)
    return Expr("ifexp", None, conv.many(parts, depth))


def _boolop(conv: ExprConverter, node: cst.CSTNode, depth: int) -> Expr:
    assert isinstance(node, cst.BooleanOperation)
    operator = "and" if isinstance(node.operator, cst.And) else "or"
    return Expr(
        "boolop", operator, (conv.convert(node.left, depth), conv.convert(node.right, depth))
    )


def _compare(conv: ExprConverter, node: cst.CSTNode, depth: int) -> Expr:
    """``a in B`` -> compare; ``a < b < c`` -> ``(a < b) and (b < c)``."""
    assert isinstance(node, cst.Comparison)
    left = conv.convert(node.left, depth)
    pairs: list[Expr] = []
    for target in node.comparisons:
        right = conv.convert(target.comparator, depth)
        operator = " ".join(conv._module.code_for_node(target.operator).split())
        pairs.append(Expr("compare", operator, (left, right)))
        left = right
    result = pairs[0]
    for pair in pairs[1:]:
        result = Expr("boolop", "and", (result, pair))
    return result


def _lambda(conv: ExprConverter, node: cst.CSTNode, depth: int) -> Expr:
    """``lambda: ["*"]`` (a ``default_factory``): the body; a lambda with parameters is unknown."""
    assert isinstance(node, cst.Lambda)
    params = node.params
    if (
        params.params
        or params.posonly_params
        or params.kwonly_params
        or isinstance(params.star_arg, cst.Param)
    ):
        return conv._unknown(node)
    return Expr("lambda", None, (conv.convert(node.body, depth),))


_HANDLERS: dict[type, Callable[[ExprConverter, cst.CSTNode, int], Expr]] = {
    cst.SimpleString: _string,
    cst.ConcatenatedString: _string,
    cst.Integer: _number,
    cst.Float: _number,
    cst.Name: _name,
    cst.Attribute: _attribute,
    cst.List: _sequence,
    cst.Tuple: _sequence,
    cst.Set: _sequence,
    cst.Dict: _dict,
    cst.Call: _call,
    cst.BinaryOperation: _binop,
    cst.UnaryOperation: _unary,
    cst.FormattedString: _fstring,
    cst.ListComp: _comprehension,
    cst.SetComp: _comprehension,
    cst.GeneratorExp: _comprehension,
    cst.Subscript: _subscript,
    cst.IfExp: _ifexp,
    cst.BooleanOperation: _boolop,
    cst.Comparison: _compare,
    cst.Lambda: _lambda,
}
