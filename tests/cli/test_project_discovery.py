"""Which configuration and project root a run uses, from wherever it starts (issue 15: #2, #10-#12, paths).

A monorepo: the configuration in the repository's pyproject.toml, the backend in ``backend/`` with
its own pyproject.toml without ``[tool.fastlayer]`` (skipped while searching upward, like ruff).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fastlayer.config.locate import NoProject, locate
from tests.helpers import cli

FINDING = (
    "{path}:1:21: FL104 [error] layer 'services' must stay free of 'fastapi' but imports it in "
    "`from fastapi import HTTPException`\n"
)
SUMMARY = "Found 1 finding (1 error) in 4 files.\n"


def monorepo(root: Path, config: str = '[tool.fastlayer]\nselect = ["FL1"]\n') -> Path:
    files = {
        "pyproject.toml": config,
        "backend/pyproject.toml": '[project]\nname = "backend"\n',
        "backend/Dockerfile": "FROM python:3.12\n",
        "backend/app/__init__.py": "",
        "backend/app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        "backend/app/services/__init__.py": "",
        "backend/app/services/user.py": "from fastapi import HTTPException\n",
        "README.md": "# shop\n",
    }
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    (root / ".git").mkdir()
    return root


def quiet(directory: Path, *args: str, stdin: str = "") -> tuple[int, str]:
    """The exit code and the findings (the summary line, which --quiet keeps, left out)."""
    result = cli(directory, "check", "--quiet", "--no-cache", *args, input=stdin or None)
    lines = result.stdout.splitlines(keepends=True)
    assert stdin or lines[-1].startswith(("Found ", "All checks passed"))
    return result.exit_code, "".join(lines if stdin else lines[:-1])


def test_the_configuration_above_a_pyproject_without_the_table_is_found_from_everywhere(
    tmp_path: Path,
) -> None:
    root = monorepo(tmp_path)
    backend, app = root / "backend", root / "backend" / "app"
    source = (app / "services/user.py").read_text()
    assert quiet(root) == (1, FINDING.format(path="backend/app/services/user.py"))
    assert quiet(backend) == (1, FINDING.format(path="app/services/user.py"))
    assert quiet(root, "backend/app/services/user.py") == (
        1,
        FINDING.format(path="backend/app/services/user.py"),
    )
    assert quiet(app, "services/user.py") == (1, FINDING.format(path="services/user.py"))
    stdin = ("--stdin-filename", "backend/app/services/user.py", "-")
    assert quiet(root, *stdin, stdin=source) == (
        1,
        FINDING.format(path="backend/app/services/user.py"),
    )


def test_verbose_says_which_file_was_used_and_why(tmp_path: Path) -> None:
    root = monorepo(tmp_path)
    result = cli(root / "backend", "check", "--verbose", "--no-cache")
    resolved = root.resolve()
    assert f"project root: {resolved}\n" in result.stderr
    assert f"config: {resolved / 'pyproject.toml'}; preset: fastapi-layered\n" in result.stderr
    assert (
        f"  chosen because: the nearest pyproject.toml with [tool.fastlayer] at or above {resolved / 'backend'} "
        f"(skipped {resolved / 'backend/pyproject.toml'}: no [tool.fastlayer])\n"
    ) in result.stderr


def test_check_from_a_subdirectory_reports_that_subtree_with_the_whole_project_model(
    tmp_path: Path,
) -> None:
    root = monorepo(tmp_path)
    (root / "backend/app/api/v1/endpoints").mkdir(parents=True)
    (root / "backend/app/api/v1/endpoints/items.py").write_text("from fastapi import APIRouter\n")
    (root / "backend/app/services/order.py").write_text("from app.api.v1.endpoints import items\n")
    services = root / "backend/app/services"
    code, output = quiet(services)
    assert code == 1
    assert [line.split(": ")[0] for line in output.splitlines()] == [
        "order.py:1:34",
        "user.py:1:21",
    ]
    assert output.splitlines()[0].startswith(
        "order.py:1:34: FL101 [error] layer 'services' imports layer 'api'"
    )
    assert (
        "in 6 files" in cli(services, "check", "--no-cache").stdout
    )  # the whole project is analysed


def test_init_writes_where_check_looks(tmp_path: Path) -> None:
    root = monorepo(tmp_path, config='[project]\nname = "shop"\n')
    written = cli(root, "init")
    assert written.exit_code == 0, written.output
    assert "`fastlayer check` uses it from here and every directory below\n" in written.stdout
    assert (root / "fastlayer-baseline.json").is_file()  # beside the configuration
    assert "[tool.fastlayer]" in (root / "pyproject.toml").read_text()
    assert "fastlayer" not in (root / "backend/pyproject.toml").read_text()
    again = cli(root / "backend", "init")
    assert again.exit_code == 2
    assert again.stderr.startswith(
        "fastlayer: error: pyproject.toml already has a fastlayer configuration"
    )
    assert (
        "chosen because: the nearest pyproject.toml with [tool.fastlayer]"
        in cli(root / "backend", "check", "-v").stderr
    )


def test_a_fastlayer_toml_in_the_backend_decides_the_root_there(tmp_path: Path) -> None:
    root = monorepo(tmp_path, config='[project]\nname = "shop"\n')
    (root / "backend/fastlayer.toml").write_text('select = ["FL1"]\n')
    assert quiet(root / "backend") == (1, FINDING.format(path="app/services/user.py"))
    assert quiet(root, "backend/app/services/user.py") == (
        1,
        FINDING.format(path="backend/app/services/user.py"),
    )


def test_a_named_file_that_is_not_python_is_ignored_with_a_note_and_never_moves_the_root(
    tmp_path: Path,
) -> None:
    root = monorepo(tmp_path)
    for name in ("README.md", "backend/Dockerfile"):
        result = cli(root, "check", "--no-cache", name)
        assert (result.exit_code, result.stdout) == (0, "")
        assert (
            result.stderr
            == f"fastlayer: note: {name}: not a Python, .env or configuration file; ignored\n"
        )
    both = cli(
        root, "check", "--quiet", "--no-cache", "backend/Dockerfile", "backend/app/services/user.py"
    )
    summary = "Found 1 finding (1 error) in 4 files.\n"
    assert both.stdout == FINDING.format(path="backend/app/services/user.py") + summary
    assert (
        both.stderr
        == "fastlayer: note: backend/Dockerfile: not a Python, .env or configuration file; ignored\n"
    )


def test_write_baseline_accepts_dot_for_the_whole_project(tmp_path: Path) -> None:
    root = monorepo(tmp_path)
    result = cli(root, "check", "--no-cache", "--write-baseline", "bl.json", ".")
    assert (
        result.exit_code == 0
        and result.stderr == "fastlayer: wrote 1 finding to baseline bl.json\n"
    )
    assert quiet(root, "--baseline", "bl.json") == (0, "")
    refused = cli(root, "check", "--write-baseline", "bl.json", "backend")
    assert refused.exit_code == 2 and "--write-baseline records the whole project" in refused.stderr


def test_no_project_in_a_huge_tree_is_refused_before_walking_it(tmp_path: Path) -> None:
    for index in range(30):
        (tmp_path / f"d{index}").mkdir()
    with pytest.raises(
        NoProject, match=r"holds more than 20 entries; run fastlayer inside a project"
    ):
        locate(tmp_path, walk_limit=20)
    assert locate(tmp_path, walk_limit=100).project_root == tmp_path.resolve()


def test_the_file_system_root_is_refused() -> None:
    if any(Path("/", marker).exists() for marker in ("pyproject.toml", ".git", "fastlayer.toml")):
        pytest.skip("this machine's / is a project")
    done = subprocess.run(
        [sys.executable, "-I", "-m", "fastlayer", "check", "--no-cache"],
        cwd="/",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "fastlayer: error: no project found at or above /, a system directory; run fastlayer inside a project "
        "(a directory with pyproject.toml, fastlayer.toml or .git) or pass --config\n"
    )


def test_a_dotfiles_repository_in_the_home_directory_is_not_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".git").mkdir()
    (tmp_path / "scripts").mkdir()
    assert locate(tmp_path / "scripts").project_root == (tmp_path / "scripts").resolve()
    with pytest.raises(NoProject, match=r"a system directory"):
        locate(tmp_path)
    result = cli(tmp_path, "check")
    assert result.exit_code == 2 and result.stderr.startswith(
        f"fastlayer: error: no project found at or above {tmp_path.resolve()}, a system directory;"
    )
