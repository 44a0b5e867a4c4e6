"""Questions about the app root's directory tree that structure and placement rules share."""

from __future__ import annotations

import functools
from typing import Iterator, Optional

from fastlayer.facts.types import FileFacts
from fastlayer.files.globs import matches
from fastlayer.model.core import ProjectCore
from fastlayer.model.module import Module
from fastlayer.model.perfile import per_file


def shown_dir(project: ProjectCore, relative: str) -> str:
    """The project-relative path of an app-relative directory, with a trailing slash."""
    relative = relative.strip("/")
    path = project.app_path(relative) if relative else (project.app_root or "")
    return f"{path}/" if path else "./"


def exists(project: ProjectCore, relative: str) -> bool:
    """Does the app-relative path exist? ``x/`` asks for a directory (a module ``x.py`` stands
    in for the package, as in layer matching), ``x.py`` for a file."""
    path = project.app_path(relative.rstrip("/"))
    if relative.endswith("/"):
        found = (
            path in project.discovered.directories
            or f"{path}.py" in project.discovered.python_files
        )
    else:
        found = path in project.discovered.python_files or path in project.discovered.other_files
    return found or _on_disk(project, path, relative.endswith("/"))


def _on_disk(project: ProjectCore, path: str, directory: bool) -> bool:
    """Excluded (``exclude``, .gitignore, tool directories) means not analysed, not absent."""
    if project.config.alone:
        return False
    target = project.config.project_root / path
    return target.is_dir() if directory else target.is_file()


def has_python(project: ProjectCore, directory: str) -> bool:
    """Does the project-relative ``directory`` hold a Python file (at any depth)?"""
    prefix = directory.rstrip("/") + "/"
    return any(path.startswith(prefix) for path in project.discovered.python_files)


def directories(project: ProjectCore, pattern: str) -> Iterator[str]:
    """App-relative directories matching ``pattern`` (a glob; a trailing ``/`` is ignored)."""
    pattern = pattern.rstrip("/")
    for path in sorted(project.discovered.directories):
        relative = project.app_relative(path)
        if relative and matches(relative, pattern):
            yield relative


def api_package(endpoints_pattern: str) -> Optional[str]:
    """``api/v*/endpoints/**`` -> ``api``: the literal directory that holds every endpoint
    module."""
    literal = []
    for segment in endpoints_pattern.split("/"):
        if any(char in segment for char in "*?["):
            break
        literal.append(segment)
    return "/".join(literal) or None


def version_pattern(endpoints_pattern: str) -> Optional[str]:
    """``api/v*/endpoints/**`` -> ``api/v*``: the glob of the version directories."""
    segments = endpoints_pattern.split("/")
    for index, segment in enumerate(segments):
        if segment != "**" and any(char in segment for char in "*?["):
            return "/".join(segments[: index + 1])
    return None


def misplaced_endpoint_module(project: ProjectCore, relative: str) -> bool:
    """A module under the API package that defines routes must match ``endpoints-pattern``
    (FL204)."""
    pattern = project.config.preset.app.endpoints_pattern
    package = api_package(pattern) if pattern else None
    return (
        package is not None
        and relative.startswith(package + "/")
        and not matches(relative, pattern)
    )


_CONFIG_WORDS = ("config", "settings", "conf")


# A path's answer never changes, and many rules ask it of every module on every check.
@functools.lru_cache(maxsize=1 << 16)
def is_config_path(path: str) -> bool:
    """A module of configuration: a path part named like ``config``/``settings``/``conf``
    (``app/core/config.py``, ``settings/base.py``, ``app/conf.py``)."""
    parts = path.lower().replace(".py", "").split("/")
    return any(word in part for part in parts for word in _CONFIG_WORDS)


@functools.lru_cache(maxsize=1 << 16)
def is_test_path(path: str) -> bool:
    """``tests/``, ``test/`` directories, ``test_*.py``, ``*_test.py`` and ``conftest.py``."""
    parts = path.split("/")
    name = parts[-1]
    return (
        any(part in ("tests", "test") for part in parts[:-1])
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
    )


def is_migration(module: Module) -> bool:
    """An Alembic migration: assigns ``revision`` and ``down_revision`` and imports alembic."""
    return _migration(module.facts)


@per_file
def _migration(facts: FileFacts) -> bool:
    targets = {assignment.target for assignment in facts.assignments}
    imports_alembic = any(fact.module.split(".")[0] == "alembic" for fact in facts.imports)
    return {"revision", "down_revision"} <= targets and imports_alembic
