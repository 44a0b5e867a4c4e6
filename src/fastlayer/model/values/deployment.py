"""Environment variables the project's deployment files set: what overrides a settings default
in production even though no env file the code loads does.

Read (as text, never run): Docker Compose files (``environment:`` entries ``KEY: value`` or
``- KEY=value``), ``ENV KEY=value`` lines of Dockerfiles, ``fly.toml`` ``[env]`` and
``render.yaml``/``app.json`` entries. A key listed there is set by whoever deploys, so a
default in code is not what production runs with.
"""

from __future__ import annotations

import posixpath
import re
from typing import FrozenSet, Iterable, Optional

from fastlayer.files.texts import ProjectTexts

_FILES = re.compile(
    r"^((docker-)?compose[\w.-]*\.ya?ml|[\w.-]*\.compose\.ya?ml"
    r"|Dockerfile[\w.-]*|[\w.-]*\.Dockerfile"
    r"|fly\.toml|render\.ya?ml|app\.json)$"
)
_KEY = re.compile(r"""^\s*(?:-\s*)?(?:ENV\s+)?["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*[:=]""")
_ENV_SPACE = re.compile(r"^\s*ENV\s+([A-Za-z_][A-Za-z0-9_]*)\s+\S")
_LIMIT = 512 * 1024


def deployment_files(paths: Iterable[str]) -> list[str]:
    return sorted(path for path in paths if _FILES.match(posixpath.basename(path)))


def deployment_keys(texts: ProjectTexts, paths: Iterable[str]) -> FrozenSet[str]:
    """Upper-cased names of the variables the deployment files set."""
    keys = set()
    for path in deployment_files(paths):
        text: Optional[str] = texts.read(path, _LIMIT)
        for line in (text or "").splitlines():
            found = _KEY.match(line) or _ENV_SPACE.match(line)
            if found and found.group(1).isupper():
                keys.add(found.group(1).upper())
    return frozenset(keys)
