"""What each kind of code is, by qualified name (never by bare name).

Kinds (the keys of a preset's ``[placement]``):

- ``route``: a function decorated with ``.get/.post/.put/.patch/.delete/.options/.head/
  .trace/.api_route/.websocket`` on an object fastlayer can follow to ``fastapi.FastAPI()``
  or ``fastapi.APIRouter()`` (or a project subclass), the same decorator applied by hand
  (``app.get("/x")(handler)``), ``add_api_route`` calls on one, and ``Route``/``APIRoute``/
  ``WebSocketRoute`` items of a ``routes=[...]`` list (literal, or a module-level name assigned
  once) passed to ``Starlette()``, ``FastAPI()`` or ``APIRouter()``;
- ``pydantic-schema``: a class deriving from ``pydantic.BaseModel`` (or ``SQLModel``
  without ``table=True``), settings classes and ORM models excluded;
- ``orm-model``: a SQLAlchemy mapped class (a subclass of a ``DeclarativeBase``
  subclass, of a ``declarative_base()`` result or of an ``@as_declarative`` class,
  abstract ones excluded), ``SQLModel`` with ``table=True``, a Tortoise model;
- ``settings-class``: ``pydantic_settings.BaseSettings`` / ``pydantic.BaseSettings``;
- ``celery-task``: ``@shared_task`` and ``@<Celery instance>.task``;
- ``fastapi-app``: a ``FastAPI()`` call;
- ``env-read``: ``os.getenv`` / ``os.environ.get`` / ``os.environ[...]`` in a module that
  imports ``os``;
- ``exception-class``: a class deriving from ``Exception``/``BaseException``/``HTTPException``
  (or an external ``...Error``/``...Exception`` class).

Base classes are followed across the project (``class UserCreate(UserBase)`` with
``UserBase(BaseModel)`` in another module is a schema).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator, List, Literal, Optional, Tuple, get_args

from fastlayer.facts.expr import Expr
from fastlayer.facts.types import CallFact, ClassFact, FunctionFact
from fastlayer.model.core import ProjectCore
from fastlayer.model.module import Module
from fastlayer.model.objects import AS_DECLARATIVE, Obj, Objects

DetectionKind = Literal[
    "route",
    "pydantic-schema",
    "orm-model",
    "settings-class",
    "celery-task",
    "fastapi-app",
    "env-read",
    "exception-class",
]
KINDS: Tuple[DetectionKind, ...] = get_args(DetectionKind)
ROUTE_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "options", "head", "trace", "api_route", "websocket"}
)
ROUTE_CALLS = frozenset({"add_api_route", "add_api_websocket_route"})
ROUTE_CLASSES = {
    "starlette.routing.Route": "route",
    "starlette.routing.WebSocketRoute": "websocket",
    "fastapi.routing.APIRoute": "route",
    "fastapi.routing.APIWebSocketRoute": "websocket",
}
STARLETTE = frozenset({"starlette.applications.Starlette", "starlette.Starlette"})
SHARED_TASK = frozenset({"celery.shared_task", "celery.app.shared_task"})
ENV_READ_FORMS = frozenset({"getenv", "environ.get", "environ[]"})


@dataclass(frozen=True)
class Detection:
    """One piece of code of a kind. ``name``: class name, function qualname or ``FastAPI()``."""

    kind: DetectionKind
    path: str
    line: int
    column: int
    name: str


@dataclass(frozen=True)
class Route:
    """One route: where its handler is (``path``/``line``/``column``, the registration call
    when the handler cannot be followed), the handler's qualified name (``function``), the
    HTTP ``method`` or registration (``get``, ``api_route``, ``websocket``), the ``route_path``
    when it is a literal, the app or router that ``owner``s it, and whether it is ``placed`` at
    its handler (False: kept for FL502/FL503 only)."""

    path: str
    line: int
    column: int
    function: str
    method: str
    route_path: Optional[str]
    owner: Obj
    placed: bool = True
    in_schema: bool = (
        True  # False: ``include_in_schema=False`` (a route kept out of the API's schema)
    )


@dataclass(frozen=True)
class Detections:
    items: Tuple[Detection, ...]
    routes: Tuple[Route, ...]

    def of_kind(self, kind: str) -> List[Detection]:
        """Detections of ``kind`` (a ``DetectionKind``, also as named by a preset)."""
        return [item for item in self.items if item.kind == kind]


def detect(project: ProjectCore, objects: Objects) -> Detections:
    """Every detection in the parsed modules (memoised as ``ProjectModel.detections``)."""
    return _Detector(objects).run(project)


class _Detector:
    def __init__(self, resolver: Objects) -> None:
        self.objects = resolver

    def run(self, project: ProjectCore) -> Detections:
        items: List[Detection] = []
        routes: List[Route] = []
        for module in project.parsed():
            module_routes = list(self.routes(module))
            routes.extend(module_routes)
            items.extend(
                Detection("route", r.path, r.line, r.column, r.function)
                for r in module_routes
                if r.placed
            )
            items.extend(self.classes(module))
            items.extend(self.tasks(module))
            items.extend(self.apps(module))
            items.extend(self.env_reads(module))
        key = lambda d: (d.path, d.line, d.column, d.kind)  # noqa: E731
        return Detections(tuple(sorted(dict.fromkeys(items), key=key)), tuple(routes))

    # -- routes ------------------------------------------------------------
    def routes(self, module: Module) -> Iterator[Route]:
        for function in module.facts.functions:
            for decorator in function.decorators:
                route = self._decorator_route(module, function, decorator)
                if route is not None:
                    yield route
        for call in module.facts.calls:
            owner = self.objects.receiver(module, call, ROUTE_CALLS)
            if owner is not None and owner.kind in ("app", "router"):
                route_path, endpoint = _route_path(call.call), _endpoint_name(call.call)
                yield Route(
                    module.path,
                    call.line,
                    call.column,
                    endpoint,
                    "api_route",
                    route_path,
                    owner,
                    in_schema=in_schema(call.call),
                )
            if call.call.callee is not None and call.call.callee.kind == "call":
                yield from self._applied_decorator(module, call)
            yield from self._route_list(module, call)

    def _applied_decorator(self, module: Module, call: CallFact) -> Iterator[Route]:
        """``app.get("/path")(handler)``."""
        decorator = call.call.callee
        target = decorator.callee if decorator is not None else None
        if (
            decorator is None
            or target is None
            or target.kind != "attr"
            or target.value not in ROUTE_METHODS
        ):
            return
        owner = self.objects.of_expr(module, target.items[0], call.in_function)
        if owner is not None and owner.kind in ("app", "router"):
            registration = Route(
                module.path,
                call.line,
                call.column,
                "",
                str(target.value),
                _route_path(decorator),
                owner,
            )
            route = self._registered(module, call.call.positional(0), registration)
            if route is not None:
                yield route

    def _registered(
        self, module: Module, handler: Optional[Expr], registration: Route
    ) -> Optional[Route]:
        """A handler registered by name: placed at its project definition when fastlayer can
        follow it, else kept at the registration call for FL502/FL503 only; None without a name."""
        name = handler.dotted() if handler is not None else None
        if not name:
            return None
        qualified = self.objects.symbols.qualify(module, name)
        definition = self.objects.symbols.definition(qualified) if qualified else None
        if definition is not None and isinstance(definition.fact, FunctionFact):
            fact = definition.fact
            return replace(
                registration,
                path=definition.module.path,
                line=fact.line,
                column=fact.column,
                function=fact.qualname,
            )
        return replace(registration, function=name, placed=False)

    def _route_list(self, module: Module, call: CallFact) -> Iterator[Route]:
        """``Starlette(routes=[Route("/x", endpoint)])``, ``APIRouter(routes=[APIRoute(...)])``."""
        owner = self._route_list_owner(module, call)
        items = (
            _list_items(module, call.call.keyword("routes"), call.in_function)
            if owner is not None
            else ()
        )
        for item in items:
            qualified = (
                self.objects.symbols.qualify(module, item.callee.dotted() or "")
                if item.callee
                else None
            )
            method = ROUTE_CLASSES.get(qualified or "")
            if method is None or owner is None:
                continue
            registration = Route(
                module.path, item.line, item.column, "", method, _route_path(item), owner
            )
            route = self._registered(
                module, item.positional(1) or item.keyword("endpoint"), registration
            )
            if route is not None:
                yield route

    def _route_list_owner(self, module: Module, call: CallFact) -> Optional[Obj]:
        callee = (
            call.call.callee.dotted()
            if call.call.callee is not None and call.call.keyword("routes")
            else None
        )
        if callee is None:
            return None
        if self.objects.symbols.qualify(module, callee) in STARLETTE:
            return Obj("app", f"{module.path}:{call.line}:{call.column}", module.path, call.call)
        owner = self.objects.of_call(module, call.call)
        return owner if owner is not None and owner.kind in ("app", "router") else None

    def _decorator_route(
        self, module: Module, function: FunctionFact, decorator: Expr
    ) -> Optional[Route]:
        callee = decorator.callee
        if callee is None or callee.kind != "attr" or callee.value not in ROUTE_METHODS:
            return None
        scope = function.qualname.rpartition(".")[0]
        owner = self.objects.of_expr(module, callee.items[0], scope)
        if owner is None or owner.kind not in ("app", "router"):
            return None
        return Route(
            module.path,
            function.line,
            function.column,
            function.qualname,
            str(callee.value),
            _route_path(decorator),
            owner,
            in_schema=in_schema(decorator),
        )

    # -- classes -----------------------------------------------------------
    def classes(self, module: Module) -> Iterator[Detection]:
        for cls in module.facts.classes:
            kind = None if cls.type_checking else self.class_kind(module, cls)
            if kind is not None:
                yield Detection(kind, module.path, cls.line, cls.column, cls.qualname or cls.name)

    def class_kind(self, module: Module, cls: ClassFact) -> Optional[DetectionKind]:
        markers = self.objects.markers(module, cls)
        if "settings" in markers:
            return "settings-class"
        if self._is_orm_model(module, cls, markers):
            return "orm-model"
        if markers & {"pydantic", "sqlmodel"} and not markers & {"orm", "declarative"}:
            return "pydantic-schema"
        if "exception" in markers:
            return "exception-class"
        return None

    def _is_orm_model(self, module: Module, cls: ClassFact, markers: frozenset[str]) -> bool:
        if "sqlmodel" in markers:
            return _keyword_true(cls, "table")
        if not markers & {"orm", "declarative"} or _is_abstract(cls):
            return False
        if self.objects.decorated_with(module, cls.decorators, AS_DECLARATIVE):
            return False
        return "orm" in markers or not self._direct_declarative(module, cls)

    def _direct_declarative(self, module: Module, cls: ClassFact) -> bool:
        """``class Base(DeclarativeBase)`` is the declarative base itself, not a mapped table."""
        for base in cls.bases:
            qualified = self.objects.symbols.qualify(module, base.dotted())
            if qualified is not None and "declarative" in self.objects.name_markers(qualified):
                return True
        return False

    # -- tasks, apps, environment ------------------------------------------
    def tasks(self, module: Module) -> Iterator[Detection]:
        for function in module.facts.functions:
            if any(self._is_task_decorator(module, function, d) for d in function.decorators):
                yield Detection(
                    "celery-task", module.path, function.line, function.column, function.qualname
                )

    def _is_task_decorator(self, module: Module, function: FunctionFact, decorator: Expr) -> bool:
        target = decorator.callee if decorator.kind == "call" else decorator
        if target is None:
            return False
        if self.objects.decorated_with(module, (target,), SHARED_TASK):
            return True
        if target.kind != "attr" or target.value != "task":
            return False
        owner = self.objects.of_expr(module, target.items[0], function.qualname.rpartition(".")[0])
        return owner is not None and owner.kind == "celery"

    def apps(self, module: Module) -> Iterator[Detection]:
        for call in module.facts.calls:
            callee = call.call.callee.dotted() if call.call.callee is not None else None
            if callee is not None and self.objects.class_kind(module, callee) == "app":
                yield Detection("fastapi-app", module.path, call.line, call.column, f"{callee}()")

    def env_reads(self, module: Module) -> Iterator[Detection]:
        if not any(t == "os" or t.startswith("os.") for t in module.facts.bindings.values()):
            return
        for read in module.facts.env_reads:
            if read.form in ENV_READ_FORMS:
                key = read.key.value if read.key is not None and read.key.kind == "const" else None
                yield Detection(
                    "env-read", module.path, read.line, read.column, env_read_name(read.form, key)
                )


def env_read_name(form: str, key: object) -> str:
    """The read as written: ``os.getenv('X')``, ``os.environ.get('X')``, ``os.environ['X']``."""
    shown = repr(key) if isinstance(key, str) else "..."
    if form == "environ[]":
        return f"os.environ[{shown}]"
    return f"os.{form}({shown})"


DOCS_PATHS = ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect")


def is_docs_path(path: str) -> bool:
    """The interactive docs and the schema FastAPI serves (often re-declared in an app factory)."""
    return path.rstrip("/") in DOCS_PATHS or path.startswith("/docs/")


def in_schema(call: Expr) -> bool:
    """False for ``include_in_schema=False`` (a route or router kept out of the OpenAPI schema)."""
    flag = call.keyword("include_in_schema")
    return not (flag is not None and flag.kind == "const" and flag.value is False)


def _route_path(call: Expr) -> Optional[str]:
    value = call.positional(0) or call.keyword("path")
    return (
        value.value
        if value is not None and value.kind == "const" and isinstance(value.value, str)
        else None
    )


def _list_items(module: Module, expr: Optional[Expr], in_function: str) -> Tuple[Expr, ...]:
    """A list/tuple literal, or a module-level name assigned exactly once to one (not shadowed
    by a local of the calling function); else nothing."""
    if (
        expr is not None
        and expr.kind == "name"
        and _local_name(module, in_function, str(expr.value))
    ):
        return ()
    if expr is not None and expr.kind == "name":
        assignments = [a for a in module.facts.assignments if a.target == expr.value]
        expr = (
            assignments[0].value
            if len(assignments) == 1 and not assignments[0].conditional
            else None
        )
    if expr is None or expr.kind not in ("list", "tuple"):
        return ()
    return tuple(item for item in expr.items if item.kind == "call")


def _local_name(module: Module, in_function: str, name: str) -> bool:
    functions = list(module.functions_named(in_function, methods=False))
    return any(name in f.params or any(a.target == name for a in f.locals) for f in functions) or (
        bool(in_function) and not functions
    )


def _endpoint_name(call: Expr) -> str:
    endpoint = call.positional(1) or call.keyword("endpoint")
    dotted = endpoint.dotted() if endpoint is not None else None
    return dotted or "add_api_route()"


def _keyword_true(cls: ClassFact, name: str) -> bool:
    return any(
        key == name and value.kind == "const" and value.value is True for key, value in cls.keywords
    )


def _is_abstract(cls: ClassFact) -> bool:
    """``__abstract__ = True`` (SQLAlchemy) or ``class Meta: abstract = True`` (Tortoise)."""
    if any(f.target == "__abstract__" and _const_true(f.value) for f in cls.fields):
        return True
    metas = [inner for inner in cls.inner if inner.name == "Meta"]
    return any(
        f.target == "abstract" and _const_true(f.value) for meta in metas for f in meta.fields
    )


def _const_true(value: Optional[Expr]) -> bool:
    return value is not None and value.kind == "const" and value.value is True
