"""Hold a documented Mermaid diagram against the configuration and the code (FL120-FL122).

A diagram node names a layer when its id or its label equals a layer name (case-insensitive),
or when ``[tool.fastlayer.graph] names`` maps its id or label to a layer. A node that names no
layer takes the layer of the nearest enclosing subgraph that does (``BS["Business Services"]``
inside ``subgraph Services``); nodes that stay unnamed (clients, databases, external APIs) are
not part of the check. ``A --> B`` documents that layer A may depend on layer B; an undirected
link (``A --- B``) documents a dependency either way and is never judged forbidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Set, Tuple

from fastlayer.graph.layers import Allowed, Graph, GraphEdge
from fastlayer.graph.mermaid import Diagram, Node


@dataclass(frozen=True)
class DocumentedEdge:
    source: str  # layer
    target: str  # layer
    line: int
    source_node: str  # node ids as written
    target_node: str
    directed: bool = True


@dataclass(frozen=True)
class DocumentedLayers:
    edges: Tuple[DocumentedEdge, ...]
    shown: Tuple[Tuple[str, int], ...]  # layer -> line of its first node in the document
    problems: Tuple[Tuple[int, str], ...] = ()  # unreadable statements, or no diagram at all

    def line_of(self, layer: str) -> Optional[int]:
        return dict(self.shown).get(layer)


def documented_layers(
    diagrams: Sequence[Diagram], layers: Sequence[str], names: Mapping[str, str]
) -> DocumentedLayers:
    """The layer edges of every diagram of a document. ``names``: casefolded diagram name ->
    layer."""
    lookup = {name.casefold(): name for name in layers}
    lookup.update(names)
    edges: List[DocumentedEdge] = []
    shown: Dict[str, int] = {}
    problems: List[Tuple[int, str]] = []
    for diagram in diagrams:
        layer_of = _node_layers(diagram, lookup)
        for node in diagram.nodes:
            if layer_of.get(node.id):
                shown.setdefault(layer_of[node.id] or "", node.line)
        edges += _edges(diagram, layer_of)
        problems += diagram.problems
    return DocumentedLayers(tuple(edges), tuple(sorted(shown.items())), tuple(problems))


def _node_layers(diagram: Diagram, lookup: Mapping[str, str]) -> Dict[str, Optional[str]]:
    own = {node.id: _named(node, lookup) for node in diagram.nodes}
    return {
        node.id: own[node.id]
        or next((own.get(p) for p in reversed(node.parents) if own.get(p)), None)
        for node in diagram.nodes
    }


def _named(node: Node, lookup: Mapping[str, str]) -> Optional[str]:
    return lookup.get(node.id.casefold()) or lookup.get(node.label.casefold())


def _edges(diagram: Diagram, layer_of: Mapping[str, Optional[str]]) -> List[DocumentedEdge]:
    found = []
    for edge in diagram.edges:
        source, target = layer_of.get(edge.source), layer_of.get(edge.target)
        if source and target and source != target:
            found.append(
                DocumentedEdge(source, target, edge.line, edge.source, edge.target, edge.directed)
            )
    return found


def forbidden(documented: DocumentedLayers, allowed: Allowed) -> List[DocumentedEdge]:
    """Directed documented edges that the configured ``may-import`` does not allow."""
    return [
        e
        for e in documented.edges
        if e.directed and e.target not in allowed.get(e.source, frozenset())
    ]


def undocumented(documented: DocumentedLayers, graph: Graph) -> List[GraphEdge]:
    """Layer dependencies the code has, between layers the diagram shows, that no documented edge
    covers."""
    shown = {layer for layer, _ in documented.shown}
    covered: Set[Tuple[str, str]] = set()
    for e in documented.edges:
        covered.add((e.source, e.target))
        if not e.directed:
            covered.add((e.target, e.source))
    return [
        e
        for e in graph.edges
        if e.used
        and e.source in shown
        and e.target in shown
        and (e.source, e.target) not in covered
    ]
