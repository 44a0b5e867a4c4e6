"""Which rules' findings a check of a project held in memory can take over from the check before.

A rule's findings are a function of the model: the configuration, the files and modules (paths,
module names, app and source root) and the facts of every file. ``READS`` names, for the rules
whose findings depend on few kinds of facts, the ``FileFacts`` fields they read (through the
views they use: ``imports`` for the import rules, whose views ``imports``, ``import_graph`` and
``layers`` read nothing else). When every file whose facts changed since the last check is
unchanged in those fields (positions included: a field compares equal only when every line
and column does), and nothing else changed, the rule's earlier findings are its findings now.
A rule missing from ``READS`` (it reads objects, detections, values: almost every field) always
runs again, over a ``LiveModel`` whose costliest views are kept across checks
(``engine/kept.py``). ``LiveProject`` uses this; a one-shot run has no earlier check.
``tests/engine/test_live.py`` compares every check after a sequence of edits with a full run
over the same files.
"""

from __future__ import annotations

import dataclasses
from typing import Dict, FrozenSet, Hashable, Mapping, Optional, Sequence, Set, Tuple, Type

from fastlayer.diagnostics import Diagnostic
from fastlayer.engine.kept import LiveModel
from fastlayer.engine.result import Diagnosis
from fastlayer.facts.types import FileFacts
from fastlayer.model.project import ProjectModel
from fastlayer.rules import Rule
from fastlayer.rules.imports import same_layer_notes

_IMPORTS = frozenset({"imports", "error"})
_ERROR = frozenset({"error"})
READS: Mapping[str, FrozenSet[str]] = {
    "FL001": _ERROR,  # syntax-error: the facts' error
    "FL002": _ERROR,  # unreadable-file
    "FL101": _IMPORTS,  # layer-direction: resolved imports, layers, the layer graph
    "FL102": _IMPORTS,  # import-cycle: the import graph
    "FL103": _IMPORTS,  # api-version-import
    "FL104": _IMPORTS,  # forbidden-external-import
    "FL105": _IMPORTS,  # module-outside-layers: the modules' paths
    "FL109": _IMPORTS,  # cross-domain-private-import
    "FL202": _ERROR,  # package-without-init: paths and directories
    "FL203": _ERROR,  # unexpected-top-level-directory
}
# Rules whose findings in a module depend on nothing of other modules but their paths and names:
# each finding lies in the module whose resolved imports it judges (layers and domains are
# globs over paths). After an edit they run again over the edited modules only.
PER_MODULE = frozenset({"FL103", "FL104", "FL105", "FL109"})
# FL101 judges each module's own imports too, but the layer-cycle note of its messages reads the
# layer graph: it runs again over the edited modules only while every finding it keeps (in the
# modules not edited) has the note it had (``same_layer_notes``).
PER_MODULE_WHILE_NOTES_HOLD = frozenset({"FL101"})
FIELDS = tuple(field.name for field in dataclasses.fields(FileFacts))
Found = Mapping[str, Tuple[Diagnostic, ...]]  # rule code -> its findings (before suppressions)


class EarlierFindings:
    """The facts and per-rule findings of the last check, and what they still answer."""

    def __init__(self) -> None:
        self._context: Optional[Hashable] = None
        self._facts: Dict[str, FileFacts] = {}
        self._found: Dict[str, Tuple[Diagnostic, ...]] = {}
        self._model: Optional[ProjectModel] = None

    def reusable(self, model: LiveModel, rules: Sequence[Type[Rule]]) -> Found:
        """The findings of every rule whose inputs did not change since (of a rule in
        ``PER_MODULE``: its earlier findings in unchanged modules, run again over the others)."""
        if _context(model) != self._context:
            return {}
        changed = _changed_fields(self._facts, model.facts)
        found = {
            code: earlier
            for code, earlier in self._found.items()
            if code in READS and not (READS[code] & changed)
        }
        again = [r for r in rules if r.code in self._found and r.code not in found]
        edited = frozenset(p for p, f in model.facts.items() if self._facts.get(p) is not f)
        again = [r for r in again if self._per_module(r.code, model, edited)]
        found.update(self._in_modules(model, again, edited))
        return found

    def _per_module(self, code: str, model: ProjectModel, edited: FrozenSet[str]) -> bool:
        if code in PER_MODULE:
            return True
        if code not in PER_MODULE_WHILE_NOTES_HOLD or self._model is None:
            return False
        kept = [d.subject or "" for d in self._found[code] if d.path not in edited]
        return same_layer_notes(self._model, model, kept)

    def _in_modules(
        self, model: LiveModel, rules: Sequence[Type[Rule]], edited: FrozenSet[str]
    ) -> Found:
        """``rules`` run over the ``edited`` modules only, with the earlier findings of the others
        (a rule that fails is left out: it runs again in full and reports the error there)."""
        found: Dict[str, Tuple[Diagnostic, ...]] = {}
        model.imports  # noqa: B018  (the views the rules read, of every module, before restricting)
        model.only = edited
        try:
            for rule in rules:
                try:
                    new = tuple(rule().check(model))
                except Exception:  # noqa: BLE001 - reported by the full run that follows
                    continue
                kept = tuple(d for d in self._found[rule.code] if d.path not in edited)
                found[rule.code] = kept + new
        finally:
            model.only = None
        return found

    def remember(self, model: ProjectModel, diagnosis: Diagnosis) -> None:
        """What ``diagnosis`` found over ``model`` (rules that failed are run again next time)."""
        failed = {error.code for error in diagnosis.internal_errors}
        self._context = _context(model)
        self._model = model
        self._facts = dict(model.facts)
        self._found = {code: f for code, f in diagnosis.found.items() if code not in failed}


def _context(model: ProjectModel) -> Hashable:
    """Everything but the facts a rule's findings depend on."""
    modules = tuple((path, module.name) for path, module in model.modules.items())
    roots = model.app_root, model.app_choice, model.judged_roots, model.source_root
    return model.config, roots, modules, model.discovered


def _changed_fields(before: Mapping[str, FileFacts], now: Mapping[str, FileFacts]) -> Set[str]:
    """The fields in which any file's facts differ (every field for an added or removed file)."""
    changed: Set[str] = set()
    for path, facts in now.items():
        old = before.get(path)
        if old is facts:
            continue
        if old is None:
            return set(FIELDS)
        changed.update(name for name in FIELDS if getattr(old, name) != getattr(facts, name))
    if len(before) != len(now):
        return set(FIELDS)
    return changed
