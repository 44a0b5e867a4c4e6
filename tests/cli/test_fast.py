"""The no-change shortcut (``cli/fast.py``, ``engine/shortcut.py``): a second identical ``check``
prints the first one's output and exits with its code without importing click or the rules; any
change of a file, a new file, a configuration edit or other arguments runs the check again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from fastlayer.engine.shortcut import eligible
from tests.helpers import THREE_LAYERS, write_project

FILES = {
    "app/__init__.py": "",
    "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    "app/services/__init__.py": "",
    "app/services/users.py": "from app.api import routes\n",  # services -> api: FL101
    "app/api/__init__.py": "",
    "app/api/routes.py": "X = 1\n",
}


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["check"], True),
        (["check", "--quiet", "--select", "FL1", "app/"], True),
        (["check", "-qv", "-j2", "--output-format=json"], True),
        (["graph"], False),
        ([], False),
        (["check", "--output-file", "out.txt"], False),
        (["check", "-o", "out.txt"], False),
        (["check", "-qo", "out.txt"], False),
        (["check", "--write-baseline=b.json"], False),
        (["check", "--watch"], False),
        (["check", "--stdin-filename", "app/x.py", "-"], False),
        (["check", "--no-cache"], False),
        (["check", "--help"], False),
    ],
)
def test_only_a_check_whose_only_effect_is_its_output_is_replayed(
    argv: List[str], expected: bool
) -> None:
    assert eligible(argv) is expected


def _age(root: Path) -> None:
    """Every file and directory an hour old: no stamp is too fresh to trust."""
    past = os.stat(root).st_mtime - 3600
    for directory, _, names in os.walk(root):
        for name in names + [""]:
            os.utime(os.path.join(directory, name), (past, past))


def _check(root: Path, env: Dict[str, str], *args: str) -> Tuple[int, str, bool]:
    """Exit code, stdout, and whether click was imported (the check really ran)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fastlayer", "check", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]
    return done.returncode, done.stdout, "click" in imported


@pytest.fixture()
def project(tmp_path: Path) -> Tuple[Path, Dict[str, str]]:
    root = write_project(tmp_path / "project", FILES, THREE_LAYERS)
    _age(root)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "user-cache"))
    return root, env


def _recorded(root: Path, env: Dict[str, str], *args: str) -> Tuple[int, str, bool]:
    """The first run creates the cache directory (the project root changes: too fresh to
    record); aged, the second run is recorded."""
    first = _check(root, env, *args)
    _age(root)
    assert _check(root, env, *args) == first
    return first


def test_a_second_identical_check_replays_the_first(project: Tuple[Path, Dict[str, str]]) -> None:
    root, env = project
    code, out, ran = _recorded(root, env, "--quiet")
    assert (code, ran) == (1, True) and "FL101" in out
    assert _check(root, env, "--quiet") == (1, out, False)
    assert _check(root, env, "--quiet", "--exit-zero")[2]  # other arguments: another record


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("app/services/users.py", "X = 2\n"),  # the violation is gone
        ("app/services/orders.py", "from app.api import routes\n"),  # a new file
        ("pyproject.toml", "[tool.fastlayer]\n" + THREE_LAYERS + 'ignore = ["FL101"]\n'),
    ],
)
def test_any_change_runs_the_check_again(
    project: Tuple[Path, Dict[str, str]], path: str, text: str
) -> None:
    root, env = project
    first = _recorded(root, env, "--quiet")
    assert _check(root, env, "--quiet") == (first[0], first[1], False)  # replayed
    (root / path).write_text(text)
    _age(root)
    code, out, ran = _check(root, env, "--quiet")
    assert ran and out != first[1]


@pytest.mark.skipif(os.name != "posix", reason="closes a descriptor before exec")
@pytest.mark.parametrize("args, code", [(["--version"], 0), (["--no-such-option"], 2)])
def test_the_exit_code_survives_a_closed_output(args: List[str], code: int) -> None:
    """The entry point leaves with ``os._exit`` after flushing: a stream Python could not even
    open (started with ``>&-`` or ``2>&-``) must not turn every exit code into 1."""
    for closed in (1, 2):
        done = subprocess.run(
            [sys.executable, "-m", "fastlayer", *args],
            preexec_fn=lambda: os.close(closed),
            capture_output=False,
        )
        assert done.returncode == code, closed
