"""The ``fastlayer`` entry point. A ``check`` with nothing changed since the last run of the same
command line prints that run's output and exits with its exit code (``engine/shortcut.py``)
before click and the rest of fastlayer are imported; everything else goes to ``cli/main.py``.

The exit code replayed is the one ``cli/common.exit_code`` decided for the recorded run: exit
codes are still decided there only. A ``check`` that may be replayed later runs with its output
passing through recorders; ``check`` hands over the inputs of its result (``shortcut.note``),
and the output and exit code are recorded when the command ends.
"""

from __future__ import annotations

import io
import os
import sys

from fastlayer.engine import shortcut

TYPE_CHECKING = False  # not ``typing``'s: a replay imports as little as it can
if TYPE_CHECKING:
    from typing import BinaryIO, List, NoReturn, Sequence, TextIO, Tuple


def main() -> None:
    """The console script: run the command, then leave with its exit code (``_leave``)."""
    try:
        _main(sys.argv[1:])
    except SystemExit as exc:
        _leave(exc.code)
    _leave(0)


def _main(argv: List[str]) -> None:
    if not shortcut.eligible(argv):
        _cli()
        return
    replay = shortcut.lookup(argv)
    if replay is not None:
        _write(replay.chunks)
        sys.exit(replay.code)
    _recorded(argv)


def _leave(code: object) -> NoReturn:
    """Exit with ``code`` as ``SystemExit`` would, but without the interpreter's teardown, which
    frees the model and the facts object by object: 0.1 s of a cold run on a thousand files (mypy
    leaves the same way). The output is flushed first; nothing else is pending by then (the cache,
    the baseline and the no-change record are written before the command returns)."""
    if code is not None and not isinstance(code, int):
        if sys.stderr is not None:
            print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: started with that descriptor closed (``>&-``)
                stream.flush()
        except (OSError, ValueError):  # a closed pipe (``| head``): what was lost is lost
            pass
    os._exit((code or 0) & 0xFF)  # what the system keeps of any status


def _cli() -> None:
    from fastlayer.cli.main import main as group

    group()


def _recorded(argv: Sequence[str]) -> None:
    """Run the command with its output recorded; keep the record when ``check`` noted inputs."""
    if not all(hasattr(stream, "buffer") for stream in (sys.stdout, sys.stderr)):
        _cli()  # streams replaced by a host (a test runner): nothing to record through
        return
    chunks: List[Tuple[int, bytes]] = []
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _recorder(sys.stdout, 1, chunks), _recorder(sys.stderr, 2, chunks)
    code: object = None
    try:
        _cli()
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
        raise
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdout, sys.stderr = streams
        inputs = shortcut.noted()
        if inputs is not None and isinstance(code, int):
            shortcut.record(argv, shortcut.Replay(tuple(chunks), code), inputs)


def _write(chunks: Sequence[Tuple[int, bytes]]) -> None:
    for number, data in chunks:
        stream = sys.stdout if number == 1 else sys.stderr
        stream.flush()
        stream.buffer.write(data)
    sys.stdout.flush()
    sys.stderr.flush()


class _Tee(io.BufferedIOBase):
    """Bytes written through to ``target`` and kept, in order with the other stream's."""

    def __init__(self, target: BinaryIO, number: int, chunks: List[Tuple[int, bytes]]) -> None:
        self.target, self.number, self.chunks = target, number, chunks

    def writable(self) -> bool:
        return True

    @property
    def name(self) -> object:
        return getattr(self.target, "name", "")

    def write(self, data: bytes) -> int:  # type: ignore[override]
        chunk = bytes(data)
        self.target.write(chunk)
        self.chunks.append((self.number, chunk))
        return len(chunk)

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()


def _recorder(stream: TextIO, number: int, chunks: List[Tuple[int, bytes]]) -> TextIO:
    return io.TextIOWrapper(
        _Tee(stream.buffer, number, chunks),
        encoding=stream.encoding,
        errors=stream.errors,
        write_through=True,
    )
