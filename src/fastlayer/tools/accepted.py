"""What ``init`` accepts as it is: the findings on today's code that are not erosion.

``init`` learns the layout from the code, so most of the code already conforms; what the
placement, structure and domain-privacy rules still find (a schema beside its route, a top-level
module in no layer, a helper one domain borrows from another) is where the project departs from
its own majority: a matter of taste. So is an import against the learned direction that closes a
layer cycle only in the folder map, not in the code: the module it imports reaches nothing of the
importing layer (``db/models/tag.py`` importing ``core/root_logger.py``); the folder map is
coarser than the code. ``init`` records those findings in a baseline file, so ``check`` reports
only new ones (the layout holds from now on) and the first run shows what is worth fixing now:
the imports that close cycles between layers (FL101), module cycles (FL102), the framework in a
lower layer (FL104), the app and security rules.
"""

from __future__ import annotations

from collections import Counter
from typing import Dict, List, Sequence, Set, Tuple

from fastlayer.diagnostics import Diagnostic
from fastlayer.engine.run import diagnose
from fastlayer.model.project import ProjectModel
from fastlayer.rules import all_rules
from fastlayer.rules.imports import CLOSES_LAYER_CYCLE

BASELINE = "fastlayer-baseline.json"
# Layout rules whose findings on today's code stay reported: FL101 against the directions init
# learned is the erosion to fix (when the import closes a cycle); FL503's inconsistent prefix is
# a real inconsistency.
REPORTED = frozenset({"FL101", "FL503"})
DIRECTION = "FL101"


def accepted_findings(model: ProjectModel) -> Tuple[Diagnostic, ...]:
    """Today's findings of the layout rules ``init`` does not report (opinion rules but
    ``REPORTED``), and the FL101 imports that close no cycle, under the proposed configuration."""
    rules = [r for r in all_rules().sorted() if r.opinion and r.code not in REPORTED - {DIRECTION}]
    reach: Dict[str, Set[str]] = {}
    return tuple(
        d
        for d in diagnose(model, rules).diagnostics
        if d.code != DIRECTION or not _closes(model, d, reach)
    )


def _closes(model: ProjectModel, finding: Diagnostic, reach: Dict[str, Set[str]]) -> bool:
    """An FL101 ``finding`` that closes a layer cycle: does the module it imports reach, over the
    imports that run at import time (FL102's cycles; a deferred import is the usual way out of
    one), a module of the importing module's layer? (``reach``: the layers below each
    module, memoised.) A finding that closes no layer cycle (a direction the preset forbids and
    the code barely takes: a migration importing a service) stays reported."""
    if CLOSES_LAYER_CYCLE not in finding.message:
        return True
    layer = model.layers.layer_of(finding.path)
    target = finding.related[0] if finding.related else ""
    if target and target not in reach:
        reach[target] = _layers_below(model, target)
    return not target or layer in reach[target]


def _layers_below(model: ProjectModel, start: str) -> Set[str]:
    """The layers of every module ``start`` reaches (itself included)."""
    edges = model.import_graph
    layers: Set[str] = set()
    visited, todo = {start}, [start]
    while todo:
        node = todo.pop()
        layer = model.layers.layer_of(node)
        if layer is not None:
            layers.add(layer)
        fresh = [t for t in edges.import_time_successors(node) if t not in visited]
        visited.update(fresh)
        todo.extend(fresh)
    return layers


def describe(found: Sequence[Diagnostic]) -> str:
    """``FL302: 131, FL109: 70, FL101: 3 imports that close no cycle``, most first."""
    counts = Counter(d.code for d in found)
    ranked = sorted(counts.items(), key=lambda i: -i[1])
    said = {DIRECTION: " imports that close no cycle"}
    return ", ".join(f"{code}: {n}{said.get(code, '')}" for code, n in ranked)


__all__: List[str] = ["BASELINE", "accepted_findings", "describe"]
