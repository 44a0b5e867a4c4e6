"""FL403: an ``allow_origin_regex`` that matches origins outside the domain it names."""

from __future__ import annotations

from typing import Iterator

from fastlayer.diagnostics import Severity
from fastlayer.model.cors import Sink
from fastlayer.rules.base import Example, register
from fastlayer.rules.cors.common import CorsRule, Finding, credentials_of, described, example_main
from fastlayer.rules.cors.regex import broad_match


@register
class BroadOriginRegex(CorsRule):
    """## What it does
    Reports an `allow_origin_regex` that matches an origin outside the domain it names,
    and shows one: `.*`, an unescaped dot (`app.example.com` matches `appxexample.com`),
    no label boundary before the domain (`.*example\\.com` matches `evilexample.com`), a
    trailing wildcard (`example\\.com.*` matches `example.com.evil.example`), or a
    wildcard label right under a public suffix, where anyone can register a matching
    site: a shared-hosting suffix (`https://my-frontend-[a-z0-9-]+\\.vercel\\.app` admits
    `my-frontend-evil.vercel.app`; likewise `netlify.app`, `github.io`, `pages.dev`,
    `onrender.com`, read from the Public Suffix List the `publicsuffixlist` package
    ships) or a registry suffix (`.*\\.co\\.uk`).

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
        Example(
            {
                "app/main.py": example_main(
                    '    allow_origin_regex=r"https://([a-z0-9-]+\\.)?example\\.com",\n'
                )
            }
        ),
        Example(
            {
                "app/main.py": example_main(
                    '    allow_origin_regex=r"https://my-frontend\\.vercel\\.app",\n'
                )
            }
        ),
    )
    invalid = (
        Example(
            {"app/main.py": example_main('    allow_origin_regex=r"https://.*example\\.com",\n')},
            expect=(("app/main.py", 7),),
        ),
        Example(
            {
                "app/main.py": example_main(
                    '    allow_origin_regex=r"https://my-frontend-[a-z0-9-]+\\.vercel\\.app",\n'
                )
            },
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
        credentials, text = credentials_of(sink)
        severity = Severity.ERROR if credentials else Severity.WARNING
        yield self.at(
            sink,
            regex,
            f"allow_origin_regex {described(regex, sink)} {found[0]}: it admits {found[1]} "
            f"({text})",
            severity,
        )
