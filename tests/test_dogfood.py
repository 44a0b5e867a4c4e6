"""fastlayer checks its own layering ([tool.fastlayer] in this repository's pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import cli

ROOT = Path(__file__).resolve().parents[1]


def test_fastlayer_keeps_its_own_architecture() -> None:
    result = cli(ROOT, "check", "--no-cache")
    assert result.stdout.startswith("All checks passed ("), result.stdout
    assert result.exit_code == 0, result.stdout
