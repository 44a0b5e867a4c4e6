"""The rule API: one class per rule, registered explicitly, documented in the ruff shape.

A rule declares who it is (code, kebab-case name, severity, summary), carries
its doc (*What it does / Why is this bad? / Example / Use instead*) as the class
docstring, and its VALID / INVALID examples as small projects that the test
suite runs. ``check`` reads the project model and yields diagnostics; it never
reads files and never prints.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Dict, FrozenSet, Iterator, List, Optional, Tuple, Type

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.filters.suppressions import Used

if TYPE_CHECKING:
    from fastlayer.model.module import Module
    from fastlayer.model.project import ProjectModel

_CODE = re.compile(r"^FL\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Example:
    """A tiny project: files (path -> source), optional ``[tool.fastlayer]`` TOML body,
    and for INVALID examples the (path, line) pairs the rule must report."""

    files: Dict[str, str]
    config: str = ""
    expect: Tuple[Tuple[str, int], ...] = ()
    title: str = ""


@dataclass(frozen=True)
class Filtered:
    """What the suppression filter did with the findings of every rule's ``check``: ``used``, the
    inline suppressions that silenced one; ``ran``, the codes of the rules that ran; ``known``, the
    code of every registered rule."""

    used: FrozenSet[Used]
    ran: Tuple[str, ...]
    known: Tuple[str, ...]


def snippet(text: str) -> str:
    """An example file written as an indented triple-quoted string: the text dedented, without
    the line break that follows the opening quotes."""
    text = textwrap.dedent(text)
    return text[1:] if text.startswith("\n") else text


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    default_enabled: ClassVar[bool] = True
    # An opinion of the preset (where code lives, which folders exist, how layers and routes are
    # laid out): runs by default only when the configuration adopts a layout
    # (``Config.adopts_layout``), otherwise only when selected (``--select FL3``, ``--select ALL``).
    # The rest hold on any project.
    opinion: ClassVar[bool] = False
    needs_app_root: ClassVar[bool] = False
    valid: ClassVar[Tuple[Example, ...]] = ()
    invalid: ClassVar[Tuple[Example, ...]] = ()
    options: ClassVar[
        Tuple[Tuple[str, str], ...]
    ] = ()  # (config key, what it changes): shown in docs/rules/

    current_path: str = ""

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        raise NotImplementedError

    def after_filtering(self, project: ProjectModel, filtered: Filtered) -> Iterator[Diagnostic]:
        """Project-wide findings about the filtering itself, asked after every rule's ``check`` ran
        and suppressions were applied. Only suppressions naming the exact code silence them.
        Most rules have none."""
        return iter(())

    def modules(self, project: ProjectModel) -> Iterator[Module]:
        """The parsed modules, remembering which one is being checked (for error reports)."""
        for module in project.parsed():
            self.current_path = module.path
            yield module
        self.current_path = ""

    def diagnostic(
        self,
        path: str,
        line: int,
        column: int,
        message: str,
        *,
        hint: Optional[str] = None,
        subject: str = "",
        severity: Optional[Severity] = None,
        related: Tuple[str, ...] = (),
        end: Optional[Tuple[int, int]] = None,
    ) -> Diagnostic:
        return Diagnostic(
            path,
            max(line, 1),
            max(column, 1),
            self.code,
            self.name,
            severity or self.severity,
            message,
            end_line=end[0] if end else None,
            end_column=end[1] if end else None,
            hint=hint,
            subject=subject,
            related=related,
        )

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")


@dataclass
class Registry:
    rules: Dict[str, Type[Rule]] = field(default_factory=dict)

    def register(self, rule: Type[Rule]) -> Type[Rule]:
        problem = _rule_problem(rule, self.rules)
        if problem:
            raise TypeError(f"cannot register {rule.__name__}: {problem}")
        self.rules[rule.code] = rule
        return rule

    def sorted(self) -> List[Type[Rule]]:
        return [self.rules[code] for code in sorted(self.rules)]

    def get(self, code: str) -> Optional[Type[Rule]]:
        return self.rules.get(code.upper())


def _rule_problem(rule: Type[Rule], known: Dict[str, Type[Rule]]) -> Optional[str]:
    for attribute in ("code", "name", "severity", "summary"):
        if not hasattr(rule, attribute):
            return f"missing {attribute}"
    if not _CODE.match(rule.code):
        return f"code {rule.code!r} is not FLnnn"
    if rule.code in known:
        return f"duplicate code {rule.code} (already {known[rule.code].__name__})"
    if not _NAME.match(rule.name):
        return f"name {rule.name!r} is not kebab-case"
    if not rule.__doc__:
        return "no documentation"
    return None


REGISTRY = Registry()
register = REGISTRY.register
