"""What a run is asked (``RunRequest``) and what it produces (``RunResult``): plain frozen data,
so reporters and the CLI read results without importing the engine that computes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional, Tuple

from fastlayer.config.loader import Config
from fastlayer.diagnostics import Diagnostic
from fastlayer.filters import baseline as baselines


@dataclass(frozen=True)
class RunRequest:
    config: Config
    paths: Tuple[str, ...] = ()
    select: Optional[Tuple[str, ...]] = None
    ignore: Tuple[str, ...] = ()
    stdin: Optional[Tuple[str, bytes]] = None
    baseline: Optional[baselines.Baseline] = None
    cache: bool = True  # the facts cache (``--no-cache`` turns it off)
    jobs: Optional[int] = None  # worker processes for extraction (None: automatic)


@dataclass(frozen=True)
class InternalError:
    code: str
    path: str
    message: str


@dataclass(frozen=True)
class Diagnosis:
    """The rules over one model: what they found (suppressions applied), which ran, what failed."""

    diagnostics: Tuple[Diagnostic, ...]
    rules: Tuple[str, ...]
    internal_errors: Tuple[InternalError, ...] = ()
    blocked: Optional[str] = None  # why some selected rules could not run (no app root)
    # each rule's own findings before suppressions (rules that failed left out): what a later
    # check of the same project in memory may take over (``engine/reuse.py``)
    found: Mapping[str, Tuple[Diagnostic, ...]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class RunResult:
    diagnostics: Tuple[Diagnostic, ...]
    files: int
    lines: int
    app_root: Optional[str]
    source_root: str
    rules: Tuple[str, ...]
    internal_errors: Tuple[InternalError, ...] = ()
    baseline: Optional[BaselineOutcome] = None
    warnings: Tuple[str, ...] = ()  # for the CLI to print (e.g. an unwritable cache)
    blocked: Optional[str] = None  # why selected rules could not run (no app root): exit 2
    app_choice: str = ""  # which FastAPI() is the main application and why (``--verbose``)
    # every file and directory whose stamp (size, mtime, inode) decides that this result still
    # holds: set when it was stored or replayed (``engine/replay.py``), for ``engine/shortcut.py``
    inputs: Tuple[str, ...] = ()


@dataclass(frozen=True)
class BaselineOutcome:
    """With ``--baseline``: the file, how many reported findings it hid, the entries no longer
    found."""

    source: str
    known: int
    fixed: Tuple[baselines.Entry, ...]
