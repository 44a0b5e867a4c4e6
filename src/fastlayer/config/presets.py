"""Architecture presets: TOML data under ``rules/``, shipped inside the wheel."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Tuple

from fastlayer import DISTRIBUTION
from fastlayer.config import keys, schema
from fastlayer.config.keys import PRESET, build, defaults
from fastlayer.config.toml import ConfigError, read_toml

_LAYER, _STRUCTURE, _APP, _DOMAINS = (
    defaults(t) for t in (keys.LAYER, keys.STRUCTURE, keys.APP, keys.DOMAINS)
)


@dataclass(frozen=True)
class LayerSpec:
    name: str
    paths: Tuple[str, ...] = _LAYER["paths"]
    may_import: Tuple[str, ...] = _LAYER["may_import"]
    must_not_import_external: Tuple[str, ...] = _LAYER["must_not_import_external"]
    description: str = _LAYER["description"]


@dataclass(frozen=True)
class StructureSpec:
    required: Tuple[str, ...] = _STRUCTURE["required"]
    required_when: Tuple[Tuple[str, str], ...] = _STRUCTURE["required_when"]
    packages: Tuple[str, ...] = _STRUCTURE["packages"]
    allowed_top_level: Tuple[str, ...] = _STRUCTURE["allowed_top_level"]
    tests_required: Tuple[str, ...] = _STRUCTURE["tests_required"]
    alembic_required: Tuple[str, ...] = _STRUCTURE["alembic_required"]


@dataclass(frozen=True)
class AppSpec:
    health_paths: Tuple[str, ...] = _APP["health_paths"]
    version_prefix: str = _APP["version_prefix"]
    endpoints_pattern: str = _APP["endpoints_pattern"]


@dataclass(frozen=True)
class DomainsSpec:
    paths: Tuple[str, ...] = _DOMAINS["paths"]
    exclude: Tuple[str, ...] = _DOMAINS["exclude"]
    public: Tuple[str, ...] = _DOMAINS["public"]


@dataclass(frozen=True)
class Preset:
    name: str
    description: str = ""
    layers: Tuple[LayerSpec, ...] = ()
    structure: StructureSpec = field(default_factory=StructureSpec)
    placement: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    app: AppSpec = field(default_factory=AppSpec)
    domains: Optional[DomainsSpec] = None
    source: str = ""

    def layer(self, name: str) -> Optional[LayerSpec]:
        return next((layer for layer in self.layers if layer.name == name), None)

    def placement_for(self, kind: str) -> Optional[Tuple[str, ...]]:
        return dict(self.placement).get(kind)


EMPTY = Preset("none", "no layers, no structure: configure everything yourself")


def presets_dir() -> Path:
    """The presets as installed package data: the repository's ``rules/`` ships as
    ``fastlayer/presets``
    (the wheel force-includes it; an editable install places it in site-packages the same way)."""
    return Path(str(metadata.distribution(DISTRIBUTION).locate_file("fastlayer/presets")))


def available_presets() -> List[str]:
    return sorted(path.stem for path in presets_dir().glob("*.toml"))


def load_preset(reference: str, base: Path) -> Preset:
    """A preset by name (``fastapi-layered``) or by path (relative to ``base``)."""
    if reference == "none":
        return EMPTY
    path = _locate(reference, base)
    data = read_toml(path, str(path))
    problems = schema.validate(data, PRESET)
    if problems:
        raise ConfigError([f"{path}: {problem}" for problem in problems])
    return preset_from_data(data, str(path))


def _locate(reference: str, base: Path) -> Path:
    if reference.endswith(".toml") or "/" in reference:
        path = (base / reference).resolve()
        if path.is_file():
            return path
        raise ConfigError([f"preset file not found: {path}"])
    path = presets_dir() / f"{reference}.toml"
    if path.is_file():
        return path
    known = ", ".join(available_presets() + ["none"])
    raise ConfigError([f"unknown preset {reference!r} (available: {known})"])


def preset_from_data(data: Mapping[str, object], source: str) -> Preset:
    layers = schema.get_map(data, "layers")
    return Preset(
        name=str(data.get("name", Path(source).stem)),
        description=str(data.get("description", "")),
        layers=tuple(
            layer_from_data(name, raw)  # type: ignore[arg-type]
            for name, raw in layers.items()
        ),
        structure=structure_from_data(schema.get_map(data, "structure")),
        placement=placement_from_data(schema.get_map(data, "placement")),
        app=app_from_data(schema.get_map(data, "app")),
        domains=domains_from_data(data.get("domains")),
        source=source,
    )


def layer_from_data(
    name: str, raw: Mapping[str, object], base: Optional[LayerSpec] = None
) -> LayerSpec:
    return build(LayerSpec, keys.LAYER, raw, base, name=name)


def structure_from_data(
    raw: Mapping[str, object], base: Optional[StructureSpec] = None
) -> StructureSpec:
    return build(StructureSpec, keys.STRUCTURE, raw, base)


def placement_from_data(raw: Mapping[str, object]) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    return tuple((kind, tuple(globs)) for kind, globs in raw.items() if isinstance(globs, list))


def app_from_data(raw: Mapping[str, object], base: Optional[AppSpec] = None) -> AppSpec:
    return build(AppSpec, keys.APP, raw, base)


def domains_from_data(raw: object, base: Optional[DomainsSpec] = None) -> Optional[DomainsSpec]:
    if not isinstance(raw, dict):
        return base
    return build(DomainsSpec, keys.DOMAINS, raw, base)


def reference(preset: Preset) -> str:
    """What ``preset = ...`` names ``preset``: its name when it is shipped, else its file."""
    if not preset.source:
        return preset.name
    shipped = presets_dir() / f"{Path(preset.source).stem}.toml"
    return shipped.stem if Path(preset.source) == shipped else preset.source


def merge_placement(
    base: Tuple[Tuple[str, Tuple[str, ...]], ...], raw: Mapping[str, object]
) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    merged: Dict[str, Tuple[str, ...]] = dict(base)
    merged.update(dict(placement_from_data(raw)))
    return tuple(merged.items())
