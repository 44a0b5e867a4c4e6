"""``path:line:col: CODE [severity] message`` — the format editors and compile modes parse.

Each distinct hint is printed once, under the first finding that has it; ``--quiet`` drops the
hints but keeps the summary line (the CLI drops it too for an editor's buffer); ``--show-source`` adds the offending line with a caret."""

from __future__ import annotations

from typing import List, Optional, Sequence, Set

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.reporters.base import ReportContext, plural

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def format_line(diagnostic: Diagnostic, color: bool = False, path: Optional[str] = None) -> str:
    location = _paint(
        f"{path or diagnostic.path}:{diagnostic.line}:{diagnostic.column}:", "1", color
    )
    code = _paint(diagnostic.code, _COLORS[diagnostic.severity], color)
    severity = _paint(f"[{diagnostic.severity.value}]", _COLORS[diagnostic.severity], color)
    return f"{location} {code} {severity} {diagnostic.message}"


def source_lines(diagnostic: Diagnostic, lines: Sequence[str]) -> List[str]:
    """The offending line under a gutter with its number, and a caret under the column."""
    if not 1 <= diagnostic.line <= len(lines):
        return []
    text = lines[diagnostic.line - 1].rstrip("\r\n")
    number = str(diagnostic.line)
    before = text[: max(diagnostic.column - 1, 0)]
    caret = "".join(c if c == "\t" else " " for c in before) + "^"
    return [f"  {number} | {text}", f"  {' ' * len(number)} | {caret}"]


def summary_line(context: ReportContext) -> str:
    result = context.result
    files = plural(result.files, "file")
    incomplete = result.blocked is not None or bool(result.internal_errors)
    if not result.diagnostics:
        if incomplete:  # never "passed" on a run that failed: the error follows on stderr
            return f"Not all checks ran ({files} checked, no finding from those that did); see the error below."
        return f"All checks passed ({files} checked)."
    counts = [
        plural(sum(1 for d in result.diagnostics if d.severity is s), s.value) for s in Severity
    ]
    shown = ", ".join(c for c in counts if not c.startswith("0 "))
    tail = "; not all checks ran, see the error below" if incomplete else ""
    return f"Found {plural(len(result.diagnostics), 'finding')} ({shown}) in {files}{tail}."


def render_text(context: ReportContext) -> str:
    lines: List[str] = []
    hinted: Set[str] = set()
    for diagnostic in context.result.diagnostics:
        lines.append(format_line(diagnostic, context.color, context.shown_path(diagnostic.path)))
        if context.sources is not None:
            lines += source_lines(diagnostic, context.sources.get(diagnostic.path, ()))
        if diagnostic.hint and not context.quiet and diagnostic.hint not in hinted:
            hinted.add(diagnostic.hint)
            lines.append(f"  hint: {diagnostic.hint}")
    if context.summary:
        lines.append(summary_line(context))
    return "\n".join(lines) + ("\n" if lines else "")
