"""Reporters turn a ``RunResult`` into text. They return strings; only the CLI prints."""

from __future__ import annotations

from typing import Callable, Dict

from fastlayer.reporters.base import ReportContext
from fastlayer.reporters.github import render_github
from fastlayer.reporters.gitlab import render_gitlab
from fastlayer.reporters.json_report import render_json
from fastlayer.reporters.junit import render_junit
from fastlayer.reporters.sarif import render_sarif
from fastlayer.reporters.text import render_text

Renderer = Callable[[ReportContext], str]

REPORTERS: Dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
    "junit": render_junit,
    "gitlab": render_gitlab,
}

__all__ = ["REPORTERS", "ReportContext", "Renderer"]
