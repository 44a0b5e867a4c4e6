"""``facts/parsing.py``: both trees, libcst's validation skipped only where the host compiler has
already accepted the text, and the same messages as before for text it rejects."""

from __future__ import annotations

import ast
import warnings

import libcst as cst
import pytest

from fastlayer.facts.parsing import parse
from fastlayer.facts.types import ParseError


def test_valid_text_gives_both_trees() -> None:
    parsed = parse("x = f(1)\n")
    assert not isinstance(parsed, ParseError)
    module, tree = parsed
    assert isinstance(module, cst.Module) and isinstance(tree, ast.Module)
    assert module.code == "x = f(1)\n"


def test_text_the_host_rejects_is_still_validated_by_libcst() -> None:
    # libcst's grammar accepts this; only its validation (and the host) reject it
    parsed = parse('x = "a" b"b"\n')
    assert isinstance(parsed, ParseError)
    assert (parsed.kind, parsed.line, parsed.message) == (
        "syntax",
        1,
        "cannot mix bytes and nonbytes literals",
    )


def test_the_host_message_names_the_culprit() -> None:
    parsed = parse("def f(:\n    pass\n")
    assert isinstance(parsed, ParseError)
    assert (parsed.line, parsed.message) == (1, "invalid syntax")


def test_validation_is_back_after_a_parse() -> None:
    assert not isinstance(parse("x = 1\n"), ParseError)
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not a name")


def test_the_compilers_warnings_are_not_ours_to_print() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parsed = parse('x = "\\d"\ny = 1()\n')
    assert not isinstance(parsed, ParseError)
    assert caught == []
