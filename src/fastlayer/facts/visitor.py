"""The one libcst pass over a module that collects ``FileFacts``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple

import libcst as cst

from fastlayer.facts.branches import Branches
from fastlayer.facts.conditions import dotted_name, reads_environment
from fastlayer.facts.convert import ExprConverter, string_value
from fastlayer.facts.expr import Expr
from fastlayer.facts.positions import Positions
from fastlayer.facts.scopes import FunctionScopes, params_of
from fastlayer.facts.types import (
    LOADER_CALLS,
    Assignment,
    CallFact,
    ClassFact,
    EnvRead,
    FunctionFact,
    ImportFact,
)

# Calls recorded wherever they appear, matched on the last segment of the
# callee's qualified name (so aliases such as ``from fastapi import FastAPI as F`` count).
INTERESTING_CALLS = frozenset(
    {
        "FastAPI",
        "Starlette",
        "APIRouter",
        "add_middleware",
        "Middleware",
        "CORSMiddleware",
        "include_router",
        "load_dotenv",
        "dotenv_values",
        "declarative_base",
        "Celery",
        "on_event",
        "add_api_route",
        "add_api_websocket_route",
        "add_event_handler",
        "middleware",
        "SettingsConfigDict",
        "mount",
    }
)
# The loader calls (``facts/types.py``) and the calls that build a configuration object from
# files: the evaluator follows them (``model/values/datafiles.py``).
DATA_CALLS = LOADER_CALLS | {"dynaconf.Dynaconf", "dynaconf.LazySettings"}
_ENV_CALLS = {
    "os.getenv": "getenv",
    "os.environ.get": "environ.get",
    "os.environ.setdefault": "environ.setdefault",
    "os.environ.pop": "environ.pop",
    "os.getenvb": "getenv",
}


@dataclass
class _ClassBuilder:
    node: cst.ClassDef
    qualname: str
    function_depth: int
    fields: List[Assignment] = field(default_factory=list)
    methods: List[FunctionFact] = field(default_factory=list)
    inner: List[ClassFact] = field(default_factory=list)


class FactsVisitor(cst.CSTVisitor):
    def __init__(self, module: cst.Module, positions: Optional[Positions] = None) -> None:
        super().__init__()
        self._positions = positions if positions is not None else Positions(module, module.code)
        # the helpers get the ``Positions`` object, not ``self.position``: a bound method would tie
        # them and the visitor in a cycle that only the collector frees, and the tree with it
        self.conv = ExprConverter(self._positions, module)
        self.imports: List[ImportFact] = []
        self.assignments: List[Assignment] = []
        self.classes: List[ClassFact] = []
        self.functions: List[FunctionFact] = []
        self.calls: List[CallFact] = []
        self.env_reads: List[EnvRead] = []
        self.called: List[str] = []
        self.branches = Branches(self.conv)
        self.scopes = FunctionScopes(self.conv, self._positions, self.branches.held)
        self.bindings: dict[str, str] = {}
        self._functions: List[str] = []
        self._class_stack: List[_ClassBuilder] = []
        self._type_checking = 0
        self._try = 0
        self._blocks = 0
        self._env_branches: List[
            bool
        ] = []  # per enclosing if / conditional expression: its test reads the environment
        self._assigned: dict[int, str] = {}  # id(call node) -> the single name it is assigned to
        self._stores: set[int] = (
            set()
        )  # id(subscript node) written, not read: os.environ['X'] = ...

    # -- positions -------------------------------------------------------
    def position(self, node: cst.CSTNode) -> Tuple[int, int]:
        return self._positions(node)

    # -- imports ---------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            module = _dotted(alias.name) or ""
            asname = _asname(alias)
            self._add_import(
                ImportFact(
                    module,
                    None,
                    asname,
                    0,
                    *self.position(alias),
                    **self._context(),
                    statement=self.position(node)[0],
                )
            )

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = _dotted(node.module) if node.module is not None else ""
        level = len(node.relative)
        if isinstance(node.names, cst.ImportStar):
            self._add_import(
                ImportFact(
                    module or "",
                    "*",
                    None,
                    level,
                    *self.position(node),
                    **self._context(),
                    statement=self.position(node)[0],
                )
            )
            return
        for alias in node.names:
            name = _dotted(alias.name) or ""
            self._add_import(
                ImportFact(
                    module or "",
                    name,
                    _asname(alias),
                    level,
                    *self.position(alias),
                    **self._context(),
                    statement=self.position(node)[0],
                )
            )

    def _add_import(self, fact: ImportFact) -> None:
        self.imports.append(fact)
        if fact.bound_name is not None:
            self.bindings[fact.bound_name] = fact.target

    def _context(self) -> dict[str, bool]:
        return {
            "in_function": bool(self._functions),
            "type_checking": self._type_checking > 0,
            "in_try": self._try > 0,
        }

    # -- blocks ----------------------------------------------------------
    def visit_If(self, node: cst.If) -> None:
        self._blocks += 1
        self._env_branches.append(reads_environment(node.test, self._qualify))

    def leave_If(self, original_node: cst.If) -> None:
        self._blocks -= 1
        self._env_branches.pop()
        self.branches.exited(original_node, bool(self._functions))

    def visit_IfExp(self, node: cst.IfExp) -> None:
        self._env_branches.append(reads_environment(node.test, self._qualify))

    def leave_IfExp(self, original_node: cst.IfExp) -> None:
        self._env_branches.pop()

    def visit_If_body(self, node: cst.If) -> None:
        self.branches.enter(node.test)
        if _is_type_checking(node.test):
            self._type_checking += 1

    def leave_If_body(self, node: cst.If) -> None:
        self.branches.leave()
        if _is_type_checking(node.test):
            self._type_checking -= 1

    def visit_If_orelse(self, node: cst.If) -> None:
        if node.orelse is not None:
            self.branches.enter(node.test, negated=True)

    def leave_If_orelse(self, node: cst.If) -> None:
        if node.orelse is not None:
            self.branches.leave()

    def visit_Try(self, node: cst.Try) -> None:
        self._blocks += 1

    def leave_Try(self, original_node: cst.Try) -> None:
        self._blocks -= 1

    def visit_Try_body(self, node: cst.Try) -> None:
        self._try += 1

    def leave_Try_body(self, node: cst.Try) -> None:
        self._try -= 1

    def visit_For(self, node: cst.For) -> None:
        self._blocks += 1
        self.branches.enter()

    def leave_For(self, original_node: cst.For) -> None:
        self._blocks -= 1
        self.branches.leave()

    def visit_While(self, node: cst.While) -> None:
        self._blocks += 1
        self.branches.enter()

    def leave_While(self, original_node: cst.While) -> None:
        self._blocks -= 1
        self.branches.leave()

    def visit_Return(self, node: cst.Return) -> None:
        self.scopes.returned()

    def visit_Dict(self, node: cst.Dict) -> None:
        self.scopes.dict_literal(node)

    def visit_Tuple(self, node: cst.Tuple) -> None:
        self.scopes.tuple_literal(node)

    def visit_With(self, node: cst.With) -> None:
        """A ``with`` body always runs: ``with open(p) as f:`` binds ``f = open(p)`` for the
        evaluator, and assignments inside are not conditional."""
        self.branches.enter()
        for item in node.items:
            target = item.asname.name if item.asname is not None else None
            if isinstance(target, cst.Name):
                self._record_assignment(target, item.item, None, item)
                self._scope_assign(target, item.item, None)

    def leave_With(self, original_node: cst.With) -> None:
        self.branches.leave()

    # -- definitions -----------------------------------------------------
    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        qualname = self._qualname(node.name.value)
        self._class_stack.append(_ClassBuilder(node, qualname, len(self._functions)))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        builder = self._class_stack.pop()
        fact = self._class_fact(builder)
        if self._class_stack and self._class_stack[-1].function_depth == len(self._functions):
            self._class_stack[-1].inner.append(fact)
        else:
            self.classes.append(fact)

    def _class_fact(self, builder: _ClassBuilder) -> ClassFact:
        node = builder.node
        bases = tuple(
            self.conv.convert(arg.value)
            for arg in node.bases
            if arg.keyword is None and not arg.star
        )
        keywords = tuple(
            (arg.keyword.value, self.conv.convert(arg.value))
            for arg in node.keywords
            if arg.keyword
        )
        return ClassFact(
            node.name.value,
            *self.position(node.name),
            bases=bases,
            keywords=keywords,
            decorators=self._decorators(node.decorators),
            fields=tuple(builder.fields),
            methods=tuple(builder.methods),
            inner=tuple(builder.inner),
            qualname=builder.qualname,
            type_checking=self._type_checking > 0,
        )

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        fact = FunctionFact(
            node.name.value,
            *self.position(node.name),
            decorators=self._decorators(node.decorators),
            is_async=node.asynchronous is not None,
            trivial_body=_is_trivial(node.body),
            returns=self._single_return(node.body),
            qualname=self._qualname(node.name.value),
            params=params_of(node.params),
        )
        container = self._class_stack[-1].methods if self._in_class_body() else self.functions
        container.append(fact)
        self.scopes.enter(node, container, self._blocks, len(self.calls))
        self._functions.append(fact.qualname)
        self.branches.enter()

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.branches.leave()
        self.scopes.leave(len(self.calls))
        self._functions.pop()

    def _decorators(self, decorators: Sequence[cst.Decorator]) -> Tuple[Expr, ...]:
        return tuple(self.conv.convert(dec.decorator) for dec in decorators)

    def _single_return(self, body: cst.BaseSuite) -> Optional[Expr]:
        statements = [s for s in _statements(body) if not _is_docstring(s)]
        if len(statements) == 1 and isinstance(statements[0], cst.Return):
            return self.conv.convert(statements[0].value)
        return None

    def _qualname(self, name: str) -> str:
        scopes = [builder.qualname for builder in self._class_stack[-1:]] + self._functions[-1:]
        parent = max(scopes, key=len, default="")
        return f"{parent}.{name}" if parent else name

    def _in_class_body(self) -> bool:
        return bool(self._class_stack) and self._class_stack[-1].function_depth == len(
            self._functions
        )

    # -- assignments -----------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1:
            self._note_assigned(node.targets[0].target, node.value)
        for target in node.targets:
            if isinstance(target.target, cst.Subscript):
                self._stores.add(id(target.target))
            self._record_assignment(target.target, node.value, None, node)
            self._scope_assign(target.target, node.value, None)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._note_assigned(node.target, node.value)
        self._record_assignment(node.target, node.value, node.annotation.annotation, node)
        self._scope_assign(node.target, node.value, node.annotation.annotation)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if self._functions and not self._in_class_body():
            self.scopes.assign(node.target, node.value, None, self._blocks, augmented=True)

    def _scope_assign(
        self,
        target: cst.BaseExpression,
        value: Optional[cst.BaseExpression],
        annotation: Optional[cst.BaseExpression],
    ) -> None:
        if self._functions and not self._in_class_body():
            self.scopes.assign(target, value, annotation, self._blocks)

    def _record_assignment(
        self,
        target: cst.BaseExpression,
        value: Optional[cst.BaseExpression],
        annotation: Optional[cst.BaseExpression],
        node: cst.CSTNode,
    ) -> None:
        name = _dotted(target) if isinstance(target, (cst.Name, cst.Attribute)) else None
        if name is None:
            return
        module_level = not self._functions and not self._class_stack
        if not (module_level or self._in_class_body()):
            return
        converted = self.conv.convert(value) if value is not None else None
        fact = Assignment(
            name,
            converted,
            self.conv.convert(annotation) if annotation else None,
            *self.position(target),
            conditional=module_level and self._blocks > 0,
        )
        (self.assignments if module_level else self._class_stack[-1].fields).append(fact)

    # -- calls -----------------------------------------------------------
    def _note_assigned(
        self, target: cst.BaseExpression, value: Optional[cst.BaseExpression]
    ) -> None:
        if isinstance(target, cst.Name) and isinstance(value, cst.Call):
            self._assigned[id(value)] = target.value

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, (cst.Name, cst.Attribute)):
            self.called.append(func.value if isinstance(func, cst.Name) else func.attr.value)
        assigned = self._assigned.pop(id(node), "")
        self.scopes.call(node)
        qualified = self._qualify(_dotted(node.func))
        if qualified is None:
            if _applied_route_decorator(node):
                self._record_call(node, assigned)
            return
        last = qualified.rsplit(".", 1)[-1]
        if (
            last in INTERESTING_CALLS
            or qualified in DATA_CALLS
            or "cors" in last.lower()
            or _secret_sink(node, last)
        ):
            self._record_call(node, assigned)
        elif qualified in _ENV_CALLS:
            self._env_call(node, _ENV_CALLS[qualified])
        elif qualified in ("importlib.import_module", "__import__"):
            self._dynamic_import(node)

    def _record_call(self, node: cst.Call, assigned: str) -> None:
        """Keep ``node`` as a call of interest, with where it stands and what it is assigned to."""
        self.calls.append(
            CallFact(
                self.conv.convert(node),
                *self.position(node),
                self._current_function(),
                assigned,
                any(self._env_branches),
                self.branches.held(),
            )
        )

    def visit_BooleanOperation(self, node: cst.BooleanOperation) -> None:
        """``os.environ.get("X") or "fallback"``: an env read whose default is the right side."""
        left = node.left
        if isinstance(node.operator, cst.Or) and isinstance(left, cst.Call):
            form = _ENV_CALLS.get(self._qualify(_dotted(left.func)) or "")
            args = [arg.value for arg in left.args if arg.keyword is None and not arg.star]
            if form is not None and len(args) == 1:
                key, default = self.conv.convert(args[0]), self.conv.convert(node.right)
                self.env_reads.append(EnvRead(f"{form} or", key, default, *self.position(node)))

    def _env_call(self, node: cst.Call, form: str) -> None:
        self.scopes.env_read()
        args = [
            self.conv.convert(arg.value)
            for arg in node.args
            if arg.keyword is None and not arg.star
        ]
        key = args[0] if args else None
        default = args[1] if len(args) > 1 else None
        self.env_reads.append(EnvRead(form, key, default, *self.position(node)))

    def _dynamic_import(self, node: cst.Call) -> None:
        if not node.args or not isinstance(node.args[0].value, cst.SimpleString):
            return
        name = string_value(node.args[0].value)
        if isinstance(name, str) and name and not name.startswith("."):
            line, column = self.position(node)
            self.imports.append(
                ImportFact(name, None, None, 0, line, column, dynamic=True, **self._context())
            )

    def visit_Del(self, node: cst.Del) -> None:
        if isinstance(node.target, cst.Subscript):
            self._stores.add(id(node.target))

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if id(node) in self._stores or self._qualify(_dotted(node.value)) != "os.environ":
            return
        key = node.slice[0].slice if len(node.slice) == 1 else None
        key_expr = self.conv.convert(key.value) if isinstance(key, cst.Index) else None
        self.env_reads.append(EnvRead("environ[]", key_expr, None, *self.position(node)))

    def _qualify(self, dotted: Optional[str]) -> Optional[str]:
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        target = self.bindings.get(head, head)
        return f"{target}.{rest}" if rest else target

    def _current_function(self) -> str:
        return self._functions[-1] if self._functions else ""


_ROUTE_DECORATORS = frozenset(
    {"get", "post", "put", "patch", "delete", "options", "head", "trace", "api_route", "websocket"}
)


_SECRET_KEYWORD = re.compile(
    r"secret|passw|pwd|token|api_?key|credential|(private|signing|encryption|access)_?key|^key$",
    re.IGNORECASE,
)
_SECRET_CALLS = frozenset(
    {
        "Fernet",
        "new",
        "create_engine",
        "create_async_engine",
        "URLSafeTimedSerializer",
        "URLSafeSerializer",
    }
    | {"Signer", "TimestampSigner", "connect", "create_pool", "from_url"}
)


def _secret_sink(node: cst.Call, last: str) -> bool:
    """A call a secret may flow into (FL407 decides): a keyword named like one (``secret_key=``,
    ``api_key=``, ``password=``), ``jwt.encode(payload, key)``/``decode(token, key)``, or a key/DSN
    taking constructor (``Fernet(key)``, ``hmac.new(key)``, ``create_engine(url)``,
    ``connect(**params)``)."""
    if any(
        arg.keyword is not None and _SECRET_KEYWORD.search(arg.keyword.value) for arg in node.args
    ):
        return True
    positional = sum(1 for arg in node.args if arg.keyword is None and not arg.star)
    if last in ("encode", "decode"):
        return positional >= 2
    spread = any(arg.star == "**" for arg in node.args)  # connect(**DB): its keys may be secrets
    return last in _SECRET_CALLS and (positional >= 1 or spread)


def _applied_route_decorator(node: cst.Call) -> bool:
    """``app.get("/path")(handler)``: a route decorator applied by hand."""
    inner = node.func
    return (
        isinstance(inner, cst.Call)
        and isinstance(inner.func, cst.Attribute)
        and inner.func.attr.value in _ROUTE_DECORATORS
        and _dotted(inner.func.value) is not None
    )


_dotted = dotted_name


def _asname(alias: cst.ImportAlias) -> Optional[str]:
    if alias.asname is None or not isinstance(alias.asname.name, cst.Name):
        return None
    return alias.asname.name.value


def _is_type_checking(test: cst.BaseExpression) -> bool:
    return _dotted(test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING", "t.TYPE_CHECKING")


def _statements(body: cst.BaseSuite) -> List[cst.CSTNode]:
    if isinstance(body, cst.SimpleStatementSuite):
        return list(body.body)
    result: List[cst.CSTNode] = []
    for statement in body.body:
        result.extend(
            statement.body if isinstance(statement, cst.SimpleStatementLine) else [statement]
        )
    return result


def _is_docstring(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.Expr) and isinstance(
        statement.value, (cst.SimpleString, cst.ConcatenatedString)
    )


def _is_trivial(body: cst.BaseSuite) -> bool:
    for statement in _statements(body):
        if isinstance(statement, cst.Pass) or _is_docstring(statement):
            continue
        if isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Ellipsis):
            continue
        return False
    return True
