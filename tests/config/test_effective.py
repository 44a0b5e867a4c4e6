"""``fastlayer config``'s document: every key, valid TOML, and it loads back into the same Config."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fastlayer.config import keys
from fastlayer.config.effective import document, render
from fastlayer.config.loader import Config, load_config
from fastlayer.rules import all_rules
from fastlayer.rules.placement import PlacementRule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CODES = set(all_rules().rules)

EVERYTHING = """\
root = "app"
preset = "fastapi-layered"
exclude = ["app/legacy/**"]
extend-exclude = ["app/generated/**"]
respect-gitignore = false
select = ["FL1", "FL4"]
extend-select = ["FL003"]
ignore = ["FL203"]
per-file-ignores = { "app/scripts/*.py" = ["FL307"], "tests/**" = ["FL1"] }
severity = { FL105 = "info", FL4 = "error" }
fail-on = "error"
baseline = "fastlayer-baseline.json"
type-checking-imports = "ignore"
cache-dir = ".cache/fastlayer"

[tool.fastlayer.environments]
production = [".env.production", ".env"]

[tool.fastlayer.layers.services]
paths = ["services/**", "domain/**"]
description = "business logic, \\"quoted\\"\\nand a second line"

[tool.fastlayer.layers."api.v2"]
paths = ["api/v2/**"]
may-import = ["services"]

[tool.fastlayer.structure]
required-when = { "tasks" = "celery-task" }

[tool.fastlayer.placement]
route = ["api/**", "main.py"]

[tool.fastlayer.app]
version-prefix = "^/v[0-9]+"

[tool.fastlayer.graph]
doc = "docs/architecture.md"
names = { "Business Services" = "services" }
"""


def _load(root: Path) -> Config:
    return load_config(root, None, CODES)


def _project(root: Path, body: str) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs/architecture.md").write_text("# Architecture\n")
    (root / "pyproject.toml").write_text("[tool.fastlayer]\n" + body)
    return root


@pytest.mark.parametrize(
    "body", [EVERYTHING, "", 'preset = "fastapi-domain"\n', 'preset = "none"\n']
)
def test_the_printed_configuration_loads_back_into_the_same_config(
    tmp_path: Path, body: str
) -> None:
    config = _load(_project(tmp_path, body))
    (tmp_path / "fastlayer.toml").write_text(
        render(config)
    )  # fastlayer.toml wins over pyproject.toml
    again = _load(tmp_path)
    assert again.config_file == tmp_path / "fastlayer.toml"
    assert again.replace(config_file=config.config_file) == config


def test_every_key_of_the_table_is_printed(tmp_path: Path) -> None:
    config = _load(_project(tmp_path, EVERYTHING))
    printed = tomllib.loads(render(config))
    every = {key.name for key in keys.SETTINGS + keys.ARCHITECTURE + keys.TABLES}
    assert set(document(config)) == every
    assert set(printed) == every - {"domains"}  # not set in this preset: a comment
    assert printed["severity"] == {"FL105": "info", "FL4": "error"}
    assert printed["layers"]["api.v2"]["may-import"] == ["services"]
    assert (
        printed["layers"]["services"]["description"]
        == 'business logic, "quoted"\nand a second line'
    )
    assert printed["graph"] == {
        "doc": "docs/architecture.md",
        "names": {"Business Services": "services"},
    }
    assert printed["structure"]["required-when"] == {"tasks": "celery-task"}


def test_unset_keys_are_comments_not_invalid_toml(tmp_path: Path) -> None:
    text = render(_load(_project(tmp_path, 'preset = "none"\n')))
    assert (
        "# root: not set\n" in text
        and "# select: not set\n" in text
        and "# baseline: not set\n" in text
    )
    assert "root =" not in text
    tomllib.loads(text)


def test_placement_keys_are_the_placement_rules_kinds() -> None:
    kinds = {rule.kind for rule in all_rules().rules.values() if issubclass(rule, PlacementRule)}
    assert {key.name for key in keys.PLACEMENT} == kinds
