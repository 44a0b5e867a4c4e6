"""``ProjectModel``: the single object rules read. Built once per run, never printed.

It extends ``ProjectCore`` (files, facts, modules, symbols) with every derived analysis,
each computed on first use and memoised on the model for the run."""

from __future__ import annotations

import functools
from typing import Dict, Tuple

from fastlayer.model.core import ProjectCore
from fastlayer.model.graph import ImportGraph
from fastlayer.model.imports import ImportResolver, ResolvedImport
from fastlayer.model.layers import LayerMap


class ProjectModel(ProjectCore):
    """The project core plus its analyses: imports, the import graph, layers."""

    @functools.cached_property
    def imports(self) -> Dict[str, Tuple[ResolvedImport, ...]]:
        """Every parsed module's imports, resolved (see ``model/imports.py``)."""
        resolver = ImportResolver(self.modules.values(), self.config.type_checking_imports)
        return {module.path: resolver.resolve(module) for module in self.parsed()}

    @functools.cached_property
    def import_graph(self) -> ImportGraph:
        return ImportGraph(r for found in self.imports.values() for r in found)

    @functools.cached_property
    def layers(self) -> LayerMap:
        """Module path -> layer and domain (see ``model/layers.py``)."""
        return LayerMap(self.config.preset, self.app_root)
