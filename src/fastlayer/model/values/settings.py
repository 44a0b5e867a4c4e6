"""Settings objects read statically: pydantic(-settings) ``BaseSettings`` and starlette ``Config``.

pydantic-settings precedence, highest first: init kwargs (``Settings(X=...)``), the
process environment (here: files ``load_dotenv`` loads plus a configured
environment's files; real variables are unknown and assumed unset), the env files
the class loads (``model_config = SettingsConfigDict(env_file=...)`` or an inner
``class Config``, inherited, ``_env_file=`` at instantiation; with a tuple the later
file wins), then the field default (``= value``, ``Field(default=...)``,
``default_factory``). ``env_prefix`` and ``case_sensitive`` (default False) decide
the key; complex fields (list, dict, set, tuple, models) are JSON; bools accept
``1/0/true/false/yes/no/on/off``. A value from the environment for a field with a
validator is unknown (the validator may rewrite it). Properties and
``computed_field`` with a single ``return`` are evaluated with ``self`` bound.

starlette's ``config = Config(".env")`` + ``config("KEY", cast=..., default=...)``:
environment, then the file, then the default; ``cast`` applies to both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Set, Tuple, Union

from fastlayer.facts.expr import Expr
from fastlayer.facts.types import Assignment, ClassFact, FunctionFact
from fastlayer.model.module import Module
from fastlayer.model.objects import SETTINGS_CLASSES
from fastlayer.model.values.envfiles import EnvEntry
from fastlayer.model.values.evaluating import Evaluating
from fastlayer.model.values.types import (
    Origin,
    Scope,
    Value,
    comma_separated,
    const,
    from_json,
    instance,
    symbol,
    unknown,
)

ENUM_BASES = frozenset({"enum.Enum", "enum.IntEnum", "enum.StrEnum"})
_FIELD_CALLS = frozenset({"pydantic.Field", "pydantic.fields.Field", "pydantic.v1.Field"})
_PROPERTY = frozenset(
    {
        "property",
        "computed_field",
        "cached_property",
        "functools.cached_property",
        "pydantic.computed_field",
    }
)
_VALIDATORS = frozenset({"field_validator", "validator"})
_COMPLEX = frozenset(
    {
        "list",
        "set",
        "tuple",
        "frozenset",
        "dict",
        "sequence",
        "mapping",
        "abstractset",
        "mutablemapping",
    }
)
_TRUE = frozenset({"1", "true", "yes", "on", "t", "y"})
_FALSE = frozenset({"0", "false", "no", "off", "f", "n"})
_CONFIG_KEYS = ("env_file", "env_prefix", "case_sensitive", "env_ignore_empty")
Chain = List[Tuple["Module", ClassFact]]


@dataclass(frozen=True)
class SettingsConfig:
    """A settings class's effective configuration: ``env_file`` (a path, a sequence of paths or
    None), the ``env_prefix``, ``case_sensitive`` and ``env_ignore_empty``."""

    env_file: Value
    prefix: str
    case_sensitive: bool
    ignore_empty: bool


class SettingsResolver:
    """pydantic(-settings) classes, enums and starlette ``Config`` as the evaluator sees them
    (see the module doc for the precedence). ``ev``: the evaluator that calls back into it for
    defaults, ``model_config`` and property bodies."""

    def __init__(self, evaluator: Evaluating) -> None:
        self.ev = evaluator

    # -- classes -------------------------------------------------------------------
    def is_settings(self, ref: str) -> bool:
        return any(base in SETTINGS_CLASSES for base in self.ev.ancestors(ref))

    def chain(self, ref: str) -> Chain:
        found = self.ev.class_fact(ref)
        if found is None:
            return []
        chain = [found]
        for ancestor in self.ev.symbols.ancestors(*found):
            fact = self.ev.class_fact(ancestor)
            if fact is not None:
                chain.append(fact)
        return chain

    def instantiate(self, cls: Value, args: Sequence[Tuple[Optional[str], Value]]) -> Value:
        if any(base in ENUM_BASES for base in self.ev.ancestors(cls.ref)):
            return self._enum_member(cls.ref, args[0][1]) if len(args) == 1 else unknown("enum")
        kwargs = tuple((str(key), value) for key, value in args if key is not None)
        return instance(cls.ref, kwargs)

    def class_attribute(self, cls: Value, name: str) -> Value:
        chain = self.chain(cls.ref)
        if chain and any(base in ENUM_BASES for base in self.ev.ancestors(cls.ref)):
            member = _field(chain[:1], name)
            if member is not None:
                value = self.ev.evaluate(chain[0][0], member[1].value)
                return symbol(f"{cls.ref}.{name}", value.const if value.kind == "const" else None)
        found = _field(chain, name)
        return self._default(found, chain) if found else unknown(name)

    def _enum_member(self, ref: str, value: Value) -> Value:
        if value.kind == "symbol" and value.ref.startswith(ref + "."):
            return value
        for module, cls in self.chain(ref)[:1]:
            for member in cls.fields:
                candidate = self.ev.evaluate(module, member.value)
                if (
                    value.kind == "const"
                    and candidate.kind == "const"
                    and candidate.const == value.const
                ):
                    return symbol(f"{ref}.{member.target}", candidate.const, value.origin)
        return unknown("enum value")

    # -- attributes of instances -----------------------------------------------------
    def attribute(self, instance: Value, name: str) -> Value:
        if instance.ref == "starlette.config.Config":
            return unknown(name)
        chain = self.chain(instance.ref)
        for key, value in instance.kwargs:
            if key == name:
                return self._nested(chain, name, value)
        method = _method(chain, name)
        if method is not None:
            return self._property(method, instance)
        found = _field(chain, name)
        if found is None:
            return unknown(name)
        if not self.is_settings(instance.ref):
            return self._default(found, chain)
        return self._settings_field(instance, chain, found)

    def _nested(self, chain: Chain, name: str, value: Value) -> Value:
        """A dict given for a field annotated with a model (``server: ServerSettings``, from a
        loaded document) is that model built from the dict."""
        found = _field(chain, name) if value.kind == "dict" else None
        if found is None or found[1].annotation is None:
            return value
        cls = self.ev.evaluate(found[0], found[1].annotation)
        keys = value.items[::2]
        if cls.kind != "class" or any(k.kind != "const" for k in keys):
            return value
        return self.instantiate(cls, [(str(k.const), v) for k, v in zip(keys, value.items[1::2])])

    def _property(self, method: Tuple[Module, FunctionFact], instance: Value) -> Value:
        module, function = method
        body = function.returns if function.returns is not None else function.result
        if body is None:
            return unknown(f"{function.name}")
        return self.ev.evaluate(module, body, function, {"self": instance})

    def _settings_field(
        self, instance: Value, chain: Chain, found: Tuple[Module, Assignment]
    ) -> Value:
        config = self.config(chain, instance)
        if config is None:
            return unknown("settings config")
        module, assignment = found
        key = _alias(self.ev, module, assignment) or config.prefix + assignment.target
        entry = self._env_entry(key, config)
        if isinstance(entry, Value):
            return entry
        if entry is not None and not (config.ignore_empty and entry.value == ""):
            if _validated(chain, assignment.target):
                return unknown(f"validated {assignment.target}")
            what = f"{chain[0][1].name}.{assignment.target}"
            origin = Origin(
                "env",
                what,
                module.path,
                assignment.line,
                entry.path,
                entry.line,
                entry.interpolated,
            )
            return self.parse(module, assignment.annotation, entry.value, origin)
        return self._default(found, chain)

    def _env_entry(self, key: str, config: SettingsConfig) -> Union[EnvEntry, Value, None]:
        entry = self.ev.context.lookup(key, config.case_sensitive)
        if entry is not None:
            return entry
        found: Optional[EnvEntry] = None
        for slot in _slots(config.env_file):
            if any(not candidate.known for candidate in slot):
                return unknown("env_file")
            entries = [
                self._read(self.ev.locate_env_file(candidate), key, config.case_sensitive)
                for candidate in slot
            ]
            if len({e.value if e else None for e in entries}) > 1:
                return unknown("env_file depends on the environment")
            found = entries[0] or found
        return found

    def _read(self, path: Optional[str], key: str, case_sensitive: bool) -> Optional[EnvEntry]:
        env = self.ev.env_files.read(path) if path else None
        return env.get(key, case_sensitive) if env else None

    def _default(self, found: Tuple[Module, Assignment], chain: Chain) -> Value:
        module, assignment = found
        owner = next(
            (cls.name for mod, cls in chain if assignment in cls.fields),
            chain[0][1].name if chain else "",
        )
        origin = Origin("field", f"{owner}.{assignment.target}", module.path, assignment.line)
        value = assignment.value
        if value is None:
            return unknown(f"{assignment.target} (required)")
        if (
            value.kind == "call"
            and self.ev.symbols.qualify(module, (value.callee or value).dotted()) in _FIELD_CALLS
        ):
            return self._field_default(module, value).with_origin(origin, force=True)
        return self.ev.evaluate(module, value).with_origin(origin, force=True)

    def _field_default(self, module: Module, call: Expr) -> Value:
        factory = call.keyword("default_factory")
        if factory is not None and factory.kind == "lambda":
            return self.ev.evaluate(module, factory.items[0])
        if factory is not None:
            return self.ev.evaluate(
                module, Expr("call", None, (factory,), (), call.line, call.column)
            )
        default = call.keyword("default") or call.positional(0)
        if default is None or (default.kind == "unknown" and default.value == "..."):
            return unknown("required")
        return self.ev.evaluate(module, default)

    # -- configuration -----------------------------------------------------------------
    def config(self, chain: Chain, instance: Value) -> Optional[SettingsConfig]:
        raw: Dict[str, Value] = {}
        for module, cls in chain:
            for key, value in self._class_config(module, cls):
                raw.setdefault(key, value)
        for key, value in instance.kwargs:
            if key.startswith("_") and key[1:] in _CONFIG_KEYS:
                raw[key[1:]] = value
        prefix, sensitive, empty = (
            raw.get("env_prefix", const("")),
            raw.get("case_sensitive", const(False)),
            raw.get("env_ignore_empty", const(False)),
        )
        if not all(v.kind == "const" for v in (prefix, sensitive, empty)):
            return None
        return SettingsConfig(
            raw.get("env_file", const(None)),
            str(prefix.const or ""),
            bool(sensitive.const),
            bool(empty.const),
        )

    def _class_config(self, module: Module, cls: ClassFact) -> List[Tuple[str, Value]]:
        found: List[Tuple[str, Value]] = [
            (key, self.ev.evaluate(module, value)) for key, value in cls.keywords
        ]
        for assignment in cls.fields:
            if assignment.target == "model_config":
                config = self.ev.evaluate(module, assignment.value)
                if config.kind != "dict":
                    return [(key, unknown("model_config")) for key in _CONFIG_KEYS]
                found += [
                    (str(k.const), v)
                    for k, v in zip(config.items[::2], config.items[1::2])
                    if k.kind == "const"
                ]
        for inner in cls.inner:
            if inner.name == "Config":
                found += [(a.target, self.ev.evaluate(module, a.value)) for a in inner.fields]
        return [(key, value) for key, value in found if key in _CONFIG_KEYS]

    # -- parsing env strings ---------------------------------------------------------------
    def parse(self, module: Module, annotation: Optional[Expr], text: str, origin: Origin) -> Value:
        kinds = _annotation_kinds(self.ev, module, annotation)
        if kinds & {"complex"}:
            try:
                return from_json(json.loads(text), origin)
            except ValueError:
                return const(text, origin) if "str" in kinds else unknown("invalid JSON")
        if kinds == {"bool"}:
            lowered = text.strip().lower()
            return const(lowered in _TRUE, origin) if lowered in _TRUE | _FALSE else unknown("bool")
        if kinds and kinds <= {"int", "float"}:
            try:
                return const(int(text) if kinds == {"int"} else float(text), origin)
            except ValueError:
                return unknown("number")
        enum = next((kind[5:] for kind in kinds if kind.startswith("enum:")), None)
        if enum is not None:
            return self._enum_member(enum, const(text, origin))
        return const(text, origin)

    # -- starlette Config ------------------------------------------------------------------
    def starlette(
        self, config: Value, args: Sequence[Tuple[Optional[str], Value]], expr: Expr, scope: Scope
    ) -> Value:
        positional = [value for key, value in args if key is None]
        named = {key: value for key, value in args if key is not None}
        key = positional[0] if positional else named.get("key")
        cast = named.get("cast", positional[1] if len(positional) > 1 else None)
        default = named.get("default", positional[2] if len(positional) > 2 else None)
        settings = dict(config.kwargs)
        prefix = settings.get("env_prefix", const(""))
        if key is None or key.kind != "const" or prefix.kind != "const":
            return unknown("config()")
        name = f"{prefix.const or ''}{key.const}"
        what = f'config("{key.const}")'
        entry = self.ev.context.lookup(name) or self._file_entry(
            settings.get("env_file"), name, scope
        )
        if entry is not None:
            origin = Origin(
                "config",
                what,
                scope.module.path,
                expr.line,
                entry.path,
                entry.line,
                entry.interpolated,
            )
            return _cast(const(entry.value, origin), cast)
        if default is None:
            return unknown(f"{name} (required)")
        origin = Origin("config", what, scope.module.path, expr.line)
        return _cast(default, cast).with_origin(origin, force=True)

    def _file_entry(self, env_file: Optional[Value], name: str, scope: Scope) -> Optional[EnvEntry]:
        if env_file is None:
            return None
        path = self.ev.locate_env_file(env_file)
        return self._read(path, name, True)


def _slots(env_file: Value) -> List[List[Value]]:
    if env_file.kind == "seq":
        return [[item] if item.kind != "alts" else list(item.items) for item in env_file.items]
    if env_file.kind == "alts":
        return [list(env_file.items)]
    if env_file.kind == "const" and env_file.const is None:
        return []
    return [[env_file]]


def _field(chain: Chain, name: str) -> Optional[Tuple[Module, Assignment]]:
    for module, cls in chain:
        for assignment in reversed(cls.fields):
            if assignment.target == name:
                return module, assignment
    return None


def _method(chain: Chain, name: str) -> Optional[Tuple[Module, FunctionFact]]:
    for module, cls in chain:
        for method in cls.methods:
            if method.name == name and any(
                _decorator_name(d) in _PROPERTY for d in method.decorators
            ):
                return module, method
    return None


def _decorator_name(decorator: Expr) -> str:
    target = decorator.callee or decorator
    return target.dotted() or ""


def _validated(chain: Chain, name: str) -> bool:
    for _, cls in chain:
        for method in cls.methods:
            for decorator in method.decorators:
                if (
                    _decorator_name(decorator).rsplit(".", 1)[-1] in _VALIDATORS
                    and decorator.kind == "call"
                ):
                    if any(
                        arg.kind == "const" and arg.value in (name, "*")
                        for arg in decorator.items[1:]
                    ):
                        return True
    return False


def _alias(ev: Evaluating, module: Module, assignment: Assignment) -> Optional[str]:
    value = assignment.value
    if (
        value is None
        or value.kind != "call"
        or ev.symbols.qualify(module, (value.callee or value).dotted()) not in _FIELD_CALLS
    ):
        return None
    for keyword in ("validation_alias", "alias", "env"):
        alias = value.keyword(keyword)
        if alias is not None and alias.kind == "const" and isinstance(alias.value, str):
            return alias.value
    return None


def _annotation_kinds(ev: Evaluating, module: Module, annotation: Optional[Expr]) -> Set[str]:
    if annotation is None:
        return {"str"}
    if annotation.kind == "binop" and annotation.value == "|":
        return _annotation_kinds(ev, module, annotation.items[0]) | _annotation_kinds(
            ev, module, annotation.items[1]
        )
    if annotation.kind == "const" and annotation.value is None:
        return set()
    if annotation.kind == "subscript":
        head = (annotation.items[0].dotted() or "").rsplit(".", 1)[-1]
        inner = annotation.items[1]
        args = inner.items if inner.kind == "tuple" else (inner,)
        if head in ("Optional", "Union"):
            return set().union(*[_annotation_kinds(ev, module, arg) for arg in args])
        if head == "Annotated":
            return _annotation_kinds(ev, module, args[0])
        return {"complex"} if head.lower() in _COMPLEX else {"str"}
    return _simple_kind(ev, module, annotation)


def _simple_kind(ev: Evaluating, module: Module, annotation: Expr) -> Set[str]:
    dotted = annotation.dotted() or ""
    last = dotted.rsplit(".", 1)[-1]
    if last.lower() in _COMPLEX:
        return {"complex"}
    if last in ("bool", "int", "float"):
        return {last}
    qualified = ev.symbols.qualify(module, dotted) or dotted
    ancestors = ev.ancestors(qualified)
    if any(base in ENUM_BASES for base in ancestors):
        return {f"enum:{qualified}"}
    if any(base.endswith("BaseModel") for base in ancestors):
        return {"complex"}
    return {"str"}


def _cast(value: Value, cast: Optional[Value]) -> Value:
    if cast is None or value.kind != "const" or value.const is None:
        return value
    ref = cast.ref if cast.kind in ("symbol", "class") else ""
    text = value.const
    if ref == "builtins.bool":
        if isinstance(text, bool):
            return value
        mapping = {"true": True, "1": True, "false": False, "0": False}
        lowered = str(text).lower()
        return const(mapping[lowered], value.origin) if lowered in mapping else unknown("bool cast")
    if ref in ("builtins.int", "builtins.float"):
        try:
            return const(int(text) if ref == "builtins.int" else float(text), value.origin)
        except (TypeError, ValueError):
            return unknown("number cast")
    if ref.endswith("CommaSeparatedStrings") and isinstance(text, str):
        return comma_separated(text, value.origin)
    if ref in ("builtins.str",) or ref.endswith(".Secret"):
        return const(str(text), value.origin)
    return unknown("cast")
