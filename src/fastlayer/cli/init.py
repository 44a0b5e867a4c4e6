"""``fastlayer init`` (propose and write a configuration) and ``fastlayer config`` (print the effective one)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, List, Optional, Sequence, Tuple

import click

from fastlayer.cli.common import EXIT_ERROR, _load, fail, main
from fastlayer.config.loader import Config
from fastlayer.config.locate import NoProject, locate
from fastlayer.config.presets import LayerSpec
from fastlayer.config.toml import ConfigError
from fastlayer.tools import init as init_module


@main.command("init")
@click.option("--dry-run", is_flag=True, help="Print the proposed configuration instead of writing it.")
@click.option("--force", is_flag=True, help="Replace an existing fastlayer configuration.")
def init_command(dry_run: bool, force: bool) -> None:
    """Inspect the repository and write a starting [tool.fastlayer] configuration."""
    try:  # where `check` will look from here: an existing configuration, else the project root
        location = locate(Path.cwd())
    except (NoProject, ConfigError) as exc:
        fail(str(exc))
    project_root = location.project_root
    path, prefix = init_module.target_file(project_root)
    if location.config_file is not None:
        path, prefix = (
            location.config_file,
            "" if location.config_file.name == "fastlayer.toml" else "tool.fastlayer",
        )
    try:
        if init_module.has_config(path, prefix) and not force and not dry_run:
            fail(
                f"{path.name} already has a fastlayer configuration; use --force to replace it (or --dry-run to see the proposal)"
            )
        proposal = init_module.plan(project_root)
        text = init_module.render(proposal, prefix)
        if dry_run:
            click.echo(text, nl=False)
            return
        action = init_module.write(path, prefix, text, force)
    except (ConfigError, init_module.InitError) as exc:
        fail(str(exc))
    click.echo(
        f"{action} fastlayer configuration in {path.relative_to(project_root)} "
        f"(preset {proposal.preset}, app root {proposal.app_root if proposal.app_root is not None else 'not found'}); "
        f"`fastlayer check` uses it from {_shown_directory(project_root)} and every directory below"
    )


def _shown_directory(directory: Path) -> str:
    try:
        relative = directory.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(directory)
    return "here" if relative == "." else relative + "/"


@main.command("config")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help="Config file (fastlayer.toml or pyproject.toml).",
)
def config_command(config_path: Optional[Path]) -> None:
    """Print the effective configuration: your settings merged over the preset."""
    config = _load([], config_path)
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


__all__: Sequence[str] = ("init_command", "config_command", "EXIT_ERROR")
