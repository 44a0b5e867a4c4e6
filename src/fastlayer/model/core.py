"""``ProjectCore``: the files, facts and modules of one run and where the app lives, with the
cross-module name resolution every analysis builds on. The analyses (objects, detections,
values, routing, CORS) take a ``ProjectCore``; ``ProjectModel`` (``model/project.py``) extends
it and memoises each analysis, so the dependency runs one way: core <- analyses <- project."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Tuple, TypeVar, cast

from fastlayer.config.loader import Config
from fastlayer.facts.types import FileFacts
from fastlayer.files.discovery import Discovered
from fastlayer.files.texts import ProjectTexts
from fastlayer.model import approot
from fastlayer.model.module import Module
from fastlayer.model.symbols import Symbols
from fastlayer.model.values.datafiles import DataFiles
from fastlayer.model.values.envfiles import EnvFiles

T = TypeVar("T")
Picked = List[Tuple[Module, Tuple[Any, ...]]]  # the modules of which a picker found something


class ProjectCore:
    """Files, facts and where the app lives. Derived views are computed on first use."""

    def __init__(
        self,
        config: Config,
        discovered: Discovered,
        facts: Mapping[str, FileFacts],
        app_root: Optional[str],
        texts: Optional[ProjectTexts] = None,
        app_choice: Optional[approot.AppChoice] = None,
    ) -> None:
        self.config = config
        self.texts = texts or ProjectTexts(
            config.project_root
        )  # non-Python files (env files, docs)
        self.discovered = discovered
        self.facts: Dict[str, FileFacts] = dict(facts)
        self.app_root = app_root
        self.app_choice = app_choice  # which apps the project runs, and why (the engine decides)
        # where modules are judged: the app root, and the roots of further apps named in ``apps``
        self.judged_roots = approot.judged_roots(app_root, app_choice)
        python = set(self.facts)
        self.source_root = approot.source_root(app_root, python) if app_root is not None else ""
        self.modules: Dict[str, Module] = {
            path: Module(path, self._module_name(path), f) for path, f in sorted(self.facts.items())
        }

    @property
    def root(self) -> Path:
        return self.config.project_root

    def _module_name(self, path: str) -> Optional[str]:
        return approot.module_name(path, self.source_root) or approot.module_name(path, "")

    @functools.cached_property
    def by_module_name(self) -> Dict[str, Module]:
        return {module.name: module for module in self.modules.values() if module.name}

    @functools.cached_property
    def symbols(self) -> Symbols:
        """Cross-module name resolution (see ``model/symbols.py``)."""
        return Symbols(self.by_module_name)

    @functools.cached_property
    def env_files(self) -> EnvFiles:
        """The project's env files, parsed once for the run. Working directories: the project root,
        the source root (where ``uvicorn app.main:app`` runs) and the app root, in that order."""
        dirs = ["", self.source_root or ""]
        if self.app_root is not None:
            dirs.append(self.app_root)
        return EnvFiles(self.root, dirs, self.texts)

    @functools.cached_property
    def data_files(self) -> DataFiles:
        """The project's YAML/JSON/TOML data files, read when code loads them (same working
        directories as the env files)."""
        return DataFiles(self.texts, self.env_files.working_dirs)

    def app_relative(self, path: str) -> Optional[str]:
        """``path`` relative to the app root (or to the root of a further app named in ``apps``
        that holds it), or None when it lies outside."""
        return approot.relative_to(self.judged_roots, path)

    @property
    def main_apps(self) -> Tuple[str, ...]:
        """The modules whose ``FastAPI()`` the project runs (chosen or named in ``apps``)."""
        return self.app_choice.apps if self.app_choice is not None else ()

    @property
    def secondary_apps(self) -> Tuple[str, ...]:
        """The other modules that create ``FastAPI()`` (a worker's own health-check app)."""
        return self.app_choice.others if self.app_choice is not None else ()

    def app_path(self, relative: str) -> str:
        """The project-relative path of ``relative`` (a path under the app root)."""
        return f"{self.app_root}/{relative}" if self.app_root else relative

    def parsed(self) -> Iterator[Module]:
        """Modules whose facts were extracted (no FL001/FL002)."""
        return iter(self._parsed)

    @functools.cached_property
    def _parsed(self) -> Tuple[Module, ...]:
        return tuple(module for module in self.modules.values() if module.facts.error is None)

    def having(
        self, pick: Callable[[FileFacts], Tuple[T, ...]]
    ) -> List[Tuple[Module, Tuple[T, ...]]]:
        """The parsed modules of which ``pick`` (a ``perfile.per_file`` function: it reads the
        module's facts alone) finds something, each with what it found, in module order."""
        known = self._having.get(pick)
        if known is None:
            found = ((module, pick(module.facts)) for module in self.parsed())
            known = self._having[pick] = [(module, picked) for module, picked in found if picked]
        return cast(List[Tuple[Module, Tuple[T, ...]]], known)

    @functools.cached_property
    def _having(self) -> Dict[Callable[[FileFacts], Tuple[Any, ...]], Picked]:
        return {}

    def other_files(self) -> Tuple[str, ...]:
        return self.discovered.other_files
