"""The views of a ``LiveModel`` kept across the checks of a project held in memory: each is
made again only for the modules an edit can have changed.

Resolved imports (``ResolvedImports``: a module's resolution reads its own facts and the
project's module names), detections (``ModuleDetections``), class markers (``ClassMarkers``) and
include/mount edges (``KeptIncludes``), each module's kept with the module names its name
resolution looked up (``Seen``); each module's edges of the import graph (``KeptImportGraph``)
and layer edges (``KeptLayerEdges``), the import cycle groups while an edit cannot change them
(``KeptCycles``) and the layer map (``KeptLayers``).
"""

from __future__ import annotations

import functools
from typing import (
    Any,
    Callable,
    Dict,
    FrozenSet,
    Hashable,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Tuple,
    TypeVar,
    cast,
)

from fastlayer.facts.expr import Expr
from fastlayer.facts.types import ClassFact, FileFacts
from fastlayer.model.core import ProjectCore
from fastlayer.model.detectors import Detection, Detections, Route, detect
from fastlayer.model.graph import ImportGraph, Reachability, strongly_connected
from fastlayer.model.imports import ImportResolver, ResolvedImport
from fastlayer.model.layers import LayerMap
from fastlayer.model.module import Module
from fastlayer.model.objects import Marker, Objects
from fastlayer.model.project import ImportTargets, LayerSites, ProjectModel
from fastlayer.model.routing import (
    Include,
    Prefix,
    Prefixes,
    Routing,
    include_calls,
    includes_of,
    literal,
)
from fastlayer.model.symbols import Symbols

T = TypeVar("T")


class ResolvedImports:
    """Each module's resolved imports, kept across checks: a module's resolution depends only on
    its own facts and on the project's module names (``ImportResolver``), so after an edit only
    the edited files are resolved again (all of them when a module is added, removed or named
    otherwise)."""

    def __init__(self) -> None:
        self._names: Optional[Hashable] = None
        self._resolver: Optional[ImportResolver] = None
        self._done: Dict[str, Tuple[FileFacts, Tuple[ResolvedImport, ...]]] = {}

    def of(self, model: ProjectModel) -> Dict[str, Tuple[ResolvedImport, ...]]:
        resolver = self._resolver_for(model)
        resolved: Dict[str, Tuple[ResolvedImport, ...]] = {}
        for module in model.parsed():
            known = self._done.get(module.path)
            if known is None or known[0] is not module.facts:
                known = self._done[module.path] = (module.facts, resolver.resolve(module))
            resolved[module.path] = known[1]
        for path in set(self._done) - set(resolved):
            del self._done[path]
        return resolved

    def _resolver_for(self, model: ProjectModel) -> ImportResolver:
        names = (
            tuple((path, module.name) for path, module in model.modules.items()),
            model.config.type_checking_imports,
        )
        if self._resolver is None or names != self._names:
            self._resolver = ImportResolver(
                model.modules.values(), model.config.type_checking_imports
            )
            self._names, self._done = names, {}
        return self._resolver


class _Lookups(Mapping[str, Module]):
    """The project's modules by dotted name, noting every name looked up (and what it found)."""

    def __init__(self, modules: Mapping[str, Module]) -> None:
        self._modules = modules
        self.seen: Dict[str, Optional[Module]] = {}

    def get(self, name: str, default: Any = None) -> Any:
        found = self.seen[name] = self._modules.get(name)
        return default if found is None else found

    def __getitem__(self, name: str) -> Module:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return cast(Module, found)

    def __iter__(self) -> Iterator[str]:
        raise TypeError("a module's detections must not depend on every module")

    def __len__(self) -> int:
        return len(self._modules)


class _One:
    """A project of one module, for ``detect``: the detector walks ``parsed()`` only."""

    def __init__(self, module: Module) -> None:
        self._module = module

    def parsed(self) -> Iterator[Module]:
        return iter((self._module,))


Seen = Tuple[Tuple[str, Optional[FileFacts]], ...]  # (name looked up, facts of what it found)


class ModuleDetections:
    """Each module's detections, kept across checks with every module name the detector looked
    up for it (``Symbols`` reaches other modules only by name, through ``by_module_name``): a
    module is detected again when its facts changed or a module it looked up did (or a name it
    looked up now finds another module, or one where there was none)."""

    def __init__(self) -> None:
        self._done: Dict[str, Tuple[Module, Seen, Detections]] = {}
        self._all: Optional[Detections] = None  # the last check's, while no module's changed

    def of(self, model: ProjectModel) -> Detections:
        done: Dict[str, Tuple[Module, Seen, Detections]] = {}
        same = self._all is not None
        for module in model.parsed():
            known = self._done.get(module.path)
            if known is None or not _still(known, module, model.by_module_name):
                fresh = _detected(module, model.by_module_name)
                same = same and known is not None and fresh[2] == known[2]
                known = fresh
            done[module.path] = known
        same = same and done.keys() == self._done.keys()
        self._done = done
        if not same or self._all is None:
            self._all = _joined(done.values())
        return self._all


def _joined(done: Iterable[Tuple[Module, Seen, Detections]]) -> Detections:
    """Every module's detections in one, sorted as ``detect`` sorts them."""
    items: List[Detection] = []
    routes: List[Route] = []
    for _, _, found in done:
        items.extend(found.items)
        routes.extend(found.routes)
    key = lambda d: (d.path, d.line, d.column, d.kind)  # noqa: E731
    return Detections(tuple(sorted(dict.fromkeys(items), key=key)), tuple(routes))


def _detected(module: Module, modules: Mapping[str, Module]) -> Tuple[Module, Seen, Detections]:
    lookups = _Lookups(modules)
    found = detect(cast(ProjectCore, _One(module)), Objects(Symbols(lookups)))
    return module, _seen(lookups), found


def _still(
    known: Tuple[Module, Seen, object], module: Module, modules: Mapping[str, Module]
) -> bool:
    before = known[0]
    if before.facts is not module.facts or before.name != module.name:
        return False
    for name, facts in known[1]:
        now = modules.get(name)
        if (now.facts if now is not None else None) is not facts:
            return False
    return True


class KeptImportGraph:
    """Each module's edges of the import graph, kept across checks with the resolved imports they
    were made of (``ResolvedImports`` hands out the same tuple while a module's resolution stands):
    ``ImportGraph.edges[importer]`` reads the importer's own imports only. Read-only: no rule
    changes the graph it is given."""

    def __init__(self) -> None:
        self._done: Dict[str, Tuple[Tuple[ResolvedImport, ...], ImportEdges]] = {}

    def of(self, model: ProjectModel) -> ImportGraph:
        graph = ImportGraph(())
        done: Dict[str, Tuple[Tuple[ResolvedImport, ...], ImportEdges]] = {}
        for path, found in model.imports.items():
            known = self._done.get(path)
            if known is None or known[0] is not found:
                known = (found, ImportGraph(found).edges)
            done[path] = known
            graph.edges.update(known[1])
        self._done = done
        return graph


ImportEdges = Dict[str, Dict[str, List[ResolvedImport]]]


class KeptIncludes:
    """Each module's include/mount edges (``routing.includes_of``), kept like detections with the
    module names their resolution looked up. A module whose edge prefixes needed the evaluator
    (a settings field, a constant of another module, an env file: not a literal) is followed
    again on every check."""

    def __init__(self) -> None:
        self._done: Dict[str, Tuple[Module, Seen, Tuple[Include, ...]]] = {}

    def of(self, model: ProjectModel) -> List[Include]:
        edges: List[Include] = []
        done: Dict[str, Tuple[Module, Seen, Tuple[Include, ...]]] = {}
        for module, _ in model.having(include_calls):
            known = self._done.get(module.path)
            keep = True
            if known is None or not _still(known, module, model.by_module_name):
                known, keep = _followed(model, module)
            if keep:
                done[module.path] = known
            edges.extend(known[2])
        self._done = done
        return edges


class _SeenPrefixes:
    """``Prefixes`` noting whether one was not a literal (resolved by the evaluator)."""

    def __init__(self, prefixes: Prefixes) -> None:
        self._prefixes, self.literal = prefixes, True

    def of(self, module: Module, expr: Optional[Expr], in_function: str = "") -> Optional[Prefix]:
        self.literal = self.literal and literal(expr) is not None
        return self._prefixes.of(module, expr, in_function)


def _followed(
    model: ProjectModel, module: Module
) -> Tuple[Tuple[Module, Seen, Tuple[Include, ...]], bool]:
    lookups, prefixes = _Lookups(model.by_module_name), _SeenPrefixes(model.prefixes)
    found = tuple(includes_of(module, Objects(Symbols(lookups)), cast(Prefixes, prefixes)))
    return (module, _seen(lookups), found), prefixes.literal


class KeptLayerEdges:
    """Each importer's layer edges (``ProjectModel.layer_edges_of``), kept while its imports'
    edges object and the layer map stay the same (what the last model that asked did not ask
    about, a deleted module's, is dropped)."""

    def __init__(self) -> None:
        self._model = 0  # ``id`` of the model asking now
        self._done: Dict[str, Tuple[object, object, LayerSites]] = {}  # the model before's
        self._asked: Dict[str, Tuple[object, object, LayerSites]] = {}  # this model's

    def of(self, model: ProjectModel, importer: str, targets: ImportTargets) -> LayerSites:
        if id(model) != self._model:
            self._model, self._done, self._asked = id(model), self._asked or self._done, {}
        known = self._asked.get(importer) or self._done.get(importer)
        if known is None or known[0] is not targets or known[1] is not model.layers:
            known = (targets, model.layers, ProjectModel.layer_edges_of(model, importer, targets))
        self._asked[importer] = known
        return known[2]


class KeptCycles:
    """``import_cycles`` kept across checks while the edit cannot have changed the groups. An edit
    changes the edges of the edited modules only (``KeptImportGraph`` hands out the same edges
    object for every other module): removing an edge u -> v splits a group only when both ends
    are in it and u no longer reaches v, and adding one merges or makes a group only when v
    reaches u. Otherwise Tarjan runs again over the whole graph."""

    def __init__(self) -> None:
        self._key: Optional[str] = None
        self._edges: Dict[str, object] = {}  # importer -> the edges object the groups were made of
        self._successors: Dict[str, Tuple[str, ...]] = {}
        self._groups: List[List[str]] = []
        self._group_of: Dict[str, int] = {}

    def of(self, model: ProjectModel) -> List[List[str]]:
        edges = model.import_graph.edges
        changed = [
            u for u in edges.keys() | self._edges.keys() if edges.get(u) is not self._edges.get(u)
        ]
        now = {u: tuple(model.cycle_successors(u)) if u in edges else () for u in changed}
        if model.config.import_cycles != self._key or not self._holds(model, now):
            self._key = model.config.import_cycles
            self._groups = strongly_connected(model.import_graph.nodes(), model.cycle_successors)
            self._group_of = {node: i for i, group in enumerate(self._groups) for node in group}
            now = {u: tuple(model.cycle_successors(u)) for u in edges}
            self._successors = {}
        self._successors.update(now)
        self._edges = dict(edges)
        return self._groups

    def _holds(self, model: ProjectModel, now: Mapping[str, Tuple[str, ...]]) -> bool:
        group_of, reaches = self._group_of, Reachability(model.cycle_successors)
        for importer, successors in now.items():
            before, group = set(self._successors.get(importer, ())), group_of.get(importer, -1)
            gone = [old for old in before.difference(successors) if group_of.get(old) == group]
            if any(not reaches(importer, old) for old in gone):
                return False
            added = [new for new in set(successors) - before if group_of.get(new, -2) != group]
            if any(reaches(new, importer) for new in added):
                return False
        return True


class KeptLayers:
    """The ``LayerMap`` kept across checks while the preset and the app roots stay: a path's layer
    and domain depend on nothing else (globs over paths), and the map remembers every path it
    placed (about 15 ms for a thousand modules)."""

    def __init__(self) -> None:
        self._key: Optional[Hashable] = None
        self._map: Optional[LayerMap] = None

    def of(self, model: ProjectModel) -> LayerMap:
        key = (model.config.preset, model.app_root, model.judged_roots)
        if self._map is None or key != self._key:
            self._map, self._key = LayerMap(*key), key
        return self._map


Markers = FrozenSet[Marker]


class ClassMarkers:
    """Each class's markers (``Objects.markers``: settings, schema, ORM model, ...), kept across
    checks with the module names their resolution looked up, like ``ModuleDetections``: FL407
    and the CORS and app analyses ask them of every class of every module on every check."""

    def __init__(self) -> None:
        self.done: Dict[Tuple[str, str], Tuple[Module, Seen, Markers]] = {}


class LiveObjects(Objects):
    """``Objects`` whose class markers come from ``ClassMarkers`` while still valid."""

    def __init__(self, symbols: Symbols, kept: ClassMarkers, modules: Mapping[str, Module]) -> None:
        super().__init__(symbols)
        self._kept, self._modules = kept, modules

    def markers(self, module: Module, cls: ClassFact) -> Markers:
        key = (module.path, cls.qualname or cls.name)
        known = self._kept.done.get(key)
        if known is None or not _still(known, module, self._modules):
            lookups = _Lookups(self._modules)
            found = Objects(Symbols(lookups)).markers(module, cls)
            known = self._kept.done[key] = (module, _seen(lookups), found)
        return known[2]


def _seen(lookups: _Lookups) -> Seen:
    return tuple((name, m.facts if m else None) for name, m in lookups.seen.items())


class Changes:
    """Which files' facts changed between the checks of a project in memory, numbered: each
    check that asks (``LiveModel.generation``) compares the facts with those the last one saw
    (a file added or removed counts as changed). The last ``KEPT`` checks are remembered."""

    KEPT = 256

    def __init__(self) -> None:
        self._facts: Mapping[str, FileFacts] = {}
        self._log: List[FrozenSet[str]] = []
        self._first = 1  # the generation of ``_log[0]``

    def advance(self, model: ProjectModel) -> int:
        before, now = self._facts, model.facts
        changed = {path for path, facts in now.items() if before.get(path) is not facts}
        self._log.append(frozenset(changed.union(before.keys() - now.keys())))
        self._facts = dict(now)
        if len(self._log) > self.KEPT:
            self._log, self._first = self._log[1:], self._first + 1
        return self._first + len(self._log) - 1

    def since(self, generation: int) -> Optional[FrozenSet[str]]:
        """The paths changed after check ``generation`` (None: that check is forgotten)."""
        if generation < self._first - 1:
            return None
        return frozenset().union(*self._log[generation - self._first + 1 :])


Picked = List[Tuple[Module, Tuple[Any, ...]]]


class KeptSelections:
    """``ProjectModel.having`` kept across checks: what a picker found in each module, found again
    in the modules whose facts changed since (a picker reads one file's facts alone)."""

    def __init__(self) -> None:
        self._done: Dict[Callable[[FileFacts], Tuple[Any, ...]], Tuple[int, Dict[str, Any]]] = {}

    def of(self, model: LiveModel, pick: Callable[[FileFacts], Tuple[Any, ...]]) -> Picked:
        generation = model.generation
        known = self._done.get(pick)
        changed = None if known is None else model.kept.changes.since(known[0])
        if known is None or changed is None:  # first asked, or not for a long time
            found = {m.path: pick(m.facts) for m in model.parsed()}
        else:
            found = dict(known[1])
            for path in changed:
                facts = model.facts.get(path)
                found[path] = pick(facts) if facts is not None and facts.error is None else ()
        found = {path: picked for path, picked in sorted(found.items()) if picked}
        self._done[pick] = (generation, found)
        return [(model.modules[path], picked) for path, picked in found.items()]


class KeptViews:
    """Every view a project in memory keeps across its checks (one of each)."""

    def __init__(self) -> None:
        self.imports = ResolvedImports()
        self.detections = ModuleDetections()
        self.markers = ClassMarkers()
        self.layers = KeptLayers()
        self.graph = KeptImportGraph()
        self.cycles = KeptCycles()
        self.layer_edges = KeptLayerEdges()
        self.includes = KeptIncludes()
        self.changes = Changes()
        self.selections = KeptSelections()


class LiveModel(ProjectModel):
    """The model of one check of a project in memory: its views taken over from the check before
    where their inputs did not change (``kept``)."""

    kept: KeptViews
    only: Optional[FrozenSet[str]] = None  # ``parsed`` yields only these modules (``PER_MODULE``)

    def parsed(self) -> Iterator[Module]:
        modules = super().parsed()
        only = self.only
        return modules if only is None else (m for m in modules if m.path in only)

    @functools.cached_property
    def generation(self) -> int:
        """This check's number among the checks of the project in memory (``Changes``)."""
        return self.kept.changes.advance(self)

    def having(
        self, pick: Callable[[FileFacts], Tuple[T, ...]]
    ) -> List[Tuple[Module, Tuple[T, ...]]]:
        if self.only is not None:  # not kept: over the edited modules only
            return [(m, picked) for m in self.parsed() if (picked := pick(m.facts))]
        return cast(List[Tuple[Module, Tuple[T, ...]]], self.kept.selections.of(self, pick))

    @functools.cached_property
    def imports(self) -> Dict[str, Tuple[ResolvedImport, ...]]:
        return self.kept.imports.of(self)

    @functools.cached_property
    def detections(self) -> Detections:
        return self.kept.detections.of(self)

    @functools.cached_property
    def import_graph(self) -> ImportGraph:
        return self.kept.graph.of(self)

    @functools.cached_property
    def import_cycles(self) -> List[List[str]]:
        return self.kept.cycles.of(self)

    @functools.cached_property
    def routing(self) -> Routing:
        edges = self.kept.includes.of(self)
        return Routing(self, self.objects, self.detections, self.prefixes, edges)

    def layer_edges_of(self, importer: str, targets: ImportTargets) -> LayerSites:
        return self.kept.layer_edges.of(self, importer, targets)

    @functools.cached_property
    def layers(self) -> LayerMap:
        return self.kept.layers.of(self)

    @functools.cached_property
    def objects(self) -> Objects:
        return LiveObjects(self.symbols, self.kept.markers, self.by_module_name)
