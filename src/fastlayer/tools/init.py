"""``fastlayer init``: inspect a repository and propose a starting ``[tool.fastlayer]`` section.

Never prints; ``cli_init.py`` shows or writes what ``plan`` returns. The proposal:

- ``root``: the app root (the directory of the module that creates ``FastAPI()``);
- ``preset``: ``fastapi-domain`` when at least three top-level packages of the app
  root each hold two or more per-domain role files (``router.py``, ``service.py``,
  ``schemas.py``, ``models.py``, ``views.py``, ...), else ``fastapi-layered``;
- for ``fastapi-layered``: the folders and modules the repository really has,
  mapped onto the preset's layers (``routes/`` -> api, ``schemas/`` -> models.schemas,
  ``core/config.py`` -> config, ``crud.py`` -> services, ...). CRUD/repository
  code becomes the services layer when there is no ``services/`` package, and a
  ``repositories`` layer below services when there is one;
- for ``fastapi-domain``: when most domains keep their Pydantic models in
  ``models.py`` (no ``schemas.py``), ``models`` becomes a public role and
  ``**/models.py`` a place for Pydantic schemas;
- placement follows the layers: a kind of code allowed in a layer's preset
  directory (settings classes in ``config/**``) is allowed where init put that
  layer too (``core/config.py``), and top-level directories mapped onto a layer
  (``db/``, ``resources/``) are added to ``allowed-top-level``;
- ``apps``: when another module outside the main app root creates its own
  ``FastAPI()`` (a model server beside the API), every app, the main one first,
  so each is judged under its own directory.

Re-running on a configured project is ``tools/update.py`` (``init --update``).
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from fastlayer.config import toml
from fastlayer.config.loader import Config, load_config
from fastlayer.config.presets import Preset, load_preset
from fastlayer.config.toml import read_toml, strip_tables  # noqa: F401 (re-exported)
from fastlayer.diagnostics import Diagnostic
from fastlayer.engine.run import build_model
from fastlayer.files.globs import matches
from fastlayer.filters import baseline as baselines
from fastlayer.model.approot import AppChoice, app_name, inside, named_apps, root_of
from fastlayer.model.domains import ROLE_DIRS, ROLE_FILES, domain_packages, role_of  # noqa: F401 (re-exported)
from fastlayer.model.layout import is_test_path
from fastlayer.model.project import ProjectModel
from fastlayer.rules import all_rules
from fastlayer.tools import accepted, learn

ENTRY_MODULES = ("cli.py", "manage.py")
REPOSITORY_NAMES = (
    "crud",
    "repositories",
    "repository",
    "repos",
    "crud.py",
    "repository.py",
    "repositories.py",
)

# app-relative directory or file found -> (layer, why). Directories map to "<dir>/**".
_LAYERED_MAP: Tuple[Tuple[str, str, str], ...] = (
    ("routes", "api", "route modules are the HTTP layer"),
    ("routers", "api", "router modules are the HTTP layer"),
    ("endpoints", "api", "endpoint modules are the HTTP layer"),
    ("views", "api", "view modules are the HTTP layer"),
    ("controllers", "api", "controllers are the HTTP layer"),
    ("dependencies", "api", "request dependencies serve the endpoints"),
    ("deps.py", "api", "request dependencies serve the endpoints"),
    ("dependencies.py", "api", "request dependencies serve the endpoints"),
    ("schemas", "models.schemas", "request/response schemas"),
    ("schema", "models.schemas", "request/response schemas"),
    ("schemas.py", "models.schemas", "request/response schemas"),
    ("models.py", "models", "models module (may hold ORM tables and schemas together)"),
    ("db", "models.database", "database access and ORM code"),
    ("database", "models.database", "database access and ORM code"),
    ("db/migrations", "alembic", "migrations"),
    (
        "db/session.py",
        "config",
        "the database session dependency: connection setup, not ORM access",
    ),
    ("db/database.py", "config", "the database connection: connection setup, not ORM access"),
    ("db/engine.py", "config", "the database engine: connection setup, not ORM access"),
    ("db/deps.py", "config", "the database session dependency: connection setup, not ORM access"),
    (
        "database/session.py",
        "config",
        "the database session dependency: connection setup, not ORM access",
    ),
    ("database/engine.py", "config", "the database engine: connection setup, not ORM access"),
    ("migrations", "alembic", "migrations"),
    (
        "db.py",
        "config",
        "database connection and configuration (config/database.py in the architecture)",
    ),
    (
        "database.py",
        "config",
        "database connection and configuration (config/database.py in the architecture)",
    ),
    (
        "session.py",
        "config",
        "database connection and configuration (config/database.py in the architecture)",
    ),
    ("config.py", "config", "settings"),
    ("settings.py", "config", "settings"),
    ("settings", "config", "settings"),
    ("core/config.py", "config", "settings"),
    ("core/settings.py", "config", "settings"),
    ("core/settings", "config", "settings"),
    ("utils.py", "utils", "helpers"),
    ("helpers.py", "utils", "helpers"),
    ("helpers", "utils", "helpers"),
    ("constants.py", "utils", "shared constants"),
    ("resources", "utils", "shared resources (messages, constants)"),
    ("security.py", "core", "security implementation"),
    ("exceptions.py", "core", "custom exceptions"),
    ("errors.py", "core", "custom exceptions"),
    ("exceptions", "core", "custom exceptions"),
    ("middleware", "core", "middleware"),
    ("middlewares", "core", "middleware"),
    ("events.py", "core", "application events"),
    ("tasks.py", "tasks", "background jobs"),
    ("worker.py", "tasks", "background worker"),
    ("worker", "tasks", "background worker"),
    ("celery_app.py", "tasks", "Celery application"),
    ("app.py", "main", "application entry point"),
    ("initial_data.py", "scripts", "one-off start-up script"),
    ("backend_pre_start.py", "scripts", "one-off start-up script"),
    ("tests_pre_start.py", "scripts", "one-off start-up script"),
    ("prestart.py", "scripts", "one-off start-up script"),
    ("cli.py", "scripts", "command-line entry point"),
    ("manage.py", "scripts", "command-line entry point"),
)
_REPOSITORY_MAY_IMPORT = (
    "models",
    "models.domain",
    "models.schemas",
    "models.database",
    "config",
    "core",
    "utils",
)


class InitError(Exception):
    """Init cannot proceed (for example: configuration exists and --force was not given)."""


@dataclass(frozen=True)
class LayerChange:
    """A layer of the proposal: the paths it gets (preset's plus found ones, each with why)."""

    name: str
    added: Tuple[Tuple[str, str], ...] = ()
    base_paths: Tuple[str, ...] = ()
    may_import: Optional[Tuple[str, ...]] = None
    must_not_import_external: Optional[Tuple[str, ...]] = None
    new: bool = False
    evidence: Tuple[str, ...] = ()  # why may-import says what it says (learned from the imports)


@dataclass(frozen=True)
class InitPlan:
    project_root: Path
    app_root: Optional[str]
    preset: str
    layers: Tuple[LayerChange, ...] = ()
    domains_public: Optional[Tuple[str, ...]] = None
    domains_exclude: Optional[Tuple[str, ...]] = None
    notes: Tuple[str, ...] = field(default_factory=tuple)
    placement: Tuple[Tuple[str, Tuple[str, ...], str], ...] = ()  # kind, globs, why
    allowed_top_level: Optional[Tuple[str, ...]] = None
    required: Optional[Tuple[str, ...]] = None  # the preset's required paths the project has
    endpoints: Optional[Tuple[str, str]] = (
        None  # [app] endpoints-pattern learned from the routes, why
    )
    accepted: Tuple[Diagnostic, ...] = ()  # today's layout findings, for the baseline file
    apps: Tuple[Tuple[str, str], ...] = ()  # ``apps`` entries (main first), each with why


def plan(project_root: Path, cache: bool = True) -> InitPlan:
    """Look at the repository (parse it, never run it) and propose a configuration."""
    model = build_model(Config(project_root=project_root), cache=cache)
    app_root = model.app_root
    if app_root is None:
        return InitPlan(
            project_root,
            None,
            "fastapi-layered",
            notes=("no module calls FastAPI(): set root by hand",),
        )
    files = sorted(r for r in (model.app_relative(p) for p in model.modules) if r is not None)
    domains = domain_packages(files)
    apps = found_apps(model)
    if len(domains) >= 3:
        proposal = _domain_plan(project_root, app_root, files, domains)
        proposal = learn_from_code(
            dataclasses.replace(proposal, apps=apps), model, new_layers=False
        )
    else:
        proposal = _layered_plan(project_root, app_root, files)
        proposal = learn_from_code(dataclasses.replace(proposal, apps=apps), model)
    found = accepted.accepted_findings(_model_with(proposal, model))
    return dataclasses.replace(proposal, accepted=found)


def found_apps(model: ProjectModel) -> Tuple[Tuple[str, str], ...]:
    """The ``apps`` entries when modules outside the main app root create their own ``FastAPI()``
    (tests aside; an app inside the main tree is part of it): every app, the main one first."""
    choice = model.app_choice
    if choice is None or model.app_root is None:
        return ()
    main = model.app_root
    further = [p for p in choice.others if not is_test_path(p) and not inside(root_of(p), main)]
    if not further:
        return ()
    return ((_app_entry(model, choice.path), f"the main one: {choice.why}"),) + tuple(
        (_app_entry(model, p), f"its own FastAPI(), outside {main or '.'}/") for p in further
    )


def _app_entry(model: ProjectModel, path: str) -> str:
    name = app_name(model.facts[path]) if path in model.facts else None
    return f"{path}:{name}" if name else path


def _domain_plan(
    project_root: Path, app_root: str, files: Sequence[str], domains: Sequence[str]
) -> InitPlan:
    present = set(files)
    models_only = [
        d for d in domains if f"{d}/models.py" in present and f"{d}/schemas.py" not in present
    ]
    preset = load_preset("fastapi-domain", project_root)
    spec = preset.domains
    notes = [
        f"{len(domains)} domain packages found ({', '.join(domains[:6])}{', ...' if len(domains) > 6 else ''})"
    ]
    public = exclude = None
    if spec is not None and len(models_only) * 2 > len(domains):
        public = tuple(spec.public) + ("models",)
        notes.append(
            f"{len(models_only)} of {len(domains)} domains keep their Pydantic models in models.py (no schemas.py): models is public"
        )
    shared = [d for d in shared_packages(files) if spec is None or f"{d}/" not in spec.exclude]
    changes: Dict[str, List[Tuple[str, str]]] = {}
    if shared and spec is not None:
        exclude = tuple(spec.exclude) + tuple(f"{d}/" for d in shared)
        changes["common"] = [
            (f"{d}/**", f"{d}/: shared package without any domain role file") for d in shared
        ]
    changes["main"] = [
        (name, f"{name}: command-line entry point (composition root)")
        for name in ENTRY_MODULES
        if name in present
    ]
    _add_migrations(changes, files, preset)
    layers = _layer_changes(preset, changes, False)
    extra = {"pydantic-schema": ("**/models.py",)} if public is not None else {}
    return InitPlan(
        project_root,
        app_root,
        "fastapi-domain",
        layers,
        domains_public=public,
        domains_exclude=exclude,
        notes=tuple(notes),
        placement=placement_changes(preset, layers, extra),
    )


def shared_packages(files: Sequence[str]) -> List[str]:
    """Top-level packages with Python files but no role file or directory at any depth (``messaging/``)."""
    packages: Dict[str, bool] = {}
    for path in files:
        parts = path.split("/")
        if len(parts) > 1:
            packages[parts[0]] = packages.get(parts[0], False) or any(role_of(p) for p in parts[1:])
    return sorted(name for name, has_role in packages.items() if not has_role)


def _add_migrations(
    changes: Dict[str, List[Tuple[str, str]]], files: Sequence[str], preset: Preset
) -> None:
    """Alembic environments (``env.py`` beside a ``versions/`` directory) -> the alembic layer."""
    spec = preset.layer("alembic")
    if spec is None:
        return
    for directory in migration_dirs(files):
        if not any(matches(f"{directory}/env.py", glob) for glob in spec.paths):
            changes.setdefault("alembic", []).append(
                (f"{directory}/**", f"{directory}/: Alembic environment (env.py, versions/)")
            )


# words of a module name (``db_setup``, ``async_session``) that say it sets up the connection;
# whole words: onyx's ``db/connector.py`` holds data connectors, not a connection
_CONNECTION = re.compile(
    r"(^|_)(sessions?|engines?|setup|connect|connections?|database|deps|base_class)(_|$)"
)


def _add_connection_modules(
    changes: Dict[str, List[Tuple[str, str]]], files: Sequence[str]
) -> None:
    """``db/db_setup.py``, ``database/session.py``: the session dependency and the engine live beside
    the ORM models but are connection setup (config), so importing them is not ORM access; a
    ``settings.py`` / ``config.py`` one level down (``app/settings.py``) is settings too."""
    mapped = {glob for added in changes.values() for glob, _ in added}
    for path in files:
        parts = path.split("/")
        if path in mapped or len(parts) != 2:
            continue
        if parts[0] in ("db", "database") and _CONNECTION.search(parts[1][:-3]):
            why = f"{path}: database connection setup (session, engine), not ORM access"
            changes.setdefault("config", []).append((path, why))
        elif parts[1] in ("settings.py", "config.py", "conf.py"):
            changes.setdefault("config", []).append((path, f"{path}: settings"))
        elif parts[1] in ("schemas.py", "schema.py") and parts[0] != "models":
            changes.setdefault("models.schemas", []).append(
                (path, f"{path}: request/response schemas")
            )


def migration_dirs(files: Sequence[str]) -> List[str]:
    present = set(files)
    envs = sorted(path[: -len("/env.py")] for path in present if path.endswith("/env.py"))
    return [d for d in envs if any(p.startswith(f"{d}/versions/") for p in present)]


def _layered_plan(project_root: Path, app_root: str, files: Sequence[str]) -> InitPlan:
    preset = load_preset("fastapi-layered", project_root)
    found = _found_paths(files)
    has_services = "services" in found
    changes: Dict[str, List[Tuple[str, str]]] = {}
    for path, layer, why in _LAYERED_MAP:
        if path in found:
            changes.setdefault(layer, []).append(
                (_glob(path, found[path]), f"{path}{'/' if found[path] else ''}: {why}")
            )
    repositories = [name for name in REPOSITORY_NAMES if name in found] + (
        ["db/repositories"] if "db/repositories" in found else []
    )
    repo_layer = "repositories" if has_services else "services"
    why = (
        "data access below services (services/ exists)"
        if has_services
        else "CRUD/repository helpers hold the business logic (no services/ package)"
    )
    for name in repositories:
        changes.setdefault(repo_layer, []).append(
            (_glob(name, found[name]), f"{name}{'/' if found[name] else ''}: {why}")
        )
    _add_migrations(changes, files, preset)
    _add_connection_modules(changes, files)
    layers = _layer_changes(preset, changes, has_services and bool(repositories))
    return InitPlan(
        project_root,
        app_root,
        "fastapi-layered",
        layers,
        placement=placement_changes(preset, layers, {}),
        allowed_top_level=allowed_top_level(preset, layers),
    )


def _found_paths(files: Iterable[str]) -> Dict[str, bool]:
    """Every app-relative file and directory (up to two levels) -> is it a directory."""
    found: Dict[str, bool] = {}
    for path in files:
        parts = path.split("/")
        for depth in (1, 2):
            if len(parts) > depth:
                found["/".join(parts[:depth])] = True
        if len(parts) <= 2:
            found[path] = False
    return found


def _glob(path: str, is_dir: bool) -> str:
    return f"{path}/**" if is_dir else path


def _layer_changes(
    preset: Preset, changes: Dict[str, List[Tuple[str, str]]], repository_layer: bool
) -> Tuple[LayerChange, ...]:
    result: List[LayerChange] = []
    for name, added in sorted(changes.items()):
        spec = preset.layer(name)
        base = spec.paths if spec else ()
        unique = {g: why for g, why in reversed(added)}  # first reason wins
        fresh = tuple((g, unique[g]) for g in dict.fromkeys(g for g, _ in added) if g not in base)
        if name == "repositories" and spec is None:
            result.append(
                LayerChange(
                    name, fresh, (), _REPOSITORY_MAY_IMPORT, ("fastapi", "starlette"), new=True
                )
            )
        elif fresh:
            result.append(LayerChange(name, fresh, base))
    if repository_layer:
        for user in ("services", "tasks", "scripts", "tests"):
            spec = preset.layer(user)
            if spec is not None:
                result.append(
                    LayerChange(
                        user, (), spec.paths, may_import=spec.may_import + ("repositories",)
                    )
                )
    return _merge(result)


def placement_changes(
    preset: Preset, layers: Sequence[LayerChange], extra: Mapping[str, Tuple[str, ...]]
) -> Tuple[Tuple[str, Tuple[str, ...], str], ...]:
    """Code kinds that may live in a layer's preset directory may live where init put that layer too
    (``core/config.py`` in config -> settings classes and env reads there); ``extra`` adds globs."""
    result = []
    for kind, globs in preset.placement:
        added = [
            g for change in layers if set(change.base_paths) & set(globs) for g, _ in change.added
        ]
        added += [g for g in extra.get(kind, ()) if g not in globs]
        fresh = tuple(g for g in dict.fromkeys(added) if g not in globs)
        if fresh:
            owners = sorted({c.name for c in layers if set(c.base_paths) & set(globs) and c.added})
            why = (
                f"as in layer {', '.join(owners)}"
                if owners
                else "Pydantic models live in models.py"
            )
            result.append((kind, globs + fresh, why))
    return tuple(result)


def allowed_top_level(preset: Preset, layers: Sequence[LayerChange]) -> Optional[Tuple[str, ...]]:
    """Top-level directories that init mapped onto a layer (``db/``, ``resources/``) are expected (FL203)."""
    allowed = preset.structure.allowed_top_level
    mapped = [g.split("/", 1)[0] for change in layers for g, _ in change.added if "/" in g]
    fresh = tuple(d for d in dict.fromkeys(mapped) if allowed and d not in allowed and "*" not in d)
    return tuple(allowed) + fresh if fresh else None


def _merge(changes: List[LayerChange]) -> Tuple[LayerChange, ...]:
    merged: Dict[str, LayerChange] = {}
    for change in changes:
        old = merged.get(change.name)
        if old is None:
            merged[change.name] = change
        else:
            merged[change.name] = LayerChange(
                change.name,
                old.added + change.added,
                old.base_paths,
                change.may_import or old.may_import,
                old.must_not_import_external,
                old.new,
            )
    return tuple(merged[name] for name in sorted(merged))


# -- learning from the code --------------------------------------------------


def learn_from_code(proposal: InitPlan, model: ProjectModel, new_layers: bool = True) -> InitPlan:
    """The folder map, completed from the code: unmapped packages become layers, the directions
    the imports follow consistently become allowed, placement follows where code lives, and
    only the required paths the project has are required (see ``tools/learn.py``)."""
    if proposal.app_root is None:
        return proposal
    packages = learn.unmapped_packages(_model_with(proposal, model)) if new_layers else []
    known = {layer.name for layer in _model_with(proposal, model).config.preset.layers}
    fresh = tuple(
        LayerChange(
            top,
            ((f"{top}/**", f"{top}/: {n} modules in no layer of the preset"),),
            (),
            (),
            new=True,
        )
        for top, n in packages
        if top not in known
    )
    layers = _merge(list(proposal.layers + fresh))
    preset = load_preset(proposal.preset, proposal.project_root)
    top_level = allowed_top_level(preset, layers) if fresh else proposal.allowed_top_level
    proposal = dataclasses.replace(proposal, layers=layers, allowed_top_level=top_level)
    mapped = _model_with(proposal, model)
    directions = learn.learned_directions(
        mapped, load_preset(proposal.preset, proposal.project_root)
    )
    named = learn.named_places(mapped, mapped.config.preset)
    proposal = dataclasses.replace(
        proposal, placement=_with_placement(proposal.placement, named, mapped.config.preset)
    )
    mapped = _model_with(proposal, model)
    placement = learn.learned_placement(mapped, mapped.config.preset)
    proposal = _with_public(proposal, mapped)
    return dataclasses.replace(
        proposal,
        layers=_with_directions(proposal.layers, directions, mapped.config.preset),
        placement=_with_placement(proposal.placement, placement, mapped.config.preset),
        required=_present_required(mapped),
        endpoints=learn.learned_endpoints(mapped, mapped.config.preset.app.endpoints_pattern),
        notes=proposal.notes + _disagreements(directions),
    )


def _with_public(proposal: InitPlan, model: ProjectModel) -> InitPlan:
    """The module names the domains already import from each other become public (FL109)."""
    domains = model.config.preset.domains
    if domains is None:
        return proposal
    learned = learn.learned_public(model, set(domains.public))
    if not learned:
        return proposal
    shown = ", ".join(f"{name} ({n} domains)" for name, n in learned)
    return dataclasses.replace(
        proposal,
        domains_public=tuple(domains.public) + tuple(name for name, _ in learned),
        notes=proposal.notes + (f"modules other domains import (public below): {shown}",),
    )


def _model_with(proposal: InitPlan, model: ProjectModel) -> ProjectModel:
    """The project model under the proposed configuration (the parsed facts are reused)."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "fastlayer.toml"
        path.write_text(render(proposal, ""), encoding="utf-8")
        config = load_config(proposal.project_root, path, all_rules().rules)
    choice: Optional[AppChoice] = (
        named_apps(config.apps, model.facts) if config.apps else model.app_choice
    )
    return ProjectModel(config, model.discovered, model.facts, model.app_root, model.texts, choice)


def _with_directions(
    layers: Sequence[LayerChange], directions: learn.Directions, preset: Preset
) -> Tuple[LayerChange, ...]:
    changes = {change.name: change for change in layers}
    sources = sorted({d.source for d in directions.allow + directions.withdraw})
    for source in sources:
        allow = [d for d in directions.allow if d.source == source]
        withdraw = [d for d in directions.withdraw if d.source == source]
        spec = preset.layer(source)
        old = changes.get(source) or LayerChange(source, (), spec.paths if spec else ())
        base = old.may_import if old.may_import is not None else (spec.may_import if spec else ())
        dropped = {d.target for d in withdraw}
        may = tuple(
            dict.fromkeys(t for t in base + tuple(d.target for d in allow) if t not in dropped)
        )
        evidence = (
            "learned from the imports (the direction the code follows):",
            *(f"  allowed {learn.describe(d)}" for d in allow),
            *(f"  withdrawn {learn.describe(d)}: against the code's direction" for d in withdraw),
        )
        changes[source] = dataclasses.replace(old, may_import=may, evidence=evidence)
    return tuple(changes[name] for name in sorted(changes))


def _with_placement(
    planned: Sequence[Tuple[str, Tuple[str, ...], str]],
    learned: Sequence[Tuple[str, Tuple[str, ...], str]],
    preset: Preset,
) -> Tuple[Tuple[str, Tuple[str, ...], str], ...]:
    result = {kind: (globs, why) for kind, globs, why in planned}
    for kind, globs, evidence in learned:
        base, why = result.get(kind, (preset.placement_for(kind) or (), ""))
        combined = tuple(dict.fromkeys(base + globs))
        said = (
            evidence
            if evidence.startswith("modules named")
            else f"where the code lives: {evidence}"
        )
        result[kind] = (combined, "; ".join(filter(None, [why, said])))
    return tuple((kind, globs, why) for kind, (globs, why) in sorted(result.items()))


def _present_required(model: ProjectModel) -> Optional[Tuple[str, ...]]:
    required = model.config.preset.structure.required
    root = model.config.project_root / (model.app_root or "")
    present = tuple(path for path in required if (root / path.rstrip("/")).exists())
    return present if present != tuple(required) else None


def _disagreements(directions: learn.Directions) -> Tuple[str, ...]:
    against = [d for d in directions.allow if d.preset_forbids]
    lines = [f"  {learn.describe(d)} (allowed below; the preset forbids it)" for d in against]
    lines += [
        f"  {d.source} -> {d.target} withdrawn: {d.imports} imports against {d.against} (the preset allows it)"
        for d in directions.withdraw
        if d.imports
    ]
    lines += [
        f"  {d.source} <-> {d.target} entangled: {d.imports} imports one way, {d.against} the other "
        "(both allowed: remove one from may-import to see the imports against it)"
        for d in directions.entangled
    ]
    if not lines:
        return ()
    head = "where the code disagrees with the preset's documented directions (edit may-import to decide):"
    return (head, *lines)


# -- rendering ---------------------------------------------------------------


def render(result: InitPlan, table_prefix: str) -> str:
    """The TOML text; ``table_prefix`` is ``tool.fastlayer`` for pyproject.toml, ``""`` for fastlayer.toml."""
    head = f"[{table_prefix}]\n" if table_prefix else ""
    lines = [head + "# written by `fastlayer init`: check it, then run `fastlayer check`"]
    lines += [f"# {note}" for note in result.notes]
    if result.app_root is not None:
        lines.append(f"root = {toml.quote(result.app_root or '.')}")
    lines.append(f"preset = {toml.quote(result.preset)}")
    lines += [
        '# imports under `if TYPE_CHECKING:` never run: not a layer dependency ("check" counts them)',
        'type-checking-imports = "ignore"',
    ]
    if result.accepted:
        lines += [
            f"# today's {len(result.accepted)} findings where the code departs from the layout it mostly",
            f"# follows ({accepted.describe(result.accepted)})",
            f"# are recorded in {accepted.BASELINE}: `check` reports new ones only",
            "# (`fastlayer check --no-baseline` shows them all)",
            f"baseline = {toml.quote(accepted.BASELINE)}",
        ]
    if result.apps:
        lines.append("# several FastAPI apps, each judged under its own directory:")
        lines += [f"#   {entry}: {why}" for entry, why in result.apps]
        lines.append(f"apps = {toml.value([entry for entry, _ in result.apps])}")
    for change in result.layers:
        lines += ["", *_render_layer(change, table_prefix)]
    if result.allowed_top_level is not None or result.required is not None:
        lines += ["", f"[{toml.table_name(table_prefix, 'structure')}]"]
    if result.required is not None:
        lines += [
            "# only what the project has: the preset's other required paths are not asked for",
            f"required = {toml.value(result.required)}",
        ]
    if result.allowed_top_level is not None:
        lines += [
            "# directories mapped onto a layer above are expected",
            f"allowed-top-level = {toml.value(result.allowed_top_level)}",
        ]
    if result.endpoints is not None:
        lines += ["", f"[{toml.table_name(table_prefix, 'app')}]", f"# {result.endpoints[1]}"]
        lines.append(f"endpoints-pattern = {toml.quote(result.endpoints[0])}")
    if result.placement:
        lines += ["", f"[{toml.table_name(table_prefix, 'placement')}]"]
        for kind, globs, why in result.placement:
            lines.append(f"{kind} = {toml.value(globs)}   # {why}")
    if result.domains_public is not None or result.domains_exclude is not None:
        lines += ["", f"[{toml.table_name(table_prefix, 'domains')}]"]
        if result.domains_exclude is not None:
            lines.append(f"exclude = {toml.value(result.domains_exclude)}")
        if result.domains_public is not None:
            lines.append(f"public = {toml.value(result.domains_public)}")
    return "\n".join(lines) + "\n"


def _render_layer(change: LayerChange, prefix: str) -> List[str]:
    name = change.name if "." not in change.name else toml.quote(change.name)
    lines = [f"[{toml.table_name(prefix, 'layers.' + name)}]"]
    if change.new:
        lines.append(
            "# not in the preset: data access between services and the models"
            if change.name == "repositories"
            else f"# not in the preset: the {change.name}/ package, a layer of its own"
        )
    if change.added:
        lines.append("paths = [")
        lines += [f"    {toml.quote(g)},   # preset" for g in change.base_paths]
        lines += [f"    {toml.quote(g)},   # {why}" for g, why in change.added]
        lines.append("]")
    lines += [f"# {line}" for line in change.evidence]
    if change.may_import is not None:
        lines.append(f"may-import = {toml.value(change.may_import)}")
    if change.must_not_import_external is not None:
        lines.append(f"must-not-import-external = {toml.value(change.must_not_import_external)}")
    return lines


# -- writing -----------------------------------------------------------------


def target_file(project_root: Path) -> Tuple[Path, str]:
    """Where the configuration goes and its table prefix: an existing fastlayer.toml, else
    pyproject.toml when there is one, else a new fastlayer.toml."""
    own = project_root / "fastlayer.toml"
    if own.is_file():
        return own, ""
    pyproject = project_root / "pyproject.toml"
    if pyproject.is_file():
        return pyproject, "tool.fastlayer"
    return own, ""


def check_baseline(result: InitPlan, force: bool) -> None:
    """InitError when the baseline file ``result`` needs exists and ``force`` is not given
    (asked before anything is written)."""
    if result.accepted and os.path.lexists(result.project_root / accepted.BASELINE) and not force:
        raise InitError(f"{accepted.BASELINE} exists; use --force to replace it")


def write_baseline(result: InitPlan) -> Optional[Path]:
    """The baseline file of ``result.accepted`` beside the configuration (None: nothing to
    record)."""
    if not result.accepted:
        return None
    path = result.project_root / accepted.BASELINE
    try:
        path.write_text(baselines.dumps(result.accepted), encoding="utf-8")
    except OSError as exc:
        raise InitError(f"{accepted.BASELINE}: cannot write: {exc.strerror or exc}") from None
    return path


def has_config(path: Path, prefix: str) -> bool:
    """Does ``path`` hold a configuration already? ConfigError (one line) when it cannot be read
    as TOML, InitError when it is not a file at all (a directory named ``fastlayer.toml``)."""
    if os.path.lexists(path) and not path.is_file():
        raise InitError(f"{path.name} exists and is not a regular file; remove or rename it first")
    if not path.is_file():
        return False
    data = read_toml(path, path.name)
    return bool(data) if not prefix else "fastlayer" in data.get("tool", {})


def already_configured(path: Path) -> str:
    return (
        f"{path.name} already has a fastlayer configuration; `fastlayer init --update` updates "
        "what init inferred and keeps your edits (add --dry-run to see the changes first), "
        "`--force` replaces it"
    )


def write(path: Path, prefix: str, text: str, force: bool) -> str:
    """Write ``text``; returns "created", "appended" or "replaced". Raises InitError without --force
    when configuration exists."""
    exists = has_config(path, prefix)
    if exists and not force:
        raise InitError(already_configured(path))
    created = not prefix or not path.is_file()
    try:
        toml.write_tables(path, prefix, text)
    except toml.UnsafeEdit as exc:
        raise InitError(
            f"{path.name} left unchanged: {exc}; move the existing fastlayer settings into plain "
            f"[{prefix}] tables (or delete them) and run init again"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InitError(
            f"{path.name}: cannot write: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    return "replaced" if exists else "created" if created else "appended"
