from __future__ import annotations

import ast
import gc

from fastlayer.facts.extract import extract_facts

SOURCE = b'''\
import os, a.b.c as d
from typing import TYPE_CHECKING
from fastapi import FastAPI as F, APIRouter
from .x import y
from .. import z
if TYPE_CHECKING:
    from app.models import User
try:
    import ujson
except ImportError, ValueError:
    ujson = None
ORIGINS = ["https://a.example"]
app = F()
app.add_middleware(CORSMiddleware, allow_origins=ORIGINS)  # fastlayer: ignore[FL401, fl402]
class Settings(BaseSettings):
    SECRET: str = "x"
    class Config:
        env_file = ".env"
    @property
    def origins(self):
        """doc"""
        return self.RAW.split(",")
@router.get("/items")
async def read():
    import importlib
    importlib.import_module("app.plugins")
    return os.getenv("Y", "d") + os.environ["X"]
def downgrade():
    pass
'''


def test_imports_with_context() -> None:
    facts = extract_facts("app/main.py", SOURCE)
    rows = [
        (
            i.module,
            i.name,
            i.asname,
            i.level,
            i.line,
            i.type_checking,
            i.in_try,
            i.in_function,
            i.dynamic,
        )
        for i in facts.imports
    ]
    assert rows == [
        ("os", None, None, 0, 1, False, False, False, False),
        ("a.b.c", None, "d", 0, 1, False, False, False, False),
        ("typing", "TYPE_CHECKING", None, 0, 2, False, False, False, False),
        ("fastapi", "FastAPI", "F", 0, 3, False, False, False, False),
        ("fastapi", "APIRouter", None, 0, 3, False, False, False, False),
        ("x", "y", None, 1, 4, False, False, False, False),
        ("", "z", None, 2, 5, False, False, False, False),
        ("app.models", "User", None, 0, 7, True, False, False, False),
        ("ujson", None, None, 0, 9, False, True, False, False),
        ("importlib", None, None, 0, 25, False, False, True, False),
        ("app.plugins", None, None, 0, 26, False, False, True, True),
    ]


def test_python_314_except_without_parentheses_parses() -> None:
    assert extract_facts("app/main.py", SOURCE).error is None


def test_bindings_qualify_names_through_imports() -> None:
    facts = extract_facts("app/main.py", SOURCE)
    assert facts.qualify("F") == "fastapi.FastAPI"
    assert facts.qualify("y.attr") == ".x.y.attr"
    assert facts.qualify("d.thing") == "a.b.c.thing"
    assert facts.qualify("unbound.name") == "unbound.name"


def test_classes_fields_methods_and_inner_classes() -> None:
    (settings,) = extract_facts("app/main.py", SOURCE).classes
    assert settings.name == "Settings" and settings.line == 15
    assert [b.dotted() for b in settings.bases] == ["BaseSettings"]
    assert [(f.target, f.value.value if f.value else None) for f in settings.fields] == [
        ("SECRET", "x")
    ]
    assert [m.name for m in settings.methods] == ["origins"]
    assert settings.methods[0].returns is not None and settings.methods[0].returns.kind == "call"
    assert [(c.name, [f.target for f in c.fields]) for c in settings.inner] == [
        ("Config", ["env_file"])
    ]


def test_functions_calls_env_reads_and_suppressions() -> None:
    facts = extract_facts("app/main.py", SOURCE)
    assert [(f.name, f.is_async, f.trivial_body) for f in facts.functions] == [
        ("read", True, False),
        ("downgrade", False, True),
    ]
    assert facts.functions[0].decorators[0].callee.dotted() == "router.get"  # type: ignore[union-attr]
    assert [(c.call.callee.dotted(), c.line) for c in facts.calls] == [
        ("F", 13),
        ("app.add_middleware", 14),
    ]  # type: ignore[union-attr]
    assert [(e.form, e.key.value if e.key else None, e.line) for e in facts.env_reads] == [
        ("getenv", "Y", 27),
        ("environ[]", "X", 27),
    ]
    assert [(s.line, s.codes, s.file_level) for s in facts.suppressions] == [
        (14, ("FL401", "FL402"), False)
    ]
    assert [(a.target, a.line, a.conditional) for a in facts.assignments] == [
        ("ujson", 11, True),
        ("ORIGINS", 12, False),
        ("app", 13, False),
    ]


def test_environ_writes_are_not_reads() -> None:
    """dispatch cli.py: `os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"` sets a variable (FL307 reported it as a read)."""
    source = (
        b"import os\nos.environ['A'] = '1'\ndel os.environ['B']\nos.environ['C'] += 'x'\n"
        b"x = os.environ['D']\nos.environ[os.environ['E']] = '2'\n"
    )
    facts = extract_facts("app/cli.py", source)
    assert [(e.form, e.key.value if e.key else None, e.line) for e in facts.env_reads] == [
        ("environ[]", "C", 4),
        ("environ[]", "D", 5),
        ("environ[]", "E", 6),
    ]


def test_values_are_expressions() -> None:
    facts = extract_facts("app/main.py", SOURCE)
    call = facts.calls[1].call
    origins = call.keyword("allow_origins")
    assert origins is not None and origins.kind == "name" and origins.value == "ORIGINS"
    assert call.positional(0) is not None and call.positional(0).value == "CORSMiddleware"  # type: ignore[union-attr]


def test_suppression_in_a_string_is_not_a_comment() -> None:
    facts = extract_facts("a.py", b'x = "# fastlayer: ignore[FL101]"\n')
    assert facts.suppressions == ()


def test_syntax_error_is_a_fact_with_position() -> None:
    facts = extract_facts("a.py", b"x = 1\ndef f(:\n    pass\n")
    assert facts.error is not None and (facts.error.kind, facts.error.line, facts.error.column) == (
        "syntax",
        2,
        7,
    )


def test_decode_errors_are_facts() -> None:
    bad_utf8 = extract_facts("a.py", b'x = 1\ny = "\xff"\n').error
    assert bad_utf8 is not None and (bad_utf8.kind, bad_utf8.line) == ("decode", 2)
    nul = extract_facts("a.py", b"x = 1\x00\n").error
    assert nul is not None and nul.kind == "decode"
    cookie = extract_facts("a.py", b"# -*- coding: latin-1 -*-\nx = '\xe9'\n")
    assert cookie.error is None and cookie.assignments[0].value.value == "\u00e9"  # type: ignore[union-attr]


def test_bom_crlf_tabs_and_empty_file() -> None:
    assert (
        extract_facts("a.py", b"\xef\xbb\xbfimport os\r\nif x:\r\n\tpass\r\n").imports[0].module
        == "os"
    )
    assert extract_facts("a.py", b"").error is None


def test_number_literals_have_the_compilers_values() -> None:
    literals = ["0", "00", "1_000", "0x1F", "0o17", "0b101", "1.5e3", "1_0.0_1", ".5", "1.", "1E-5"]
    source = "".join(f"v{i} = {text}\n" for i, text in enumerate(literals)).encode()
    values = [a.value for a in extract_facts("app/numbers.py", source).assignments]
    found = [(v.value, type(v.value)) for v in values if v is not None]
    expected = [ast.literal_eval(text) for text in literals]
    assert found == [(value, type(value)) for value in expected]


def test_extraction_leaves_no_garbage_for_the_collector() -> None:
    """A file's trees are freed as soon as its facts are out: no reference cycle keeps them (the
    visitor and its helpers, ``ast.literal_eval``'s closures) until a collection."""
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        extract_facts("app/main.py", SOURCE)
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()
