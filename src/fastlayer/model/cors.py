"""Where a project configures Starlette's ``CORSMiddleware``, with every argument resolved.

Sinks: ``app.add_middleware(CORSMiddleware, ...)``, ``Middleware(CORSMiddleware, ...)``
(inside ``FastAPI(middleware=[...])`` / ``Starlette(...)`` or anywhere else) and
``CORSMiddleware(app, ...)`` wrapping; ``**kwargs`` dicts are merged. The class is
matched by qualified name (aliases, module attributes, project subclasses), never by
its bare name. Each sink is evaluated once per context: the default one (process
environment = files ``load_dotenv`` loads) and one per ``[tool.fastlayer.environments]``
entry, whose files then act as the process environment. A sink under a condition known to be
false in a context (``if settings.cors.enabled:``) does not exist there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Dict, FrozenSet, List, Optional, Tuple

from fastlayer.facts.expr import Expr
from fastlayer.facts.types import CallFact, FileFacts, FunctionFact
from fastlayer.model.core import ProjectCore
from fastlayer.model.module import Module
from fastlayer.model.perfile import calls_named, per_file
from fastlayer.model.values.deployment import deployment_keys
from fastlayer.model.values.environments import contexts
from fastlayer.model.values.evaluator import Evaluator
from fastlayer.model.values.types import Value, const, seq, truth, unknown
from fastlayer.model.values.versions import starlette_version

CORS_CLASSES = frozenset(
    {"starlette.middleware.cors.CORSMiddleware", "fastapi.middleware.cors.CORSMiddleware"}
)
MIDDLEWARE_WRAPPERS = frozenset(
    {"starlette.middleware.Middleware", "fastapi.middleware.Middleware"}
)
PARAMETERS = (
    "allow_origins",
    "allow_methods",
    "allow_headers",
    "allow_credentials",
    "allow_origin_regex",
    "allow_private_network",
    "expose_headers",
    "max_age",
)
DEFAULTS: Dict[str, Value] = {
    "allow_origins": seq([]),
    "allow_methods": seq([const("GET")]),
    "allow_headers": seq([]),
    "allow_credentials": const(False),
    "allow_origin_regex": const(None),
    "allow_private_network": const(False),
    "expose_headers": seq([]),
    "max_age": const(600),
}


@dataclass(frozen=True)
class Arg:
    """One ``CORSMiddleware`` parameter of a sink: its ``name`` (``**`` for an opaque
    ``**kwargs``), the resolved ``value``, whether it was ``explicit`` (else Starlette's default
    or unknown behind ``**kwargs``), and the position of the argument (of the call when
    implicit)."""

    name: str
    value: Value
    explicit: bool
    line: int
    column: int


@dataclass(frozen=True)
class Sink:
    """One place that configures ``CORSMiddleware``, evaluated in one context: the call's
    ``path``/``line``/``column``, the ``context`` name (``""``: the default one) and whether it is a
    ``production`` environment, every parameter in ``args`` (``PARAMETERS`` order) and the
    ``splat`` ``**kwargs`` fastlayer could not see into, if any."""

    path: str
    line: int
    column: int
    context: str
    production: bool
    args: Tuple[Arg, ...]
    splat: Optional[Arg] = None
    deployed: FrozenSet[str] = frozenset()  # variables the deployment files set (upper-case)
    starlette: Optional[Tuple[int, int]] = None  # the version the project pins, if any

    def arg(self, name: str) -> Arg:
        return next(arg for arg in self.args if arg.name == name)


@dataclass(frozen=True)
class _Call:
    module: Module
    fact: CallFact
    function: Optional[FunctionFact]
    arguments: Tuple[Tuple[Optional[str], Expr], ...]


def sinks(project: ProjectCore) -> Tuple[Sink, ...]:
    """Every CORSMiddleware configuration, once per context (memoised as
    ``ProjectModel.cors_sinks``)."""
    return tuple(_all_sinks(project))


def _all_sinks(project: ProjectCore) -> List[Sink]:
    base = Evaluator(project)
    calls = [call for call in _candidate_calls(project) if _is_cors(base, call)]
    found: List[Sink] = []
    files = project.discovered.other_files
    deployed = deployment_keys(project.texts, files) if calls else frozenset()
    pinned = starlette_version(project.texts, files) if calls else None
    for context, production in contexts(project, base):
        evaluator = (
            Evaluator(project, context, base.env_files) if context.process or context.name else base
        )
        found += [
            replace(
                _sink(evaluator, call, context.name, production),
                deployed=deployed,
                starlette=pinned,
            )
            for call in calls
            if _runs(evaluator, call)
        ]
    return found


def _runs(evaluator: Evaluator, call: _Call) -> bool:
    """False when a condition around the call is known to be false in this context
    (``if settings.server.cors.enabled:`` with ``enabled: false`` in the settings file)."""
    return all(
        truth(evaluator.evaluate(call.module, guard, call.function)) is not False
        for guard in call.fact.guards
    )


def _candidate_calls(project: ProjectCore) -> List[_Call]:
    found: List[_Call] = []
    for module, calls in project.having(_middleware_calls):
        for fact in calls:
            arguments = fact.call.arguments()
            callee = fact.call.callee
            last = (module.facts.qualify(callee.dotted() if callee else None) or "").rsplit(".", 1)[
                -1
            ]
            if not arguments or not _middleware_name(last):
                continue
            function = module.function(fact.in_function)
            found.append(_Call(module, fact, function, arguments))
    return found


@per_file
def _middleware_calls(facts: FileFacts) -> Tuple[CallFact, ...]:
    return calls_named(facts, _middleware_name)


def _middleware_name(last: str) -> bool:
    return last in ("add_middleware", "Middleware") or "cors" in last.lower()


def _class_argument(evaluator: Evaluator, call: _Call) -> Tuple[Optional[Expr], int]:
    """The expression naming the middleware class, and how many positional args precede the
    options."""
    callee = call.fact.call.callee
    dotted = callee.dotted() if callee is not None else None
    qualified = evaluator.symbols.qualify(call.module, dotted) or ""
    last = qualified.rsplit(".", 1)[-1]
    if last == "add_middleware" and dotted and "." in dotted:
        return call.fact.call.keyword("middleware_class") or call.fact.call.positional(0), 1
    if qualified in MIDDLEWARE_WRAPPERS:
        return call.fact.call.keyword("cls") or call.fact.call.positional(0), 1
    return callee, 0


def _is_cors(evaluator: Evaluator, call: _Call) -> bool:
    expr, _ = _class_argument(evaluator, call)
    if expr is None:
        return False
    value = evaluator.evaluate(call.module, expr, call.function)
    return is_cors_class(evaluator, value)


def is_cors_class(evaluator: Evaluator, value: Value) -> bool:
    if value.kind == "symbol":
        return value.ref in CORS_CLASSES
    if value.kind == "class":
        return any(ancestor in CORS_CLASSES for ancestor in evaluator.ancestors(value.ref))
    return False


def _sink(evaluator: Evaluator, call: _Call, context: str, production: bool) -> Sink:
    _, skip = _class_argument(evaluator, call)
    wrapping = skip == 0
    explicit: Dict[str, Arg] = {}
    opaque: Optional[Arg] = None
    positional = 0
    for key, expr in call.arguments:
        value = evaluator.evaluate(call.module, expr, call.function)
        if key is None:
            positional += 1
            index = positional - 1 - skip - (1 if wrapping else 0)
            if 0 <= index < len(PARAMETERS):
                explicit[PARAMETERS[index]] = Arg(
                    PARAMETERS[index], value, True, expr.line, expr.column
                )
        elif key == "**":
            opaque = _splat(value, expr, explicit) or opaque
        elif key in DEFAULTS:
            explicit[key] = Arg(key, value, True, expr.line, expr.column)
    args = tuple(explicit.get(name) or _missing(name, opaque, call) for name in PARAMETERS)
    return Sink(
        call.module.path, call.fact.line, call.fact.column, context, production, args, opaque
    )


def _splat(value: Value, expr: Expr, explicit: Dict[str, Arg]) -> Optional[Arg]:
    if value.kind != "dict":
        return Arg("**", unknown(value.why or "**kwargs"), True, expr.line, expr.column)
    for key, item in zip(value.items[::2], value.items[1::2]):
        if key.kind == "const" and key.const in DEFAULTS:
            explicit[str(key.const)] = Arg(str(key.const), item, True, expr.line, expr.column)
        elif key.kind != "const":
            return Arg("**", unknown("**kwargs key"), True, expr.line, expr.column)
    return None


def _missing(name: str, opaque: Optional[Arg], call: _Call) -> Arg:
    if opaque is not None:
        return Arg(name, unknown(f"**{opaque.value.why}"), False, opaque.line, opaque.column)
    return Arg(name, DEFAULTS[name], False, call.fact.line, call.fact.column)
