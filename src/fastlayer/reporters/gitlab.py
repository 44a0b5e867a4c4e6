"""GitLab Code Quality JSON (``artifacts: reports: codequality``), with stable fingerprints.

The fingerprint is the SHA-256 of the baseline fingerprint (path, code, subject,
occurrence), so a finding keeps it while code moves within its file.
"""

from __future__ import annotations

import json
from typing import Dict, List

from fastlayer.diagnostics import Severity
from fastlayer.filters.baseline import fingerprints
from fastlayer.reporters.base import ReportContext

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render_gitlab(context: ReportContext) -> str:
    issues: List[Dict[str, object]] = [
        {
            "description": f"{d.code} {d.message}",
            "check_name": d.code,
            "fingerprint": entry.fingerprint(),
            "severity": SEVERITIES[d.severity],
            "location": {"path": context.path_prefix + d.path, "lines": {"begin": d.line}},
        }
        for d, entry in fingerprints(context.result.diagnostics)
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
