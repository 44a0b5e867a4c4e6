"""``facts/twins.py``: every libcst node placed by its ``ast`` twin starts where libcst's own
``PositionProvider`` says; a plain module needs no codegen pass at all."""

from __future__ import annotations

import ast
from typing import List, Tuple

import hypothesmith
import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings
from libcst.metadata import MetadataWrapper, PositionProvider

from fastlayer.facts.positions import Positions
from fastlayer.facts.twins import pair_module
from fastlayer.facts.visitor import FactsVisitor
from fastlayer.facts.walk import Walker
from tests.helpers import fixture_texts

# Every shape twins.py pairs, and the ones where the two trees disagree on where a node starts
# (parenthesised tuples and generators, chained ``or``, names after ``def``/``class``).
SHAPES = '''\
import os, a.b.c as d
from .x import (y as z, w)
from m import *
x: int = (1)
t = ((1, 2))
u = ( 1, 2), (3,)
v = [(1), (2,), ()]
g = sum(i for i in range(3))
h = sorted( (i for i in y), key=len)
h2 = tuple(
    (a, b) for a in c
), sum((
    i for i in y))
k = (a or b) or c or (d and e and f)
m = not a < b <= c in d
n = a if b else -c ** 2
o = {**p, "q": [*r], 1: {s for s in t}, **{k: v for k, v in w.items() if v}}
p, *q = r[1:2, ::3], s[t][u]
async  def  f(a, /, b: int = 1, *c: str, d=lambda e=2: e, **g) -> "T":
    await h(*a, b=1, **g)
    yield from i
    yield
    async with j() as (k, l), m:
        pass
    async for n in o:
        del p[0], q
    r = f"""x
{y} {z(
        w)} {v}"""
    return (r := s)
@dec.orator(1)
class   K(Base, *bases, metaclass=M, **kw):
    """doc"""
    y: "int" = 0x1F
    z = 1_000 + 1e3 + 2j + ...
    if a:
        pass
    elif b:
        raise C from d
    else:
        assert e, "f"
try:
    pass
except (E, F) as g:
    global h
else:
    pass
finally:
    pass
try:
    pass
except* G:
    pass
while a:
    break
else:
    continue
match command.split():
    case [action, obj] if obj:
        message = (
            f"{action} "
            f"{obj}"
        )
    case _:
        pass
s = "a" "b" f"{c!r:>{width}} {d=}" + b"e" b"f"
q = f"""a
{b} and {c(
    d)}
"""
é = "ü" + f(ä, "ö")
'''


def sources() -> List[str]:
    texts = [SHAPES, SHAPES.replace("\n", "\r\n"), SHAPES.replace("\n", "\r")]
    texts += ["a = 1\n\x0cb = f(2)\n", "x = 1 + \\\n    f(2, \\\n  3)\n"]
    return texts + fixture_texts()


def both(text: str) -> tuple[cst.Module, ast.Module]:
    return cst.parse_module(text), ast.parse(text)


def placed(module: cst.Module, tree: ast.Module) -> List[Tuple[cst.CSTNode, Tuple[int, int]]]:
    """Each node the pairing places, with its start as libcst's ``PositionProvider`` gives it."""
    paired = pair_module(module, tree)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    return [(n, (s.start.line, s.start.column + 1)) for n, s in expected.items() if id(n) in paired]


def test_every_node_placed_by_its_twin_starts_where_libcst_says() -> None:
    checked = 0
    for index, text in enumerate(sources()):
        try:
            module, tree = both(text)
        except (SyntaxError, cst.ParserSyntaxError):
            assert index >= 5, "the sources written here must parse"
            continue  # the fixtures for syntax errors
        positions = Positions(module, text, tree)
        for node, start in placed(module, tree):
            assert positions(node) == start, (type(node).__name__, module.code_for_node(node)[:40])
            checked += 1
    assert checked > 5000


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar())
def test_positions_equal_libcst_on_generated_programs(source: str) -> None:
    """Odd layouts (comments, continuations, parentheses anywhere) from generated programs
    (``from_grammar`` only, as in tests/test_properties.py: ``from_node``'s generation sometimes took
    minutes; 3,000 examples of both were run by hand, with no difference)."""
    try:
        module, tree = both(source)
    except (SyntaxError, ValueError, cst.ParserSyntaxError):
        return
    positions = Positions(module, source, tree)
    for node, start in placed(module, tree):
        assert positions(node) == start, type(node).__name__


@pytest.mark.parametrize(
    "source, kinds",
    [
        ("t = ((1, 2))\n", {"Tuple"}),
        ("g = f(i for i in y)\n", {"GeneratorExp", "Call"}),
        ("g = f(\n    (a, b) for a in c\n)\n", {"GeneratorExp"}),
        ("k = (a or b) or c or d\n", {"BooleanOperation"}),
        ("async  def  f(a, *c, **g): pass\n", {"Name"}),
        ("é = f(ä, 'ö')\n", {"Name", "SimpleString"}),
    ],
)
def test_the_shapes_where_the_trees_disagree_are_placed(source: str, kinds: set[str]) -> None:
    seen = {type(node).__name__ for node, _ in placed(*both(source))}
    assert kinds <= seen


def test_extracting_a_plain_module_needs_no_codegen_pass() -> None:
    text = SHAPES.split("match command")[0]
    module, tree = both(text)
    positions = Positions(module, text, tree)
    Walker(FactsVisitor(module, positions)).walk(module)
    assert not positions.generated


def test_a_node_without_a_twin_is_placed_by_the_codegen_pass() -> None:
    text = "x = (\n    a.b\n)\n"  # ``ast`` keeps an attribute's name as a string: no twin
    module, tree = both(text)
    positions = Positions(module, text, tree)
    statement = module.body[0].body[0]
    assert isinstance(statement, cst.Assign) and isinstance(statement.value, cst.Attribute)
    assert positions(statement.value) == (2, 5)
    assert not positions.generated
    assert positions(statement.value.attr) == (2, 7)
    assert positions.generated


def test_an_f_strings_expressions_are_placed_from_its_start() -> None:
    text = 'x = f"{a.b} and {c(d)!r:>{w}}"\n'
    module, tree = both(text)
    names = {module.code_for_node(n) for n, _ in placed(module, tree) if type(n) is cst.Name}
    assert names == {"x", "a", "b", "c", "d", "w"}
