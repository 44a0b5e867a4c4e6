"""The facts cache: ``FileFacts`` by content hash, under ``.fastlayer_cache/`` at the project root.

An entry's name is a hash of the file's bytes salted with everything that can
change its facts: the fastlayer version, the facts schema (``codec.schema_digest``),
the source of the extractor itself and the Python minor version (syntax error
messages come from the host compiler). No configuration key changes facts
today; a key that does must join ``salt()``. Entries live in ``facts-<salt>/``;
a new salt retires the other ``facts-*`` directories.

Only per-file facts are stored, never findings. Writes go to a temporary file
that is renamed into place, so concurrent runs never see half an entry; a
corrupt or foreign entry is ignored (and overwritten); a cache that cannot be
written yields one warning in ``FactsCache.warnings`` and the run goes on.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import List, Optional

from fastlayer import __version__
from fastlayer.facts.codec import CodecError, decode_facts, encode_facts, schema_digest
from fastlayer.facts.model import FileFacts

GITIGNORE = "# written by fastlayer: never commit the cache\n*\n"
CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# fastlayer facts cache (https://bford.info/cachedir/)\n"


def salt() -> str:
    """Everything besides the file's bytes that its facts depend on."""
    digest = hashlib.blake2b(digest_size=8)
    for part in (__version__, schema_digest(), f"{sys.version_info[0]}.{sys.version_info[1]}"):
        digest.update(part.encode() + b"\0")
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def cache_root(project_root: Path, cache_dir: str) -> Path:
    return project_root / cache_dir


class FactsCache:
    """Load and store facts by content. Never raises for I/O; collects warnings instead."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.directory = root / f"facts-{salt()}"
        self.warnings: List[str] = []
        self._writable: Optional[bool] = None

    @staticmethod
    def key(data: bytes) -> str:
        return hashlib.blake2b(data, digest_size=16).hexdigest()

    def load(self, key: str, path: str) -> Optional[FileFacts]:
        try:
            text = (self.directory / f"{key}.json").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        try:
            return decode_facts(text, path)
        except CodecError:
            return None

    def store(self, key: str, facts: FileFacts) -> None:
        if (facts.error is not None and facts.error.kind == "read") or not self.prepare():
            return
        try:
            _write_atomic(self.directory / f"{key}.json", encode_facts(facts))
        except OSError as exc:
            self._disable(exc)

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
        fresh = not self.directory.is_dir()
        self.root.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)):
            if not (self.root / name).is_file():
                _write_atomic(self.root / name, text)
        self.directory.mkdir(exist_ok=True)
        if fresh:
            self._retire_others()

    def _retire_others(self) -> None:
        for other in self.root.glob("facts-*"):
            if other != self.directory and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)

    def _disable(self, exc: OSError) -> None:
        self._writable = False
        if not self.warnings:
            reason = exc.strerror or str(exc)
            self.warnings.append(f"cannot write the facts cache in {self.root}: {reason}; continuing without it")


def _write_atomic(target: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``target``, then rename it over ``target``."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        _unlink_quietly(temporary)
        raise


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def clean(root: Path) -> bool:
    """Delete the cache directory; False when there was none. Raises OSError when it cannot."""
    if not root.exists():
        return False
    if not (root / "CACHEDIR.TAG").is_file() and not any(root.glob("facts-*")):
        raise OSError(f"{root} does not look like a fastlayer cache; not deleting it")
    shutil.rmtree(root)
    return True
