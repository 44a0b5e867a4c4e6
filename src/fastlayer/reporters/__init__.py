"""Reporters turn a ``RunResult`` into text. They return strings; only the CLI prints."""

from __future__ import annotations

from typing import Callable, Dict

from fastlayer.reporters.base import ReportContext
from fastlayer.reporters.json_report import render_json
from fastlayer.reporters.text import render_text

Renderer = Callable[[ReportContext], str]

REPORTERS: Dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
}

__all__ = ["REPORTERS", "ReportContext", "Renderer"]
