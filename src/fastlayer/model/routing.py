"""How routers are assembled: ``include_router`` and ``mount`` edges between apps and routers,
and the prefix every route ends up under. Literal prefixes only; anything else is unknown (None).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, List, Optional, Set, Tuple

from fastlayer.facts.expr import Expr
from fastlayer.model.detectors import Route, detect, objects
from fastlayer.model.objects import Obj

if TYPE_CHECKING:
    from fastlayer.model.project import ProjectModel


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
    """``APIRouter(prefix="/users")`` -> ``/users``."""
    return literal(obj.ctor.keyword("prefix"))


class Routing:
    def __init__(self, project: ProjectModel) -> None:
        self.includes: List[Include] = list(_edges(project))
        self.routes: Dict[str, List[Route]] = {}
        for route in detect(project).routes:
            self.routes.setdefault(route.owner.key, []).append(route)

    def children(self, obj: Obj) -> List[Include]:
        return [edge for edge in self.includes if edge.parent.key == obj.key]

    def mounted(self, obj: Obj) -> bool:
        return any(edge.child.key == obj.key for edge in self.includes)

    def unprefixed(self, obj: Obj, prefix: str, accept: "PrefixTest", seen: Set[str]) -> Optional[Tuple[Route, str]]:
        """The first route reachable from ``obj`` whose full path fails ``accept``, with that path."""
        own = own_prefix(obj)
        if own is None or obj.key in seen:
            return None
        seen.add(obj.key)
        full = prefix + own
        if accept.prefix_ok(full):
            return None
        for route in self.routes.get(obj.key, []):
            path = full + (route.route_path or "")
            if route.route_path is not None and not accept.route_ok(path):
                return route, path
        for edge in self.children(obj):
            if edge.prefix is not None:
                found = self.unprefixed(edge.child, full + edge.prefix, accept, seen)
                if found is not None:
                    return found
        return None


class PrefixTest:
    """What counts as versioned (``prefix_ok``) and which unversioned routes are fine (health checks)."""

    def prefix_ok(self, prefix: str) -> bool:
        raise NotImplementedError

    def route_ok(self, path: str) -> bool:
        raise NotImplementedError


def _edges(project: ProjectModel) -> List[Include]:
    resolver = objects(project)
    edges: List[Include] = []
    for module in project.parsed():
        for call in module.facts.calls:
            callee = call.call.callee
            if callee is None or callee.kind != "attr" or callee.value not in ("include_router", "mount"):
                continue
            parent = resolver.of_expr(module, callee.items[0], call.in_function)
            mount = callee.value == "mount"
            target = (call.call.positional(1) or call.call.keyword("app")) if mount else (
                call.call.positional(0) or call.call.keyword("router"))
            child = resolver.of_expr(module, target, call.in_function)
            if parent is None or child is None:
                continue
            prefix = literal(call.call.positional(0) or call.call.keyword("path")) if mount else literal(call.call.keyword("prefix"))
            edges.append(Include(parent, child, prefix, module.path, call.line, call.column, mount))
    return edges
