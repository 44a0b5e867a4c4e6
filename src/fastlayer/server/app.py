"""The language server: LSP messages in, ``Session`` calls, diagnostics out.

Every handler runs under ``_guarded``: an internal error is logged with its traceback, shown
to the user once (``window/showMessage``), and the server keeps serving. Project code is
never imported or executed: everything comes from the facts of the files' text.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import logging
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple, TypeVar, Union

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from fastlayer import __version__
from fastlayer.diagnostics import Diagnostic
from fastlayer.server.actions import OPEN_DOC, code_actions, hover_text
from fastlayer.server.convert import SOURCE, path_uri, to_lsp, uri_path
from fastlayer.server.docs import RuleDocs
from fastlayer.server.session import Findings, Session, is_config_file

log = logging.getLogger("fastlayer.server")
F = TypeVar("F", bound=Callable[..., Any])
Change = Callable[[Session], None]
Pending = List[Tuple[Change, Tuple[str, ...]]]
Checked = Tuple[Dict[str, List[lsp.Diagnostic]], List[str]]  # path -> diagnostics; messages
WATCHED = ("**/*.py", "**/pyproject.toml", "**/fastlayer.toml", "**/.env*")


class FastlayerServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "fastlayer", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental
        )
        self.session: Optional[Session] = None
        self._pending: Pending = []  # changes waiting for the next check
        self._checking = False  # a check runs in ``_checks``
        self._checks = ThreadPoolExecutor(1, thread_name_prefix="fastlayer-check")
        self.docs = RuleDocs()
        self.failed = False  # an internal error was already shown

    def internal_error(self, where: str, exc: BaseException) -> None:
        log.error("internal error in %s:\n%s", where, "".join(traceback.format_exception(exc)))
        if not self.failed:
            self.failed = True
            self.notify_user(
                f"fastlayer: internal error in {where}: {type(exc).__name__}: {exc} (see the log)"
            )

    def notify_user(self, message: str) -> None:
        self.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Error, message))

    def publish(self, findings: Findings) -> None:
        if self.session is not None:
            self._send({path: [self.to_lsp(d) for d in found] for path, found in findings.items()})

    def to_lsp(self, diagnostic: Diagnostic) -> lsp.Diagnostic:
        assert self.session is not None
        codec = self.workspace.position_codec
        session = self.session
        doc = self.docs.uri(diagnostic.code)
        return to_lsp(diagnostic, session.root, session.lines, codec, doc, session.import_site)

    def recheck(self, always: Iterable[str] = ()) -> None:
        if self.session is None:
            return
        findings, errors = self.session.check(always)
        for message in errors:
            self.notify_user(f"fastlayer: {message}")
        self.publish(findings)

    def change(self, apply: Change, always: Iterable[str] = ()) -> None:
        """Apply ``apply`` to the session and check, in a worker thread: changes that arrive while
        a check runs are applied together and checked once when it ends (a burst of didChange
        while the user types costs two checks, not one per keystroke; a lone edit waits for
        nothing). The session is only touched by that thread from now on."""
        self._pending.append((apply, tuple(always)))
        if not self._checking:
            self._start()

    def _start(self) -> None:
        pending, self._pending = self._pending, []
        self._checking = True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (called directly): check here
            self._done(pending, _settled(lambda: self._work(pending)))
            return
        future = loop.run_in_executor(self._checks, self._work, pending)
        future.add_done_callback(lambda done: self._done(pending, done))

    def _work(self, pending: Pending) -> Checked:
        """In the worker: the queued changes, the check, the LSP diagnostics of what changed."""
        session = self.session
        if session is None:
            return {}, []
        for apply, _ in pending:
            apply(session)
        findings, errors = session.check([path for _, always in pending for path in always])
        return {path: [self.to_lsp(d) for d in found] for path, found in findings.items()}, errors

    def _done(self, pending: Pending, done: "asyncio.Future[Checked]") -> None:
        """Back in the event loop: publish, then check the changes that arrived meanwhile."""
        self._checking = False
        try:
            converted, errors = done.result()
        except Exception as exc:  # noqa: BLE001 - reported once, the server keeps serving
            self.internal_error("check", exc)
            converted, errors = {}, []
        try:
            for message in errors:
                self.notify_user(f"fastlayer: {message}")
            self._send(converted)
        except Exception as exc:  # noqa: BLE001 - reported once, the server keeps serving
            self.internal_error("publishDiagnostics", exc)
        if self._pending:
            self._start()

    def _send(self, converted: Dict[str, List[lsp.Diagnostic]]) -> None:
        session = self.session
        if session is None:
            return
        for path, diagnostics in sorted(converted.items()):
            uri = path_uri(session.root, path)
            document = self.workspace.text_documents.get(uri)
            version = document.version if document is not None else None
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri, diagnostics, version)
            )

    def path_of(self, uri: str) -> Optional[str]:
        path = uri_path(uri)
        return None if path is None or self.session is None else self.session.relative(path)


def _settled(work: Callable[[], Checked]) -> "asyncio.Future[Checked]":
    """``work``'s result (or error) as a finished future, without an event loop."""
    future: concurrent.futures.Future[Checked] = concurrent.futures.Future()
    try:
        future.set_result(work())
    except Exception as exc:  # noqa: BLE001 - handed to ``_done``, which reports it
        future.set_exception(exc)
    return future  # type: ignore[return-value]


server = FastlayerServer()


def _guarded(where: str, default: object = None) -> Callable[[F], F]:
    """The handler, reporting an internal error once and answering ``default`` instead of failing."""

    def wrap(handler: F) -> F:
        @functools.wraps(handler)
        def guarded(ls: FastlayerServer, *args: Any) -> Any:
            try:
                return handler(ls, *args)
            except Exception as exc:  # noqa: BLE001 - reported once, the server keeps serving
                ls.internal_error(where, exc)
                return default

        return guarded  # type: ignore[return-value]

    return wrap


@server.feature(lsp.INITIALIZE)
@_guarded("initialize", None)
def initialize(ls: FastlayerServer, params: lsp.InitializeParams) -> None:
    options = (
        params.initialization_options if isinstance(params.initialization_options, dict) else {}
    )
    url = options.get("ruleDocsUrl")
    ls.docs = RuleDocs(url if isinstance(url, str) else None)
    folder = _folder(params)
    ls.session = Session(folder) if folder is not None else None


def _folder(params: lsp.InitializeParams) -> Optional[Path]:
    uris = [f.uri for f in params.workspace_folders or []] + [params.root_uri or ""]
    paths = [uri_path(uri) for uri in uris if uri]
    found = [p for p in paths if p is not None]
    if found:
        return found[0]
    return Path(params.root_path) if params.root_path else None


@server.feature(lsp.INITIALIZED)
@_guarded("initialized", None)
def initialized(ls: FastlayerServer, params: lsp.InitializedParams) -> None:
    _watch_files(ls)
    if ls.session is None:
        return
    ls.session.load()
    ls.recheck()


def _watch_files(ls: FastlayerServer) -> None:
    capabilities = ls.client_capabilities.workspace
    watched = capabilities.did_change_watched_files if capabilities else None
    if not (watched and watched.dynamic_registration):
        return
    options = lsp.DidChangeWatchedFilesRegistrationOptions(
        [lsp.FileSystemWatcher(g) for g in WATCHED]
    )
    registration = lsp.Registration(
        "fastlayer-watch", lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES, options
    )
    ls.client_register_capability(lsp.RegistrationParams([registration]))


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
@_guarded("didOpen", None)
def did_open(ls: FastlayerServer, params: lsp.DidOpenTextDocumentParams) -> None:
    _buffer_changed(ls, params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
@_guarded("didChange", None)
def did_change(ls: FastlayerServer, params: lsp.DidChangeTextDocumentParams) -> None:
    _buffer_changed(ls, params.text_document.uri)


def _buffer_changed(ls: FastlayerServer, uri: str) -> None:
    path = ls.path_of(uri)
    if path is None or ls.session is None or not path.endswith(".py"):
        return
    data = ls.workspace.get_text_document(uri).source.encode("utf-8")
    ls.change(lambda session: session.set_buffer(path, data), [path])


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
@_guarded("didSave", None)
def did_save(ls: FastlayerServer, params: lsp.DidSaveTextDocumentParams) -> None:
    path = ls.path_of(params.text_document.uri)
    if path is not None and ls.session is not None and is_config_file(path):
        ls.change(lambda session: session.files_changed([path]))


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
@_guarded("didClose", None)
def did_close(ls: FastlayerServer, params: lsp.DidCloseTextDocumentParams) -> None:
    path = ls.path_of(params.text_document.uri)
    if path is not None and ls.session is not None and path.endswith(".py"):
        ls.change(lambda session: session.drop_buffer(path), [path])


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@_guarded("didChangeWatchedFiles", None)
def did_change_watched_files(ls: FastlayerServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    paths = [p for p in (ls.path_of(change.uri) for change in params.changes) if p is not None]
    if paths and ls.session is not None:
        ls.change(lambda session: session.files_changed(paths))


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
)
@_guarded("codeAction", [])
def code_action(
    ls: FastlayerServer, params: lsp.CodeActionParams
) -> List[Union[lsp.CodeAction, lsp.Command]]:
    uri = params.text_document.uri
    lines = ls.workspace.get_text_document(uri).lines
    return code_actions(
        uri, params.context.diagnostics, lines, ls.workspace.position_codec.client_num_units
    )


@server.command(OPEN_DOC)
@_guarded(OPEN_DOC, None)
def open_rule_doc(ls: FastlayerServer, *args: Any) -> None:
    code = str(args[0]) if args else ""
    uri = ls.docs.uri(code.upper())
    if uri is None:
        ls.notify_user(f"fastlayer: unknown rule code {code!r}")
        return
    ls.window_show_document(lsp.ShowDocumentParams(uri, external=not uri.startswith("file:")))


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
@_guarded("hover", None)
def hover(ls: FastlayerServer, params: lsp.HoverParams) -> Optional[lsp.Hover]:
    path = ls.path_of(params.text_document.uri)
    if path is None or ls.session is None:
        return None
    under = [d for d, r in _ranges(ls, path) if _contains(r, params.position)]
    text = hover_text([d.code for d in under], [d.message for d in under])
    return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, text)) if text else None


def _ranges(ls: FastlayerServer, path: str) -> List[Tuple[Diagnostic, lsp.Range]]:
    assert ls.session is not None
    return [(d, ls.to_lsp(d).range) for d in ls.session.findings(path)]


def _contains(where: lsp.Range, position: lsp.Position) -> bool:
    start, end = where.start, where.end
    after_start = (position.line, position.character) >= (start.line, start.character)
    return after_start and (position.line, position.character) <= (end.line, end.character)


def serve() -> None:
    """Serve over stdin/stdout until the client sends exit."""
    logging.basicConfig(
        level=logging.WARNING, format="fastlayer server: %(levelname)s: %(message)s"
    )
    server.start_io()


__all__ = ["SOURCE", "serve", "server"]
