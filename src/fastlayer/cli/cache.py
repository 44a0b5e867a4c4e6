"""``fastlayer clean``: delete the facts cache of the project."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from fastlayer.cli import options
from fastlayer.cli.common import fail, load
from fastlayer.cli.group import main
from fastlayer.facts.store.cache import clean


@main.command("clean")
@options.config
def clean_command(config_path: Optional[Path]) -> None:
    """Delete the facts cache (.fastlayer_cache/ or the configured cache-dir)."""
    config = load([], config_path)
    root = config.project_root / config.cache_dir
    try:
        removed = clean(root)
    except OSError as exc:
        fail(f"cannot delete {root}: {exc.strerror or exc}")
    click.echo(f"removed {root}" if removed else f"no cache at {root}")
