"""The Starlette version read from lockfiles and requirements."""

from __future__ import annotations

from pathlib import Path

from fastlayer.files.texts import ProjectTexts
from fastlayer.model.values.versions import starlette_version


def test_uv_lock_then_requirements(tmp_path: Path) -> None:
    (tmp_path / "uv.lock").write_text('[[package]]\nname = "starlette"\nversion = "0.47.2"\n')
    (tmp_path / "requirements.txt").write_text("starlette==1.0.1\n")
    texts = ProjectTexts(tmp_path)
    assert starlette_version(texts, ["requirements.txt", "uv.lock"]) == (0, 47)
    assert starlette_version(texts, ["requirements.txt"]) == (1, 0)
    assert starlette_version(texts, ["README.md"]) is None
