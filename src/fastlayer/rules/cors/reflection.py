"""FL410: hand-written CORS code that reflects the request Origin unchecked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.facts.expr import Expr
from fastlayer.facts.types import FunctionFact
from fastlayer.model.cors import function_named
from fastlayer.rules.base import Example, Rule, register

if TYPE_CHECKING:
    from fastlayer.model.project import ProjectModel


@register
class ReflectedOrigin(Rule):
    """## What it does
    Reports a hand-written middleware or route that sets `Access-Control-Allow-Origin`
    to the request's `Origin` header without comparing it with anything first (no `in`,
    `==`, or call to an `allow`/`match`/`valid`/`check` function on it in the same
    function).

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
                "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\nALLOWED = {'https://a.example'}\n\n"
                "@app.middleware('http')\nasync def cors(request, call_next):\n    response = await call_next(request)\n"
                "    origin = request.headers.get('origin')\n    if origin in ALLOWED:\n"
                "        response.headers['Access-Control-Allow-Origin'] = origin\n    return response\n"
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n\n"
                "@app.middleware('http')\nasync def cors(request, call_next):\n    response = await call_next(request)\n"
                "    origin = request.headers.get('origin')\n"
                "    response.headers['Access-Control-Allow-Origin'] = origin\n    return response\n"
            },
            expect=(("app/main.py", 8),),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        for module in self.modules(project):
            for write in module.facts.header_writes:
                if write.header != "access-control-allow-origin":
                    continue
                function = function_named(module, write.in_function)
                if _reflects_unchecked(write.value, function, 0):
                    yield self.diagnostic(
                        module.path,
                        write.line,
                        write.column,
                        "Access-Control-Allow-Origin is set to the request's Origin without checking it "
                        "against an allow-list: every website can read the responses",
                        subject=write.in_function,
                    )


def _reflects_unchecked(expr: Expr, function: Optional[FunctionFact], depth: int) -> bool:
    if depth > 6:
        return False
    if _origin_read(expr):
        return function is None or "origin" not in function.compared
    if expr.kind == "name" and function is not None:
        name = str(expr.value)
        if name in function.compared:
            return False
        assigned = [
            a for a in function.locals if a.target == name and a.line <= expr.line and a.value is not None
        ]
        if assigned:
            return _reflects_unchecked(assigned[-1].value, function, depth + 1)  # type: ignore[arg-type]
        return name == "origin" and name in function.params
    if expr.kind in ("fstring", "boolop"):
        return any(_reflects_unchecked(item, function, depth + 1) for item in expr.items)
    return False


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
