"""FL410: hand-written CORS code that reflects the request Origin unchecked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, List, Set, Tuple

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.facts.expr import Expr
from fastlayer.facts.types import FunctionFact, HeaderWrite
from fastlayer.rules.base import Example, Rule, register, snippet

if TYPE_CHECKING:
    from fastlayer.model.module import Module
    from fastlayer.model.project import ProjectModel

_CHECK_WORDS = ("allow", "match", "valid", "check", "verify", "trusted", "permit")
_TRIVIAL = (None, "", "null", "*", True, False)
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
    methods, `or` and f-strings. The write must be guarded by an allow-list test: inside
    the branch of `if origin in ALLOWED:` (`origin == FRONTEND`, or a call whose name says
    it checks: `OWN.fullmatch(origin)`, `is_allowed(origin)`), or after
    `if origin not in ALLOWED: return`. A presence test (`if origin:`, `origin is not
    None`, `origin != ""`) is not one, and neither is a test computed elsewhere in the
    function that the write does not depend on.

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
                        if origin not in ALLOWED:
                            return response
                        response.headers['Access-Control-Allow-Origin'] = origin
                        return response
                    """
                )
            },
            title="an early return when the test fails",
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
                            return response
                        response.headers['Access-Control-Allow-Origin'] = origin
                        return response
                    """
                )
            },
            expect=(("app/main.py", 11),),
            title="the test does not guard the write",
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        for module in self.modules(project):
            for write in module.facts.header_writes:
                if write.header != "access-control-allow-origin":
                    continue
                scopes = _enclosing(module, write.in_function)
                names: Set[str] = set()
                if _reflects(write.value, scopes, 0, names) and not _guarded(write, names):
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


def _reflects(expr: Expr, scopes: Tuple[FunctionFact, ...], depth: int, names: Set[str]) -> bool:
    """Does ``expr`` carry the request's Origin? ``names``: the variables it passed through."""
    if depth > 8:
        return False
    if _origin_read(expr):
        return True
    if expr.kind == "name" and scopes:
        return _name_reflects(expr, scopes, depth, names)
    if expr.kind in ("fstring", "boolop"):
        return any(_reflects(item, scopes, depth + 1, names) for item in expr.items)
    callee = expr.callee
    if callee is not None and callee.kind == "attr" and callee.value in _STR_METHODS:
        return _reflects(callee.items[0], scopes, depth + 1, names)
    return False


def _name_reflects(
    expr: Expr, scopes: Tuple[FunctionFact, ...], depth: int, names: Set[str]
) -> bool:
    name = str(expr.value)
    names.add(name)
    for index, function in enumerate(scopes):
        assigned = [
            a.value
            for a in function.locals
            if a.target == name and a.value is not None and (index > 0 or a.line <= expr.line)
        ]
        if assigned:
            return _reflects(assigned[-1], scopes, depth + 1, names)
        if name in function.params:
            return name == "origin"
    return False


def _guarded(write: HeaderWrite, names: Set[str]) -> bool:
    """A condition holding at the write is an allow-list test of the origin (or a variable it
    passed through): the write is inside its branch, or after an early return on its failure."""
    return any(_allows(guard, names, True) for guard in write.guards)


def _allows(test: Expr, names: Set[str], holds: bool) -> bool:
    """Does ``test`` (true when ``holds``, else false) imply the origin passed an allow-list?"""
    if test.kind == "unary" and test.value == "not":
        return _allows(test.items[0], names, not holds)
    if test.kind == "boolop":
        parts = [_allows(item, names, holds) for item in test.items]
        return any(parts) if (test.value == "and") == holds else all(parts)
    if test.kind == "compare":
        return _membership(test, names, holds)
    callee = test.callee
    if callee is None or not holds:
        return False
    last = str(callee.value if callee.kind in ("attr", "name") else "").lower()
    return any(word in last for word in _CHECK_WORDS) and _mentions(test, names)


def _membership(test: Expr, names: Set[str], holds: bool) -> bool:
    """``origin in ALLOWED`` / ``origin == FRONTEND`` (or their negation, failed)."""
    operator = str(test.value)
    positive = operator in ("in", "==")
    if positive != holds or operator not in ("in", "==", "not in", "!="):
        return False
    left, right = test.items
    if operator.endswith("in"):
        return _mentions(left, names) and not (left.kind == "const" and right.kind != "const")
    trivial = any(side.kind == "const" and side.value in _TRIVIAL for side in test.items)
    return not trivial and (_mentions(left, names) or _mentions(right, names))


def _mentions(expr: Expr, names: Set[str]) -> bool:
    if (expr.kind == "name" and expr.value in names) or _origin_read(expr):
        return True
    return any(_mentions(item, names) for item in expr.items)


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
