"""What every reporter receives, and the summary they all share."""

from __future__ import annotations

import dataclasses
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Mapping, Optional, Sequence

from fastlayer.diagnostics import Diagnostic
from fastlayer.engine.result import RunResult

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def escape_text(text: str) -> str:
    """``text`` with nothing a terminal or a parser could take for more than text: control
    characters (a newline or an escape sequence in a file name forges report lines or recolours
    the terminal) as ``\\n``, ``\\x1b``; the bytes of a non-UTF-8 file name (lone surrogates,
    which no encoder accepts) as ``\\xff``."""
    return _UNPRINTABLE.sub(_escaped, text) if _UNPRINTABLE.search(text) else text


def _escaped(match: "re.Match[str]") -> str:
    char = match.group(0)
    if "\udc80" <= char <= "\udcff":  # a byte of a non-UTF-8 name (surrogateescape)
        return f"\\x{ord(char) - 0xDC00:02x}"
    if "\ud800" <= char <= "\udfff":
        return f"\\u{ord(char):04x}"
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\x{ord(char):02x}")


def escaped(context: ReportContext) -> ReportContext:
    """``context`` with every diagnostic's path, message and hint passed through ``escape_text``:
    what each reporter receives, so no format can be broken by a file name."""
    result = context.result
    diagnostics = tuple(_escape_diagnostic(d) for d in result.diagnostics)
    return dataclasses.replace(context, result=dataclasses.replace(result, diagnostics=diagnostics))


def _escape_diagnostic(diagnostic: Diagnostic) -> Diagnostic:
    texts = (diagnostic.path, diagnostic.message, diagnostic.hint or "", diagnostic.subject)
    if not any(_UNPRINTABLE.search(text) for text in texts):
        return diagnostic
    return dataclasses.replace(
        diagnostic,
        path=escape_text(diagnostic.path),
        message=escape_text(diagnostic.message),
        hint=escape_text(diagnostic.hint) if diagnostic.hint is not None else None,
        subject=escape_text(diagnostic.subject),
    )


@dataclass(frozen=True)
class ReportContext:
    result: RunResult
    color: bool = False
    quiet: bool = False
    project_root: Optional[Path] = None  # SARIF originalUriBaseIds
    path_prefix: str = (
        ""  # the project root seen from the CI checkout ("backend/"), for github/gitlab paths
    )
    # text paths relative to it (clickable where fastlayer ran); None: project-relative
    cwd: Optional[Path] = None
    summary: bool = True  # the text report's last line (off for an editor's buffer under --quiet)
    # --show-source: project-relative path -> its lines, for the offending line under each finding
    sources: Optional[Mapping[str, Sequence[str]]] = None

    def shown_path(self, path: str) -> str:
        """``path`` (project-relative) as seen from ``cwd``: ``app/x.py`` from ``backend/``, ``../app/`` below."""
        if self.cwd is None or self.project_root is None:
            return path
        shown = Path(os.path.relpath(self.project_root / path, self.cwd)).as_posix()
        return shown + "/" if path.endswith("/") and not shown.endswith("/") else shown


def summary(result: RunResult) -> Dict[str, object]:
    severities = Counter(d.severity.value for d in result.diagnostics)
    codes = Counter(d.code for d in result.diagnostics)
    return {
        "files": result.files,
        "findings": len(result.diagnostics),
        "by_severity": {name: severities.get(name, 0) for name in ("error", "warning", "info")},
        "by_code": dict(sorted(codes.items())),
    }


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
