"""A project held in memory across many checks (the language server, ``check --watch``).

Loaded once (facts from the cache); an editor buffer replaces one file's facts, re-extracted
from the buffer alone; ``check`` runs the rules over a model built from the facts in memory,
taking over what the check before found where nothing a rule reads changed
(``engine/reuse.py``) and the views it made where their inputs did not change
(``engine/kept.py``): the result equals a full check's. A buffer that does not parse is
reported as FL001 while the model keeps the file's last good facts, so the rest of the project
is judged as before. Never prints.
"""

from __future__ import annotations

import gc
from typing import Dict, List, Optional, Sequence, Tuple, Type

from fastlayer.config.loader import Config
from fastlayer.diagnostics import Diagnostic
from fastlayer.engine.kept import KeptViews, LiveModel
from fastlayer.engine.result import Diagnosis
from fastlayer.engine.reuse import EarlierFindings
from fastlayer.engine.run import diagnose, load_facts, model_of, project_files, selected_rules
from fastlayer.facts.extract import extract_facts
from fastlayer.facts.types import FileFacts
from fastlayer.files.discovery import Discovered
from fastlayer.rules import Rule
from fastlayer.rules.files import SyntaxErrorRule


class LiveProject:
    """The facts of every file (buffers in place of their files) and the rules to run over them."""

    def __init__(
        self, config: Config, select: Optional[Sequence[str]] = None, ignore: Sequence[str] = ()
    ) -> None:
        self.config = config
        self.rules: List[Type[Rule]] = selected_rules(config, select, ignore)
        self.warnings: List[str] = []
        self._buffers: Dict[str, bytes] = {}
        self._broken: Dict[
            str, FileFacts
        ] = {}  # buffers that do not parse (model keeps the last good)
        self._found = Discovered((), (), frozenset())
        self._facts: Dict[str, FileFacts] = {}
        self._earlier = EarlierFindings()
        self._kept = KeptViews()
        self._model: Optional[LiveModel] = None  # the last check's
        self.reload()
        extract_facts("warm-up.py", b"x = 1\n")  # load the parser now, not on the first keystroke

    def reload(self) -> None:
        """Discover the files again and read every file not open as a buffer (unchanged ones from
        the cache)."""
        self.warnings = []
        self._found = project_files(self.config)
        on_disk = [path for path in self._found.python_files if path not in self._buffers]
        facts = load_facts(self.config, on_disk, {}, warnings=self.warnings)
        facts.update((path, self._facts[path]) for path in self._buffers if path in self._facts)
        self._facts = facts
        _settle()

    def tracks(self, path: str) -> bool:
        """Whether ``path`` (project-relative) is one of the project's Python files, or a new
        one."""
        if path in self._found.python_files or path in self._buffers:
            return True
        return path.endswith(".py") and not (self.config.project_root / path).exists()

    def set_buffer(self, path: str, data: bytes) -> None:
        """The editor's content of ``path`` replaces the file's."""
        self._buffers[path] = data
        facts = extract_facts(path, data)
        last = self._facts.get(path)
        if (
            facts.error is not None
            and facts.error.kind == "syntax"
            and last is not None
            and not last.error
        ):
            self._broken[path] = facts
            return
        self._broken.pop(path, None)
        self._facts[path] = facts

    def drop_buffer(self, path: str) -> None:
        """The editor closed ``path``: the file on disk counts again (or nothing, if it was never
        saved)."""
        self._buffers.pop(path, None)
        self._broken.pop(path, None)
        self._facts.pop(path, None)
        if path in self._found.python_files:
            self._facts.update(load_facts(self.config, [path], {}))

    def refresh(self, paths: Sequence[str]) -> None:
        """Files changed on disk: re-read those not open as buffers (a new or deleted one: discover
        again)."""
        if any(
            (path in self._found.python_files) != (self.config.project_root / path).is_file()
            for path in paths
        ):
            self.reload()
            return
        on_disk = [
            path for path in paths if path in self._found.python_files and path not in self._buffers
        ]
        self._facts.update(load_facts(self.config, on_disk, {}))

    def check(self) -> Diagnosis:
        """Every finding of the selected rules over the facts in memory."""
        model = model_of(self.config, self._found, self._facts, LiveModel)
        model.kept = self._kept
        self._model = model
        diagnosis = diagnose(model, self.rules, self._earlier.reusable(model, self.rules))
        self._earlier.remember(model, diagnosis)
        model.imports  # noqa: B018  (resolved now, for ``import_site``: only edited modules again)
        if not self._broken:
            return diagnosis
        kept = [d for d in diagnosis.diagnostics if d.path not in self._broken]
        return Diagnosis(
            tuple(sorted(kept + self._syntax_errors(), key=Diagnostic.sort_key)),
            diagnosis.rules,
            diagnosis.internal_errors,
            diagnosis.blocked,
        )

    def import_site(self, importer: str, imported: str) -> Optional[Tuple[int, int]]:
        """Where ``importer`` imports ``imported`` (1-based line and column) in the last check's
        model, if it does (the first such import)."""
        imports = None if self._model is None else self._model.__dict__.get("imports")
        if imports is None:
            return None
        found = imports.get(importer, ())
        return next(((r.line, r.column) for r in found if r.path == imported), None)

    def _syntax_errors(self) -> List[Diagnostic]:
        if SyntaxErrorRule not in self.rules:
            return []
        rule = SyntaxErrorRule()
        return [d for facts in self._broken.values() for d in rule.of_file(facts)]

    @property
    def files(self) -> Tuple[str, ...]:
        return tuple(sorted(self._facts))


def _settle() -> None:
    """Move what is loaded out of the cyclic collector's sight: a full collection scans every
    object of the process (the facts of a thousand files are about a million), ~10 ms that
    would land on whichever keystroke's check triggers it. The facts are acyclic: refcounting
    still frees a file's old facts when an edit replaces them. What was frozen at the last load
    and has become cyclic garbage since (the model of the check before it) is collected first."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
