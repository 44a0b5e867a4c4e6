"""``.env`` files read statically, and where a relative env file name points.

``parse_env`` follows python-dotenv: ``export`` prefixes, comments, single quotes
(literal), double quotes (escapes, may span lines, e.g. multi-line JSON), inline
``# comments`` after unquoted values, and ``${VAR}`` / ``${VAR:-default}``
interpolation from earlier keys of the same file (the process environment is
unknown and assumed unset). An entry that took another key's value this way is
``interpolated``: its text may carry a secret and is never printed. ``EnvFiles`` reads
regular files whose real path is under the project root only (``files.reading``: a
symbolic link to ``/proc/self/environ`` or ``~/.aws/credentials`` is never read), once
each, and resolves a working-directory-relative name (``env_file=".env"``) against the
directories a process is usually started from. Parsing is linear in the file's size.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from fastlayer.files.texts import ProjectTexts

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'", "$": "$"}
MAX_BYTES = 10_000_000


@dataclass(frozen=True)
class EnvEntry:
    key: str
    value: str
    path: str
    line: int
    interpolated: bool = False  # took another key's value through ``${VAR}``: never print it


@dataclass(frozen=True)
class EnvFile:
    path: str
    entries: Tuple[EnvEntry, ...]

    def get(self, key: str, case_sensitive: bool = True) -> Optional[EnvEntry]:
        """The last entry for ``key`` (later lines win, as in python-dotenv)."""
        wanted = key if case_sensitive else key.lower()
        for entry in reversed(self.entries):
            if (entry.key if case_sensitive else entry.key.lower()) == wanted:
                return entry
        return None


def parse_env(text: str, path: str) -> EnvFile:
    parser = _Parser(text, path)
    return EnvFile(path, tuple(parser.entries()))


class _Parser:
    def __init__(self, text: str, path: str) -> None:
        self.text = text.replace("\r\n", "\n")
        self.path = path
        self.pos = 0
        self.known: Dict[str, str] = {}
        self.interpolated = False
        self._lines, self._counted = 1, 0

    def line(self) -> int:
        """The line at ``pos``, counted on from the last call (``pos`` only moves forward):
        linear."""
        self._lines += self.text.count("\n", self._counted, self.pos)
        self._counted = self.pos
        return self._lines

    def entries(self) -> List[EnvEntry]:
        found: List[EnvEntry] = []
        while self.pos < len(self.text):
            entry = self._entry()
            if entry is not None:
                found.append(entry)
                self.known[entry.key] = entry.value
        return found

    def _entry(self) -> Optional[EnvEntry]:
        start_line, line_start = self.line(), self.pos
        raw = self._rest_of_line(peek=True)
        stripped = raw.lstrip()
        if stripped.startswith("export "):
            stripped = stripped[len("export ") :].lstrip()
        match = _KEY.match(stripped)
        after = stripped[match.end() :].lstrip() if match else ""
        if match is None or not after.startswith("="):
            self._rest_of_line()
            return None
        self.pos = line_start + len(raw) - len(after) + 1
        self.interpolated = False
        value = self._value()
        if value is None:
            return None
        return EnvEntry(match.group(0), value, self.path, start_line, self.interpolated)

    def _rest_of_line(self, peek: bool = False) -> str:
        end = self.text.find("\n", self.pos)
        end = len(self.text) if end < 0 else end
        text = self.text[self.pos : end]
        if not peek:
            self.pos = end + 1
        return text

    def _value(self) -> Optional[str]:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1
        quote = self.text[self.pos : self.pos + 1]
        if quote in ("'", '"'):
            return self._quoted(quote)
        raw = self._rest_of_line()
        comment = re.search(r"\s#", raw)
        raw = (raw[: comment.start()] if comment else raw).strip()
        return self._interpolate(raw)

    def _quoted(self, quote: str) -> Optional[str]:
        index = self.pos + 1
        chars: List[str] = []
        while index < len(self.text):
            char = self.text[index]
            if char == "\\" and index + 1 < len(self.text):
                following = self.text[index + 1]
                escaped = (
                    _ESCAPES.get(following)
                    if quote == '"'
                    else (following if following in "'\\" else None)
                )
                chars.append(escaped if escaped is not None else char + following)
                index += 2
                continue
            if char == quote:
                self.pos = index + 1
                self._rest_of_line()
                value = "".join(chars)
                return value if quote == "'" else self._interpolate(value)
            chars.append(char)
            index += 1
        self.pos = len(self.text)
        return None

    def _interpolate(self, value: str) -> str:
        return _VAR.sub(self._substitute, value) if "${" in value else value

    def _substitute(self, match: "re.Match[str]") -> str:
        known = self.known.get(match.group(1))
        if known:
            self.interpolated = True
        return known if known is not None else match.group(2) or ""


class EnvFiles:
    """Env files of one project, parsed on demand from the run's ``ProjectTexts`` (never outside
    the root)."""

    def __init__(
        self, root: Path, working_dirs: Sequence[str], texts: Optional[ProjectTexts] = None
    ) -> None:
        self.texts = texts or ProjectTexts(root)
        self.working_dirs = tuple(dict.fromkeys(working_dirs))
        self._cache: Dict[str, Optional[EnvFile]] = {}

    def read(self, path: str) -> Optional[EnvFile]:
        """The parsed file at project-relative ``path``, None when absent or unreadable."""
        if path not in self._cache:
            self._cache[path] = self._load(path)
        return self._cache[path]

    def _load(self, path: str) -> Optional[EnvFile]:
        text = self.texts.read(path, MAX_BYTES)
        return parse_env(text, path) if text is not None else None

    def from_working_dir(self, name: str) -> Optional[str]:
        """A working-directory-relative name -> the first existing project file it can be."""
        for directory in self.working_dirs:
            path = normalise(posixpath.join(directory, name) if directory else name)
            if path is not None and self.read(path) is not None:
                return path
        return None

    def search_upwards(self, directory: str, name: str = ".env") -> Optional[str]:
        """python-dotenv's ``find_dotenv()``: ``name`` in ``directory`` or a parent."""
        current = directory
        while True:
            path = normalise(posixpath.join(current, name) if current else name)
            if path is not None and self.read(path) is not None:
                return path
            if not current:
                return None
            current = posixpath.dirname(current)


def normalise(path: str) -> Optional[str]:
    """A project-relative POSIX path, or None when it leaves the project (or is absolute)."""
    if path.startswith("/") or path.startswith("~"):
        return None
    cleaned = posixpath.normpath(path)
    if cleaned == ".." or cleaned.startswith("../"):
        return None
    return "" if cleaned == "." else cleaned
