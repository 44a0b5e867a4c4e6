"""FL412 (opt-in): CORS values that cannot be resolved statically."""

from __future__ import annotations

from typing import Iterator

from fastlayer.diagnostics import Severity
from fastlayer.model.cors import Sink
from fastlayer.rules.base import Example, register
from fastlayer.rules.cors.common import CorsRule, Finding, example_main


@register
class UnresolvedCorsValue(CorsRule):
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
    valid = (Example({"app/main.py": example_main('    allow_origins=["https://a.example"],\n')}),)
    invalid = (
        Example(
            {
                "app/main.py": "from app.db import load\n"
                + example_main("    allow_origins=load(),\n")
            },
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
                yield self.at(
                    sink, arg, f"cannot resolve {arg.name} statically ({why or 'unknown'})"
                )
