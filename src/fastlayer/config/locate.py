"""Where the project is: the configuration file found upward from where fastlayer starts, like ruff.

Searching upward from the start directory, the first ``fastlayer.toml`` or ``pyproject.toml`` with a
``[tool.fastlayer]`` table is the configuration, and its directory is the project root; a
``pyproject.toml`` without the table is skipped (in a monorepo, ``backend/pyproject.toml`` does not
hide the configuration at the repository root). Without any configuration, the nearest directory
holding ``pyproject.toml`` or ``.git`` is the project root. Without even that, the start directory
is, unless it is a system root or too large a tree to walk (then ``NoProject`` is raised).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from fastlayer.config.toml import read_toml

CONFIG_NAMES = ("fastlayer.toml", "pyproject.toml")
MARKERS = ("pyproject.toml", ".git")
WALK_LIMIT = (
    20_000  # entries seen before a directory without any project marker counts as too large
)


class NoProject(Exception):
    """No project found and the start directory must not be walked; the message says why."""


@dataclass(frozen=True)
class Location:
    project_root: Path
    config_file: Optional[Path]
    reason: str  # why this root: printed by ``--verbose``


def config_file_in(directory: Path) -> Optional[Path]:
    """``fastlayer.toml`` wins; ``pyproject.toml`` counts only with a ``[tool.fastlayer]`` table."""
    own = directory / "fastlayer.toml"
    if own.is_file():
        return own
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file() and "fastlayer" in read_toml(pyproject, _shown(pyproject)).get(
        "tool", {}
    ):
        return pyproject
    return None


def _shown(path: Path) -> str:
    """``path`` as the user would type it from the working directory, when it lies below it."""
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def start_directory(start: Path) -> Path:
    start = start.resolve()
    return start if start.is_dir() else start.parent


def locate(start: Path, walk_limit: int = WALK_LIMIT) -> Location:
    """The configuration and project root for a run starting at ``start`` (a directory or a
    file)."""
    directory = start_directory(start)
    skipped: List[Path] = []
    for candidate in (directory, *directory.parents):
        found = config_file_in(candidate)
        if found is not None:
            return Location(candidate, found, _found_reason(found, directory, skipped))
        if (candidate / "pyproject.toml").is_file():
            skipped.append(candidate / "pyproject.toml")
    for candidate in (directory, *directory.parents):
        marker = next((m for m in MARKERS if (candidate / m).exists()), None)
        if marker == ".git" and candidate == _home():
            continue  # a dotfiles repository in the home directory is not the project
        if marker is not None:
            reason = (
                f"no fastlayer configuration at or above {directory}; "
                f"the nearest directory holding {marker}"
            )
            return Location(candidate, None, reason)
    refuse_unbounded(directory, walk_limit)
    return Location(
        directory, None, f"no configuration, pyproject.toml or .git at or above {directory}"
    )


def _found_reason(found: Path, directory: Path, skipped: List[Path]) -> str:
    table = " with [tool.fastlayer]" if found.name == "pyproject.toml" else ""
    reason = f"the nearest {found.name}{table} at or above {directory}"
    if skipped:
        reason += f" (skipped {', '.join(map(str, skipped))}: no [tool.fastlayer])"
    return reason


def find_project_root(start: Path) -> Path:
    return locate(start).project_root


def refuse_unbounded(directory: Path, walk_limit: int) -> None:
    """Never walk a system root, the home directory or a huge tree that is not a project."""
    hint = (
        "run fastlayer inside a project "
        "(a directory with pyproject.toml, fastlayer.toml or .git) or pass --config"
    )
    if _system_directory(directory):
        raise NoProject(f"no project found at or above {directory}, a system directory; {hint}")
    if _larger_than(directory, walk_limit):
        raise NoProject(
            f"no project found at or above {directory} "
            f"and it holds more than {walk_limit:,} entries; {hint}"
        )


SYSTEM_DIRECTORIES = frozenset(
    "/" + name
    for name in (
        "bin", "boot", "dev", "etc", "home", "lib", "lib64", "media", "mnt", "opt", "proc",
        "root", "run", "sbin", "snap", "srv", "sys", "tmp", "usr", "var",
    )
)  # fmt: skip


def _home() -> Path:
    return Path(os.path.expanduser("~")).resolve()


def _system_directory(directory: Path) -> bool:
    """The file system root, the home directory or a well-known system directory (``/tmp``,
    ``/usr``); not any child of ``/``: containers keep projects in ``/app`` or ``/code``."""
    return (
        directory.parent == directory
        or directory == _home()
        or str(directory) in SYSTEM_DIRECTORIES
    )


def _larger_than(directory: Path, limit: int) -> bool:
    """Counts entries breadth-first and stops as soon as ``limit`` is passed."""
    seen, pending = 0, [directory]
    while pending:
        try:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    seen += 1
                    if seen > limit:
                        return True
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(Path(entry.path))
        except OSError:
            continue
    return False
