"""Start positions of libcst nodes, read off the host's ``ast`` tree of the same text.

``ast.parse`` (C) gives every statement and expression its start. Pairing each libcst node with
its ``ast`` twin is a walk over statements and expressions only, where libcst's codegen
(``offsets.OffsetState``) goes through every token and whitespace node: on a FastAPI service that
codegen cost a third of the parse's time. A node the pairing cannot place is left out
(its position then comes from the codegen pass), so a shape this module does not know costs speed,
never a wrong position; ``tests/facts/test_twins.py`` checks every placed node against libcst's
``PositionProvider``.

The starts are ``ast``'s: line (1-based) and UTF-8 byte column (0-based); ``positions`` turns the
column into characters. Both trees put a node's start after its own parentheses and at the first
token of its left operand, except that ``ast`` starts a parenthesised tuple or generator at its
``(`` (and a generator that is a call's only argument at the call's): ``inside`` moves those.
"""

from __future__ import annotations

import ast
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Type

import libcst as cst

from fastlayer.facts.offsets import LINE_BREAK, TextState

Start = Tuple[int, int]


def pair_module(module: cst.Module, tree: ast.Module) -> Dict[int, Start]:
    """``id(libcst node) -> start`` for every node of ``module`` placed by its twin in ``tree``."""
    pairing = _Pairing(module)
    pairing.body(module.body, tree.body)
    return pairing.starts


class _Pairing:
    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self.starts: Dict[int, Start] = {}
        self.indents: List[str] = []  # of the blocks around the statement being paired

    def at(self, node: cst.CSTNode, twin: Any) -> None:
        self.starts[id(node)] = (twin.lineno, twin.col_offset)

    def body(self, statements: Sequence[cst.CSTNode], twins: Sequence[ast.stmt]) -> None:
        flat: List[cst.CSTNode] = []
        for statement in statements:
            if type(statement) is cst.SimpleStatementLine:
                flat.extend(statement.body)
            else:
                flat.append(statement)
        if len(flat) == len(twins):
            for statement, twin in zip(flat, twins):
                self.statement(statement, twin)

    def block(self, block: Any, twins: Sequence[ast.stmt]) -> None:
        """An ``IndentedBlock`` (its indentation kept for ``within``) or a one-line suite."""
        indented = type(block) is cst.IndentedBlock
        if indented:
            self.indents.append(
                self.module.default_indent if block.indent is None else block.indent
            )
        self.body(block.body, twins)
        if indented:
            self.indents.pop()

    def statement(self, node: cst.CSTNode, twin: ast.stmt) -> None:
        found = _STATEMENTS.get(type(node))
        if found is not None and isinstance(twin, found[0]):
            self.at(node, twin)
            found[1](self, node, twin)

    def expr(self, node: Optional[cst.CSTNode], twin: Optional[ast.AST]) -> None:
        if node is None or twin is None:
            return
        found = _EXPRESSIONS.get(type(node))
        if found is not None and isinstance(twin, found[0]):
            found[1](self, node, twin)

    def exprs(self, nodes: Sequence[Optional[cst.CSTNode]], twins: Sequence[Any]) -> None:
        if len(nodes) == len(twins):
            for node, twin in zip(nodes, twins):
                self.expr(node, twin)

    def named(self, node: Any, twin: Any, *keywords: Tuple[str, Any]) -> None:
        """A ``def``'s or ``class``'s name: after its keywords and their spaces, on the same line."""
        column = twin.col_offset
        for keyword, space in keywords:
            if not isinstance(space, cst.SimpleWhitespace) or "\\" in space.value:
                return
            column += len(keyword) + len(space.value)
        self.starts[id(node.name)] = (twin.lineno, column)

    def arguments(self, args: Sequence[cst.Arg], positional: Sequence[Any], keywords: Any) -> None:
        """A call's or class's arguments in source order against ``ast``'s two lists."""
        if len(args) != len(positional) + len(keywords):
            return
        position, keyword = iter(positional), iter(keywords)
        for arg in args:
            named = arg.keyword is not None or arg.star == "**"
            twin = next(keyword if named else position, None)
            if twin is None:
                return
            if named:
                self.expr(arg.value, twin.value)
            elif arg.star != "*":
                self.expr(arg.value, twin)
            elif isinstance(twin, ast.Starred):
                self.expr(arg.value, twin.value)

    def parameters(self, node: cst.Parameters, twin: ast.arguments) -> None:
        groups = [
            (node.posonly_params, twin.posonlyargs),
            (node.params, twin.args),
            (node.kwonly_params, twin.kwonlyargs),
        ]
        if any(len(params) != len(args) for params, args in groups):
            return
        pairs = [pair for params, args in groups for pair in zip(params, args)]
        if isinstance(node.star_arg, cst.Param) and twin.vararg is not None:
            pairs.append((node.star_arg, twin.vararg))
        if node.star_kwarg is not None and twin.kwarg is not None:
            pairs.append((node.star_kwarg, twin.kwarg))
        for param, arg in pairs:
            self.at(param.name, arg)
            if param.annotation is not None:
                self.expr(param.annotation.annotation, arg.annotation)
        positional = [*node.posonly_params, *node.params]
        self.exprs([p.default for p in positional if p.default is not None], twin.defaults)
        for param, default in zip(node.kwonly_params, twin.kw_defaults):
            self.expr(param.default, default)

    def comprehension(
        self, loop: Optional[cst.CompFor], twins: Sequence[ast.comprehension]
    ) -> None:
        for twin in twins:
            if loop is None:
                return
            self.expr(loop.target, twin.target)
            self.expr(loop.iter, twin.iter)
            self.exprs([condition.test for condition in loop.ifs], twin.ifs)
            loop = loop.inner_for_in

    def elements(self, node: Any, twin: Any) -> None:
        """A list's, tuple's or set's elements (``*x`` among them)."""
        if len(node.elements) != len(twin.elts):
            return
        for element, item in zip(node.elements, twin.elts):
            if type(element) is cst.StarredElement:
                if isinstance(item, ast.Starred):
                    self.at(element, item)
                    self.expr(element.value, item.value)
            else:
                self.expr(element.value, item)

    def inside(self, node: Any, twin: Any, first: Optional[cst.CSTNode], first_twin: Any) -> None:
        """A parenthesised tuple or generator: ``ast`` starts it at its ``(``, libcst after it and
        the space that follows; after a line break, where its first part starts."""
        space = node.lpar[0].whitespace_after if len(node.lpar) == 1 else None
        if isinstance(space, cst.SimpleWhitespace) and "\\" not in space.value:
            self.starts[id(node)] = (twin.lineno, twin.col_offset + 1 + len(space.value))
        else:
            self.starts_with(node, first, first_twin)

    def starts_with(self, node: cst.CSTNode, first: Optional[cst.CSTNode], first_twin: Any) -> None:
        """``node`` starts where its first part does, that part's parentheses included: its own
        start when it has none, its twin's for a tuple or generator in one pair (``ast`` starts
        those at their ``(``)."""
        brackets = len(getattr(first, "lpar", ()))
        if first is not None and brackets == 0 and id(first) in self.starts:
            self.starts[id(node)] = self.starts[id(first)]
        elif (
            type(first) in (cst.Tuple, cst.GeneratorExp)
            and brackets == 1
            and first_twin is not None
        ):
            self.at(node, first_twin)

    def within(self, node: cst.CSTNode, twin: Any) -> None:
        """The parts of a string with no twin of their own (an f-string's expressions), each placed
        from ``node``'s start by a codegen of ``node`` alone, with the indentation of the block it
        is in (a line break inside ``{...}`` may write it)."""
        state = TextState(self.module)
        state.indent_tokens = list(self.indents)
        node._codegen(state)
        text, origin = "".join(state.tokens), state.starts[id(node)]
        for key, offset in state.starts.items():
            if offset < origin:
                continue  # the string's own parentheses
            breaks = LINE_BREAK.findall(text, origin, offset)
            if not breaks:
                start = (twin.lineno, twin.col_offset + len(text[origin:offset].encode()))
            else:
                line_start = text.rindex(breaks[-1][-1], origin, offset) + 1
                start = (twin.lineno + len(breaks), len(text[line_start:offset].encode()))
            self.starts.setdefault(key, start)


def _fields(*fields: str, start: bool = True) -> Callable[[_Pairing, Any, Any], None]:
    """A node whose parts pair field by field (``"expression:operand"`` names both trees' field),
    starting at its twin's start (statements are placed by ``_Pairing.statement`` already)."""
    names = [tuple(field.split(":")) if ":" in field else (field, field) for field in fields]

    def pair(p: _Pairing, node: Any, twin: Any) -> None:
        if start:
            p.at(node, twin)
        for mine, theirs in names:
            p.expr(getattr(node, mine), getattr(twin, theirs))

    return pair


# -- statements ------------------------------------------------------------------------


def _assign(p: _Pairing, node: cst.Assign, twin: ast.Assign) -> None:
    p.exprs([target.target for target in node.targets], twin.targets)
    p.expr(node.value, twin.value)


def _ann_assign(p: _Pairing, node: cst.AnnAssign, twin: ast.AnnAssign) -> None:
    p.expr(node.target, twin.target)
    p.expr(node.annotation.annotation, twin.annotation)
    p.expr(node.value, twin.value)


def _raise(p: _Pairing, node: cst.Raise, twin: ast.Raise) -> None:
    p.expr(node.exc, twin.exc)
    if node.cause is not None:
        p.expr(node.cause.item, twin.cause)


def _del(p: _Pairing, node: cst.Del, twin: ast.Delete) -> None:
    target = node.target
    if type(target) is cst.Tuple and not target.lpar and len(twin.targets) > 1:
        p.exprs([element.value for element in target.elements], twin.targets)
    elif len(twin.targets) == 1:
        p.expr(target, twin.targets[0])


def _imported(p: _Pairing, node: Any, twin: Any) -> None:
    """``import`` and ``from ... import``: each name (``ast`` places them from Python 3.10)."""
    names = node.names
    if isinstance(names, Sequence) and len(names) == len(twin.names):
        for alias, named in zip(names, twin.names):
            if hasattr(named, "lineno"):
                p.at(alias, named)


def _function(p: _Pairing, node: cst.FunctionDef, twin: Any) -> None:
    p.exprs([decorator.decorator for decorator in node.decorators], twin.decorator_list)
    keywords = [("def", node.whitespace_after_def)]
    if node.asynchronous is not None:
        keywords.insert(0, ("async", node.asynchronous.whitespace_after))
    p.named(node, twin, *keywords)
    p.parameters(node.params, twin.args)
    if node.returns is not None:
        p.expr(node.returns.annotation, twin.returns)
    p.block(node.body, twin.body)


def _class(p: _Pairing, node: cst.ClassDef, twin: ast.ClassDef) -> None:
    p.exprs([decorator.decorator for decorator in node.decorators], twin.decorator_list)
    p.named(node, twin, ("class", node.whitespace_after_class))
    p.arguments([*node.bases, *node.keywords], twin.bases, twin.keywords)
    p.block(node.body, twin.body)


def _compound(*header: str) -> Callable[[_Pairing, Any, Any], None]:
    """``if``, ``while`` and ``for``: the parts of their header, their body, their ``else``."""
    parts = _fields(*header, start=False)

    def pair(p: _Pairing, node: Any, twin: Any) -> None:
        parts(p, node, twin)
        p.block(node.body, twin.body)
        _orelse(p, node.orelse, twin.orelse)

    return pair


def _orelse(p: _Pairing, orelse: Any, twins: List[ast.stmt]) -> None:
    if type(orelse) is cst.If and len(twins) == 1:
        p.statement(orelse, twins[0])
    elif type(orelse) is cst.Else:
        p.block(orelse.body, twins)


def _try(p: _Pairing, node: Any, twin: Any) -> None:
    p.block(node.body, twin.body)
    if len(node.handlers) == len(twin.handlers):
        for handler, caught in zip(node.handlers, twin.handlers):
            p.at(handler, caught)
            p.expr(handler.type, caught.type)
            p.block(handler.body, caught.body)
    _orelse(p, node.orelse, twin.orelse)
    if node.finalbody is not None:
        p.block(node.finalbody.body, twin.finalbody)


def _with(p: _Pairing, node: cst.With, twin: Any) -> None:
    if len(node.items) == len(twin.items):
        for item, twin_item in zip(node.items, twin.items):
            p.expr(item.item, twin_item.context_expr)
            if item.asname is not None:
                p.expr(item.asname.name, twin_item.optional_vars)
    p.block(node.body, twin.body)


def _match(p: _Pairing, node: Any, twin: Any) -> None:
    """``match``: its cases are indented once more, their bodies once more again."""
    p.expr(node.subject, twin.subject)
    if len(node.cases) != len(twin.cases):
        return
    p.indents.append(p.module.default_indent if node.indent is None else node.indent)
    for case, twin_case in zip(node.cases, twin.cases):
        p.expr(case.guard, twin_case.guard)
        p.block(case.body, twin_case.body)
    p.indents.pop()


_Handler = Tuple[Any, Callable[[_Pairing, Any, Any], None]]
_STATEMENTS: Dict[Type[cst.CSTNode], _Handler] = {
    cst.Expr: (ast.Expr, _fields("value", start=False)),
    cst.Assign: (ast.Assign, _assign),
    cst.AnnAssign: (ast.AnnAssign, _ann_assign),
    cst.AugAssign: (ast.AugAssign, _fields("target", "value", start=False)),
    cst.Return: (ast.Return, _fields("value", start=False)),
    cst.Raise: (ast.Raise, _raise),
    cst.Assert: (ast.Assert, _fields("test", "msg", start=False)),
    cst.Del: (ast.Delete, _del),
    cst.Import: (ast.Import, _imported),
    cst.ImportFrom: (ast.ImportFrom, _imported),
    cst.Pass: (ast.Pass, _fields(start=False)),
    cst.Break: (ast.Break, _fields(start=False)),
    cst.Continue: (ast.Continue, _fields(start=False)),
    cst.Global: (ast.Global, _fields(start=False)),
    cst.Nonlocal: (ast.Nonlocal, _fields(start=False)),
    cst.FunctionDef: ((ast.FunctionDef, ast.AsyncFunctionDef), _function),
    cst.ClassDef: (ast.ClassDef, _class),
    cst.If: (ast.If, _compound("test")),
    cst.For: ((ast.For, ast.AsyncFor), _compound("target", "iter")),
    cst.While: (ast.While, _compound("test")),
    cst.Try: (ast.Try, _try),
    cst.With: ((ast.With, ast.AsyncWith), _with),
}
if hasattr(ast, "Match"):  # Python 3.10+
    _STATEMENTS[cst.Match] = (ast.Match, _match)
if hasattr(ast, "TryStar"):  # Python 3.11+
    _STATEMENTS[cst.TryStar] = (ast.TryStar, _try)


# -- expressions -------------------------------------------------------------------------


def _leaf(p: _Pairing, node: cst.CSTNode, twin: ast.expr) -> None:
    p.at(node, twin)


def _string(p: _Pairing, node: cst.CSTNode, twin: ast.expr) -> None:
    """An f-string, or strings concatenated: one twin, and parts placed from its start."""
    p.at(node, twin)
    p.within(node, twin)


def _name(p: _Pairing, node: cst.Name, twin: ast.expr) -> None:
    if type(twin) is ast.Name or node.value in ("True", "False", "None"):
        p.at(node, twin)


def _call(p: _Pairing, node: cst.Call, twin: ast.Call) -> None:
    p.at(node, twin)
    p.expr(node.func, twin.func)
    p.arguments(node.args, twin.args, twin.keywords)


def _subscript(p: _Pairing, node: cst.Subscript, twin: ast.Subscript) -> None:
    p.at(node, twin)
    p.expr(node.value, twin.value)
    if len(node.slice) == 1:
        _slice(p, node.slice[0].slice, twin.slice)
    elif isinstance(twin.slice, ast.Tuple) and len(twin.slice.elts) == len(node.slice):
        for element, item in zip(node.slice, twin.slice.elts):
            _slice(p, element.slice, item)


def _slice(p: _Pairing, node: cst.BaseSlice, twin: ast.expr) -> None:
    if type(node) is cst.Index:
        p.expr(node.value, twin)
    elif type(node) is cst.Slice and isinstance(twin, ast.Slice):
        p.exprs([node.lower, node.upper, node.step], [twin.lower, twin.upper, twin.step])


def _boolop(p: _Pairing, node: cst.BooleanOperation, twin: ast.BoolOp) -> None:
    """``a or b or c`` is one ``BoolOp`` of three values, two nested libcst nodes that start together."""
    kind = type(node.operator)
    if (kind is cst.And) != isinstance(twin.op, ast.And):
        return
    chain: List[cst.BooleanOperation] = []
    left: cst.BaseExpression = node
    while isinstance(left, cst.BooleanOperation) and type(left.operator) is kind:
        if left is not node and left.lpar:
            break
        chain.append(left)
        left = left.left
    values = [left, *(link.right for link in reversed(chain))]
    if len(values) == len(twin.values):
        for link in chain:
            p.at(link, twin)
        p.exprs(values, twin.values)


def _compare(p: _Pairing, node: cst.Comparison, twin: ast.Compare) -> None:
    p.at(node, twin)
    p.expr(node.left, twin.left)
    p.exprs([target.comparator for target in node.comparisons], twin.comparators)


def _listing(p: _Pairing, node: Any, twin: Any) -> None:
    """A list or set (its bracket is its start in both trees)."""
    p.at(node, twin)
    p.elements(node, twin)


def _tuple(p: _Pairing, node: cst.Tuple, twin: ast.Tuple) -> None:
    p.elements(node, twin)
    if not node.lpar:
        p.at(node, twin)
    else:
        first = node.elements[0] if node.elements else None
        first_twin = twin.elts[0] if twin.elts else None
        if type(first) is cst.Element:
            p.inside(node, twin, first.value, first_twin)
        else:
            p.inside(node, twin, first, first_twin)


def _dict(p: _Pairing, node: cst.Dict, twin: ast.Dict) -> None:
    p.at(node, twin)
    if len(node.elements) != len(twin.keys):
        return
    for element, key, value in zip(node.elements, twin.keys, twin.values):
        if type(element) is cst.DictElement:
            p.expr(element.key, key)
        p.expr(element.value, value)


def _comp(p: _Pairing, node: Any, twin: Any) -> None:
    """A list or set comprehension."""
    p.at(node, twin)
    p.expr(node.elt, twin.elt)
    p.comprehension(node.for_in, twin.generators)


def _generator(p: _Pairing, node: cst.GeneratorExp, twin: ast.GeneratorExp) -> None:
    """``ast`` starts a generator that is a call's only argument at the call's ``(``."""
    p.expr(node.elt, twin.elt)
    p.comprehension(node.for_in, twin.generators)
    if node.lpar:
        p.inside(node, twin, node.elt, twin.elt)
    else:
        p.starts_with(node, node.elt, twin.elt)


def _dict_comp(p: _Pairing, node: cst.DictComp, twin: ast.DictComp) -> None:
    p.at(node, twin)
    p.expr(node.key, twin.key)
    p.expr(node.value, twin.value)
    p.comprehension(node.for_in, twin.generators)


def _lambda(p: _Pairing, node: cst.Lambda, twin: ast.Lambda) -> None:
    p.at(node, twin)
    p.parameters(node.params, twin.args)
    p.expr(node.body, twin.body)


def _yield(p: _Pairing, node: cst.Yield, twin: Any) -> None:
    p.at(node, twin)
    value = node.value
    p.expr(value.item if type(value) is cst.From else value, twin.value)


_EXPRESSIONS: Dict[Type[cst.CSTNode], _Handler] = {
    cst.Name: ((ast.Name, ast.Constant), _name),
    cst.Integer: (ast.Constant, _leaf),
    cst.Float: (ast.Constant, _leaf),
    cst.Imaginary: (ast.Constant, _leaf),
    cst.SimpleString: (ast.Constant, _leaf),
    cst.ConcatenatedString: ((ast.Constant, ast.JoinedStr), _string),
    cst.FormattedString: (ast.JoinedStr, _string),
    cst.Ellipsis: (ast.Constant, _leaf),
    cst.Attribute: (ast.Attribute, _fields("value")),
    cst.Call: (ast.Call, _call),
    cst.Subscript: (ast.Subscript, _subscript),
    cst.BinaryOperation: (ast.BinOp, _fields("left", "right")),
    cst.UnaryOperation: (ast.UnaryOp, _fields("expression:operand")),
    cst.BooleanOperation: (ast.BoolOp, _boolop),
    cst.Comparison: (ast.Compare, _compare),
    cst.List: (ast.List, _listing),
    cst.Set: (ast.Set, _listing),
    cst.Tuple: (ast.Tuple, _tuple),
    cst.Dict: (ast.Dict, _dict),
    cst.ListComp: (ast.ListComp, _comp),
    cst.SetComp: (ast.SetComp, _comp),
    cst.GeneratorExp: (ast.GeneratorExp, _generator),
    cst.DictComp: (ast.DictComp, _dict_comp),
    cst.IfExp: (ast.IfExp, _fields("test", "body", "orelse")),
    cst.Lambda: (ast.Lambda, _lambda),
    cst.Await: (ast.Await, _fields("expression:value")),
    cst.Yield: ((ast.Yield, ast.YieldFrom), _yield),
    cst.NamedExpr: (ast.NamedExpr, _fields("target", "value")),
}
