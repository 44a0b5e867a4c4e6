"""Configuration libraries besides pydantic-settings, read statically (never imported).

python-decouple: ``config("X", default="*", cast=Csv())``, ``cast=bool`` (its ``strtobool``);
environs: ``env = Env()`` then ``env.list("X", ["*"])``, ``env.str``, ``env.bool``,
``env.int``. The variable comes from the run's environment (``Context``: the files
``load_dotenv`` loads, or a configured environment's files), else the default.
"""

from __future__ import annotations

from typing import List, Optional, Protocol, Sequence, Tuple

from fastlayer.model.values.types import (
    Origin,
    Value,
    comma_separated,
    const,
    instance,
    render,
    unknown,
)

Args = Sequence[Tuple[Optional[str], Value]]
_TRUE = ("y", "yes", "t", "true", "on", "1")
_FALSE = ("n", "no", "f", "false", "off", "0", "")
ENVIRONS_METHODS = frozenset({"str", "list", "bool", "int", "float", "json"})


class Environment(Protocol):
    def getenv(self, key: Value, default: Optional[Value], what: str, at: Origin) -> Value: ...


def decouple_config(ev: Environment, args: Args, path: str, line: int) -> Value:
    positional = [value for key, value in args if key is None]
    key = positional[0] if positional else _keyword(args, "option")
    if key is None:
        return unknown("config()")
    default = _keyword(args, "default") or (positional[1] if len(positional) > 1 else None)
    what = f"config({render(key)})"
    value = ev.getenv(key, default, what, Origin("getenv", what, path, line))
    return cast(value, _keyword(args, "cast"))


def cast(value: Value, caster: Optional[Value]) -> Value:
    """decouple's ``Csv()`` splits on commas; ``bool`` reads yes/no words; ``int`` parses."""
    if caster is None or value.kind != "const" or not isinstance(value.const, str):
        return value
    if caster.kind == "instance" and caster.ref == "decouple.Csv":
        return comma_separated(value.const, value.origin)
    if caster.kind == "symbol" and caster.ref == "builtins.bool":
        return _strtobool(value)
    return value if caster.kind == "symbol" and caster.ref == "builtins.str" else unknown("cast")


def _strtobool(value: Value) -> Value:
    text = str(value.const).strip().lower()
    if text in _TRUE or text in _FALSE:
        return const(text in _TRUE, value.origin)
    return unknown("bool cast")


def csv() -> Value:
    return instance("decouple.Csv")


def environs_call(ev: Environment, method: str, args: Args, path: str, line: int) -> Value:
    """``env.list("X", ["*"])``: the variable (split for ``list``), else the default."""
    positional = [value for key, value in args if key is None]
    if not positional:
        return unknown(f"env.{method}()")
    default = _keyword(args, "default") or (positional[1] if len(positional) > 1 else None)
    what = f"env.{method}({render(positional[0])})"
    value = ev.getenv(positional[0], default, what, Origin("getenv", what, path, line))
    if value.kind != "const" or not isinstance(value.const, str):
        return value
    if method == "list":
        return comma_separated(value.const, value.origin)
    if method == "bool":
        return _strtobool(value)
    return value if method == "str" else unknown(f"env.{method}()")


def _keyword(args: Args, name: str) -> Optional[Value]:
    found: List[Value] = [value for key, value in args if key == name]
    return found[0] if found else None
