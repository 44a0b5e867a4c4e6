"""The module import graph; strongly connected components, reachability and shortest paths (the
one Tarjan of fastlayer: the layer graph of ``graph/layers.py`` uses it too).

Nodes of the module graph are project-relative paths (a namespace package is the
``__init__.py`` it would have). Every edge keeps the imports that make it, in
source order, so a rule can point at the first one. Strongly connected
components come from Tarjan's algorithm (iterative, nodes and successors visited
in sorted order, so the output never depends on dict or set order); a cycle is
shown as the shortest one through the component's first node.
"""

from __future__ import annotations

import functools
from collections import deque
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from fastlayer.model.imports import ResolvedImport

Successors = Callable[[str], Sequence[str]]


class ImportGraph:
    """``edges[importer][target]`` = the imports of ``importer`` that reach ``target``."""

    def __init__(self, imports: Iterable[ResolvedImport]) -> None:
        self.edges: Dict[str, Dict[str, List[ResolvedImport]]] = {}
        for resolved in imports:
            if resolved.path is None or resolved.path == resolved.importer:
                continue
            self.edges.setdefault(resolved.importer, {}).setdefault(resolved.path, []).append(
                resolved
            )
        for targets in self.edges.values():
            for found in targets.values():
                found.sort(key=lambda r: (r.line, r.column))

    def successors(self, node: str) -> Sequence[str]:
        return sorted(self.edges.get(node, {}))

    def runtime_successors(self, node: str) -> Sequence[str]:
        """Targets reached by at least one import that runs (not only under ``if
        TYPE_CHECKING:``)."""
        return sorted(
            t
            for t, found in self.edges.get(node, {}).items()
            if any(not r.fact.type_checking for r in found)
        )

    def import_time_successors(self, node: str) -> Sequence[str]:
        """Targets reached by an import that runs when the module is imported (neither only under
        ``if TYPE_CHECKING:`` nor only inside functions, which defer it to the call)."""
        return sorted(
            t
            for t, found in self.edges.get(node, {}).items()
            if any(_at_import_time(r) for r in found)
        )

    def first_runtime_import(self, source: str, target: str) -> ResolvedImport:
        """The first import from ``source`` to ``target`` that runs, one at import time when there
        is one."""
        found = self.edges[source][target]
        return next((r for r in found if _at_import_time(r)), None) or next(
            r for r in found if not r.fact.type_checking
        )

    def nodes(self) -> List[str]:
        return sorted(set(self.edges) | {t for targets in self.edges.values() for t in targets})

    def first_import(self, source: str, target: str) -> ResolvedImport:
        return self.edges[source][target][0]

    def cycles(self) -> List[List[str]]:
        """One shortest cycle per strongly connected component, components in sorted order."""
        return [
            shortest_cycle(scc[0], self.successors, set(scc)) or scc
            for scc in strongly_connected(self.nodes(), self.successors)
        ]


def _at_import_time(resolved: ResolvedImport) -> bool:
    return not resolved.fact.type_checking and not resolved.fact.in_function


def strongly_connected(nodes: Iterable[str], successors: Successors) -> List[List[str]]:
    """Tarjan's SCCs with more than one node, each sorted, the list sorted by first node."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    found: List[List[str]] = []
    known: Dict[
        str, Sequence[str]
    ] = {}  # the walk asks again for a node's successors after each child

    def remembered(node: str) -> Sequence[str]:
        if node not in known:
            known[node] = successors(node)
        return known[node]

    for root in sorted(nodes):
        if root not in index:
            _tarjan_from(root, remembered, index, low, stack, on_stack, found)
    return sorted((sorted(c) for c in found if len(c) > 1), key=lambda c: c[0])


def _tarjan_from(
    root: str,
    successors: Successors,
    index: Dict[str, int],
    low: Dict[str, int],
    stack: List[str],
    on_stack: Set[str],
    found: List[List[str]],
) -> None:
    work: List[Tuple[str, int]] = [(root, 0)]
    while work:
        node, position = work.pop()
        if position == 0:
            index[node] = low[node] = len(index)
            stack.append(node)
            on_stack.add(node)
        children = successors(node)
        if position < len(children):
            work.append((node, position + 1))
            child = children[position]
            if child not in index:
                work.append((child, 0))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
            continue
        if low[node] == index[node]:
            found.append(_pop_component(node, stack, on_stack))
        if work:
            parent = work[-1][0]
            low[parent] = min(low[parent], low[node])


def _pop_component(node: str, stack: List[str], on_stack: Set[str]) -> List[str]:
    component: List[str] = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        component.append(member)
        if member == node:
            return component


class Reachability:
    """Whether one node reaches another along ``successors`` (each node's successors asked once,
    however many questions): what ``engine/kept.KeptCycles`` asks after an edit."""

    def __init__(self, successors: Successors) -> None:
        self._successors = functools.lru_cache(maxsize=None)(successors)

    def __call__(self, start: str, goal: str) -> bool:
        seen, todo = {start}, [start]
        while todo:
            for following in self._successors(todo.pop()):
                if following == goal:
                    return True
                if following not in seen:
                    seen.add(following)
                    todo.append(following)
        return False


def shortest_cycle(start: str, successors: Successors, members: Set[str]) -> Optional[List[str]]:
    """The shortest path start -> ... -> start inside ``members`` (BFS, sorted successors)."""
    return shortest_path(start, start, successors, members, first_step=True)


def shortest_path(
    start: str, goal: str, successors: Successors, members: Set[str], first_step: bool = False
) -> Optional[List[str]]:
    """Nodes from ``start`` to ``goal`` (both included) along edges inside ``members``."""
    parent: Dict[str, str] = {}
    queue = deque([start])
    seen = set() if first_step else {start}
    while queue:
        node = queue.popleft()
        for child in successors(node):
            if child not in members or child in seen:
                continue
            parent[child] = node
            if child == goal:
                return _walk_back(parent, start, goal)
            seen.add(child)
            queue.append(child)
    return None


def _walk_back(parent: Mapping[str, str], start: str, goal: str) -> List[str]:
    path = [goal]
    node = parent[goal]
    while node != start:
        path.append(node)
        node = parent[node]
    path.append(start)
    return list(reversed(path))
