"""Bytes -> text, the way Python itself decodes a source file (BOM, coding cookie).

Every way this fails is a ``decode`` ParseError (FL002) naming the line and the
problem: a NUL byte, bytes invalid in the declared encoding, an unknown encoding,
an encoding that cannot hold Python source (UTF-16, EBCDIC), or a UTF-8
byte-order mark contradicted by a coding cookie.
"""

from __future__ import annotations

import codecs
import io
import tokenize
from typing import Union

from fastlayer.facts.types import ParseError


def decode_source(data: bytes) -> Union[str, ParseError]:
    """The decoded text, or a ``decode`` ParseError naming what is wrong."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return ParseError("decode", "source contains a NUL byte", line, 1)
    encoding = _encoding(data)
    if isinstance(encoding, ParseError):
        return encoding
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        return ParseError(
            "decode",
            f"not valid {encoding.upper()}: {exc.reason} (byte 0x{data[exc.start]:02x})",
            line,
            column,
        )
    except LookupError:
        return ParseError("decode", f"unknown encoding {encoding!r}", 1, 1)


def _encoding(data: bytes) -> Union[str, ParseError]:
    """The encoding Python would use: BOM, else the coding cookie, else UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        return _cookie_problem(str(exc), data)
    except LookupError as exc:  # a cookie naming a codec that is not a text encoding (rot13)
        return ParseError("decode", f"coding cookie: {exc}", _cookie_line(data), 1)
    if not _ascii_compatible(encoding):
        return ParseError(
            "decode",
            f"coding cookie declares {encoding!r}, which cannot encode Python source "
            "(not ASCII-compatible); save the file as UTF-8",
            _cookie_line(data),
            1,
        )
    return encoding


def _cookie_problem(message: str, data: bytes) -> Union[str, ParseError]:
    if "invalid or missing encoding declaration" in message:
        return "utf-8"  # decoded again by the caller, to name the byte at fault
    if message.startswith("encoding problem"):
        message = "the file starts with a UTF-8 byte-order mark but its coding cookie declares another encoding"
    elif message.startswith("unknown encoding"):
        message = f"coding cookie names an unknown encoding: {message.rsplit(':', 1)[-1].strip()!r}"
    return ParseError("decode", message, _cookie_line(data), 1)


def _cookie_line(data: bytes) -> int:
    """The line (1 or 2) that holds the coding cookie, 1 when there is none."""
    first, _, rest = data.partition(b"\n")
    second = rest.partition(b"\n")[0]
    return 2 if b"coding" not in first and b"coding" in second else 1


def _ascii_compatible(encoding: str) -> bool:
    if encoding in ("utf-8", "utf-8-sig"):
        return True
    try:
        return "#x = 1\n".encode(codecs.lookup(encoding).name) == b"#x = 1\n"
    except (LookupError, UnicodeError):
        return False
