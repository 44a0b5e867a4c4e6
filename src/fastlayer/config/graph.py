"""``[tool.fastlayer.graph]``: which diagram ``check`` holds against the code, and how its names
map to layers.

```toml
[tool.fastlayer.graph]
doc = "docs/architecture.md"                      # FL120/FL121 run in `fastlayer check` when set
# diagram node id or label -> layer (case-insensitive)
names = { "Business Services" = "services" }
```
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from fastlayer.config.keys import GRAPH, defaults

_DEFAULT = defaults(GRAPH)


@dataclass(frozen=True)
class GraphSettings:
    doc: Optional[str] = _DEFAULT["doc"]
    names: Tuple[Tuple[str, str], ...] = _DEFAULT["names"]

    def name_table(self) -> Dict[str, str]:
        """Diagram name (casefolded) -> layer."""
        return {key.casefold(): layer for key, layer in self.names}
