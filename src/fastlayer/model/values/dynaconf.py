"""dynaconf settings read statically (never imported).

``settings = Dynaconf(settings_files=["settings.toml", ".secrets.toml"], environments=True,
envvar_prefix="MYAPP")``; values read as ``settings.CORS_ORIGINS``, ``settings.cors.origins``,
``settings.get("cors_origins", default)`` or ``settings["CORS_ORIGINS"]`` (keys are
case-insensitive; ``get`` takes dotted paths). The files (TOML, YAML, JSON) are found beside the
module that builds the settings, else from the working directory; a later file overrides an
earlier one key by key. With ``environments=True`` a file's ``[default]`` table, then the active
environment's table (``ENV_FOR_DYNACONF``, default ``development``), then ``[global]`` apply;
without it the top-level keys do. An environment variable ``<PREFIX>_<KEY>`` (prefix
``DYNACONF`` unless ``envvar_prefix`` says otherwise) overrides a top-level key, its text read as
a TOML value (``'["*"]'`` is a list, ``true`` a bool, ``@json [...]`` JSON); the variables are
those of the run's ``Context`` (the env files ``load_dotenv`` loads, a configured environment's
files) and, with ``load_dotenv=True``, the ``.env`` of the working directory.
"""

from __future__ import annotations

import json
import posixpath
import sys
from typing import Dict, List, Optional, Protocol, Sequence, Tuple

from fastlayer.model.values.datafiles import DataFiles
from fastlayer.model.values.envfiles import EnvEntry, EnvFiles, normalise
from fastlayer.model.values.types import (
    Context,
    Origin,
    Value,
    bound_method,
    const,
    from_json,
    instance,
    mapping,
    truth,
    unknown,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the tomli backport
    import tomli as tomllib

REF = "dynaconf.Dynaconf"
SWITCHER = "ENV_FOR_DYNACONF"
_SPECIAL = frozenset({"default", "global", "dynaconf"})
Args = Sequence[Tuple[Optional[str], Value]]


class Reading(Protocol):
    data_files: DataFiles
    env_files: EnvFiles
    context: Context


def settings(args: Args, module_path: str) -> Value:
    """``Dynaconf(...)``: its keyword arguments, and the module that built it (relative files)."""
    named = [(str(key), value) for key, value in args if key is not None]
    return instance(REF, [*named, ("__module__", const(module_path))])


def attribute(ev: Reading, obj: Value, name: str) -> Value:
    if name in ("get", "as_dict", "to_dict"):
        return bound_method(obj, name)
    return lookup(ev, obj, name) or unknown(f"settings.{name}")


def get(ev: Reading, obj: Value, method: str, args: Args) -> Value:
    """``settings.get("cors.origins", default)``; ``as_dict()`` the whole merged mapping."""
    if method in ("as_dict", "to_dict"):
        return merged(ev, obj)
    positional = [value for key, value in args if key is None]
    key = positional[0] if positional else None
    if key is None or key.kind != "const" or not isinstance(key.const, str):
        return unknown("settings.get()")
    default = positional[1] if len(positional) > 1 else dict(args_named(args)).get("default")
    value: Optional[Value] = merged(ev, obj)
    for part in key.const.split("."):
        value = _key(value, part) if value is not None else None
    return value if value is not None else (default or const(None))


def args_named(args: Args) -> List[Tuple[str, Value]]:
    return [(key, value) for key, value in args if key is not None]


def lookup(ev: Reading, obj: Value, name: str) -> Optional[Value]:
    """``settings.CORS_ORIGINS`` / ``settings["cors_origins"]``: case-insensitive; a key only
    the environment sets (``MYAPP_CORS_ORIGINS``) too."""
    found = _key(merged(ev, obj), name)
    if found is not None:
        return found
    result = {name.upper(): (name, unknown(name))}
    _environment(ev, dict(obj.kwargs), result)
    value = result[name.upper()][1]
    return value if value.known else None


def key(document: Value, name: str) -> Optional[Value]:
    """A mapping's entry, the exact key first, else case-insensitively (dynaconf's boxes)."""
    return _key(document, name)


def _key(document: Value, name: str) -> Optional[Value]:
    if document.kind != "dict":
        return None
    for key, value in reversed(list(zip(document.items[::2], document.items[1::2]))):
        if isinstance(key.const, str) and key.const.lower() == name.lower():
            return value
    return None


def merged(ev: Reading, obj: Value) -> Value:
    """Files in order (each: default, the environment, global), then environment variables."""
    options = dict(obj.kwargs)
    files = _files(ev, options)
    if files is None:
        return unknown("settings_files")
    layered = truth(options.get("environments", const(False))) is True
    active = _active(ev, options)
    result: Dict[str, Tuple[str, Value]] = {}
    for document in files:
        for table in _tables(document, layered, active):
            for key, value in zip(table.items[::2], table.items[1::2]):
                if isinstance(key.const, str):
                    result[key.const.upper()] = (key.const, value)
    _environment(ev, options, result)
    pairs: List[Value] = []
    for original, value in result.values():
        pairs += [const(original), value]
    return mapping(pairs)


def environments(ev: Reading, obj: Value) -> List[str]:
    """The environment tables of an ``environments=True`` configuration's files."""
    options = dict(obj.kwargs)
    if truth(options.get("environments", const(False))) is not True:
        return []
    names: List[str] = []
    for document in _files(ev, options) or []:
        for key in document.items[::2] if document.kind == "dict" else ():
            name = str(key.const).lower()
            if name not in _SPECIAL and name not in names:
                names.append(name)
    return names


def _active(ev: Reading, options: Dict[str, Value]) -> str:
    switcher = options.get("env_switcher", const(SWITCHER))
    entry = ev.context.lookup(str(switcher.const)) if switcher.kind == "const" else None
    env = options.get("env", const("development"))
    return (entry.value if entry else str(env.const if env.kind == "const" else "")).lower()


def _tables(document: Value, layered: bool, active: str) -> List[Value]:
    if not layered:
        return [document]
    order = ("default", active, "global")
    return [value for name in order for value in [_key(document, name)] if value is not None]


def _files(ev: Reading, options: Dict[str, Value]) -> Optional[List[Value]]:
    names = (
        options.get("settings_files")
        or options.get("settings_file")
        or options.get("SETTINGS_FILE_FOR_DYNACONF")
    )
    if names is None:
        return []
    listed = _names(names)
    if listed is None:
        return None
    module = str(options["__module__"].const)
    documents = []
    for name in listed:
        path = _locate(ev, name, posixpath.dirname(module))
        document = ev.data_files.load(path, ev.context) if path else None
        if document is not None and document.kind == "dict":
            documents.append(document)
    return documents


def _names(value: Value) -> Optional[List[str]]:
    if value.kind == "const" and isinstance(value.const, str):
        return [part.strip() for part in value.const.split(",") if part.strip()]
    strings = value.strings()
    return list(strings) if strings is not None else None


def _locate(ev: Reading, name: str, directory: str) -> Optional[str]:
    beside = normalise(posixpath.join(directory, name)) if directory else normalise(name)
    if beside is not None and ev.data_files.exists(beside):
        return beside
    return ev.data_files.from_working_dir(name)


def _environment(
    ev: Reading, options: Dict[str, Value], result: Dict[str, Tuple[str, Value]]
) -> None:
    prefix_value = options.get("envvar_prefix", const("DYNACONF"))
    if prefix_value.kind != "const" or prefix_value.const is False:
        return
    prefix = str(prefix_value.const or "DYNACONF").upper()
    dotenv = (
        ev.env_files.read(ev.env_files.from_working_dir(".env") or "")
        if truth(options.get("load_dotenv", const(False)))
        else None
    )
    for key in list(result):
        name = f"{prefix}_{key}"
        entry = ev.context.lookup(name) or (dotenv.get(name) if dotenv else None)
        if entry is not None:
            result[key] = (result[key][0], _parsed(entry, name))


def _parsed(entry: EnvEntry, name: str) -> Value:
    """dynaconf reads a variable as a TOML value: ``["*"]``, ``true``, ``8``; ``@json`` JSON."""
    origin = Origin("env", name, entry.path, entry.line, entry.path, entry.line, entry.interpolated)
    text = entry.value.strip()
    if text.startswith("@json "):
        try:
            return from_json(json.loads(text[6:]), origin)
        except ValueError:
            return unknown(name)
    try:
        data = tomllib.loads(f"value = {text}")["value"]
    except (tomllib.TOMLDecodeError, ValueError):
        return const(entry.value, origin)
    return from_json(data, origin)
