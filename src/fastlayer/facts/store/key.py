"""The secret that authenticates the facts cache: random, one per user and machine, never in a project.

The cache lives in the checked project, so a repository could ship one (committed, or planted by
a pull request) whose entries say a module is empty and so make findings disappear. Checksums do
not help: anyone can compute them. The pack is therefore signed with HMAC-SHA256 under this key,
kept in the user's cache directory (``$XDG_CACHE_HOME/fastlayer/cache-key``, else
``~/.cache/fastlayer/cache-key``, mode 0600): a pack written by another user or machine (or by
anyone without the key) does not verify and is rebuilt, never trusted. Where no key can be kept
(no home directory, read-only home), each run gets a fresh key: the cache is never reused, which
is slow but correct. The stored results of ``check`` (``engine/replay.py``, ``engine/shortcut.py``)
are signed with it the same way (``signed``, ``verified``).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os

from fastlayer.files.reading import read_regular

# The no-change shortcut (``engine/shortcut.py``) reads the key before anything else is imported:
# no ``typing``, ``pathlib``, ``secrets`` or ``tempfile`` unless a key must be made.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

KEY_BYTES = 32


def key_path() -> Optional[str]:
    """Where the key is kept; None when there is no absolute user cache directory."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "fastlayer", "cache-key") if os.path.isabs(base) else None


@functools.lru_cache(maxsize=None)
def machine_key() -> bytes:
    """The stored key, created on first use; a run-only key when none can be stored."""
    path = key_path()
    if path is None:
        return _random()
    return _read(path) or _create(path) or _read(path) or _random()


def sign(data: bytes) -> bytes:
    """The signature of ``data`` under this user's key (HMAC-SHA256, hex)."""
    return hmac.new(machine_key(), data, hashlib.sha256).hexdigest().encode()


def signed(text: bytes) -> bytes:
    """``text`` behind a first line holding its signature (what ``verified`` reads back)."""
    return sign(text) + b"\n" + text


def verified(data: bytes) -> Optional[bytes]:
    """The text of ``data`` written by ``signed``; None unless this user's key signed it."""
    signature, _, text = data.partition(b"\n")
    return text if hmac.compare_digest(signature, sign(text)) else None


def _random() -> bytes:
    import secrets

    return secrets.token_bytes(KEY_BYTES)


def _read(path: str) -> Optional[bytes]:
    try:
        data = read_regular(path, 4096)
    except OSError:
        return None
    return data if len(data) >= KEY_BYTES else None


def _create(path: str) -> Optional[bytes]:
    """Write a new key beside ``path`` and link it into place: the first of two concurrent runs wins."""
    import tempfile

    key = _random()
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".cache-key-")
        try:
            os.write(handle, key)
            os.close(handle)
            os.link(temporary, path)
        finally:
            os.unlink(temporary)
    except OSError:
        return None
    return key
