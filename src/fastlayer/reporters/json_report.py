"""``{"version", "diagnostics": [...], "summary": {...}}``, documented in the README."""

from __future__ import annotations

import json

from fastlayer import __version__
from fastlayer.reporters.base import ReportContext, summary


def render_json(context: ReportContext) -> str:
    document = {
        "version": __version__,
        "diagnostics": [d.to_json() for d in context.result.diagnostics],
        "summary": summary(context.result),
    }
    return json.dumps(document, indent=2, sort_keys=False) + "\n"
