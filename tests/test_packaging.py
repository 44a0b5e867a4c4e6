"""The presets under rules/ ship inside the wheel, and the installed CLI finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("fastlayer-*.whl")
    return built


def test_wheel_contains_every_preset(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for preset in sorted((ROOT / "rules").glob("*.toml")):
        assert f"fastlayer/presets/{preset.name}" in names
    assert "fastlayer/cli/main.py" in names


def test_installed_wheel_lists_presets_and_rules(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    code = "from fastlayer.config.presets import available_presets, presets_dir; print(presets_dir()); print(available_presets())"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        check=True,
    )
    location, listed = out.stdout.splitlines()
    assert location == str(target / "fastlayer" / "presets")
    assert "fastapi-layered" in listed


def test_distribution_name_is_the_one_pyproject_gives() -> None:
    """The presets are located through the installed distribution's files: the names must agree."""
    from fastlayer import DISTRIBUTION
    from fastlayer.config.toml import read_toml

    assert read_toml(ROOT / "pyproject.toml", "pyproject.toml")["project"]["name"] == DISTRIBUTION
