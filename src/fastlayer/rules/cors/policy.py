"""FL401-FL406, FL408-FL412: CORS configuration, with values resolved across modules and env files.

Every rule reads the resolved sinks of ``cors_sinks.py`` and reports at the keyword
argument carrying the value; the message names where the value came from. An
unknown value yields nothing (FL412, opt-in, lists them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, List, Optional, Set, Tuple
from urllib.parse import urlsplit

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.facts.expr import Expr
from fastlayer.facts.types import FunctionFact
from fastlayer.model.cors import Arg, Sink, function_named, sinks
from fastlayer.model.values.types import Origin, Value, render, truth
from fastlayer.rules.base import Example, Rule, register
from fastlayer.rules.cors.regex import broad_match

if TYPE_CHECKING:
    from fastlayer.model.project import ProjectModel

_MAIN = "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\napp = FastAPI()\n"
_LOOPBACK = ("localhost", "127.", "[::1]", "::1", "0.0.0.0")
_CONFIGISH = ("config", "settings", "conf")


Finding = Tuple[Arg, str, Optional[Severity]]


def _main(kwargs: str) -> str:
    return _MAIN + f"app.add_middleware(\n    CORSMiddleware,\n{kwargs})\n"


# -- helpers shared by the rules ----------------------------------------------------------
def origins_of(value: Value) -> List[Origin]:
    """Every non-literal origin in a value and its elements, in order, without repeats."""
    found: List[Origin] = []
    for candidate in (value, *value.items):
        origin = candidate.origin
        if origin is not None and origin.kind != "literal" and origin not in found:
            found.append(origin)
    return found


def described(arg: Arg, sink: Sink) -> str:
    """``["*"] (AppSettings.allowed_hosts default at app/core/settings/app.py:31)``."""
    sources = [origin.describe() for origin in origins_of(arg.value)][:3]
    literal = arg.value.origin
    if not sources and literal is not None and literal.path != sink.path:
        sources = [f"at {literal.path}:{literal.line}"]
    return render(arg.value) + (f" ({'; '.join(sources)})" if sources else "")


def _credentials(sink: Sink) -> Tuple[Optional[bool], str]:
    arg = sink.arg("allow_credentials")
    text = (
        f"allow_credentials={described(arg, sink)}" if arg.explicit else "allow_credentials=False (default)"
    )
    if arg.value.kind == "const" and isinstance(arg.value.const, str) and arg.value.const:
        text += ", a non-empty string and so true"
    return truth(arg.value), text


def is_wildcard(value: Value) -> bool:
    if value.kind == "const" and isinstance(value.const, str):
        return "*" in value.const
    return value.kind == "seq" and any(item.kind == "const" and item.const == "*" for item in value.items)


def _has(value: Value, wanted: str) -> bool:
    return value.kind == "seq" and any(item.kind == "const" and item.const == wanted for item in value.items)


class _CorsRule(Rule):
    """Base: runs ``inspect`` on every sink in every context; the same finding is reported once."""

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        seen: Set[Tuple[int, int, str, str]] = set()
        for sink in sinks(project):
            self.current_path = sink.path
            for arg, message, severity in self.inspect(sink):
                key = (arg.line, arg.column, sink.path, message)
                if key not in seen:
                    seen.add(key)
                    where = f" [environment {sink.context}]" if sink.context else ""
                    yield self.diagnostic(
                        sink.path, arg.line, arg.column, message + where, severity=severity, subject=arg.name
                    )
        self.current_path = ""

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        raise NotImplementedError

    def at(self, sink: Sink, arg: Arg, message: str, severity: Optional[Severity] = None) -> Finding:
        return arg, message, severity


@register
class WildcardOriginWithCredentials(_CorsRule):
    """## What it does
    Reports `CORSMiddleware` configured with a wildcard origin (`"*"`) and a truthy
    `allow_credentials`, following the values through settings classes, module
    constants and the `.env` files the application loads.

    ## Why is this bad?
    Starlette cannot send `Access-Control-Allow-Origin: *` with credentials, so it
    reflects the request's own `Origin` together with
    `Access-Control-Allow-Credentials: true`. Every website a logged-in user visits
    can then make authenticated requests and read the responses. `allow_credentials`
    is only tested for truthiness: the string `"false"` is true.

    ## Example
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
    ```

    ## Use instead
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=settings.ALLOWED_ORIGINS, allow_credentials=True)
    # ALLOWED_ORIGINS=["https://app.example.com"]
    ```
    """

    code = "FL401"
    name = "cors-wildcard-with-credentials"
    severity = Severity.ERROR
    summary = "CORS allows any origin together with credentials"
    valid = (
        Example(
            {
                "app/main.py": _main(
                    '    allow_origins=["https://app.example.com"],\n    allow_credentials=True,\n'
                )
            }
        ),
        Example({"app/main.py": _main('    allow_origins=["*"],\n    allow_credentials=False,\n')}),
    )
    invalid = (
        Example(
            {"app/main.py": _main('    allow_origins=["*"],\n    allow_credentials=True,\n')},
            expect=(("app/main.py", 7),),
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        origins = sink.arg("allow_origins")
        credentials, text = _credentials(sink)
        if is_wildcard(origins.value) and credentials:
            yield self.at(
                sink,
                origins,
                f"allow_origins is {described(origins, sink)} with {text}: "
                "any website can send credentialed requests and read the responses",
            )


@register
class WildcardOrigin(_CorsRule):
    """## What it does
    Reports `CORSMiddleware` configured with a wildcard origin without credentials.

    ## Why is this bad?
    Any website can read every response of the API from a visitor's browser. That is
    right for a truly public, unauthenticated API, and wrong for anything reachable only
    from an internal network or protected by something other than cookies or the
    `Authorization` header (IP allow-lists, VPN). Name the origins, or suppress the
    finding where the API is public on purpose.

    ## Example
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=["*"])
    ```

    ## Use instead
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
    ```
    """

    code = "FL402"
    name = "cors-wildcard-origin"
    severity = Severity.WARNING
    summary = "CORS allows any origin"
    valid = (Example({"app/main.py": _main('    allow_origins=["https://app.example.com"],\n')}),)
    invalid = (Example({"app/main.py": _main('    allow_origins=["*"],\n')}, expect=(("app/main.py", 7),)),)

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        origins = sink.arg("allow_origins")
        credentials, text = _credentials(sink)
        if is_wildcard(origins.value) and credentials is False:
            yield self.at(
                sink,
                origins,
                f"allow_origins is {described(origins, sink)} ({text}): any website can read the responses",
            )


@register
class BroadOriginRegex(_CorsRule):
    """## What it does
    Reports an `allow_origin_regex` that matches an origin outside the domain it names,
    and shows one: `.*`, an unescaped dot (`app.example.com` matches `appxexample.com`),
    no label boundary before the domain (`.*example\\.com` matches `evilexample.com`), a
    trailing wildcard (`example\\.com.*` matches `example.com.evil.example`), or a
    wildcard subdomain of a shared-hosting suffix (`.*\\.vercel\\.app`).

    ## Why is this bad?
    Starlette tests the pattern with `re.fullmatch`; whatever it matches is trusted.
    An attacker registers a matching domain and reads the API's responses (with the
    user's cookies when credentials are allowed: then this is an error).

    ## Example
    ```python
    app.add_middleware(CORSMiddleware, allow_origin_regex=r"https://.*example\\.com")
    ```

    ## Use instead
    ```python
    app.add_middleware(CORSMiddleware, allow_origin_regex=r"https://([a-z0-9-]+\\.)?example\\.com")
    ```
    """

    code = "FL403"
    name = "cors-broad-origin-regex"
    severity = Severity.WARNING
    summary = "CORS origin regex matches domains it does not name"
    valid = (
        Example({"app/main.py": _main('    allow_origin_regex=r"https://([a-z0-9-]+\\.)?example\\.com",\n')}),
    )
    invalid = (
        Example(
            {"app/main.py": _main('    allow_origin_regex=r"https://.*example\\.com",\n')},
            expect=(("app/main.py", 7),),
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        regex = sink.arg("allow_origin_regex")
        if regex.value.kind != "const" or not isinstance(regex.value.const, str):
            return
        found = broad_match(regex.value.const)
        if found is None:
            return
        credentials, text = _credentials(sink)
        severity = Severity.ERROR if credentials else Severity.WARNING
        yield self.at(
            sink,
            regex,
            f"allow_origin_regex {described(regex, sink)} {found[0]}: it admits {found[1]} ({text})",
            severity,
        )


@register
class NullOrigin(_CorsRule):
    """## What it does
    Reports `"null"` among the allowed origins.

    ## Why is this bad?
    Browsers send `Origin: null` from sandboxed iframes, `data:` and `file:` documents
    and some redirects. Any page can produce it (`<iframe sandbox src="data:...">`), so
    allowing `null` allows everyone.

    ## Example
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com", "null"])
    ```

    ## Use instead
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
    ```
    """

    code = "FL404"
    name = "cors-null-origin"
    severity = Severity.WARNING
    summary = "CORS allows the null origin"
    valid = (Example({"app/main.py": _main('    allow_origins=["https://app.example.com"],\n')}),)
    invalid = (
        Example(
            {"app/main.py": _main('    allow_origins=["https://app.example.com", "null"],\n')},
            expect=(("app/main.py", 7),),
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        origins = sink.arg("allow_origins")
        if any(item.kind == "const" and str(item.const).lower() == "null" for item in origins.value.items):
            credentials, text = _credentials(sink)
            yield self.at(
                sink,
                origins,
                f'allow_origins {described(origins, sink)} contains "null": sandboxed iframes '
                f"and data: documents of any site send Origin: null ({text})",
                Severity.ERROR if credentials else None,
            )


@register
class InsecureOrigin(_CorsRule):
    """## What it does
    Reports an allowed origin served over plain `http://` on a host that is not the local
    machine, and a loopback origin (`localhost`, `127.0.0.1`) that comes from a
    production value: an env file of an environment named `prod...` in
    `[tool.fastlayer.environments]`, or an env file whose name contains `prod`.

    ## Why is this bad?
    A network attacker can inject script into any plain-http page and so act as that
    origin. A loopback origin in production trusts whatever runs on the visitor's own
    machine and usually means development settings leaked into the deployment.

    ## Example
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=["http://app.example.com"])
    ```

    ## Use instead
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
    ```
    """

    code = "FL405"
    name = "cors-insecure-origin"
    severity = Severity.WARNING
    summary = "CORS allows a plain-http origin, or a loopback origin in production"
    valid = (
        Example(
            {
                "app/main.py": _main(
                    '    allow_origins=["https://app.example.com", "http://localhost:3000"],\n'
                )
            }
        ),
    )
    invalid = (
        Example(
            {"app/main.py": _main('    allow_origins=["http://app.example.com"],\n')},
            expect=(("app/main.py", 7),),
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        origins = sink.arg("allow_origins")
        for item in origins.value.items:
            if item.kind != "const" or not isinstance(item.const, str):
                continue
            problem = _insecure(item, sink)
            if problem:
                yield self.at(
                    sink, origins, f"allow_origins {described(origins, sink)}: {render(item)} {problem}"
                )


def _insecure(item: Value, sink: Sink) -> str:
    parts = urlsplit(str(item.const))
    host = (parts.hostname or "").lower()
    loopback = host.startswith(_LOOPBACK) or host in ("localhost", "::1")
    if parts.scheme == "http" and host and not loopback:
        return "is plain http: a network attacker can inject script into it"
    if loopback and _production(item, sink):
        return "is a loopback origin in a production value"
    return ""


def _production(item: Value, sink: Sink) -> bool:
    origin = item.origin
    if origin is None or not origin.env_path:
        return False
    return sink.production or "prod" in origin.env_path.rsplit("/", 1)[-1].lower()


@register
class WildcardMethodsOrHeadersWithCredentials(_CorsRule):
    """## What it does
    Reports `allow_methods=["*"]` or `allow_headers=["*"]` when credentials are allowed.

    ## Why is this bad?
    With credentials, Starlette mirrors whatever method or header a preflight asks for,
    `Authorization` and custom auth headers included. Listing the methods and headers
    the frontend really sends keeps an allowed origin from using anything else.

    ## Example
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_credentials=True, allow_headers=["*"])
    ```

    ## Use instead
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_credentials=True,
                       allow_headers=["Content-Type", "Authorization"])
    ```
    """

    code = "FL406"
    name = "cors-wildcard-methods-headers"
    severity = Severity.INFO
    summary = "CORS allows any method or header together with credentials"
    valid = (
        Example(
            {"app/main.py": _main('    allow_origins=["https://a.example"],\n    allow_headers=["*"],\n')}
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": _main(
                    '    allow_origins=["https://a.example"],\n    allow_credentials=True,\n'
                    '    allow_headers=["*"],\n'
                )
            },
            expect=(("app/main.py", 9),),
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        credentials, text = _credentials(sink)
        if not credentials:
            return
        for name in ("allow_methods", "allow_headers"):
            arg = sink.arg(name)
            if _has(arg.value, "*"):
                kind = name[6:-1]
                yield self.at(
                    sink,
                    arg,
                    f"{name} is {described(arg, sink)} with {text}: every {kind} is allowed"
                    f" on credentialed requests; list the {kind}s the API uses",
                )


@register
class HardCodedOrigins(_CorsRule):
    """## What it does
    Reports CORS origins written as literals in application code instead of read from
    settings (a settings class, an environment variable or a config module).

    ## Why is this bad?
    Origins differ between development, staging and production. Hard-coded lists end up
    containing `localhost` in production, or get edited per deployment.

    ## Example
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
    ```

    ## Use instead
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=settings.ALLOWED_ORIGINS)
    ```
    """

    code = "FL408"
    name = "cors-hard-coded-origins"
    severity = Severity.INFO
    summary = "CORS origins hard-coded instead of read from settings"
    valid = (
        Example(
            {
                "app/main.py": _MAIN.replace(
                    "app = FastAPI()", "from app.config import settings\n\napp = FastAPI()"
                )
                + "app.add_middleware(CORSMiddleware, allow_origins=settings.ORIGINS)\n",
                "app/__init__.py": "",
                "app/config.py": "from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n"
                '    ORIGINS: list[str] = ["https://a.example"]\n\nsettings = Settings()\n',
            }
        ),
    )
    invalid = (
        Example(
            {"app/main.py": _main('    allow_origins=["https://app.example.com"],\n')},
            expect=(("app/main.py", 7),),
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        origins = sink.arg("allow_origins")
        value = origins.value
        if not origins.explicit or not value.items or not value.known or is_wildcard(value) or sink.context:
            return
        if any(item.origin is None or not _hard_coded(item.origin) for item in (value, *value.items)):
            return
        yield self.at(
            sink, origins, f"allow_origins {described(origins, sink)} is hard-coded: read it from settings"
        )


def _hard_coded(origin: Origin) -> bool:
    if origin.kind not in ("literal", "constant"):
        return False
    parts = origin.path.lower().replace(".py", "").split("/")
    return not any(word in part for part in parts for word in _CONFIGISH)


@register
class OriginsAsString(_CorsRule):
    """## What it does
    Reports `allow_origins` given as one string instead of a list.

    ## Why is this bad?
    Starlette keeps the string and tests `origin in allow_origins`, a substring test:
    `"https://app.example.com"` also admits `https://app.example.co` and
    `https://app.example.c`, and a string containing `*` allows every origin. The usual
    cause is an environment variable (`ORIGINS=https://a,https://b`) passed unsplit.

    ## Example
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=os.getenv("ORIGINS", "https://app.example.com"))
    ```

    ## Use instead
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=os.getenv("ORIGINS", "https://app.example.com").split(","))
    ```
    """

    code = "FL409"
    name = "cors-origins-string"
    severity = Severity.WARNING
    summary = "CORS origins given as one string (substring test)"
    valid = (
        Example(
            {"app/main.py": _main('    allow_origins="https://a.example,https://b.example".split(","),\n')}
        ),
    )
    invalid = (
        Example(
            {"app/main.py": _main('    allow_origins="https://app.example.com",\n')},
            expect=(("app/main.py", 7),),
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        origins = sink.arg("allow_origins")
        value = origins.value
        if value.kind == "const" and isinstance(value.const, str) and value.const:
            example = value.const[:-1] if len(value.const) > 1 else "any origin"
            yield self.at(
                sink,
                origins,
                f"allow_origins is the string {described(origins, sink)}: Starlette tests "
                f"`origin in allow_origins`, a substring test that also admits {example!r}; pass a list",
            )


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


@register
class PrivateNetworkOpen(_CorsRule):
    """## What it does
    Reports `allow_private_network=True` together with an open origin policy: a wildcard
    origin or an origin regex that matches domains it does not name.

    ## Why is this bad?
    Private Network Access preflights protect services on a visitor's local network (a
    router, a dev server) from public websites. Answering them for every origin lets any
    website reach the service from inside the visitor's network.

    ## Example
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_private_network=True)
    ```

    ## Use instead
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_private_network=True)
    ```
    """

    code = "FL411"
    name = "cors-private-network-open"
    severity = Severity.WARNING
    summary = "CORS answers private-network preflights for any origin"
    valid = (
        Example(
            {
                "app/main.py": _main(
                    '    allow_origins=["https://a.example"],\n    allow_private_network=True,\n'
                )
            }
        ),
    )
    invalid = (
        Example(
            {"app/main.py": _main('    allow_origins=["*"],\n    allow_private_network=True,\n')},
            expect=(("app/main.py", 8),),
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        private = sink.arg("allow_private_network")
        if not truth(private.value):
            return
        origins, regex = sink.arg("allow_origins"), sink.arg("allow_origin_regex")
        broad = (
            regex.value.kind == "const"
            and isinstance(regex.value.const, str)
            and broad_match(regex.value.const)
        )
        if is_wildcard(origins.value) or broad:
            policy = (
                f"allow_origins={described(origins, sink)}"
                if is_wildcard(origins.value)
                else f"allow_origin_regex={described(regex, sink)}"
            )
            yield self.at(
                sink,
                private,
                f"allow_private_network={described(private, sink)} with {policy}: any website "
                "can reach this service from inside a visitor's private network",
            )


@register
class UnresolvedCorsValue(_CorsRule):
    """## What it does
    Lists CORS arguments whose value fastlayer cannot resolve statically (a value computed
    at run time, a required setting with no default and no env file entry, an env file
    chosen by the environment). Off by default: select FL412 to audit them.

    ## Why is this bad?
    The other CORS rules stay silent on unknown values rather than guess. This rule
    shows where that silence is, so a reviewer can check those values by hand.

    ## Example
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=load_origins_from_database())
    ```

    ## Use instead
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=settings.ALLOWED_ORIGINS)
    ```
    """

    code = "FL412"
    name = "cors-unresolved-value"
    severity = Severity.INFO
    summary = "CORS value cannot be resolved statically"
    default_enabled = False
    valid = (Example({"app/main.py": _main('    allow_origins=["https://a.example"],\n')}),)
    invalid = (
        Example(
            {"app/main.py": "from app.db import load\n" + _main("    allow_origins=load(),\n")},
            expect=(("app/main.py", 8),),
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        if sink.splat is not None:
            yield self.at(
                sink,
                sink.splat,
                f"cannot resolve the **kwargs of this CORSMiddleware ({sink.splat.value.why})",
            )
        for arg in sink.args:
            if arg.name in ("expose_headers", "max_age") or not arg.explicit:
                continue
            value = arg.value
            if not value.known or any(not item.known for item in value.items):
                why = value.why or next((item.why for item in value.items if not item.known), "")
                yield self.at(sink, arg, f"cannot resolve {arg.name} statically ({why or 'unknown'})")
