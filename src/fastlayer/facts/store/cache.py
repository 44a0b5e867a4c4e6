"""The facts cache: ``FileFacts`` by content hash, under ``.fastlayer_cache/`` at the project root.

An entry's key is a hash of the file's bytes; the entries live in one pack file,
``facts-<salt>/pack``, where the salt covers everything else that can change
facts: the fastlayer version, the facts schema (``codec.schema_digest``), the
source of the extractor itself and the Python minor version (syntax error
messages come from the host compiler). No configuration key changes facts
today; a key that does must join ``salt()``. A new salt retires the other
``facts-*`` directories.

The pack (see ``facts/pack.py``) also holds a manifest: path -> (size, mtime_ns,
inode, key) of each file as last read. A file whose ``stat`` still matches is
not read or hashed again (as ruff and git do). The known trade-off: an edit that
keeps the size, the inode and the modification time to the nanosecond goes
unseen until the file changes again (``--no-cache`` or ``fastlayer clean``
recover). A file modified within ``RACY_NS`` of the moment it was recorded
(same clock tick as the write: git's "racily clean" case) is always re-hashed.

Only per-file facts are stored, never findings. The pack is written whole to a
temporary file that is renamed into place, so concurrent runs never see half a
pack (the last writer wins; the loser's new entries are re-extracted next time);
a corrupt or foreign pack (checksum, magic, salt) is ignored and rewritten; a
cache that cannot be written yields one warning in ``FactsCache.warnings`` and
the run goes on.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

from fastlayer import __version__
from fastlayer.facts.store import pack
from fastlayer.facts.store.codec import CodecError, decode_facts, encode_facts, schema_digest
from fastlayer.facts.store.stamps import RACY_NS
from fastlayer.facts.types import FileFacts
from fastlayer.files.atomic import write_atomic
from fastlayer.files.reading import read_regular

GITIGNORE = "# written by fastlayer: never commit the cache\n*\n"
CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# fastlayer facts cache (https://bford.info/cachedir/)\n"


def salt() -> str:
    """Everything besides the file's bytes that its facts depend on."""
    digest = hashlib.blake2b(digest_size=8)
    for part in (__version__, schema_digest(), f"{sys.version_info[0]}.{sys.version_info[1]}"):
        digest.update(part.encode() + b"\0")
    for source in extractor_sources():
        digest.update(source.read_bytes())
    return digest.hexdigest()


def extractor_sources() -> List[Path]:
    """The source of the whole ``facts`` package (the extractor and this store), and libcst's
    version file (its trees are what the extractor reads; found without importing libcst)."""
    spec = importlib.util.find_spec("libcst")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    versions = [Path(folder) / "_version.py" for folder in folders]
    return sorted(Path(__file__).parents[1].rglob("*.py")) + [v for v in versions if v.is_file()]


class FactsCache:
    """Load and store facts by content. Never raises for I/O; collects warnings instead."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.directory = root / f"facts-{salt()}"
        self.warnings: List[str] = []
        self._writable: Optional[bool] = None
        self._pack: Optional[pack.Pack] = None
        self._manifest: Dict[str, pack.Stamp] = {}  # this run's files
        self._new: Dict[str, bytes] = {}  # entries added this run
        self._dirty = False

    @staticmethod
    def key(data: bytes) -> str:
        return hashlib.blake2b(data, digest_size=16).hexdigest()

    @property
    def packed(self) -> pack.Pack:
        if self._pack is None:
            self._pack = pack.read(self.directory / pack.NAME)
        return self._pack

    def known_key(self, path: str, stat: os.stat_result) -> Optional[str]:
        """The key recorded for ``path`` when its size, inode and mtime are unchanged (else None)."""
        stamp = self.packed.files.get(path)
        if stamp is None or stamp[:3] != (stat.st_size, stat.st_mtime_ns, stat.st_ino):
            return None
        self._manifest[path] = stamp
        return stamp[3]

    def keep(self, path: str) -> None:
        """``path`` was read from elsewhere this run (an editor buffer): keep what the pack knows of the file."""
        stamp = self.packed.files.get(path)
        if stamp is not None:
            self._manifest[path] = stamp

    def record(self, path: str, stat: os.stat_result, key: str) -> None:
        """``path`` (as ``stat`` describes it) had content ``key``; racy stamps are recorded unusable."""
        racy = time.time_ns() - stat.st_mtime_ns < RACY_NS
        stamp: pack.Stamp = (-1 if racy else stat.st_size, stat.st_mtime_ns, stat.st_ino, key)
        if self.packed.files.get(path) != stamp:
            self._dirty = True
        self._manifest[path] = stamp

    def load(self, key: str, path: str) -> Optional[FileFacts]:
        """The facts stored for ``key`` (at ``path``); None when absent or undecodable (re-extracted)."""
        text = self._new.get(key) or self.packed.entry(key)
        if text is None:
            return None
        try:
            return decode_facts(text, path)
        except (CodecError, UnicodeDecodeError, TypeError, KeyError, IndexError, OverflowError):
            return None  # ValueError is a CodecError's base: every malformed entry is rebuilt

    def store(self, key: str, facts: FileFacts) -> None:
        if facts.error is None or facts.error.kind != "read":
            self.store_encoded(key, encode_facts(facts))

    def store_encoded(self, key: str, entry: bytes) -> None:
        self._new[key] = entry
        self._dirty = True

    def flush(self) -> None:
        """Write the pack (once, when anything changed): this run's manifest and the entries it names."""
        if not self._dirty or not self.prepare():
            return
        keys = {stamp[3] for stamp in self._manifest.values()} | set(self._new)
        entries = {key: self._new.get(key) or self.packed.entry(key) for key in sorted(keys)}
        try:
            write_atomic(
                self.directory / pack.NAME,
                pack.build(self._manifest, {k: v for k, v in entries.items() if v}),
            )
        except OSError as exc:
            self._disable(exc)
        self._dirty = False

    def prepare(self) -> bool:
        """Create the cache directory (once); False when it cannot be written."""
        if self._writable is None:
            try:
                self._create()
                self._writable = True
            except OSError as exc:
                self._disable(exc)
        return bool(self._writable)

    def _create(self) -> None:
        if not is_own_or_new(self.root):
            raise OSError(
                f"{self.root} already exists and is not a fastlayer cache (no CACHEDIR.TAG); "
                "set cache-dir to a new directory"
            )
        if self.directory.is_symlink():  # planted: writing through it would reach outside the cache
            self.directory.unlink()
        fresh = not self.directory.is_dir()
        self.root.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)):
            if not (self.root / name).is_file():
                write_atomic(self.root / name, text.encode())
        self.directory.mkdir(exist_ok=True)
        if fresh:
            self._retire_others()
        _remove_stale_temporaries(self.directory)

    def _retire_others(self) -> None:
        for other in self.root.glob("facts-*"):
            if other != self.directory and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)

    def _disable(self, exc: OSError) -> None:
        self._writable = False
        if not self.warnings:
            reason = exc.strerror or str(exc)
            self.warnings.append(
                f"cannot write the facts cache in {self.root}: {reason}; continuing without it"
            )


STALE_SECONDS = 3600  # a temporary file this old is a killed run's, not a concurrent writer's


def _remove_stale_temporaries(directory: Path) -> None:
    """``.tmp-*`` files of runs killed while writing the pack (each as large as the pack)."""
    cutoff = time.time() - STALE_SECONDS
    for temporary in directory.glob(".tmp-*"):
        try:
            if not temporary.is_symlink() and temporary.stat().st_mtime < cutoff:
                temporary.unlink()
        except OSError:
            pass


def is_own_or_new(root: Path) -> bool:
    """May fastlayer write in ``root``? Only when it does not exist yet or is a real directory
    carrying our tag: a ``cache-dir`` naming a user's directory (even an empty one, which the
    user may fill later) must never get our files, our ``*`` .gitignore, or be cleaned away."""
    if not os.path.lexists(root):
        return True
    return owns(root)


def owns(root: Path) -> bool:
    """Is ``root`` a fastlayer cache (a real directory with our CACHEDIR.TAG, never a symbolic link)?"""
    return not root.is_symlink() and root.is_dir() and _has_own_tag(root)


def _has_own_tag(root: Path) -> bool:
    try:
        return read_regular(root / "CACHEDIR.TAG", 4096).decode("utf-8", "replace") == CACHEDIR_TAG
    except OSError:
        return False


def clean(root: Path) -> bool:
    """Delete the cache directory; False when there was none. Raises OSError when it cannot."""
    if not root.exists():
        return False
    if not owns(root):
        raise OSError(
            f"{root} does not look like a fastlayer cache (no fastlayer CACHEDIR.TAG); not deleting it"
        )
    shutil.rmtree(root)
    return True
