from __future__ import annotations

from typing import List

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from fastlayer.facts.positions import Positions
from fastlayer.facts.walk import Walker, children
from tests.helpers import fixture_texts

EXTRA = '''from . import *
from .a import (b as c, d)
x = f"{a!r:>{width}} {b:{c()}}" + f"{plain}" + f"{d=}"
from a import *
@dec(1)
async def g(p, /, q: int = 2, *r, s, **t) -> "T":
    """doc"""
    return [i for i in range(3) if i]  # comment
class K(Base, metaclass=M):
    y: int = lambda z: z
'''


def sources() -> List[str]:
    return [EXTRA, *fixture_texts()][:80]


def parsed() -> List[cst.Module]:
    modules = []
    for text in sources():
        try:
            modules.append(cst.parse_module(text))
        except Exception:  # noqa: BLE001 - broken fixtures are not the point here
            continue
    return modules


def test_children_equal_libcst_children() -> None:
    for module in parsed():
        stack: List[cst.CSTNode] = [module]
        while stack:
            node = stack.pop()
            expected, found = list(node.children), children(node)
            assert len(expected) == len(found) and all(a is b for a, b in zip(expected, found)), (
                type(node).__name__
            )
            stack.extend(found)


class Syntactic(cst.CSTVisitor):
    """Hooks on every non-trivia node type the walker enters, recorded with the attribute hooks."""

    def __init__(self) -> None:
        super().__init__()
        self.events: List[str] = []

    def visit_Name(self, node: cst.Name) -> None:
        self.events.append(f"name {node.value}")

    def visit_Call(self, node: cst.Call) -> None:
        self.events.append("call")

    def leave_Call(self, original_node: cst.Call) -> None:
        self.events.append("/call")

    def visit_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self.events.append(f"body {node.name.value}")

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.events.append(f"class {node.name.value}")
        return node.name.value != "K"  # children skipped, as with CSTNode.visit


def test_walker_calls_the_same_hooks_in_the_same_order_as_libcst() -> None:
    for module in parsed():
        expected, found = Syntactic(), Syntactic()
        module.visit(expected)
        Walker(found).walk(module)
        assert found.events == expected.events


def test_positions_equal_position_provider() -> None:
    for text in sources()[:30]:
        try:
            module = cst.parse_module(text)
        except Exception:  # noqa: BLE001
            continue
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        expected = wrapper.resolve(PositionProvider)
        positions = Positions(module, text)
        for node, span in expected.items():
            assert positions(node) == (span.start.line, span.start.column + 1), type(node).__name__


class CallsOnly(cst.CSTVisitor):
    """No hook on ``Name`` or any other leaf: those nodes are never entered, their parents are."""

    def __init__(self) -> None:
        super().__init__()
        self.events: List[str] = []

    def visit_Call(self, node: cst.Call) -> None:
        self.events.append("call")

    def leave_Arg_value(self, node: cst.Arg) -> None:
        self.events.append("/arg value")

    def visit_ImportFrom_names(self, node: cst.ImportFrom) -> None:  # a star or a sequence
        self.events.append(f"names {type(node.names).__name__}")

    def leave_FormattedStringExpression_format_spec(
        self, node: cst.FormattedStringExpression
    ) -> None:  # entered only when there is one
        self.events.append("/format spec")


def test_walker_without_leaf_hooks_calls_the_same_hooks_as_libcst() -> None:
    for module in parsed():
        expected, found = CallsOnly(), CallsOnly()
        module.visit(expected)
        Walker(found).walk(module)
        assert found.events == expected.events


def test_libcst_empty_stubs_are_not_hooks() -> None:
    walker = Walker(CallsOnly())
    assert walker._hook("visit_Name") is None and walker._hook("leave_Call_func") is None
    assert walker._hook("visit_Call") is CallsOnly.visit_Call
