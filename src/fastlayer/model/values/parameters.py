"""Where a function parameter's value comes from, when the function itself does not say.

App factories receive their settings: ``def create_app(settings: Settings)``,
``settings: Settings = Depends(get_settings)``, ``Annotated[Settings, Depends(get_settings)]``,
or an unannotated parameter whose function the project calls exactly once
(``app = create_app(get_settings())``). Class-based builders keep them on ``self``
(``self.settings = settings`` in ``__init__``). This module finds the expression that
gives the value; the evaluator evaluates it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, List, Optional, Tuple

from fastlayer.facts.expr import Expr
from fastlayer.facts.types import Assignment, ClassFact, FunctionFact
from fastlayer.model.module import Module

_DEPENDS = ("Depends", "Security")


@dataclass(frozen=True)
class Declared:
    """What a parameter declares: the dependency callable (``Depends(f)``) or the annotation."""

    dependency: Optional[Expr] = None
    annotation: Optional[Expr] = None


def declared(function: FunctionFact, name: str) -> Declared:
    param = next((p for p in function.parameters if p.target == name), None)
    if param is None:
        return Declared()
    dependency = _depends(param.value)
    annotation = param.annotation
    if (
        annotation is not None
        and annotation.kind == "subscript"
        and _last(annotation.items[0]) == "Annotated"
    ):
        index = annotation.items[1]
        parts = index.items if index.kind == "tuple" else (index,)
        dependency = dependency or next(
            (d for d in map(_depends, parts[1:]) if d is not None), None
        )
        annotation = parts[0] if parts else None
    return Declared(dependency, annotation)


def _depends(expr: Optional[Expr]) -> Optional[Expr]:
    if (
        expr is None
        or expr.kind != "call"
        or expr.callee is None
        or _last(expr.callee) not in _DEPENDS
    ):
        return None
    return expr.keyword("dependency") or expr.positional(0)


def _last(expr: Expr) -> str:
    return (expr.dotted() or "").rsplit(".", 1)[-1]


def call_sites(
    modules: Iterator[Module], name: str
) -> List[Tuple[Module, Optional[FunctionFact], Expr]]:
    """Calls ``name(...)`` / ``x.name(...)`` in module-level assignments, calls of interest and the
    locals and results of kept functions: (module, enclosing function, call)."""
    found: List[Tuple[Module, Optional[FunctionFact], Expr]] = []
    for module in modules:
        for assignment in module.facts.assignments:
            found += [(module, None, call) for call in _calls(assignment.value, name)]
        for fact in module.facts.calls:
            found += [
                (module, None, call) for call in _calls(fact.call, name) if not fact.in_function
            ]
        for function in _functions(module):
            for expr in [a.value for a in function.locals] + [function.result]:
                found += [(module, function, call) for call in _calls(expr, name)]
    return _unique(found)


def _functions(module: Module) -> Iterator[FunctionFact]:
    yield from module.facts.functions
    for cls in module.facts.classes:
        yield from cls.methods


def _calls(expr: Optional[Expr], name: str) -> Iterator[Expr]:
    if expr is None:
        return
    if expr.kind == "call" and expr.callee is not None and _last(expr.callee) == name:
        yield expr
    for item in expr.items:
        yield from _calls(item, name)


def _unique(
    found: List[Tuple[Module, Optional[FunctionFact], Expr]],
) -> List[Tuple[Module, Optional[FunctionFact], Expr]]:
    seen = set()
    result = []
    for module, function, call in found:
        key = (module.path, call.line, call.column)
        if key not in seen:
            seen.add(key)
            result.append((module, function, call))
    return result


def self_attribute(
    module: Module, method: FunctionFact, attr: str
) -> Optional[Tuple[FunctionFact, Assignment]]:
    """The ``self.<attr> = ...`` assignment of the method's class (``__init__`` first)."""
    cls = _class_of(module, method)
    if cls is None:
        return None
    methods = sorted(cls.methods, key=lambda m: m.name != "__init__")
    for candidate in methods:
        for assignment in candidate.locals:
            if assignment.target == f"self.{attr}" and assignment.value is not None:
                return candidate, assignment
    return None


def _class_of(module: Module, method: FunctionFact) -> Optional[ClassFact]:
    owner = method.qualname.rsplit(".", 1)[0] if "." in method.qualname else ""
    stack = list(module.facts.classes)
    while stack:
        cls = stack.pop()
        if (cls.qualname or cls.name) == owner:
            return cls
        stack.extend(cls.inner)
    return None
