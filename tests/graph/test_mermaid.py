"""The Mermaid reader: nodes, labels, subgraphs, every link form, with the Markdown file's line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from fastlayer.graph.mermaid import Edge, Node, diagrams

ARCHITECTURE = Path(__file__).resolve().parents[3] / "shared" / "fastapi-layered-architecture.md"


def _one(body: str, header: str = "graph TD") -> object:
    found = diagrams(f"# Doc\n\n```mermaid\n{header}\n{body}```\n")
    assert len(found) == 1
    return found[0]


def test_labels_shapes_and_lines() -> None:
    diagram = _one(
        '    A["Quoted [x]"]\n    B[Plain]\n    C(Round)\n    D((Circle))\n    E[(Database)]\n    F{Choice}\n    G>Flag]\n    H:::hot\n'
    )
    assert [(n.id, n.label, n.line) for n in diagram.nodes] == [  # type: ignore[attr-defined]
        ("A", "Quoted [x]", 5),
        ("B", "Plain", 6),
        ("C", "Round", 7),
        ("D", "Circle", 8),
        ("E", "Database", 9),
        ("F", "Choice", 10),
        ("G", "Flag", 11),
        ("H", "H", 12),
    ]


def test_every_link_form() -> None:
    body = (
        "    A --> B\n    A --- C\n    A -.-> D\n    A ==> E\n    A -- uses --> F\n    A -->|calls| G\n"
        "    A -. maybe .-> H\n    A == must ==> I\n    A <--> J\n    A ---> K\n    A --o L\n"
    )
    edges = [(e.source, e.target, e.line, e.label, e.style, e.directed) for e in _one(body).edges]  # type: ignore[attr-defined]
    assert edges == [
        ("A", "B", 5, "", "solid", True),
        ("A", "C", 6, "", "solid", False),
        ("A", "D", 7, "", "dotted", True),
        ("A", "E", 8, "", "thick", True),
        ("A", "F", 9, "uses", "solid", True),
        ("A", "G", 10, "calls", "solid", True),
        ("A", "H", 11, "maybe", "dotted", True),
        ("A", "I", 12, "must", "thick", True),
        ("A", "J", 13, "", "solid", True),
        ("J", "A", 13, "", "solid", True),
        ("A", "K", 14, "", "solid", True),
        ("A", "L", 15, "", "solid", True),
    ]


def test_chains_groups_semicolons_and_no_spaces() -> None:
    diagram = _one("    A --> B --> C\n    D & E --> F & G; X-->Y\n")
    assert [(e.source, e.target, e.line) for e in diagram.edges] == [  # type: ignore[attr-defined]
        ("A", "B", 5),
        ("B", "C", 5),
        ("D", "F", 6),
        ("D", "G", 6),
        ("E", "F", 6),
        ("E", "G", 6),
        ("X", "Y", 6),
    ]


def test_subgraphs_nest_and_take_titles() -> None:
    diagram = _one(
        '    subgraph Outer["Outer Layer"]\n        subgraph Inner [Inner]\n            N1\n        end\n    end\n'
        "    subgraph Plain title\n        N2\n    end\n    Outer --> N2\n"
    )
    assert diagram.nodes == (  # type: ignore[attr-defined]
        Node("Outer", "Outer Layer", 5, (), True),
        Node("Inner", "Inner", 6, ("Outer",), True),
        Node("N1", "N1", 7, ("Outer", "Inner")),
        Node("Plain title", "Plain title", 10, (), True),
        Node("N2", "N2", 11, ("Plain title",)),
    )
    assert diagram.edges == (Edge("Outer", "N2", 13),)  # type: ignore[attr-defined]


def test_comments_styles_frontmatter_and_flowchart() -> None:
    text = (
        "```mermaid\n---\ntitle: Layers\n---\nflowchart LR\n    %% a comment\n    classDef hot fill:#f00\n"
        "    style A fill:#fff\n    A --> B %% trailing\n    linkStyle 0 stroke:#f00\n```\n"
    )
    diagram = diagrams(text)[0]
    assert (diagram.line, diagram.direction) == (1, "LR")
    assert diagram.edges == (Edge("A", "B", 9),)
    assert diagram.problems == ()


def test_other_blocks_are_ignored_and_problems_are_collected() -> None:
    text = "```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n\n```python\nA --> B\n```\n\n```mermaid\ngraph TD\n  A --> B\n  A ->> B\n  C --> D\n```\n"
    found = diagrams(text)
    assert len(found) == 1
    assert [(e.source, e.target) for e in found[0].edges] == [("A", "B"), ("C", "D")]
    assert found[0].problems == ((13, "expected a link (-->, ---, -.->, ==>) at '->> B'"),)


def test_the_reference_architecture_document() -> None:
    if not ARCHITECTURE.is_file():
        pytest.skip("shared/ is not beside the repository")
    found = diagrams(ARCHITECTURE.read_text(encoding="utf-8"))
    assert len(found) == 1 and found[0].line == 46 and found[0].problems == ()
    edges = [(e.source, e.target, e.line) for e in found[0].edges]
    assert edges[3:8] == [
        ("Main", "Config", 89),
        ("Main", "Models", 90),
        ("Main", "Services", 91),
        ("Services", "Utils", 92),
        ("Services", "External", 93),
    ]
    services = found[0].node("BS")
    assert (
        services is not None
        and services.parents == ("API", "Services")
        and services.label == "Business Services"
    )
