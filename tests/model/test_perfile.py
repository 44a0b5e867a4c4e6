"""``per_file`` and ``calls_named``: answers derived from one file's facts, kept on the facts."""

from __future__ import annotations

from typing import List

from fastlayer.facts.extract import extract_facts
from fastlayer.facts.types import FileFacts
from fastlayer.model.perfile import calls_named, per_file

SOURCE = b"""\
from fastapi import FastAPI as Api
import yaml

app = Api()
app.include_router(users.router, prefix="/users")
router.include_router(items.router)
data = yaml.safe_load(open("settings.yaml"))
print("include_router")
"""


def test_per_file_computes_once_per_facts_object() -> None:
    seen: List[str] = []

    @per_file
    def imports(facts: FileFacts) -> int:
        seen.append(facts.path)
        return len(facts.imports)

    first = extract_facts("app/main.py", SOURCE)
    again = extract_facts("app/main.py", SOURCE)  # equal facts, another object: computed anew
    assert (imports(first), imports(first), imports(again)) == (2, 2, 2)
    assert seen == ["app/main.py", "app/main.py"]
    assert first == again  # the memo is no part of the facts


def test_calls_named_by_written_and_qualified_last_name_in_source_order() -> None:
    facts = extract_facts("app/main.py", SOURCE)
    includes = calls_named(facts, frozenset({"include_router"}).__contains__)
    assert [call.line for call in includes] == [5, 6]
    assert [call.line for call in calls_named(facts, "FastAPI".__eq__)] == [4]  # Api -> FastAPI
    assert [call.line for call in calls_named(facts, "safe_load".__eq__)] == [7]
    assert calls_named(facts, "router".__eq__) == ()  # an argument, not a callee
