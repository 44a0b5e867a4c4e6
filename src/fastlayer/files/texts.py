"""``ProjectTexts``: the non-Python files of one run (env files, the architecture document), read
once each, only under the project root. The engine creates it with the model and reads the files
it knows before the rules run; the model's analyses read the rest (env files named in code)
through it. Rules never read files themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Optional, Tuple


class ProjectTexts:
    """Project-relative POSIX path -> text (undecodable bytes replaced), None when the path is
    no regular file, is larger than the reader's limit, or cannot be read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._texts: Dict[Tuple[str, Optional[int]], Optional[str]] = {}

    def read(self, path: str, max_bytes: Optional[int] = None) -> Optional[str]:
        key = (path, max_bytes)
        if key not in self._texts:
            self._texts[key] = self._load(path, max_bytes)
        return self._texts[key]

    def _load(self, path: str, max_bytes: Optional[int]) -> Optional[str]:
        target = self.root / path
        try:
            if not target.is_file() or (max_bytes is not None and target.stat().st_size > max_bytes):
                return None
            return target.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
