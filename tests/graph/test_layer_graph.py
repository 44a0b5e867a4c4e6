"""The graph behind ``fastlayer graph``: counts, forbidden and unused edges, cycles, focus."""

from __future__ import annotations

from typing import Optional

from fastlayer.graph.layers import (
    Dependency,
    GraphEdge,
    GraphNode,
    focus,
    layer_graph,
    module_graph,
)

ALLOWED = {
    "api": frozenset({"api", "services", "core"}),
    "services": frozenset({"services", "core"}),
    "core": frozenset({"core"}),
}
MODULES = {
    "app.api.a": "api",
    "app.api.b": "api",
    "app.services.s": "services",
    "app.core.c": "core",
    "app.other": None,
}


def _dep(importer: str, imported: str, line: int) -> Dependency:
    def path(name: str) -> str:
        return name.replace(".", "/") + ".py"

    layer: Optional[str] = MODULES[importer]
    return Dependency(
        path(importer), path(imported), line, importer, imported, layer, MODULES[imported]
    )


DEPS = [
    _dep("app.api.a", "app.services.s", 10),
    _dep("app.api.a", "app.services.s", 2),
    _dep("app.api.b", "app.services.s", 1),
    _dep("app.services.s", "app.api.b", 3),
    _dep("app.api.a", "app.api.b", 1),
    _dep("app.other", "app.core.c", 1),
]


def test_layer_edges_count_imports_and_judge_direction() -> None:
    graph = layer_graph(DEPS, ALLOWED, MODULES)
    assert graph.nodes == (
        GraphNode("api", "api", 2, True),
        GraphNode("core", "core", 1),
        GraphNode("services", "services", 1, True),
    )
    assert graph.edges == (
        GraphEdge(
            "api",
            "services",
            3,
            True,
            in_cycle=True,
            where=("app/api/a.py:2", "app/api/a.py:10", "app/api/b.py:1"),
        ),
        GraphEdge("services", "api", 1, False, in_cycle=True, where=("app/services/s.py:3",)),
    )
    assert graph.edges[1].rule == "FL101" and graph.edges[0].rule is None


def test_unused_allowed_edges() -> None:
    unused = [e for e in layer_graph(DEPS, ALLOWED, MODULES, show_unused=True).edges if not e.used]
    assert unused == [
        GraphEdge("api", "core", 0, True, used=False),
        GraphEdge("services", "core", 0, True, used=False),
    ]


def test_module_graph_and_focus() -> None:
    graph = module_graph(DEPS, ALLOWED, MODULES)
    assert [n.name for n in graph.nodes if n.in_cycle] == ["app.api.b", "app.services.s"]
    assert [(e.source, e.target, e.imports, e.allowed) for e in graph.edges] == [
        ("app.api.a", "app.api.b", 1, True),
        ("app.api.a", "app.services.s", 2, True),
        ("app.api.b", "app.services.s", 1, True),
        ("app.other", "app.core.c", 1, True),
        ("app.services.s", "app.api.b", 1, False),
    ]
    focused = focus(graph, "services")
    assert [n.name for n in focused.nodes] == ["app.api.a", "app.api.b", "app.services.s"]
    assert focus(layer_graph(DEPS, ALLOWED, MODULES), "core").nodes == (
        GraphNode("core", "core", 1),
    )


def test_longer_cycle_marks_only_its_edges() -> None:
    allowed = {name: frozenset({name}) for name in "abcd"}
    modules = {name: name for name in "abcd"}
    deps = [Dependency(f"{s}.py", f"{t}.py", 1, s, t, s, t) for s, t in ("ab", "bc", "ca", "cd")]
    graph = layer_graph(deps, allowed, modules)
    assert [(e.source, e.target, e.in_cycle) for e in graph.edges] == [
        ("a", "b", True),
        ("b", "c", True),
        ("c", "a", True),
        ("c", "d", False),
    ]
    assert [n.in_cycle for n in graph.nodes] == [True, True, True, False]
