"""The README's two commands and its sample output stay true."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Dict

import pytest

from tests.helpers import cli, write_project
from tests.test_precommit import GIT_ENV

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.DOTALL)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = next(b.strip() for b in _blocks("console") if "pytest" in b)
    assert test_command in (ROOT / ".ci" / "run").read_text().splitlines()


def test_sample_output_is_what_the_example_gives() -> None:
    sample = _blocks("text")[0]
    example = (
        "fixtures/example-shop"  # run from the checkout, as the README does: paths relative to it
    )
    quiet = cli(ROOT, "check", "--quiet", "--no-cache", example).stdout  # findings and summary
    assert sample == quiet


def _section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _shell(
    command: str, cwd: Path, env: Dict[str, str], timeout: int = 600
) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_quick_start_on_your_own_project_from_a_fresh_clone(tmp_path: Path) -> None:
    """README "Install" and "Use it on your own project", executed: clone this repository (HEAD:
    commit before running this test), install with the README's line (its URL and tag replaced by the
    clone and its commit), then init, config, check, baseline, the pre-commit snippet and the CI line
    on a copy of the example without its configuration."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    clone, venv, project = tmp_path / "fastlayer", tmp_path / "venv", tmp_path / "shop"
    subprocess.run(
        ["git", "clone", "-q", str(ROOT), str(clone)], check=True, env={**os.environ, **GIT_ENV}
    )
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True, text=True
    ).stdout.strip()
    source = f"git+file://{clone}@{head}"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {
        **os.environ,
        **GIT_ENV,
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "NO_COLOR": "1",
    }
    [install] = [
        b.strip() for b in re.findall(r"```console\n(.*?)```", _section("Install"), re.DOTALL)
    ]
    readme_source = install.split('"')[1]
    done = _shell(install.replace(readme_source, source), tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert _shell("fastlayer --version", tmp_path, env).stdout == "fastlayer 0.1.0\n"

    shutil.copytree(
        ROOT / "fixtures/example-shop", project, ignore=shutil.ignore_patterns(".fastlayer_cache")
    )
    (project / "expected.txt").unlink()
    (project / "pyproject.toml").write_text('[project]\nname = "shop"\nversion = "1.0"\n')
    quick_start = _section("Use it on your own project")
    [steps] = re.findall(r"```console\n(.*?)```", quick_start, re.DOTALL)
    results = [_shell(step, project, env) for step in steps.strip().splitlines()]
    assert [r.returncode for r in results] == [0, 0, 1, 0, 0], [
        r.stdout + r.stderr for r in results
    ]
    init, config, check, baseline, rerun = results
    assert "fastlayer configuration in pyproject.toml" in init.stdout
    assert "[tool.fastlayer]" in (project / "pyproject.toml").read_text()
    assert "effective fastlayer configuration" in config.stdout.splitlines()[0]
    assert str(project / "pyproject.toml") in config.stdout.splitlines()[0]
    found = check.stdout.splitlines()[-1]
    assert re.fullmatch(r"Found (\d+) findings? \(.*\) in \d+ files\.", found), check.stdout
    known = re.search(r"fastlayer-baseline.json: (\d+) known findings? not shown", check.stderr)
    assert known is not None, check.stderr  # init recorded today's layout findings
    count = int(found.split()[1]) + int(known.group(1))  # --write-baseline records them all
    assert (
        baseline.stderr
        == f"fastlayer: wrote {count} finding{'s' * (count != 1)} to baseline fastlayer-baseline.json\n"
    )
    assert rerun.stdout.startswith("All checks passed")

    assert 'baseline = "fastlayer-baseline.json"' in (project / "pyproject.toml").read_text()
    [snippet] = re.findall(r"```yaml\n(.*?)```", quick_start, re.DOTALL)
    snippet = textwrap.dedent(snippet).replace(
        "https://github.com/<your-org>/fastlayer", str(clone)
    )
    (project / ".pre-commit-config.yaml").write_text(snippet.replace("rev: v0.1.0", f"rev: {head}"))
    for command in ("git init -q", "git add -A", "git commit -q -m shop"):
        assert _shell(command, project, env).returncode == 0
    hook_env = {**env, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    hook = _shell(
        f"{sys.executable} -m pre_commit run --all-files --color never", project, hook_env
    )
    assert hook.returncode == 0 and "fastlayer" in hook.stdout and "Passed" in hook.stdout, (
        hook.stdout
    )

    [ci] = re.findall(r"```yaml\n- run: (.*?)\n```", _section("CI"), re.DOTALL)
    gate = _shell(ci, project, {**env, "FASTLAYER_SOURCE": source})
    assert gate.returncode == 0, gate.stdout + gate.stderr
    assert [
        line for line in gate.stdout.splitlines() if line.startswith("::")
    ] == []  # pip talks on stdout
    assert f"baseline fastlayer-baseline.json: {count} known findings not shown\n" in gate.stderr


def test_fastlayer_ignore_works_beside_other_tools_noqa_comments(tmp_path: Path) -> None:
    """README, "Inline suppressions": fastlayer honours only its own marker, in either order."""
    [line] = re.findall(r"```python\n(.*?)\n```", README, re.DOTALL)
    settings = (
        "from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    {}\n"
    )
    select = ("check", "--select", "FL407", "--quiet", "--no-cache")
    noqa_only = line.split("  # fastlayer:")[0]
    swapped = noqa_only.replace("  # noqa: S105", "  # fastlayer: ignore[FL407]  # noqa: S105")
    root = write_project(
        tmp_path, {"app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"}
    )
    for source, expected_code in ((noqa_only, 1), (line, 0), (swapped, 0)):
        (root / "app/config.py").write_text(settings.format(source))
        result = cli(root, *select)
        assert result.exit_code == expected_code, (source, result.output)
    (root / "app/config.py").write_text(settings.format(noqa_only))
    assert cli(root, *select).stdout.startswith("app/config.py:4:")
