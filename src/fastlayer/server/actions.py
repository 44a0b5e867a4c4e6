"""Code actions and hover: silence a finding on its line, open the rule's page, the rule's summary."""

from __future__ import annotations

import re
from typing import Callable, List, Optional, Sequence, Union

from lsprotocol import types as lsp

from fastlayer.rules import all_rules

OPEN_DOC = "fastlayer.openRuleDoc"
UNSUPPRESSIBLE = ("FL001", "FL002")  # a file that cannot be read has no comments to honour
Units = Callable[[str], int]
_IGNORE = re.compile(r"#\s*fastlayer:\s*ignore(\[([^\]]*)\])?", re.IGNORECASE)


def suppression_edit(text: str, line: int, code: str, units: Units) -> Optional[lsp.TextEdit]:
    """Add ``code`` to the line's ``# fastlayer: ignore[...]``, or append one; None when the line
    already silences it. ``units``: a string's length in the client's position encoding."""
    match = _IGNORE.search(text)
    if match is None:
        end = lsp.Position(line, units(text.rstrip()))
        return lsp.TextEdit(lsp.Range(end, end), f"  # fastlayer: ignore[{code}]")
    codes = [c.strip().upper() for c in (match.group(2) or "").split(",") if c.strip()]
    if not match.group(1) or code in codes:
        return None
    start, stop = match.span(1)
    where = lsp.Range(
        lsp.Position(line, units(text[:start])), lsp.Position(line, units(text[:stop]))
    )
    return lsp.TextEdit(where, "[" + ", ".join(codes + [code]) + "]")


def code_actions(
    uri: str, diagnostics: Sequence[lsp.Diagnostic], lines: Sequence[str], units: Units
) -> List[Union[lsp.CodeAction, lsp.Command]]:
    actions: List[Union[lsp.CodeAction, lsp.Command]] = []
    for diagnostic in diagnostics:
        code = str(diagnostic.code or "")
        if diagnostic.source != "fastlayer" or all_rules().get(code) is None:
            continue
        actions += _suppress(uri, diagnostic, code, lines, units)
        actions.append(_open_doc(code))
    return actions


def _suppress(
    uri: str, diagnostic: lsp.Diagnostic, code: str, lines: Sequence[str], units: Units
) -> List[lsp.CodeAction]:
    line = diagnostic.range.start.line
    if code in UNSUPPRESSIBLE or line >= len(lines):
        return []
    text = lines[line].rstrip("\r\n")
    edit = suppression_edit(text, line, code, units)
    if edit is None:
        return []
    return [
        lsp.CodeAction(
            title=f"Suppress {code} on this line (# fastlayer: ignore[{code}])",
            kind=lsp.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            edit=lsp.WorkspaceEdit(changes={uri: [edit]}),
        )
    ]


def _open_doc(code: str) -> lsp.Command:
    """A bare command (not a code action carrying one: clients read any action with a ``command``
    key as a command)."""
    return lsp.Command(f"Open the documentation of {code}", OPEN_DOC, arguments=[code])


def hover_text(codes: Sequence[str], messages: Sequence[str]) -> Optional[str]:
    """Markdown for the findings under the cursor: each rule's code, name and summary, and the message."""
    parts = []
    for code, message in zip(codes, messages):
        rule = all_rules().get(code)
        if rule is not None:
            parts.append(f"**{rule.code}** `{rule.name}`: {rule.summary}\n\n{message}")
    return "\n\n---\n\n".join(parts) or None
