"""The one currency every stage trades in: a finding at a place in a file."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Optional, Tuple


class Severity(str, enum.Enum):
    """How serious a finding is; ``--fail-on`` compares against the rank."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls(text.lower())


@dataclass(frozen=True)
class Diagnostic:
    """One finding. ``path`` is relative to the project root, POSIX form.

    ``subject`` names the import or symbol the finding is about; the baseline
    fingerprints on it so findings survive code moving within a file.
    ``related`` lists other files the finding involves (a cycle's chain).
    """

    path: str
    line: int
    column: int
    code: str
    name: str
    severity: Severity
    message: str
    end_line: Optional[int] = None
    end_column: Optional[int] = None
    hint: Optional[str] = None
    subject: str = ""
    related: Tuple[str, ...] = ()

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
        }
