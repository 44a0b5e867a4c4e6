"""The CI recipes (docs/ci/), the editor snippets (docs/editors.md) and .pre-commit-hooks.yaml:
valid YAML/JSON, and every `fastlayer check` command in them runs on a fixture with existing options."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from tests.helpers import cli

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[1]
CI = ROOT / "docs" / "ci"
EDITORS = ROOT / "docs" / "editors.md"
FIXTURE = ROOT / "fixtures" / "ci-report"
EXPECTED = (FIXTURE / "expected.txt").read_text().splitlines()


def load(name: str) -> Any:
    return yaml.safe_load((CI / name).read_text())


def commands(lines: List[str]) -> Iterator[List[str]]:
    for block in lines:
        for line in block.splitlines():
            if line.strip().startswith("fastlayer check"):
                yield shlex.split(line.strip())[2:]


def github_runs(workflow: Dict[str, Any]) -> List[str]:
    return [
        step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step
    ]


def option(args: List[str], name: str) -> str:
    return args[args.index(name) + 1]


def run_on_fixture(tmp_path: Path, args: List[str], stdin: str = "") -> str:
    project = tmp_path / "project"
    if not project.exists():
        shutil.copytree(FIXTURE, project)
    result = cli(project, "check", *args, input=stdin or None)
    assert result.exit_code in (0, 1), (args, result.output)
    if "--output-file" in args:
        return (project / option(args, "--output-file")).read_text()
    return result.stdout


README = (ROOT / "README.md").read_text()
SOURCE_VARIABLE = "FASTLAYER_SOURCE"
INSTALL = f'pip install "${SOURCE_VARIABLE}"'


def readme_source() -> str:
    """The one install source the README states: `pip install "<source>"` under "Install"."""
    install = README.split("## Install\n", 1)[1].split("\n## ", 1)[0]
    [source] = re.findall(r'^pip install "([^"]+)"$', install, re.MULTILINE)
    return source


def recipe_installs() -> Dict[str, tuple]:
    """recipe -> (the value it gives FASTLAYER_SOURCE, its pip install lines)."""
    found: Dict[str, tuple] = {}
    for name in ("github-annotations.yml", "github-code-scanning.yml"):
        workflow = load(name)
        found[name] = (
            workflow["env"][SOURCE_VARIABLE],
            [r for r in github_runs(workflow) if "pip install" in r],
        )
    job = load("gitlab-ci.yml")["fastlayer"]
    found["gitlab-ci.yml"] = (
        job["variables"][SOURCE_VARIABLE],
        [c for c in job["before_script"] if "pip" in c],
    )
    return found


def test_every_recipe_installs_this_project_from_the_readme_source() -> None:
    source = readme_source()
    assert source == "git+https://github.com/<your-org>/fastlayer@v0.1.0"
    for name, (value, installs) in recipe_installs().items():
        assert (value, installs) == (source, [INSTALL]), name
    assert "pip install fastlayer" not in README + "".join(
        (CI / n).read_text() for n in recipe_installs()
    )


def test_the_recipes_install_line_installs_this_checkout(tmp_path: Path) -> None:
    """The recipes' one install line, run by a shell with the source pointing at this checkout's HEAD
    (commit before running this test when you change the package). Installed into a target
    directory without dependencies (this environment has them); then that copy checks the fixture."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    site = tmp_path / "site"
    env = {
        **os.environ,
        SOURCE_VARIABLE: f"git+file://{ROOT}@{head.stdout.strip()}",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PIP_TARGET": str(site),
        "PIP_NO_DEPS": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # pip reads this negative option inverted: 0 = no isolation
        "PIP_QUIET": "1",
    }
    done = subprocess.run(
        ["bash", "-c", INSTALL], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    code = "import fastlayer, sys; from fastlayer.cli.main import main; print(fastlayer.__file__, file=sys.stderr); main()"
    check = subprocess.run(
        [sys.executable, "-c", code, "check", "--quiet", "--no-cache"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.stderr.startswith(str(site / "fastlayer" / "__init__.py")), check.stderr
    assert (check.returncode, check.stdout.splitlines()) == (1, EXPECTED)


def test_recipes_are_the_documented_set() -> None:
    assert sorted(p.name for p in CI.glob("*.yml")) == [
        "github-annotations.yml",
        "github-code-scanning.yml",
        "gitlab-ci.yml",
    ]


def test_github_code_scanning_recipe(tmp_path: Path) -> None:
    workflow = load("github-code-scanning.yml")
    steps = workflow["jobs"]["architecture"]["steps"]
    assert workflow["jobs"]["architecture"]["permissions"]["security-events"] == "write"
    [args] = list(commands(github_runs(workflow)))
    assert option(args, "--output-format") == "sarif"
    [upload] = [
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")
    ]
    assert (
        upload["with"]["sarif_file"] == option(args, "--output-file") and upload["if"] == "always()"
    )
    assert json.loads(run_on_fixture(tmp_path, args))["version"] == "2.1.0"


@pytest.mark.parametrize("name", ["github-annotations.yml", "github-code-scanning.yml"])
def test_github_recipes_restore_the_cache_and_its_key(name: str) -> None:
    [job] = load(name)["jobs"].values()
    [cache] = [
        step["with"] for step in job["steps"] if step.get("uses", "").startswith("actions/cache@")
    ]
    assert cache["path"].split() == [".fastlayer_cache", "~/.cache/fastlayer"]
    assert "${{ env.FASTLAYER_SOURCE }}" in cache["key"] and "hashFiles(" in cache["key"]
    steps = [step.get("uses") or step.get("run") or "" for step in job["steps"]]
    assert steps.index("actions/cache@v4") < next(
        i for i, s in enumerate(steps) if "fastlayer check" in s
    )


def test_github_annotations_recipe(tmp_path: Path) -> None:
    [args] = list(commands(github_runs(load("github-annotations.yml"))))
    assert option(args, "--output-format") == "github"
    output = run_on_fixture(tmp_path, args)
    assert output.startswith("::warning file=app/bare.py,line=1,col=16,title=FL003::")


def test_gitlab_recipe(tmp_path: Path) -> None:
    job = load("gitlab-ci.yml")["fastlayer"]
    reports = job["artifacts"]["reports"]
    quality, junit = list(commands(job["script"]))
    assert option(quality, "--output-format") == "gitlab" and reports["codequality"] == option(
        quality, "--output-file"
    )
    assert option(junit, "--output-format") == "junit" and reports["junit"] == option(
        junit, "--output-file"
    )
    assert [i["check_name"] for i in json.loads(run_on_fixture(tmp_path, quality))][:2] == [
        "FL003",
        "FL001",
    ]
    assert ET.fromstring(run_on_fixture(tmp_path, junit)).get("failures") == "5"


def code_blocks(language: str) -> List[str]:
    return re.findall(rf"```{language}\n(.*?)```", EDITORS.read_text(), re.DOTALL)


def test_vscode_problem_matcher_parses_the_text_format(tmp_path: Path) -> None:
    [tasks] = [json.loads(block) for block in code_blocks("json") if '"tasks"' in block]
    for task in tasks["tasks"]:
        args = shlex.split(task["command"].replace("${relativeFile}", "app/stale.py"))[2:]
        pattern = task["problemMatcher"]["pattern"]
        *findings, summary = run_on_fixture(tmp_path, args).splitlines()
        assert findings and all(re.match(pattern["regexp"], line) for line in findings)
        assert summary.startswith("Found ") and not re.match(pattern["regexp"], summary)
    match = re.match(pattern["regexp"], EXPECTED[0])
    assert (
        match
        and match.group(pattern["file"]) == "app/bare.py"
        and match.group(pattern["code"]) == "FL003"
    )
    assert (match.group(pattern["line"]), match.group(pattern["column"])) == ("1", "16")
    assert match.group(pattern["severity"]) == "warning"


def test_editor_commands_run_in_stdin_mode(tmp_path: Path) -> None:
    [efm] = [yaml.safe_load(block) for block in code_blocks("yaml")]
    efm_command = efm["tools"]["fastlayer"]["lint-command"].replace("${INPUT}", "app/broken.py")
    [ale] = re.findall(r"'command': '([^']*)'", code_blocks("vim")[1])
    for command in (efm_command, ale.replace("%s", "app/broken.py")):
        output = run_on_fixture(tmp_path, shlex.split(command)[2:], stdin="def create_app(:\n")
        assert output == "app/broken.py:1:16: FL001 [error] syntax error: invalid syntax\n"
    assert any("--stdin-filename" in block for block in code_blocks("elisp"))


def test_language_server_snippets_start_fastlayer_server() -> None:
    """Each editor's language-server configuration starts `fastlayer server` in that editor's schema."""
    [sublime] = [json.loads(block) for block in code_blocks("json") if '"clients"' in block]
    client = sublime["clients"]["fastlayer"]
    assert client["command"] == ["fastlayer", "server"] and client["selector"] == "source.python"
    [helix] = [
        tomllib.loads(block)
        for block in code_blocks("toml")
        if "language-server.fastlayer" in block
    ]
    assert helix["language-server"]["fastlayer"] == {"command": "fastlayer", "args": ["server"]}
    assert "fastlayer" in helix["language"][0]["language-servers"]
    lua = code_blocks("lua")
    assert len(lua) == 2 and all('cmd = { "fastlayer", "server" }' in block for block in lua)
    assert 'vim.lsp.enable("fastlayer")' in lua[0] and "lspconfig.fastlayer.setup" in lua[1]
    assert any('("fastlayer" "server")' in block for block in code_blocks("elisp"))


def test_pre_commit_hook_definition() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert (hook["id"], hook["entry"], hook["language"], hook["require_serial"]) == (
        "fastlayer",
        "fastlayer check",
        "python",
        True,
    )
    assert "types" not in hook and "types_or" not in hook  # would filter out .env files
    files = re.compile(hook["files"])
    triggering = [
        "app/main.py",
        ".env",
        "deploy/.env.production",
        "pyproject.toml",
        "fastlayer.toml",
    ]
    assert all(files.search(path) for path in triggering)
    assert not any(files.search(path) for path in ["README.md", "app/main.pyc", "package.json"])
