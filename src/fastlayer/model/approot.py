"""Where the application package is, and how its modules are named on import.

The app root is the directory of the module that creates ``FastAPI()``
(``main.py`` preferred, then the shallowest), or one level up when that
directory is itself a layer package such as ``api/`` or ``core/``. Module
names are relative to the *source root*: the app root itself in the flat
layout of the architecture document (``from config.settings import ...``),
or the directory above the outermost package in the package layout
(``from app.core.config import ...``) and in ``src/`` layouts.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Optional, Set

from fastlayer.facts.types import FileFacts

_LAYER_DIRS = frozenset(
    {"api", "core", "config", "routers", "routes", "endpoints", "services", "utils", "views"}
)


def no_app_root(consequence: str) -> str:
    """The one message for a project whose app root cannot be found: why, what that stops
    (``consequence``), and the fix."""
    return (
        f"cannot find the FastAPI application (no module calls FastAPI()), {consequence}; "
        'set `root = "<app package dir>"` under [tool.fastlayer]'
    )


def detect_app_root(facts: Mapping[str, FileFacts], directories: Set[str]) -> Optional[str]:
    creators = sorted(_app_creators(facts), key=_preference)
    if not creators:
        return None
    directory = _parent(creators[0])
    if directory and directory.rsplit("/", 1)[-1] in _LAYER_DIRS:
        directory = _parent(directory)
    return directory


def _app_creators(facts: Mapping[str, FileFacts]) -> Iterable[str]:
    for path, file_facts in facts.items():
        if any(
            _creates_fastapi(file_facts, call.call.callee)
            for call in file_facts.calls
            if call.call.callee
        ):
            yield path


def _creates_fastapi(file_facts: FileFacts, callee: object) -> bool:
    qualified = file_facts.qualify(getattr(callee, "dotted")())
    return qualified in ("fastapi.FastAPI", "fastapi.applications.FastAPI")


def _preference(path: str) -> tuple[bool, int, str]:
    return (not path.endswith("main.py"), path.count("/"), path)


def _parent(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def app_relative(app_root: Optional[str], path: str) -> Optional[str]:
    """``path`` relative to the app root, or None when it lies outside (or the app root is
    unknown)."""
    if app_root is None:
        return None
    if not app_root:
        return path
    prefix = app_root + "/"
    return path[len(prefix) :] if path.startswith(prefix) else None


def source_root(app_root: str, python_files: Set[str]) -> str:
    """The directory module names are relative to (``""`` is the project root)."""
    if f"{app_root}/__init__.py".lstrip("/") not in python_files:
        return app_root
    directory = app_root
    while directory and f"{_parent(directory)}/__init__.py".lstrip("/") in python_files:
        directory = _parent(directory)
    return _parent(directory)


def module_name(path: str, root: str) -> Optional[str]:
    """``app/core/config.py`` under root ``""`` -> ``app.core.config``; None outside root."""
    if root and not path.startswith(root + "/"):
        return None
    relative = path[len(root) + 1 :] if root else path
    parts = relative[: -len(".py")].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) if parts else None
