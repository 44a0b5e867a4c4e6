"""FL0xx: what the engine itself finds while reading the project."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator, Tuple

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.facts.types import FileFacts
from fastlayer.filters.suppressions import Problem, problems
from fastlayer.rules.base import Example, Filtered, Rule, register, snippet

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
    valid = (
        Example(
            {
                "app/main.py": snippet(
                    """
                    def create_app():
                        return None
                    """
                )
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": snippet(
                    """
                    x = 1
                    def create_app(:
                        return None
                    """
                )
            },
            expect=(("app/main.py", 2),),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        for path, facts in sorted(project.facts.items()):
            yield from self.of_file(facts)

    def of_file(self, facts: FileFacts) -> Iterator[Diagnostic]:
        """The finding for one file's facts (an editor buffer checked apart from the model)."""
        error = facts.error
        if error is not None and error.kind == "syntax":
            yield self.diagnostic(
                facts.path, error.line, error.column, f"syntax error: {error.message}"
            )


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
    valid = (
        Example(
            {
                "app/main.py": snippet(
                    """
                    # -*- coding: latin-1 -*-
                    NAME = 'café'
                    """
                )
            }
        ),
    )
    invalid = (Example({"app/main.py": "NAME = 'a'\x00\n"}, expect=(("app/main.py", 1),)),)

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        for path, facts in sorted(project.facts.items()):
            error = facts.error
            if error is not None and error.kind in ("decode", "read"):
                yield self.diagnostic(
                    path, error.line, error.column, f"cannot read file: {error.message}"
                )


@register
class UnusedSuppressionRule(Rule):
    """## What it does
    Reports a `# fastlayer: ignore[...]` or `# fastlayer: ignore-file[...]` comment that
    silences nothing, names a code that is not a fastlayer rule (or prefix of one), or
    names no code at all (a bare `# fastlayer: ignore` silences every rule on its line).
    A code is only called unused when its rule ran: `--select` never makes a
    suppression look stale.

    ## Why is this bad?
    Suppressions rot: the import is moved, the rule is fixed, the comment stays and
    will silently hide the next real finding on that line. A misspelt code silences
    nothing at all, and a bare ignore hides findings nobody has looked at.

    ## Example
    ```python
    from app.api import deps  # fastlayer: ignore
    SECRET = "x"  # fastlayer: ignore[FL999]
    ```

    ## Use instead
    ```python
    from app.api import deps  # fastlayer: ignore[FL101]
    SECRET = "x"
    ```
    """

    code = "FL003"
    name = "unused-suppression"
    severity = Severity.WARNING
    summary = "Suppression comment that is unused, names an unknown code, or names no code"
    valid = (
        Example(
            {
                "app/main.py": snippet(
                    """
                    def f(:  # fastlayer: ignore[FL001]
                        pass
                    """
                )
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": snippet(
                    """
                    x = 1  # fastlayer: ignore
                    y = 2  # fastlayer: ignore[FL999]
                    """
                )
            },
            expect=(("app/main.py", 1), ("app/main.py", 2)),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        """Nothing yet: suppressions are only known to be used after the other rules ran."""
        return iter(())

    def after_filtering(self, project: ProjectModel, filtered: Filtered) -> Iterator[Diagnostic]:
        return self.report(problems(project.facts, filtered.used, filtered.ran, filtered.known))

    def report(self, problems: Iterable[Problem]) -> Iterator[Diagnostic]:
        for problem in problems:
            message, hint = _describe(problem)
            suppression = problem.suppression
            kind = "ignore-file" if suppression.file_level else "ignore"
            subject = f"{kind}[{','.join(suppression.codes)}]"
            yield self.diagnostic(
                problem.path,
                suppression.line,
                suppression.column,
                message,
                hint=hint,
                subject=subject,
            )


def _describe(problem: Problem) -> Tuple[str, str]:
    if problem.bare:
        if problem.silenced:
            return (
                "suppression names no code and silences every rule on its line",
                f"name the codes it silences: `# fastlayer: ignore[{', '.join(problem.silenced)}]`",
            )
        return (
            "suppression names no code (and silences nothing)",
            "remove it, or name the codes it should silence",
        )
    parts = [
        f"{label}: {', '.join(codes)}"
        for label, codes in (("unused", problem.unused), ("unknown", problem.unknown))
        if codes
    ]
    title = "unused suppression" if problem.unused else "unknown code in suppression"
    return (
        f"{title} ({'; '.join(parts)})",
        "remove the stale codes (see `fastlayer rules` for the known ones)",
    )
