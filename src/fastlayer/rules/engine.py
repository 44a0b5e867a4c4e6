"""FL0xx: what the engine itself finds while reading the project."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.rules.base import Example, Rule, register

if TYPE_CHECKING:
    from fastlayer.model.project import ProjectModel


@register
class SyntaxErrorRule(Rule):
    """## What it does
    Reports a file that cannot be parsed, at the line and column the parser names.

    ## Why is this bad?
    fastlayer cannot see the imports, routes or settings of a file it cannot parse,
    so every architecture rule is blind there. A syntax error is reported instead of
    silently skipping the file, and the rest of the project is still analysed.
    fastlayer parses the syntax of every Python version libcst supports (3.0 to 3.14),
    whatever interpreter runs it.

    ## Example
    ```python
    def create_app(:
        ...
    ```

    ## Use instead
    ```python
    def create_app():
        ...
    ```
    """

    code = "FL001"
    name = "syntax-error"
    severity = Severity.ERROR
    summary = "File cannot be parsed"
    valid = (Example({"app/main.py": "def create_app():\n    return None\n"}),)
    invalid = (Example({"app/main.py": "x = 1\ndef create_app(:\n    return None\n"}, expect=(("app/main.py", 2),)),)

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        for path, facts in sorted(project.facts.items()):
            error = facts.error
            if error is not None and error.kind == "syntax":
                yield self.diagnostic(path, error.line, error.column, f"syntax error: {error.message}")


@register
class UnreadableFileRule(Rule):
    """## What it does
    Reports a Python file that cannot be read or decoded: invalid UTF-8 (or invalid for
    the encoding its coding cookie declares), an unknown encoding, a NUL byte, or a
    file the operating system refuses to read.

    ## Why is this bad?
    Python itself cannot import such a file, and fastlayer cannot check it. The file
    is reported instead of being skipped, so a broken file never passes as clean.

    ## Example
    A file saved as Latin-1 without a coding cookie:
    ```python
    NAME = "caf\\xe9"   # the byte 0xE9 is not valid UTF-8
    ```

    ## Use instead
    Save the file as UTF-8, or declare its encoding on the first line:
    ```python
    # -*- coding: latin-1 -*-
    ```
    """

    code = "FL002"
    name = "unreadable-file"
    severity = Severity.ERROR
    summary = "File cannot be read or decoded"
    valid = (Example({"app/main.py": "# -*- coding: latin-1 -*-\nNAME = 'caf\u00e9'\n"}),)
    invalid = (Example({"app/main.py": "NAME = 'a'\x00\n"}, expect=(("app/main.py", 1),)),)

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        for path, facts in sorted(project.facts.items()):
            error = facts.error
            if error is not None and error.kind in ("decode", "read"):
                yield self.diagnostic(path, error.line, error.column, f"cannot read file: {error.message}")
