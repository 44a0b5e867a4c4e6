"""What the CORS rules (FL4xx) share: the per-sink base class and the way values are described.

Every rule reads the resolved sinks of ``model/cors.py`` (``ProjectModel.cors_sinks``) and reports
at the keyword argument carrying the value; the message names where the value came from. An
unknown value yields nothing (FL412, opt-in, lists them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, List, Optional, Set, Tuple

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.model.cors import Arg, Sink
from fastlayer.model.values.types import Origin, Value, render, truth
from fastlayer.rules.base import Rule, snippet

if TYPE_CHECKING:
    from fastlayer.model.project import ProjectModel

EXAMPLE_MAIN = snippet(
    """
    from fastapi import FastAPI
    from fastapi.middleware.cors import CORSMiddleware

    app = FastAPI()
    """
)


Finding = Tuple[Arg, str, Optional[Severity]]


def example_main(kwargs: str) -> str:
    return EXAMPLE_MAIN + f"app.add_middleware(\n    CORSMiddleware,\n{kwargs})\n"


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


def credentials_of(sink: Sink) -> Tuple[Optional[bool], str]:
    arg = sink.arg("allow_credentials")
    text = (
        f"allow_credentials={described(arg, sink)}"
        if arg.explicit
        else "allow_credentials=False (default)"
    )
    if arg.value.kind == "const" and isinstance(arg.value.const, str) and arg.value.const:
        text += ", a non-empty string and so true"
    return truth(arg.value), text


def is_wildcard(value: Value) -> bool:
    if value.kind == "const" and isinstance(value.const, str):
        return "*" in value.const
    return value.kind == "seq" and any(
        item.kind == "const" and item.const == "*" for item in value.items
    )


def has_item(value: Value, wanted: str) -> bool:
    return value.kind == "seq" and any(
        item.kind == "const" and item.const == wanted for item in value.items
    )


class CorsRule(Rule):
    """Base: runs ``inspect`` on every sink in every context; the same finding is reported once."""

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        seen: Set[Tuple[int, int, str, str]] = set()
        for sink in project.cors_sinks:
            self.current_path = sink.path
            for arg, message, severity in self.inspect(sink):
                key = (arg.line, arg.column, sink.path, message)
                if key not in seen:
                    seen.add(key)
                    where = f" [environment {sink.context}]" if sink.context else ""
                    yield self.diagnostic(
                        sink.path,
                        arg.line,
                        arg.column,
                        message + where,
                        severity=severity,
                        subject=arg.name,
                    )
        self.current_path = ""

    def inspect(self, sink: Sink) -> Iterator[Finding]:
        raise NotImplementedError

    def at(
        self, sink: Sink, arg: Arg, message: str, severity: Optional[Severity] = None
    ) -> Finding:
        return arg, message, severity
