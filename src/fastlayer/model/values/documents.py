"""The data files a project really loads, with their parsed content: what FL407 reads for
secrets written in them (``secret_key: changeme`` in ``settings.yaml``).

A file is loaded when a loader call of the project (``yaml.safe_load(f)``, ``json.load(f)``,
``tomllib.load(f)``... wherever it stands) reads it, or when a module-level model is built from
it (``Settings(**data)`` bound to the base settings file, see ``databound.py``). Evaluated in
the default context: ``${VAR:default}`` keeps its default unless a loaded env file sets it.
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from fastlayer.facts.expr import Expr
from fastlayer.facts.types import LOADER_CALLS, Assignment, CallFact, FileFacts
from fastlayer.model.core import ProjectCore
from fastlayer.model.layout import is_test_path
from fastlayer.model.perfile import calls_named, per_file
from fastlayer.model.values.databound import MODEL_BUILDERS
from fastlayer.model.values.evaluator import Evaluator
from fastlayer.model.values.types import Context, Value


def loaded_documents(project: ProjectCore) -> Tuple[Tuple[str, Value], ...]:
    """(path, document) of every data file the project loads, by path."""
    evaluator = Evaluator(project)
    found: Dict[str, Value] = {}
    for module, calls in project.having(_loader_calls):
        for call in calls if not is_test_path(module.path) else ():
            qualified = module.facts.qualify((call.call.callee or call.call).dotted()) or ""
            if qualified in LOADER_CALLS and _reads_a_file(qualified, call.call):
                value = evaluator.evaluate(module, call.call, module.function(call.in_function))
                _collect(project, value, found)
    for module, assignments in project.having(_model_builds):  # a file's content: any order
        for assignment in assignments if not is_test_path(module.path) else ():
            _collect(project, evaluator.evaluate(module, assignment.value), found)
    return tuple(sorted(found.items()))


@per_file
def _loader_calls(facts: FileFacts) -> Tuple[CallFact, ...]:
    return calls_named(facts, _LOADER_NAMES.__contains__)


def _collect(project: ProjectCore, value: Value, found: Dict[str, Value]) -> None:
    """The files a loaded value (or a model's arguments) came from, read whole."""
    for candidate in (value, *(argument for _, argument in value.kwargs)):
        origin = candidate.origin
        if origin is not None and origin.kind == "data" and origin.path not in found:
            # no variable set: ``${VAR:default}`` is judged by its default
            found[origin.path] = project.data_files.load(origin.path, Context())


_LOADER_NAMES = frozenset(name.rsplit(".", 1)[-1] for name in LOADER_CALLS)
_READS = frozenset({"open", "read_text", "read_bytes", "read"})


def _reads_a_file(loader: str, call: Expr) -> bool:
    """Cheap filter before evaluating: ``json.loads(response.text)`` parses no project file; a
    loader whose argument opens or reads one (``json.loads(p.read_text())``), or that takes a
    file object by name (``yaml.safe_load(f)``), may."""
    argument = call.positional(0)
    if argument is None:
        return False
    if argument.kind == "name" and not loader.endswith("loads"):
        return True
    return _mentions_read(argument, 0)


def _mentions_read(expr: Expr, depth: int) -> bool:
    if expr.kind in ("attr", "name") and expr.value in _READS:
        return True
    return depth < 12 and any(_mentions_read(item, depth + 1) for item in expr.items)


@per_file
def _model_builds(facts: FileFacts) -> Tuple[Assignment, ...]:
    return tuple(a for a in facts.assignments if _builds_model(a.value))


def _builds_model(value: Optional[Expr]) -> bool:
    """``Settings(**data)`` or ``Settings.model_validate(data)``."""
    if value is None or value.kind != "call" or value.callee is None:
        return False
    last = (value.callee.dotted() or "").rsplit(".", 1)[-1]
    return "**" in value.keys or last in MODEL_BUILDERS
