"""What a name or a call evaluates to, statically: a FastAPI app, an APIRouter, a Celery app,
and which framework base classes a class derives from.

``Objects.of_expr(module, expr, scope)`` follows a name through the function
scope it is used in (``app = FastAPI()`` inside ``create_app``), the module's
own assignments, imports from other project modules, and project factory
functions (``app = create_application()`` where the function creates a
``FastAPI()``; ``APIRouter = get_api_router_class(...)`` where the function
defines an ``APIRouter`` subclass). Anything it cannot follow is ``None``:
rules then report nothing.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Collection, Dict, FrozenSet, Iterator, Literal, Optional, Set, Tuple, get_args

from fastlayer.facts.expr import Expr
from fastlayer.facts.types import Assignment, CallFact, ClassFact, FunctionFact
from fastlayer.model.module import Module
from fastlayer.model.symbols import Symbols

MAX_DEPTH = 12

ObjKind = Literal["app", "router", "celery"]
OBJ_KINDS: Tuple[ObjKind, ...] = get_args(ObjKind)
# What a class marks its subclasses as: a runtime object kind, or pydantic (a Pydantic model),
# settings (pydantic-settings), sqlmodel (SQLModel), declarative (SQLAlchemy 2 DeclarativeBase:
# its direct subclass is the base, not a table), orm (a class whose subclasses are ORM models:
# declarative_base() result, tortoise Model), exception.
Marker = Literal[
    "app", "router", "celery", "pydantic", "settings", "sqlmodel", "declarative", "orm", "exception"
]
INSTANCE_CLASSES: Dict[str, ObjKind] = {
    "fastapi.FastAPI": "app",
    "fastapi.applications.FastAPI": "app",
    "fastapi.APIRouter": "router",
    "fastapi.routing.APIRouter": "router",
    "celery.Celery": "celery",
    "celery.app.Celery": "celery",
    "celery.app.base.Celery": "celery",
}
_BUILTIN_EXCEPTIONS: Dict[str, Marker] = {
    name: "exception"
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
}
# pydantic-settings and pydantic v1 ``BaseSettings``: the one notion of a settings class.
SETTINGS_CLASSES = frozenset(
    {
        "pydantic.BaseSettings",
        "pydantic.env_settings.BaseSettings",
        "pydantic.v1.BaseSettings",
        "pydantic.v1.env_settings.BaseSettings",
        "pydantic_settings.BaseSettings",
        "pydantic_settings.main.BaseSettings",
    }
)
MARKER_CLASSES: Dict[str, Marker] = {
    **_BUILTIN_EXCEPTIONS,
    **INSTANCE_CLASSES,
    "pydantic.BaseModel": "pydantic",
    "pydantic.main.BaseModel": "pydantic",
    "pydantic.v1.BaseModel": "pydantic",
    "pydantic.RootModel": "pydantic",
    "pydantic.root_model.RootModel": "pydantic",
    "pydantic.generics.GenericModel": "pydantic",
    **{name: "settings" for name in SETTINGS_CLASSES},
    "sqlmodel.SQLModel": "sqlmodel",
    "sqlmodel.main.SQLModel": "sqlmodel",
    "sqlalchemy.orm.DeclarativeBase": "declarative",
    "sqlalchemy.orm.DeclarativeBaseNoMeta": "declarative",
    "sqlalchemy.orm.decl_api.DeclarativeBase": "declarative",
    "tortoise.models.Model": "orm",
    "tortoise.Model": "orm",
    "fastapi.HTTPException": "exception",
    "fastapi.exceptions.HTTPException": "exception",
    "starlette.exceptions.HTTPException": "exception",
}
DECLARATIVE_FACTORIES = frozenset(
    {
        "sqlalchemy.orm.declarative_base",
        "sqlalchemy.ext.declarative.declarative_base",
        "sqlalchemy.orm.decl_api.declarative_base",
    }
)
AS_DECLARATIVE = frozenset(
    {"sqlalchemy.orm.as_declarative", "sqlalchemy.ext.declarative.as_declarative"}
)


@dataclass(frozen=True)
class Obj:
    """A runtime object created by a call fastlayer can see. ``key`` identifies it project-wide."""

    kind: ObjKind
    key: str
    path: str
    ctor: Expr


def scopes(scope: str) -> Iterator[str]:
    """``a.b`` -> ``a.b``, ``a``, ``""``: the function scopes a name may be bound in."""
    while scope:
        yield scope
        scope = scope.rpartition(".")[0]
    yield ""


class Objects:
    """Follows names and calls to the runtime objects they stand for (``Obj``) and classes to
    their markers; memoised per class for the run (``ProjectModel.objects``)."""

    def __init__(self, symbols: Symbols) -> None:
        self.symbols = symbols
        self._markers: Dict[Tuple[str, str], FrozenSet[Marker]] = {}

    # -- objects -----------------------------------------------------------
    def of_expr(
        self, module: Module, expr: Optional[Expr], scope: str = "", depth: int = 0
    ) -> Optional[Obj]:
        if expr is None or depth > MAX_DEPTH:
            return None
        if expr.kind == "call":
            return self.of_call(module, expr, depth)
        dotted = expr.dotted()
        return self.of_name(module, dotted, scope, depth) if dotted else None

    def of_call(self, module: Module, call: Expr, depth: int = 0) -> Optional[Obj]:
        callee = call.callee.dotted() if call.callee is not None else None
        if callee is None:
            return None
        kind = self.class_kind(module, callee, depth)
        if kind is not None:
            return Obj(kind, f"{module.path}:{call.line}:{call.column}", module.path, call)
        return self._factory_result(module, callee, depth)

    def of_name(self, module: Module, dotted: str, scope: str, depth: int) -> Optional[Obj]:
        head, _, rest = dotted.partition(".")
        if not rest:
            local = self._local_call(module, head, scope)
            if local is not None:
                return self.of_call(module, local.call, depth + 1)
            if head not in module.facts.bindings:
                assignment = _last_assignment(module, head)
                return self.of_expr(module, assignment.value, "", depth + 1) if assignment else None
        definition = self._definition(module, dotted)
        if definition is not None and isinstance(definition.fact, Assignment):
            return self.of_expr(definition.module, definition.fact.value, "", depth + 1)
        return None

    def receiver(self, module: Module, call: CallFact, methods: Collection[str]) -> Optional[Obj]:
        """The object behind ``x`` in ``x.<method>(...)`` with ``method`` in ``methods``
        (``app.include_router(...)``, ``router.add_api_route(...)``), when fastlayer follows it."""
        callee = call.call.callee
        if callee is None or callee.kind != "attr" or callee.value not in methods:
            return None
        return self.of_expr(module, callee.items[0], call.in_function)

    def _local_call(self, module: Module, name: str, scope: str) -> Optional[CallFact]:
        for candidate in scopes(scope):
            if not candidate:
                return None
            found = [
                c
                for c in module.facts.calls
                if c.in_function == candidate and c.assigned_to == name
            ]
            if found:
                return found[-1]
        return None

    def _factory_result(self, module: Module, callee: str, depth: int) -> Optional[Obj]:
        definition = self._definition(module, callee)
        if definition is None or not isinstance(definition.fact, FunctionFact):
            return None
        function, home = definition.fact, definition.module
        if function.returns is not None:
            return self.of_expr(home, function.returns, function.qualname, depth + 1)
        created = [
            c for c in home.facts.calls if c.in_function == function.qualname and c.assigned_to
        ]
        found = [
            obj
            for c in created
            if (obj := self.of_call(home, c.call, depth + 1)) and obj.kind == "app"
        ]
        return found[0] if len(found) == 1 else None

    def _definition(self, module: Module, dotted: str):  # type: ignore[no-untyped-def]
        qualified = self.symbols.qualify(module, dotted)
        return self.symbols.definition(qualified) if qualified else None

    # -- classes -----------------------------------------------------------
    def class_kind(self, module: Module, dotted: str, depth: int = 0) -> Optional[ObjKind]:
        """app / router / celery when ``dotted`` (as written in module) names such a class."""
        qualified = self.symbols.qualify(module, dotted)
        if qualified is None:
            return None
        if qualified in INSTANCE_CLASSES:
            return INSTANCE_CLASSES[qualified]
        markers = self.name_markers(qualified, deep=True, depth=depth)
        kinds = [kind for kind in OBJ_KINDS if kind in markers]
        return kinds[0] if len(kinds) == 1 else None

    def markers(self, module: Module, cls: ClassFact) -> FrozenSet[Marker]:
        """Every marker (see ``MARKER_CLASSES``) of the class's ancestors, project and external."""
        key = (module.path, cls.qualname or cls.name)
        if key not in self._markers:
            self._markers[key] = frozenset()  # cycle guard
            found: Set[Marker] = set()
            for qualified in self.symbols.ancestors(module, cls):
                found |= self.name_markers(qualified)
            self._markers[key] = frozenset(found)
        return self._markers[key]

    def name_markers(self, qualified: str, deep: bool = False, depth: int = 0) -> FrozenSet[Marker]:
        """Markers of one (absolute) class name; ancestors of a project class only when ``deep``."""
        if qualified in MARKER_CLASSES:
            return frozenset({MARKER_CLASSES[qualified]})
        definition = self.symbols.definition(qualified)
        if definition is None:
            return (
                _external_markers(qualified)
                if self.symbols.split(qualified) is None
                else frozenset()
            )
        fact, home = definition.fact, definition.module
        if isinstance(fact, ClassFact):
            own = self.markers(home, fact) if deep else frozenset()
            return own | (
                {"orm"} if self.decorated_with(home, fact.decorators, AS_DECLARATIVE) else set()
            )
        if isinstance(fact, Assignment) and fact.value is not None and depth < MAX_DEPTH:
            return self._assigned_markers(home, fact.value, depth + 1)
        return frozenset()

    def _assigned_markers(self, module: Module, value: Expr, depth: int) -> FrozenSet[Marker]:
        dotted = value.dotted()
        if dotted is not None:
            qualified = self.symbols.qualify(module, dotted)
            return (
                self.name_markers(qualified, deep=True, depth=depth) if qualified else frozenset()
            )
        callee = value.callee.dotted() if value.callee is not None else None
        if callee is None:
            return frozenset()
        if self.symbols.qualify(module, callee) in DECLARATIVE_FACTORIES or callee.endswith(
            ".generate_base"
        ):
            return frozenset({"orm"})
        return self._factory_class_markers(module, callee)

    def _factory_class_markers(self, module: Module, callee: str) -> FrozenSet[Marker]:
        """``get_api_router_class()`` defining ``class _Custom(APIRouter)``: the markers of that
        class."""
        definition = self._definition(module, callee)
        if definition is None or not isinstance(definition.fact, FunctionFact):
            return frozenset()
        prefix = definition.fact.qualname + "."
        inner = [c for c in definition.module.facts.classes if c.qualname.startswith(prefix)]
        found: Set[Marker] = set()
        for cls in inner:
            found |= self.markers(definition.module, cls)
        return frozenset(found)

    def decorated_with(
        self, module: Module, decorators: Tuple[Expr, ...], names: FrozenSet[str]
    ) -> bool:
        for decorator in decorators:
            target = decorator.callee if decorator.kind == "call" else decorator
            dotted = target.dotted() if target is not None else None
            if dotted is not None and self.symbols.qualify(module, dotted) in names:
                return True
        return False


def _external_markers(qualified: str) -> FrozenSet[Marker]:
    """An external base named ``...Error`` / ``...Exception`` is an exception class."""
    last = qualified.rsplit(".", 1)[-1]
    if "." in qualified and last.endswith(("Error", "Exception")):
        return frozenset({"exception"})
    return frozenset()


def _last_assignment(module: Module, name: str) -> Optional[Assignment]:
    for assignment in reversed(module.facts.assignments):
        if assignment.target == name:
            return assignment
    return None
