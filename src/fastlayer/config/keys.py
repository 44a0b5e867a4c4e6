"""The schema of presets and of ``[tool.fastlayer]``: one place lists every key."""

from __future__ import annotations

from fastlayer.config.schema import BOOL, STR, STR_LIST, STR_LIST_MAP, STR_MAP, Kind, one_of, table, table_of

LAYER = {"paths": STR_LIST, "may-import": STR_LIST, "must-not-import-external": STR_LIST, "description": STR}

STRUCTURE = {
    "required": STR_LIST,
    "required-when": STR_MAP,
    "packages": STR_LIST,
    "allowed-top-level": STR_LIST,
    "tests-required": STR_LIST,
    "alembic-required": STR_LIST,
}

APP = {"health-paths": STR_LIST, "version-prefix": STR, "endpoints-pattern": STR}

DOMAINS = {"paths": STR_LIST, "exclude": STR_LIST, "public": STR_LIST}

GRAPH = {
    "doc": STR,
    "names": STR_MAP,
}  # fastlayer graph / FL120-FL121: the documented diagram (graph_settings.py)

PRESET: dict[str, Kind] = {
    "name": STR,
    "description": STR,
    "layers": table_of(LAYER),
    "structure": table(STRUCTURE),
    "placement": STR_LIST_MAP,
    "app": table(APP),
    "domains": table(DOMAINS),
}

TOOL: dict[str, Kind] = {
    "root": STR,
    "preset": STR,
    "exclude": STR_LIST,
    "select": STR_LIST,
    "ignore": STR_LIST,
    "per-file-ignores": STR_LIST_MAP,
    "baseline": STR,
    "type-checking-imports": one_of("check", "ignore"),
    "fail-on": one_of("error", "warning", "info"),
    "cache-dir": STR,
    "respect-gitignore": BOOL,
    "environments": STR_LIST_MAP,
    "layers": table_of(LAYER),
    "structure": table(STRUCTURE),
    "placement": STR_LIST_MAP,
    "app": table(APP),
    "domains": table(DOMAINS),
    "graph": table(GRAPH),
}
