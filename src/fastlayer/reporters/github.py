"""GitHub Actions workflow commands: findings become annotations on the pull request.

``::error file=app/x.py,line=3,col=1,title=FL101::message``; ``warning`` and ``notice``
for lower severities. Data and properties are escaped as the Actions toolkit does.
"""

from __future__ import annotations

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.reporters.base import ReportContext

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_command(diagnostic: Diagnostic, path_prefix: str = "") -> str:
    properties = [
        ("file", path_prefix + diagnostic.path),
        ("line", str(diagnostic.line)),
        ("col", str(diagnostic.column)),
    ]
    if diagnostic.end_line is not None:
        properties.append(("endLine", str(diagnostic.end_line)))
    if diagnostic.end_column is not None:
        properties.append(("endColumn", str(diagnostic.end_column)))
    properties.append(("title", diagnostic.code))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    message = diagnostic.message + (f"\nhint: {diagnostic.hint}" if diagnostic.hint else "")
    return f"::{COMMANDS[diagnostic.severity]} {rendered}::{escape_data(message)}"


def render_github(context: ReportContext) -> str:
    return "".join(
        format_command(d, context.path_prefix) + "\n" for d in context.result.diagnostics
    )
