"""Models built from loaded data, and the one instance a dependency container hands out.

``Settings(**data)``, ``Settings.model_validate(data)``, ``Settings.parse_obj(data)``: the keys
of ``data`` become the instance's arguments (a nested dict becomes the nested model when its
attribute is read: ``settings.server.cors.allow_origins``). When ``data`` is not known statically
(a loader that merges profiles in a loop), the model is bound to the project's base settings
file (``settings.yaml``, ``config.toml``, ``application.json``... at any depth) when exactly
one such file has every required field of the model as a top-level key and the project imports
that file format's parser: the values then come from that file, and in the context of a
profile (``settings-local.yaml`` beside ``settings.yaml``: each such file is an environment of
its own, see ``environments.py``) from that file deep-merged over it. ``injector.get(Settings)`` / ``container.resolve(Settings)``: the one
module-level instance of that class the project builds.
"""

from __future__ import annotations

import posixpath
import re
from typing import Dict, List, Optional, Protocol, Sequence, Tuple

from fastlayer.facts.expr import Expr
from fastlayer.facts.types import Assignment
from fastlayer.model.core import ProjectCore
from fastlayer.model.layout import is_test_path
from fastlayer.model.module import Module
from fastlayer.model.values.datafiles import DataFiles
from fastlayer.model.values.settings import SettingsResolver
from fastlayer.model.values.types import Context, Value, mapping, unknown

Args = List[Tuple[Optional[str], Value]]
MODEL_BUILDERS = frozenset(
    {"model_validate", "parse_obj", "validate", "model_construct", "construct"}
)
_GETTERS = frozenset({"get", "resolve", "provide"})
_BASE_FILE = re.compile(
    r"^(settings|config|configuration|application|app)\.(ya?ml|json|toml)$", re.IGNORECASE
)
_PARSERS = {"yaml": ("yaml", "ruamel"), "yml": ("yaml", "ruamel"), "json": ("json",)}
_TOML = ("tomllib", "tomli", "toml", "tomlkit")


class Binding(Protocol):
    project: ProjectCore
    settings: SettingsResolver
    data_files: DataFiles
    context: Context

    def evaluate(self, module: Module, expr: Optional[Expr]) -> Value: ...


def expanded(args: Sequence[Tuple[Optional[str], Value]]) -> Optional[Args]:
    """Arguments with ``**mapping`` and ``*sequence`` spread out; None when one is unknown."""
    result: Args = []
    for key, value in args:
        if key == "**" and value.kind == "dict":
            keys = value.items[::2]
            if any(k.kind != "const" or not isinstance(k.const, str) for k in keys):
                return None
            result += [(str(k.const), v) for k, v in zip(keys, value.items[1::2])]
        elif key == "*" and value.kind == "seq":
            result += [(None, item) for item in value.items]
        elif key in ("*", "**"):
            return None
        else:
            result.append((key, value))
    return result


def validated(ev: Binding, cls: Value, method: str, args: Args) -> Value:
    """``Settings.model_validate(data)`` / ``parse_obj(data)`` / ``model_construct(**data)``."""
    if method not in MODEL_BUILDERS:
        return unknown(f".{method}()")
    if method in ("model_construct", "construct"):
        return ev.settings.instantiate(cls, args)
    data = next((value for key, value in args if key in (None, "obj")), None)
    if data is None or data.kind != "dict":
        return built_from_unknown(ev, cls) if data is not None else unknown(method)
    pairs = zip(data.items[::2], data.items[1::2])
    return ev.settings.instantiate(cls, [(str(k.const), v) for k, v in pairs if k.kind == "const"])


def built_from_unknown(ev: Binding, cls: Value) -> Value:
    """A model built from data not known statically: the base settings file whose top-level keys
    are every required field of the model (see the module doc), else unknown."""
    required = _required(ev, cls.ref)
    if len(required) < 2:
        return unknown(f"{cls.ref.rsplit('.', 1)[-1]}(**data)")
    matches = [
        (path, document)
        for path, document in _base_documents(ev)
        if required <= {str(key.const) for key in document.items[::2] if key.kind == "const"}
    ]
    if len(matches) != 1:
        return unknown(f"{cls.ref.rsplit('.', 1)[-1]}(**data)")
    document = _with_profile(ev, *matches[0])
    pairs = zip(document.items[::2], document.items[1::2])
    return ev.settings.instantiate(cls, [(str(k.const), v) for k, v in pairs])


def profiles(paths: Sequence[str]) -> Dict[str, List[str]]:
    """Profile name -> the files layered over a base settings file (``settings-local.yaml``,
    ``settings.local.yaml``, ``settings_local.yaml`` beside ``settings.yaml``)."""
    found: Dict[str, List[str]] = {}
    bases = [path for path in paths if _BASE_FILE.match(posixpath.basename(path))]
    for base in bases:
        stem, extension = posixpath.splitext(base)
        for path in paths:
            if path.startswith(stem) and path.endswith(extension) and path != base:
                name = path[len(stem) : -len(extension)]
                if name[:1] in "-._" and re.fullmatch(r"[A-Za-z0-9_-]+", name[1:]):
                    found.setdefault(name[1:].lower(), []).append(path)
    return found


def _with_profile(ev: Binding, path: str, base: Value) -> Value:
    """The base document with the active profile's file deep-merged over it."""
    if not ev.context.profile:
        return base
    stem, extension = posixpath.splitext(path)
    for separator in "-._":
        candidate = f"{stem}{separator}{ev.context.profile}{extension}"
        if ev.data_files.exists(candidate):
            return _merged(base, ev.data_files.load(candidate, ev.context))
    return base


def _merged(base: Value, override: Value) -> Value:
    if base.kind != "dict" or override.kind != "dict":
        return override
    result: Dict[object, Tuple[Value, Value]] = {
        key.const: (key, value) for key, value in zip(base.items[::2], base.items[1::2])
    }
    for key, value in zip(override.items[::2], override.items[1::2]):
        earlier = result.get(key.const)
        result[key.const] = (key, _merged(earlier[1], value) if earlier else value)
    pairs: List[Value] = [part for pair in result.values() for part in pair]
    return mapping(pairs, base.origin)


def _required(ev: Binding, ref: str) -> set[str]:
    fields: Dict[str, Assignment] = {}
    for _, cls in reversed(ev.settings.chain(ref)):
        fields.update({a.target: a for a in cls.fields if not a.target.startswith("_")})
    fields.pop("model_config", None)
    return {name for name, assignment in fields.items() if _no_default(assignment.value)}


def _no_default(value: Optional[Expr]) -> bool:
    """``server: ServerSettings`` or ``Field(description=...)``: the field must be given."""
    if value is None:
        return True
    callee = value.callee
    if callee is None or not (callee.dotted() or "").endswith("Field"):
        return False
    if value.keyword("default_factory") is not None or value.keyword("default") is not None:
        return False
    first = value.positional(0)
    return first is None or (first.kind == "unknown" and first.value == "...")


def _base_documents(ev: Binding) -> List[Tuple[str, Value]]:
    imported = {
        fact.module.split(".")[0] for module in ev.project.parsed() for fact in module.facts.imports
    }
    found: List[Tuple[str, Value]] = []
    for path in ev.project.discovered.other_files:
        name = posixpath.basename(path)
        match = _BASE_FILE.match(name)
        parsers = _PARSERS.get(match.group(2).lower(), _TOML) if match else ()
        if match and not is_test_path(path) and imported & set(parsers):
            document = ev.data_files.load(path, ev.context)
            if document.kind == "dict":
                found.append((path, document))
    return found


def container_lookup(expr: Expr, args: Args) -> bool:
    """``injector.get(Settings)``: one positional argument, a project class."""
    callee = expr.items[0]
    return (
        callee.kind == "attr"
        and callee.value in _GETTERS
        and len(args) == 1
        and args[0][0] is None
        and args[0][1].kind == "class"
    )


def sole_instance(ev: Binding, cls: Value) -> Value:
    """The one module-level ``x = Cls(...)`` (or ``Cls.model_validate(...)``) of the project."""
    name = cls.ref.rsplit(".", 1)[-1]
    found: List[Value] = []
    for module in ev.project.parsed():
        if is_test_path(module.path):
            continue
        for assignment in module.facts.assignments:
            if _builds(assignment.value, name):
                value = ev.evaluate(module, assignment.value)
                if value.kind != "instance" or value.ref == cls.ref:
                    found.append(value)
    if len(found) == 1 and found[0].kind == "instance":
        return found[0]
    return unknown(f"{name} from a container")


def _builds(value: Optional[Expr], name: str) -> bool:
    callee = value.callee if value is not None else None
    dotted = (callee.dotted() or "") if callee is not None else ""
    parts = dotted.rsplit(".", 2)
    return parts[-1] == name or (
        len(parts) > 1 and parts[-2] == name and parts[-1] in MODEL_BUILDERS
    )
