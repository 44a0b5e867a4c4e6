"""Which files make up the project: a sorted, deterministic walk of the project root.

Skips version-control and tool directories, virtual environments (anything
holding ``pyvenv.cfg``), ``.gitignore``d paths and ``exclude`` globs. Symbolic
links are followed only while they stay inside the root, and never twice.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import FrozenSet, Iterator, List, Optional, Set, Tuple

from fastlayer.files.gitignore import GitIgnore
from fastlayer.files.globs import matches_any
from fastlayer.files.reading import read_regular

GITIGNORE_LIMIT = 10_000_000

DEFAULT_EXCLUDED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".env",
        "node_modules",
        "build",
        "dist",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".tox",
        ".nox",
        ".eggs",
        ".fastlayer_cache",
        "site-packages",
        ".idea",
        ".vscode",
        "htmlcov",
    }
)


@dataclass(frozen=True)
class Discovered:
    python_files: Tuple[str, ...]
    other_files: Tuple[str, ...]
    directories: FrozenSet[str]
    skipped: Tuple[Tuple[str, str], ...] = ()


@dataclass
class _Walk:
    root: Path
    exclude: Tuple[str, ...]
    ignore: Optional[GitIgnore]
    python: List[str]
    other: List[str]
    directories: Set[str]
    skipped: List[Tuple[str, str]]
    seen: Set[str]


def discover(
    root: Path, exclude: Tuple[str, ...] = (), respect_gitignore: bool = True
) -> Discovered:
    root = root.resolve()
    walk = _Walk(
        root,
        exclude,
        _gitignore(root) if respect_gitignore else None,
        [],
        [],
        set(),
        [],
        {str(root)},
    )
    _walk_tree(walk, root)
    return Discovered(
        tuple(sorted(walk.python)),
        tuple(sorted(walk.other)),
        frozenset(walk.directories),
        tuple(walk.skipped),
    )


def _walk_tree(walk: _Walk, root: Path) -> None:
    """Depth first, in name order, with an explicit stack: a chain of hundreds of nested
    directories must not exhaust Python's recursion limit."""
    stack: List[Iterator[Tuple[os.DirEntry[str], str]]] = [_entries(walk, root, "")]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        entry, rel = item
        if _visit_entry(walk, entry, rel):
            stack.append(_entries(walk, Path(entry.path), rel))


def _entries(walk: _Walk, directory: Path, rel: str) -> Iterator[Tuple[os.DirEntry[str], str]]:
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as exc:
        walk.skipped.append((rel or ".", f"cannot list directory: {exc.strerror or exc}"))
        return iter(())
    return iter([(entry, f"{rel}/{entry.name}" if rel else entry.name) for entry in entries])


def _visit_entry(walk: _Walk, entry: os.DirEntry[str], rel: str) -> bool:
    """Record ``entry``; True when it is a directory to walk into."""
    try:
        is_dir = entry.is_dir()
    except OSError:
        is_dir = False
    if _excluded(walk, entry, rel, is_dir):
        return False
    if entry.is_symlink() and not _symlink_ok(walk, entry, rel, is_dir):
        return False
    if is_dir:
        walk.directories.add(rel)
        walk.seen.add(os.path.realpath(entry.path))
        return True
    if entry.name.endswith(".py"):
        _add_source(walk, entry, rel)
    else:
        walk.other.append(rel)
    return False


def _add_source(walk: _Walk, entry: os.DirEntry[str], rel: str) -> None:
    problem = _not_a_file(entry)
    if problem:
        walk.skipped.append((rel, problem))
    else:
        walk.python.append(rel)


def _not_a_file(entry: os.DirEntry[str]) -> Optional[str]:
    """Why a ``.py`` entry cannot be read as source (a FIFO would block the run forever)."""
    try:
        if entry.is_file():
            return None
    except OSError as exc:
        return f"cannot inspect: {exc.strerror or exc}"
    if entry.is_symlink() and not os.path.exists(entry.path):
        return "broken symbolic link"
    return "not a regular file (FIFO, socket or device)"


def _excluded(walk: _Walk, entry: os.DirEntry[str], rel: str, is_dir: bool) -> bool:
    if is_dir and (entry.name in DEFAULT_EXCLUDED_DIRS or entry.name.endswith(".egg-info")):
        return True
    if is_dir and os.path.exists(os.path.join(entry.path, "pyvenv.cfg")):
        return True
    if walk.exclude and matches_any(rel, walk.exclude):
        return True
    return walk.ignore is not None and walk.ignore.ignored(rel + ("/" if is_dir else ""))


def _symlink_ok(walk: _Walk, entry: os.DirEntry[str], rel: str, is_dir: bool) -> bool:
    target = os.path.realpath(entry.path)
    if os.path.commonpath([target, str(walk.root)]) != str(walk.root):
        walk.skipped.append((rel, "symbolic link points outside the project root"))
        return False
    if is_dir and target in walk.seen:
        walk.skipped.append((rel, "symbolic link loop"))
        return False
    return True


def _gitignore(root: Path) -> Optional[GitIgnore]:
    try:  # a regular file of sane size only (a FIFO or /dev/zero must not block or fill memory)
        text = read_regular(root / ".gitignore", GITIGNORE_LIMIT).decode("utf-8", errors="replace")
        return GitIgnore(text.splitlines())
    except (OSError, ValueError):
        return None
