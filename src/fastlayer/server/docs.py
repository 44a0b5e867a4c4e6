"""Where a rule's page is: the ``ruleDocsUrl`` the editor passed, else ``docs/rules/`` of a source
checkout, else the pages rendered once into the temp directory (never into the user's project)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Optional

import fastlayer
from fastlayer.rules import all_rules
from fastlayer.tools.docs import pages, write


class RuleDocs:
    def __init__(self, base_url: Optional[str] = None) -> None:
        self.base_url = base_url.rstrip("/") if base_url else None
        self._directory: Optional[Path] = None

    def uri(self, code: str) -> Optional[str]:
        """The page of rule ``code`` (None for an unknown code)."""
        if all_rules().get(code) is None:
            return None
        if self.base_url:
            return f"{self.base_url}/{code}.md"
        return (self._pages() / f"{code}.md").as_uri()

    def _pages(self) -> Path:
        if self._directory is None:
            checkout = Path(fastlayer.__file__).resolve().parents[2] / "docs" / "rules"
            self._directory = checkout if (checkout / "index.md").is_file() else _rendered()
        return self._directory


def _rendered() -> Path:
    directory = Path(tempfile.gettempdir()) / f"fastlayer-{fastlayer.__version__}-rules"
    write(directory, pages())
    return directory
