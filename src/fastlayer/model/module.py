"""``Module``: one discovered Python file with its dotted name and facts. The leaf every analysis
of the model builds on (it imports nothing else of the model)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from fastlayer.facts.types import FileFacts


@dataclass(frozen=True)
class Module:
    """``path``: project-relative file path (``app/api/users.py``); ``name``: its dotted module name
    under the source root (``app.api.users``), None when the path is no importable name;
    ``facts``: what the libcst pass extracted (``facts.error`` set when it could not)."""

    path: str
    name: Optional[str]
    facts: FileFacts

    @property
    def is_package(self) -> bool:
        return self.path.endswith("__init__.py")
