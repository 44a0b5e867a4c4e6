"""Read the Mermaid ``graph`` / ``flowchart`` blocks of a Markdown file: nodes, subgraphs, edges,
lines.

Understood: node ids with labels (``A["Label"]``, ``A[Label]``, ``A(Label)``, ``A((L))``, ``A{L}``,
``A[(L)]``, ``A>L]`` ...), ``:::class`` suffixes, ``subgraph ID["Label"]`` ... ``end``, links
``-->``, ``---``, ``-.->``, ``-.-``, ``==>``, ``===``, ``<-->``, ``--o``, ``--x`` (any length),
chains ``A --> B --> C``, groups ``A & B --> C``, labels ``-- text -->`` / ``-->|text|``, ``;``
separators and ``%%`` comments. Styling statements (``classDef``, ``style``, ``click`` ...) are
skipped.
Line numbers are those of the Markdown file. Pure functions: the caller reads the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Tuple

_FENCE = re.compile(r"^\s*(```+|~~~+)\s*mermaid\s*$")
_HEADER = re.compile(r"^(graph|flowchart)\b\s*(\w*)", re.IGNORECASE)
_SKIP = re.compile(r"^(classDef|class|style|linkStyle|click|direction|accTitle|accDescr)\b")
_SUBGRAPH = re.compile(r"^subgraph\s+(.*)$")
_ID = re.compile(r"\w+(?:-\w+)*")
_SHAPES = (
    ("[[", "]]"),
    ("[(", ")]"),
    ("((", "))"),
    ("([", "])"),
    ("{{", "}}"),
    ("[/", "/]"),
    ("[/", "\\]"),
    ("[\\", "\\]"),
    ("[\\", "/]"),
    ("[", "]"),
    ("(", ")"),
    ("{", "}"),
    (">", "]"),
)
_LABELLED_LINK = re.compile(
    r"(<)?(--|==|-\.)\s+(.+?)\s+(-{2,}>|-{3,}|={2,}>|={3,}|\.-+>|\.-+|-{2,}[ox]|={2,}[ox])"
)
_LINK = re.compile(
    r"(<)?(-{2,}>|={2,}>|-\.+->|-{3,}|={3,}|-\.+-|-{2,}[ox](?![\w])|={2,}[ox](?![\w]))"
)
_PIPE_LABEL = re.compile(r"\|([^|]*)\|")


@dataclass(frozen=True)
class Node:
    """A node or a subgraph. ``parents``: enclosing subgraph ids, outermost first."""

    id: str
    label: str
    line: int
    parents: Tuple[str, ...] = ()
    is_subgraph: bool = False


@dataclass(frozen=True)
class Edge:
    """``source`` depends on ``target`` when ``directed``; ``style``: solid, dotted or thick."""

    source: str
    target: str
    line: int
    label: str = ""
    style: str = "solid"
    directed: bool = True


@dataclass(frozen=True)
class Diagram:
    line: int
    direction: str
    nodes: Tuple[Node, ...]
    edges: Tuple[Edge, ...]
    problems: Tuple[
        Tuple[int, str], ...
    ] = ()  # (line, what could not be read): that statement is skipped

    def node(self, node_id: str) -> Optional[Node]:
        return next((node for node in self.nodes if node.id == node_id), None)


class MermaidError(ValueError):
    """A statement the reader does not understand, with its line in the Markdown file (collected in
    ``Diagram.problems``; the statement is skipped, the rest of the diagram is read)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def diagrams(markdown: str) -> List[Diagram]:
    """Every ```mermaid block whose first statement is ``graph`` or ``flowchart``."""
    found = []
    for start, body in _blocks(markdown.splitlines()):
        diagram = _parse_block(start, body)
        if diagram is not None:
            found.append(diagram)
    return found


def _blocks(lines: List[str]) -> Iterator[Tuple[int, List[Tuple[int, str]]]]:
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        index += 1
        if not opening:
            continue
        start, body = index, []
        while index < len(lines) and not lines[index].strip().startswith(opening.group(1)):
            body.append((index + 1, lines[index]))
            index += 1
        index += 1
        yield start, body


def _parse_block(start: int, body: List[Tuple[int, str]]) -> Optional[Diagram]:
    statements = _without_frontmatter(list(_statements(body)))
    if not statements or not _HEADER.match(statements[0][1]):
        return None
    header = _HEADER.match(statements[0][1])
    assert header is not None
    builder = _Builder()
    for line, text in statements[1:]:
        builder.statement(line, text)
    direction = (header.group(2) or "TD").upper()
    return Diagram(
        start,
        direction,
        tuple(builder.nodes.values()),
        tuple(builder.edges),
        tuple(builder.problems),
    )


def _without_frontmatter(statements: List[Tuple[int, str]]) -> List[Tuple[int, str]]:
    """Drop a ``---`` / ``title: ...`` / ``---`` block before the diagram type."""
    if not statements or statements[0][1] != "---":
        return statements
    closing = next((i for i, (_, text) in enumerate(statements[1:], 1) if text == "---"), None)
    return statements[closing + 1 :] if closing is not None else statements


def _statements(body: List[Tuple[int, str]]) -> Iterator[Tuple[int, str]]:
    for line, raw in body:
        text = raw.split("%%", 1)[0] if not raw.strip().startswith("%%") else ""
        for part in _split_semicolons(text):
            if part.strip():
                yield line, part.strip()


def _split_semicolons(text: str) -> List[str]:
    parts, current, quoted = [], "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    return parts + [current]


class _Builder:
    def __init__(self) -> None:
        self.nodes: Dict[str, Node] = {}
        self.edges: List[Edge] = []
        self.stack: List[str] = []
        self.problems: List[Tuple[int, str]] = []

    def statement(self, line: int, text: str) -> None:
        try:
            self._statement(line, text)
        except MermaidError as exc:
            self.problems.append((exc.line, exc.message))

    def _statement(self, line: int, text: str) -> None:
        if _SKIP.match(text):
            return
        if text == "end":
            if self.stack:
                self.stack.pop()
            return
        subgraph = _SUBGRAPH.match(text)
        if subgraph:
            self._open_subgraph(line, subgraph.group(1).strip())
            return
        self._chain(line, text)

    def _open_subgraph(self, line: int, text: str) -> None:
        ident = _ID.match(text)
        rest = text[ident.end() :].strip() if ident else ""
        shape = _shape(rest, 0) if rest else None
        if ident and (shape is not None or not rest):
            node_id, label = ident.group(0), shape[0] if shape else ident.group(0)
        else:
            node_id = label = _unquote(text)
        self._define(Node(node_id, label, line, tuple(self.stack), True), explicit=True)
        self.stack.append(node_id)

    def _chain(self, line: int, text: str) -> None:
        position, previous = 0, None
        link: Optional[Tuple[str, str, bool, bool]] = None
        while True:
            group, position = self._group(line, text, position)
            if previous is not None and link is not None:
                self._link(line, previous, group, link)
            previous = group
            position = _skip_space(text, position)
            if position >= len(text):
                return
            link, position = _read_link(line, text, position)

    def _group(self, line: int, text: str, position: int) -> Tuple[List[str], int]:
        ids = []
        while True:
            position = _skip_space(text, position)
            node_id, position = self._node(line, text, position)
            ids.append(node_id)
            after = _skip_space(text, position)
            if not text.startswith("&", after):
                return ids, position
            position = after + 1

    def _node(self, line: int, text: str, position: int) -> Tuple[str, int]:
        ident = _ID.match(text, position)
        if not ident:
            raise MermaidError(line, f"expected a node id at {text[position:]!r}")
        position = ident.end()
        shape = _shape(text, position)
        label = ident.group(0)
        if shape is not None:
            label, position = shape
        class_suffix = re.compile(r":::[\w-]+").match(text, position)
        if class_suffix:
            position = class_suffix.end()
        self._define(
            Node(ident.group(0), label, line, tuple(self.stack)), explicit=shape is not None
        )
        return ident.group(0), position

    def _define(self, node: Node, explicit: bool) -> None:
        known = self.nodes.get(node.id)
        if known is None:
            self.nodes[node.id] = node
        elif explicit and (known.label == known.id or node.is_subgraph):
            self.nodes[node.id] = Node(
                node.id,
                node.label,
                known.line,
                known.parents,
                known.is_subgraph or node.is_subgraph,
            )

    def _link(
        self, line: int, sources: List[str], targets: List[str], link: Tuple[str, str, bool, bool]
    ) -> None:
        label, style, directed, both = link
        for source in sources:
            for target in targets:
                self.edges.append(Edge(source, target, line, label, style, directed))
                if both:
                    self.edges.append(Edge(target, source, line, label, style, directed))


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _shape(text: str, position: int) -> Optional[Tuple[str, int]]:
    """(label, end position) of a node shape starting at ``position``, or None."""
    for opening, closing in _SHAPES:
        if not text.startswith(opening, position):
            continue
        inner = position + len(opening)
        if text.startswith('"', inner):
            close_quote = text.find('"', inner + 1)
            if close_quote >= 0 and text.startswith(closing, close_quote + 1):
                return _clean_label(text[inner + 1 : close_quote]), close_quote + 1 + len(closing)
        end = text.find(closing, inner)
        if end >= 0:
            return _clean_label(text[inner:end]), end + len(closing)
    return None


def _clean_label(text: str) -> str:
    text = re.sub(r"<br\s*/?>", " ", text.strip().strip('"').strip("`"))
    return " ".join(text.split())


def _unquote(text: str) -> str:
    return _clean_label(text)


def _read_link(line: int, text: str, position: int) -> Tuple[Tuple[str, str, bool, bool], int]:
    """((label, style, directed, both ways), position after the link and its |label|)."""
    labelled = _LABELLED_LINK.match(text, position)
    plain = _LINK.match(text, position)
    match = labelled or plain
    if match is None:
        raise MermaidError(line, f"expected a link (-->, ---, -.->, ==>) at {text[position:]!r}")
    arrow = match.group(4) if labelled else match.group(2)
    opener = match.group(2) if labelled else arrow
    label = _clean_label(match.group(3)) if labelled else ""
    position = _skip_space(text, match.end())
    pipe = _PIPE_LABEL.match(text, position)
    if pipe:
        label, position = _clean_label(pipe.group(1)), pipe.end()
    style = "thick" if "=" in opener else "dotted" if "." in opener + arrow else "solid"
    directed = arrow[-1] in ">ox"
    return (label, style, directed, bool(match.group(1)) and directed), position
