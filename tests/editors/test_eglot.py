"""docs/editors.md's eglot configuration (`eglot-server-programs` + `eglot-ensure`), run for real: Emacs in
batch mode opens a file with a layer violation, flymake gets the finding from `fastlayer server`, and loses it
when the buffer is fixed. Skipped without Emacs or without eglot (built in from Emacs 29; Debian's
elpa-eglot before)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.editors.snippets import ORGS, block_with, editor_env, violating_project

CHECK = Path(__file__).with_name("check_eglot.el")
# Emacs -Q skips site initialisation, which is what puts packages of Debian's elpa-* on the load path.
PRELUDE = """(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path dir))
(require 'eglot)
"""


def test_the_documented_eglot_config_shows_and_clears_findings(tmp_path: Path) -> None:
    emacs = shutil.which("emacs")
    if emacs is None:
        pytest.skip("Emacs is not installed")
    prelude = tmp_path / "prelude.el"
    prelude.write_text(PRELUDE)
    probe = subprocess.run(
        [emacs, "--batch", "-Q", "-l", str(prelude)], capture_output=True, timeout=60
    )
    if probe.returncode != 0:
        pytest.skip("eglot is not available to Emacs")
    project = violating_project(tmp_path)
    config = tmp_path / "config.el"
    config.write_text(block_with("elisp", "eglot-server-programs"))
    out = tmp_path / "out.json"
    env = {**editor_env(tmp_path), "FASTLAYER_FILE": str(project / ORGS), "FASTLAYER_OUT": str(out)}
    command = [emacs, "--batch", "-Q", "-l", str(prelude), "-l", str(config), "-l", str(CHECK)]
    done = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=180
    )
    assert out.exists(), (done.returncode, done.stdout, done.stderr)
    result = json.loads(out.read_text())
    [(line, kind, text)] = result["before"]
    assert (line, kind, "[FL101]" in text) == (1, "eglot-error", True), text
    assert "layer 'services' imports layer 'api' (api.users)" in text
    assert (result["found"], result["cleared"], result["after"]) == (True, True, [])
