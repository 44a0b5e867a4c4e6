"""``fastlayer server`` end to end: a real server process over stdio, driven by pytest-lsp's client.

The project: ``api`` may import ``services``, ``services`` may import nothing. Importing ``api``
from ``services/orgs.py`` breaks the layer rule there (FL101) and closes the module cycle
api.users -> services.orgs -> api.users, reported on ``api/users.py`` (FL102).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Awaitable, Callable, List, Sequence

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient, client_capabilities
from pytest_lsp.client import make_test_lsp_client

from tests.helpers import THREE_LAYERS, write_project

CLEAN = "X = 1\n"
VIOLATION = "from api import users\n\nX = 1\n"
FILES = {
    "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    "app/api/__init__.py": "",
    "app/api/users.py": "from services import orgs\n\n\ndef users():\n    return orgs.X\n",
    "app/services/__init__.py": "",
    "app/services/orgs.py": CLEAN,
}
ORGS, USERS = "app/services/orgs.py", "app/api/users.py"
Scenario = Callable[[LanguageClient, Path], Awaitable[None]]


def _run(root: Path, scenario: Scenario) -> LanguageClient:
    """Start the server on ``root``, initialize, play ``scenario``, shut down; the client afterwards."""

    async def main() -> LanguageClient:
        client = make_test_lsp_client()
        await client.start_io(sys.executable, "-I", "-m", "fastlayer", "server", cwd=str(root))
        try:
            await client.initialize_session(
                lsp.InitializeParams(
                    capabilities=client_capabilities("visual-studio-code"),
                    root_uri=root.as_uri(),
                    workspace_folders=[lsp.WorkspaceFolder(root.as_uri(), "project")],
                )
            )
            await asyncio.wait_for(scenario(client, root), 60)
            await client.shutdown_session()
        finally:
            if client._server is not None and client._server.returncode is None:
                client._server.kill()  # a failed scenario: do not wait for a server that was not told to exit
            await client.stop()
        return client

    return asyncio.run(main())


def uri(root: Path, path: str) -> str:
    return (root / path).as_uri()


async def until(client: LanguageClient, check: Callable[[], bool], what: str) -> None:
    """Wait (bounded) until ``check()`` holds on what the server published."""
    for _ in range(400):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}; diagnostics: {client.diagnostics}")


def codes(client: LanguageClient, root: Path, path: str) -> List[str]:
    return sorted(str(d.code) for d in client.diagnostics.get(uri(root, path), ()))


def found(client: LanguageClient, root: Path, path: str, code: str) -> lsp.Diagnostic:
    return next(d for d in client.diagnostics[uri(root, path)] if d.code == code)


def open_file(client: LanguageClient, root: Path, path: str, text: str) -> None:
    item = lsp.TextDocumentItem(uri=uri(root, path), language_id="python", version=1, text=text)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(item))


def change_file(client: LanguageClient, root: Path, path: str, text: str, version: int) -> None:
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(uri=uri(root, path), version=version),
            [lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


@pytest.fixture()
def clean_project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project", FILES, THREE_LAYERS)


@pytest.fixture()
def broken_project(tmp_path: Path) -> Path:
    """On disk, services/orgs.py already imports api (FL101 there, FL102 on api/users.py)."""
    return write_project(tmp_path / "project", {**FILES, ORGS: VIOLATION}, THREE_LAYERS)


def test_open_a_violation_then_fix_it(clean_project: Path) -> None:
    root = clean_project

    async def scenario(client: LanguageClient, root: Path) -> None:
        open_file(client, root, ORGS, VIOLATION)
        await until(
            client, lambda: "FL101" in codes(client, root, ORGS), "FL101 on the opened buffer"
        )
        layer = found(client, root, ORGS, "FL101")
        assert layer.range == lsp.Range(lsp.Position(0, 16), lsp.Position(0, 21))
        assert layer.severity == lsp.DiagnosticSeverity.Error
        assert layer.source == "fastlayer"
        assert layer.code_description is not None and layer.code_description.href.endswith(
            "/FL101.md"
        )
        change_file(client, root, ORGS, CLEAN, 2)
        await until(client, lambda: codes(client, root, ORGS) == [], "the fixed buffer to clear")

    client = _run(root, scenario)
    assert codes(client, root, USERS) == []


def test_closing_a_cycle_in_one_file_publishes_the_other(clean_project: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        open_file(client, root, ORGS, CLEAN)
        await until(client, lambda: uri(root, ORGS) in client.diagnostics, "the first publish")
        assert codes(client, root, USERS) == []
        change_file(client, root, ORGS, VIOLATION, 2)
        await until(
            client, lambda: codes(client, root, USERS) == ["FL102"], "FL102 on the other file"
        )
        await until(
            client, lambda: codes(client, root, ORGS) == ["FL101"], "FL101 on the edited file"
        )
        cycle = found(client, root, USERS, "FL102")
        assert cycle.range.start == lsp.Position(0, 21)
        assert "api.users -> services.orgs -> api.users" in cycle.message
        related = [info.location for info in cycle.related_information or []]
        assert [where.uri for where in related] == [uri(root, ORGS)]
        # at the import that closes the cycle, not at the start of orgs.py
        line = VIOLATION.splitlines()[0]
        assert related[0].range.start.line == 0 and related[0].range.start.character > 0
        assert related[0].range.end == lsp.Position(0, len(line))
        change_file(client, root, ORGS, CLEAN, 3)
        await until(client, lambda: codes(client, root, USERS) == [], "the cycle to clear")

    _run(clean_project, scenario)


def test_a_burst_of_changes_ends_with_the_findings_of_the_last_one(clean_project: Path) -> None:
    """Changes that arrive while a check runs are checked together afterwards (``change``): none
    is lost, the last one decides."""

    async def scenario(client: LanguageClient, root: Path) -> None:
        open_file(client, root, ORGS, CLEAN)
        await until(client, lambda: uri(root, ORGS) in client.diagnostics, "the first publish")
        for version in range(2, 12):
            change_file(client, root, ORGS, VIOLATION if version % 2 else CLEAN, version)
        await until(client, lambda: codes(client, root, ORGS) == ["FL101"], "FL101 at the end")
        await until(client, lambda: codes(client, root, USERS) == ["FL102"], "the cycle")
        change_file(client, root, ORGS, CLEAN, 12)
        await until(client, lambda: codes(client, root, USERS) == [], "the cycle to clear")
        assert codes(client, root, ORGS) == []

    _run(clean_project, scenario)


def test_project_on_disk_is_published_at_start_and_config_edit_rechecks(
    broken_project: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        await until(client, lambda: codes(client, root, ORGS) == ["FL101"], "the initial publish")
        assert codes(client, root, USERS) == ["FL102"]
        pyproject = root / "pyproject.toml"
        text = pyproject.read_text().replace("may-import = []", 'may-import = ["api"]')
        pyproject.write_text(text)
        change = lsp.FileEvent(uri(root, "pyproject.toml"), lsp.FileChangeType.Changed)
        client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams([change]))
        await until(
            client, lambda: codes(client, root, ORGS) == [], "FL101 to go with the new config"
        )
        assert codes(client, root, USERS) == ["FL102"]

    _run(broken_project, scenario)


def test_a_file_changed_on_disk_is_picked_up(clean_project: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        open_file(
            client, root, "app/main.py", FILES["app/main.py"]
        )  # its publish: the project is loaded
        await until(client, lambda: uri(root, "app/main.py") in client.diagnostics, "start-up")
        (root / ORGS).write_text(VIOLATION)
        change = lsp.FileEvent(uri(root, ORGS), lsp.FileChangeType.Changed)
        client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams([change]))
        await until(client, lambda: codes(client, root, USERS) == ["FL102"], "the disk change")
        await until(
            client, lambda: codes(client, root, ORGS) == ["FL101"], "FL101 on the changed file"
        )

    _run(clean_project, scenario)


def test_broken_buffer_gives_fl001_and_the_rest_keeps_the_last_good_model(
    broken_project: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        await until(client, lambda: codes(client, root, ORGS) == ["FL101"], "the initial publish")
        open_file(client, root, ORGS, VIOLATION + "def broken(:\n")
        await until(
            client, lambda: codes(client, root, ORGS) == ["FL001"], "FL001 on the broken buffer"
        )
        assert found(client, root, ORGS, "FL001").range.start.line == 3
        assert codes(client, root, USERS) == [
            "FL102"
        ]  # the cycle still stands on the last good facts
        change_file(client, root, ORGS, CLEAN, 2)
        await until(client, lambda: codes(client, root, USERS) == [], "the repaired buffer")
        assert codes(client, root, ORGS) == []

    _run(broken_project, scenario)


def test_code_action_inserts_a_working_suppression(broken_project: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        open_file(client, root, ORGS, VIOLATION)
        await until(client, lambda: codes(client, root, ORGS) == ["FL101"], "FL101")
        layer = found(client, root, ORGS, "FL101")
        params = lsp.CodeActionParams(
            lsp.TextDocumentIdentifier(uri(root, ORGS)), layer.range, lsp.CodeActionContext([layer])
        )
        actions = await client.text_document_code_action_async(params) or []
        assert [type(a).__name__ for a in actions] == ["CodeAction", "Command"]
        assert [a.title for a in actions] == [
            "Suppress FL101 on this line (# fastlayer: ignore[FL101])",
            "Open the documentation of FL101",
        ]
        suppress = actions[0]
        assert isinstance(suppress, lsp.CodeAction) and suppress.edit and suppress.edit.changes
        edits = suppress.edit.changes[uri(root, ORGS)]
        text = _apply(VIOLATION, edits)
        assert text == "from api import users  # fastlayer: ignore[FL101]\n\nX = 1\n"
        change_file(client, root, ORGS, text, 2)
        await until(client, lambda: codes(client, root, ORGS) == [], "the suppressed finding to go")
        assert codes(client, root, USERS) == [
            "FL102"
        ]  # a suppression hides, it does not change the graph

    _run(broken_project, scenario)


def _apply(text: str, edits: Sequence[lsp.TextEdit]) -> str:
    lines = text.split("\n")
    for edit in edits:
        start, end = edit.range.start, edit.range.end
        assert start.line == end.line
        line = lines[start.line]
        lines[start.line] = line[: start.character] + edit.new_text + line[end.character :]
    return "\n".join(lines)


def test_hover_shows_the_rule_summary_and_the_doc_command_opens_the_page(
    broken_project: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        open_file(client, root, ORGS, VIOLATION)
        await until(client, lambda: codes(client, root, ORGS) == ["FL101"], "FL101")
        position = lsp.HoverParams(lsp.TextDocumentIdentifier(uri(root, ORGS)), lsp.Position(0, 18))
        hover = await client.text_document_hover_async(position)
        assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
        assert hover.contents.value.startswith("**FL101** `layer-direction`: ")
        nothing = lsp.HoverParams(lsp.TextDocumentIdentifier(uri(root, ORGS)), lsp.Position(2, 0))
        assert await client.text_document_hover_async(nothing) is None
        command = lsp.ExecuteCommandParams("fastlayer.openRuleDoc", ["FL101"])
        await client.workspace_execute_command_async(command)
        await until(client, lambda: bool(client.shown_documents), "window/showDocument")
        assert client.shown_documents[0].uri.endswith("/FL101.md")

    _run(broken_project, scenario)


def test_a_bad_config_is_shown_once_and_the_server_keeps_serving(clean_project: Path) -> None:
    good = (clean_project / "pyproject.toml").read_text()
    (clean_project / "pyproject.toml").write_text("[tool.fastlayer]\npreset = 'no-such-preset'\n")

    async def scenario(client: LanguageClient, root: Path) -> None:
        await until(client, lambda: bool(client.messages), "a message about the config")
        open_file(client, root, ORGS, VIOLATION)
        change_file(client, root, ORGS, VIOLATION + "\n", 2)
        await until(
            client, lambda: uri(root, ORGS) in client.diagnostics, "a publish for the buffer"
        )
        assert codes(client, root, ORGS) == []
        (root / "pyproject.toml").write_text(good)
        change = lsp.FileEvent(uri(root, "pyproject.toml"), lsp.FileChangeType.Changed)
        client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams([change]))
        await until(client, lambda: codes(client, root, ORGS) == ["FL101"], "the repaired config")

    client = _run(clean_project, scenario)
    messages = [m.message for m in client.messages]
    assert (
        len(messages) == 1
        and "configuration error" in messages[0]
        and "no-such-preset" in messages[0]
    )


def test_shutdown_and_exit_are_clean(broken_project: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        await until(client, lambda: codes(client, root, ORGS) == ["FL101"], "the initial publish")

    client = _run(broken_project, scenario)
    assert client._server is not None and client._server.returncode == 0
    assert client.messages == []  # no internal error was shown
