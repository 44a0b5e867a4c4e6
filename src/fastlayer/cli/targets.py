"""What ``check`` reports on: the named paths, the stdin buffer, or the subtree it runs from.

The project root (found from the configuration) decides what is analysed; these decide what is
reported. A named file that is neither Python nor something every finding depends on (``.env*``,
``pyproject.toml``, ``fastlayer.toml``) is ignored with a note and never moves the project root.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import click

from fastlayer.cli.common import fail
from fastlayer.config.loader import Config

CONFIG_FILES = ("pyproject.toml", "fastlayer.toml")


def concerns_fastlayer(path: Path) -> bool:
    """A directory, a Python file, an env file or a configuration file: something a finding can
    depend on."""
    name = path.name
    return (
        path.is_dir()
        or not path.exists()  # reported as missing later
        or name.endswith((".py", ".pyi"))
        or name.startswith(".env")
        or name in CONFIG_FILES
    )


def named_paths(paths: Sequence[Path]) -> List[Path]:
    """The paths worth checking; a note on stderr for each one ignored."""
    kept = []
    for path in paths:
        if concerns_fastlayer(path):
            kept.append(path)
        else:
            click.echo(
                f"fastlayer: note: {path}: not a Python, .env or configuration file; ignored",
                err=True,
            )
    return kept


def relative_targets(
    config: Config, paths: Sequence[Path], stdin_filename: Optional[str]
) -> Tuple[str, ...]:
    targets = [project_relative(config, p, must_exist=True) for p in paths]
    if stdin_filename:
        targets.append(project_relative(config, Path(stdin_filename), must_exist=False))
    return tuple(targets)


def project_relative(config: Config, path: Path, must_exist: bool) -> str:
    if must_exist and not path.exists():
        fail(f"{path}: no such file or directory")
    try:
        relative = path.resolve().relative_to(config.project_root).as_posix()
        return "" if relative == "." else relative
    except ValueError:
        fail(f"{path}: outside the project root {config.project_root}")


def working_subtree(config: Config) -> Tuple[str, ...]:
    """Run from ``backend/`` inside the project: report that subtree (analysed with the whole
    project)."""
    try:
        relative = Path.cwd().resolve().relative_to(config.project_root).as_posix()
    except ValueError:
        return ()
    return () if relative == "." else (relative,)
