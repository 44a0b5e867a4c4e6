"""Where the application package is, and how its modules are named on import.

The app root is the directory of the module that creates ``FastAPI()``, or one level
up when that directory is itself a layer package such as ``api/`` or ``core/``. When
several modules create one, the main application wins: the one ``[tool.fastapi]
entrypoint`` names, else one a deployment file starts (``uvicorn app.main:app`` in a
Dockerfile, compose file, Procfile or script), then the one with the most routes and
included routers plus imports (the application that assembles the most), then ``main.py``,
then the shallowest (``choose_app`` says why). Apps created in tests count only when
there is no other. The configuration may name the apps instead (``apps``): the first is the
main one, and each other app whose directory is not inside the main app root is judged
under its own root (``judged_roots``, ``relative_to``). Module
names are relative to the *source root*: the app root itself in the flat
layout of the architecture document (``from config.settings import ...``),
or the directory above the outermost package in the package layout
(``from app.core.config import ...``) and in ``src/`` layouts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Optional, Sequence, Set, Tuple

from fastlayer.facts.types import FileFacts
from fastlayer.files.entrypoints import Target, matches
from fastlayer.model.perfile import per_file

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


@dataclass(frozen=True)
class AppChoice:
    """The module whose ``FastAPI()`` is the main application, and why (for ``--verbose``)."""

    path: str
    why: str
    others: Tuple[str, ...] = ()
    also: Tuple[str, ...] = ()  # the further apps named in ``apps``, each judged too

    @property
    def apps(self) -> Tuple[str, ...]:
        """The modules of the applications the project runs (the main one first)."""
        return (self.path,) + self.also

    def describe(self) -> str:
        also = f"; also judged (named in apps): {', '.join(self.also)}" if self.also else ""
        others = f"; other FastAPI apps: {', '.join(self.others)}" if self.others else ""
        return f"main application {self.path} ({self.why}){also}{others}"


def named_apps(apps: Sequence[str], facts: Mapping[str, FileFacts]) -> AppChoice:
    """The apps the configuration names (``apps = ["backend/onyx/main.py:app", ...]``): the first
    is the main one."""
    paths = [app_module(entry) for entry in apps]
    others = tuple(p for p in sorted(_app_creators(facts)) if p not in paths)
    return AppChoice(paths[0], "named first in apps", others, tuple(dict.fromkeys(paths[1:])))


def app_module(entry: str) -> str:
    """``backend/onyx/main.py:app`` -> ``backend/onyx/main.py``."""
    return entry.split(":", 1)[0].strip("/")


def judged_roots(app_root: Optional[str], choice: Optional[AppChoice]) -> Tuple[str, ...]:
    """The directories modules are judged under: the app root, then the root of each further app
    named in ``apps`` that is not inside it (an app inside the main tree is part of it); the
    deepest first, so a module belongs to the nearest app that contains it."""
    if app_root is None:
        return ()
    roots = [app_root] + [root_of(path) for path in (choice.also if choice else ())]
    kept = [r for r in dict.fromkeys(roots) if r == app_root or not inside(r, app_root)]
    return tuple(sorted(kept, key=lambda root: -len(root)))


def relative_to(roots: Sequence[str], path: str) -> Optional[str]:
    """``path`` relative to the first of ``roots`` that contains it (see ``judged_roots``)."""
    for root in roots:
        relative = app_relative(root, path)
        if relative is not None:
            return relative
    return None


def inside(directory: str, root: str) -> bool:
    """Is ``directory`` ``root`` or below it (every directory is below the project root, "")?"""
    return not root or directory == root or directory.startswith(root + "/")


def root_of(app_module: str) -> str:
    """The app root for the module that creates the application."""
    directory = _parent(app_module)
    if directory and directory.rsplit("/", 1)[-1] in _LAYER_DIRS:
        directory = _parent(directory)
    return directory


def choose_app(
    facts: Mapping[str, FileFacts],
    targets: Callable[[], Sequence[Target]] = tuple,
    is_test: Callable[[str], bool] = lambda path: False,
    under: Optional[str] = None,
) -> Optional[AppChoice]:
    """The main application among the modules that create ``FastAPI()`` (tests' apps only when
    there is no other; with ``under``, a configured app root, the apps inside it when there are);
    ``targets`` (the deployment files' entry points) are read only when there is more than one
    candidate."""
    creators = sorted(_app_creators(facts), key=_preference)
    creators = [p for p in creators if not is_test(p)] or creators
    if under is not None:
        creators = [p for p in creators if inside(_parent(p), under)] or creators
    if len(creators) <= 1:
        return AppChoice(creators[0], "the only module that calls FastAPI()") if creators else None
    declared = list(targets())
    scored = sorted(creators, key=lambda p: _score(p, facts[p], declared))
    best = scored[0]
    return AppChoice(best, _why(best, facts[best], declared), tuple(scored[1:]))


def _score(
    path: str, file_facts: FileFacts, declared: Sequence[Target]
) -> Tuple[bool, bool, int, Tuple[bool, int, str]]:
    named = [t for t in declared if matches(t, path)]
    configured = any("entrypoint" in t.where for t in named)
    return (
        not configured,
        not named,
        -_routes(file_facts) - len(file_facts.imports),
        _preference(path),
    )


def _why(path: str, file_facts: FileFacts, declared: Sequence[Target]) -> str:
    named = [t for t in declared if matches(t, path)]
    if named:
        return f"started by {named[0].where}"
    routes, imports = _routes(file_facts), len(file_facts.imports)
    return f"the largest: {routes} routes and included routers, {imports} imports"


def _routes(file_facts: FileFacts) -> int:
    """Routes and included routers registered in the module (``include_router``,
    ``@app.get``...)."""
    calls = sum(
        1
        for call in file_facts.calls
        if call.call.callee is not None
        and call.call.callee.kind == "attr"
        and call.call.callee.value in _REGISTRATIONS
    )
    decorated = sum(
        1
        for function in file_facts.functions
        for decorator in function.decorators
        if decorator.callee is not None
        and decorator.callee.kind == "attr"
        and decorator.callee.value in _ROUTE_METHODS
    )
    return calls + decorated


_REGISTRATIONS = frozenset({"include_router", "add_api_route", "mount", "add_route"})
_ROUTE_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "options", "head", "api_route", "websocket"}
)


def _app_creators(facts: Mapping[str, FileFacts]) -> Iterable[str]:
    return (path for path, file_facts in facts.items() if creates_app(file_facts))


@per_file
def creates_app(file_facts: FileFacts) -> bool:
    """Does the module call ``FastAPI()`` anywhere?"""
    return any(
        _creates_fastapi(file_facts, call.call.callee)
        for call in file_facts.calls
        if call.call.callee
    )


def app_name(file_facts: FileFacts) -> Optional[str]:
    """The module-level name the module binds its ``FastAPI()`` to (``app = FastAPI()``)."""
    return next(
        (
            call.assigned_to
            for call in file_facts.calls
            if call.call.callee is not None
            and not call.in_function
            and call.assigned_to.isidentifier()
            and _creates_fastapi(file_facts, call.call.callee)
        ),
        None,
    )


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


@functools.lru_cache(maxsize=1 << 16)  # every module's, for every model built
def module_name(path: str, root: str) -> Optional[str]:
    """``app/core/config.py`` under root ``""`` -> ``app.core.config``; None outside root."""
    if root and not path.startswith(root + "/"):
        return None
    relative = path[len(root) + 1 :] if root else path
    parts = relative[: -len(".py")].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) if parts else None
