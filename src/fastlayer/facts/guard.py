"""Keep one pathological file from taking the whole run down.

libcst 1.9's native parser overflows the C stack (the process dies with SIGSEGV)
on about 2,000 nested parentheses, 2,000 nested f-strings, 5,000 chained
``lambda:`` or 20,000 unary operators or ``and`` operands, and it is worse than
quadratic on long postfix chains (3,000 ``[1]`` subscripts: a minute). It parses
about 100 KB of source per second, so a 10 MB generated file would take minutes.

So every file is first *profiled* by a byte-level scan (C-speed regular
expressions, ~40 ms per MB): size, longest line, bracket nesting depth outside
strings and comments, and the longest bracketed span. An ordinary file (every
FastAPI repository measured so far: depth <= 15, lines < 2 KB) is parsed in
process as before. An unusual one is first given to CPython's own parser (C,
stack-protected, never executes anything): what Python itself rejects as too
deeply nested is reported with Python's message, without libcst. Whatever is
left unusual is parsed by libcst in a child process with a time limit, so a
crash or a hang becomes an FL001 diagnostic for that file. Files above
``MAX_BYTES`` are reported without parsing.

The child (``python -I -m fastlayer.facts.guard_child PATH``) reads the bytes on stdin
and writes the pickled ``FileFacts`` on stdout; ``-I`` keeps the analysed
project's directories off ``sys.path``.
"""

from __future__ import annotations

import ast
import pickle
import re
import signal
import subprocess
import sys
import threading
import warnings
from dataclasses import dataclass
from typing import Callable, Optional, TypeVar, Union

from fastlayer.facts.types import FileFacts, ParseError

MAX_BYTES = 2 * 1024 * 1024
MAX_IN_PROCESS_BYTES = 512 * 1024
MAX_LINE = 4096
MAX_DEPTH = 40
MAX_SPAN = 8192
TIMEOUT_SECONDS = 30.0
TIMEOUT_PER_MB = 30.0
DEEP_STACK_BYTES = 256 * 1024 * 1024
DEEP_RECURSION_LIMIT = 50_000

_NOISE = re.compile(
    rb'#[^\n]*|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
)
_BRACKET = re.compile(rb"[()\[\]{}]")
_OPEN = frozenset(b"([{")
T = TypeVar("T")


@dataclass(frozen=True)
class Profile:
    """What a cheap scan of the bytes says about a file."""

    size: int
    longest_line: int
    longest_line_at: int
    depth: int
    depth_at: int
    span: int

    @property
    def ordinary(self) -> bool:
        return (
            self.size <= MAX_IN_PROCESS_BYTES
            and self.longest_line <= MAX_LINE
            and self.depth <= MAX_DEPTH
            and self.span <= MAX_SPAN
        )


def profile(data: bytes) -> Profile:
    """Size, longest line, and bracket nesting outside strings and comments."""
    lengths = [len(line) for line in data.split(b"\n")]
    longest = max(lengths)
    stripped = _NOISE.sub(lambda m: b'""' + b"\n" * m.group().count(b"\n"), data)
    depth, depth_at, span = _nesting(stripped)
    return Profile(len(data), longest, lengths.index(longest) + 1, depth, depth_at, span)


def _nesting(stripped: bytes) -> tuple[int, int, int]:
    """(deepest level, its line, longest top-level bracketed span in bytes)."""
    depth = deepest = deepest_at = start = span = 0
    for match in _BRACKET.finditer(stripped):
        if match.group()[0] in _OPEN:
            start = match.start() if depth == 0 else start
            depth += 1
            if depth > deepest:
                deepest, deepest_at = depth, match.start()
        elif depth > 0:
            depth -= 1
            span = max(span, match.start() - start) if depth == 0 else span
    if depth > 0:
        span = max(span, len(stripped) - start)
    return deepest, stripped.count(b"\n", 0, deepest_at) + 1, span


def screen(data: bytes) -> Optional[ParseError]:
    """A ParseError for a file no parser should be given, else None."""
    if len(data) > MAX_BYTES:
        return ParseError(
            "syntax",
            f"file too large to analyse ({len(data) / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_BYTES // 1024 // 1024} MB): exclude it if it is generated",
            1,
            1,
        )
    return None


def python_rejects_nesting(text: str, shape: Profile) -> Optional[ParseError]:
    """CPython's verdict when it finds the file too deeply nested or too complex."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except SyntaxError as exc:
        if "too many nested" in (exc.msg or ""):
            return ParseError(
                "syntax",
                f"{exc.msg} (Python allows at most 200 levels)",
                exc.lineno or 1,
                exc.offset or 1,
            )
        return None
    except (RecursionError, MemoryError):
        line = shape.depth_at if shape.depth > MAX_DEPTH else shape.longest_line_at
        return ParseError(
            "syntax",
            "expression too deeply nested or too long: Python itself cannot parse it",
            line,
            1,
        )
    except ValueError:
        return None
    return None


def extract_in_child(path: str, data: bytes) -> Union[FileFacts, ParseError]:
    """``extract_facts`` in a separate interpreter: a crash or a hang becomes an FL001 error."""
    timeout = TIMEOUT_SECONDS + TIMEOUT_PER_MB * len(data) / (1024 * 1024)
    try:
        done = subprocess.run(
            child_command(path), input=data, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return _failed(
            path, f"parsing took longer than {timeout:.0f} s; exclude the file if it is generated"
        )
    except OSError as exc:
        return _failed(path, f"cannot start the parser process: {exc.strerror or exc}")
    if done.returncode == 0:
        return _unpickle(path, done.stdout)
    return _failed(path, _crash_message(done.returncode, done.stderr))


def child_command(path: str) -> list[str]:
    """``-I``: no user site, no environment variables, no script or working directory on sys.path."""
    return [sys.executable, "-I", "-m", "fastlayer.facts.guard_child", path]


def _unpickle(path: str, payload: bytes) -> Union[FileFacts, ParseError]:
    try:
        facts = pickle.loads(payload)  # written by our own child process, never by the project
    except Exception as exc:  # noqa: BLE001 - any garbage from the child is one error
        return _failed(
            path, f"the parser process returned unreadable output ({type(exc).__name__})"
        )
    return (
        facts
        if isinstance(facts, FileFacts)
        else _failed(path, "the parser process returned no facts")
    )


def _crash_message(returncode: int, stderr: bytes) -> str:
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"the parser crashed on this file ({name}); it is probably too deeply nested"
    last = (stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
    return f"the parser process failed (exit {returncode}): {last[:200]}"


def _failed(path: str, message: str) -> ParseError:
    return ParseError("syntax", message, 1, 1)


def deep(function: Callable[[], T]) -> T:
    """``function()`` in a thread with a large stack and a high recursion limit.

    For the rare valid file nested deeper than Python's default limit of 1,000
    frames allows libcst's visitors to walk (e.g. 200 nested lists).
    """
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = function()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
            outcome["error"] = exc

    old_size, old_limit = threading.stack_size(), sys.getrecursionlimit()
    threading.stack_size(DEEP_STACK_BYTES)
    try:
        worker = threading.Thread(target=target, name="fastlayer-deep")
        sys.setrecursionlimit(max(old_limit, DEEP_RECURSION_LIMIT))
        worker.start()
        worker.join()
    finally:
        threading.stack_size(old_size)
        sys.setrecursionlimit(old_limit)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
