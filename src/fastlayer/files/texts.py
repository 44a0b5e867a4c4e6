"""``ProjectTexts``: the non-Python files of one run (env files, the architecture document), read
once each, only regular files whose real path is under the project root (``files.reading``: a
symbolic link ``.env -> /proc/self/environ`` is never read, a FIFO never blocks). The engine creates it with the model and reads the files
it knows before the rules run; the model's analyses read the rest (env files named in code)
through it. Rules never read files themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional, Tuple

from fastlayer.files.reading import DEFAULT_LIMIT, FileTooLarge, read_inside


class ProjectTexts:
    """Project-relative POSIX path -> text (undecodable bytes replaced), None when the path is
    no regular file, is larger than the reader's limit, or cannot be read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._texts: Dict[Tuple[str, Optional[int]], Optional[str]] = {}
        self.too_large: List[
            Tuple[str, int]
        ] = []  # (path, limit) skipped for their size: a warning

    def read(self, path: str, max_bytes: Optional[int] = None) -> Optional[str]:
        key = (path, max_bytes)
        if key not in self._texts:
            self._texts[key] = self._load(path, max_bytes)
        return self._texts[key]

    def _load(self, path: str, max_bytes: Optional[int]) -> Optional[str]:
        limit = DEFAULT_LIMIT if max_bytes is None else max_bytes
        try:
            return read_inside(self.root, path, limit).decode("utf-8", errors="replace")
        except FileTooLarge:
            self.too_large.append((path, limit))
        except OSError:
            pass
        return None

    def paths(self) -> List[str]:
        """Every path asked for so far (read or not): what a stored result depends on besides."""
        return sorted({path for path, _ in self._texts})

    def warnings(self) -> List[str]:
        return [
            f"{path}: larger than {limit:,} bytes, not read (its values are unknown to the checks)"
            for path, limit in self.too_large
        ]
