"""Every rule's VALID and INVALID examples, run through the whole pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple, Type

import pytest

from fastlayer.rules import Example, Rule, all_rules
from tests.helpers import diagnostics, write_project


def _cases(kind: str) -> List[Tuple[str, Type[Rule], int, Example]]:
    return [
        (f"{rule.code}-{kind}-{index}", rule, index, example)
        for rule in all_rules().sorted()
        for index, example in enumerate(getattr(rule, kind))
    ]


def test_every_rule_has_examples_and_docs() -> None:
    for rule in all_rules().sorted():
        assert rule.valid and rule.invalid, f"{rule.code} needs VALID and INVALID examples"
        doc = rule.doc()
        for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
            assert heading in doc, f"{rule.code} doc lacks {heading!r}"


@pytest.mark.parametrize(
    "case_id, rule, index, example", _cases("valid"), ids=lambda c: c if isinstance(c, str) else ""
)
def test_valid_example_is_clean(
    tmp_path: Path, case_id: str, rule: Type[Rule], index: int, example: Example
) -> None:
    root = write_project(tmp_path, example.files, example.config)  # type: ignore[arg-type]
    found = [d for d in diagnostics(root, select=[rule.code]) if d.code == rule.code]
    assert found == []


@pytest.mark.parametrize(
    "case_id, rule, index, example",
    _cases("invalid"),
    ids=lambda c: c if isinstance(c, str) else "",
)
def test_invalid_example_is_reported(
    tmp_path: Path, case_id: str, rule: Type[Rule], index: int, example: Example
) -> None:
    root = write_project(tmp_path, example.files, example.config)  # type: ignore[arg-type]
    found = sorted(
        {(d.path, d.line) for d in diagnostics(root, select=[rule.code]) if d.code == rule.code}
    )
    assert example.expect, f"{case_id} must say where the rule reports"
    assert found == sorted(example.expect)
