from __future__ import annotations

from pathlib import Path

from fastlayer.config.loader import load_config
from fastlayer.engine.run import build_model
from fastlayer.rules import all_rules
from fastlayer.rules.base import Filtered, Rule, snippet
from fastlayer.rules.files import UnusedSuppressionRule
from tests.helpers import write_project


def test_snippet_dedents_and_drops_the_line_break_after_the_quotes() -> None:
    text = snippet(
        """
        def f():
            return 1

        x = f()
        """
    )
    assert text == "def f():\n    return 1\n\nx = f()\n"


def test_after_filtering_reports_nothing_unless_a_rule_implements_it(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"app/main.py": "x = 1  # fastlayer: ignore\n"})
    model = build_model(load_config(root, None, all_rules().rules))
    filtered = Filtered(frozenset(), ("FL003",), ("FL003",))
    assert list(Rule().after_filtering(model, filtered)) == []
    found = list(UnusedSuppressionRule().after_filtering(model, filtered))
    assert [(d.path, d.line, d.code) for d in found] == [("app/main.py", 1, "FL003")]
