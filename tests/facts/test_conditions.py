"""facts/conditions.py through the extractor: which calls sit in a branch on the environment."""

from __future__ import annotations

import pytest

from fastlayer.facts.extract import extract_facts


def _branches(source: str) -> list:
    facts = extract_facts("app/main.py", source.encode())
    return [
        call.env_branch
        for call in facts.calls
        if call.call.callee and call.call.callee.dotted() == "FastAPI"
    ]


@pytest.mark.parametrize(
    "test",
    [
        'os.getenv("DEBUG") == "1"',
        'os.environ.get("APP_ENV") != "production"',
        'environ["STAGE"] == "dev"',
        "settings.DEBUG",
        "settings.environment == 'local'",
        "DEBUG",
        "in_debug_mode()",
        "config.is_production()",
    ],
)
def test_a_branch_on_the_environment_marks_its_calls(test: str) -> None:
    source = f"import os\nfrom os import environ\nfrom fastapi import FastAPI\nif {test}:\n    app = FastAPI(debug=True)\nelse:\n    app = FastAPI()\n"
    assert _branches(source) == [True, True]


def test_other_branches_and_plain_calls_are_not_marked() -> None:
    source = (
        "from fastapi import FastAPI\nimport sys\nif sys.version_info >= (3, 8):\n    a = FastAPI()\n"
        "b = FastAPI()\nc = FastAPI(debug=True) if os.getenv('DEBUG') else FastAPI()\n"
    )
    assert _branches(source) == [False, False, True, True]
