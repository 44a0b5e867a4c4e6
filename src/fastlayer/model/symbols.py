"""Name resolution across the project: from a name as written to where it is defined.

``qualify(module, "UserBase")`` follows the module's own imports (relative ones
included) to an absolute dotted name; ``definition`` finds the class, function,
assignment or module behind an absolute name, following re-exports such as
``from .user import User`` in a package ``__init__``. External names (``pydantic.BaseModel``)
stay as qualified strings: ``ancestors`` yields them for every base class, so a
detector can ask "does this class derive, anywhere up the chain, from X?".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterator, Literal, Mapping, Optional, Set, Tuple, Union

from fastlayer.facts.types import Assignment, ClassFact, FunctionFact
from fastlayer.model.module import Module

MAX_HOPS = 8
Fact = Union[ClassFact, FunctionFact, Assignment, None]


@dataclass(frozen=True)
class Definition:
    """``kind`` is class, function, assignment or module; ``fact`` is None for modules."""

    kind: Literal["class", "function", "assignment", "module"]
    module: Module
    name: str
    fact: Fact


def absolute(module: Module, target: str) -> str:
    """Resolve leading dots of ``target`` against ``module``'s own name."""
    level = len(target) - len(target.lstrip("."))
    if level == 0 or not module.name:
        return target.lstrip(".")
    package = module.name if module.is_package else module.name.rpartition(".")[0]
    for _ in range(level - 1):
        package = package.rpartition(".")[0]
    rest = target[level:]
    return f"{package}.{rest}" if package and rest else (package or rest)


class Symbols:
    """Lookups are memoised for the run: the facts of a project do not change under it."""

    def __init__(self, modules: Mapping[str, Module]) -> None:
        self.modules: Mapping[str, Module] = modules  # dotted name -> module
        self._qualified: Dict[Tuple[str, str], Optional[str]] = {}
        self._splits: Dict[str, Optional[Tuple[Module, str]]] = {}
        self._definitions: Dict[Tuple[str, int], Optional[Definition]] = {}
        self._ancestry: Dict[
            int, Tuple[ClassFact, Tuple[str, ...]]
        ] = {}  # id(class) -> (the class, its ancestors)

    def qualify(self, module: Module, dotted: Optional[str]) -> Optional[str]:
        """The absolute qualified name a name *as written in module* stands for."""
        if dotted is None:
            return None
        key = (module.path, dotted)
        if key not in self._qualified:
            self._qualified[key] = self._qualify(module, dotted)
        return self._qualified[key]

    def _qualify(self, module: Module, dotted: str) -> Optional[str]:
        head = dotted.split(".", 1)[0]
        if head not in module.facts.bindings:
            local = self._local(module, head)
            if local and module.name:
                return f"{module.name}.{dotted}"
        qualified = module.facts.qualify(dotted)
        return absolute(module, qualified) if qualified is not None else None

    def split(self, qualified: str) -> Optional[Tuple[Module, str]]:
        """The project module that is the longest prefix of ``qualified``, and the rest."""
        if qualified not in self._splits:
            self._splits[qualified] = self._split(qualified)
        return self._splits[qualified]

    def _split(self, qualified: str) -> Optional[Tuple[Module, str]]:
        parts = qualified.split(".")
        for end in range(len(parts), 0, -1):
            module = self.modules.get(".".join(parts[:end]))
            if module is not None:
                return module, ".".join(parts[end:])
        return None

    def definition(self, qualified: str, hops: int = 0) -> Optional[Definition]:
        key = (qualified, hops)
        if key not in self._definitions:
            self._definitions[key] = self._definition(qualified, hops)
        return self._definitions[key]

    def _definition(self, qualified: str, hops: int) -> Optional[Definition]:
        found = self.split(qualified)
        if found is None or hops > MAX_HOPS:
            return None
        module, rest = found
        if not rest:
            return Definition("module", module, module.name or "", None)
        head, _, tail = rest.partition(".")
        local = self._local(module, head)
        if local is not None and not tail:
            return local
        target = module.facts.bindings.get(head)
        if target is not None:
            return self.definition(
                absolute(module, target) + (f".{tail}" if tail else ""), hops + 1
            )
        return None

    def _local(self, module: Module, name: str) -> Optional[Definition]:
        for cls in module.facts.classes:
            if cls.name == name:
                return Definition("class", module, name, cls)
        function = module.function(name, methods=False)
        if function is not None:
            return Definition("function", module, name, function)
        for assignment in reversed(module.facts.assignments):
            if assignment.target == name:
                return Definition("assignment", module, name, assignment)
        return None

    def ancestors(self, module: Module, cls: ClassFact) -> Iterator[str]:
        """Qualified names of every base class up the chain (project and external)."""
        known = self._ancestry.get(id(cls))
        if known is None or known[0] is not cls:
            known = self._ancestry[id(cls)] = (cls, tuple(self._ancestors(module, cls, set())))
        return iter(known[1])

    def _ancestors(self, module: Module, cls: ClassFact, seen: Set[str]) -> Iterator[str]:
        for base in cls.bases:
            qualified = self.qualify(module, base.dotted())
            if qualified is None or qualified in seen:
                continue
            seen.add(qualified)
            yield qualified
            definition = self.definition(qualified)
            if definition is not None and isinstance(definition.fact, ClassFact):
                yield from self._ancestors(definition.module, definition.fact, seen)

    def derives_from(self, module: Module, cls: ClassFact, targets: Set[str]) -> bool:
        return any(name in targets for name in self.ancestors(module, cls))
