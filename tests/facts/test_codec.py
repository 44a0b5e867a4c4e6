from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fastlayer.facts.extract import extract_facts
from fastlayer.facts.store.codec import CodecError, decode_facts, encode_facts, schema_digest
from fastlayer.facts.types import FileFacts, ParseError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

identifiers = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda s: (
        s
        not in {
            "if",
            "in",
            "is",
            "or",
            "as",
            "def",
            "for",
            "and",
            "not",
            "del",
            "try",
            "else",
            "elif",
            "from",
            "with",
            "pass",
            "class",
            "while",
            "yield",
            "raise",
            "break",
            "async",
            "await",
            "global",
            "import",
            "return",
            "lambda",
            "assert",
            "except",
            "finally",
            "continue",
            "nonlocal",
            "match",
            "case",
            "type",
            "_",
        }
    )
)
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
literals = st.one_of(
    texts.map(repr),
    st.integers(-(10**20), 10**20).map(repr),
    st.floats(allow_nan=False).map(repr),
    st.sampled_from(
        [
            "True",
            "False",
            "None",
            "1e999",
            "-0.0",
            "b'x'",
            "f'{a}-{b!r}'",
            "[*a, 1]",
            "{**a, 'k': 2}",
        ]
    ),
)


@st.composite
def sources(draw: st.DrawFn) -> str:
    """Modules made of the statements the visitor records, with drawn names and values."""
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        name, other, value = draw(identifiers), draw(identifiers), draw(literals)
        lines.append(
            draw(
                st.sampled_from(
                    [
                        f"import {name}.{other} as {other}",
                        f"from .{name} import {other}",
                        f"{name} = {value}",
                        f"{name}: list[str] = [{value}, {other}]",
                        f"app.add_middleware(CORSMiddleware, allow_origins={value})",
                        f"class {name.title()}({other}, metaclass=M):\n    {other}: int = {value}\n    def m(self): return {value}",
                        f"@router.get({value}, tags=[{value}])\nasync def {name}():\n    return os.getenv({value}, {value})",
                        f"x = os.environ[{value}]  # fastlayer: ignore[FL101]",
                        f"if TYPE_CHECKING:\n    from {name} import {other}",
                        f"{name} = FastAPI(title={value}) if {other} else None",
                        f"def {name}(\n    a,\n):\n    pass",
                    ]
                )
            )
        )
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(sources())
def test_extracted_facts_round_trip_exactly(source: str) -> None:
    facts = extract_facts("app/x.py", source.encode())
    assert decode_facts(encode_facts(facts), "app/x.py") == facts


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_facts_of_arbitrary_bytes_round_trip(data: bytes) -> None:
    facts = extract_facts("a.py", data)
    assert decode_facts(encode_facts(facts), "a.py") == facts


def test_every_fixture_file_round_trips() -> None:
    for path in sorted(FIXTURES.rglob("*.py")):
        facts = extract_facts(path.as_posix(), path.read_bytes())
        assert decode_facts(encode_facts(facts), path.as_posix()) == facts, path


def test_a_lone_surrogate_in_a_string_literal_round_trips() -> None:
    source = 'BAD = "\\ud800"\nclass A:\n    x = "\\udfff"\n'.encode()
    facts = extract_facts("app/text.py", source)
    decoded = decode_facts(encode_facts(facts), "app/text.py")
    assert decoded == facts
    assert (
        decoded.assignments[0].value is not None and decoded.assignments[0].value.value == "\ud800"
    )


def test_path_is_not_stored_and_errors_round_trip() -> None:
    facts = FileFacts("a/b.py", lines=3, error=ParseError("syntax", "invalid syntax", 2, 5))
    text = encode_facts(facts)
    assert b"a/b.py" not in text
    assert decode_facts(text, "c.py") == FileFacts(
        "c.py", lines=3, error=ParseError("syntax", "invalid syntax", 2, 5)
    )


@pytest.mark.parametrize(
    "text", ["", "{", "[]", "[1, 2]", '"x"', json.dumps([0] * 40), "[" * 100000]
)
def test_foreign_or_corrupt_json_is_a_codec_error(text: str) -> None:
    with pytest.raises(CodecError):
        decode_facts(text.encode(), "a.py")


def test_schema_digest_is_stable_within_a_process() -> None:
    assert schema_digest() == schema_digest() and len(schema_digest()) == 16


def test_class_members_and_assignment_expressions_are_built_on_first_use() -> None:
    source = b"X: int = 1\nclass A(Base):\n    __abstract__ = True\n    name: str = 'a'\n    def m(self):\n        return 1\n"
    facts = extract_facts("a.py", source)
    decoded = decode_facts(encode_facts(facts), "a.py")
    [cls] = decoded.classes
    assert (
        "fields" not in vars(cls)
        and "methods" not in vars(cls)
        and "value" not in vars(decoded.assignments[0])
    )
    assert [f.target for f in cls.fields] == ["__abstract__", "name"] and "fields" in vars(cls)
    assert decoded == facts and hash(decoded.assignments[0]) == hash(facts.assignments[0])
