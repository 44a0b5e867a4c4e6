"""fastlayer diagnostics -> LSP diagnostics: ranges in the client's position encoding, severities,
the rule's code and page, the other files a finding involves."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, List, Optional, Sequence, Tuple
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.workspace.position_codec import PositionCodec

from fastlayer.diagnostics import Diagnostic, Severity

SOURCE = "fastlayer"
SEVERITIES = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}
Lines = Callable[[str], Sequence[str]]  # project-relative path -> the file's lines (buffer or disk)
# (file, other file) -> where the file imports the other one (1-based line and column), if it does
Site = Callable[[str, str], Optional[Tuple[int, int]]]


def path_uri(root: Path, path: str) -> str:
    return (root / path).as_uri() if path else root.as_uri()


def uri_path(uri: str) -> Optional[Path]:
    """The local file a ``file:`` URI names (None for any other scheme)."""
    parts = urlparse(uri)
    return Path(unquote(parts.path)) if parts.scheme == "file" else None


def to_lsp(
    diagnostic: Diagnostic,
    root: Path,
    lines: Lines,
    codec: PositionCodec,
    doc: Optional[str],
    site: Site = lambda path, other: None,
) -> lsp.Diagnostic:
    return lsp.Diagnostic(
        range=diagnostic_range(diagnostic, lines(diagnostic.path), codec),
        message=diagnostic.message + (f"\nhint: {diagnostic.hint}" if diagnostic.hint else ""),
        severity=SEVERITIES[diagnostic.severity],
        code=diagnostic.code,
        code_description=lsp.CodeDescription(href=doc) if doc else None,
        source=SOURCE,
        related_information=_related(diagnostic, root, lines, codec, site) or None,
        data={"name": diagnostic.name},
    )


def diagnostic_range(
    diagnostic: Diagnostic, lines: Sequence[str], codec: PositionCodec
) -> lsp.Range:
    """From the finding's column to its end, else to the end of the line's code; a folder or
    a non-Python file (a project-level finding) gets the start of the file."""
    if not diagnostic.path.endswith(".py"):
        return lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
    line = diagnostic.line - 1
    text = lines[line].rstrip("\r\n") if line < len(lines) else ""
    start = min(diagnostic.column - 1, len(text))
    end = len(text.rstrip()) if diagnostic.end_column is None else diagnostic.end_column - 1
    end_line = line if diagnostic.end_line is None else diagnostic.end_line - 1
    if end_line == line:
        end = max(end, start)
    start_units = codec.client_num_units(text[:start])
    end_text = text if end_line == line else _line(lines, end_line)
    return lsp.Range(
        lsp.Position(line, start_units),
        lsp.Position(end_line, codec.client_num_units(end_text[:end])),
    )


def _line(lines: Sequence[str], index: int) -> str:
    return lines[index].rstrip("\r\n") if index < len(lines) else ""


def _related(
    diagnostic: Diagnostic, root: Path, lines: Lines, codec: PositionCodec, site: Site
) -> List[lsp.DiagnosticRelatedInformation]:
    """Each other file the finding involves, at the line where it imports the finding's file
    (the way back of a cycle, the importer of a layer), else at its start."""
    return [
        lsp.DiagnosticRelatedInformation(
            lsp.Location(
                path_uri(root, path), _site_range(path, diagnostic.path, lines, codec, site)
            ),
            f"involves {path}",
        )
        for path in diagnostic.related
        if path and path != diagnostic.path
    ]


def _site_range(path: str, other: str, lines: Lines, codec: PositionCodec, site: Site) -> lsp.Range:
    found = site(path, other) if path.endswith(".py") else None
    if found is None:
        return lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
    line, column = found[0] - 1, found[1] - 1
    text = _line(lines(path), line)
    start = codec.client_num_units(text[: min(column, len(text))])
    return lsp.Range(
        lsp.Position(line, start), lsp.Position(line, codec.client_num_units(text.rstrip()))
    )
