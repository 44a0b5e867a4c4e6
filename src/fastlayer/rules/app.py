"""FL5xx: how the application is assembled (lifespan, health check, API versioning, debug)."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Iterator, List, Optional, Pattern, Tuple

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.facts.types import CallFact, FileFacts
from fastlayer.model.detectors import Route, is_docs_path
from fastlayer.model.layout import is_test_path
from fastlayer.model.objects import Obj
from fastlayer.model.perfile import calls_named, per_file
from fastlayer.model.routing import Include, Prefixes, PrefixTest, Routing
from fastlayer.model.values.environments import contexts
from fastlayer.model.values.evaluator import Evaluator, lookup
from fastlayer.model.values.types import Value, const, render, truth
from fastlayer.rules.base import Example, Rule, register, snippet
from fastlayer.rules.cors.common import origins_of

if TYPE_CHECKING:
    from fastlayer.model.module import Module
    from fastlayer.model.project import ProjectModel

_DEVELOPMENT = ("dev", "local", "test", "example", "sample", "template")
_MAIN = snippet(
    """
    from fastapi import FastAPI

    app = FastAPI()
    """
)
_HEALTH = snippet(
    """

    @app.get('/health')
    def health():
        return {'status': 'ok'}
    """
)


def _normal(path: str) -> str:
    return "/" + path.strip("/")


@functools.lru_cache(maxsize=1 << 14)  # FL502 asks it of every route on every check
def is_health_path(path: str, health_paths: Tuple[str, ...]) -> bool:
    """A health path as whole segments anywhere: ``/api/v1/utils/health-check/``, ``/health/db``."""
    normal = _normal(path).rstrip("/") + "/"
    return any(_normal(h) + "/" in normal for h in health_paths if h.strip("/"))


_EVENT_METHODS = frozenset({"on_event", "add_event_handler"})


@per_file
def _event_calls(facts: FileFacts) -> Tuple[CallFact, ...]:
    return calls_named(facts, _EVENT_METHODS.__contains__)


@register
class OnEventInsteadOfLifespan(Rule):
    """## What it does
    Reports `@app.on_event("startup")` / `@app.on_event("shutdown")` and
    `app.add_event_handler(...)` on a FastAPI app or router, followed to its `FastAPI()`
    or `APIRouter()` call (a receiver fastlayer cannot follow is not reported).

    ## Why is this bad?
    The document's `main.py` uses a lifespan context manager ("Lifespan Management:
    Handle application startup/shutdown, Initialize resources, Clean up connections").
    Event handlers are deprecated in FastAPI and Starlette, cannot share state with the
    shutdown step, and are ignored once a `lifespan` is also given.

    ## Example
    ```python
    @app.on_event("startup")
    async def connect():
        await database.connect()
    ```

    ## Use instead
    ```python
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await database.connect()
        yield
        await database.disconnect()

    app = FastAPI(lifespan=lifespan)
    ```
    """

    code = "FL501"
    name = "on-event-instead-of-lifespan"
    severity = Severity.WARNING
    summary = "Startup/shutdown event handler instead of a lifespan handler"
    valid = (
        Example(
            {
                "app/main.py": snippet(
                    """
                    from contextlib import asynccontextmanager
                    from fastapi import FastAPI

                    @asynccontextmanager
                    async def lifespan(app):
                        yield

                    app = FastAPI(lifespan=lifespan)
                    scheduler = object()
                    scheduler.on_event('tick')
                    """
                )
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": snippet(
                    """
                    from fastapi import FastAPI

                    def create_app():
                        application = FastAPI()
                        application.add_event_handler('startup', lambda: None)
                        return application

                    app = create_app()

                    @app.on_event('shutdown')
                    async def close():
                        pass
                    """
                )
            },
            expect=(("app/main.py", 5), ("app/main.py", 10)),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        resolver = project.objects
        for module, calls in project.having(_event_calls):
            self.current_path = module.path
            for call in calls:
                owner = resolver.receiver(module, call, _EVENT_METHODS)
                if owner is not None and owner.kind in ("app", "router") and call.call.callee:
                    yield self._report(module, call, str(call.call.callee.value))
        self.current_path = ""

    def _report(self, module: Module, call: CallFact, method: str) -> Diagnostic:
        event = call.call.positional(0)
        name = repr(event.value) if event is not None and event.kind == "const" else "..."
        return self.diagnostic(
            module.path,
            call.line,
            call.column,
            f"`{method}({name})` registers an event handler; "
            "use a lifespan handler (`FastAPI(lifespan=...)`)",
            subject=method,
        )


@register
class NoHealthRoute(Rule):
    """## What it does
    Reports an application (a `FastAPI()` call outside tests) when no route in the
    project serves one of `[app] health-paths` (`/health`, `/healthz`, `/health-check`,
    `/healthcheck`, `/ping`, `/livez`, `/readyz` in the default preset). A route
    matches when its path, with its router's own prefix, contains one of them as whole
    segments (`/utils/health-check/`, `/health/db`).
    Reported at the `FastAPI()` call of the main application.

    ## Why is this bad?
    "Health Checks: Basic health endpoint, Service status checks": load balancers and
    orchestrators need a cheap endpoint to decide whether to send traffic or restart
    the container; without one they probe a real endpoint or nothing at all.

    ## Example
    ```python
    app = FastAPI(lifespan=lifespan)
    app.include_router(api_router, prefix="/api/v1")
    ```

    ## Use instead
    ```python
    @app.get("/health")
    async def health_check():
        return {"status": "healthy"}
    ```
    """

    code = "FL502"
    opinion = True
    name = "no-health-route"
    severity = Severity.WARNING
    summary = "No health-check route"
    valid = (Example({"app/main.py": _MAIN + _HEALTH}),)
    invalid = (
        Example(
            {
                "app/main.py": _MAIN
                + snippet(
                    """

                    @app.get('/items')
                    def items():
                        return []
                    """
                )
            },
            expect=(("app/main.py", 3),),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        health = project.config.preset.app.health_paths
        found = project.detections
        apps = [a for a in found.of_kind("fastapi-app") if not is_test_path(a.path)]
        resolve = project.prefixes
        if not health or not apps or any(self._healthy(r, health, resolve) for r in found.routes):
            return
        main = min(
            apps, key=lambda a: (not a.path.endswith("main.py"), a.path.count("/"), a.path, a.line)
        )
        shown = ", ".join(health)
        yield self.diagnostic(
            main.path,
            main.line,
            main.column,
            f"the application has no health-check route ({shown})",
            hint='add e.g. @app.get("/health") in main.py',
            subject=main.path,
        )

    def _healthy(self, route: Route, health: Tuple[str, ...], resolve: Prefixes) -> bool:
        if is_test_path(route.path) or route.route_path is None:
            return False
        prefix = resolve.own(route.owner)
        return is_health_path((prefix.text if prefix else "") + route.route_path, health)


class _Versioned(PrefixTest):
    def __init__(self, pattern: Pattern[str], health: Tuple[str, ...]) -> None:
        self.pattern = pattern
        self.health = health

    def prefix_ok(self, prefix: str) -> bool:
        return self.pattern.search(prefix) is not None

    def route_ok(self, path: str) -> bool:
        """Health checks, the docs and RFC 8615 ``/.well-known/`` URIs have fixed, unversioned
        paths."""
        docs = is_docs_path(path)
        return (
            self.prefix_ok(path)
            or is_health_path(path, self.health)
            or docs
            or path.startswith("/.well-known/")
        )


@register
class RouterWithoutVersionPrefix(Rule):
    """## What it does
    Reports `app.include_router(router, ...)` on a FastAPI application when a route the
    router serves (its own routes or those of routers it includes, followed through
    `include_router` chains, `APIRouter(prefix=...)` and `app.mount(...)`) ends up under
    a path that does not match `[app] version-prefix` (any `/v<N>` segment, `/v1` or
    `/api/v2`, in the default preset) while the application versions other routers: an API
    that versions nothing made that choice everywhere and is left alone. A sub-application
    mounted with `app.mount(...)` is reported once, at the mount. Health-check routes, the
    docs routes (`/docs`, `/redoc`, `/openapi.json`), `/.well-known/` URIs and routes or
    routers with `include_in_schema=False` may stay unversioned.
    Prefixes are resolved statically (constants, settings fields and their env files,
    `+` and f-strings); the message names where a non-literal prefix came from. A prefix
    that cannot be resolved is unknown and never reported.

    ## Why is this bad?
    "Version APIs appropriately" and the document's
    `app.include_router(api_router, prefix="/api/v1")`: an unversioned route cannot get
    a `v2` without breaking every client that calls it.

    ## Example
    ```python
    app.include_router(users.router, prefix="/users")
    ```

    ## Use instead
    ```python
    app.include_router(api_router, prefix="/api/v1")
    ```
    """

    code = "FL503"
    opinion = True
    name = "router-without-version-prefix"
    severity = Severity.WARNING
    summary = "Router included without an API version prefix"
    _ROUTER = snippet(
        """
        from fastapi import APIRouter
        router = APIRouter()

        @router.get('/users')
        def users():
            return []
        """
    )
    valid = (
        Example(
            {
                "app/api/v1/endpoints/users.py": _ROUTER,
                "app/main.py": snippet(
                    """
                    from fastapi import FastAPI
                    from api.v1.endpoints import users

                    app = FastAPI()
                    app.include_router(users.router, prefix='/api/v1')
                    """
                ),
            }
        ),
        Example(
            {
                "app/api/items.py": _ROUTER.replace("/users", "/items"),
                "app/api/internal.py": _ROUTER.replace("/users", "/internal"),
                "app/main.py": snippet(
                    """
                        from fastapi import FastAPI
                        from api import internal, items

                        app = FastAPI()
                        app.include_router(items.router, prefix='/v1')
                        app.include_router(internal.router, include_in_schema=False)
                        @app.get('/docs', include_in_schema=False)
                        def docs():
                            return {}
                        """
                ),
            },
            title="any version prefix; routes out of the schema and the docs routes stay "
            "unversioned",
        ),
        Example(
            {
                "app/api/users.py": _ROUTER,
                "app/main.py": snippet(
                    """
                        from fastapi import FastAPI
                        from api import users

                        app = FastAPI()
                        app.include_router(users.router, prefix='/users')
                        """
                ),
            },
            title="an API that versions nothing made that choice everywhere",
        ),
        Example(
            {
                "app/api/health.py": _ROUTER.replace("/users", "/healthz"),
                "app/main.py": snippet(
                    """
                    from fastapi import FastAPI
                    from api.health import router

                    app = FastAPI()
                    app.include_router(router)
                    """
                ),
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/api/v1/endpoints/users.py": _ROUTER,
                "app/api/v1/endpoints/items.py": _ROUTER.replace("/users", "/items"),
                "app/main.py": snippet(
                    """
                    from fastapi import FastAPI, APIRouter
                    from api.v1.endpoints import items, users

                    app = FastAPI()
                    api_router = APIRouter(prefix='/api')
                    api_router.include_router(users.router)
                    app.include_router(api_router)
                    app.include_router(items.router, prefix='/v1')
                    """
                ),
            },
            expect=(("app/main.py", 7),),
            title="one router left out of the versioning the others follow",
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        app = project.config.preset.app
        if not app.version_prefix:
            return
        test = _Versioned(re.compile(app.version_prefix), app.health_paths)
        routing = project.routing
        roots = {
            e.parent.key: e.parent
            for e in routing.includes
            if e.parent.kind == "app" and not routing.mounted(e.parent)
        }
        for root in sorted(roots.values(), key=lambda o: o.key):
            yield from self._app(routing, root, "", test)

    def _app(
        self, routing: Routing, app: Obj, prefix: str, test: _Versioned
    ) -> Iterator[Diagnostic]:
        """The app's unversioned routers, when it versions others: an API that versions nothing
        made that choice everywhere, and the rule reports the exceptions to a convention."""
        if is_test_path(app.path):
            return
        edges = [e for e in routing.children(app) if e.prefix is not None and e.in_schema]
        edges = [e for e in edges if not (e.mount and e.child.kind != "app")]
        found = list(self._unversioned(routing, edges, prefix, test))
        versioned = [
            e for e in edges if routing.routes_under(e.child) and e not in {f[0] for f in found}
        ]
        if versioned:
            yield from (diagnostic for _, diagnostic in found)

    def _unversioned(
        self, routing: Routing, edges: List[Include], prefix: str, test: _Versioned
    ) -> Iterator[Tuple[Include, Diagnostic]]:
        for edge in edges:
            first = (edge.source,) if edge.source else ()
            found = routing.unprefixed(edge.child, prefix + (edge.prefix or ""), test, set(), first)
            if found is not None:
                route, path, sources = found
                what = "sub-application mounted" if edge.mount else "router included"
                shown = f" ({'; '.join(sources)})" if sources else ""
                yield (
                    edge,
                    self.diagnostic(
                        edge.path,
                        edge.line,
                        edge.column,
                        f"{what} without a version prefix: `{route.function}` "
                        f"({route.path}:{route.line}) "
                        f"is served at {path!r}, expected a prefix matching "
                        f"{test.pattern.pattern!r}{shown}",
                        subject=route.function,
                    ),
                )


@register
class DebugEnabled(Rule):
    """## What it does
    Reports a `FastAPI(...)` call outside tests whose `debug` (a keyword or a key of a
    `**kwargs` dict) is true: a literal `True`, or a value resolved statically through
    constants, settings classes and env files (the message names where it came from,
    e.g. `Settings.DEBUG from .env:4`). When `[tool.fastlayer.environments]` names a
    production environment (`prod...`) only that environment is judged; otherwise the
    default one, except values from env files named for development (`.env.dev`,
    `.env.local`, `.env.test`, `.env.example`). An unknown value is never reported, nor a
    call inside a branch on the environment (`if os.getenv("DEBUG") == "1":`,
    `if settings.DEBUG:`, `... if ENV == "dev" else ...`): there the environment, not the
    code, decides.

    ## Why is this bad?
    With `debug=True` every unhandled exception returns the full traceback, with local
    source lines, to whoever sent the request. The document keeps such settings in
    config ("Support multiple environments"), never hard-coded in the code production runs.

    ## Example
    ```python
    app = FastAPI(debug=True)
    ```

    ## Use instead
    ```python
    app = FastAPI(debug=settings.DEBUG)   # False unless the environment says otherwise
    ```
    """

    code = "FL504"
    name = "debug-enabled"
    severity = Severity.ERROR
    summary = "FastAPI debug enabled in production"
    valid = (
        Example(
            {
                "app/main.py": snippet(
                    """
                    from fastapi import FastAPI

                    app = FastAPI(debug=False)
                    """
                ),
                "app/tests/test_app.py": snippet(
                    """
                    from fastapi import FastAPI

                    app = FastAPI(debug=True)
                    """
                ),
            }
        ),
        Example(
            {
                "app/main.py": snippet(
                    """
                    from fastapi import FastAPI
                    from config import settings

                    app = FastAPI(debug=settings.DEBUG)
                    """
                ),
                "app/config.py": snippet(
                    """
                    from pydantic_settings import BaseSettings

                    class Settings(BaseSettings):
                        DEBUG: bool = False

                    settings = Settings()
                    """
                ),
                ".env.development": "DEBUG=true\n",
            }
        ),
        Example(
            {
                "app/main.py": snippet(
                    """
                    import os
                    from fastapi import FastAPI

                    if os.getenv('DEBUG') == '1':
                        app = FastAPI(debug=True)
                    else:
                        app = FastAPI()
                    """
                )
            },
            title="debug switched on by an environment variable",
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": snippet(
                    """
                    import fastapi

                    app = fastapi.FastAPI(title='x', debug=True)
                    """
                )
            },
            expect=(("app/main.py", 3),),
        ),
        Example(
            {
                "app/main.py": snippet(
                    """
                    from fastapi import FastAPI
                    from config import settings

                    app = FastAPI(debug=settings.DEBUG)
                    """
                ),
                "app/config.py": snippet(
                    """
                    from pydantic_settings import BaseSettings

                    class Settings(BaseSettings):
                        DEBUG: bool = True

                    settings = Settings()
                    """
                ),
            },
            expect=(("app/main.py", 4),),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        judged = _judged_contexts(project)
        for module, call in _app_calls(project):
            self.current_path = module.path
            if call.env_branch:
                # under `if os.getenv("DEBUG"):` the environment decides: a development switch
                continue
            message = next(
                filter(None, (_debug_problem(ev, module, call, name) for ev, name in judged)),
                None,
            )
            if message:
                yield self.diagnostic(module.path, call.line, call.column, message, subject="debug")
        self.current_path = ""


def _app_calls(project: ProjectModel) -> Iterator[Tuple[Module, CallFact]]:
    """Every ``FastAPI()`` call outside tests (the detected apps)."""
    for app in project.detections.of_kind("fastapi-app"):
        module, at = project.modules[app.path], (app.line, app.column)
        if not is_test_path(app.path):
            yield from ((module, c) for c in module.facts.calls if (c.line, c.column) == at)


def _judged_contexts(project: ProjectModel) -> List[Tuple[Evaluator, str]]:
    """Production environments when some are configured, else the default context (as the CORS
    rules do)."""
    base = Evaluator(project)
    found = [
        (Evaluator(project, context, base.env_files), context.name)
        for context, production in contexts(project, base)
        if production
    ]
    return found or [(base, "")]


def _debug_problem(evaluator: Evaluator, module: Module, call: CallFact, context: str) -> str:
    expr = call.call.keyword("debug")
    if expr is not None and expr.kind == "const" and expr.value is True:
        return (
            "`FastAPI(debug=True)` sends tracebacks to clients; "
            "read debug from settings (off by default)"
        )
    value = _debug_value(evaluator, module, call)
    if value is None or truth(value) is not True or not _production(value, context):
        return ""
    sources = "; ".join(origin.describe() for origin in origins_of(value)[:3])
    where = f" [environment {context}]" if context else ""
    return (
        f"debug is {render(value)}{f' ({sources})' if sources else ''}: `FastAPI(debug=...)` sends "
        "tracebacks "
        f"to clients; keep debug off in production{where}"
    )


def _debug_value(evaluator: Evaluator, module: Module, call: CallFact) -> Optional[Value]:
    """The ``debug`` argument, also through ``**kwargs`` dicts; None when not passed, unknown when
    hidden."""
    function = module.function(call.in_function)
    expr = call.call.keyword("debug")
    if expr is not None:
        return evaluator.evaluate(module, expr, function)
    for key, argument in call.call.arguments():
        if key == "**":
            options = evaluator.evaluate(module, argument, function)
            if options.kind != "dict":
                return options
            found = lookup(options, const("debug"))
            if found is not None:
                return found
    return None


def _production(value: Value, context: str) -> bool:
    """A production environment, or code and env files not named for development (``.env.dev``,
    ``.env.local``)."""
    if context:
        return True
    names = [
        origin.env_path.rsplit("/", 1)[-1].lower()
        for origin in origins_of(value)
        if origin.env_path
    ]
    return not any(token in name for name in names for token in _DEVELOPMENT) or any(
        "prod" in n for n in names
    )
