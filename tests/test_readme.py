"""The README's two commands and its sample output stay true."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.DOTALL)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = next(b.strip() for b in _blocks("console") if "pytest" in b)
    assert test_command in (ROOT / ".ci" / "run").read_text().splitlines()


def test_sample_output_is_what_the_example_gives() -> None:
    sample = _blocks("text")[0]
    example = "fixtures/example-shop"  # run from the checkout, as the README does: paths relative to it
    quiet = cli(ROOT, "check", "--quiet", "--no-cache", example).stdout
    summary = cli(ROOT, "check", "--no-cache", example).stdout.splitlines()[-1]
    assert sample == quiet + summary + "\n"
