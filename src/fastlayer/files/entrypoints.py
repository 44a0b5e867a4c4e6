"""Which application the project runs: the targets its deployment files start.

Read as text, never run: ``[tool.fastapi] entrypoint`` in ``pyproject.toml``; the
``module:attribute`` a ``uvicorn`` / ``gunicorn`` / ``hypercorn`` / ``granian`` command
line names and the file ``fastapi run`` / ``fastapi dev`` serves, in Dockerfiles, compose
files, Procfiles, Makefiles and shell scripts near the project root. When a project
creates several FastAPI apps (a main API and a small model server), the one deployed
is the main one (``model/approot.py``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Tuple

from fastlayer.files.reading import read_inside

_SERVER_NAMES = ("uvicorn", "gunicorn", "hypercorn", "granian")
_SERVERS = re.compile(r"\b(" + "|".join(_SERVER_NAMES) + r")\b")
_TARGET = re.compile(
    r"(?<![\w./:-])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*):([A-Za-z_]\w*)(?:\(\))?(?![\w/])"
)
_FASTAPI_CLI = re.compile(r"\bfastapi\s+(?:run|dev)\s+(?:--?[\w-]+(?:[ =]\S+)?\s+)*([\w./-]+\.py)")
_ENTRYPOINT = re.compile(r"^\s*entrypoint\s*=\s*[\"']([\w.]+):(\w+)[\"']", re.M)
_FILES = re.compile(
    r"(^|\.)(dockerfile|procfile|makefile)$|dockerfile|compose.*\.ya?ml$|\.sh$|^procfile", re.I
)
_SKIPPED_DIRS = frozenset(
    {"node_modules", "tests", "test", "docs", "frontend", "web", "site-packages"}
)
MAX_DEPTH, MAX_BYTES = 3, 1_000_000


@dataclass(frozen=True)
class Target:
    """``module`` (dotted, ``app.main``) or ``file`` (``app/main.py``) a deployment file starts."""

    module: str
    file: str
    where: str  # "deploy/docker-compose.yml:12"


def deployment_targets(root: Path) -> List[Target]:
    """Every target named in the project's deployment files, in a stable order."""
    found: List[Target] = []
    for relative in _candidate_files(root):
        try:
            text = read_inside(root, relative, MAX_BYTES).decode("utf-8", "replace")
        except OSError:
            continue
        found.extend(_targets(text, relative))
    return found


def _targets(text: str, relative: str) -> Iterator[Target]:
    if relative.endswith("pyproject.toml"):
        section = text.split("[tool.fastapi]", 1)
        match = _ENTRYPOINT.search(section[1].split("\n[", 1)[0]) if len(section) == 2 else None
        if match:
            yield Target(match.group(1), "", f"{relative} [tool.fastapi] entrypoint")
        return
    for number, line in _logical_lines(text):
        where = f"{relative}:{number}"
        if _SERVERS.search(line):
            for module, _ in _TARGET.findall(line):
                if module.split(".")[0] not in _SERVER_NAMES:
                    yield Target(module, "", where)
        for file in _FASTAPI_CLI.findall(line):
            yield Target("", file.lstrip("./"), where)


def _logical_lines(text: str) -> Iterator[Tuple[int, str]]:
    """(first line number, line) with backslash continuations joined (``uvicorn \\`` / ``app.main:app``)."""
    start, parts = 0, []
    for number, line in enumerate(text.splitlines(), 1):
        start = start or number
        parts.append(line.rstrip().rstrip("\\"))
        if not line.rstrip().endswith("\\"):
            yield start, " ".join(parts)
            start, parts = 0, []
    if parts:
        yield start, " ".join(parts)


def _candidate_files(root: Path) -> Iterator[str]:
    for directory, subdirectories, files in os.walk(root):
        relative_dir = os.path.relpath(directory, root)
        depth = 0 if relative_dir == "." else relative_dir.count(os.sep) + 1
        subdirectories[:] = sorted(
            d
            for d in subdirectories
            if not d.startswith(".") and d not in _SKIPPED_DIRS and depth < MAX_DEPTH
        )
        for name in sorted(files):
            if name == "pyproject.toml" or _FILES.search(name):
                yield name if relative_dir == "." else f"{relative_dir}/{name}".replace(os.sep, "/")


def matches(target: Target, path: str) -> bool:
    """Does ``target`` start the module at project-relative ``path``?"""
    if target.file:
        return path == target.file or path.endswith("/" + target.file)
    stem = target.module.replace(".", "/")
    return any(
        path == candidate or path.endswith("/" + candidate)
        for candidate in (f"{stem}.py", f"{stem}/__init__.py")
    )


__all__: Tuple[str, ...] = ("Target", "deployment_targets", "matches")
