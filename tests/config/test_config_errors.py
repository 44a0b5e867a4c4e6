"""A broken configuration is exit 2 with one clear line per problem, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest

from tests.helpers import cli, write_project

MAIN = {"app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"}


def _errors(root: Path) -> List[str]:
    result = cli(root, "check", "--no-cache")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    return result.stderr.splitlines()


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        pytest.param(
            'root = "app',
            "pyproject.toml: invalid TOML: Illegal character '\\n' (at line 5, column 12)",
            id="toml-syntax-error-with-line",
        ),
        pytest.param(
            "root = 1", "pyproject.toml: root: expected a string, got an integer", id="wrong-type"
        ),
        pytest.param(
            'select = "FL101"',
            "pyproject.toml: select: expected an array of strings, got a string",
            id="string-for-array",
        ),
        pytest.param(
            "fail-on = 'fatal'",
            "pyproject.toml: fail-on: expected one of 'error', 'warning', 'info', got 'fatal'",
            id="not-a-choice",
        ),
        pytest.param(
            "respect-gitignore = 'yes'",
            "pyproject.toml: respect-gitignore: expected a boolean, got a string",
            id="string-for-bool",
        ),
        pytest.param(
            "exlude = ['x/**']",
            "pyproject.toml: exlude: unknown key (did you mean 'exclude'?)",
            id="unknown-key",
        ),
        pytest.param(
            "select = ['FL999']",
            "pyproject.toml: select: unknown rule code 'FL999' (see `fastlayer rules`)",
            id="unknown-code",
        ),
        pytest.param(
            "ignore = ['XX1']",
            "pyproject.toml: ignore: unknown rule code 'XX1' (see `fastlayer rules`)",
            id="unknown-prefix",
        ),
        pytest.param(
            "per-file-ignores = { 'app/*.py' = 'FL101' }",
            "pyproject.toml: per-file-ignores: expected a table of string arrays; 'app/*.py' should be an array of strings, got a string",
            id="per-file-ignores-entry-type",
        ),
        pytest.param(
            "[tool.fastlayer.layers.services]\npaths = ['services/**']\nmay-import = ['nope']",
            "pyproject.toml: layers.services.may-import: unknown layer 'nope' (layers: alembic, api, config, core, docs, main, "
            "models, models.database, models.domain, models.schemas, scripts, services, tasks, tests, utils)",
            id="unknown-layer",
        ),
        pytest.param(
            "exclude = ['a/**b/c']",
            "pyproject.toml: exclude: invalid glob 'a/**b/c': '**' must be a whole path segment",
            id="invalid-glob",
        ),
        pytest.param(
            "exclude = ['a[b']",
            "pyproject.toml: exclude: invalid glob 'a[b': unbalanced '['",
            id="unbalanced-bracket-glob",
        ),
        pytest.param(
            "exclude = ['a/[]/b']",
            "pyproject.toml: exclude: invalid glob 'a/[]/b': '[' and ']' must enclose a non-empty character class",
            id="empty-bracket-glob",
        ),
        pytest.param(
            "per-file-ignores = { 'x][y.py' = ['FL101'] }",
            "pyproject.toml: per-file-ignores.'x][y.py': invalid glob 'x][y.py': '[' and ']' must enclose a "
            "non-empty character class",
            id="reversed-bracket-glob",
        ),
        pytest.param(
            "[tool.fastlayer.app]\nversion-prefix = '^/api/(v[0-9]+'",
            "pyproject.toml: app.version-prefix: invalid regular expression '^/api/(v[0-9]+': missing ), unterminated subpattern at position 6",
            id="invalid-regex",
        ),
        pytest.param(
            "[tool.fastlayer.app]\nendpoints-pattern = 'api/**v/x'",
            "pyproject.toml: app.endpoints-pattern: invalid glob 'api/**v/x': '**' must be a whole path segment",
            id="invalid-endpoints-glob",
        ),
        pytest.param(
            "preset = 'nope'",
            "pyproject.toml: preset: unknown preset 'nope' (available: fastapi-domain, fastapi-layered, none)",
            id="unknown-preset",
        ),
        pytest.param(
            "root = 'backend/app'",
            "root: directory 'backend/app' does not exist under {root}",
            id="missing-root",
        ),
    ],
)
def test_config_problem_is_one_line_and_exit_two(
    tmp_path: Path, config: str, expected: str
) -> None:
    root = write_project(tmp_path, MAIN, config)
    assert _errors(root) == [f"fastlayer: error: {expected.format(root=root)}"]


def test_every_problem_at_once(tmp_path: Path) -> None:
    root = write_project(
        tmp_path, MAIN, "root = 1\nselect = ['FL1']\nexlude = []\nfail-on = 'never'"
    )
    assert _errors(root) == [
        "fastlayer: error: pyproject.toml: root: expected a string, got an integer",
        "fastlayer: error: pyproject.toml: exlude: unknown key (did you mean 'exclude'?)",
        "fastlayer: error: pyproject.toml: fail-on: expected one of 'error', 'warning', 'info', got 'never'",
    ]


def test_preset_file_that_does_not_exist(tmp_path: Path) -> None:
    root = write_project(tmp_path, MAIN, "preset = 'presets/mine.toml'")
    assert _errors(root) == [
        f"fastlayer: error: pyproject.toml: preset: preset file not found: {root / 'presets/mine.toml'}"
    ]


def test_config_file_that_is_not_utf8(tmp_path: Path) -> None:
    root = write_project(tmp_path, MAIN)
    (root / "pyproject.toml").write_bytes(b"[tool.fastlayer]\nroot = '\xff'\n")
    assert _errors(root) == [
        "fastlayer: error: pyproject.toml: invalid TOML: not valid UTF-8 (byte 0xff at offset 25)"
    ]


def test_explicit_config_that_does_not_exist(tmp_path: Path) -> None:
    root = write_project(tmp_path, MAIN)
    result = cli(root, "check", "--config", "other.toml")
    assert (
        result.exit_code == 2
        and result.stderr == "fastlayer: error: other.toml: config file not found\n"
    )


def test_graph_doc_outside_the_project_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/notes.md").write_text("```mermaid\ngraph TD\n  s3cr3t --> other\n```\n")
    root = write_project(
        tmp_path / "p", MAIN, '[tool.fastlayer.graph]\ndoc = "../outside/notes.md"\n'
    )
    assert _errors(root) == [
        f"fastlayer: error: pyproject.toml: graph.doc: '../outside/notes.md' is not a regular file "
        f"whose real path is under {root}"
    ]
    root2 = write_project(tmp_path / "p2", MAIN, '[tool.fastlayer.graph]\ndoc = "docs/arch.md"\n')
    (root2 / "docs").mkdir()
    (root2 / "docs/arch.md").symlink_to(tmp_path / "outside/notes.md")
    assert "s3cr3t" not in "".join(_errors(root2))


def test_config_that_is_not_a_regular_file_is_one_line(tmp_path: Path) -> None:
    root = write_project(tmp_path, MAIN)
    result = cli(root, "check", "--no-cache", "--config", "/dev/zero")
    assert result.exit_code == 2
    assert result.stderr == "fastlayer: error: /dev/zero: config file not found\n"
