"""``FileFacts`` <-> JSON, exactly. What the facts cache stores.

The codec is derived from the dataclass type hints of ``facts/model.py`` (and
``Expr``), so fields other engineers add are encoded without touching this
module, and ``SCHEMA`` (a digest of every field name and type) changes with
them, which retires old cache entries. A dataclass is written as a JSON array
of its fields in declaration order (compact, and fast to read back); tuples are
arrays; ``Optional`` is ``null`` or the value; scalars are themselves (JSON
keeps str/int/float/bool/None apart, NaN and infinities included). ``path`` is
not stored: equal contents at different paths share one entry.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import typing
from typing import Any, Callable, Dict, List, Tuple

from fastlayer.facts.model import FileFacts

Decoder = Callable[[Any], Any]
Encoder = Callable[[Any], Any]
_SCALARS = (str, int, float, bool, type(None))


class CodecError(ValueError):
    """The JSON does not describe facts of this schema (a foreign or corrupt entry)."""

    @staticmethod
    def wrong() -> List[Any]:
        raise CodecError("expected an array")


def _hints(cls: type) -> List[Tuple[str, Any]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]


def _describe(tp: Any, seen: Dict[type, str]) -> str:
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if tp not in seen:
            seen[tp] = ""
            seen[tp] = f"{tp.__name__}(" + ",".join(f"{n}:{_describe(t, seen)}" for n, t in _hints(tp)) + ")"
        return tp.__name__
    args = typing.get_args(tp)
    origin = typing.get_origin(tp)
    return f"{getattr(origin, '__name__', origin)}[{','.join(_describe(a, seen) for a in args)}]" if origin else getattr(tp, "__name__", str(tp))


def schema_digest() -> str:
    """Changes whenever a field of the facts model is added, removed, renamed or retyped."""
    seen: Dict[type, str] = {}
    _describe(FileFacts, seen)
    text = ";".join(sorted(seen.values()))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


# -- decoding -------------------------------------------------------------
# One decoder function per dataclass, generated from its type hints (as
# ``dataclasses`` generates ``__init__``): the warm path then runs straight-line
# code without a call per field. Entries are checked for shape (array lengths,
# arrays where tuples go); the cache key already rules out entries written by
# another schema, so scalars are not re-checked one by one.

_DECODERS: Dict[type, Decoder] = {}


def _decoder(cls: type) -> Decoder:
    if cls not in _DECODERS:
        namespace: Dict[str, Any] = {"CodecError": CodecError, "new": object.__new__}
        _generate(cls, namespace)
        for name, value in namespace.items():
            if name.startswith("decode_"):
                _DECODERS[value.__cls__] = value
    return _DECODERS[cls]


def _generate(cls: type, namespace: Dict[str, Any]) -> None:
    name = f"decode_{cls.__name__}"
    if name in namespace:
        return
    namespace[name] = None  # claimed: recursive types refer to themselves
    namespace[cls.__name__] = cls
    hints = [(n, tp) for n, tp in _hints(cls) if not (cls is FileFacts and n == "path")]
    values = ", ".join(f"{n!r}: {_value(tp, f'row[{i}]', namespace, 0)}" for i, (n, tp) in enumerate(hints))
    build = (f"    return {cls.__name__}(**{{{values}}})" if "__slots__" in cls.__dict__ else
             f"    obj = new({cls.__name__})\n    obj.__dict__.update({{{values}}})\n    return obj")
    source = (f"def {name}(row):\n    if type(row) is not list or len(row) != {len(hints)}:\n"
              f"        raise CodecError('expected {len(hints)} fields of {cls.__name__}')\n{build}\n")
    exec(source, namespace)  # noqa: S102 - our own generated decoder, never analysed code
    namespace[name].__cls__ = cls


def _value(tp: Any, ref: str, namespace: Dict[str, Any], depth: int) -> str:
    """Python source turning the JSON value ``ref`` into a value of type ``tp``."""
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        _generate(tp, namespace)
        return f"decode_{tp.__name__}({ref})"
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp in _SCALARS or (origin is typing.Union and all(arg in _SCALARS for arg in args)):
        return ref
    if origin is typing.Union and len(args) == 2 and type(None) in args:
        inner = _value(args[0] if args[1] is type(None) else args[1], ref, namespace, depth)
        return ref if inner == ref else f"(None if {ref} is None else {inner})"
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = f"x{depth}"
        inner = _value(args[0], item, namespace, depth + 1)
        return f"tuple({_check_list(ref)})" if inner == item else f"tuple([{inner} for {item} in {_check_list(ref)}])"
    if origin is tuple:
        parts = ", ".join(_value(arg, f"{ref}[{i}]", namespace, depth) for i, arg in enumerate(args))
        return f"({parts},)"
    raise TypeError(f"facts codec: unsupported field type {tp!r}")


def _check_list(ref: str) -> str:
    return f"({ref} if type({ref}) is list else CodecError.wrong())"


# -- encoding -------------------------------------------------------------

def _encode(value: Any) -> Any:
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if dataclasses.is_dataclass(value):
        fields = _FIELD_NAMES.get(type(value)) or _field_names(type(value))
        return [_encode(getattr(value, name)) for name in fields]
    raise TypeError(f"facts codec: cannot encode {type(value).__name__}")


_FIELD_NAMES: Dict[type, Tuple[str, ...]] = {}


def _field_names(cls: type) -> Tuple[str, ...]:
    names = tuple(f.name for f in dataclasses.fields(cls) if not (cls is FileFacts and f.name == "path"))
    _FIELD_NAMES[cls] = names
    return names


# -- public API -------------------------------------------------------------

def encode_facts(facts: FileFacts) -> str:
    """Compact JSON for ``facts`` (without its path)."""
    return json.dumps(_encode(facts), ensure_ascii=False, separators=(",", ":"))


def decode_facts(text: str, path: str) -> FileFacts:
    """The ``FileFacts`` that ``encode_facts`` wrote, now at ``path``. Raises ``CodecError``."""
    try:
        row = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise CodecError(f"not JSON: {exc}") from None
    try:
        facts = _decoder(FileFacts)(row)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError, RecursionError) as exc:
        raise CodecError(f"not facts of this schema: {exc}") from None
    object.__setattr__(facts, "path", path)
    return facts  # type: ignore[no-any-return]
