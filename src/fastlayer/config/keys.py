"""Every configuration key once: its TOML name, type, default and what it does.

This table drives validation (``spec`` gives ``schema.validate`` its specs), building the
``Config`` and the preset's parts (``build`` reads each key, or takes its default), and
``fastlayer config`` (which prints every key with its doc). A key added here is validated,
built and printed without another edit; its Python attribute is its name with ``_`` for ``-``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, Mapping, Optional, Tuple, TypeVar

from fastlayer.config.schema import (
    BOOL,
    STR,
    STR_LIST,
    STR_LIST_MAP,
    STR_MAP,
    Kind,
    map_of_choices,
    one_of,
    table,
    table_of,
)

T = TypeVar("T")
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Key:
    name: str  # as written in TOML
    kind: Kind
    default: Any  # the built (Python) value when the key is absent
    doc: str

    @property
    def attr(self) -> str:
        return self.name.replace("-", "_")


Table = Tuple[Key, ...]


def spec(keys: Table) -> Dict[str, Kind]:
    return {key.name: key.kind for key in keys}


def defaults(keys: Table) -> Dict[str, Any]:
    """Attribute -> default: the dataclasses built from a table take their defaults from here."""
    return {key.attr: key.default for key in keys}


def build(
    make: Callable[..., T],
    keys: Table,
    raw: Mapping[str, Any],
    base: Optional[T] = None,
    **fixed: Any,
) -> T:
    """``make(**fixed, attr=value...)``: each key from ``raw`` when present, else from ``base``
    (a preset's section a configuration overrides key by key), else its default."""
    values = {
        key.attr: key.kind.load(raw[key.name])
        if key.name in raw
        else getattr(base, key.attr)
        if base is not None
        else key.default
        for key in keys
    }
    return make(**fixed, **values)


def dump(keys: Table, obj: object) -> Dict[str, Any]:
    """The TOML data of ``obj``'s keys (``None``: not set)."""
    return {
        key.name: None if (value := getattr(obj, key.attr)) is None else key.kind.dump(value)
        for key in keys
    }


LAYER: Table = (
    Key(
        "paths",
        STR_LIST,
        (),
        "globs of the layer's modules, relative to the app root; most specific wins",
    ),
    Key("may-import", STR_LIST, (), "the layers this layer may import"),
    Key("must-not-import-external", STR_LIST, (), "top-level packages this layer must not import"),
    Key("description", STR, "", "what belongs in the layer"),
)

STRUCTURE: Table = (
    Key("required", STR_LIST, (), "paths that must exist under the app root"),
    Key(
        "required-when",
        STR_MAP,
        (),
        "path -> detector kind: the path must exist when that kind is found",
    ),
    Key("packages", STR_LIST, (), "globs of directories that must be packages (have __init__.py)"),
    Key("allowed-top-level", STR_LIST, (), "the only entries allowed at the top of the app root"),
    Key("tests-required", STR_LIST, (), "paths that need tests"),
    Key("alembic-required", STR_LIST, (), "paths expected when the project uses Alembic"),
)

PLACEMENT: Table = tuple(
    Key(kind, STR_LIST, None, f"where {what} may live (globs relative to the app root)")
    for kind, what in (
        ("route", "route handlers"),
        ("pydantic-schema", "Pydantic models"),
        ("orm-model", "ORM models"),
        ("settings-class", "settings classes"),
        ("celery-task", "Celery tasks"),
        ("fastapi-app", "the FastAPI() call"),
        ("env-read", "environment variable reads"),
        ("exception-class", "exception classes"),
    )
)

APP: Table = (
    Key("health-paths", STR_LIST, (), "paths a health endpoint may have"),
    Key("version-prefix", STR, "", "regular expression every route prefix must match"),
    Key("endpoints-pattern", STR, "", "glob of the modules that define endpoints"),
)

DOMAINS: Table = (
    Key("paths", STR_LIST, (), "globs of the domain packages"),
    Key("exclude", STR_LIST, (), "packages that are not domains"),
    Key("public", STR_LIST, (), "roles (module names) another domain may import"),
)

GRAPH: Table = (
    Key(
        "doc",
        STR,
        None,
        "Markdown file whose Mermaid diagram `check` holds against the code (FL120-FL122)",
    ),
    Key("names", STR_MAP, (), "diagram node id or label -> layer (case-insensitive)"),
)

# The keys of [tool.fastlayer] that become attributes of ``Config``.
SETTINGS: Table = (
    Key(
        "root",
        STR,
        None,
        "the application package directory, relative to the project root (not set: detected)",
    ),
    Key(
        "apps",
        STR_LIST,
        (),
        "the FastAPI apps the project runs (`path/to/module.py:app` from the project root), the "
        "main one first; each is judged under its own directory (not set: the main one, detected)",
    ),
    Key("exclude", STR_LIST, (), "globs of files to leave out, relative to the project root"),
    Key("extend-exclude", STR_LIST, (), "more globs to leave out, on top of exclude"),
    Key("respect-gitignore", BOOL, True, "read the root .gitignore"),
    Key(
        "select",
        STR_LIST,
        None,
        "the rule codes or prefixes to run (not set: every rule that is not opt-in)",
    ),
    Key("extend-select", STR_LIST, (), "more codes or prefixes to run, on top of select"),
    Key("ignore", STR_LIST, (), "rule codes or prefixes to skip"),
    Key("per-file-ignores", STR_LIST_MAP, (), "glob -> codes silenced in matching files"),
    Key(
        "severity",
        map_of_choices(*SEVERITIES),
        (),
        "code or prefix -> severity the rule reports with",
    ),
    Key("fail-on", one_of(*SEVERITIES), "warning", "lowest severity that fails the run"),
    Key("baseline", STR, None, "baseline file, relative to the project root"),
    Key(
        "type-checking-imports",
        one_of("check", "ignore"),
        "check",
        "check or ignore the imports under `if TYPE_CHECKING:`",
    ),
    Key(
        "import-cycles",
        one_of("module-level", "all"),
        "module-level",
        "FL102: cycles through imports that run at import time, or all (also inside functions)",
    ),
    Key(
        "cache-dir",
        STR,
        ".fastlayer_cache",
        "where the facts cache lives, relative to the project root",
    ),
    Key("environments", STR_LIST_MAP, (), "deployment -> the env files that describe it"),
)

# The keys that shape the architecture: the preset and the sections that override it key by key.
ARCHITECTURE: Table = (
    Key(
        "preset",
        STR,
        "fastapi-layered",
        "a preset shipped with fastlayer, a path to a TOML preset, or none",
    ),
    Key("layers", table_of(spec(LAYER)), (), "layer name -> its modules and what it may import"),
    Key("structure", table(spec(STRUCTURE)), None, "directories and files the app root must have"),
    Key("placement", table(spec(PLACEMENT)), (), "kind of code -> where it may live"),
    Key("app", table(spec(APP)), None, "what the application's routes look like"),
    Key("domains", table(spec(DOMAINS)), None, "domain packages (the fastapi-domain preset)"),
)

TABLES: Table = (Key("graph", table(spec(GRAPH)), None, "the documented architecture diagram"),)

TOOL: Dict[str, Kind] = spec(SETTINGS + ARCHITECTURE + TABLES)

PRESET: Dict[str, Kind] = {
    "name": STR,
    "description": STR,
    **{key.name: key.kind for key in ARCHITECTURE if key.name != "preset"},
}
