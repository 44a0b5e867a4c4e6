"""Reading a file the checked project names (an env file, the diagram doc, a baseline, the cache), safely.

The checked repository is not trusted: a symbolic link ``.env -> /proc/self/environ`` or
``docs/arch.md -> ~/.aws/credentials`` must never be read, and a FIFO or ``/dev/zero`` in
place of a file must neither block the run nor exhaust memory. So:

- ``inside`` resolves a project-relative path (all symbolic links followed) and refuses
  one whose real path leaves the project root;
- ``read_regular`` opens without blocking, reads only a regular file, at most ``limit``
  bytes (``FileTooLarge`` beyond);
- ``read_inside`` is both. Every refusal is an ``UnsafeFile`` (an ``OSError``) whose
  message says why in a few words, so ``except OSError`` callers stay correct.
"""

from __future__ import annotations

import os
import stat

# no ``pathlib`` or ``typing`` at import: the no-change shortcut (``engine/shortcut.py``) reads
# its record with ``read_regular`` before anything else is imported
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Union

DEFAULT_LIMIT = 50_000_000


class UnsafeFile(OSError):
    """A file fastlayer will not read; ``str()`` is the reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.strerror = reason


class FileTooLarge(UnsafeFile):
    """A regular file over the size limit of its kind."""


def inside(root: Path, relative: Union[str, Path]) -> Path:
    """The real path of ``root / relative``; UnsafeFile when it lies outside the real ``root``."""
    real_root = os.path.realpath(root)
    target = os.path.realpath(os.path.join(real_root, relative))
    if os.path.commonpath([target, real_root]) != real_root:
        raise UnsafeFile("its real path is outside the project root")
    from pathlib import Path

    return Path(target)


def read_regular(path: Union[str, Path], limit: int = DEFAULT_LIMIT) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; UnsafeFile for anything else."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile("not a regular file")
        if info.st_size > limit:
            raise FileTooLarge(f"larger than {limit:,} bytes")
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(f"larger than {limit:,} bytes")
    return data


def read_inside(root: Path, relative: Union[str, Path], limit: int = DEFAULT_LIMIT) -> bytes:
    """``read_regular`` of a project file whose real path stays under ``root``."""
    return read_regular(inside(root, relative), limit)


def is_regular_inside(root: Path, relative: Union[str, Path]) -> bool:
    """Whether ``relative`` names a regular file whose real path stays under ``root``."""
    try:
        return inside(root, relative).is_file()
    except OSError:
        return False
