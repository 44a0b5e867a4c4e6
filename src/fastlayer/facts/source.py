"""Bytes -> text, the way Python itself decodes a source file (BOM, coding cookie)."""

from __future__ import annotations

import io
import tokenize
from typing import Union

from fastlayer.facts.model import ParseError


def decode_source(data: bytes) -> Union[str, ParseError]:
    """The decoded text, or a ``decode`` ParseError naming what is wrong."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return ParseError("decode", "source contains a NUL byte", line, 1)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        if "invalid or missing encoding declaration" not in str(exc):
            return ParseError("decode", str(exc), 1, 1)
        encoding = "utf-8"  # decode again below to name the byte at fault
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        return ParseError("decode", f"not valid {encoding.upper()}: {exc.reason} (byte 0x{data[exc.start]:02x})", line, column)
    except LookupError:
        return ParseError("decode", f"unknown encoding {encoding!r}", 1, 1)
