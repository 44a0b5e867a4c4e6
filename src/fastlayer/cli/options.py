"""Options several commands share, each declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, TypeVar

import click

F = TypeVar("F", bound=Callable[..., object])

SEVERITIES = ["error", "warning", "info"]

config = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help="Config file (fastlayer.toml or pyproject.toml).",
)


def output_file(help: str = "Write the report to this file instead of stdout.") -> Callable[[F], F]:
    return click.option(
        "--output-file", "-o", type=click.Path(path_type=Path, dir_okay=False), help=help
    )


force = click.option(
    "--force",
    is_flag=True,
    help=(
        "Overwrite an existing output file even when it is not a previous fastlayer output "
        "of that kind."
    ),
)


def fail_on(
    help: str = "Lowest severity that fails the run [default: warning].",
) -> Callable[[F], F]:
    return click.option("--fail-on", type=click.Choice(SEVERITIES), default=None, help=help)


def output_format(choices: Iterable[str], default: str, help: str = "") -> Callable[[F], F]:
    return click.option(
        "--output-format",
        type=click.Choice(sorted(choices)),
        default=default,
        show_default=True,
        help=help or None,
    )


color = click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text report; auto: on a terminal, not with NO_COLOR, always with FORCE_COLOR.",
)
