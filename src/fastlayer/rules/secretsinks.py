"""Where FL407 looks for secrets by value: the calls a secret flows into.

A sink is an argument that a library uses as a secret: the key of ``jwt.encode``/``decode``
(PyJWT, python-jose), ``Fernet(key)``, ``hmac.new(key)``, the itsdangerous serializers and
signers, a keyword named like a secret of an imported (library) callable or of
``add_middleware``/``Middleware`` (``SessionMiddleware``'s ``secret_key=``,
``OpenAI(api_key=...)``, ``connect(password=...)``, also the entries of a ``**dict``) and the URL of ``create_engine`` /
``Redis.from_url`` / ``connect`` when it carries a password. The argument is evaluated
statically (names across modules, ``os.getenv`` defaults, ``or`` fallbacks, settings
defaults); a string literal that reaches the sink is reported, an env-file value is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Optional, Tuple

from fastlayer.facts.expr import Expr
from fastlayer.facts.types import CallFact, FileFacts
from fastlayer.model.module import Module
from fastlayer.model.values.evaluator import Evaluator
from fastlayer.model.values.types import Origin, Value

_KEY_POSITION = {
    "jwt.encode": 1,
    "jwt.decode": 1,
    "jose.jwt.encode": 1,
    "jose.jwt.decode": 1,
    "cryptography.fernet.Fernet": 0,
    "hmac.new": 0,
    "itsdangerous.URLSafeTimedSerializer": 0,
    "itsdangerous.URLSafeSerializer": 0,
    "itsdangerous.Signer": 0,
    "itsdangerous.TimestampSigner": 0,
}
_URL_CALLS = frozenset(
    {"create_engine", "create_async_engine", "from_url", "connect", "create_pool"}
)


@dataclass(frozen=True)
class Flow:
    """A literal ``value`` reaching ``sink`` (``jwt.encode key``) at ``expr`` in ``module``."""

    module: Module
    expr: Expr
    sink: str
    value: Value


def flows(
    evaluator: Evaluator, module: Module, call: CallFact, secret_keyword: Callable[[str], bool]
) -> Iterator[Flow]:
    dotted = (call.call.callee.dotted() if call.call.callee else None) or ""
    qualified = module.facts.qualify(dotted) or ""
    last = qualified.rsplit(".", 1)[-1]
    imported = (
        dotted.split(".", 1)[0] in module.facts.bindings
        and evaluator.symbols.split(qualified) is None
    )
    library = imported or last in ("add_middleware", "Middleware")
    function = module.function(call.in_function)
    for name, expr in _arguments(call.call, qualified, last, secret_keyword if library else _never):
        value = evaluator.evaluate(module, expr, function)
        if _literal(value):
            yield Flow(module, expr, f"{_sink_name(call.call, last)}({name})", value)
    for key, expr in call.call.arguments() if library else ():
        if key == "**":  # connect(**DB): the dict's secret-named entries are keywords too
            spread = evaluator.evaluate(module, expr, function)
            for name, value in _entries(spread, secret_keyword):
                yield Flow(module, expr, f"{_sink_name(call.call, last)}({name}=)", value)


def may_flow(facts: FileFacts, call: CallFact, secret_keyword: Callable[[str], bool]) -> bool:
    """Could ``flows`` find anything in ``call``? Judged from ``facts`` alone, as if the callee
    were a library's (a cheap superset: ``flows`` itself evaluates the arguments)."""
    dotted = (call.call.callee.dotted() if call.call.callee else None) or ""
    qualified = facts.qualify(dotted) or ""
    keys = call.call.keys
    return (
        qualified in _KEY_POSITION
        or qualified.rsplit(".", 1)[-1] in _URL_CALLS
        or "**" in keys
        or any(key not in (None, "*", "**") and secret_keyword(str(key)) for key in keys)
    )


def _entries(spread: Value, secret_keyword: Callable[[str], bool]) -> Iterator[Tuple[str, Value]]:
    if spread.kind != "dict":
        return
    for key, value in zip(spread.items[::2], spread.items[1::2]):
        if isinstance(key.const, str) and secret_keyword(key.const) and _literal(value):
            yield key.const, value.with_origin(spread.origin) if spread.origin else value


def _arguments(
    call: Expr, qualified: str, last: str, secret_keyword: Callable[[str], bool]
) -> Iterator[Tuple[str, Expr]]:
    position = _KEY_POSITION.get(qualified)
    if position is not None:
        expr = call.keyword("key") or call.positional(position)
        if expr is not None:
            yield ("key", expr)
    for key, expr in call.arguments():
        if key not in (None, "*", "**") and secret_keyword(str(key)):
            yield (f"{key}=", expr)
    if last in _URL_CALLS:
        expr = call.keyword("url") or call.positional(0)
        if expr is not None:
            yield ("url", expr)


def _sink_name(call: Expr, last: str) -> str:
    """``jwt.encode``; for ``add_middleware(SessionMiddleware, ...)`` the middleware class."""
    if last in ("add_middleware", "Middleware"):
        first = call.positional(0)
        return (first.dotted() if first is not None else None) or last
    callee = call.callee
    return (callee.dotted() if callee is not None else None) or last or "call"


def _never(name: str) -> bool:
    """Keywords of project functions and classes are no sinks: ``UserCreate(password=...)`` is
    data."""
    return False


def _literal(value: Value) -> bool:
    """A non-empty string written in the code (a literal, constant, default): not an env-file
    value."""
    if value.kind != "const" or not isinstance(value.const, str) or not value.const.strip():
        return False
    origin: Optional[Origin] = value.origin
    return origin is None or not origin.env_path
