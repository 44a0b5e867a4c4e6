"""``fastlayer graph``: exact output on the graph fixtures, and ``--check`` against a doc that agrees and one that does not."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import cli, write_project

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
AGREES, DISAGREES = FIXTURES / "graph-agrees", FIXTURES / "graph-disagrees"
GOLDEN = [
    (DISAGREES, ("graph",), "expected-graph.mmd"),
    (DISAGREES, ("graph", "--output-format", "dot"), "expected-graph.dot"),
    (DISAGREES, ("graph", "--format", "json"), "expected-graph.json"),
    (AGREES, ("graph", "--modules"), "expected-modules.mmd"),
    (
        AGREES,
        ("graph", "--output-format", "dot", "--layer", "services", "--show-unused"),
        "expected-services.dot",
    ),
]


@pytest.mark.parametrize("project, args, golden", GOLDEN, ids=[g[2] for g in GOLDEN])
def test_graph_output_is_exact(project: Path, args: tuple, golden: str) -> None:
    result = cli(project, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (project / golden).read_text(encoding="utf-8")


def test_check_agreeing_doc_exits_zero() -> None:
    result = cli(AGREES, "graph", "--check", "docs/architecture.md")
    assert (result.exit_code, result.stdout) == (0, "All checks passed (18 files checked).\n")


def test_check_disagreeing_doc_reports_doc_lines_and_exits_one() -> None:
    result = cli(DISAGREES, "graph", "--check", "docs/architecture.md")
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("docs/")]
    assert lines == [
        "docs/architecture.md:7:1: FL121 [warning] the code has api --> models.schemas (1 import, first at app/api/v1/endpoints/users.py:3) but the diagram does not show it",
        "docs/architecture.md:8:1: FL121 [warning] the code has services --> api (1 import, first at app/services/users.py:1) but the diagram does not show it",
        "docs/architecture.md:8:1: FL121 [warning] the code has services --> core (1 import, first at app/services/users.py:2) but the diagram does not show it",
        "docs/architecture.md:10:1: FL120 [warning] diagram draws core --> services (Core --> BS), which the configuration forbids "
        "(core may import: config, models, models.domain, models.schemas, utils)",
        "docs/architecture.md:12:1: FL122 [warning] cannot read this diagram statement: expected a link (-->, ---, -.->, ==>) at '->> Schemas'",
    ]


def test_check_a_doc_other_than_the_configured_one(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(AGREES, project)
    (project / "docs" / "other.md").write_text("```mermaid\ngraph TD\n    Core --> Services\n```\n")
    result = cli(project, "graph", "--check", "docs/other.md", "--output-format", "json")
    assert result.exit_code == 1
    assert (
        '"path": "docs/other.md",\n      "line": 3,' in result.stdout
        and '"code": "FL120"' in result.stdout
    )


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert cli(AGREES, "graph", "--check", "docs/missing.md").exit_code == 2
    unknown = cli(AGREES, "graph", "--layer", "nope")
    assert unknown.exit_code == 2 and "unknown layer 'nope'" in unknown.stderr
    no_app = write_project(tmp_path / "noapp", {"lib/x.py": "X = 1\n"}, 'preset = "none"\n')
    assert cli(no_app, "graph").exit_code == 2


def test_graph_config_is_validated(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {"app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"},
        '[tool.fastlayer.graph]\ndoc = "docs/none.md"\nnames = { "X" = "nolayer" }\nwhat = 1\n',
    )
    result = cli(root, "graph")
    assert result.exit_code == 2
    assert "graph.what: unknown key" in result.stderr
    root2 = write_project(
        tmp_path / "two",
        {"app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"},
        '[tool.fastlayer.graph]\ndoc = "docs/none.md"\nnames = { "X" = "nolayer" }\n',
    )
    errors = cli(root2, "graph").stderr
    assert (
        "graph.names.'X': unknown layer 'nolayer'" in errors
        and "graph.doc: file 'docs/none.md' not found" in errors
    )


def test_a_suppressed_import_is_not_drawn_as_forbidden(tmp_path: Path) -> None:
    """Issue 15: graph honours `# fastlayer: ignore[FL101]` on the import, like check does."""
    project = tmp_path / "project"
    shutil.copytree(DISAGREES, project, ignore=shutil.ignore_patterns(".fastlayer_cache"))

    def forbidden() -> list:
        edges = json.loads(cli(project, "graph", "--format", "json").stdout)["edges"]
        return [(e["source"], e["target"], e["where"]) for e in edges if not e["allowed"]]

    assert forbidden() == [("services", "api", ["app/services/users.py:1"])]
    module = project / "app/services/users.py"
    first, rest = module.read_text().split("\n", 1)
    module.write_text(f"{first}  # fastlayer: ignore[FL101]\n{rest}")
    assert forbidden() == []
    assert "FL101" not in cli(project, "graph").stdout
    assert cli(project, "check", "--select", "FL101", "--quiet").stdout == (
        "All checks passed (18 files checked).\n"
    )
