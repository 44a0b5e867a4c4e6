from __future__ import annotations

from fastlayer.facts.extract import extract_facts

SOURCE = b"""\
from fastapi import FastAPI, APIRouter
def create_app():
    application: FastAPI = FastAPI(debug=False)
    application.include_router(APIRouter(), prefix="/api/v1")
    application.mount("/static", app=None)
    return application
router = APIRouter()
a = b = APIRouter()
"""


def test_interesting_calls_record_the_name_they_are_assigned_to() -> None:
    facts = extract_facts("m.py", SOURCE)
    rows = [
        (c.call.callee.dotted() if c.call.callee else None, c.line, c.in_function, c.assigned_to)
        for c in facts.calls
    ]
    assert rows == [
        ("FastAPI", 3, "create_app", "application"),
        ("application.include_router", 4, "create_app", ""),
        ("APIRouter", 4, "create_app", ""),
        ("application.mount", 5, "create_app", ""),
        ("APIRouter", 7, "", "router"),
        ("APIRouter", 8, "", ""),
    ]


def test_classes_under_type_checking_are_marked() -> None:
    source = b"from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    class A(B):\n        pass\nclass C:\n    pass\n"
    facts = extract_facts("m.py", source)
    assert [(c.name, c.type_checking) for c in facts.classes] == [("A", True), ("C", False)]


def test_route_decorator_applied_by_hand_is_recorded() -> None:
    facts = extract_facts(
        "m.py", b"app.get('/x')(handler)\nmake()(handler)\napp.get('/y')\nfactory().get('/z')(h)\n"
    )
    rows = [
        (c.line, c.call.callee.kind if c.call.callee else None, c.call.positional(0).dotted())
        for c in facts.calls
        if c.call.positional(0) is not None
    ]
    assert rows == [(1, "call", "handler")]
