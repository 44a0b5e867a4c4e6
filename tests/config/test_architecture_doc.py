"""docs/architecture.md describes the preset it documents: its layer table is the preset's may-import."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, FrozenSet

from fastlayer.config.presets import load_preset

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def documented() -> Dict[str, FrozenSet[str]]:
    rows = re.findall(r"^\| `([a-z.]+)` \|.*\| ([^|]*) \|$", DOC, re.MULTILINE)
    return {layer: frozenset(re.findall(r"`([a-z.]+)`", allowed)) for layer, allowed in rows}


def test_the_layer_table_is_the_presets_may_import() -> None:
    preset = load_preset("fastapi-layered", ROOT)
    side = {"tests", "alembic", "scripts", "docs"}  # described in prose below the table
    expected = {
        layer.name: frozenset(layer.may_import) for layer in preset.layers if layer.name not in side
    }
    assert documented() == expected


def test_readme_and_preset_link_the_document() -> None:
    assert "(docs/architecture.md)" in (ROOT / "README.md").read_text()
    assert "docs/architecture.md" in (ROOT / "rules" / "fastapi-layered.toml").read_text()
