"""``[tool.fastlayer]`` / ``fastlayer.toml`` -> a frozen, fully validated ``Config``."""

from __future__ import annotations

import dataclasses
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from fastlayer.config import keys, presets, schema
from fastlayer.config.graph import GraphSettings
from fastlayer.config.locate import config_file_in
from fastlayer.config.presets import Preset
from fastlayer.config.toml import ConfigError, read_toml
from fastlayer.files.globs import glob_problem
from fastlayer.files.reading import is_regular_inside

_D = keys.defaults(keys.SETTINGS)
DEFAULT_PRESET: str = keys.defaults(keys.ARCHITECTURE)["preset"]


@dataclass(frozen=True)
class Config:
    """The effective configuration. Each attribute after ``preset`` is a key of ``keys.SETTINGS``
    (its default is there); ``preset`` holds the architecture keys merged over the preset."""

    project_root: Path
    config_file: Optional[Path] = None
    preset: Preset = presets.EMPTY
    root: Optional[str] = _D["root"]
    apps: Tuple[str, ...] = _D["apps"]
    exclude: Tuple[str, ...] = _D["exclude"]
    extend_exclude: Tuple[str, ...] = _D["extend_exclude"]
    respect_gitignore: bool = _D["respect_gitignore"]
    select: Optional[Tuple[str, ...]] = _D["select"]
    extend_select: Tuple[str, ...] = _D["extend_select"]
    ignore: Tuple[str, ...] = _D["ignore"]
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = _D["per_file_ignores"]
    severity: Tuple[Tuple[str, str], ...] = _D["severity"]
    fail_on: str = _D["fail_on"]
    baseline: Optional[str] = _D["baseline"]
    type_checking_imports: str = _D["type_checking_imports"]
    import_cycles: str = _D["import_cycles"]
    cache_dir: str = _D["cache_dir"]
    environments: Tuple[Tuple[str, Tuple[str, ...]], ...] = _D["environments"]
    graph: GraphSettings = field(default_factory=GraphSettings)
    # why this project root and file (``--verbose``)
    located: str = field(default="", compare=False)
    # editor buffer outside any project: checked by itself, nothing walked or cached
    alone: bool = False

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes)

    def in_own_terms(self, text: str) -> str:
        """Hints name tables as in pyproject.toml; fastlayer.toml holds the same keys at its top
        level."""
        if self.config_file is None or self.config_file.name != "fastlayer.toml":
            return text
        text = text.replace("[tool.fastlayer.", "[").replace(
            "under [tool.fastlayer]", "in fastlayer.toml"
        )
        return text.replace("[tool.fastlayer]", "fastlayer.toml")

    @property
    def adopts_layout(self) -> bool:
        """A fastlayer configuration exists (``init`` writes one): it adopts the preset it names
        (else fastapi-layered), and that preset's opinion rules (``Rule.opinion``) run by default.
        Without one, only the rules that hold on any FastAPI project run."""
        return self.config_file is not None

    @property
    def excluded(self) -> Tuple[str, ...]:
        """``exclude`` and ``extend-exclude``: every glob left out."""
        return self.exclude + self.extend_exclude


def load_config(project_root: Path, explicit: Optional[Path], known_codes: Iterable[str]) -> Config:
    """Read, validate and merge. Raises ``ConfigError`` listing every problem, all at once."""
    path = explicit.resolve() if explicit else config_file_in(project_root)
    if explicit is not None and not path.is_file():  # type: ignore[union-attr]
        raise ConfigError([f"{explicit}: config file not found"])
    shown = _shown(path, project_root)
    data = _tool_table(path, shown) if path else {}
    return config_from_data(project_root, path, data, known_codes)


def config_from_data(
    project_root: Path, path: Optional[Path], data: Mapping[str, Any], known_codes: Iterable[str]
) -> Config:
    """The ``Config`` of the ``[tool.fastlayer]`` table ``data`` read from ``path`` (``init
    --update`` checks its merge before it writes it); ``ConfigError`` lists every problem."""
    shown = _shown(path, project_root)
    problems = schema.validate(data, keys.TOOL, "")
    data = schema.valid_part(data, keys.TOOL)
    try:
        preset: Optional[Preset] = _effective_preset(data, path.parent if path else project_root)
    except ConfigError as exc:
        problems += [f"preset: {p}" for p in exc.problems]
        preset = None
    config = _build(project_root, path, data, preset or presets.EMPTY)
    problems += semantic_problems(config, set(known_codes), layers=preset is not None)
    if problems:
        raise ConfigError([f"{shown}: {p}" for p in problems])
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


def _effective_preset(data: Mapping[str, Any], base: Path) -> Preset:
    return _override(presets.load_preset(str(data.get("preset", DEFAULT_PRESET)), base), data)


def _override(preset: Preset, data: Mapping[str, Any]) -> Preset:
    layers = {layer.name: layer for layer in preset.layers}
    for name, raw in schema.get_map(data, "layers").items():
        base = layers.get(name)
        layers[name] = presets.layer_from_data(name, raw, base)  # type: ignore[arg-type]
    return dataclasses.replace(
        preset,
        layers=tuple(layers.values()),
        structure=presets.structure_from_data(schema.get_map(data, "structure"), preset.structure),
        placement=presets.merge_placement(preset.placement, schema.get_map(data, "placement")),
        app=presets.app_from_data(schema.get_map(data, "app"), preset.app),
        domains=presets.domains_from_data(data.get("domains"), preset.domains),
    )


def _build(
    project_root: Path, path: Optional[Path], data: Mapping[str, Any], preset: Preset
) -> Config:
    graph = keys.build(GraphSettings, keys.GRAPH, schema.get_map(data, "graph"))
    return keys.build(
        Config,
        keys.SETTINGS,
        data,
        project_root=project_root,
        config_file=path,
        preset=preset,
        graph=graph,
    )


def semantic_problems(config: Config, known_codes: set[str], layers: bool = True) -> List[str]:
    """What the schema cannot see: unknown codes and layers, invalid globs and expressions.
    ``layers=False`` when the preset could not be read (its layers are unknown)."""
    problems = _code_problems("select", config.select or (), known_codes)
    problems += _code_problems("extend-select", config.extend_select, known_codes)
    problems += _code_problems("ignore", config.ignore, known_codes)
    for pattern, codes in config.per_file_ignores:
        problems += _code_problems(f"per-file-ignores.{pattern!r}", codes, known_codes)
    problems += _code_problems("severity", (code for code, _ in config.severity), known_codes)
    problems += _glob_problems(config) + _apps_problems(config)
    if layers:
        problems += _layer_problems(config.preset) + _graph_problems(config)
    problems += _app_problems(config.preset)
    return problems + _cache_dir_problems(config.cache_dir)


def _cache_dir_problems(cache_dir: str) -> List[str]:
    """``cache-dir`` must name a directory of its own (whether it may be written is decided when
    it is)."""
    if not cache_dir.strip():
        return ["cache-dir: must name a directory, not be empty"]
    if cache_dir.startswith("~"):
        hint = "write a path relative to the project root"
        return [f"cache-dir: {cache_dir!r}: '~' is not expanded; {hint}"]
    if posixpath.normpath(cache_dir.replace("\\", "/")) in (".", "..", "/") or cache_dir.startswith(
        "../"
    ):
        where = "a directory of its own inside the project (or absolute)"
        return [f"cache-dir: {cache_dir!r} must be {where}"]
    return []


_APP_ENTRY = re.compile(r"^[^:*?\[\]]+\.py(:[A-Za-z_]\w*)?$")


def _apps_problems(config: Config) -> List[str]:
    """Each ``apps`` entry is ``path/to/module.py[:attribute]``, a file under the project root."""
    problems = []
    for entry in config.apps:
        module = entry.split(":", 1)[0]
        if not _APP_ENTRY.match(entry):
            problems.append(
                f"apps: {entry!r}: expected 'path/to/module.py:app' (a module file relative to "
                "the project root, then the app's name)"
            )
        elif not is_regular_inside(config.project_root, module.strip("/")):
            problems.append(f"apps: {entry!r}: file {module!r} not found under the project root")
    return problems


def _graph_problems(config: Config) -> List[str]:
    """A diagram name mapped to a layer the configuration does not have; a missing diagram file."""
    layers = sorted(layer.name for layer in config.preset.layers)
    problems = [
        f"graph.names.{key!r}: unknown layer {layer!r} (layers: {', '.join(layers)})"
        for key, layer in config.graph.names
        if layer not in layers
    ]
    doc = config.graph.doc
    if doc is not None and not (config.project_root / doc).exists():
        problems.append(f"graph.doc: file {doc!r} not found under {config.project_root}")
    elif doc is not None and not is_regular_inside(config.project_root, doc):
        where = f"whose real path is under {config.project_root}"
        problems.append(f"graph.doc: {doc!r} is not a regular file {where}")
    return problems


def _app_problems(preset: Preset) -> List[str]:
    """``app.version-prefix`` is a regular expression, ``app.endpoints-pattern`` a glob."""
    problems = []
    if preset.app.version_prefix:
        try:
            re.compile(preset.app.version_prefix)
        except re.error as exc:
            problems.append(
                "app.version-prefix: invalid regular expression "
                f"{preset.app.version_prefix!r}: {exc}"
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
    keyed += [("extend-exclude", g) for g in config.extend_exclude]
    keyed += [(f"per-file-ignores.{g!r}", g) for g, _ in config.per_file_ignores]
    keyed += [
        (f"layers.{layer.name}.paths", g) for layer in config.preset.layers for g in layer.paths
    ]
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
                    f"layers.{layer.name}.may-import: unknown layer {target!r} "
                    f"(layers: {', '.join(sorted(names))})"
                )
    return problems
