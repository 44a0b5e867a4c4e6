"""Shared test helpers: write a small project, run fastlayer on it."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Union

from click.testing import CliRunner, Result

from fastlayer.cli.main import main
from fastlayer.config.loader import load_config
from fastlayer.diagnostics import Diagnostic
from fastlayer.engine.result import RunRequest
from fastlayer.engine.run import run
from fastlayer.rules import all_rules

Files = Dict[str, Union[str, bytes]]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fixture_texts() -> List[str]:
    """The text of every UTF-8 Python file under ``fixtures/``, in path order."""
    texts = []
    for path in sorted(FIXTURES.rglob("*.py")):
        try:
            texts.append(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            continue
    return texts


def write_project(root: Path, files: Files, config: str = "") -> Path:
    """Write ``files`` under ``root`` plus a pyproject.toml with ``[tool.fastlayer]`` + ``config``."""
    return write_unconfigured(
        root, files, f"[project]\nname = 'sample'\n\n[tool.fastlayer]\n{config}\n"
    )


def write_unconfigured(
    root: Path, files: Files, pyproject: str = "[project]\nname = 'x'\n"
) -> Path:
    """Write ``files`` under ``root`` plus ``pyproject`` (by default one without a fastlayer
    table: what ``init`` starts from)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(pyproject)
    return write_files(root, files)


def write_files(root: Path, files: Files) -> Path:
    """Write ``files`` (text or bytes) under ``root``."""
    for path, content in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def diagnostics(root: Path, select: Optional[Sequence[str]] = None) -> List[Diagnostic]:
    config = load_config(root, None, all_rules().rules)
    result = run(RunRequest(config, select=tuple(select) if select else None))
    assert not result.internal_errors, result.internal_errors
    return list(result.diagnostics)


@contextmanager
def chdir(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def cli(root: Path, *args: str, input: Optional[str] = None) -> Result:
    with chdir(root):
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


# main -> api -> services, nothing back: a small layered project for end-to-end tests
THREE_LAYERS = """root = "app"
preset = "none"

[tool.fastlayer.layers.main]
paths = ["main.py"]
may-import = ["api", "services"]

[tool.fastlayer.layers.api]
paths = ["api/**"]
may-import = ["services"]

[tool.fastlayer.layers.services]
paths = ["services/**"]
may-import = []
"""


def findings_at(root: Path, *args: str) -> List[str]:
    """``path:line:col: CODE`` of each finding ``fastlayer check`` (uncached, quiet, exit 0, plus
    ``args``) prints in ``root``."""
    checked = cli(root, "check", "--no-cache", "--quiet", "--exit-zero", *args)
    return [line.split(" [")[0] for line in checked.stdout.splitlines()[:-1]]
