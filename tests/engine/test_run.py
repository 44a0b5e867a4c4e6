from __future__ import annotations

from pathlib import Path

from fastlayer.config.loader import load_config
from fastlayer.engine.run import build_model
from fastlayer.files.texts import ProjectTexts
from fastlayer.rules import all_rules
from fastlayer.rules.diagram import UnreadableDiagramRule
from tests.helpers import write_project

DOC = "# Architecture\n\n```mermaid\ngraph TD\n    Main[main.py]\n```\n"
FILES = {
    "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    "docs/architecture.md": DOC,
    "deploy/.env.production": "DEBUG=false\n",
}
CONFIG = (
    '[tool.fastlayer.graph]\ndoc = "docs/architecture.md"\n\n'
    '[tool.fastlayer.environments]\nproduction = ["deploy/.env.production"]\n'
)


def test_the_files_the_configuration_names_are_read_when_the_model_is_built(tmp_path: Path) -> None:
    root = write_project(tmp_path, FILES, CONFIG)
    model = build_model(load_config(root, None, all_rules().rules))
    (root / "docs/architecture.md").unlink()
    (root / "deploy/.env.production").unlink()
    assert model.texts.read("docs/architecture.md") == DOC
    env = model.env_files.read("deploy/.env.production")
    assert env is not None and [(e.key, e.value) for e in env.entries] == [("DEBUG", "false")]
    assert (
        list(UnreadableDiagramRule().check(model)) == []
    )  # the rule reads the model, not the disk
    model.texts = ProjectTexts(root)  # a store that reads now: the document is gone
    found = [(d.path, d.code) for d in UnreadableDiagramRule().check(model)]
    assert found == [("docs/architecture.md", "FL122")]
