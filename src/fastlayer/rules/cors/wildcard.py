"""FL401, FL402, FL406, FL411: wildcard origins, methods and headers, and private network access."""

from __future__ import annotations

from typing import Iterator, Tuple

from fastlayer.diagnostics import Severity
from fastlayer.model.cors import Sink
from fastlayer.model.values.types import truth
from fastlayer.rules.base import Example, register, snippet
from fastlayer.rules.cors.common import (
    CorsRule,
    Finding,
    credentials_of,
    described,
    example_main,
    has_item,
    is_wildcard,
)
from fastlayer.rules.cors.regex import broad_match


@register
class WildcardOriginWithCredentials(CorsRule):
    """## What it does
    Reports `CORSMiddleware` configured with a wildcard origin (`"*"`) and a truthy
    `allow_credentials`, following the values through settings classes, module
    constants, the `.env` files the application loads and the YAML, JSON and TOML files
    it reads (`yaml.safe_load`, `json.load`, `tomllib.load`, models built from them;
    `${VAR:default}` in them takes its default unless a loaded env file sets `VAR`), and
    dynaconf settings (each environment table of `environments=True` is checked as an
    environment of its own). A
    middleware added under a condition known to be false (`if settings.cors.enabled:`
    with `enabled: false`) is not reported.

    ## Why is this bad?
    Starlette cannot send `Access-Control-Allow-Origin: *` with credentials, so it
    reflects the request's own `Origin` together with
    `Access-Control-Allow-Credentials: true`. Every website a logged-in user visits
    can then make authenticated requests and read the responses. `allow_credentials`
    is only tested for truthiness: the string `"false"` is true. When the project pins
    Starlette (uv.lock, poetry.lock, pdm.lock, requirements*.txt) the message says what
    that version does: before 1.0 the origin is echoed to requests that carry a cookie,
    from 1.0 to every request.

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
                "app/main.py": example_main(
                    '    allow_origins=["https://app.example.com"],\n    allow_credentials=True,\n'
                )
            }
        ),
        Example(
            {
                "app/main.py": example_main(
                    '    allow_origins=["*"],\n    allow_credentials=False,\n'
                )
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": example_main(
                    '    allow_origins=["*"],\n    allow_credentials=True,\n'
                )
            },
            expect=(("app/main.py", 7),),
        ),
        Example(
            {
                "settings.yaml": "cors:\n  enabled: ${CORS_ENABLED:true}\n  origins: ['*']\n",
                "app/main.py": snippet(
                    """
                    import yaml
                    from fastapi import FastAPI
                    from fastapi.middleware.cors import CORSMiddleware

                    with open("settings.yaml") as f:
                        SETTINGS = yaml.safe_load(f)

                    app = FastAPI()
                    if SETTINGS["cors"]["enabled"]:
                        app.add_middleware(
                            CORSMiddleware,
                            allow_origins=SETTINGS["cors"]["origins"],
                            allow_credentials=True,
                        )
                    """
                ),
            },
            expect=(("app/main.py", 12),),
            title="values read from a settings file the application loads",
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        origins = sink.arg("allow_origins")
        credentials, text = credentials_of(sink)
        if is_wildcard(origins.value) and credentials:
            yield self.at(
                sink,
                origins,
                f"allow_origins is {described(origins, sink)} with {text}: "
                "any website can send credentialed requests and read the responses" + _echo(sink),
            )


def _echo(sink: Sink) -> str:
    """What the pinned Starlette does: before 1.0 it echoes the origin only to requests with a
    cookie, from 1.0 to every request; unknown version, today's wording alone."""
    if sink.starlette is None:
        return ""
    version = f"{sink.starlette[0]}.{sink.starlette[1]}"
    if sink.starlette < (1, 0):
        return f" (Starlette {version}, pinned: the origin is echoed to every request that carries a cookie)"
    return f" (Starlette {version}, pinned: the origin is echoed to every request)"


@register
class WildcardOrigin(CorsRule):
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
    valid = (
        Example({"app/main.py": example_main('    allow_origins=["https://app.example.com"],\n')}),
    )
    invalid = (
        Example(
            {"app/main.py": example_main('    allow_origins=["*"],\n')},
            expect=(("app/main.py", 7),),
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        origins = sink.arg("allow_origins")
        credentials, text = credentials_of(sink)
        if is_wildcard(origins.value) and credentials is False:
            yield self.at(
                sink,
                origins,
                f"allow_origins is {described(origins, sink)} ({text}): any website can read the "
                "responses",
            )


@register
class WildcardMethodsOrHeadersWithCredentials(CorsRule):
    """## What it does
    Reports `allow_methods=["*"]` or `allow_headers=["*"]` when credentials are allowed.

    ## Why is this bad?
    With credentials, Starlette mirrors whatever header a preflight asks for,
    `Authorization` and custom auth headers included, and `allow_methods=["*"]` becomes
    its fixed list of methods (DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, and QUERY
    from Starlette 1.7): every state-changing method. When the project pins Starlette the
    message names that list. Listing the methods and headers the frontend really sends
    keeps an allowed origin from using anything else.

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
            {
                "app/main.py": example_main(
                    '    allow_origins=["https://a.example"],\n    allow_headers=["*"],\n'
                )
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": example_main(
                    '    allow_origins=["https://a.example"],\n    allow_credentials=True,\n'
                    '    allow_headers=["*"],\n'
                )
            },
            expect=(("app/main.py", 9),),
        ),
        Example(
            {
                "requirements.txt": "starlette==0.46.2\n",
                "app/main.py": example_main(
                    '    allow_origins=["https://a.example"],\n    allow_credentials=True,\n'
                    '    allow_methods=["*"],\n'
                ),
            },
            expect=(("app/main.py", 9),),
            title="a pinned Starlette: the message names the methods it expands `*` to",
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        credentials, text = credentials_of(sink)
        if not credentials:
            return
        for name in ("allow_methods", "allow_headers"):
            arg = sink.arg(name)
            if has_item(arg.value, "*"):
                kind = name[6:-1]
                allowed = (
                    _expanded_methods(sink.starlette)
                    if name == "allow_methods" and sink.starlette is not None
                    else f"every {kind} is allowed"
                )
                yield self.at(
                    sink,
                    arg,
                    f"{name} is {described(arg, sink)} with {text}: {allowed}"
                    f" on credentialed requests; list the {kind}s the API uses",
                )


def _expanded_methods(version: Tuple[int, int]) -> str:
    """Starlette replaces ``"*"`` in ``allow_methods`` with its fixed ``ALL_METHODS``: DELETE, GET,
    HEAD, OPTIONS, PATCH, POST, PUT, and QUERY from 1.7 (read in starlette/middleware/cors.py of
    0.19, 0.41, 0.46, 0.52, 1.0, 1.5, 1.6, 1.7 and 1.10); a preflight for any other method fails."""
    methods = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
    methods += ["QUERY"] if version >= (1, 7) else []
    return (
        f"Starlette {version[0]}.{version[1]} (pinned) expands it to the fixed list "
        f"{', '.join(methods)}, every one allowed"
    )


@register
class PrivateNetworkOpen(CorsRule):
    """## What it does
    Reports `allow_private_network=True` together with an open origin policy: a wildcard
    origin or an origin regex that matches domains it does not name.

    ## Why is this bad?
    With a pinned Starlette older than 0.51, `allow_private_network` is reported on its
    own: that version has no such parameter and the application fails at start-up.
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
                "app/main.py": example_main(
                    '    allow_origins=["https://a.example"],\n    allow_private_network=True,\n'
                )
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": example_main(
                    '    allow_origins=["*"],\n    allow_private_network=True,\n'
                )
            },
            expect=(("app/main.py", 8),),
        ),
    )

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        private = sink.arg("allow_private_network")
        if not truth(private.value):
            return
        if private.explicit and sink.starlette is not None and sink.starlette < (0, 51):
            version = f"{sink.starlette[0]}.{sink.starlette[1]}"
            yield self.at(
                sink,
                private,
                f"allow_private_network exists from Starlette 0.51; with {version} pinned the "
                "application fails at start-up (unexpected keyword argument)",
            )
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
