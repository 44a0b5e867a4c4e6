"""Output files the user names (issue 17): written atomically, never over a file that is not a previous
fastlayer output of the same kind (unless --force), and every failure is one line with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from fastlayer.cli.outfile import OutputError, previous_output, write_output
from tests.helpers import cli, write_project

CONFIG = 'root = "app"\npreset = "none"\nselect = ["FL0"]\n'
FILES = {"app/main.py": "x = 1\n", "app/a.py": "def f(:\n    pass\n"}


def _project(tmp_path: Path) -> Path:
    return write_project(tmp_path, FILES, CONFIG)


def _one_line_error(result_stderr: str, start: str) -> None:
    assert result_stderr.startswith(f"fastlayer: error: {start}"), result_stderr
    assert result_stderr.count("\n") == 1 and "Traceback" not in result_stderr


def test_write_baseline_refuses_to_replace_the_configuration(tmp_path: Path) -> None:
    root = _project(tmp_path)
    before = (root / "pyproject.toml").read_text()
    result = cli(root, "check", "--no-cache", "--write-baseline", "pyproject.toml")
    assert result.exit_code == 2
    _one_line_error(
        result.stderr,
        "pyproject.toml: exists and is not a previous fastlayer baseline output; not overwriting it "
        "(pass --force to replace it)",
    )
    assert (root / "pyproject.toml").read_text() == before
    assert cli(root, "check", "--no-cache", "--write-baseline", "baseline.json").exit_code == 0
    assert (
        cli(root, "check", "--no-cache", "--write-baseline", "baseline.json").exit_code == 0
    )  # ours
    (root / "notes.json").write_text('{"mine": 1}\n')
    assert cli(root, "check", "--no-cache", "--write-baseline", "notes.json").exit_code == 2
    assert (
        cli(root, "check", "--no-cache", "--write-baseline", "notes.json", "--force").exit_code == 0
    )
    assert '"fastlayer-baseline": 1' in (root / "notes.json").read_text()


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "gitlab", "junit", "github"])
def test_report_overwrites_its_own_previous_output_only(tmp_path: Path, output_format: str) -> None:
    root = _project(tmp_path)
    args = ["check", "--no-cache", "--output-format", output_format, "-o", "report.out"]
    assert cli(root, *args).exit_code == 1
    first = (root / "report.out").read_text()
    assert cli(root, *args).exit_code == 1
    assert (root / "report.out").read_text() == first
    (root / "README.md").write_text("# My project\n")
    result = cli(root, "check", "--no-cache", "--output-format", output_format, "-o", "README.md")
    assert result.exit_code == 2 and (root / "README.md").read_text() == "# My project\n"
    assert not [p.name for p in root.iterdir() if ".tmp-" in p.name]


def test_graph_output_refuses_a_foreign_file(tmp_path: Path) -> None:
    root = write_project(
        tmp_path, {"app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"}
    )
    assert cli(root, "graph", "-o", "graph.mmd").exit_code == 0
    assert cli(root, "graph", "-o", "graph.mmd").exit_code == 0
    assert (
        cli(root, "graph", "--format", "dot", "-o", "graph.mmd").exit_code == 2
    )  # not a DOT output
    result = cli(root, "graph", "-o", "pyproject.toml")
    assert result.exit_code == 2
    assert "[tool.fastlayer]" in (root / "pyproject.toml").read_text()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        pytest.param(
            "/dev/full", "/dev/full: cannot write: No space left on device", id="dev-full"
        ),
        pytest.param(
            "pyproject.toml/report.txt",
            "pyproject.toml/report.txt: cannot write: ",
            id="under-a-file",
        ),
        pytest.param("", ".: is a directory, not a file", id="empty"),
        pytest.param("x" * 5000, "x", id="5000-characters"),
    ],
)
def test_output_file_errors_are_one_line(tmp_path: Path, target: str, message: str) -> None:
    if target == "/dev/full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    result = cli(_project(tmp_path), "check", "--no-cache", "-o", target)
    assert result.exit_code == 2
    _one_line_error(result.stderr, message)


def test_recognisers(tmp_path: Path) -> None:
    target = tmp_path / "f"
    target.write_text("")
    assert previous_output(target, "text")
    target.write_text("app/a.py:1:7: FL001 syntax error\nFound 1 finding (1 error) in 2 files.\n")
    assert previous_output(target, "text") and not previous_output(target, "json")
    target.write_text("[tool.fastlayer]\nroot = 'app'\n")
    assert not any(
        previous_output(target, kind) for kind in ("text", "baseline", "graph-mermaid", "github")
    )
    with pytest.raises(OutputError, match="is a directory"):
        write_output(tmp_path, "x", "text")


def test_ctrl_c_exits_130_and_unexpected_errors_in_any_command_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fastlayer.cli.check as check_module
    import fastlayer.cli.graph as graph_module

    root = _project(tmp_path)

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(check_module, "run_or_fail", interrupt)
    result = cli(root, "check", "--no-cache")
    assert (result.exit_code, result.stderr) == (130, "fastlayer: interrupted\n")

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(graph_module, "_model", broken)
    result = cli(root, "graph")
    assert result.exit_code == 2
    _one_line_error(
        result.stderr,
        "internal error: RuntimeError: boom (set FASTLAYER_DEBUG=1 for the traceback)",
    )
