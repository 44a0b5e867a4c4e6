from __future__ import annotations

from pathlib import Path

import pytest

from fastlayer.config.loader import load_config
from fastlayer.config.locate import find_project_root
from fastlayer.config.toml import ConfigError
from fastlayer.rules import all_rules

CODES = set(all_rules().rules)


def _problems(tmp_path: Path, body: str, name: str = "pyproject.toml") -> list[str]:
    text = f"[tool.fastlayer]\n{body}\n" if name == "pyproject.toml" else body
    (tmp_path / name).write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, None, CODES)
    return caught.value.problems


def test_defaults_without_config(tmp_path: Path) -> None:
    config = load_config(tmp_path, None, CODES)
    assert (
        config.config_file is None
        and config.preset.name == "fastapi-layered"
        and config.fail_on == "warning"
    )


def test_every_problem_is_reported_at_once_with_its_key(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path, 'rooot = "app"\nexclude = "x"\nfail-on = "fatal"\nselect = ["FL999"]\n'
    )
    assert problems == [
        "pyproject.toml: rooot: unknown key (did you mean 'root'?)",
        "pyproject.toml: exclude: expected an array of strings, got a string",
        "pyproject.toml: fail-on: expected one of 'error', 'warning', 'info', got 'fatal'",
        "pyproject.toml: select: unknown rule code 'FL999' (see `fastlayer rules`)",
    ]


def test_unknown_codes_layers_and_bad_globs(tmp_path: Path) -> None:
    body = (
        'preset = "none"\nselect = ["FL999"]\nignore = ["FL0"]\nexclude = ["a**"]\n'
        '[tool.fastlayer.layers.services]\npaths = ["services/**"]\nmay-import = ["modles"]\n'
    )
    assert _problems(tmp_path, body) == [
        "pyproject.toml: select: unknown rule code 'FL999' (see `fastlayer rules`)",
        "pyproject.toml: exclude: invalid glob 'a**': '**' must be a whole path segment",
        "pyproject.toml: layers.services.may-import: unknown layer 'modles' (layers: services)",
    ]


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, "root = \n", name="fastlayer.toml")
    assert problem.startswith("fastlayer.toml: invalid TOML:") and "line 1" in problem


def test_unknown_preset(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, 'preset = "django"')
    assert problem.startswith("pyproject.toml: preset: unknown preset 'django' (available: ")


def test_user_layers_override_and_extend_the_preset(tmp_path: Path) -> None:
    (tmp_path / "fastlayer.toml").write_text(
        '[layers.services]\nmay-import = ["models"]\n[layers.crud]\npaths = ["crud/**"]\n'
    )
    preset = load_config(tmp_path, None, CODES).preset
    services, crud = preset.layer("services"), preset.layer("crud")
    assert (
        services is not None
        and services.may_import == ("models",)
        and services.paths == ("services/**",)
    )
    assert crud is not None and crud.paths == ("crud/**",)


def test_project_root_is_the_nearest_marker(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "app" / "api").mkdir(parents=True)
    assert find_project_root(tmp_path / "app" / "api") == tmp_path.resolve()
