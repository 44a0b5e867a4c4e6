"""``[tool.fastlayer.graph]``: which diagram ``check`` holds against the code, and how its names map to layers.

```toml
[tool.fastlayer.graph]
doc = "docs/architecture.md"                      # FL120/FL121 run in `fastlayer check` when set
names = { "Business Services" = "services" }      # diagram node id or label -> layer (case-insensitive)
```
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, List, Optional, Tuple

from fastlayer.files.reading import is_regular_inside

if TYPE_CHECKING:
    from fastlayer.config.loader import Config


@dataclass(frozen=True)
class GraphSettings:
    doc: Optional[str] = None
    names: Tuple[Tuple[str, str], ...] = ()

    def name_table(self) -> Dict[str, str]:
        """Diagram name (casefolded) -> layer."""
        return {key.casefold(): layer for key, layer in self.names}


def graph_settings(config: Config) -> GraphSettings:
    raw = config.raw.get("graph")
    if not isinstance(raw, dict):
        return GraphSettings()
    names = raw.get("names", {})
    doc = raw.get("doc")
    return GraphSettings(
        doc if isinstance(doc, str) else None,
        tuple(sorted((str(k), str(v)) for k, v in names.items())) if isinstance(names, dict) else (),
    )


def with_doc(config: Config, doc: str) -> Config:
    """``config`` with ``graph.doc`` replaced (``fastlayer graph --check DOC``)."""
    graph = dict(config.raw.get("graph") or {})
    graph["doc"] = doc
    return config.replace(raw={**config.raw, "graph": graph})


def graph_problems(config: Config) -> List[str]:
    """Semantic problems: a mapping to a layer the configuration does not have."""
    layers = sorted(layer.name for layer in config.preset.layers)
    settings = graph_settings(config)
    problems = [
        f"graph.names.{key!r}: unknown layer {layer!r} (layers: {', '.join(layers)})"
        for key, layer in settings.names
        if layer not in layers
    ]
    if settings.doc is not None and not (config.project_root / settings.doc).exists():
        problems.append(f"graph.doc: file {settings.doc!r} not found under {config.project_root}")
    elif settings.doc is not None and not is_regular_inside(config.project_root, settings.doc):
        problems.append(
            f"graph.doc: {settings.doc!r} is not a regular file whose real path is under {config.project_root}"
        )
    return problems
