"""``fastlayer init``: propose a configuration for the repository and write it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from fastlayer.cli.common import fail, fail_internal
from fastlayer.cli.group import main
from fastlayer.config.locate import NoProject, locate
from fastlayer.config.toml import ConfigError
from fastlayer.files.atomic import write_atomic
from fastlayer.tools import init as init_module
from fastlayer.tools import update as update_module


@main.command("init")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print the proposed configuration (with --update: the changes and the diff) instead of "
    "writing it.",
)
@click.option("--force", is_flag=True, help="Replace an existing fastlayer configuration.")
@click.option(
    "--update",
    is_flag=True,
    help="Update an existing configuration to what init infers now: what you edited or added "
    "stays, new folders and directions are added; prints each change.",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the facts cache.")
def init_command(dry_run: bool, force: bool, update: bool, no_cache: bool) -> None:
    """Inspect the repository and write a starting [tool.fastlayer] configuration."""
    if update and force:
        fail("--update keeps your edits and --force replaces them: choose one")
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
        exists = init_module.has_config(path, prefix)
        if update:
            _update(path, prefix, project_root, exists, dry_run, not no_cache)
            return
        if exists and not force and not dry_run:
            fail(init_module.already_configured(path))
        proposal = _plan(project_root, not no_cache)
        text = init_module.render(proposal, prefix)
        if dry_run:
            click.echo(text, nl=False)
            return
        init_module.check_baseline(proposal, force)
        action = init_module.write(path, prefix, text, force)
        baseline = init_module.write_baseline(proposal)
        update_module.write_record(path, update_module.record_text(proposal))
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


def _update(
    path: Path, prefix: str, project_root: Path, exists: bool, dry_run: bool, cache: bool
) -> None:
    """``init --update``: the changes, then the diff (``--dry-run``) or the written file."""
    if not exists:
        fail(f"{path.name} has no fastlayer configuration yet: run `fastlayer init`")
    result = update_module.plan_update(path, prefix, _plan(project_root, cache), project_root)
    _show_changes(result, dry_run)
    if dry_run:
        click.echo(result.diff(), nl=False)
        return
    if result.after != result.before:
        try:
            write_atomic(path, result.after.encode("utf-8"), prefix=f".{path.name}.tmp-")
        except OSError as exc:
            fail(f"{path.name}: cannot write: {exc.strerror or exc}")
    update_module.write_record(path, result.record)


def _show_changes(result: update_module.Update, dry_run: bool) -> None:
    counts = Counter(change.action for change in result.changes)
    done = [f"{counts[a]} {a}" for a in ("added", "updated", "removed") if counts[a]]
    kept = f"; {counts['kept']} kept as you edited them" if counts["kept"] else ""
    if not done:
        click.echo(f"{result.path.name}: nothing to change{kept}")
    else:
        verb = "would update" if dry_run else "updated"
        click.echo(f"{verb} {result.path.name}: {', '.join(done)}{kept}")
    for change in result.changes:
        click.echo(f"  {change.describe()}")
    if result.own:
        click.echo(f"  kept     yours (init never writes them): {', '.join(result.own)}")
    if not result.had_record:
        click.echo(
            f"note: no record of init's last run ({update_module.RECORD}): the keys you have were "
            "kept, only missing ones added; init writes the record now (commit it)"
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
