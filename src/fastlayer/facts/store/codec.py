"""``FileFacts`` <-> JSON, exactly. What the facts cache stores.

The codec is derived from the dataclass type hints of ``facts/model.py`` (and
``Expr``), so fields other engineers add are encoded without touching this
module, and ``SCHEMA`` (a digest of every field name and type) changes with
them, which retires old cache entries. A dataclass is written as a JSON array
of its fields in declaration order (compact, and fast to read back); tuples are
arrays; ``Optional`` is ``null`` or the value; scalars are themselves (JSON
keeps str/int/float/bool/None apart, NaN and infinities included). ``path`` is
not stored: equal contents at different paths share one entry.

Lazy parts: the fields listed in ``LAZY`` (a class's fields and methods: most of
the facts by volume, read only for settings, ORM and config classes) are stored
as a nested JSON string and decoded on first access (``_LazyPart``), so a warm
run neither parses nor builds them for the classes no rule looks into.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import typing
from typing import Any, Callable, Dict, List, Optional, Tuple

from fastlayer.facts.types import Assignment, ClassFact, FileFacts

Decoder = Callable[[Any], Any]
Encoder = Callable[[Any], Any]
_SCALARS = (str, int, float, bool, type(None))


class CodecError(ValueError):
    """The JSON does not describe facts of this schema (a foreign or corrupt entry)."""


def _hints(cls: type) -> List[Tuple[str, Any]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]


def _describe(tp: Any, seen: Dict[type, str]) -> str:
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if tp not in seen:
            seen[tp] = ""
            seen[tp] = (
                f"{tp.__name__}("
                + ",".join(f"{n}:{_describe(t, seen)}" for n, t in _hints(tp))
                + ")"
            )
        return tp.__name__
    args = typing.get_args(tp)
    origin = typing.get_origin(tp)
    return (
        f"{getattr(origin, '__name__', origin)}[{','.join(_describe(a, seen) for a in args)}]"
        if origin
        else getattr(tp, "__name__", str(tp))
    )


@functools.lru_cache(maxsize=None)
def schema_digest() -> str:
    """Changes whenever a field of the facts model is added, removed, renamed or retyped."""
    seen: Dict[type, str] = {}
    _describe(FileFacts, seen)
    text = ";".join(sorted(seen.values()))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


# -- lazy parts -------------------------------------------------------------

LAZY: Dict[type, Tuple[str, ...]] = {ClassFact: ("fields", "methods")}
# Built on first access from the already parsed JSON (no nested string): the expressions of an
# assignment (module level, class fields, function locals) are read for few of them.
DEFERRED: Dict[type, Tuple[str, ...]] = {Assignment: ("value", "annotation")}


class _LazyPart:
    """Installed on the class in place of a field's default: an instance decoded from the cache
    holds the field's JSON (text for ``LAZY``, parsed for ``DEFERRED``) under ``_raw_<name>`` and
    builds the value on first access, then caches it in the instance ``__dict__``, which shadows
    this non-data descriptor. Instances built by ``__init__`` hold the value itself and never
    reach here."""

    def __init__(
        self, name: str, default: Any, text: bool, namespace: Dict[str, Any], decoder: str
    ) -> None:
        self.name, self.raw_name, self.default, self.text = name, f"_raw_{name}", default, text
        self.namespace, self.decoder = namespace, decoder

    def __get__(self, obj: Any, owner: Optional[type] = None) -> Any:
        if obj is None:
            return self.default
        raw = obj.__dict__.get(self.raw_name)
        if raw is None:
            return self.default
        try:
            value = self.namespace[self.decoder](json.loads(raw) if self.text else raw)
        except (TypeError, ValueError, IndexError, KeyError, AttributeError, RecursionError) as exc:
            raise CodecError(f"corrupt lazy facts ({self.name}): {exc}") from None
        obj.__dict__[self.name] = value
        return value


def _lazy_fields(cls: type) -> Tuple[str, ...]:
    """The lazy fields of ``cls`` (none for a slotted class: no ``__dict__`` to defer into)."""
    return () if "__slots__" in cls.__dict__ else LAZY.get(cls, ()) + DEFERRED.get(cls, ())


# -- decoding -------------------------------------------------------------
# One decoder function per dataclass, generated from its type hints (as
# ``dataclasses`` generates ``__init__``): the warm path then runs straight-line
# code without a call per field. Entries are checked for shape (array lengths,
# arrays where tuples go); the cache key already rules out entries written by
# another schema, so scalars are not re-checked one by one.

_DECODERS: Dict[type, Decoder] = {}


def _decoder(cls: type) -> Decoder:
    if cls not in _DECODERS:
        namespace: Dict[str, Any] = {
            "CodecError": CodecError,
            "new": object.__new__,
            "setattr_": object.__setattr__,
            "scalar": _scalar,
        }
        _generate(cls, namespace)
        for name, value in namespace.items():
            if name.startswith("decode_") and callable(value):
                _DECODERS[value.__cls__] = value
    return _DECODERS[cls]


def _generate(cls: type, namespace: Dict[str, Any]) -> None:
    name = f"decode_{cls.__name__}"
    if name in namespace:
        return
    namespace[name] = None  # claimed: recursive types refer to themselves
    namespace[cls.__name__] = cls
    hints = [(n, tp) for n, tp in _hints(cls) if not (cls is FileFacts and n == "path")]
    names = ", ".join(f"f{i}" for i in range(len(hints))) + ("," if len(hints) == 1 else "")
    lazy = _lazy_fields(cls)
    values = ", ".join(
        f"{n!r}: {_value(tp, f'f{i}', namespace)}"
        for i, (n, tp) in enumerate(hints)
        if n not in lazy
    )
    build = (
        f"    return {cls.__name__}(**{{{values}}})"
        if "__slots__" in cls.__dict__
        else f"    obj = new({cls.__name__})\n    state = {{{values}}}\n"
        + "".join(
            _lazy_source(n, tp, f"f{i}", cls, namespace)
            for i, (n, tp) in enumerate(hints)
            if n in lazy
        )
        + "    setattr_(obj, '__dict__', state)\n    return obj"
    )
    source = (
        f"def {name}(row):\n    if type(row) is not list:\n        raise CodecError('expected an array')\n"
        f"    {names} = row\n{build}\n"
    )
    exec(source, namespace)  # noqa: S102 - our own generated decoder, never analysed code
    namespace[name].__cls__ = cls


def _lazy_source(name: str, tp: Any, ref: str, cls: type, namespace: Dict[str, Any]) -> str:
    """Statements storing lazy field ``name``: its JSON for later, or a cheap value right away
    (an empty ``LAZY`` field; ``None`` for a ``DEFERRED`` one)."""
    text = name in LAZY.get(cls, ())
    if not text:  # DEFERRED: Optional[X] -> X
        tp = (
            next(arg for arg in typing.get_args(tp) if arg is not type(None))
            if typing.get_origin(tp) is typing.Union
            else tp
        )
    part = _LazyPart(name, cls.__dict__.get(name), text, namespace, _item_function(tp, namespace))
    setattr(cls, name, part)
    if text:
        return (
            f"    if type({ref}) is str:\n        state[{part.raw_name!r}] = {ref}\n"
            f"    else:\n        state[{name!r}] = {_value(tp, ref, namespace)}\n"
        )
    return (
        f"    if {ref} is None:\n        state[{name!r}] = None\n"
        f"    else:\n        state[{part.raw_name!r}] = {ref}\n"
    )


def _value(tp: Any, ref: str, namespace: Dict[str, Any]) -> str:
    """Python source turning the JSON value ``ref`` (a plain name) into a value of type ``tp``."""
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        _generate(tp, namespace)
        return f"decode_{tp.__name__}({ref})"
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if _scalar_type(tp):
        return ref
    if origin is typing.Union and len(args) == 2 and type(None) in args:
        inner = _value(args[0] if args[1] is type(None) else args[1], ref, namespace)
        return ref if inner == ref else f"(None if {ref} is None else {inner})"
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _item_function(args[0], namespace)
        if item == "scalar":
            return f"((tuple({ref}) if type({ref}) is list else scalar([])) if {ref} else ())"
        return f"(tuple(map({item}, {ref})) if {ref} else ())"
    if origin is tuple:
        return f"{_item_function(tp, namespace)}({ref})"
    raise TypeError(f"facts codec: unsupported field type {tp!r}")


def _item_function(tp: Any, namespace: Dict[str, Any]) -> str:
    """The name of a one-argument function decoding a ``tp`` (generated when needed)."""
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        _generate(tp, namespace)
        return f"decode_{tp.__name__}"
    if _scalar_type(tp):
        return "scalar"
    name = f"item_{len([k for k in namespace if k.startswith('item_')])}"
    namespace[name] = None
    args = typing.get_args(tp)
    if typing.get_origin(tp) is tuple and args and args[-1] is not Ellipsis:
        parts = ", ".join(_value(arg, f"v{i}", namespace) for i, arg in enumerate(args))
        unpack = ", ".join(f"v{i}" for i in range(len(args))) + ("," if len(args) == 1 else "")
        exec(f"def {name}(value):\n    {unpack} = value\n    return ({parts},)\n", namespace)  # noqa: S102
    else:
        exec(f"def {name}(value):\n    return {_value(tp, 'value', namespace)}\n", namespace)  # noqa: S102
    return name


def _scalar_type(tp: Any) -> bool:
    """A JSON scalar as it is: str, int, float, bool, None, a union of them, or a ``Literal``
    of them (a kind string)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Literal:
        return all(isinstance(arg, _SCALARS) for arg in args)
    return tp in _SCALARS or (origin is typing.Union and all(arg in _SCALARS for arg in args))


def _scalar(value: Any) -> Any:
    if type(value) in (list, dict):
        raise CodecError("expected a scalar")
    return value


# -- encoding -------------------------------------------------------------


_EXACT_SCALARS = frozenset(_SCALARS)
# Per dataclass: (field name, whether it is written as a lazy part), in declaration order.
_ENCODING: Dict[type, Tuple[Tuple[str, bool], ...]] = {}


def _encode(value: Any) -> Any:
    """Dispatch on the exact type first (the facts hold plain scalars, tuples and dataclasses:
    a third of the workers' encoding time was ``isinstance`` and ``is_dataclass``)."""
    kind = type(value)
    if kind in _EXACT_SCALARS:
        return value
    if kind is tuple:
        return [_encode(item) for item in value]
    plan = _ENCODING.get(kind)
    if plan is None:
        return _encode_other(value)
    return [
        _encode_lazy(getattr(value, name)) if lazy else _encode(getattr(value, name))
        for name, lazy in plan
    ]


def _encode_other(value: Any) -> Any:
    """Subclasses of the scalars and of tuple, and a dataclass's first instance (learns its plan)."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        text = LAZY.get(cls, ()) if "__slots__" not in cls.__dict__ else ()
        fields = _FIELD_NAMES.get(cls) or _field_names(cls)
        _ENCODING[cls] = tuple((name, name in text) for name in fields)
        return _encode(value)
    raise TypeError(f"facts codec: cannot encode {type(value).__name__}")


def _encode_lazy(value: Any) -> Any:
    """A lazy field: empty stays an (eagerly decoded) array, anything else becomes a JSON string."""
    encoded = _encode(value)
    return json.dumps(encoded, ensure_ascii=False, separators=(",", ":")) if encoded else encoded


_FIELD_NAMES: Dict[type, Tuple[str, ...]] = {}


def _field_names(cls: type) -> Tuple[str, ...]:
    names = tuple(
        f.name for f in dataclasses.fields(cls) if not (cls is FileFacts and f.name == "path")
    )
    _FIELD_NAMES[cls] = names
    return names


# -- public API -------------------------------------------------------------

SURROGATES = "surrogatepass"


def encode_facts(facts: FileFacts) -> bytes:
    """Compact UTF-8 JSON for ``facts`` (without its path).

    A string literal may hold a lone surrogate (``"\\ud800"`` is valid Python): it is written
    with ``surrogatepass`` and read back the same way, so such a file round-trips."""
    text = json.dumps(_encode(facts), ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", SURROGATES)


def decode_facts(data: bytes, path: str) -> FileFacts:
    """The ``FileFacts`` that ``encode_facts`` wrote, now at ``path``. Raises ``CodecError``."""
    try:
        row = json.loads(data.decode("utf-8", SURROGATES))
    except (ValueError, RecursionError) as exc:
        raise CodecError(f"not JSON: {exc}") from None
    try:
        facts = _decoder(FileFacts)(row)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError, RecursionError) as exc:
        raise CodecError(f"not facts of this schema: {exc}") from None
    object.__setattr__(facts, "path", path)
    return facts  # type: ignore[no-any-return]
