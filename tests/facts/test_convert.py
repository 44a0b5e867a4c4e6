"""``facts/convert.py``: literal values read without ``ast.literal_eval`` (whose helpers are a
reference cycle per call) equal what libcst and Python give."""

from __future__ import annotations

import ast

import libcst as cst
import pytest

from fastlayer.facts.convert import ExprConverter, string_value


@pytest.mark.parametrize(
    "literal",
    ['"a"', "'b'", 'r"\\d"', '"\\t\\u00e9"', 'b"x"', '"""t\nu"""', 'u"v"', '"a" "b"', 'b"a" b"b"'],
)
def test_string_value_equals_libcst(literal: str) -> None:
    node = cst.parse_expression(literal)
    assert string_value(node) == node.evaluated_value  # type: ignore[attr-defined]


def test_an_f_string_has_no_value() -> None:
    assert string_value(cst.parse_expression('"a" f"{b}"')) is None


@pytest.mark.parametrize(
    "literal", ["0x1F", "1_000", "0o17", "0b101", "00", "1e3", "1.", ".5", "1e400"]
)
def test_number_values_equal_python(literal: str) -> None:
    converter = ExprConverter(lambda node: (1, 1), cst.parse_module(""))
    converted = converter.convert(cst.parse_expression(literal))
    assert (converted.kind, converted.value) == ("const", ast.literal_eval(literal))
