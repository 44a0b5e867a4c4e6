"""What every reporter receives, and the summary they all share."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional

from fastlayer.engine.result import RunResult


@dataclass(frozen=True)
class ReportContext:
    result: RunResult
    color: bool = False
    quiet: bool = False
    project_root: Optional[Path] = None  # SARIF originalUriBaseIds
    path_prefix: str = ""  # the project root seen from the CI checkout ("backend/"), for github/gitlab paths
    cwd: Optional[Path] = (
        None  # text paths relative to it (clickable where fastlayer ran); None: project-relative
    )

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
