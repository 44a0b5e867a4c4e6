"""Golden tests: every project under fixtures/ gives exactly its expected.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PROJECTS = sorted(p.parent for p in FIXTURES.glob("*/expected.txt"))


def test_there_are_fixtures() -> None:
    assert len(PROJECTS) >= 2


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_fixture_gives_expected_findings(project: Path) -> None:
    result = cli(project, "check", "--quiet", "--exit-zero")
    expected = (project / "expected.txt").read_text()
    assert result.stdout == expected
    assert result.exit_code == 0
