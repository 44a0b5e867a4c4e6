"""The dependency graph ``fastlayer graph`` draws: layers (or modules), edges with import counts,
edges the configuration forbids, allowed edges the code never uses, and cycles. Plain data, no
I/O."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import (
    Callable,
    Dict,
    FrozenSet,
    Iterable,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Set,
    Tuple,
)

from fastlayer.model.graph import strongly_connected

FORBIDDEN_CODE = "FL101"  # the rule that reports an import against the layer direction


@dataclass(frozen=True)
class Dependency:
    """One import of a project module by another (paths relative to the project root)."""

    importer: str
    imported: str
    line: int
    importer_module: str
    imported_module: str
    importer_layer: Optional[str]
    imported_layer: Optional[str]
    suppressed: bool = False  # its FL101 is suppressed inline or per file: never drawn as forbidden


@dataclass(frozen=True)
class GraphNode:
    name: str
    layer: Optional[str]
    modules: int = 0
    in_cycle: bool = False


@dataclass(frozen=True)
class GraphEdge:
    source: str
    target: str
    imports: int
    allowed: bool
    used: bool = True
    in_cycle: bool = False
    where: Tuple[str, ...] = ()  # "path:line" of the imports behind the edge, sorted

    @property
    def rule(self) -> Optional[str]:
        return None if self.allowed else FORBIDDEN_CODE


@dataclass(frozen=True)
class Graph:
    kind: Literal["layers", "modules"]
    nodes: Tuple[GraphNode, ...]
    edges: Tuple[GraphEdge, ...]

    def node(self, name: str) -> Optional[GraphNode]:
        return next((node for node in self.nodes if node.name == name), None)


Allowed = Mapping[str, FrozenSet[str]]  # layer -> layers it may import (itself included)


def layer_graph(
    dependencies: Iterable[Dependency],
    allowed: Allowed,
    modules: Mapping[str, Optional[str]],
    show_unused: bool = False,
) -> Graph:
    """Layers that hold modules (``modules``: module name -> layer); one edge per pair of different
    layers with imports between them. Modules outside every layer are left out (FL105 reports
    them)."""
    deps = [
        d
        for d in dependencies
        if d.importer_layer and d.imported_layer and d.importer_layer != d.imported_layer
    ]
    counts = _module_counts(modules)
    edges = _edges(
        deps, lambda d: (d.importer_layer or "", d.imported_layer or ""), allowed, lambda n: n
    )
    if show_unused:
        edges += _unused(edges, allowed, set(counts))
    nodes = [GraphNode(name, name, counts[name]) for name in sorted(counts)]
    return _mark_cycles(Graph("layers", tuple(nodes), tuple(sorted(edges, key=_edge_key))))


def module_graph(
    dependencies: Iterable[Dependency], allowed: Allowed, modules: Mapping[str, Optional[str]]
) -> Graph:
    """``modules``: module name -> layer, every module of the project (isolated ones are drawn
    too)."""
    deps = [d for d in dependencies if d.importer_module != d.imported_module]
    layer_of = dict(modules)
    edges = _edges(
        deps, lambda d: (d.importer_module, d.imported_module), allowed, lambda n: layer_of.get(n)
    )
    nodes = [GraphNode(name, layer_of[name], 1) for name in sorted(layer_of)]
    return _mark_cycles(Graph("modules", tuple(nodes), tuple(sorted(edges, key=_edge_key))))


def _module_counts(modules: Mapping[str, Optional[str]]) -> Dict[str, int]:
    counts: Dict[str, int] = {}
    for layer in modules.values():
        if layer:
            counts[layer] = counts.get(layer, 0) + 1
    return counts


def _edges(
    deps: Sequence[Dependency],
    key: Callable[[Dependency], Tuple[str, str]],
    allowed: Allowed,
    layer: Callable[[str], Optional[str]],
) -> List[GraphEdge]:
    grouped: Dict[Tuple[str, str], List[Dependency]] = {}
    for d in deps:
        grouped.setdefault(key(d), []).append(d)
    return [
        GraphEdge(
            source,
            target,
            len(group),
            _allows(allowed, layer(source), layer(target)) or all(d.suppressed for d in group),
            where=tuple(
                f"{path}:{line}" for path, line in sorted((d.importer, d.line) for d in group)
            ),
        )
        for (source, target), group in grouped.items()
    ]


def _allows(allowed: Allowed, source: Optional[str], target: Optional[str]) -> bool:
    """Modules outside every layer are not judged (FL105 reports them)."""
    if source is None or target is None or source == target:
        return True
    return target in allowed.get(source, frozenset())


def _unused(edges: Sequence[GraphEdge], allowed: Allowed, present: Set[str]) -> List[GraphEdge]:
    used = {(e.source, e.target) for e in edges}
    return [
        GraphEdge(source, target, 0, True, used=False)
        for source in sorted(present)
        for target in sorted(allowed.get(source, frozenset()))
        if target in present and target != source and (source, target) not in used
    ]


def _edge_key(edge: GraphEdge) -> Tuple[str, str]:
    return edge.source, edge.target


def _mark_cycles(graph: Graph) -> Graph:
    component = _components(
        [node.name for node in graph.nodes], [(e.source, e.target) for e in graph.edges if e.used]
    )
    cyclic = set(component)
    nodes = tuple(replace(node, in_cycle=node.name in cyclic) for node in graph.nodes)
    edges = tuple(
        replace(
            e,
            in_cycle=e.used
            and e.source in cyclic
            and component[e.source] == component.get(e.target),
        )
        for e in graph.edges
    )
    return Graph(graph.kind, nodes, edges)


def _components(names: Sequence[str], edges: Sequence[Tuple[str, str]]) -> Dict[str, int]:
    """Node -> index of its strongly connected component, for nodes on a cycle only."""
    successors: Dict[str, List[str]] = {name: [] for name in names}
    for source, target in edges:
        successors.setdefault(source, []).append(target)
        successors.setdefault(target, [])
    groups = strongly_connected(successors, lambda node: successors[node])
    return {name: index for index, group in enumerate(groups) for name in group}


def focus(graph: Graph, name: str) -> Graph:
    """``name`` (a layer; in a module graph, the modules of that layer) and its direct
    neighbours."""
    centre = {
        node.name
        for node in graph.nodes
        if node.name == name or (graph.kind == "modules" and node.layer == name)
    }
    edges = tuple(e for e in graph.edges if e.source in centre or e.target in centre)
    keep = centre | {e.source for e in edges} | {e.target for e in edges}
    return Graph(graph.kind, tuple(n for n in graph.nodes if n.name in keep), edges)
