"""The result of the last run, replayed when nothing it depends on changed: no model, no rules.

A stored result is keyed by fastlayer's version and source files, the
configuration, the run's arguments and the stamp (size, mtime, inode) of every file the project
holds (discovered Python and other files, the root's dotfiles such as ``.env*`` and
``.gitignore``); the files the rules' analyses read besides (env files named in code, the
architecture document) are stamped after the run and checked before a replay. A file changed
within the last two seconds makes the run unstorable (its mtime could change again unseen).
The stored file is signed with the facts cache's per-user key, like the pack: a result planted
in a checkout is never replayed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

from fastlayer import __version__
from fastlayer.config.loader import Config
from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.engine.result import BaselineOutcome, RunRequest, RunResult
from fastlayer.facts.store.cache import FactsCache, salt
from fastlayer.facts.store.key import signed, verified
from fastlayer.facts.store.stamps import racy, stamp
from fastlayer.files.atomic import write_atomic
from fastlayer.files.discovery import Discovered
from fastlayer.files.reading import read_regular
from fastlayer.filters import baseline as baselines

MAX_BYTES = 64 * 1024 * 1024


def replayable(request: RunRequest) -> bool:
    """Runs whose result depends only on the files and the arguments (not stdin); a baseline is
    one more input (its entries are in the key, its file is stamped)."""
    return request.cache and request.stdin is None and not request.config.alone


class StoredResult:
    def __init__(self, request: RunRequest, found: Discovered) -> None:
        config = request.config
        self.root = config.project_root
        self.path = (
            FactsCache(self.root / config.cache_dir).directory
            / f"result-{_arguments(request)}.json"
        )
        self.inputs: List[str] = []  # every file and directory the key stamps
        self.key = _key(request, found, self.root, self.inputs)

    def load(self) -> Optional[RunResult]:
        """The stored result when its key and the stamps of the extra files it read still match."""
        try:
            data = read_regular(self.path, MAX_BYTES)
        except OSError:
            return None
        stored = _verified(data)
        if stored is None or stored.get("key") != self.key:
            return None
        extra: Dict[str, List[int]] = stored.get("extra", {})
        if any(list(stamp(self.root / path) or ()) != kept for path, kept in extra.items()):
            return None
        result = _decode(stored["result"])
        return None if result is None else self._settled(result, extra)

    def save(self, result: RunResult, extra: Iterable[str]) -> RunResult:
        """Store ``result`` (not when it holds internal errors, or a file changed too recently);
        the result, with its ``inputs`` when it was stored."""
        stamps = {path: stamp(self.root / path) for path in sorted(set(extra))}
        if result.internal_errors or result.blocked or self.key is None or racy(stamps.values()):
            return result
        body = {
            "key": self.key,
            "extra": {p: list(s) for p, s in stamps.items() if s},
            "result": _encode(result),
        }
        text = json.dumps(body, sort_keys=True).encode("utf-8")
        try:
            if not self.path.parent.is_dir():
                return result
            write_atomic(self.path, signed(text))
        except OSError:
            return result  # a cache that cannot be written only costs the next run its shortcut
        return self._settled(result, stamps)

    def _settled(self, result: RunResult, extra: Iterable[str]) -> RunResult:
        """``result`` with every file and directory whose stamp decides that it still holds (the
        project root too: a file added there is a new file of the project)."""
        paths = [str(self.root)] + self.inputs + [str(self.root / path) for path in extra]
        return dataclasses.replace(result, inputs=tuple(dict.fromkeys(paths)))


def _arguments(request: RunRequest) -> str:
    """One stored result per set of arguments (a run with other paths or rules keeps its own)."""
    shown = repr((request.paths, request.select, request.ignore, request.jobs is None))
    return hashlib.blake2b(shown.encode(), digest_size=8).hexdigest()


def _key(request: RunRequest, found: Discovered, root: Path, inputs: List[str]) -> Optional[str]:
    """The digest of everything the result depends on; None when a file is too fresh to trust.
    ``inputs`` receives the files and directories stamped (fastlayer's own, the configuration
    and preset files, the project's)."""
    digest = hashlib.blake2b(digest_size=16)
    inputs.extend(_configuration(request.config))
    for part in (
        __version__,
        _code(inputs),
        salt(),
        repr(request.config),
        repr(request.paths),
        repr(request.select),
    ):
        digest.update(part.encode() + b"\0")
    digest.update(repr(request.ignore).encode() + b"\0" + _config_bytes(request.config) + b"\0")
    digest.update(_baseline(request, inputs).encode() + b"\0")
    stamps = []
    for path in _project_files(found, root):
        found_stamp = stamp(root / path)
        stamps.append(found_stamp)
        digest.update(f"{path}\0{found_stamp}\0".encode("utf-8", "surrogateescape"))
        inputs.append(str(root / path))
    return None if racy(stamps) else digest.hexdigest()


def _baseline(request: RunRequest, inputs: List[str]) -> str:
    """The baseline's file and entries (its file joins ``inputs``: an edit is seen unloaded)."""
    if request.baseline is None:
        return ""
    source = request.config.project_root / request.baseline.source
    inputs.append(str(source))
    return f"{request.baseline.source}\0{sorted(request.baseline.entries)!r}"


def _code(inputs: List[str]) -> str:
    """fastlayer's own files (stamps): a rule changed in a checkout must not replay the old result."""
    stamps = []
    for directory, subdirectories, names in os.walk(Path(__file__).resolve().parents[1]):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        for name in sorted(n for n in names if n.endswith((".py", ".toml"))):
            stamps.append(f"{directory}/{name}\0{stamp(Path(directory, name))}")
            inputs.append(f"{directory}/{name}")
    return hashlib.blake2b("\n".join(stamps).encode(), digest_size=16).hexdigest()


def _configuration(config: Config) -> List[str]:
    """The configuration file and the preset's directory with its files (``repr(config)`` in the
    key holds what they said; a replay that skips loading them must see them unchanged)."""
    found = [str(config.config_file)] if config.config_file is not None else []
    source = Path(config.preset.source) if config.preset.source else None
    if source is not None and source.parent.is_dir():
        found.append(str(source.parent))
        found += sorted(str(path) for path in source.parent.glob("*.toml"))
    return found


def _project_files(found: Discovered, root: Path) -> List[str]:
    dotfiles = [
        entry.name for entry in _entries(root) if entry.name.startswith(".") and entry.is_file()
    ]
    return sorted(set(found.python_files) | set(found.other_files) | set(dotfiles)) + sorted(
        found.directories
    )


def _entries(root: Path) -> List[os.DirEntry[str]]:
    try:
        with os.scandir(root) as entries:
            return list(entries)
    except OSError:
        return []


def _config_bytes(config: Config) -> bytes:
    try:
        return config.config_file.read_bytes() if config.config_file is not None else b""
    except OSError:
        return b"?"


def _verified(data: bytes) -> Optional[Dict[str, Any]]:
    text = verified(data)
    if text is None:
        return None
    try:
        stored = json.loads(text)
    except ValueError:
        return None
    return stored if isinstance(stored, dict) else None


def _encode(result: RunResult) -> Dict[str, Any]:
    fields = dataclasses.asdict(result)
    del fields["inputs"]  # the stamps of this run's inputs decide the next replay, not these
    fields["diagnostics"] = [
        {**dataclasses.asdict(d), "severity": d.severity.value} for d in result.diagnostics
    ]
    return fields


def _decode(fields: Dict[str, Any]) -> Optional[RunResult]:
    try:
        diagnostics = tuple(
            Diagnostic(**{**d, "severity": Severity(d["severity"]), "related": tuple(d["related"])})
            for d in fields["diagnostics"]
        )
        plain = {
            k: v
            for k, v in fields.items()
            if k not in ("diagnostics", "internal_errors", "baseline")
        }
        plain["rules"], plain["warnings"] = tuple(plain["rules"]), tuple(plain["warnings"])
        return RunResult(diagnostics, **plain, baseline=_outcome(fields.get("baseline")))
    except (KeyError, TypeError, ValueError):
        return None


def _outcome(fields: Optional[Dict[str, Any]]) -> Optional[BaselineOutcome]:
    if fields is None:
        return None
    fixed = tuple(baselines.Entry(**entry) for entry in fields["fixed"])
    return BaselineOutcome(fields["source"], fields["known"], fixed)
