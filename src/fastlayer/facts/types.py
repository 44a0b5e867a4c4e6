"""The facts one file yields. Plain frozen dataclasses, JSON-serialisable.

Names are kept *as written* (``router.get``, ``BaseModel``); ``FileFacts.qualify``
turns them into qualified names through the file's own imports. Relative
imports qualify to a dotted name with leading dots (``..core.config``), which
the project model resolves against the module's own name.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Dict, Literal, Optional, Tuple

from fastlayer.facts.expr import Expr

# Calls that parse a project data file's text, matched on the qualified name: the visitor records
# them and the evaluator follows them (``model/values/loading.py``). Here, not in the visitor, so
# that a warm run reads it without importing libcst.
LOADER_CALLS = frozenset(
    {
        "yaml.safe_load",
        "yaml.load",
        "yaml.full_load",
        "json.load",
        "json.loads",
        "tomllib.load",
        "tomllib.loads",
        "tomli.load",
        "tomli.loads",
        "toml.load",
    }
)


@dataclass(frozen=True)
class ImportFact:
    """One imported name. ``import a.b as c`` -> module='a.b', name=None, asname='c'.

    ``from x import y`` -> module='x', name='y'. ``from . import y`` -> module='',
    level=1. ``importlib.import_module("a.b")`` -> module='a.b', dynamic=True.
    """

    module: str
    name: Optional[str]
    asname: Optional[str]
    level: int
    line: int
    column: int
    in_function: bool = False
    type_checking: bool = False
    in_try: bool = False
    dynamic: bool = False
    statement: int = 0  # line of the import statement the name belongs to (0: its own line)

    @property
    def statement_line(self) -> int:
        """The line of the ``import`` / ``from ... import`` statement (one finding per statement)."""
        return self.statement or self.line

    @property
    def bound_name(self) -> Optional[str]:
        """The local name this import binds (None for star and dynamic imports)."""
        if self.dynamic or self.name == "*":
            return None
        if self.asname:
            return self.asname
        if self.name is not None:
            return self.name
        return self.module.split(".")[0]

    @property
    def target(self) -> str:
        """What the bound name stands for, relative imports with leading dots."""
        prefix = "." * self.level
        if self.name is None:
            return prefix + self.module if self.asname else prefix + self.module.split(".")[0]
        if not self.module:
            return prefix + self.name
        return f"{prefix}{self.module}.{self.name}"


@dataclass(frozen=True)
class Assignment:
    """``target = value`` (or ``target: annotation = value``) at module or class level."""

    target: str
    value: Optional[Expr]
    annotation: Optional[Expr]
    line: int
    column: int
    conditional: bool = False


@dataclass(frozen=True)
class FunctionFact:
    name: str
    line: int
    column: int
    decorators: Tuple[Expr, ...] = ()
    is_async: bool = False
    trivial_body: bool = False
    returns: Optional[Expr] = None
    qualname: str = ""
    params: Tuple[str, ...] = ()
    # Recorded only for functions that hold a call of interest, write a CORS header, read the
    # environment, set a ``self.<settings>`` attribute or are cached (``@lru_cache`` settings
    # factories): simple-name assignments in the body (and ``self.x`` ones, target ``self.x``)
    # (``conditional`` when inside a block) and the expression of a final lone ``return``.
    locals: Tuple[Assignment, ...] = ()
    result: Optional[Expr] = None
    # Kept functions also: each parameter with its annotation and default (``value``).
    parameters: Tuple[Assignment, ...] = ()


@dataclass(frozen=True)
class ClassFact:
    name: str
    line: int
    column: int
    bases: Tuple[Expr, ...] = ()
    keywords: Tuple[Tuple[str, Expr], ...] = ()
    decorators: Tuple[Expr, ...] = ()
    fields: Tuple[Assignment, ...] = ()
    methods: Tuple[FunctionFact, ...] = ()
    inner: Tuple[ClassFact, ...] = ()
    qualname: str = ""
    type_checking: bool = False  # defined under ``if TYPE_CHECKING:`` (absent at run time)


@dataclass(frozen=True)
class CallFact:
    """A call of interest (see ``extract.INTERESTING_CALLS``) anywhere in the file."""

    call: Expr
    line: int
    column: int
    in_function: str = ""
    assigned_to: str = ""
    env_branch: bool = (
        False  # inside an if / conditional expression whose test reads the environment
    )
    guards: Tuple[Expr, ...] = ()  # conditions that hold where it runs (``facts/branches.py``)


@dataclass(frozen=True)
class EnvRead:
    """``os.getenv``/``os.environ[...]``/``environ.get`` and friends."""

    form: str
    key: Optional[Expr]
    default: Optional[Expr]
    line: int
    column: int


@dataclass(frozen=True)
class HeaderWrite:
    """A response header set by hand (``resp.headers["Access-Control-Allow-Origin"] = v``,
    ``headers.append(name, v)``, ``{name: v}``, ``(b"name", v)``); ``header`` is lower-case."""

    header: str
    value: Expr
    line: int
    column: int
    in_function: str = ""
    guards: Tuple[Expr, ...] = ()  # conditions that hold where it runs (``facts/branches.py``)


@dataclass(frozen=True)
class Suppression:
    """``# fastlayer: ignore[FL101]`` (line scope) or ``ignore-file[...]``."""

    line: int
    column: int
    codes: Tuple[str, ...]
    file_level: bool


@dataclass(frozen=True)
class ParseError:
    """Why a file yielded no facts: ``syntax`` (FL001) or ``decode``/``read`` (FL002)."""

    kind: Literal["syntax", "decode", "read"]
    message: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class FileFacts:
    path: str
    lines: int = 0
    imports: Tuple[ImportFact, ...] = ()
    assignments: Tuple[Assignment, ...] = ()
    classes: Tuple[ClassFact, ...] = ()
    functions: Tuple[FunctionFact, ...] = ()
    calls: Tuple[CallFact, ...] = ()
    env_reads: Tuple[EnvRead, ...] = ()
    called: Tuple[str, ...] = ()  # the last name of every call's callee, repeated per call
    suppressions: Tuple[Suppression, ...] = ()
    header_writes: Tuple[HeaderWrite, ...] = ()
    error: Optional[ParseError] = None

    @functools.cached_property
    def bindings(self) -> Dict[str, str]:
        """Local name -> qualified target, from the file's imports (last one wins)."""
        table: Dict[str, str] = {}
        for fact in self.imports:
            bound = fact.bound_name
            if bound is not None:
                table[bound] = fact.target
        return table

    def qualify(self, dotted: Optional[str]) -> Optional[str]:
        """``APIRouter`` -> ``fastapi.APIRouter``; ``models.User`` -> ``app.models.User``."""
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        target = self.bindings.get(head)
        if target is None:
            return dotted
        return f"{target}.{rest}" if rest else target
