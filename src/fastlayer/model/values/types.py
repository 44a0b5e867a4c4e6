"""The values the static evaluator produces: where they came from, what they are, the scope
and environment they are evaluated in. Plain data, shared by ``values`` and ``settings``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Dict, List, Literal, Optional, Sequence, Tuple

from fastlayer.facts.expr import ConstValue
from fastlayer.facts.types import FunctionFact
from fastlayer.model.module import Module
from fastlayer.model.values.envfiles import EnvEntry, EnvFile

OriginKind = Literal["literal", "constant", "field", "env", "getenv", "config", "data"]
ValueKind = Literal[
    "const",
    "seq",
    "dict",
    "class",
    "instance",
    "module",
    "function",
    "symbol",
    "method",
    "path",
    "alts",
    "unknown",
]


@dataclass(frozen=True)
class Origin:
    """Where a value came from. ``kind``: a ``literal`` in code, a module ``constant``, a settings
    ``field`` default, an ``env`` file entry, an ``os.getenv`` default, a starlette ``config()``
    default, an entry of a project ``data`` file (YAML, JSON, TOML: ``path``/``line`` are the
    file's). ``what`` names it (``Settings.ORIGINS``, ``server.cors.allow_origins``),
    ``path``/``line`` the code; ``env_path``/``env_line`` the env file entry when the value came
    from one; ``note`` what else a reader needs (``the default of ${PGPT_CORS_ENABLED}``)."""

    kind: OriginKind
    what: str
    path: str
    line: int
    env_path: str = ""
    env_line: int = 0
    env_interpolated: bool = False  # the env value took another key's value (``${VAR}``)
    note: str = ""

    def describe(self) -> str:
        if self.kind == "data":
            return f"{self.what} from {self.path}:{self.line}" + (
                f", {self.note}" if self.note else ""
            )
        if self.env_path:
            return f"{self.what} from {self.env_path}:{self.env_line}"
        if self.kind == "field":
            return f"{self.what} default at {self.path}:{self.line}"
        if self.kind in ("getenv", "config"):
            return f"{self.what} default at {self.path}:{self.line}"
        return (
            f"{self.what} at {self.path}:{self.line}" if self.what else f"{self.path}:{self.line}"
        )


@dataclass(frozen=True)
class Value:
    """A value the evaluator worked out, and where it came from (``origin``, any kind). Build one
    with the constructors below; the fields each ``kind`` uses:

    - ``const``: ``const``, a str, int, float, bool or None;
    - ``seq``: ``items``, the elements; ``dict``: ``items``, key, value, key, value...;
    - ``class``, ``function``, ``module``: ``ref``, the absolute dotted name of the project
      definition; ``symbol``: ``ref``, an external name (``os.environ``) or an enum member
      (``app.config.Env.PROD``, its value in ``member``);
    - ``instance``: ``ref``, its class; ``kwargs``, the keyword arguments it was created with;
    - ``method``: ``method``, the name of a method bound to ``items[0]`` (``"a,b".split``);
    - ``path``: ``path``, a project-relative path built from ``__file__`` (``..`` above the root);
    - ``alts``: ``items``, the values a name may have (assigned in both branches of an ``if``),
      ``why`` the name; ``unknown``: ``why``, a short reason.
    """

    kind: ValueKind
    const: ConstValue = None
    items: Tuple[Value, ...] = ()
    ref: str = ""
    origin: Optional[Origin] = None
    kwargs: Tuple[Tuple[str, Value], ...] = ()
    why: str = ""
    path: str = ""
    method: str = ""
    member: ConstValue = None

    @property
    def known(self) -> bool:
        return self.kind not in ("unknown", "alts")

    def with_origin(self, origin: Origin, force: bool = False) -> Value:
        if force or self.origin is None or self.origin.kind == "literal":
            return replace(self, origin=origin)
        return self

    def strings(self) -> Optional[Tuple[str, ...]]:
        """The elements of a sequence of known strings, else None."""
        if self.kind != "seq" or any(
            item.kind != "const" or not isinstance(item.const, str) for item in self.items
        ):
            return None
        return tuple(str(item.const) for item in self.items)


def unknown(why: str = "") -> Value:
    return Value("unknown", why=why[:60])


def const(value: ConstValue, origin: Optional[Origin] = None) -> Value:
    return Value("const", value, origin=origin)


def seq(items: Sequence[Value], origin: Optional[Origin] = None) -> Value:
    return Value("seq", items=tuple(items), origin=origin)


def mapping(pairs: Sequence[Value], origin: Optional[Origin] = None) -> Value:
    """A ``dict``: ``pairs`` is key, value, key, value..."""
    return Value("dict", items=tuple(pairs), origin=origin)


def alts(values: Sequence[Value], name: str) -> Value:
    return Value("alts", items=tuple(values), why=name)


def reference(kind: Literal["class", "function", "module"], ref: str) -> Value:
    """A project class, function or module by its absolute dotted name."""
    return Value(kind, ref=ref)


def symbol(ref: str, member: ConstValue = None, origin: Optional[Origin] = None) -> Value:
    return Value("symbol", ref=ref, member=member, origin=origin)


def instance(ref: str, kwargs: Sequence[Tuple[str, Value]] = ()) -> Value:
    return Value("instance", ref=ref, kwargs=tuple(kwargs))


def bound_method(receiver: Value, name: str) -> Value:
    return Value("method", items=(receiver,), method=name)


def path_value(path: str) -> Value:
    return Value("path", path=path)


def comma_separated(text: str, origin: Optional[Origin]) -> Value:
    """starlette's ``CommaSeparatedStrings``: ``" a, b"`` -> ``["a", "b"]``; ``""`` -> ``[]``."""
    parts = [part.strip() for part in text.split(",")] if text else []
    return seq([const(part, origin) for part in parts], origin)


def truth(value: Value) -> Optional[bool]:
    """Python truthiness when known (``"false"`` is true, as Starlette sees it)."""
    if value.kind == "const":
        return bool(value.const)
    if value.kind in ("seq", "dict"):
        return bool(value.items)
    if value.kind in ("class", "instance", "function", "module", "path"):
        return True
    return None


def compared(operator: str, left: Value, right: Value) -> Optional[bool]:
    """``==``/``!=`` of known constants, ``in``/``not in`` of a constant in a known sequence,
    string or mapping; None otherwise."""
    if operator in ("==", "!=") and left.kind == right.kind == "const":
        return (left.const == right.const) == (operator == "==")
    if operator in ("in", "not in") and left.kind == "const":
        if right.kind == "const" and isinstance(right.const, str) and isinstance(left.const, str):
            found: Optional[bool] = left.const in right.const
        elif right.kind in ("seq", "dict"):
            items = right.items[::2] if right.kind == "dict" else right.items
            if any(item.kind != "const" for item in items):
                return None
            found = any(item.const == left.const for item in items)
        else:
            return None
        return found == (operator == "in")
    return None


def from_json(data: object, origin: Optional[Origin]) -> Value:
    if isinstance(data, list):
        return seq([from_json(item, origin) for item in data], origin)
    if isinstance(data, dict):
        pairs: List[Value] = []
        for key, item in data.items():
            pairs += [const(key, origin), from_json(item, origin)]
        return mapping(pairs, origin)
    if data is None or isinstance(data, (str, int, float, bool)):
        return const(data, origin)
    return unknown("json")


_ORIGIN = re.compile(
    r"(?:[a-zA-Z][a-zA-Z0-9+.\-]*://[a-zA-Z0-9*.\-]+(?::[0-9*]{1,5})?/?|\*|null)\Z"
)
_PLAIN = frozenset({"", "true", "false", "1", "0", "yes", "no", "on", "off", "none"})


def printable(value: Value) -> bool:
    """May the text of ``value`` appear in a message? Not when it was read from an env file,
    unless it is an origin (or comma-separated origins) written there as such: an env file can
    be any file's content (a symbolic link, a secret copied in through ``${VAR}``)."""
    origin = value.origin
    if origin is None or not origin.env_path or not isinstance(value.const, str):
        return True
    text = value.const.strip()
    if origin.env_interpolated:
        return False
    return text.lower() in _PLAIN or all(_ORIGIN.match(part.strip()) for part in text.split(","))


def render(value: Value) -> str:
    """A short Python-like rendering: ``["*"]``, ``True``, ``"https://a"``; a value read from an
    env file that is not an origin shows only where it came from: ``<value of .env:3>``."""
    if value.kind == "const" and not printable(value):
        return (
            f"<value of {value.origin.env_path}:{value.origin.env_line}>"
            if value.origin
            else "<value>"
        )
    if value.kind == "const":
        return json.dumps(value.const) if isinstance(value.const, str) else repr(value.const)
    if value.kind == "seq":
        return "[" + ", ".join(render(item) for item in value.items) + "]"
    return f"<{value.why or value.kind}>"


@dataclass(frozen=True)
class Context:
    """The process environment a run assumes: env files acting as environment variables;
    ``profile``: the settings profile whose file is layered over the base settings file
    (``settings-local.yaml`` over ``settings.yaml``, see ``databound.py``)."""

    name: str = ""
    process: Tuple[EnvFile, ...] = ()
    profile: str = ""

    def lookup(self, key: str, case_sensitive: bool = True) -> Optional[EnvEntry]:
        for env in reversed(self.process):
            entry = env.get(key, case_sensitive)
            if entry is not None:
                return entry
        return None


@dataclass
class Scope:
    """Where an expression is evaluated: its ``module``, the ``function`` around it (its locals
    and parameters; None at module level), names ``bound`` by the caller (arguments of a called
    function, ``self`` of a property, a comprehension variable), and the ``line`` it sits at
    (only assignments above it count)."""

    module: Module
    function: Optional[FunctionFact] = None
    bound: Dict[str, Value] = field(default_factory=dict)
    line: int = 10**9
