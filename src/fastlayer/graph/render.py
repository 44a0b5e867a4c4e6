"""Render a ``layer_graph.Graph`` as Mermaid (``graph TD``), Graphviz DOT or JSON. Pure text out.

Drawing conventions, the same in Mermaid and DOT:

- every edge is labelled with the number of imports behind it;
- an edge the configuration forbids is red and dashed and names the rule (``1 import · FL101``);
- an allowed edge the code never uses (``--show-unused``) is light grey, dotted and unlabelled;
- nodes and allowed edges that form a cycle are drawn in orange, thick.
"""

from __future__ import annotations

import json
import re
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from fastlayer.graph.layers import Graph, GraphEdge, GraphNode

RED, ORANGE, GREY, GREY_TEXT = "#d62728", "#ff7f0e", "#c8c8c8", "#a0a0a0"
_MERMAID_RESERVED = {
    "end",
    "graph",
    "subgraph",
    "flowchart",
    "style",
    "class",
    "classdef",
    "click",
    "linkstyle",
    "direction",
    "default",
}


def edge_label(edge: GraphEdge) -> str:
    if not edge.used:
        return ""
    text = f"{edge.imports} import{'s' if edge.imports != 1 else ''}"
    return f"{text} · {edge.rule}" if edge.rule else text


def node_label(graph: Graph, node: GraphNode) -> Tuple[str, str]:
    """(title, subtitle): a layer and its module count; a module and nothing."""
    if graph.kind == "layers":
        return node.name, f"{node.modules} module{'s' if node.modules != 1 else ''}"
    return node.name, ""


# ----------------------------------------------------------------------------- Mermaid


def mermaid_ids(names: Sequence[str]) -> Dict[str, str]:
    """Name -> a Mermaid-safe, unique node id (``models.schemas`` -> ``models_schemas``)."""
    ids: Dict[str, str] = {}
    for name in names:
        base = re.sub(r"\W", "_", name) or "node"
        if base.lower() in _MERMAID_RESERVED or base[0].isdigit():
            base = f"n_{base}"
        candidate, number = base, 2
        while candidate in ids.values():
            candidate, number = f"{base}_{number}", number + 1
        ids[name] = candidate
    return ids


def to_mermaid(graph: Graph) -> str:
    ids = mermaid_ids([node.name for node in graph.nodes])
    lines = ["graph TD"] + _mermaid_nodes(graph, ids)
    styled: Dict[str, List[str]] = {}
    for index, edge in enumerate(graph.edges):
        arrow, style = _mermaid_arrow(edge)
        label = edge_label(edge)
        lines.append(
            f"    {ids[edge.source]} {arrow}"
            + (f'|"{label}"|' if label else "")
            + f" {ids[edge.target]}"
        )
        if style:
            styled.setdefault(style, []).append(str(index))
    styles = [f"    linkStyle {','.join(indices)} {style}" for style, indices in styled.items()]
    cyclic = [ids[node.name] for node in graph.nodes if node.in_cycle]
    if cyclic:
        styles += [
            f"    classDef cycle fill:#ffe8d6,stroke:{ORANGE},stroke-width:3px",
            f"    class {','.join(cyclic)} cycle",
        ]
    return "\n".join(lines + styles) + "\n"


def _mermaid_nodes(graph: Graph, ids: Dict[str, str]) -> List[str]:
    def node_line(node: GraphNode, indent: str) -> str:
        title, subtitle = node_label(graph, node)
        text = f"{title}<br/>{subtitle}" if subtitle else title
        return f'{indent}{ids[node.name]}["{_mermaid_text(text)}"]'

    if graph.kind == "layers":
        return [node_line(node, "    ") for node in graph.nodes]
    lines = [node_line(node, "    ") for node in graph.nodes if node.layer is None]
    for layer, members in _by_layer(graph.nodes):
        lines.append(
            f'    subgraph layer_{re.sub(r"[^0-9A-Za-z_]", "_", layer)}["{_mermaid_text(layer)}"]'
        )
        lines += [node_line(node, "        ") for node in members]
        lines.append("    end")
    return lines


def _mermaid_arrow(edge: GraphEdge) -> Tuple[str, str]:
    if not edge.used:
        return "-.->", f"stroke:{GREY},stroke-width:1px,color:{GREY_TEXT}"
    if edge.rule:
        return "-.->", f"stroke:{RED},stroke-width:2px,color:{RED}"
    if edge.in_cycle:
        return "==>", f"stroke:{ORANGE},stroke-width:3px,color:{ORANGE}"
    return "-->", ""


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;")


# ----------------------------------------------------------------------------- DOT


def to_dot(graph: Graph) -> str:
    lines = [
        "digraph fastlayer {",
        "    rankdir=TB; nodesep=0.5; ranksep=0.6;",
        '    node [shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#4a6fa5", '
        'fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10, color="#555555"];',
    ]
    lines += _dot_nodes(graph)
    lines += [
        f"    {_q(e.source)} -> {_q(e.target)} [{_dot_attributes(_dot_edge(e))}];"
        for e in graph.edges
    ]
    lines += _dot_isolated(graph)
    return "\n".join(lines + ["}"]) + "\n"


def _dot_isolated(graph: Graph) -> List[str]:
    """Layers without a drawn dependency go to the bottom row, not the top (where entry points
    sit)."""
    if graph.kind != "layers":
        return []
    linked = {name for e in graph.edges for name in (e.source, e.target)}
    isolated = [_q(node.name) for node in graph.nodes if node.name not in linked]
    return [f"    {{ rank=sink; {'; '.join(isolated)}; }}"] if isolated else []


def _dot_nodes(graph: Graph) -> List[str]:
    def node_line(node: GraphNode, indent: str) -> str:
        title, subtitle = node_label(graph, node)
        attributes = [("label", f"{title}\\n{subtitle}" if subtitle else title)]
        if node.in_cycle:
            attributes += [("color", ORANGE), ("fillcolor", "#ffe8d6"), ("penwidth", "3")]
        return f"{indent}{_q(node.name)} [{_dot_attributes(attributes)}];"

    if graph.kind == "layers":
        return [node_line(node, "    ") for node in graph.nodes]
    lines = [node_line(node, "    ") for node in graph.nodes if node.layer is None]
    for layer, members in _by_layer(graph.nodes):
        lines += [
            f"    subgraph {_q('cluster_' + layer)} {{",
            f"        label={_q(layer)};",
            '        style="rounded,dashed"; color="#999999"; fontname="Helvetica";',
        ]
        lines += [node_line(node, "        ") for node in members]
        lines.append("    }")
    return lines


def _dot_edge(edge: GraphEdge) -> List[Tuple[str, str]]:
    if not edge.used:  # faint, and left out of the layout so the real edges decide the ranks
        return [("color", GREY), ("style", "dotted"), ("arrowsize", "0.6"), ("constraint", "false")]
    attributes = [
        ("label", f" {edge_label(edge)} ")
    ]  # padded: labels of opposite edges do not touch
    if edge.rule:
        return attributes + [
            ("color", RED),
            ("fontcolor", RED),
            ("style", "dashed"),
            ("penwidth", "2"),
        ]
    if edge.in_cycle:
        return attributes + [("color", ORANGE), ("fontcolor", ORANGE), ("penwidth", "3")]
    return attributes


def _dot_attributes(attributes: Sequence[Tuple[str, str]]) -> str:
    return ", ".join(
        f"{key}={_q(value, keep_newlines=key == 'label')}" for key, value in attributes
    )


def _q(text: str, keep_newlines: bool = False) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if keep_newlines:
        escaped = escaped.replace("\\\\n", "\\n")
    return f'"{escaped}"'


def _by_layer(nodes: Sequence[GraphNode]) -> List[Tuple[str, List[GraphNode]]]:
    grouped: Dict[str, List[GraphNode]] = {}
    for node in nodes:
        if node.layer is not None:
            grouped.setdefault(node.layer, []).append(node)
    return sorted(grouped.items())


# ----------------------------------------------------------------------------- JSON


def to_json(graph: Graph) -> str:
    document = {
        "kind": graph.kind,
        "nodes": [
            {"name": n.name, "layer": n.layer, "modules": n.modules, "in_cycle": n.in_cycle}
            for n in graph.nodes
        ],
        "edges": [_json_edge(e) for e in graph.edges],
    }
    return json.dumps(document, indent=2) + "\n"


def _json_edge(edge: GraphEdge) -> Dict[str, object]:
    return {
        "source": edge.source,
        "target": edge.target,
        "imports": edge.imports,
        "allowed": edge.allowed,
        "used": edge.used,
        "in_cycle": edge.in_cycle,
        "rule": edge.rule,
        "where": list(edge.where),
    }


RENDERERS: Dict[str, Callable[[Graph], str]] = {
    "mermaid": to_mermaid,
    "dot": to_dot,
    "json": to_json,
}


def render(graph: Graph, form: str) -> Optional[str]:
    renderer = RENDERERS.get(form)
    return renderer(graph) if renderer else None
