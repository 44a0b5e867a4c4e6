"""The Starlette version a project pins, read from its lockfiles and requirements (never
installed, never imported): ``uv.lock``, ``poetry.lock``, ``pdm.lock`` (``name = "starlette"``
followed by ``version = "0.47.2"``) and ``requirements*.txt`` (``starlette==0.47.2``). None when
nothing pins it: messages then describe the current Starlette."""

from __future__ import annotations

import posixpath
import re
from typing import Iterable, Optional, Tuple

from fastlayer.files.texts import ProjectTexts

Version = Tuple[int, int]
_LOCKS = ("uv.lock", "poetry.lock", "pdm.lock")
_LOCKED = re.compile(r'name\s*=\s*"starlette"\s*\n\s*version\s*=\s*"(\d+)\.(\d+)', re.IGNORECASE)
_PINNED = re.compile(r"^\s*starlette\s*==\s*(\d+)\.(\d+)", re.IGNORECASE | re.MULTILINE)
_LIMIT = 8 * 1024 * 1024


def starlette_version(texts: ProjectTexts, paths: Iterable[str]) -> Optional[Version]:
    for path in sorted(paths, key=lambda p: (p.count("/"), posixpath.basename(p) not in _LOCKS, p)):
        name = posixpath.basename(path)
        pattern = _LOCKED if name in _LOCKS else _PINNED if _requirements(name) else None
        text = texts.read(path, _LIMIT) if pattern is not None else None
        found = pattern.search(text) if pattern is not None and text else None
        if found:
            return int(found.group(1)), int(found.group(2))
    return None


def _requirements(name: str) -> bool:
    return name.startswith("requirements") and name.endswith((".txt", ".in"))
