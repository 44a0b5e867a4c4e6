"""The facts cache's one file: a manifest of the project's files and their encoded facts.

Layout (bytes)::

    fastlayer-facts-pack 2\\n
    <header length> <body length> <HMAC-SHA256 of header and body under the machine key>\\n
    <header: JSON {"files": [[path, size, mtime_ns, inode, key], ...], "entries": [[key, length], ...]}>
    <body: the entries' JSON texts (``codec.encode_facts``), one after the other>

One read and one checksum on a warm run instead of a file per module; entries are
kept as bytes and decoded only when asked for, and a rewrite copies the entries it
keeps without re-encoding them. Anything that does not check out (magic, lengths,
signature, header shape and types, a size over ``MAX_BYTES``, not a regular file) reads as an
empty pack: the cache is rebuilt, never trusted. The signature (``store/key.py``) means only
this user on this machine can write a pack that is read: a cache that comes with a checkout
is ignored.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Tuple

from fastlayer.facts.store.key import sign
from fastlayer.files.reading import read_regular

NAME = "pack"
MAGIC = b"fastlayer-facts-pack 2\n"
MAX_BYTES = 2_000_000_000
Stamp = Tuple[int, int, int, str]  # size (-1: do not trust), mtime_ns, inode, key


@dataclass
class Pack:
    files: Dict[str, Stamp] = field(default_factory=dict)
    spans: Dict[str, Tuple[int, int]] = field(default_factory=dict)
    data: bytes = b""

    def entry(self, key: str) -> Optional[bytes]:
        span = self.spans.get(key)
        return None if span is None else self.data[span[0] : span[1]]


def read(path: Path) -> Pack:
    """The pack at ``path``; an empty one when it is missing, unreadable, corrupt or foreign."""
    try:
        data = read_regular(path, MAX_BYTES)
    except OSError:
        return Pack()
    try:
        return _parse(data)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError, OverflowError):
        return Pack()


def _parse(data: bytes) -> Pack:
    if not data.startswith(MAGIC):
        raise ValueError("not a fastlayer facts pack")
    end = data.index(b"\n", len(MAGIC))
    lengths, signature = data[len(MAGIC) : end].rsplit(b" ", 1)
    header_length, body_length = (int(part) for part in lengths.split())
    start = end + 1
    if len(data) != start + header_length + body_length:
        raise ValueError("truncated pack")
    if not hmac.compare_digest(signature, sign(data[start:])):
        raise ValueError("not signed with this machine's key")
    header = json.loads(data[start : start + header_length])
    files = {_str(row[0]): _stamp(row) for row in header["files"]}
    spans, offset = {}, start + header_length
    for key, length in header["entries"]:
        spans[_str(key)] = (offset, offset + _int(length))
        offset += _int(length)
    if offset != len(data):
        raise ValueError("entry lengths do not add up")
    return Pack(files, spans, data)


def build(files: Mapping[str, Stamp], entries: Mapping[str, bytes]) -> bytes:
    """The bytes of a pack holding ``files`` and ``entries`` (key -> encoded facts)."""
    header = json.dumps(
        {
            "files": [[path, *stamp] for path, stamp in sorted(files.items())],
            "entries": [[key, len(entry)] for key, entry in entries.items()],
        },
        separators=(",", ":"),
    ).encode("utf-8")
    parts: List[bytes] = [header, *entries.values()]
    rest = b"".join(parts)
    return MAGIC + f"{len(header)} {len(rest) - len(header)} ".encode() + sign(rest) + b"\n" + rest


def _stamp(row: List[object]) -> Stamp:
    return (_int(row[1]), _int(row[2]), _int(row[3]), _str(row[4]))


def _int(value: object) -> int:
    if type(value) is not int:
        raise TypeError("expected an integer")
    return value


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value
