"""FL410: hand-written CORS code that reflects the request Origin unchecked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, List, Tuple

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.facts.expr import Expr
from fastlayer.facts.types import FunctionFact
from fastlayer.rules.base import Example, Rule, register, snippet

if TYPE_CHECKING:
    from fastlayer.model.module import Module
    from fastlayer.model.project import ProjectModel

_STR_METHODS = frozenset(
    {"strip", "rstrip", "lstrip", "lower", "decode", "encode", "replace", "format"}
)


@register
class ReflectedOrigin(Rule):
    """## What it does
    Reports hand-written CORS code that sets `Access-Control-Allow-Origin` to the
    request's `Origin` header without an allow-list test on it: in an
    `@app.middleware("http")` function, a `BaseHTTPMiddleware.dispatch`, a pure ASGI
    middleware (also from the `send` wrapper it defines), an exception handler or a
    route building a `Response`. The origin is followed through local variables, string
    methods, `or` and f-strings. An allow-list test is `origin in ALLOWED`,
    `origin == FRONTEND` or a call whose name says it checks (`OWN.fullmatch(origin)`,
    `is_allowed(origin)`); a presence test (`if origin:`, `origin is not None`,
    `origin != ""`) is not one.

    ## Why is this bad?
    Reflecting the origin unchecked is a wildcard that also works with credentials:
    every website can read the responses, cookies included.

    ## Example
    ```python
    @app.middleware("http")
    async def cors(request, call_next):
        response = await call_next(request)
        response.headers["Access-Control-Allow-Origin"] = request.headers.get("origin", "")
        return response
    ```

    ## Use instead
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=settings.ALLOWED_ORIGINS)
    ```
    """

    code = "FL410"
    name = "cors-reflected-origin"
    severity = Severity.ERROR
    summary = "Hand-written CORS code reflects the request Origin unchecked"
    valid = (
        Example(
            {
                "app/main.py": snippet(
                    """
                    from fastapi import FastAPI
                    app = FastAPI()
                    ALLOWED = {'https://a.example'}

                    @app.middleware('http')
                    async def cors(request, call_next):
                        response = await call_next(request)
                        origin = request.headers.get('origin')
                        if origin in ALLOWED:
                            response.headers['Access-Control-Allow-Origin'] = origin
                        return response
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
                    app = FastAPI()

                    @app.middleware('http')
                    async def cors(request, call_next):
                        response = await call_next(request)
                        origin = request.headers.get('origin')
                        response.headers['Access-Control-Allow-Origin'] = origin
                        return response
                    """
                )
            },
            expect=(("app/main.py", 8),),
        ),
        Example(
            {
                "app/main.py": snippet(
                    """
                    from starlette.middleware.base import BaseHTTPMiddleware

                    class Cors(BaseHTTPMiddleware):
                        async def dispatch(self, request, call_next):
                            response = await call_next(request)
                            origin = request.headers.get('origin')
                            if origin is not None:
                                response.headers['Access-Control-Allow-Origin'] = origin.strip()
                            return response
                    """
                )
            },
            expect=(("app/main.py", 8),),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        for module in self.modules(project):
            for write in module.facts.header_writes:
                if write.header != "access-control-allow-origin":
                    continue
                scopes = _enclosing(module, write.in_function)
                if _reflects_unchecked(write.value, scopes, 0):
                    yield self.diagnostic(
                        module.path,
                        write.line,
                        write.column,
                        "Access-Control-Allow-Origin is set to the request's Origin without "
                        "checking it "
                        "against an allow-list: every website can read the responses",
                        subject=write.in_function,
                    )


def _enclosing(module: Module, qualname: str) -> Tuple[FunctionFact, ...]:
    """The function holding the write, then the functions around it (a closure reads their
    locals)."""
    found: List[FunctionFact] = []
    parts = qualname.split(".") if qualname else []
    while parts:
        function = module.function(".".join(parts))
        if function is not None:
            found.append(function)
        parts.pop()
    return tuple(found)


def _reflects_unchecked(expr: Expr, scopes: Tuple[FunctionFact, ...], depth: int) -> bool:
    if depth > 8:
        return False
    if _origin_read(expr):
        return not _checked("origin", scopes)
    if expr.kind == "name" and scopes:
        return _name_reflects(expr, scopes, depth)
    if expr.kind in ("fstring", "boolop"):
        return any(_reflects_unchecked(item, scopes, depth + 1) for item in expr.items)
    callee = expr.callee
    if callee is not None and callee.kind == "attr" and callee.value in _STR_METHODS:
        return _reflects_unchecked(callee.items[0], scopes, depth + 1)
    return False


def _name_reflects(expr: Expr, scopes: Tuple[FunctionFact, ...], depth: int) -> bool:
    name = str(expr.value)
    if _checked(name, scopes):
        return False
    for index, function in enumerate(scopes):
        assigned = [
            a.value
            for a in function.locals
            if a.target == name and a.value is not None and (index > 0 or a.line <= expr.line)
        ]
        if assigned:
            return _reflects_unchecked(assigned[-1], scopes, depth + 1)
        if name in function.params:
            return name == "origin"
    return False


def _checked(name: str, scopes: Tuple[FunctionFact, ...]) -> bool:
    return any(name in function.compared for function in scopes)


def _origin_read(expr: Expr) -> bool:
    if expr.kind == "subscript":
        index = expr.items[1]
        return index.kind == "const" and str(index.value).lower() == "origin"
    if (
        expr.kind == "call"
        and expr.callee is not None
        and expr.callee.kind == "attr"
        and expr.callee.value == "get"
    ):
        first = expr.positional(0)
        return first is not None and first.kind == "const" and str(first.value).lower() == "origin"
    return False
