"""A file's stamp (size, mtime_ns, inode): what the facts cache, the stored result and the
no-change shortcut compare instead of reading the file, and when a stamp is too fresh to trust.

Light on purpose: the shortcut (``engine/shortcut.py``) imports it before anything else."""

from __future__ import annotations

import os
import time

TYPE_CHECKING = False  # not ``typing``'s: importing typing costs the shortcut more than it does
if TYPE_CHECKING:
    from typing import Iterable, Optional, Tuple, Union

    Stamp = Tuple[int, int, int]
RACY_NS = 2_000_000_000  # a file this close to the recording time may change again unseen


def stamp(path: Union[str, "os.PathLike[str]"]) -> Optional[Stamp]:
    """The stamp of ``path`` (None: it does not exist or cannot be seen)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def racy(stamps: Iterable[Optional[Stamp]]) -> bool:
    """Whether any stamp was taken within ``RACY_NS`` of its file's change (git's "racily
    clean"): the file could change again within the same clock tick, unseen."""
    now = time.time_ns()
    return any(found is not None and now - found[1] < RACY_NS for found in stamps)
