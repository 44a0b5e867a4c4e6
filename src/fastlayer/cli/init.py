"""``fastlayer init``: propose a configuration for the repository and write it."""

from __future__ import annotations

from pathlib import Path

import click

from fastlayer.cli.common import fail, fail_internal
from fastlayer.cli.group import main
from fastlayer.config.locate import NoProject, locate
from fastlayer.config.toml import ConfigError
from fastlayer.tools import init as init_module


@main.command("init")
@click.option(
    "--dry-run", is_flag=True, help="Print the proposed configuration instead of writing it."
)
@click.option("--force", is_flag=True, help="Replace an existing fastlayer configuration.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the facts cache.")
def init_command(dry_run: bool, force: bool, no_cache: bool) -> None:
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
                f"{path.name} already has a fastlayer configuration; use --force to replace it "
                "(or --dry-run to see the proposal)"
            )
        proposal = _plan(project_root, not no_cache)
        text = init_module.render(proposal, prefix)
        if dry_run:
            click.echo(text, nl=False)
            return
        init_module.check_baseline(proposal, force)
        action = init_module.write(path, prefix, text, force)
        baseline = init_module.write_baseline(proposal)
    except (ConfigError, init_module.InitError) as exc:
        fail(str(exc))
    app_root = proposal.app_root if proposal.app_root is not None else "not found"
    click.echo(
        f"{action} fastlayer configuration in {path.relative_to(project_root)} "
        f"(preset {proposal.preset}, app root {app_root}); "
        f"`fastlayer check` uses it from {_shown_directory(project_root)} and every directory below"
    )
    if baseline is not None:
        click.echo(
            f"recorded today's {len(proposal.accepted)} layout findings in {baseline.name}: "
            "`fastlayer check` reports new ones only"
        )


def _plan(project_root: Path, cache: bool) -> init_module.InitPlan:
    """The proposal; an unexpected error is one line (never a bare traceback), like ``check``'s."""
    try:
        return init_module.plan(project_root, cache=cache)
    except (ConfigError, init_module.InitError):
        raise
    except Exception as exc:  # noqa: BLE001 - never a bare traceback
        fail_internal(exc)


def _shown_directory(directory: Path) -> str:
    try:
        relative = directory.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(directory)
    return "here" if relative == "." else relative + "/"
