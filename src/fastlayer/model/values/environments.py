"""The environments a project runs in, as contexts of the static evaluator: by default the
process environment holds what ``load_dotenv(...)`` calls load; each entry of
``[tool.fastlayer.environments]`` adds its env files, and each environment table of a dynaconf
configuration (``[production]`` with ``environments=True``) and each settings profile file
(``settings-local.yaml`` beside ``settings.yaml``) is one more. The CORS sinks (``model/cors.py``) and
FL504 evaluate their values once per context."""

from __future__ import annotations

import posixpath
from typing import List, Optional, Tuple

from fastlayer.facts.expr import Expr
from fastlayer.facts.types import CallFact, FileFacts
from fastlayer.model.core import ProjectCore
from fastlayer.model.module import Module
from fastlayer.model.perfile import calls_named, per_file
from fastlayer.model.values import dynaconf
from fastlayer.model.values.databound import profiles
from fastlayer.model.values.envfiles import EnvEntry, EnvFile, normalise
from fastlayer.model.values.evaluator import Evaluator
from fastlayer.model.values.types import Context

_DOTENV = frozenset({"load_dotenv"})
_DYNACONF = frozenset({"Dynaconf", "LazySettings"})


@per_file
def _dotenv_calls(facts: FileFacts) -> Tuple[CallFact, ...]:
    return calls_named(facts, _DOTENV.__contains__)


@per_file
def _dynaconf_calls(facts: FileFacts) -> Tuple[CallFact, ...]:
    return calls_named(facts, _DYNACONF.__contains__)


def contexts(project: ProjectCore, base: Evaluator) -> List[Tuple[Context, bool]]:
    """The default context (the process environment is what ``load_dotenv`` loads), then one per
    ``[tool.fastlayer.environments]`` entry (its files act as the process environment too), each
    with whether it is a production environment (its name starts with ``prod``)."""
    loaded = dotenv_loaded(project, base)
    result = [(Context("", loaded), False)]
    for name, files in project.config.environments:
        envs = [
            base.env_files.read(path) for path in (normalise(f) for f in files) if path is not None
        ]
        present = tuple(env for env in envs if env is not None)
        result.append((Context(name, loaded + present), name.lower().startswith("prod")))
    configured = {name.lower() for name, _ in project.config.environments}
    for name, switch in dynaconf_environments(project, base):
        if name not in configured and name != "development":
            configured.add(name)
            result.append((Context(name, loaded + (switch,)), name.startswith("prod")))
    for name in profiles(project.discovered.other_files):
        if name not in configured:
            result.append((Context(name, loaded, profile=name), name.startswith("prod")))
    return result


def dynaconf_environments(project: ProjectCore, base: Evaluator) -> List[Tuple[str, EnvFile]]:
    """Each environment table of a ``Dynaconf(environments=True)`` configuration, with the
    ``ENV_FOR_DYNACONF`` setting that selects it (the default context runs ``development``)."""
    found: List[Tuple[str, EnvFile]] = []
    for module, calls in project.having(_dynaconf_calls):
        for call in calls:
            if _last(call.call) not in _DYNACONF:
                continue
            value = base.evaluate(module, call.call, module.function(call.in_function))
            for name in dynaconf.environments(base, value) if value.ref == dynaconf.REF else ():
                entry = EnvEntry(dynaconf.SWITCHER, name, module.path, call.line)
                if name not in [known for known, _ in found]:
                    found.append((name, EnvFile(module.path, (entry,))))
    return found


def dotenv_loaded(project: ProjectCore, evaluator: Evaluator) -> Tuple[EnvFile, ...]:
    """Files that ``load_dotenv(...)`` calls load, in module order."""
    loaded: List[EnvFile] = []
    for module, calls in project.having(_dotenv_calls):
        for call in calls:
            if _last(call.call) != "load_dotenv":
                continue
            path = _dotenv_path(evaluator, module, call)
            env = evaluator.env_files.read(path) if path is not None else None
            if env is not None and env not in loaded:
                loaded.append(env)
    return tuple(loaded)


def _dotenv_path(evaluator: Evaluator, module: Module, call: CallFact) -> Optional[str]:
    argument = call.call.keyword("dotenv_path") or call.call.positional(0)
    if argument is None:
        return evaluator.env_files.search_upwards(posixpath.dirname(module.path))
    function = module.function(call.in_function)
    return evaluator.locate_env_file(evaluator.evaluate(module, argument, function))


def _last(call: Expr) -> str:
    """``load_dotenv`` for ``dotenv.load_dotenv(...)`` and ``load_dotenv(...)``."""
    callee = call.callee
    dotted = callee.dotted() if callee is not None else None
    return (dotted or "").rsplit(".", 1)[-1]
