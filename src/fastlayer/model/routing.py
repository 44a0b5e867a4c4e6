"""How routers are assembled: ``include_router`` and ``mount`` edges between apps and routers,
and the prefix every route ends up under. Prefixes are resolved with the static evaluator
(literals, constants, settings fields, env files); anything else is unknown (None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Set, Tuple

from fastlayer.facts.expr import Expr
from fastlayer.facts.types import CallFact, FileFacts
from fastlayer.model.core import ProjectCore
from fastlayer.model.detectors import Detections, Route, in_schema
from fastlayer.model.module import Module
from fastlayer.model.objects import Obj, Objects
from fastlayer.model.perfile import calls_named, per_file
from fastlayer.model.values.types import Origin


@dataclass(frozen=True)
class Include:
    """``parent.include_router(child, prefix=...)`` or ``parent.mount(prefix, child)``."""

    parent: Obj
    child: Obj
    prefix: Optional[str]
    path: str
    line: int
    column: int
    mount: bool = False
    source: str = ""
    in_schema: bool = (
        True  # False: ``include_router(..., include_in_schema=False)`` (not part of the API)
    )


def literal(expr: Optional[Expr]) -> Optional[str]:
    """A string literal (also ``"/a" + "/b"``); ``""`` when absent; None when unknown."""
    if expr is None:
        return ""
    if expr.kind == "const" and isinstance(expr.value, str):
        return expr.value
    if expr.kind == "binop" and expr.value == "+":
        left, right = literal(expr.items[0]), literal(expr.items[1])
        return None if left is None or right is None else left + right
    return None


def own_prefix(obj: Obj) -> Optional[str]:
    """``APIRouter(prefix="/users")`` -> ``/users`` (literals only; see ``Prefixes.own``)."""
    return literal(obj.ctor.keyword("prefix"))


@dataclass(frozen=True)
class Prefix:
    """A resolved prefix and, when it is not a literal, where it came from."""

    text: str
    source: str = ""


_URL_PATH = re.compile(r"(?:/[A-Za-z0-9._~{}\-]*)*")


def _env_path_prefix(text: str, origin: Origin) -> bool:
    return not origin.env_interpolated and _URL_PATH.fullmatch(text) is not None


class Prefixes:
    """Prefix expressions resolved by the static evaluator in the default context."""

    def __init__(self, project: ProjectCore) -> None:
        from fastlayer.model.values.evaluator import Evaluator

        self.project = project
        self.evaluator = Evaluator(project)
        self._own: Dict[str, Optional[Prefix]] = {}

    def of(self, module: Module, expr: Optional[Expr], in_function: str = "") -> Optional[Prefix]:
        text = literal(expr)
        if text is not None:
            return Prefix(text)
        value = self.evaluator.evaluate(module, expr, module.function(in_function))
        if value.kind != "const" or not isinstance(value.const, str):
            return None
        origin = value.origin
        if origin is not None and origin.env_path and not _env_path_prefix(value.const, origin):
            return None  # read from an env file and not a plain URL path: never printed (a secret?)
        source = origin.describe() if origin is not None and origin.kind != "literal" else ""
        return Prefix(value.const, f"prefix {value.const!r}: {source}" if source else "")

    def own(self, obj: Obj) -> Optional[Prefix]:
        """``APIRouter(prefix=...)`` of an app or router, resolved (once per object: FL502 and
        FL503 ask it of every route's owner)."""
        if obj.key not in self._own:
            self._own[obj.key] = self._resolved_own(obj)
        return self._own[obj.key]

    def _resolved_own(self, obj: Obj) -> Optional[Prefix]:
        module = self.project.modules.get(obj.path)
        expr = obj.ctor.keyword("prefix")
        if expr is None:
            return Prefix("")
        if module is None:
            return None
        call = next(
            (
                c
                for c in module.facts.calls
                if (c.line, c.column) == (obj.ctor.line, obj.ctor.column)
            ),
            None,
        )
        return self.of(module, expr, call.in_function if call is not None else "")


class Routing:
    """The include/mount edges of the project and its routes by owner (``ProjectModel.routing``)."""

    def __init__(
        self,
        project: ProjectCore,
        objects: Objects,
        detections: Detections,
        prefixes: Prefixes,
        edges: Optional[List[Include]] = None,  # known already (a project in memory keeps them)
    ) -> None:
        self.prefixes = prefixes
        self.includes: List[Include] = (
            _edges(project, objects, prefixes) if edges is None else edges
        )
        self.routes: Dict[str, List[Route]] = {}
        for route in detections.routes:
            self.routes.setdefault(route.owner.key, []).append(route)

    def routes_under(self, obj: Obj, seen: Optional[Set[str]] = None) -> bool:
        """Does ``obj`` serve a route, itself or through what it includes?"""
        seen = set() if seen is None else seen
        if obj.key in seen:
            return False
        seen.add(obj.key)
        return bool(self.routes.get(obj.key)) or any(
            self.routes_under(e.child, seen) for e in self.children(obj)
        )

    def children(self, obj: Obj) -> List[Include]:
        return [edge for edge in self.includes if edge.parent.key == obj.key]

    def mounted(self, obj: Obj) -> bool:
        return any(edge.child.key == obj.key for edge in self.includes)

    def unprefixed(
        self,
        obj: Obj,
        prefix: str,
        accept: "PrefixTest",
        seen: Set[str],
        sources: Tuple[str, ...] = (),
    ) -> Optional[Tuple[Route, str, Tuple[str, ...]]]:
        """The first route reachable from ``obj`` whose full path fails ``accept``, with that path
        and where the non-literal prefixes on the way came from."""
        own = self.prefixes.own(obj)
        if own is None or obj.key in seen:
            return None
        seen.add(obj.key)
        full, sources = prefix + own.text, sources + ((own.source,) if own.source else ())
        if accept.prefix_ok(full):
            return None
        for route in self.routes.get(obj.key, []):
            path = full + (route.route_path or "")
            if route.route_path is not None and route.in_schema and not accept.route_ok(path):
                return route, path, sources
        for edge in self.children(obj):
            if edge.prefix is not None and edge.in_schema:
                more = sources + ((edge.source,) if edge.source else ())
                found = self.unprefixed(edge.child, full + edge.prefix, accept, seen, more)
                if found is not None:
                    return found
        return None


class PrefixTest:
    """What counts as versioned (``prefix_ok``) and which unversioned routes are fine (health
    checks)."""

    def prefix_ok(self, prefix: str) -> bool:
        raise NotImplementedError

    def route_ok(self, path: str) -> bool:
        raise NotImplementedError


_INCLUDES = ("include_router", "mount")


def _edges(project: ProjectCore, resolver: Objects, resolve: Prefixes) -> List[Include]:
    modules = (module for module, _ in project.having(include_calls))
    return [edge for module in modules for edge in includes_of(module, resolver, resolve)]


@per_file
def include_calls(facts: FileFacts) -> Tuple[CallFact, ...]:
    """The module's calls of ``include_router`` or ``mount`` (on anything)."""
    return calls_named(facts, _INCLUDES.__contains__)


def includes_of(module: Module, resolver: Objects, resolve: Prefixes) -> Iterator[Include]:
    """The include/mount edges ``module``'s calls make, when fastlayer follows both ends."""
    for call in include_calls(module.facts):
        parent = resolver.receiver(module, call, _INCLUDES)
        mount = call.call.callee is not None and call.call.callee.value == "mount"
        target = (
            (call.call.positional(1) or call.call.keyword("app"))
            if mount
            else (call.call.positional(0) or call.call.keyword("router"))
        )
        child = resolver.of_expr(module, target, call.in_function) if parent else None
        if parent is None or child is None:
            continue
        expr = (
            (call.call.positional(0) or call.call.keyword("path"))
            if mount
            else call.call.keyword("prefix")
        )
        prefix = resolve.of(module, expr, call.in_function)
        yield Include(
            parent,
            child,
            prefix.text if prefix else None,
            module.path,
            call.line,
            call.column,
            mount,
            prefix.source if prefix else "",
            in_schema(call.call),
        )
