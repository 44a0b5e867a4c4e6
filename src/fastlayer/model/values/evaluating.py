"""What the settings semantics (``settings.py``) need from the evaluator (``evaluator.py``).

The two call each other: the evaluator hands attribute access and instantiation of settings
classes to a ``SettingsResolver``, which evaluates field defaults and ``model_config`` with the
evaluator again. ``Evaluating`` is that call-back, so the dependency runs one way:
``evaluator`` -> ``settings`` -> ``evaluating`` (this protocol), never back."""

from __future__ import annotations

from typing import Dict, List, Optional, Protocol, Tuple

from fastlayer.facts.expr import Expr
from fastlayer.facts.types import ClassFact, FunctionFact
from fastlayer.model.module import Module
from fastlayer.model.symbols import Symbols
from fastlayer.model.values.envfiles import EnvFiles
from fastlayer.model.values.types import Context, Value


class Evaluating(Protocol):
    """The evaluator as the settings resolver sees it (see ``Evaluator`` for the meaning)."""

    symbols: Symbols
    context: Context
    env_files: EnvFiles

    def evaluate(
        self,
        module: Module,
        expr: Optional[Expr],
        function: Optional[FunctionFact] = None,
        bound: Optional[Dict[str, Value]] = None,
    ) -> Value: ...

    def ancestors(self, ref: str) -> List[str]: ...

    def class_fact(self, ref: str) -> Optional[Tuple[Module, ClassFact]]: ...

    def locate_env_file(self, path: Value) -> Optional[str]: ...
