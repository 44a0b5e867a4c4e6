"""Reporters turn a ``RunResult`` into text. They return strings; only the CLI prints."""

from __future__ import annotations

from typing import Callable, Dict

from fastlayer.reporters.base import ReportContext, escaped
from fastlayer.reporters.github import render_github
from fastlayer.reporters.gitlab import render_gitlab
from fastlayer.reporters.json_report import render_json
from fastlayer.reporters.junit import render_junit
from fastlayer.reporters.sarif import render_sarif
from fastlayer.reporters.text import render_text

Renderer = Callable[[ReportContext], str]

_RENDERERS: Dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
    "junit": render_junit,
    "gitlab": render_gitlab,
}


def _escaping(renderer: Renderer) -> Renderer:
    """Every format gets paths and messages escaped (``base.escape_text``): a file name with a
    newline, an escape sequence or non-UTF-8 bytes can neither forge lines nor break a parser."""
    return lambda context: renderer(escaped(context))


REPORTERS: Dict[str, Renderer] = {
    name: _escaping(renderer) for name, renderer in _RENDERERS.items()
}

__all__ = ["REPORTERS", "ReportContext", "Renderer"]
