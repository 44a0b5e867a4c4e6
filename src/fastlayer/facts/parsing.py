"""Source text -> its libcst tree and the host's ``ast`` tree, or the ``ParseError`` to report.

``ast.parse`` runs first (C, about a tenth of libcst's time): its tree gives the positions
(``twins``), and when it accepts the text the libcst parse skips libcst's per-node validation,
which only repeats, for parsed code, checks the host compiler has just made (libcst itself notes
this cost at ``CSTNode.__post_init__``). Text the host rejects (a syntax error, or syntax newer
than the running Python) is parsed with validation, as libcst always does.
"""

from __future__ import annotations

import ast
import re
import threading
import warnings
from typing import Any, Optional, Tuple, Union

from fastlayer.facts.types import ParseError

Parsed = Tuple[Any, Optional[ast.Module]]  # (libcst Module, the host's tree or None)


def parse(text: str) -> Union[Parsed, ParseError]:
    """Both trees of ``text``, or where libcst rejects it the clearest message for the error."""
    import libcst as cst  # lazy: a run served from the cache never pays for it

    host = _host_tree(text)
    tree = host if isinstance(host, ast.Module) else None
    try:
        with _SWITCH:
            module = _unvalidated(cst, text) if tree is not None else cst.parse_module(text)
    except (cst.ParserSyntaxError, cst.CSTValidationError) as exc:
        if isinstance(host, SyntaxError):
            return ParseError("syntax", host.msg, host.lineno or 1, host.offset or 1)
        if isinstance(exc, cst.CSTValidationError):
            return ParseError("syntax", str(exc), 1, 1)
        return _libcst_error(exc.message, exc.editor_line, exc.editor_column, text)
    return module, tree


def _host_tree(text: str) -> Union[ast.Module, SyntaxError, None]:
    """``ast.parse`` only builds a tree (nothing runs); its messages name the real culprit. Its
    warnings (an invalid escape sequence) are the compiler's to give, not ours."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text)
    except SyntaxError as exc:
        # its frames would hold it in a cycle, and the trees with it
        return exc.with_traceback(None)
    except (ValueError, RecursionError, MemoryError):
        return None


# ``__post_init__`` is a class attribute: a parse in another thread meanwhile would skip the
# validation too, so every parse holds this lock (fastlayer parses in one thread per process today:
# pool workers are processes, the language server extracts in its one check thread).
_SWITCH = threading.Lock()


def _unvalidated(cst: Any, text: str) -> Any:
    """``cst.parse_module`` with ``CSTNode.__post_init__`` (the validation) a no-op meanwhile."""
    base = cst.CSTNode
    validate = base.__dict__.get("__post_init__")
    if validate is None:  # a libcst that validates elsewhere: nothing to skip
        return cst.parse_module(text)
    setattr(base, "__post_init__", _skip)
    try:
        return cst.parse_module(text)
    finally:
        setattr(base, "__post_init__", validate)


def _skip(self: object) -> None:
    return None


_LOCATED = re.compile(r"^(?:parser error: )?error at (\d+):(\d+): (.*)$", re.DOTALL)
_MAX_EXPECTED = 8


def _libcst_error(message: str, line: int, column: int, text: str) -> ParseError:
    """The parser's message without its prefix, at the place it names."""
    match = _LOCATED.match(message or "")
    if match:
        line, column, message = int(match.group(1)), int(match.group(2)) + 1, match.group(3)
    line = max(1, min(line, text.count("\n") + 1))
    return ParseError(
        "syntax", _shorten(message.splitlines()[0] if message else "invalid syntax"), line, column
    )


def _shorten(message: str) -> str:
    head, sep, tokens = message.partition("expected one of ")
    expected = tokens.split(", ")
    if not sep or len(expected) <= _MAX_EXPECTED:
        return message
    return f"{head}{sep}{', '.join(expected[:_MAX_EXPECTED])}, ..."
