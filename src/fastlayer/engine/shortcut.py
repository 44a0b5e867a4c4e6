"""The no-change shortcut of ``fastlayer check``: the output of the last run of the same command
line, replayed before click, the configuration, the facts or any rule is imported. Never prints.

A run whose result was stored or replayed (``engine/replay.py``) knows every file and directory
its result depends on (``RunResult.inputs``: the project's files, directories and dotfiles, the
extra files its analyses read, the configuration and preset files, fastlayer's own source). The
CLI records what the run printed and its exit code under a key of the command line, the working
directory, the environment, the interpreter and fastlayer's location, with the stamp (size,
mtime_ns, inode) of each input (the project's directories too: a file added or removed changes
its directory's stamp) and of the configuration candidates in the working directory and every
directory above it (a ``pyproject.toml`` created or edited above would move the project root;
of ``.git`` only whether it exists). The next run with the same key replays it only when every stamp still matches:
a changed, added or removed file changes a stamp (of the file, or of its directory). A stamp
taken within two seconds of the change it records is not trusted (``RACY_NS``): such a run is
not recorded. Records are signed with the facts cache's per-user key and kept in the user's
cache directory (the project root is not known before the configuration is located); they are
``marshal`` data (no import, unlike ``json``), read only once the signature verified: a record
not written by this user's fastlayer is never decoded.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys

import fastlayer
from fastlayer.facts.store.key import key_path, signed, verified
from fastlayer.facts.store.stamps import racy, stamp
from fastlayer.files.reading import read_regular

TYPE_CHECKING = False  # not ``typing``'s, nor dataclasses: the shortcut imports as little as it can
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Sequence, Tuple

    from fastlayer.facts.store.stamps import Stamp

MAX_BYTES = 64 * 1024 * 1024
CANDIDATES = ("fastlayer.toml", "pyproject.toml", ".git")  # what locating the project looks for
VOLATILE = ("_", "OLDPWD")  # environment variables a shell changes between two identical runs
# options with an effect besides the output (a file written, a loop, stdin read, no cache)
DENIED = {"--output-file", "--write-baseline", "--watch", "--stdin-filename", "--no-cache"}
DENIED |= {"--baseline", "--show-files", "--help", "-", "--"}


class Replay:
    """What the recorded run wrote, chunk by chunk (1: stdout, 2: stderr), and its exit code."""

    __slots__ = ("chunks", "code")

    def __init__(self, chunks: Tuple[Tuple[int, bytes], ...], code: int) -> None:
        self.chunks = chunks
        self.code = code


_noted: Optional[Tuple[str, ...]] = None  # the inputs of this process's ``check`` (``note``)


def note(inputs: Sequence[str]) -> None:
    """``check`` ran to its report: ``inputs`` decide whether its output may be replayed (none:
    it may not)."""
    global _noted
    _noted = tuple(inputs) or None


def noted() -> Optional[Tuple[str, ...]]:
    return _noted


def eligible(argv: Sequence[str]) -> bool:
    """A ``check`` whose only effect is its output (``argv`` without the program name)."""
    if not argv or argv[0] != "check":
        return False
    for arg in argv[1:]:
        if arg.split("=", 1)[0] in DENIED:
            return False
        if arg.startswith("-") and not arg.startswith("--") and ("o" in arg or "h" in arg):
            return False  # -o FILE, -h, or a cluster holding them
    return True


def lookup(argv: Sequence[str]) -> Optional[Replay]:
    """The recorded output of ``argv`` when nothing it depends on changed since."""
    path = _record_path(argv)
    record = None if path is None else _load(path)
    if record is None or record.get("key") != _key(argv):
        return None
    try:
        stamps: List[Tuple[str, Optional[Stamp]]] = record["stamps"]
        if any(_observed(path) != kept for path, kept in stamps):
            return None
        return Replay(tuple(record["out"]), int(record["code"]))
    except (KeyError, TypeError, ValueError):
        return None


def record(argv: Sequence[str], replay: Replay, inputs: Sequence[str]) -> None:
    """Keep what ``argv`` printed for the next identical run (not when a stamp is too fresh)."""
    paths = list(dict.fromkeys(list(inputs) + _surroundings()))
    stamps = [(path, _observed(path)) for path in paths]
    if racy(found for _, found in stamps):
        return
    body = {"key": _key(argv), "stamps": stamps, "out": replay.chunks, "code": replay.code}
    text = marshal.dumps(body)
    target = _record_path(argv)
    if target is None:
        return
    from pathlib import Path  # only when recording

    from fastlayer.files.atomic import write_atomic  # it imports tempfile

    try:
        os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
        write_atomic(Path(target), signed(text))
    except OSError:
        pass  # no shortcut next time, nothing worse


def _key(argv: Sequence[str]) -> str:
    """The digest of what the output depends on besides the stamped files (not of ``marshal``
    data: its bytes depend on which equal objects are shared, not only on their values)."""
    environment = sorted(f"{k}={v}" for k, v in os.environ.items() if k not in VOLATILE)
    parts = [
        fastlayer.__version__,
        sys.version,  # the interpreter behind the same path may change (facts depend on it)
        sys.executable,
        os.path.dirname(os.path.abspath(fastlayer.__file__)),
        os.getcwd(),
        f"{_isatty(1)} {_isatty(2)}",
        *argv,
        "",
        *environment,
    ]
    shown = "\0".join(parts).encode("utf-8", "surrogateescape")
    return hashlib.blake2b(shown, digest_size=16).hexdigest()


def _isatty(descriptor: int) -> bool:
    try:
        return os.isatty(descriptor)
    except OSError:
        return False


def _record_path(argv: Sequence[str]) -> Optional[str]:
    """Beside the key, in the user's cache directory (None: there is none)."""
    base = key_path()
    return None if base is None else os.path.join(os.path.dirname(base), "replay", _key(argv))


def _surroundings() -> List[str]:
    """In the working directory and each directory above it, the files locating the project
    looks for (absent ones too: their appearance must be seen)."""
    found: List[str] = []
    directory = os.getcwd()
    while True:
        found += [os.path.join(directory, name) for name in CANDIDATES]
        parent = os.path.dirname(directory)
        if parent == directory:
            return found
        directory = parent


def _observed(path: str) -> Optional[Stamp]:
    """The stamp of ``path``; of a ``.git`` only whether it is there (git changes it all the time)."""
    if os.path.basename(path) == ".git":
        return (0, 0, 0) if os.path.exists(path) else None
    return stamp(path)


def _load(path: str) -> Optional[Dict[str, Any]]:
    try:
        data = read_regular(path, MAX_BYTES)
    except OSError:
        return None
    text = verified(data)
    if text is None:
        return None
    try:
        loaded = marshal.loads(text)  # signed by this user's key: written by this fastlayer
    except (EOFError, ValueError, TypeError):
        return None
    return loaded if isinstance(loaded, dict) else None
