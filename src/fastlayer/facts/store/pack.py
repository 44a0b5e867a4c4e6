"""The facts cache's one file: a manifest of the project's files and their encoded facts.

Layout (bytes)::

    fastlayer-facts-pack 1\\n
    <header length> <body length> <crc32 of header and body>\\n
    <header: JSON {"files": [[path, size, mtime_ns, inode, key], ...], "entries": [[key, length], ...]}>
    <body: the entries' JSON texts (``codec.encode_facts``), one after the other>

One read and one checksum on a warm run instead of a file per module; entries are
kept as bytes and decoded only when asked for, and a rewrite copies the entries it
keeps without re-encoding them. Anything that does not check out (magic, lengths,
checksum, header shape) reads as an empty pack: the cache is rebuilt, never trusted.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Tuple

NAME = "pack"
MAGIC = b"fastlayer-facts-pack 1\n"
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
        data = path.read_bytes()
    except OSError:
        return Pack()
    try:
        return _parse(data)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError):
        return Pack()


def _parse(data: bytes) -> Pack:
    if not data.startswith(MAGIC):
        raise ValueError("not a fastlayer facts pack")
    end = data.index(b"\n", len(MAGIC))
    header_length, body_length, checksum = (int(part) for part in data[len(MAGIC) : end].split())
    start = end + 1
    if len(data) != start + header_length + body_length or zlib.crc32(data[start:]) != checksum:
        raise ValueError("truncated or corrupt pack")
    header = json.loads(data[start : start + header_length])
    files = {row[0]: (int(row[1]), int(row[2]), int(row[3]), str(row[4])) for row in header["files"]}
    spans, offset = {}, start + header_length
    for key, length in header["entries"]:
        spans[str(key)] = (offset, offset + int(length))
        offset += int(length)
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
    return MAGIC + f"{len(header)} {len(rest) - len(header)} {zlib.crc32(rest)}\n".encode() + rest
