"""FL120-FL122: the architecture diagram of the documentation, held against the configuration
and the code.

They run when ``[tool.fastlayer.graph] doc`` names a Markdown file (or under ``fastlayer graph
--check DOC``) and report at lines of that file. The engine reads the document with the model
(``ProjectModel.texts``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional, Tuple

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.rules.base import Example, Rule, register, snippet

if TYPE_CHECKING:
    from fastlayer.graph.check import DocumentedLayers
    from fastlayer.graph.layers import GraphEdge
    from fastlayer.model.project import ProjectModel

_OPTIONS = (
    (
        "graph.doc",
        "the Markdown file whose Mermaid `graph`/`flowchart` blocks are checked (unset: the rule "
        "does nothing)",
    ),
    (
        "graph.names",
        'diagram node id or label -> layer, where they differ (`{ "Business Services" = "services" '
        "}`)",
    ),
)
_APP = {
    "app/__init__.py": "",
    "app/core/__init__.py": "",
    "app/services/__init__.py": "",
    "app/main.py": snippet(
        """
        from fastapi import FastAPI

        from app.services import users

        app = FastAPI()
        """
    ),
    "app/services/users.py": "from app.core import errors\n",
    "app/core/errors.py": snippet(
        """
        class NotFound(Exception):
            pass
        """
    ),
}
_CONFIG = snippet(
    """
    [tool.fastlayer.graph]
    doc = "docs/architecture.md"
    """
)


def _doc(*edges: str) -> str:
    body = "".join(f"    {edge}\n" for edge in edges)
    return f"# Architecture\n\n```mermaid\ngraph TD\n    Main[main.py]\n{body}```\n"


def _read(project: ProjectModel) -> Optional[Tuple[str, Optional[DocumentedLayers]]]:
    """(doc path, its layer edges), None when no doc is configured; edges None when the file is
    missing."""
    doc = project.config.graph.doc
    if doc is None:
        return None
    from fastlayer.graph.check import (  # only with a diagram: ~7 ms of imports
        DocumentedLayers,
        documented_layers,
    )
    from fastlayer.graph.mermaid import diagrams

    text = project.texts.read(doc)
    if text is None:
        return doc, None
    found = diagrams(text)
    names = project.config.graph.name_table()
    layers = [layer.name for layer in project.config.preset.layers]
    documented = documented_layers(found, layers, names)
    if not found:
        documented = DocumentedLayers(
            (), (), ((1, "no ```mermaid block starting with `graph` or `flowchart`"),)
        )
    return doc, documented


@register
class ForbiddenDiagramEdgeRule(Rule):
    """## What it does
    Reads the Mermaid `graph`/`flowchart` diagrams of the architecture document named by
    `[tool.fastlayer.graph] doc` (or `fastlayer graph --check DOC`) and reports every arrow
    between two layers that the configuration forbids (`may-import`), at its line in the document.
    A node names a layer by its id or label (case-insensitive) or through `graph.names`; nodes
    inside a subgraph that names a layer belong to that layer.

    ## Why is this bad?
    The diagram is what people read; the configuration is what the linter enforces. When the
    diagram draws `Core --> Services` and the configuration forbids it, one of the two is wrong,
    and whoever follows the diagram writes code that CI then rejects.

    ## Example
    ```mermaid
    graph TD
        Services --> Core
        Core --> Services
    ```

    ## Use instead
    Draw only the dependencies the configuration allows (or allow the edge in
    `[tool.fastlayer.layers.core] may-import` if the architecture really changed):
    ```mermaid
    graph TD
        Services --> Core
    ```
    """

    code = "FL120"
    name = "diagram-forbidden-edge"
    severity = Severity.WARNING
    summary = "Documented diagram draws a layer dependency the configuration forbids"
    options = _OPTIONS
    valid = (
        Example(
            {**_APP, "docs/architecture.md": _doc("Main --> Services", "Services --> Core")},
            _CONFIG,
        ),
    )
    invalid = (
        Example(
            {
                **_APP,
                "docs/architecture.md": _doc(
                    "Main --> Services", "Services --> Core", "Core --> Services"
                ),
            },
            _CONFIG,
            expect=(("docs/architecture.md", 8),),
        ),
        Example(
            {**_APP, "docs/architecture.md": _doc("Main --> BS", "BS --> Core")},
            _CONFIG
            + 'names = { "BS" = "services" }\n'
            + snippet(
                """
                [tool.fastlayer.layers.services]
                may-import = []
                """
            ),
            expect=(("docs/architecture.md", 7),),
            title="a node mapped through graph.names",
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        doc, documented = _read(project) or ("", None)
        if documented is None:
            return
        from fastlayer.graph import source as graph_source
        from fastlayer.graph.check import forbidden

        allowed = graph_source.allowed(project.config.preset)
        for edge in forbidden(documented, allowed):
            may = (
                ", ".join(sorted(allowed.get(edge.source, frozenset()) - {edge.source}))
                or "no other layer"
            )
            yield self.diagnostic(
                doc,
                edge.line,
                1,
                f"diagram draws {edge.source} --> {edge.target} ({edge.source_node} --> "
                f"{edge.target_node}), "
                f"which the configuration forbids ({edge.source} may import: {may})",
                hint=f"remove the arrow, or add {edge.target!r} to "
                f"[tool.fastlayer.layers.{edge.source}] may-import",
                subject=f"{edge.source}->{edge.target}",
            )


@register
class UndocumentedDependencyRule(Rule):
    """## What it does
    Reports every dependency between two layers that the code has and the architecture diagram
    (`[tool.fastlayer.graph] doc`, or `fastlayer graph --check DOC`) does not draw. Only layers
    that appear in the diagram are compared; the finding sits at the line where the importing
    layer first appears in the document, and names the first import behind the dependency.

    ## Why is this bad?
    A diagram that leaves out real dependencies tells readers the layers are more independent
    than they are. Keeping it complete in CI is the only way it stays true.

    ## Example
    The code has `app/services/users.py: from app.core import errors`, the diagram:
    ```mermaid
    graph TD
        Main --> Services
        Core
    ```

    ## Use instead
    ```mermaid
    graph TD
        Main --> Services
        Services --> Core
    ```
    """

    code = "FL121"
    name = "undocumented-dependency"
    severity = Severity.WARNING
    summary = "Layer dependency in the code that the documented diagram does not show"
    options = _OPTIONS
    valid = (
        Example(
            {**_APP, "docs/architecture.md": _doc("Main --> Services", "Services --> Core")},
            _CONFIG,
        ),
    )
    invalid = (
        Example(
            {**_APP, "docs/architecture.md": _doc("Main --> Services", "Core")},
            _CONFIG,
            expect=(("docs/architecture.md", 6),),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        doc, documented = _read(project) or ("", None)
        if documented is None or project.app_root is None:
            return
        from fastlayer.graph import source as graph_source
        from fastlayer.graph.check import undocumented
        from fastlayer.graph.layers import layer_graph

        allowed = graph_source.allowed(project.config.preset)
        graph = layer_graph(
            graph_source.dependencies(project), allowed, graph_source.modules(project)
        )
        for edge in undocumented(documented, graph):
            yield self._finding(doc, documented.line_of(edge.source) or 1, edge)

    def _finding(self, doc: str, line: int, edge: GraphEdge) -> Diagnostic:
        count = f"{edge.imports} import{'s' if edge.imports != 1 else ''}"
        hint = f"draw {edge.source} --> {edge.target} in the diagram, or remove the dependency"
        if edge.rule:
            hint = (
                f"the dependency is against the configured direction too ({edge.rule}): "
                "fix the code, not the diagram"
            )
        return self.diagnostic(
            doc,
            line,
            1,
            f"the code has {edge.source} --> {edge.target} ({count}, first at {edge.where[0]}) but "
            "the diagram does not show it",
            hint=hint,
            subject=f"{edge.source}->{edge.target}",
            related=tuple(w.rsplit(":", 1)[0] for w in edge.where[:1]),
        )


@register
class UnreadableDiagramRule(Rule):
    """## What it does
    Reports a configured architecture document (`[tool.fastlayer.graph] doc`) that is missing,
    holds no Mermaid `graph`/`flowchart` block, or has a statement in such a block that fastlayer
    cannot read (the statement is skipped; the rest of the diagram is still checked).

    ## Why is this bad?
    FL120 and FL121 can only hold the diagram against the code when they can read it; an edge
    fastlayer cannot read is an edge nobody checks.

    ## Example
    ````markdown
    ```mermaid
    graph TD
        Main --> Services --> ??
    ```
    ````

    ## Use instead
    ````markdown
    ```mermaid
    graph TD
        Main --> Services
    ```
    ````
    """

    code = "FL122"
    name = "unreadable-diagram"
    severity = Severity.WARNING
    summary = "Documented architecture diagram missing or not readable"
    options = _OPTIONS
    valid = (Example({**_APP, "docs/architecture.md": _doc("Main --> Services")}, _CONFIG),)
    invalid = (
        Example(
            {**_APP, "docs/architecture.md": _doc("Main --> Services --> ??")},
            _CONFIG,
            expect=(("docs/architecture.md", 6),),
        ),
        Example(
            {
                **_APP,
                "docs/architecture.md": snippet(
                    """
                    # Architecture

                    No diagram yet.
                    """
                ),
            },
            _CONFIG,
            expect=(("docs/architecture.md", 1),),
            title="no diagram",
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        read = _read(project)
        if read is None:
            return
        doc, documented = read
        if documented is None:
            yield self.diagnostic(
                doc,
                1,
                1,
                f"architecture document {doc} not found",
                hint="fix [tool.fastlayer.graph] doc",
            )
            return
        for line, problem in documented.problems:
            yield self.diagnostic(
                doc,
                line,
                1,
                f"cannot read this diagram statement: {problem}",
                hint="the statement is skipped",
            )
