"""Which layer a module belongs to, and which domain (for domain-sliced presets).

Layer globs are relative to the app root. When several layers match a file, the
most specific glob wins (``glob_rank``: more literal path segments, then a literal
file name over a directory glob, then fewer wildcard segments, then more literal
characters; on a tie, the layer declared first).

Files outside the app root: side entry points often live beside the app
(``backend/tests/`` next to ``backend/app/``, ``tests/`` next to ``src/``). Such a
file is matched against the globs relative to every directory *above* the app
root (nearest first), but only by globs that start with a literal directory
(``tests/**``, ``alembic/**``, ``scripts/**``): ``backend/tests/api/test_x.py``
is in the ``tests`` layer, while a stray ``setup.py`` or ``docs/conf.py`` matched
only by ``*.py``-like globs stays outside every layer. Modules outside the app
root that match no layer are not part of the architecture (no FL105).

The app root's own ``__init__.py`` is the package marker of the application and
belongs to no layer (and is exempt from FL105).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from fastlayer.config.presets import DomainsSpec, LayerSpec, Preset
from fastlayer.files.globs import Glob, as_package, compile_glob, matches, specificity
from fastlayer.model.approot import relative_to


@dataclass(frozen=True)
class Placement:
    """Where a module sits: its layer (None = no layer), domain (None = none), whether inside the
    app root."""

    layer: Optional[str]
    domain: Optional[str]
    in_app: bool


class LayerMap:
    def __init__(self, preset: Preset, app_root: Optional[str], roots: Sequence[str] = ()) -> None:
        self.preset = preset
        self.app_root = app_root
        # the app root and the roots of further apps named in ``apps`` (``approot.judged_roots``)
        self.roots = tuple(roots) or (() if app_root is None else (app_root,))
        self.layers: Dict[str, LayerSpec] = {layer.name: layer for layer in preset.layers}
        self._cache: Dict[str, Placement] = {}

    def place(self, path: str) -> Placement:
        """Layer and domain of a project-relative path (a module file or a package directory)."""
        cached = self._cache.get(path)
        if cached is None:
            cached = self._cache[path] = self._place(path)
        return cached

    def layer_of(self, path: str) -> Optional[str]:
        return self.place(path).layer

    def _place(self, path: str) -> Placement:
        relative = relative_to(self.roots, path)
        if relative is not None:
            if relative == "__init__.py":
                return Placement(None, None, True)
            return Placement(
                self._best(relative, anchored_only=False),
                domain_of(relative, self.preset.domains),
                True,
            )
        for outer in self._outer_relatives(path):
            layer = self._best(outer, anchored_only=True)
            if layer is not None:
                return Placement(layer, None, False)
        return Placement(None, None, False)

    def _outer_relatives(self, path: str) -> Iterator[str]:
        """``path`` relative to each directory above the app root, nearest first."""
        parts = (self.app_root or "").split("/")[:-1]
        for end in range(len(parts), -1, -1):
            base = "/".join(parts[:end])
            if not base:
                yield path
            elif path.startswith(base + "/"):
                yield path[len(base) + 1 :]

    def _best(self, relative: str, anchored_only: bool) -> Optional[str]:
        package = as_package(relative)
        for anchored, pattern, name in self._ranked:
            if anchored_only and not anchored:
                continue
            if pattern.match(relative) or (package is not None and pattern.match(package)):
                return name
        return None

    @functools.cached_property
    def _ranked(self) -> List[Tuple[bool, Glob, str]]:
        """Every layer glob, most specific first (``glob_rank``, then the layer declared first):
        the first one that matches a path names its layer (``matches_module`` semantics)."""
        table = [
            ((glob_rank(glob), -index), _anchored(glob), compile_glob(glob), layer.name)
            for index, layer in enumerate(self.preset.layers)
            for glob in layer.paths
        ]
        table.sort(key=lambda row: row[0], reverse=True)  # stable: equal keys are one layer
        return [(anchored, pattern, name) for _, anchored, pattern, name in table]


def glob_rank(glob: str) -> Tuple[int, bool, int, int]:
    """How specific a layer glob is: literal segments, a literal last segment (a file name beats
    a directory), fewer wildcard segments, then literal characters (``globs.specificity``)."""
    segments = glob.rstrip("/").split("/")
    wild = sum(1 for s in segments if any(c in s for c in "*?["))
    literal, characters = specificity(glob)
    last_literal = not any(c in segments[-1] for c in "*?[") and not glob.endswith("/")
    return literal, last_literal, -wild, characters - glob.count("/")


def _anchored(glob: str) -> bool:
    """A glob whose first segment is a literal directory (``tests/**``)."""
    head, slash, _ = glob.partition("/")
    return bool(slash) and not any(char in head for char in "*?[")


def domain_of(relative: str, domains: Optional[DomainsSpec]) -> Optional[str]:
    """The domain directory (app-relative) holding ``relative``: the shortest directory
    prefix that a ``[domains] paths`` glob matches and no ``exclude`` glob matches."""
    if domains is None or not domains.paths:
        return None
    parts = relative.split("/")[:-1]
    for end in range(1, len(parts) + 1):
        directory = "/".join(parts[:end])
        if any(_dir_match(directory, g) for g in domains.exclude):
            continue
        if any(_dir_match(directory, g) for g in domains.paths):
            return directory
    return None


def domain_member(relative: str, domain: str) -> str:
    """The name of the module or package right under ``domain``: (``auth/flows/x.py``,
    ``auth``) -> ``flows``."""
    return relative[len(domain) + 1 :].split("/", 1)[0].removesuffix(".py")


def _dir_match(directory: str, glob: str) -> bool:
    """A directory glob (``*/``, ``services/``) names exactly that directory."""
    return matches(directory, glob.rstrip("/") or glob)
