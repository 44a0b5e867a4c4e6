"""Exact Mermaid, DOT and JSON for a small hand-built graph."""

from __future__ import annotations

import json

from fastlayer.graph.layers import Graph, GraphEdge, GraphNode
from fastlayer.graph.render import mermaid_ids, render, to_dot, to_json, to_mermaid

GRAPH = Graph(
    "layers",
    (
        GraphNode("api", "api", 2, True),
        GraphNode("end", "end", 1),
        GraphNode("models.schemas", "models.schemas", 1),
        GraphNode("services", "services", 3, True),
    ),
    (
        GraphEdge(
            "api", "services", 2, True, in_cycle=True, where=("app/api/a.py:1", "app/api/b.py:4")
        ),
        GraphEdge("api", "models.schemas", 1, True, where=("app/api/a.py:2",)),
        GraphEdge("services", "api", 1, False, in_cycle=True, where=("app/services/s.py:3",)),
        GraphEdge("services", "models.schemas", 0, True, used=False),
    ),
)


def test_mermaid() -> None:
    assert (
        to_mermaid(GRAPH)
        == """graph TD
    api["api<br/>2 modules"]
    n_end["end<br/>1 module"]
    models_schemas["models.schemas<br/>1 module"]
    services["services<br/>3 modules"]
    api ==>|"2 imports"| services
    api -->|"1 import"| models_schemas
    services -.->|"1 import · FL101"| api
    services -.-> models_schemas
    linkStyle 0 stroke:#ff7f0e,stroke-width:3px,color:#ff7f0e
    linkStyle 2 stroke:#d62728,stroke-width:2px,color:#d62728
    linkStyle 3 stroke:#c8c8c8,stroke-width:1px,color:#a0a0a0
    classDef cycle fill:#ffe8d6,stroke:#ff7f0e,stroke-width:3px
    class api,services cycle
"""
    )


def test_dot() -> None:
    assert (
        to_dot(GRAPH)
        == """digraph fastlayer {
    rankdir=TB; nodesep=0.5; ranksep=0.6;
    node [shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#4a6fa5", fontname="Helvetica"];
    edge [fontname="Helvetica", fontsize=10, color="#555555"];
    "api" [label="api\\n2 modules", color="#ff7f0e", fillcolor="#ffe8d6", penwidth="3"];
    "end" [label="end\\n1 module"];
    "models.schemas" [label="models.schemas\\n1 module"];
    "services" [label="services\\n3 modules", color="#ff7f0e", fillcolor="#ffe8d6", penwidth="3"];
    "api" -> "services" [label=" 2 imports ", color="#ff7f0e", fontcolor="#ff7f0e", penwidth="3"];
    "api" -> "models.schemas" [label=" 1 import "];
    "services" -> "api" [label=" 1 import · FL101 ", color="#d62728", fontcolor="#d62728", style="dashed", penwidth="2"];
    "services" -> "models.schemas" [color="#c8c8c8", style="dotted", arrowsize="0.6", constraint="false"];
    { rank=sink; "end"; }
}
"""
    )


def test_json() -> None:
    document = json.loads(to_json(GRAPH))
    assert document["kind"] == "layers"
    assert document["nodes"][0] == {"name": "api", "layer": "api", "modules": 2, "in_cycle": True}
    assert document["edges"][2] == {
        "source": "services",
        "target": "api",
        "imports": 1,
        "allowed": False,
        "used": True,
        "in_cycle": True,
        "rule": "FL101",
        "where": ["app/services/s.py:3"],
    }
    assert document["edges"][3]["used"] is False and document["edges"][3]["imports"] == 0


def test_module_clusters_and_escaping() -> None:
    graph = Graph("modules", (GraphNode('app.a"b', "api", 1), GraphNode("app.x", None, 1)), ())
    assert to_dot(graph).splitlines()[4:11] == [
        '    "app.x" [label="app.x"];',
        '    subgraph "cluster_api" {',
        '        label="api";',
        '        style="rounded,dashed"; color="#999999"; fontname="Helvetica";',
        '        "app.a\\"b" [label="app.a\\"b"];',
        "    }",
        "}",
    ]
    assert to_mermaid(graph).splitlines()[1:5] == [
        '    app_x["app.x"]',
        '    subgraph layer_api["api"]',
        '        app_a_b["app.a#quot;b"]',
        "    end",
    ]


def test_ids_are_unique_and_unknown_format_is_none() -> None:
    assert mermaid_ids(["a.b", "a_b", "1x", "style"]) == {
        "a.b": "a_b",
        "a_b": "a_b_2",
        "1x": "n_1x",
        "style": "n_style",
    }
    assert render(GRAPH, "svg") is None


def test_mermaid_output_reads_back_with_the_mermaid_reader() -> None:
    from fastlayer.graph.mermaid import diagrams

    diagram = diagrams("```mermaid\n" + to_mermaid(GRAPH) + "```\n")[0]
    assert diagram.problems == ()
    assert [(e.source, e.target, e.label) for e in diagram.edges] == [
        ("api", "services", "2 imports"),
        ("api", "models_schemas", "1 import"),
        ("services", "api", "1 import · FL101"),
        ("services", "models_schemas", ""),
    ]
    assert [n.label for n in diagram.nodes] == [
        "api 2 modules",
        "end 1 module",
        "models.schemas 1 module",
        "services 3 modules",
    ]
