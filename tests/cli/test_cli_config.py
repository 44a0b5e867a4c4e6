"""``fastlayer config`` and configuration errors, as a user sees them (issue 15 #4, #5)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import cli, write_project

APP = {"app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"}

EXPECTED = """\
# the effective fastlayer configuration, from {root}/pyproject.toml;
# preset none (built in) merged with your keys.
# Valid as fastlayer.toml (under [tool.fastlayer] in pyproject.toml);
# keys not set are comments.

# the application package directory, relative to the project root (not set: detected)
root = "app"
# the FastAPI apps the project runs (`path/to/module.py:app` from the project root), the main one first; each is judged under its own directory (not set: the main one, detected)
apps = []
# globs of files to leave out, relative to the project root
exclude = []
# more globs to leave out, on top of exclude
extend-exclude = []
# read the root .gitignore
respect-gitignore = true
# the rule codes or prefixes to run (not set: every rule that is not opt-in)
select = ["FL1"]
# more codes or prefixes to run, on top of select
extend-select = []
# rule codes or prefixes to skip
ignore = []
# lowest severity that fails the run
fail-on = "warning"
# baseline file, relative to the project root
# baseline: not set
# check or ignore the imports under `if TYPE_CHECKING:`
type-checking-imports = "check"
# FL102: cycles through imports that run at import time, or all (also inside functions)
import-cycles = "module-level"
# where the facts cache lives, relative to the project root
cache-dir = ".fastlayer_cache"
# a preset shipped with fastlayer, a path to a TOML preset, or none
preset = "none"
# domain packages (the fastapi-domain preset)
# domains: not set

# glob -> codes silenced in matching files
[per-file-ignores]

# code or prefix -> severity the rule reports with
[severity]

# deployment -> the env files that describe it
[environments]

# layer name -> its modules and what it may import

[layers.api]
paths = ["api/**"]
may-import = []
must-not-import-external = []
description = ""

# directories and files the app root must have
[structure]
# paths that must exist under the app root
required = []
# globs of directories that must be packages (have __init__.py)
packages = []
# the only entries allowed at the top of the app root
allowed-top-level = []
# paths that need tests
tests-required = []
# paths expected when the project uses Alembic
alembic-required = []

# path -> detector kind: the path must exist when that kind is found
[structure.required-when]

# kind of code -> where it may live
[placement]

# what the application's routes look like
[app]
# paths a health endpoint may have
health-paths = []
# regular expression every route prefix must match
version-prefix = ""
# glob of the modules that define endpoints
endpoints-pattern = ""

# the documented architecture diagram
[graph]
# Markdown file whose Mermaid diagram `check` holds against the code (FL120-FL122)
# doc: not set

# diagram node id or label -> layer (case-insensitive)
[graph.names]
"""


def test_config_prints_every_key_as_toml(tmp_path: Path) -> None:
    root = write_project(tmp_path, APP, 'root = "app"\npreset = "none"\nselect = ["FL1"]\n')
    (root / "pyproject.toml").write_text(
        (root / "pyproject.toml").read_text()
        + '\n[tool.fastlayer.layers.api]\npaths = ["api/**"]\n'
    )
    result = cli(root, "config")
    assert result.exit_code == 0
    assert result.stdout == EXPECTED.format(root=root.resolve())


def test_every_config_problem_is_reported_at_once_with_exit_two(tmp_path: Path) -> None:
    body = 'ignore = ["FL999"]\nexclude = 3\n[tool.fastlayer.placement]\nroutes = ["api/**"]\n'
    result = cli(write_project(tmp_path, APP, body), "check")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "fastlayer: error: pyproject.toml: exclude: expected an array of strings, got an integer\n"
        "fastlayer: error: pyproject.toml: placement.routes: unknown key (did you mean 'route'?)\n"
        "fastlayer: error: pyproject.toml: ignore: unknown rule code 'FL999' (see `fastlayer rules`)\n"
    )


def test_an_unknown_key_in_any_table_is_an_error(tmp_path: Path) -> None:
    body = (
        '[tool.fastlayer.app]\nversion-prefixes = "^/v1"\n'
        '[tool.fastlayer.graph]\ndocs = "a.md"\n'
        "[tool.fastlayer.structure]\nrequire = []\n"
    )
    result = cli(write_project(tmp_path, APP, body), "config")
    assert result.exit_code == 2
    assert result.stderr == (
        "fastlayer: error: pyproject.toml: app.version-prefixes: unknown key (did you mean 'version-prefix'?)\n"
        "fastlayer: error: pyproject.toml: graph.docs: unknown key (did you mean 'doc'?)\n"
        "fastlayer: error: pyproject.toml: structure.require: unknown key (did you mean 'required'?)\n"
    )
