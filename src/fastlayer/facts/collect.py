"""Read every file once and extract its facts. The cache and process pool plug in here."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterable, Mapping

from fastlayer.facts.extract import extract_facts
from fastlayer.facts.model import FileFacts, ParseError


def read_file(root: Path, path: str) -> bytes | ParseError:
    try:
        return (root / path).read_bytes()
    except IsADirectoryError:
        return ParseError("read", "is a directory, not a file")
    except FileNotFoundError:
        return ParseError("read", "file disappeared while fastlayer was running")
    except OSError as exc:
        return ParseError("read", exc.strerror or str(exc))


def collect_facts(root: Path, paths: Iterable[str], overrides: Mapping[str, bytes]) -> Dict[str, FileFacts]:
    """Facts for every path; ``overrides`` replaces a file's content (editor buffers)."""
    result: Dict[str, FileFacts] = {}
    for path in paths:
        data = overrides[path] if path in overrides else read_file(root, path)
        result[path] = FileFacts(path, error=data) if isinstance(data, ParseError) else extract_facts(path, data)
    return result
