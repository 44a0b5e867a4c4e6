"""``[tool.fastlayer]`` / ``fastlayer.toml`` -> a frozen, fully validated ``Config``."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from fastlayer.config import presets, schema
from fastlayer.config.graph import graph_problems
from fastlayer.config.keys import TOOL
from fastlayer.config.locate import config_file_in
from fastlayer.config.presets import Preset
from fastlayer.config.toml import ConfigError, read_toml
from fastlayer.files.globs import glob_problem

DEFAULT_PRESET = "fastapi-layered"


@dataclass(frozen=True)
class Config:
    project_root: Path
    config_file: Optional[Path] = None
    root: Optional[str] = None
    preset: Preset = presets.EMPTY
    exclude: Tuple[str, ...] = ()
    select: Optional[Tuple[str, ...]] = None
    ignore: Tuple[str, ...] = ()
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    baseline: Optional[str] = None
    type_checking_imports: str = "check"
    fail_on: str = "warning"
    cache_dir: str = ".fastlayer_cache"
    respect_gitignore: bool = True
    environments: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    located: str = field(default="", compare=False)  # why this project root and file (``--verbose``)
    alone: bool = False  # editor buffer outside any project: checked by itself, nothing walked or cached
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes)

    def in_own_terms(self, text: str) -> str:
        """Hints name tables as in pyproject.toml; fastlayer.toml holds the same keys at its top level."""
        if self.config_file is None or self.config_file.name != "fastlayer.toml":
            return text
        text = text.replace("[tool.fastlayer.", "[").replace("under [tool.fastlayer]", "in fastlayer.toml")
        return text.replace("[tool.fastlayer]", "fastlayer.toml")


def load_config(project_root: Path, explicit: Optional[Path], known_codes: Iterable[str]) -> Config:
    """Read, validate and merge. Raises ``ConfigError`` listing every problem."""
    path = explicit.resolve() if explicit else config_file_in(project_root)
    if explicit is not None and not path.is_file():  # type: ignore[union-attr]
        raise ConfigError([f"{explicit}: config file not found"])
    shown = _shown(path, project_root)
    data = _tool_table(path, shown) if path else {}
    problems = [f"{shown}: {p}" for p in schema.validate(data, TOOL, "")]
    if problems:
        raise ConfigError(problems)
    base = path.parent if path else project_root
    preset = _effective_preset(data, base, shown)
    config = _build(project_root, path, data, preset)
    problems = [f"{shown}: {p}" for p in semantic_problems(config, set(known_codes))]
    if problems:
        raise ConfigError(problems)
    return config


def _shown(path: Optional[Path], project_root: Path) -> str:
    if path is None:
        return "(defaults)"
    try:
        return path.relative_to(project_root).as_posix()
    except ValueError:
        return str(path)


def _tool_table(path: Path, shown: str) -> Dict[str, Any]:
    data = read_toml(path, shown)
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool", {}).get("fastlayer", {})
    if not isinstance(tool, dict):
        raise ConfigError([f"{shown}: tool.fastlayer: expected a table"])
    return tool


def _effective_preset(data: Mapping[str, Any], base: Path, shown: str) -> Preset:
    try:
        preset = presets.load_preset(str(data.get("preset", DEFAULT_PRESET)), base)
    except ConfigError as exc:
        raise ConfigError([f"{shown}: preset: {p}" for p in exc.problems]) from None
    return _override(preset, data)


def _override(preset: Preset, data: Mapping[str, Any]) -> Preset:
    layers = {layer.name: layer for layer in preset.layers}
    for name, raw in schema.get_map(data, "layers").items():
        layers[name] = presets.layer_from_data(name, raw, layers.get(name))  # type: ignore[arg-type]
    return dataclasses.replace(
        preset,
        layers=tuple(layers.values()),
        structure=presets.structure_from_data(schema.get_map(data, "structure"), preset.structure),
        placement=presets.merge_placement(preset.placement, schema.get_map(data, "placement")),
        app=presets.app_from_data(schema.get_map(data, "app"), preset.app),
        domains=presets.domains_from_data(data.get("domains"), preset.domains),
    )


def _build(project_root: Path, path: Optional[Path], data: Mapping[str, Any], preset: Preset) -> Config:
    select = data.get("select")
    return Config(
        project_root=project_root,
        config_file=path,
        root=data.get("root"),
        preset=preset,
        exclude=schema.get_list(data, "exclude"),
        select=tuple(select) if select is not None else None,
        ignore=schema.get_list(data, "ignore"),
        per_file_ignores=schema.get_list_map(data, "per-file-ignores"),
        baseline=data.get("baseline"),
        type_checking_imports=data.get("type-checking-imports", "check"),
        fail_on=data.get("fail-on", "warning"),
        cache_dir=data.get("cache-dir", ".fastlayer_cache"),
        respect_gitignore=data.get("respect-gitignore", True),
        environments=schema.get_list_map(data, "environments"),
        raw=dict(data),
    )


def semantic_problems(config: Config, known_codes: set[str]) -> List[str]:
    """What the schema cannot see: unknown codes and layers, invalid globs."""
    problems = _code_problems("select", config.select or (), known_codes)
    problems += _code_problems("ignore", config.ignore, known_codes)
    for pattern, codes in config.per_file_ignores:
        problems += _code_problems(f"per-file-ignores.{pattern!r}", codes, known_codes)
    problems += _glob_problems(config)
    problems += _layer_problems(config.preset)
    problems += graph_problems(config)
    problems += _app_problems(config.preset)
    return problems


def _app_problems(preset: Preset) -> List[str]:
    """``app.version-prefix`` is a regular expression, ``app.endpoints-pattern`` a glob."""
    problems = []
    if preset.app.version_prefix:
        try:
            re.compile(preset.app.version_prefix)
        except re.error as exc:
            problems.append(
                f"app.version-prefix: invalid regular expression {preset.app.version_prefix!r}: {exc}"
            )
    glob = preset.app.endpoints_pattern
    if glob and (problem := glob_problem(glob)):
        problems.append(f"app.endpoints-pattern: {problem}")
    return problems


def code_problem(code: str, known_codes: set[str]) -> Optional[str]:
    """None when ``code`` names a rule or a prefix of one (``FL4``), else the problem."""
    upper = code.upper()
    if upper == "ALL" or any(known.startswith(upper) for known in known_codes):
        return None
    return f"unknown rule code {code!r} (see `fastlayer rules`)"


def _code_problems(key: str, codes: Iterable[str], known_codes: set[str]) -> List[str]:
    return [f"{key}: {problem}" for code in codes if (problem := code_problem(code, known_codes))]


def _glob_problems(config: Config) -> List[str]:
    keyed = [("exclude", g) for g in config.exclude]
    keyed += [(f"per-file-ignores.{g!r}", g) for g, _ in config.per_file_ignores]
    keyed += [(f"layers.{layer.name}.paths", g) for layer in config.preset.layers for g in layer.paths]
    keyed += [(f"placement.{kind}", g) for kind, globs in config.preset.placement for g in globs]
    return [f"{key}: {problem}" for key, g in keyed if (problem := glob_problem(g))]


def _layer_problems(preset: Preset) -> List[str]:
    names = {layer.name for layer in preset.layers}
    problems = []
    for layer in preset.layers:
        if not layer.paths:
            problems.append(f"layers.{layer.name}.paths: a layer needs at least one path glob")
        for target in layer.may_import:
            if target not in names:
                problems.append(
                    f"layers.{layer.name}.may-import: unknown layer {target!r} (layers: {', '.join(sorted(names))})"
                )
    return problems
