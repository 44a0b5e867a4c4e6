"""``fastlayer config``: print the effective configuration, every key, as TOML."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from fastlayer.cli import options
from fastlayer.cli.common import load
from fastlayer.cli.group import main
from fastlayer.config.effective import render


@main.command("config")
@options.config
def config_command(config_path: Optional[Path]) -> None:
    """Print the effective configuration as TOML: every key, your settings over the preset."""
    click.echo(render(load([], config_path)), nl=False)
