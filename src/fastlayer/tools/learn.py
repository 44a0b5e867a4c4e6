"""What ``init`` learns from the code itself, on top of the folder map.

Given a model built with the proposed configuration:

- ``unmapped_packages``: top-level packages of the app root whose modules belong to no
  layer; each becomes a layer of its own (like ``tach``'s modules), so FL105 does not
  flood and their imports are checked too;
- ``learned_directions``: a dependency between two layers that the code follows
  consistently becomes allowed. Pairs are taken heaviest first; one is allowed when it
  does not close a cycle with what is already allowed (the preset's directions and the
  ones learned before it). The minority of imports that would close a layer cycle stay
  forbidden: they are the erosion ``check`` reports. A direction the preset's documented
  architecture forbids needs at least three imports; those learned are listed for the user.
  A catch-all layer (the domain preset's ``internal``: whatever else a domain holds) takes no
  part in the directions: every import to or from it that the code has is allowed; nor do two
  layers that import each other with no clear majority (the lighter way has more than half the
  imports of the other, and at least three): both ways are allowed and listed as entangled;
- ``learned_public``: module names under the domains that three or more other domains import
  (polar's ``auth/scope.py``, dispatch's ``flows.py``) are the project's public surface (FL109);
- ``learned_placement``: each kind of code (routes, schemas, ORM models, ...) may live
  where the project keeps it: a top-level directory or module, or a module name repeated
  across packages (``**/errors.py``), holding at least a
  tenth of them, in at least two modules. Stragglers stay findings when the project has a
  convention (80% of that kind in known places); a kind scattered with no convention is
  allowed anywhere (``**``): moving it would only follow the preset's opinion.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Set, Tuple

from fastlayer.config.presets import LayerSpec, Preset
from fastlayer.files.globs import matches_any_module
from fastlayer.model.graph import shortest_path
from fastlayer.model.layers import domain_member
from fastlayer.model.layout import is_test_path
from fastlayer.model.project import ProjectModel

MIN_SHARE = 0.1  # a place holds at least this share of a kind of code to be learned
CONVENTION, MIN_CONVENTION_SIZE = 0.8, 5  # a kind has a place when 80% of it is in known places
MIN_AGAINST_PRESET = 3  # imports it takes to learn a direction the preset's architecture forbids
MIN_PUBLIC_DOMAINS = 3  # other domains importing a module name make it public
ENTANGLED = 0.5  # two layers whose lighter direction has more than half the imports of the other
# never learned public: a domain's own __init__ (already public) and its HTTP modules
NEVER_PUBLIC = frozenset({"__init__", "router", "routers", "routes", "views", "endpoints", "api"})


@dataclass(frozen=True)
class Direction:
    source: str
    target: str
    imports: int  # module imports from source into target
    against: int  # imports the other way
    preset_forbids: bool  # the preset documents the opposite (source may not import target)


@dataclass(frozen=True)
class Directions:
    """What the imports say: directions to allow, and allowed ones to withdraw (they would close a
    layer cycle against the direction the code follows)."""

    allow: Tuple[Direction, ...]
    withdraw: Tuple[Direction, ...]
    entangled: Tuple[Direction, ...] = ()  # pairs with no clear majority (the heavier side)


def unmapped_packages(model: ProjectModel) -> List[Tuple[str, int]]:
    """Top-level directories of the app root where most modules are in no layer, with their size."""
    counts: Counter[str] = Counter()
    unmapped: Counter[str] = Counter()
    for path in model.modules:
        relative = model.app_relative(path)
        if relative is None or "/" not in relative or is_test_path(relative):
            continue
        top = relative.split("/", 1)[0]
        counts[top] += 1
        unmapped[top] += model.layers.layer_of(path) is None
    return sorted(
        (top, n) for top, n in counts.items() if unmapped[top] * 2 > n and top.isidentifier()
    )


def learned_directions(model: ProjectModel, documented: Preset) -> Directions:
    """Every layer dependency the code has, heaviest first, is kept unless it closes a cycle with the
    ones kept before it: kept and not allowed yet -> allow; not kept but allowed -> withdraw, so the
    minority that goes against the code's direction is reported. ``documented`` (the preset as
    shipped) tells which learned directions its architecture forbids."""
    specs = model.layers.layers
    rules = {layer.name: layer.may_import for layer in documented.layers}
    weights = _layer_weights(model)
    kept: Dict[str, Set[str]] = {name: set() for name in specs}
    allow, withdraw, entangled = [], [], []
    for (a, b), count in sorted(weights.items(), key=lambda item: (-item[1], item[0])):
        if a not in specs or b not in specs:
            continue
        direction = Direction(
            a, b, count, weights.get((b, a), 0), a in rules and b in rules and b not in rules[a]
        )
        allowed = b in specs[a].may_import
        if catch_all(specs[a]) or catch_all(specs[b]):
            allow += [] if allowed else [direction]  # no layering inside "everything else"
            continue
        if _entangled(direction):
            allow += [] if allowed else [direction]
            entangled += [direction] if (count, b) > (direction.against, a) else []  # one per pair
            continue
        if not allowed and (
            count <= direction.against or (direction.preset_forbids and count < MIN_AGAINST_PRESET)
        ):
            continue  # no consistent direction (or too little evidence to overrule the preset): violations
        if _closes_cycle(kept, a, b):
            if allowed:
                withdraw.append(direction)
            continue
        kept[a].add(b)
        if b not in specs[a].may_import:
            allow.append(direction)
    withdraw += _unused_closing(model, kept, weights)
    return Directions(tuple(allow), tuple(withdraw), tuple(entangled))


def _entangled(direction: Direction) -> bool:
    """Two layers that import each other with no clear majority either way (onyx's chat and tools:
    49 and 37 imports): neither direction is the code's, so the imports of the lighter one are no
    erosion to report one by one; both are allowed and ``init`` lists the pair for the user."""
    light, heavy = sorted((direction.imports, direction.against))
    return light >= MIN_AGAINST_PRESET and light > ENTANGLED * heavy


def _unused_closing(
    model: ProjectModel, kept: Mapping[str, Set[str]], weights: Mapping[Tuple[str, str], int]
) -> List[Direction]:
    """Allowed directions no import uses that would close a cycle with the code's directions."""
    return [
        Direction(a, b, 0, weights.get((b, a), 0), False)
        for a, spec in sorted(model.layers.layers.items())
        for b in spec.may_import
        if (a, b) not in weights and b in kept and _closes_cycle(kept, a, b) and not catch_all(spec)
    ]


def catch_all(layer: LayerSpec) -> bool:
    """A layer that holds whatever no other layer claims (the domain preset's ``internal``:
    ``*/**``): enums beside orchestrators, so it has no place in a direction between layers."""
    return any(glob in ("**", "*/**") for glob in layer.paths)


def _layer_weights(model: ProjectModel) -> Counter[Tuple[str, str]]:
    """(importing layer, imported layer) -> how many imports cross between them."""
    weights: Counter[Tuple[str, str]] = Counter()
    layer_of = model.layers.layer_of
    for source, targets in model.import_graph.edges.items():
        for target, found in targets.items():
            a, b = layer_of(source), layer_of(target)
            if a is not None and b is not None and a != b:
                weights[(a, b)] += len(found)
    return weights


def _closes_cycle(allowed: Mapping[str, Set[str]], source: str, target: str) -> bool:
    """Would ``source -> target`` close a cycle: is ``source`` reachable from ``target`` already?"""
    nodes = set(allowed) | {t for targets in allowed.values() for t in targets}
    return shortest_path(target, source, lambda n: sorted(allowed.get(n, ())), nodes) is not None


def learned_placement(
    model: ProjectModel, preset: Preset
) -> List[Tuple[str, Tuple[str, ...], str]]:
    """(kind, extra globs, evidence) for each kind of code the project keeps elsewhere than the preset says."""
    result: List[Tuple[str, Tuple[str, ...], str]] = []
    for kind, globs in preset.placement:
        items = _kind_modules(model, kind)
        outside = [m for m in items if not matches_any_module(m, globs)]
        fresh = _places(outside, len(items))
        stray = [m for m in outside if not matches_any_module(m, fresh)]
        if len(items) >= MIN_CONVENTION_SIZE and len(stray) > (1 - CONVENTION) * len(items):
            evidence = f"no convention: {len(stray)} of {len(items)} are scattered outside any place holding a tenth"
            result.append((kind, ("**",), evidence))
        elif fresh:
            shown = ", ".join(
                f"{g} holds {sum(matches_any_module(m, (g,)) for m in outside)} of {len(items)}"
                for g in fresh
            )
            result.append((kind, fresh, shown))
    return result


def _kind_modules(model: ProjectModel, kind: str) -> List[str]:
    """The app-relative module of each detection of ``kind`` outside tests (one entry per item)."""
    found = (model.app_relative(item.path) for item in model.detections.of_kind(kind))
    return [relative for relative in found if relative is not None and not is_test_path(relative)]


def _places(outside: Sequence[str], total: int) -> Tuple[str, ...]:
    """Top-level places and module names repeated across packages that hold at least a tenth of
    the kind, in two or more modules."""
    candidates: Dict[str, List[str]] = {}
    for relative in outside:
        candidates.setdefault(_home(relative), []).append(relative)
        if "/" in relative and "__init__" not in relative:
            candidates.setdefault("**/" + relative.rsplit("/", 1)[1], []).append(relative)
    return tuple(
        sorted(
            glob
            for glob, found in candidates.items()
            if len(set(found)) >= 2
            and len(found) >= MIN_SHARE * total
            and (not glob.startswith("**/") or len({m.split("/", 1)[0] for m in found}) > 1)
        )
    )


def learned_public(model: ProjectModel, public: Set[str]) -> List[Tuple[str, int]]:
    """(module name, importing domains) for each private module name under the domains
    (``flows``, ``permissions``) that at least ``MIN_PUBLIC_DOMAINS`` other domains import: the
    project's domains talk through it. A module that declares routes never qualifies."""
    importers: Dict[str, Set[str]] = {}
    routes = {item.path for item in model.detections.of_kind("route")}
    place = model.layers.place
    for source, targets in model.import_graph.edges.items():
        own = place(source).domain
        for target in targets:
            where = place(target)
            relative = model.app_relative(target) or ""
            if own is None or where.domain in (None, own) or target in routes:
                continue
            name = domain_member(relative, where.domain or "")
            if where.layer not in public and name not in public | NEVER_PUBLIC:
                importers.setdefault(name, set()).add(own)
    return sorted(
        (name, len(found)) for name, found in importers.items() if len(found) >= MIN_PUBLIC_DOMAINS
    )


# Modules whose name says what they hold: a place for that kind of code wherever they are.
ROLE_NAMES = {
    "exception-class": ("exceptions.py", "errors.py", "exception.py", "error.py"),
    "pydantic-schema": ("schemas.py", "schema.py"),
    "settings-class": ("settings.py", "config.py"),
    "env-read": ("settings.py", "config.py"),
}


def named_places(model: ProjectModel, preset: Preset) -> List[Tuple[str, Tuple[str, ...], str]]:
    """(kind, ``**/<name>`` globs, evidence) for the role-named modules the project has
    (``lnbits/exceptions.py`` holds exceptions whatever folder it is in)."""
    names = {
        relative.rsplit("/", 1)[-1]
        for path in model.modules
        if (relative := model.app_relative(path)) is not None and not is_test_path(relative)
    }
    result = []
    for kind, globs in preset.placement:
        present = [n for n in ROLE_NAMES.get(kind, ()) if n in names and f"**/{n}" not in globs]
        if present:
            result.append(
                (
                    kind,
                    tuple(f"**/{n}" for n in present),
                    "modules named for it: " + ", ".join(present),
                )
            )
    return result


def learned_endpoints(model: ProjectModel, pattern: str) -> Optional[Tuple[str, str]]:
    """(endpoints-pattern, evidence) when most route modules are not where ``pattern`` puts them
    but one top-level place holds most of them (``api/**``, ``routers/**``)."""
    modules = {
        relative
        for item in model.detections.of_kind("route")
        if (relative := model.app_relative(item.path)) is not None
        and "/" in relative
        and not is_test_path(relative)
    }
    placed = [m for m in modules if pattern and matches_any_module(m, (pattern,))]
    if not modules or len(placed) * 2 >= len(modules):
        return None
    home, count = Counter(_home(m) for m in modules).most_common(1)[0]
    if count * 2 < len(modules):
        return None
    return home, f"where the route modules are: {home} holds {count} of {len(modules)}"


def _home(relative: str) -> str:
    """The place a module stands for: its top-level directory (``routes/**``) or itself (``crud.py``)."""
    return relative if "/" not in relative else relative.split("/", 1)[0] + "/**"


def describe(direction: Direction) -> str:
    against = f", {direction.against} the other way" if direction.against else ""
    return f"{direction.source} -> {direction.target}: {direction.imports} imports{against}"


__all__: Sequence[str] = (
    "Direction",
    "describe",
    "learned_directions",
    "learned_placement",
    "learned_public",
    "unmapped_packages",
)
