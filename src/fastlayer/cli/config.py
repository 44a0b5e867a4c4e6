"""``fastlayer config``: print the effective configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, List, Optional, Tuple

import click

from fastlayer.cli import options
from fastlayer.cli.common import load
from fastlayer.cli.group import main
from fastlayer.config.loader import Config
from fastlayer.config.presets import LayerSpec


@main.command("config")
@options.config
def config_command(config_path: Optional[Path]) -> None:
    """Print the effective configuration: your settings merged over the preset."""
    config = load([], config_path)
    for line in effective_config_lines(config):
        click.echo(line)


def effective_config_lines(config: Config) -> Iterator[str]:
    source = config.config_file or "(defaults: no configuration file)"
    yield f"# effective fastlayer configuration; from {source}; preset {config.preset.name} ({config.preset.source or 'built in'})"
    yield f"root = {_value(config.root) if config.root is not None else '# not set: detected from the module that calls FastAPI() (see check -v)'}"
    yield f"preset = {_value(config.preset.name)}"
    for key, value in _top_level(config):
        yield f"{key} = {value}"
    yield (
        f"select = {_value(list(config.select))}"
        if config.select is not None
        else "# select not set: every default-enabled rule runs"
    )
    for layer in config.preset.layers:
        yield from _layer_lines(layer)
    domains = config.preset.domains
    if domains is not None:
        yield ""
        yield "[domains]"
        yield from (
            f"{key} = {_value(list(items))}"
            for key, items in (
                ("paths", domains.paths),
                ("exclude", domains.exclude),
                ("public", domains.public),
            )
        )


def _top_level(config: Config) -> List[Tuple[str, str]]:
    return [
        ("exclude", _value(list(config.exclude))),
        ("ignore", _value(list(config.ignore))),
        (
            "per-file-ignores",
            "{" + ", ".join(f"{_value(k)} = {_value(list(v))}" for k, v in config.per_file_ignores) + "}",
        ),
        ("type-checking-imports", _value(config.type_checking_imports)),
        ("fail-on", _value(config.fail_on)),
    ]


def _layer_lines(layer: LayerSpec) -> Iterator[str]:
    name = layer.name if "." not in layer.name else _value(layer.name)
    yield ""
    yield f"[layers.{name}]"
    yield f"paths = {_value(list(layer.paths))}"
    yield f"may-import = {_value(list(layer.may_import))}"
    yield f"must-not-import-external = {_value(list(layer.must_not_import_external))}"


def _value(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    text = str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
