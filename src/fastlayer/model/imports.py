"""Resolve every ``ImportFact`` to a project module, the standard library or an external package.

Resolution follows Python's own import system, statically:

- absolute names are looked up by their longest prefix that is a project module
  (``from app.models import User`` -> ``app.models``); ``from pkg import sub``
  resolves to the submodule ``pkg.sub`` when that module exists;
- relative imports of any level resolve against the importing module's package
  (a module outside every package cannot import relatively: ``unresolved``);
- ``import a.b.c`` and ``import a.b.c as d`` depend on ``a.b.c``; star imports on
  the package they read; ``importlib.import_module("x")`` / ``__import__("x")``
  with a literal name like ``import x``;
- a top-level name of the standard library is the standard library under
  absolute imports, even when the project has a module of that name
  (``import io`` beside ``app/services/io.py``, or a flat-layout ``io.py``);
- a top-level directory without ``__init__.py`` (a namespace package) never
  shadows a regular package: ``from alembic import context`` in a flat-layout
  ``alembic/env.py`` is the installed alembic, while ``import alembic.env`` is the
  project module. Deeper namespace packages (``dispatch/feedback/``) are project
  packages like any other.

Imports under ``if TYPE_CHECKING:`` are resolved unless the configuration says
``type-checking-imports = "ignore"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Final, Iterable, Iterator, Literal, Optional, Sequence, Tuple

from fastlayer.facts.types import ImportFact
from fastlayer.model.module import Module
from fastlayer.model.stdlib_names import STDLIB

ImportKind = Literal["project", "stdlib", "external", "unresolved"]
PROJECT: Final = "project"
STDLIB_KIND: Final = "stdlib"
EXTERNAL: Final = "external"
UNRESOLVED: Final = "unresolved"


@dataclass(frozen=True)
class ResolvedImport:
    """One import of one module. ``target`` is the absolute dotted module it depends on;
    ``path`` the target's file (for a namespace package the ``__init__.py`` it would have;
    None for non-project targets)."""

    importer: str
    fact: ImportFact
    kind: ImportKind
    target: str
    path: Optional[str] = None

    @property
    def line(self) -> int:
        return self.fact.line

    @property
    def column(self) -> int:
        return self.fact.column

    @property
    def package(self) -> str:
        """Top-level package of an external or stdlib target (``sqlalchemy``)."""
        return self.target.split(".", 1)[0]

    @property
    def is_project(self) -> bool:
        return self.kind == PROJECT

    def statement(self) -> str:
        """The import as written (``from ..core import security``), for messages."""
        return describe(self.fact)

    def context(self) -> str:
        """Where the import sits, when that is unusual (for messages), else ''."""
        fact = self.fact
        flags = [
            ("TYPE_CHECKING", fact.type_checking),
            ("in function", fact.in_function),
            ("dynamic", fact.dynamic),
        ]
        return ", ".join(label for label, on in flags if on)


def describe(fact: ImportFact) -> str:
    dots = "." * fact.level
    if fact.dynamic:
        return f"import_module({fact.module!r})"
    if fact.name is None:
        return f"import {fact.module}" + (f" as {fact.asname}" if fact.asname else "")
    alias = f" as {fact.asname}" if fact.asname else ""
    return f"from {dots}{fact.module} import {fact.name}{alias}"


def describe_statement(facts: Sequence[ImportFact], shown: int = 6) -> str:
    """One statement's imported names as written (``from app.db import a, b``), at most ``shown``
    names."""
    first = facts[0]
    if first.dynamic or len(facts) == 1:
        return describe(first)
    parts = [
        describe(f).split(" import ", 1)[1] if f.name is not None else describe(f)[7:]
        for f in facts
    ]
    more = f", ... ({len(parts)} names)" if len(parts) > shown else ""
    head = (
        describe(first).split(" import ", 1)[0] + " import "
        if first.name is not None
        else "import "
    )
    return head + ", ".join(parts[:shown]) + more


def statement_key(fact: ImportFact) -> Tuple[int, int, str]:
    """Names imported by one statement share this key (``from x import (a,\n b)``, ``import c,
    d``)."""
    return fact.statement_line, fact.level, fact.module if fact.name is not None else ""


class ImportResolver:
    """Resolves the imports of the project's modules against the project's module names."""

    def __init__(self, modules: Iterable[Module], type_checking: str = "check") -> None:
        self.by_name: Dict[str, Module] = {}
        for module in sorted(modules, key=lambda m: m.path):
            if module.name and module.name not in self.by_name:
                self.by_name[module.name] = module
        self.packages: Dict[str, str] = {}
        for name, module in self.by_name.items():
            self.packages.update(_package_dirs(name, module.path))
        self.skip_type_checking = type_checking == "ignore"
        self._hits: Dict[Tuple[str, bool], Optional[Tuple[str, Optional[str]]]] = {}

    def resolve(self, module: Module) -> Tuple[ResolvedImport, ...]:
        found = (
            self.resolve_fact(module, fact) for fact in module.facts.imports if self._wanted(fact)
        )
        return tuple(r for r in found if r is not None)

    def _wanted(self, fact: ImportFact) -> bool:
        return not (self.skip_type_checking and fact.type_checking)

    def resolve_fact(self, module: Module, fact: ImportFact) -> Optional[ResolvedImport]:
        base = self._base(module, fact)
        if base is None:
            return ResolvedImport(module.path, fact, UNRESOLVED, "." * fact.level + fact.module)
        relative = fact.level > 0
        if fact.name is not None and fact.name != "*":
            submodule = f"{base}.{fact.name}" if base else fact.name
            hit = self._project(submodule, relative)
            if hit is not None and hit[0] == submodule:
                return self._made(module, fact, hit)
        return self._classify(module, fact, base, relative)

    def _base(self, module: Module, fact: ImportFact) -> Optional[str]:
        """The absolute module named before ``import`` (``from ..core import x`` ->
        ``app.core``)."""
        if fact.level == 0:
            return fact.module
        if not module.name:
            return None
        parts = module.name.split(".")
        keep = len(parts) - fact.level + (1 if module.is_package else 0)
        if keep < 1:
            return None
        package = ".".join(parts[:keep])
        return f"{package}.{fact.module}" if fact.module else package

    def _classify(
        self, module: Module, fact: ImportFact, dotted: str, relative: bool
    ) -> ResolvedImport:
        if not dotted:
            return ResolvedImport(module.path, fact, UNRESOLVED, dotted)
        if not relative and dotted.split(".", 1)[0] in STDLIB:
            return ResolvedImport(module.path, fact, STDLIB_KIND, dotted)
        hit = self._project(dotted, relative)
        if hit is not None:
            return self._made(module, fact, hit)
        return ResolvedImport(module.path, fact, UNRESOLVED if relative else EXTERNAL, dotted)

    def _made(
        self, module: Module, fact: ImportFact, hit: Tuple[str, Optional[str]]
    ) -> ResolvedImport:
        return ResolvedImport(module.path, fact, PROJECT, hit[0], hit[1])

    def _project(self, dotted: str, relative: bool) -> Optional[Tuple[str, Optional[str]]]:
        """Longest prefix of ``dotted`` that is a project module (name, path) or package (name,
        None)."""
        key = (dotted, relative)
        if key not in self._hits:  # the same few names are imported all over a project
            self._hits[key] = self._longest(dotted, relative)
        return self._hits[key]

    def _longest(self, dotted: str, relative: bool) -> Optional[Tuple[str, Optional[str]]]:
        for prefix in _prefixes(dotted):
            found = self.by_name.get(prefix)
            if found is not None:
                return prefix, found.path
            if prefix in self.packages and ("." in prefix or relative):
                return prefix, self.packages[prefix] + "/__init__.py"
        return None


def _package_dirs(name: str, path: str) -> Iterator[Tuple[str, str]]:
    """Every package above module ``name`` with its directory (``a.b.c`` at ``src/a/b/c.py``
    -> (``a.b``, ``src/a/b``), (``a``, ``src/a``))."""
    directories = path.split("/")[:-1]
    parts = name.split(".")
    depth = len(parts) - (0 if path.endswith("/__init__.py") else 1)
    for keep in range(depth, 0, -1):
        if keep < len(parts) or not path.endswith("/__init__.py"):
            cut = len(directories) - (depth - keep)
            yield ".".join(parts[:keep]), "/".join(directories[:cut])


def _prefixes(dotted: str) -> Tuple[str, ...]:
    """``a.b.c`` -> (``a.b.c``, ``a.b``, ``a``): longest first."""
    parts = dotted.split(".")
    return tuple(".".join(parts[:end]) for end in range(len(parts), 0, -1))


def project_imports(resolved: Iterable[ResolvedImport]) -> Iterator[ResolvedImport]:
    return (r for r in resolved if r.kind == PROJECT)
