"""The project model seen as ``layer_graph`` input: dependencies, module -> layer, allowed layer
edges.

Reads ``ProjectModel.import_graph`` (model/graph.py) and ``ProjectModel.layers`` (model/layers.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, FrozenSet, List, Optional

from fastlayer.config.presets import Preset
from fastlayer.graph.layers import Allowed, Dependency

if TYPE_CHECKING:
    from fastlayer.model.project import ProjectModel


def dependencies(project: ProjectModel) -> List[Dependency]:
    """Every import of a project module by another, in (importer, imported, line) order."""
    graph, layer_of = project.import_graph, project.layers.layer_of
    found = []
    for importer in sorted(graph.edges):
        for imported, imports in sorted(graph.edges[importer].items()):
            # `from x import a, b` is one import
            for line in sorted({resolved.line for resolved in imports}):
                found.append(
                    Dependency(
                        importer,
                        imported,
                        line,
                        module_name(project, importer),
                        module_name(project, imported),
                        layer_of(importer),
                        layer_of(imported),
                    )
                )
    return found


def modules(project: ProjectModel) -> Dict[str, Optional[str]]:
    """Module name -> layer, for every parsed module."""
    return {
        module_name(project, module.path): project.layers.layer_of(module.path)
        for module in project.parsed()
    }


def module_name(project: ProjectModel, path: str) -> str:
    module = project.modules.get(path)
    if module is not None and module.name:
        return module.name
    stem = path[: -len("/__init__.py")] if path.endswith("/__init__.py") else path[: -len(".py")]
    return stem.replace("/", ".")


def allowed(preset: Preset) -> Allowed:
    """Layer -> the layers it may import, itself included."""
    table: Dict[str, FrozenSet[str]] = {}
    for layer in preset.layers:
        table[layer.name] = frozenset(layer.may_import) | {layer.name}
    return table
