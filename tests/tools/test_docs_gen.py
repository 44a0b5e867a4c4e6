"""The rules reference in docs/rules/ is generated from the rule classes and must never be stale."""

from __future__ import annotations

from pathlib import Path

from fastlayer.diagnostics import Severity
from fastlayer.rules import Example, Rule, all_rules
from fastlayer.tools import docs as docs_gen
from tests.helpers import cli

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs" / "rules"


class _Sample(Rule):
    """## What it does
    Nothing.
    """

    code = "FL999"
    name = "sample-rule"
    severity = Severity.INFO
    summary = "A sample"
    default_enabled = False
    options = (("graph.doc", "the diagram to check"),)
    valid = (Example({"app/a.py": "X = '```'\n"}),)
    invalid = (
        Example(
            {"app/b.py": "Y = 1\n"}, config='root = "app"', expect=(("app/b.py", 1),), title="one"
        ),
    )


def test_pages_are_up_to_date() -> None:
    stale = docs_gen.stale(DOCS_DIR, docs_gen.pages())
    assert stale == [], (
        f"regenerate with `python scripts/gen_rule_docs.py` (stale: {', '.join(stale)})"
    )


def test_every_rule_has_a_page_and_an_index_row() -> None:
    generated = docs_gen.pages()
    for rule in all_rules().sorted():
        assert f"{rule.code}.md" in generated
        assert f"| [{rule.code}]({rule.code}.md) | `{rule.name}` |" in generated["index.md"]


def test_explain_prints_the_page(tmp_path: Path) -> None:
    result = cli(tmp_path, "explain", "fl003")
    assert result.exit_code == 0
    assert result.stdout == (DOCS_DIR / "FL003.md").read_text(encoding="utf-8")


def test_page_shape() -> None:
    page = docs_gen.render_rule(_Sample)
    assert page.startswith(
        "# FL999 sample-rule (info)\n\nA sample.\n\n| | |\n| --- | --- |\n| Code | `FL999` |\n"
    )
    assert "| Enabled by default | no (opt-in: `--select FL999`) |" in page
    assert "## Options\n\n- `graph.doc`: the diagram to check\n" in page
    assert "`app/a.py`:\n\n````python\nX = '```'\n````" in page  # a longer fence around a fence
    assert (
        '### Invalid: one\n\nReported at `app/b.py:1`.\n\n`pyproject.toml`:\n\n```toml\n[tool.fastlayer]\nroot = "app"\n```'
        in page
    )


def test_write_then_check_and_remove_orphans(tmp_path: Path) -> None:
    (tmp_path / "FL000.md").write_text("orphan")
    generated = docs_gen.pages([_Sample])
    assert docs_gen.stale(tmp_path, generated) == ["FL000.md", "FL999.md", "index.md"]
    assert docs_gen.write(tmp_path, generated) == ["FL000.md", "FL999.md", "index.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["FL999.md", "index.md"]
    assert docs_gen.stale(tmp_path, generated) == []
