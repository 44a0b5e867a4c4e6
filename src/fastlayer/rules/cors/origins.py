"""FL404, FL405, FL408, FL409: what the listed origins say."""

from __future__ import annotations

from typing import Dict, Iterator, List, Optional
from urllib.parse import urlsplit

from fastlayer.diagnostics import Severity
from fastlayer.model.cors import Sink
from fastlayer.model.layout import is_config_path
from fastlayer.model.values.types import Origin, Value, printable, render
from fastlayer.rules.base import Example, register, snippet
from fastlayer.rules.cors.common import (
    EXAMPLE_MAIN,
    CorsRule,
    Finding,
    credentials_of,
    described,
    example_main,
    is_wildcard,
)
from fastlayer.rules.cors.regex import is_loopback, plain_http


@register
class NullOrigin(CorsRule):
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
    valid = (
        Example({"app/main.py": example_main('    allow_origins=["https://app.example.com"],\n')}),
    )
    invalid = (
        Example(
            {
                "app/main.py": example_main(
                    '    allow_origins=["https://app.example.com", "null"],\n'
                )
            },
            expect=(("app/main.py", 7),),
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        origins = sink.arg("allow_origins")
        if any(
            item.kind == "const" and str(item.const).lower() == "null"
            for item in origins.value.items
        ):
            credentials, text = credentials_of(sink)
            yield self.at(
                sink,
                origins,
                f'allow_origins {described(origins, sink)} contains "null": sandboxed iframes '
                f"and data: documents of any site send Origin: null ({text})",
                Severity.ERROR if credentials else None,
            )


@register
class InsecureOrigin(CorsRule):
    """## What it does
    Reports an allowed origin served over plain `http://` on a host that is not the local
    machine, an `allow_origin_regex` that accepts one (`https?://app\\.example\\.com`), and
    a loopback origin (`localhost`, `127.0.0.1`, `[::1]`) in a production value: an env
    file of an environment named `prod...` in `[tool.fastlayer.environments]` or whose
    name contains `prod`, or, when credentials are allowed, a value production always
    runs with (a literal in code, a module constant, a settings default that no loaded
    env file overrides). A value only in an env file nothing loads stays silent.

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
                "app/main.py": example_main(
                    '    allow_origins=["https://app.example.com", "http://localhost:3000"],\n'
                )
            }
        ),
        Example(
            {
                "app/main.py": example_main(
                    '    allow_origin_regex=r"https://(app|admin)\\.example\\.com",\n'
                )
            }
        ),
    )
    invalid = (
        Example(
            {"app/main.py": example_main('    allow_origins=["http://app.example.com"],\n')},
            expect=(("app/main.py", 7),),
        ),
        Example(
            {
                "app/main.py": example_main(
                    '    allow_origin_regex=r"https?://(app|admin)\\.example\\.com",\n'
                )
            },
            expect=(("app/main.py", 7),),
        ),
        Example(
            {
                "app/main.py": example_main(
                    '    allow_origins=["https://app.example.com", "http://localhost:3000"],\n'
                    "    allow_credentials=True,\n"
                )
            },
            expect=(("app/main.py", 7),),
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        origins = sink.arg("allow_origins")
        problems: Dict[str, List[str]] = {}
        for item in origins.value.items:
            if item.kind == "const" and isinstance(item.const, str):
                problem = _insecure(item, origins.value, sink)
                if problem:
                    problems.setdefault(problem, []).append(render(item))
        for problem, items in problems.items():
            one = len(items) == 1
            text = problem.format(
                a="a" if one else "", s="" if one else "s", it="it" if one else "them"
            )
            verb = "is" if one else "are"
            shown = ", ".join(items)
            message = f"allow_origins {described(origins, sink)}: {shown} {verb} {text.lstrip()}"
            yield self.at(sink, origins, message)
        yield from self._regex(sink)

    def _regex(self, sink: Sink) -> Iterator[Finding]:
        regex = sink.arg("allow_origin_regex")
        if regex.value.kind == "const" and isinstance(regex.value.const, str):
            found = plain_http(regex.value.const)
            if found:
                yield self.at(
                    sink,
                    regex,
                    f"allow_origin_regex {described(regex, sink)} accepts the plain-http origin "
                    f"{found}: "
                    "a network attacker can inject script into it",
                )


def _insecure(item: Value, whole: Value, sink: Sink) -> str:
    parts = urlsplit(str(item.const))
    host = (parts.hostname or "").lower()
    # a loopback page a visitor's browser can load: http(s) only (not capacitor://localhost), and
    # never an entry with "*" (a list entry is compared as written: "http://localhost:*" matches
    # nothing)
    if parts.scheme == "http" and host and not is_loopback(host):
        return "plain http: a network attacker can inject script into {it}"
    loopback = (
        bool(host)
        and is_loopback(host)
        and parts.scheme in ("http", "https")
        and "*" not in parts.netloc
    )
    if loopback and _production_env(item, sink):
        return "{a} loopback origin{s} in a production value"
    if (
        loopback
        and not sink.context
        and _always_loaded(item, whole, sink)
        and credentials_of(sink)[0]
    ):
        return (
            "{a} loopback origin{s} in the value production runs with (code, or a settings default "
            "that no loaded env file or deployment file overrides) and credentials are allowed: "
            "whatever runs on the visitor's machine can make credentialed requests"
        )
    return ""


def _source(item: Value, whole: Value) -> Optional[Origin]:
    found = (
        item.origin if item.origin is not None and item.origin.kind != "literal" else whole.origin
    )
    return found or item.origin


def _production_env(item: Value, sink: Sink) -> bool:
    origin = item.origin
    if origin is None or not origin.env_path:
        return False
    return sink.production or "prod" in origin.env_path.rsplit("/", 1)[-1].lower()


def _always_loaded(item: Value, whole: Value, sink: Sink) -> bool:
    """The value is a literal in code, a module constant or a settings default that neither an env
    file nor the deployment files (compose ``environment:``, Dockerfile ``ENV``) override."""
    source = _source(item, whole)
    if source is None or source.env_path or source.kind not in ("literal", "constant", "field"):
        return False
    return source.kind != "field" or source.what.rsplit(".", 1)[-1].upper() not in sink.deployed


@register
class HardCodedOrigins(CorsRule):
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
                "app/main.py": EXAMPLE_MAIN.replace(
                    "app = FastAPI()", "from app.config import settings\n\napp = FastAPI()"
                )
                + "app.add_middleware(CORSMiddleware, allow_origins=settings.ORIGINS)\n",
                "app/__init__.py": "",
                "app/config.py": snippet(
                    """
                    from pydantic_settings import BaseSettings

                    class Settings(BaseSettings):
                        ORIGINS: list[str] = ["https://a.example"]

                    settings = Settings()
                    """
                ),
            }
        ),
    )
    invalid = (
        Example(
            {"app/main.py": example_main('    allow_origins=["https://app.example.com"],\n')},
            expect=(("app/main.py", 7),),
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        origins = sink.arg("allow_origins")
        value = origins.value
        if (
            not origins.explicit
            or not value.items
            or not value.known
            or is_wildcard(value)
            or sink.context
        ):
            return
        if any(
            item.origin is None or not _hard_coded(item.origin) for item in (value, *value.items)
        ):
            return
        yield self.at(
            sink,
            origins,
            f"allow_origins {described(origins, sink)} is hard-coded: read it from settings",
        )


def _hard_coded(origin: Origin) -> bool:
    if origin.kind not in ("literal", "constant"):
        return False
    return not is_config_path(origin.path)


@register
class OriginsAsString(CorsRule):
    """## What it does
    Reports `allow_origins` given as one string instead of a list.

    ## Why is this bad?
    Starlette keeps the string and tests `origin in allow_origins`, a substring test:
    `"https://app.example.com"` also admits `https://app.example.co` and
    `https://app.example.c`, and a string containing `*` allows every origin. The usual
    cause is an environment variable (`ORIGINS=https://a,https://b`) passed unsplit.
    Exactly `"*"` is not reported here: Starlette treats it like `["*"]`, and FL401 or
    FL402 say what that allows.

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
            {
                "app/main.py": example_main(
                    '    allow_origins="https://a.example,https://b.example".split(","),\n'
                )
            }
        ),
        Example({"app/main.py": example_main('    allow_origins="*",\n')}),
    )
    invalid = (
        Example(
            {"app/main.py": example_main('    allow_origins="https://app.example.com",\n')},
            expect=(("app/main.py", 7),),
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        origins = sink.arg("allow_origins")
        value = origins.value
        if value.kind == "const" and isinstance(value.const, str) and value.const not in ("", "*"):
            example = repr(value.const[:-1]) if len(value.const) > 1 else "any origin"
            example = example if printable(value) else "any part of it"
            yield self.at(
                sink,
                origins,
                f"allow_origins is the string {described(origins, sink)}: Starlette tests "
                f"`origin in allow_origins`, a substring test that also admits {example}; pass a "
                "list",
            )
