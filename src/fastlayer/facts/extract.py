"""Bytes of one file -> ``FileFacts``: decode, parse once, visit once. Never raises.

Unusual files (huge, deeply nested, very long lines) go through ``guard``
first: reported without parsing, or parsed in a child process, so a parser
crash or hang costs one FL001 diagnostic, never the run.
"""

from __future__ import annotations

from fastlayer.facts import guard
from fastlayer.facts.parsing import Parsed, parse
from fastlayer.facts.source import decode_source
from fastlayer.facts.suppressions_scan import scan_suppressions
from fastlayer.facts.types import FileFacts, ParseError


def extract_facts(path: str, data: bytes) -> FileFacts:
    """Facts of the file at ``path`` (relative, POSIX) whose content is ``data``."""
    text = decode_source(data)
    if isinstance(text, ParseError):
        return FileFacts(path, error=text)
    refused = guard.screen(data)
    shape = guard.profile(data) if refused is None else None
    if shape is not None and not shape.ordinary:
        refused = guard.python_rejects_nesting(text, shape)
        if refused is None:
            return _from_child(path, data, text)
    if refused is not None:
        return _failed(path, text, refused)
    return _extract_text(path, text)


def extract_unguarded(path: str, data: bytes) -> FileFacts:
    """``extract_facts`` without the guard: what the guard's child process runs."""
    text = decode_source(data)
    return (
        FileFacts(path, error=text) if isinstance(text, ParseError) else _extract_text(path, text)
    )


def _extract_text(path: str, text: str) -> FileFacts:
    try:
        return _parse_and_visit(path, text)
    except RecursionError:
        pass  # valid but deeper than the default recursion limit: once more, with room
    try:
        return guard.deep(lambda: _parse_and_visit(path, text))
    except RecursionError:
        return _failed(path, text, ParseError("syntax", "too deeply nested to analyse", 1, 1))


def _parse_and_visit(path: str, text: str) -> FileFacts:
    try:
        parsed = parse(text)
        if isinstance(parsed, ParseError):
            return _failed(path, text, parsed)
        return _visit(path, parsed, text.count("\n") + 1, text)
    except (RecursionError, MemoryError):
        raise RecursionError from None
    except Exception as exc:  # noqa: BLE001 - one file's problem is reported on that file
        return _failed(
            path,
            text,
            ParseError(
                "syntax", f"internal error while analysing: {type(exc).__name__}: {exc}", 1, 1
            ),
        )


def _from_child(path: str, data: bytes, text: str) -> FileFacts:
    facts = guard.extract_in_child(path, data)
    return _failed(path, text, facts) if isinstance(facts, ParseError) else facts


def _failed(path: str, text: str, error: ParseError) -> FileFacts:
    return FileFacts(
        path, lines=text.count("\n") + 1, error=error, suppressions=scan_suppressions(text)
    )


def _visit(path: str, parsed: Parsed, lines: int, text: str) -> FileFacts:
    import libcst as cst

    from fastlayer.facts.positions import Positions
    from fastlayer.facts.visitor import FactsVisitor
    from fastlayer.facts.walk import Walker

    module, tree = parsed
    assert isinstance(module, cst.Module)
    visitor = FactsVisitor(module, Positions(module, text, tree))
    Walker(visitor).walk(module)
    return FileFacts(
        path,
        lines=lines,
        imports=tuple(visitor.imports),
        assignments=tuple(visitor.assignments),
        classes=tuple(visitor.classes),
        functions=tuple(visitor.functions),
        calls=tuple(visitor.calls),
        env_reads=tuple(visitor.env_reads),
        called=tuple(visitor.called),
        suppressions=scan_suppressions(text),
        header_writes=tuple(visitor.scopes.header_writes),
    )
