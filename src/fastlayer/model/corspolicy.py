"""The effective CORS policy of a project, per environment, with where each value came from:
what ``fastlayer cors`` prints. One ``Policy`` per ``CORSMiddleware`` sink and context (the
default one, then each ``[tool.fastlayer.environments]`` entry), each argument rendered with
its sources (``Settings.ORIGINS from .env.production:2``, ``default at app/config.py:9``,
``literal at app/main.py:12`` or ``Starlette's default``); with an origin, the verdict of
``corsverdict`` for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple, Union

from fastlayer.model.core import ProjectCore
from fastlayer.model.cors import PARAMETERS, Arg, Sink, sinks
from fastlayer.model.corsverdict import Verdict, verdict
from fastlayer.model.values.types import Value, render

Json = Union[str, int, bool, None, List["Json"], Dict[str, "Json"]]


@dataclass(frozen=True)
class Setting:
    name: str
    value: str  # rendered: ["*"], True, "https://a"; <why> when unknown
    known: bool
    sources: Tuple[str, ...]


@dataclass(frozen=True)
class Policy:
    path: str
    line: int
    environment: str  # "" for the default context
    settings: Tuple[Setting, ...]
    verdict: Optional[Verdict] = None


def policies(project: ProjectCore, origin: Optional[str] = None) -> List[Policy]:
    return [_policy(sink, origin) for sink in sinks(project)]


def _policy(sink: Sink, origin: Optional[str]) -> Policy:
    settings = tuple(_setting(sink, sink.arg(name)) for name in PARAMETERS)
    found = verdict(sink, origin) if origin is not None else None
    return Policy(sink.path, sink.line, sink.context, settings, found)


def _setting(sink: Sink, arg: Arg) -> Setting:
    value = arg.value
    known = value.known and all(item.known for item in value.items)
    return Setting(arg.name, render(value), known, _sources(sink, arg, value))


def _sources(sink: Sink, arg: Arg, value: Value) -> Tuple[str, ...]:
    if not arg.explicit:
        return ("Starlette's default",) if sink.splat is None else (f"unknown: {value.why}",)
    found: List[str] = []
    for candidate in (value, *value.items):
        origin = candidate.origin
        if origin is not None and origin.kind != "literal" and origin.describe() not in found:
            found.append(origin.describe())
    return tuple(found) or (f"literal at {sink.path}:{arg.line}",)


def to_json(found: List[Policy]) -> Json:
    return [_policy_json(policy) for policy in found]


def _policy_json(policy: Policy) -> Json:
    data: Dict[str, Json] = {
        "path": policy.path,
        "line": policy.line,
        "environment": policy.environment or "default",
        "settings": {
            s.name: {"value": s.value, "known": s.known, "sources": list(s.sources)}
            for s in policy.settings
        },
    }
    if policy.verdict is not None:
        v = policy.verdict
        data["origin"] = {
            "origin": v.origin,
            "allowed": v.allowed,
            "credentials": v.credentials,
            "why": v.why,
        }
    return data
