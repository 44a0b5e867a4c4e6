"""Project data files (YAML, JSON, TOML) read statically, each value with the file and line it
came from.

``yaml.safe_load(open("settings.yaml"))``, ``json.load(f)``, ``tomllib.load(f)``: the evaluator
hands the file to ``DataFiles.load``. YAML is composed with PyYAML's safe loader into nodes (never
constructed into arbitrary objects: only the scalars of the safe schema are built), so every
value keeps its line; JSON is read the same way (a JSON document is YAML), TOML with ``tomllib``
(``tomli`` before Python 3.11) and a scan for the line of each key. A scalar written as
``${VAR}`` / ``${VAR:default}`` / ``${VAR:-default}`` (the interpolation of private-gpt's loader,
pyaml-env and envyaml; ``${A,B:default}`` tries ``A`` then ``B``) takes the variable from the
run's ``Context`` (the env files it loads), else its default, parsed as a YAML scalar; the
origin says which. Files are read through ``ProjectTexts`` (inside the root only), once each.
"""

from __future__ import annotations

import json
import posixpath
import re
import sys
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import yaml  # type: ignore[import-untyped]

from fastlayer.facts.expr import ConstValue
from fastlayer.files.texts import ProjectTexts
from fastlayer.model.values.envfiles import EnvEntry, normalise
from fastlayer.model.values.types import Context, Origin, Value, const, mapping, seq, unknown

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the tomli backport
    import tomli as tomllib

SUFFIXES = (".yaml", ".yml", ".json", ".toml")
MAX_BYTES = 4_000_000
_VAR = re.compile(r"^\$\{\s*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?::-?(.*))?\}$", re.DOTALL)
_TABLE = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.\-]+)\s*=""")
Lookup = Callable[[str], Optional[EnvEntry]]
_COLLECTIONS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_SAFE = yaml.SafeLoader("")  # builds the scalars of the safe schema, nothing else


class DataFiles:
    """Data files of one project, parsed on demand (per file and environment: ``${VAR}`` takes
    the environment's value)."""

    def __init__(self, texts: ProjectTexts, working_dirs: Sequence[str]) -> None:
        self.texts = texts
        self.working_dirs = tuple(dict.fromkeys(working_dirs))
        self._cache: Dict[Tuple[str, Context], Value] = {}

    def load(self, path: str, context: Context) -> Value:
        """The document at project-relative ``path`` in ``context`` (whose files set the
        variables of ``${VAR}``), unknown when absent or unreadable."""
        key = (path, context)
        if key not in self._cache:
            text = self.texts.read(path, MAX_BYTES) if path.endswith(SUFFIXES) else None
            self._cache[key] = (
                parse(text, path, context.lookup)
                if text is not None
                else unknown(f"no file {path}")
            )
        return self._cache[key]

    def exists(self, path: str) -> bool:
        return path.endswith(SUFFIXES) and self.texts.read(path, MAX_BYTES) is not None

    def from_working_dir(self, name: str) -> Optional[str]:
        """``open("settings.yaml")``: the first project file the name is from a working
        directory (the project root, the source root, the app root)."""
        for directory in self.working_dirs:
            path = normalise(posixpath.join(directory, name) if directory else name)
            if path is not None and self.exists(path):
                return path
        return None


def parse(text: str, path: str, lookup: Lookup) -> Value:
    if path.endswith(".toml"):
        return _toml(text, path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return _json(text, path) if path.endswith(".json") else unknown(f"invalid YAML in {path}")
    return _node(node, path, "", lookup) if node is not None else const(None)


# -- YAML (and JSON) ---------------------------------------------------------------------
def _node(node: yaml.Node, path: str, where: str, lookup: Lookup) -> Value:
    origin = Origin("data", where or "document", path, node.start_mark.line + 1)
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTIONS:
        return unknown(f"{node.tag} in {path}")  # !!python/object/apply:...: never built
    if isinstance(node, yaml.MappingNode):
        pairs: List[Value] = []
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if key is None or isinstance(key, (list, dict)):
                return unknown(f"mapping key in {path}")
            inner = f"{where}.{key}" if where else str(key)
            pairs += [const(key, origin), _node(value_node, path, inner, lookup)]
        return mapping(pairs, origin)
    if isinstance(node, yaml.SequenceNode):
        items = [_node(item, path, where, lookup) for item in node.value]
        return seq([_item(item, origin) for item in items], origin)
    value = _scalar(node)
    if isinstance(value, str) and value.startswith("${"):
        return _interpolated(value, origin, lookup)
    if value is None and not _null(node):
        return unknown(f"{node.tag} in {path}")
    return const(value, origin)


def _item(item: Value, origin: Origin) -> Value:
    """An element of a list says where the list is, unless it has its own story (``${VAR}``)."""
    if item.kind == "const" and item.origin is not None and not item.origin.note:
        return const(item.const, origin)
    return item


def _scalar(node: yaml.Node) -> ConstValue:
    """A scalar of the safe schema (str, int, float, bool, None); anything else None."""
    construct = yaml.SafeLoader.yaml_constructors.get(node.tag)
    if not isinstance(node, yaml.ScalarNode) or construct is None:
        return None
    try:
        return _const_value(construct(_SAFE, node))
    except (yaml.YAMLError, ValueError):
        return None


def _const_value(value: object) -> ConstValue:
    return value if value is None or isinstance(value, (str, int, float, bool)) else None


def _null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _interpolated(text: str, origin: Origin, lookup: Lookup) -> Value:
    """``${VAR:default}``: the variable from the environment's files, else the default."""
    found = _VAR.match(text)
    if found is None:
        return const(text, origin)
    names = [name.strip() for name in found.group(1).split(",")]
    for name in names:
        entry = lookup(name)
        if entry is not None:
            note = f"${{{name}}} from {entry.path}:{entry.line}"
            return const(entry.value, _noted(origin, note))
    default = found.group(2)
    if default is None:
        return unknown(f"${{{names[0]}}} without a default")
    return const(_yaml_scalar(default), _noted(origin, f"the default of ${{{names[0]}}}"))


def _noted(origin: Origin, note: str) -> Origin:
    return Origin(origin.kind, origin.what, origin.path, origin.line, note=note)


def _yaml_scalar(text: str) -> ConstValue:
    """``true`` -> True, ``8080`` -> 8080, anything else the text."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return value if value is None or isinstance(value, (str, int, float, bool)) else text


def _json(text: str, path: str) -> Value:
    try:
        data = json.loads(text)
    except ValueError:
        return unknown(f"invalid JSON in {path}")
    return _plain(data, path, "", {})


# -- TOML ------------------------------------------------------------------------------------
def _toml(text: str, path: str) -> Value:
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeError):
        return unknown(f"invalid TOML in {path}")
    return _plain(data, path, "", _toml_lines(text))


def _toml_lines(text: str) -> Dict[str, int]:
    """``table.key`` -> its line: table headers and ``key =`` lines (dotted keys included)."""
    lines: Dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = _TABLE.match(line)
        if header:
            table = ".".join(_unquote(part) for part in header.group(1).split("."))
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            dotted = ".".join(_unquote(part) for part in key.group(1).split("."))
            lines.setdefault(f"{table}.{dotted}" if table else dotted, number)
    return lines


def _unquote(part: str) -> str:
    part = part.strip()
    return part[1:-1] if len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'" else part


def _plain(data: object, path: str, where: str, lines: Dict[str, int]) -> Value:
    origin = Origin("data", where or "document", path, lines.get(where, 1))
    if isinstance(data, dict):
        pairs: List[Value] = []
        for key, item in data.items():
            inner = f"{where}.{key}" if where else str(key)
            pairs += [const(str(key), origin), _plain(item, path, inner, lines)]
        return mapping(pairs, origin)
    if isinstance(data, list):
        return seq([_plain(item, path, where, lines) for item in data], origin)
    if data is None or isinstance(data, (str, int, float, bool)):
        return const(_const_value(data), origin)
    return unknown(f"{type(data).__name__} in {path}")
