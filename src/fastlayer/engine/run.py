"""discover -> facts -> model -> rules -> filters -> sorted diagnostics. Never prints.

The request and result types live in ``engine/result.py`` (reporters read only those)."""

from __future__ import annotations

import dataclasses
import os
import traceback
from typing import Dict, List, Mapping, Optional, Sequence, Tuple, Type, TypeVar

from fastlayer.config.loader import Config
from fastlayer.config.toml import ConfigError
from fastlayer.diagnostics import Diagnostic
from fastlayer.engine.replay import StoredResult, replayable
from fastlayer.engine.result import BaselineOutcome, Diagnosis, InternalError, RunRequest, RunResult
from fastlayer.facts.store.cache import FactsCache, owns
from fastlayer.facts.store.collect import collect_facts
from fastlayer.facts.types import FileFacts
from fastlayer.files.discovery import Discovered, discover
from fastlayer.files.entrypoints import deployment_targets
from fastlayer.files.texts import ProjectTexts
from fastlayer.filters import baseline as baselines
from fastlayer.filters import suppressions
from fastlayer.filters.selection import is_selected, with_severities
from fastlayer.model.approot import AppChoice, choose_app, named_apps, no_app_root, root_of
from fastlayer.model.domains import domain_packages
from fastlayer.model.layout import is_test_path
from fastlayer.model.project import ProjectModel
from fastlayer.model.values.envfiles import MAX_BYTES, normalise
from fastlayer.rules import Rule, all_rules
from fastlayer.rules.base import Filtered

__all__ = [
    "BaselineOutcome",
    "Diagnosis",
    "InternalError",
    "RunRequest",
    "RunResult",
    "build_model",
    "diagnose",
    "project_files",
    "run",
    "targeted",
]


def selected_rules(
    config: Config, select: Optional[Sequence[str]], ignore: Sequence[str]
) -> List[Type[Rule]]:
    chosen_select = select if select is not None else config.select
    chosen_ignore = tuple(config.ignore) + tuple(ignore)
    return [
        r
        for r in all_rules().sorted()
        if is_selected(r.code, r.default_enabled, chosen_select, chosen_ignore)
        and not (r.opinion and chosen_select is None and not config.adopts_layout)
        or is_selected(r.code, r.default_enabled, config.extend_select, chosen_ignore)
    ]


def project_files(config: Config) -> Discovered:
    """The files a run analyses: the project minus exclusions, .gitignore and the facts cache."""
    if config.alone:
        return Discovered((), (), frozenset())
    excluded = config.excluded + _own_cache(config)
    return discover(config.project_root, excluded, config.respect_gitignore)


def build_model(
    config: Config,
    stdin: Optional[Tuple[str, bytes]] = None,
    cache: bool = True,
    jobs: Optional[int] = None,
    warnings: Optional[List[str]] = None,
    found: Optional[Discovered] = None,
) -> ProjectModel:
    found = project_files(config) if found is None else found
    overrides = dict([stdin]) if stdin else {}
    paths = sorted(set(found.python_files) | set(overrides))
    facts = load_facts(config, paths, overrides, cache, jobs, warnings)
    if warnings is not None:
        warnings.extend(f"{path}: skipped: {reason}" for path, reason in found.skipped)
    return model_of(config, found, facts)


def load_facts(
    config: Config,
    paths: Sequence[str],
    overrides: Mapping[str, bytes],
    cache: bool = True,
    jobs: Optional[int] = None,
    warnings: Optional[List[str]] = None,
) -> Dict[str, FileFacts]:
    """Facts of ``paths`` (``overrides``: buffer contents in place of the files), through the
    cache."""
    use_cache = cache and not config.alone
    facts_cache = FactsCache(config.project_root / config.cache_dir) if use_cache else None
    facts = collect_facts(config.project_root, paths, overrides, facts_cache, jobs)
    if facts_cache is not None and warnings is not None:
        warnings.extend(facts_cache.warnings)
    return facts


M = TypeVar("M", bound=ProjectModel)


def model_of(
    config: Config,
    found: Discovered,
    facts: Mapping[str, FileFacts],
    kind: Type[M] = ProjectModel,  # type: ignore[assignment]
) -> M:
    """The model over ``facts``; the app root from the config, else detected."""
    app_root, choice = _app_root(config, facts)
    return kind(config, found, facts, app_root, _texts(config), choice)


def _texts(config: Config) -> ProjectTexts:
    """The non-Python files the configuration names, read before any rule runs: the architecture
    document and the env files of ``[tool.fastlayer.environments]``. Env files named only in code
    (``env_file=...``, ``load_dotenv(...)``) are read when the model's evaluator finds them."""
    texts = ProjectTexts(config.project_root)
    doc = config.graph.doc
    if doc is not None:
        texts.read(doc)
    for _, files in config.environments:
        for path in filter(None, map(normalise, files)):
            texts.read(path, MAX_BYTES)
    return texts


def _own_cache(config: Config) -> Tuple[str, ...]:
    """The cache directory as an exclude glob, only when it is fastlayer's: a ``cache-dir`` naming
    source code (``app/services``) must not drop that code from the analysis."""
    name = config.cache_dir.strip("/")
    plain = (
        name and not any(char in name for char in "*?[]") and not os.path.isabs(config.cache_dir)
    )
    return (f"{name}/**",) if plain and owns(config.project_root / name) else ()


def _app_root(
    config: Config, facts: Mapping[str, FileFacts]
) -> Tuple[Optional[str], Optional[AppChoice]]:
    """The configured app root, else the directory of the main application (the first named in
    ``apps``, else the one detected), and which apps the project runs and why."""
    if config.apps:
        choice: Optional[AppChoice] = named_apps(config.apps, facts)
    else:
        under = None if config.root is None else config.root.strip("/").lstrip(".")
        targets = lambda: deployment_targets(config.project_root)  # noqa: E731
        choice = choose_app(facts, targets, is_test_path, under)
    if config.root is None:
        return (None, None) if choice is None else (root_of(choice.path), choice)
    root = config.root.strip("/")
    if root in ("", ".") or (config.project_root / root).is_dir():
        return ("" if root in ("", ".") else root), choice
    raise ConfigError(
        [f"root: directory {config.root!r} does not exist under {config.project_root}"]
    )


def run(request: RunRequest) -> RunResult:
    """A full run; with the cache, the stored result of the same run when nothing it read changed."""
    if not replayable(request):
        return _run(request, project_files(request.config))
    found = project_files(request.config)
    stored = StoredResult(request, found)
    result = stored.load()
    if result is None:
        result = _run(request, found, stored)
    return result


def _run(
    request: RunRequest, found: Discovered, stored: Optional[StoredResult] = None
) -> RunResult:
    warnings: List[str] = []
    model = build_model(request.config, request.stdin, request.cache, request.jobs, warnings, found)
    selected = selected_rules(request.config, request.select, request.ignore)
    warnings.extend(_layout_notes(model, selected))
    diagnosis = diagnose(model, selected)
    kept, outcome = _apply_baseline(list(diagnosis.diagnostics), request, diagnosis.rules)
    kept = [d for d in kept if _reported(d, request.paths)]
    if request.stdin is not None:  # editor mode: only the buffer, no project-wide findings
        kept = [d for d in kept if d.path == request.stdin[0]]
    warnings.extend(model.texts.warnings())  # the files the rules' analyses read, too
    result = RunResult(
        tuple(sorted(set(kept), key=Diagnostic.sort_key)),
        len(model.facts),
        sum(f.lines for f in model.facts.values()),
        model.app_root,
        model.source_root,
        diagnosis.rules,
        diagnosis.internal_errors,
        outcome,
        tuple(warnings),
        diagnosis.blocked,
        model.app_choice.describe() if model.app_choice else "",
    )
    return result if stored is None else stored.save(result, model.texts.paths())


def diagnose(
    model: ProjectModel,
    selected: Sequence[Type[Rule]],
    earlier: Optional[Mapping[str, Tuple[Diagnostic, ...]]] = None,
) -> Diagnosis:
    """The ``selected`` rules over ``model``: every finding with suppressions and severities
    applied, hints in the project's own terms, sorted, no path filter (``run`` and
    ``LiveProject`` share it). ``earlier``: rules whose findings are known without running
    them (``engine/reuse.py``)."""
    config = model.config
    rules, blocked = _runnable(model, selected)
    found, errors = _run_rules(model, rules, earlier or {})
    every = [d for findings in found.values() for d in findings]
    kept = with_severities(
        _unsuppressed(model, rules, every, config.per_file_ignores), config.severity
    )
    kept = [_in_own_terms(d, config) for d in kept]
    return Diagnosis(
        tuple(sorted(set(kept), key=Diagnostic.sort_key)),
        tuple(r.code for r in rules),
        tuple(errors),
        blocked and config.in_own_terms(blocked),
        found,
    )


def _in_own_terms(diagnostic: Diagnostic, config: Config) -> Diagnostic:
    if diagnostic.hint is None:
        return diagnostic
    return dataclasses.replace(diagnostic, hint=config.in_own_terms(diagnostic.hint))


def _layout_notes(model: ProjectModel, selected: Sequence[Type[Rule]]) -> List[str]:
    """Without a layout, one line: which rules ran and how to adopt one (with what this project
    looks like)."""
    config = model.config
    held_back = [r for r in all_rules().sorted() if r.opinion and r not in selected]
    if config.adopts_layout or not held_back:
        return []
    files = [r for r in (model.app_relative(p) for p in model.modules) if r is not None]
    domains = domain_packages(files)
    looks = (
        f"; this project looks domain-sliced ({len(domains)} packages such as "
        f"{', '.join(domains[:3])} "
        f"hold router/service/models modules)"
        if len(domains) >= 3
        else ""
    )
    return [
        "no fastlayer configuration: ran only the rules that hold on any FastAPI project; run "
        "`fastlayer init` to adopt a layout "
        f"and turn on the layer, structure and placement rules ({len(held_back)} more){looks}"
    ]


def _unsuppressed(
    model: ProjectModel,
    rules: Sequence[Type[Rule]],
    found: Sequence[Diagnostic],
    per_file_ignores: suppressions.PerFileIgnores,
) -> List[Diagnostic]:
    """Inline and per-file suppressions; then the rules' findings about the filtering itself
    (``Rule.after_filtering``, e.g. FL003 on suppressions that silence nothing)."""
    applied = suppressions.apply(found, model.facts, per_file_ignores)
    filtered = Filtered(applied.used, tuple(r.code for r in rules), tuple(all_rules().rules))
    late = [d for rule in rules for d in rule().after_filtering(model, filtered)]
    own = suppressions.apply(late, model.facts, per_file_ignores, explicit=True)
    return list(applied.kept) + list(own.kept)


def _apply_baseline(
    found: List[Diagnostic], request: RunRequest, rules: Sequence[str]
) -> Tuple[List[Diagnostic], Optional[BaselineOutcome]]:
    if request.baseline is None:
        return found, None
    ran = set(rules)
    targets = request.paths
    in_scope = lambda e: e.code in ran and targeted(e.path, targets)  # noqa: E731
    match = baselines.compare(found, request.baseline, in_scope)
    known = sum(1 for d in match.known if _reported(d, request.paths))
    return list(match.new), BaselineOutcome(request.baseline.source, known, match.fixed)


def _runnable(
    model: ProjectModel, rules: Sequence[Type[Rule]]
) -> Tuple[List[Type[Rule]], Optional[str]]:
    """Rules that can run, and why the others cannot: without an app root, layer, structure and
    placement rules would report "all clear" on nothing, so they are held back and the run fails."""
    needing = [rule.code for rule in rules if rule.needs_app_root]
    if not needing or model.app_root is not None:
        return list(rules), None
    more = "..." if len(needing) > 3 else ""
    reason = no_app_root(f"which {', '.join(needing[:3])}{more} need") + " (the other rules ran)"
    return [rule for rule in rules if not rule.needs_app_root], reason


def _run_rules(
    model: ProjectModel,
    rules: Sequence[Type[Rule]],
    earlier: Mapping[str, Tuple[Diagnostic, ...]],
) -> Tuple[Dict[str, Tuple[Diagnostic, ...]], List[InternalError]]:
    """Each rule's findings (``earlier`` ones taken over) and the rules that failed."""
    found: Dict[str, Tuple[Diagnostic, ...]] = {}
    errors: List[InternalError] = []
    for rule_class in rules:
        if rule_class.code in earlier:
            found[rule_class.code] = earlier[rule_class.code]
            continue
        rule = rule_class()
        findings: List[Diagnostic] = []
        try:
            findings.extend(rule.check(model))
        except Exception as exc:  # noqa: BLE001 - reported, never swallowed
            errors.append(InternalError(rule.code, rule.current_path, _describe(exc)))
        found[rule.code] = tuple(findings)  # what a failing rule found before it failed, too
    return found, errors


def _describe(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__}: {exc} (at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})"


def _reported(diagnostic: Diagnostic, targets: Tuple[str, ...]) -> bool:
    """With named paths (pre-commit's staged files), report on those, and on findings a named file
    takes part in (``related``: the module a cycle runs through, the ORM model that needs
    ``alembic/``).
    A project-level finding (at a directory, ``app/``) only when that directory or one above it is
    named: a missing directory that existed before does not block every commit. A named config or
    env file widens the targets to the whole project (``cli.output.widen``)."""
    return targeted(diagnostic.path, targets) or any(
        _under(path, t) for path in diagnostic.related for t in targets
    )


def targeted(path: str, targets: Tuple[str, ...]) -> bool:
    """With named paths, ``path`` is under one of them."""
    return not targets or any(_under(path, target) for target in targets)


def _under(path: str, target: str) -> bool:
    return target in ("", ".") or path == target or path.startswith(target.rstrip("/") + "/")
