"""FL101-FL105 and FL109: imports and layers (direction, cycles, API versions, forbidden
frameworks, unmapped modules, cross-domain private imports). FL106-FL108 are the diagram rules
(rules/diagram.py)."""

from __future__ import annotations

import functools
import re
from typing import (
    TYPE_CHECKING,
    Dict,
    Iterator,
    List,
    Optional,
    Sequence,
    Set,
    Tuple,
)

from fastlayer.config.presets import LayerSpec
from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.model.graph import shortest_path
from fastlayer.model.imports import ResolvedImport, describe_statement, statement_key
from fastlayer.model.layers import domain_member
from fastlayer.rules.base import Example, Rule, register, snippet

if TYPE_CHECKING:
    from fastlayer.model.module import Module
    from fastlayer.model.project import ProjectModel

_MAIN = snippet(
    """
    from fastapi import FastAPI

    app = FastAPI()
    """
)
_LAYERS = """
[layers.api]
paths = ["api/**"]
may-import = ["services"]

[layers.services]
paths = ["services/**"]
may-import = []
must-not-import-external = ["fastapi", "starlette"]

[layers.main]
paths = ["main.py"]
may-import = ["api", "services"]
"""
_CONFIG = f'root = "app"\npreset = "none"\n{_LAYERS.replace("[layers.", "[tool.fastlayer.layers.")}'


def _where(found: Sequence[ResolvedImport]) -> str:
    """The statement with the names in ``found`` (one statement's imports), and where it sits."""
    context = found[0].context()
    return f"`{describe_statement([r.fact for r in found])}`" + (f" ({context})" if context else "")


def _targets(found: Sequence[ResolvedImport]) -> str:
    return ", ".join(dict.fromkeys(r.target for r in found))


def _statements(project: ProjectModel, module: Module) -> Iterator[List[ResolvedImport]]:
    """The module's resolved imports, one list per import statement (one finding per statement:
    ``from app.db import (a,\n b)`` is one dependency even when its names sit on several lines)."""
    groups: Dict[Tuple[int, int, str], List[ResolvedImport]] = {}
    for resolved in project.imports.get(module.path, ()):
        groups.setdefault(statement_key(resolved.fact), []).append(resolved)
    yield from groups.values()


def _grouped(pairs: Iterator[Tuple[str, ResolvedImport]]) -> Dict[str, List[ResolvedImport]]:
    """(key, import) pairs of one statement -> the imports per key, keys in source order."""
    groups: Dict[str, List[ResolvedImport]] = {}
    for key, resolved in pairs:
        groups.setdefault(key, []).append(resolved)
    return groups


def _layer_spec(project: ProjectModel, path: str) -> Optional[LayerSpec]:
    """The configuration of the layer holding ``path`` (None: in no layer)."""
    layer = project.layers.layer_of(path)
    return project.layers.layers.get(layer) if layer else None


def _module_name(project: ProjectModel, path: str) -> str:
    module = project.modules.get(path)
    if module is not None and module.name:
        return module.name
    return path[: -len("/__init__.py")].replace("/", ".") if path.endswith("/__init__.py") else path


@register
class LayerDirectionRule(Rule):
    """## What it does
    Reports an import from one layer into a layer it may not import (`may-import` of the
    importing layer in the preset or in `[tool.fastlayer.layers.NAME]`). Every import form
    counts: absolute and relative imports of any level, `from pkg import submodule`,
    `import a.b as c`, star imports, imports inside functions, in `try/except ImportError`,
    under `if TYPE_CHECKING:` (unless `type-checking-imports = "ignore"`), and
    `importlib.import_module("...")` / `__import__("...")` with a literal name.

    ## Why is this bad?
    Layers keep a FastAPI project changeable: endpoints stay thin, business logic lives in
    services, configuration sits at the bottom. An import against the direction (a service
    importing an endpoint module, config importing services) couples a lower layer to a
    higher one, so a change in the HTTP layer ripples into business logic and the layers can
    no longer be tested or reused on their own.

    ## Example
    ```python
    # app/services/users.py
    from app.api.deps import get_current_user   # services may not import api
    ```

    ## Use instead
    ```python
    # app/services/users.py: take what you need as a parameter
    def deactivate(user: User) -> None: ...

    # app/api/users.py: the endpoint resolves the dependency and calls the service
    from app.services.users import deactivate
    ```
    """

    code = "FL101"
    opinion = True
    name = "layer-direction"
    severity = Severity.ERROR
    summary = "Import against the layer direction"
    needs_app_root = True
    options = (("type-checking-imports", '"ignore" skips imports under `if TYPE_CHECKING:`'),)
    valid = (
        Example(
            {
                "app/main.py": _MAIN + "from api import users\n",
                "app/api/users.py": "from services import users\n",
                "app/services/users.py": "import os\n",
            },
            _CONFIG,
        ),
    )
    invalid = (
        Example(
            {
                "app/__init__.py": "",
                "app/main.py": _MAIN,
                "app/api/__init__.py": "",
                "app/api/users.py": "X = 1\n",
                "app/services/__init__.py": "",
                "app/services/users.py": snippet(
                    """
                    from ..api import users
                    from app.api.users import X
                    """
                ),
                "app/services/lazy.py": snippet(
                    """
                    def f():
                        import importlib
                        return importlib.import_module('app.api.users')
                    """
                ),
            },
            _CONFIG,
            expect=(
                ("app/services/users.py", 1),
                ("app/services/users.py", 2),
                ("app/services/lazy.py", 3),
            ),
            title="relative, absolute and dynamic imports of api from services",
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        layers = project.layers
        cycles = _LayerCycles(project)
        for module in self.modules(project):
            spec = _layer_spec(project, module.path)
            if spec is None:
                continue
            for statement in _statements(project, module):
                pairs = (
                    (layers.layer_of(r.path) if r.is_project and r.path else None, r)
                    for r in statement
                )
                forbidden = (
                    (t, r) for t, r in pairs if t and t != spec.name and t not in spec.may_import
                )
                for target, found in _grouped(forbidden).items():
                    yield self._finding(
                        module,
                        found,
                        spec.name,
                        target,
                        spec.may_import,
                        cycles.note(spec.name, target),
                    )

    def _finding(
        self,
        module: Module,
        found: Sequence[ResolvedImport],
        source: str,
        target: str,
        allowed: Tuple[str, ...],
        cycle: str,
    ) -> Diagnostic:
        may = ", ".join(allowed) if allowed else "no other layer"
        resolved = found[0]
        message = (
            f"layer '{source}' imports layer '{target}' ({_targets(found)}) in {_where(found)}; "
            f"'{source}' may import: {may}{cycle}"
        )
        hint = (
            f"move the code '{source}' needs into a layer it may import, or pass it in from a "
            "higher layer; "
            f"if '{source}' -> '{target}' is intended, add \"{target}\" to "
            f'[tool.fastlayer.layers."{source}"] may-import'
        )
        return self.diagnostic(
            module.path,
            resolved.line,
            resolved.column,
            message,
            hint=hint,
            subject=f"{source}->{target}:{resolved.target}",
            related=(resolved.path or "",),
        )


CLOSES_LAYER_CYCLE = "; this closes the layer cycle "  # FL101's words when the import closes one


class _LayerCycles:
    """For a forbidden edge a -> b: the way back from b to a over allowed imports only, if any.
    The forbidden edge then closes a layer cycle, and FL101 says so instead of a second finding
    (a way back over other forbidden edges is left out: each of those is reported on its own)."""

    def __init__(self, project: ProjectModel) -> None:
        self._project = project
        self._notes: Dict[Tuple[str, str], str] = {}

    def note(self, source: str, target: str) -> str:
        key = (source, target)
        if key not in self._notes:
            self._notes[key] = self._note(source, target)
        return self._notes[key]

    @functools.cached_property
    def _edges(self) -> Dict[Tuple[str, str], str]:
        return self._project.layer_edges

    def _note(self, source: str, target: str) -> str:
        edges = self._edges
        specs = self._project.layers.layers

        def allowed(layer: str) -> List[str]:
            spec = specs.get(layer)
            found = sorted(b for (a, b) in edges if a == layer)
            return [b for b in found if spec is not None and b in spec.may_import]

        members = {name for pair in edges for name in pair}
        back = shortest_path(target, source, allowed, members)
        if back is None:
            return ""
        steps = ", ".join(f"{x} -> {y} at {edges[(x, y)]}" for x, y in zip(back, back[1:]))
        return f"{CLOSES_LAYER_CYCLE}{' -> '.join([source] + back)} ({steps})"


def same_layer_notes(before: ProjectModel, now: ProjectModel, subjects: Sequence[str]) -> bool:
    """Whether FL101's layer-cycle note of every finding with one of ``subjects`` (its
    ``source->target:imported``) reads the same over ``now`` as over ``before``."""
    old, new, layers = _LayerCycles(before), _LayerCycles(now), now.layers.layers
    for subject in dict.fromkeys(subjects):
        source, arrow, target = subject.partition(":")[0].partition("->")
        if not arrow or source not in layers or target not in layers:
            return False
        if old.note(source, target) != new.note(source, target):
            return False
    return True


@register
class ImportCycleRule(Rule):
    """## What it does
    Reports import cycles between project modules.

    A module cycle is reported once per group of modules that import each other (a strongly
    connected component of the import graph), at the first import of the shortest cycle
    through the group's alphabetically first module; the message shows the whole chain with
    the line of each import, and how many modules the group holds when it is larger than the
    cycle shown. By default only imports that run when the module is imported count: an
    import inside a function is a deliberate deferral (the usual way to break a cycle at
    import time, often commented as such) and imports only under `if TYPE_CHECKING:` never
    run (they are the accepted way to type two modules that refer to each other; both still
    count for layer directions). With `import-cycles = "all"` imports inside functions close
    cycles too, and the message marks each deferred import in the chain.

    Cycles between layers are not reported here: a layer cycle needs at least one import the
    configuration forbids, and FL101 reports that import, its message naming the layer cycle
    it closes (`this closes the layer cycle a -> b -> a (b -> a at x.py:3)`). A loop made
    only of allowed edges (layers the preset lets use each other) is left alone.

    ## Why is this bad?
    Modules in a cycle cannot be understood, tested or moved one at a time; at import time a
    cycle fails with "partially initialized module" errors, which projects paper over with
    function-level imports. Layers in a cycle are not layers: the direction the architecture
    promises holds in neither direction.

    ## Example
    ```python
    # app/services/users.py
    from app.services.orgs import Org

    # app/services/orgs.py
    from app.services.users import User
    ```

    ## Use instead
    Move what both need into a third module both import (for example the shared models), or
    invert one dependency by passing the value in as a parameter.
    """

    code = "FL102"
    name = "import-cycle"
    severity = Severity.ERROR
    summary = "Import cycle between modules"
    needs_app_root = True
    options = (
        (
            "type-checking-imports",
            '"ignore" leaves imports under `if TYPE_CHECKING:` out of the graph',
        ),
        ("import-cycles", '"all" also reports cycles closed only by imports inside functions'),
    )
    valid = (
        Example(
            {
                "app/main.py": _MAIN + "from api import users\n",
                "app/api/users.py": "from services import users\n",
                "app/services/users.py": "from services import orgs\n",
                "app/services/orgs.py": "X = 1\n",
            },
            _CONFIG,
        ),
        Example(
            {
                "app/main.py": _MAIN,
                "app/api/users.py": "X = 1\n",
                "app/services/users.py": "from services.orgs import Org\n",
                "app/services/orgs.py": snippet(
                    """
                    from typing import TYPE_CHECKING
                    if TYPE_CHECKING:
                        from services.users import User
                    """
                ),
            },
            _CONFIG,
            title="a TYPE_CHECKING import does not close a cycle",
        ),
        Example(
            {
                "app/main.py": _MAIN,
                "app/api/users.py": "from services import orgs\n",
                "app/services/orgs.py": "from api import helpers\n",
                "app/api/helpers.py": "X = 1\n",
            },
            _CONFIG,
            title="layer cycle api -> services -> api without a module cycle: FL101's finding "
            "names it",
        ),
        Example(
            {
                "app/main.py": _MAIN,
                "app/api/users.py": "X = 1\n",
                "app/services/users.py": "from services import orgs\n",
                "app/services/orgs.py": snippet(
                    """
                    def f():
                        from services.users import User
                    """
                ),
            },
            _CONFIG,
            title="a cycle closed only inside a function is a deliberate deferral (by default)",
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/api/users.py": "X = 1\n",
                "app/services/users.py": "from services import orgs\n",
                "app/services/orgs.py": "from services.users import User\n",
            },
            _CONFIG,
            expect=(("app/services/orgs.py", 1),),
            title="module cycle through module-level imports",
        ),
        Example(
            {
                "app/main.py": _MAIN,
                "app/api/users.py": "X = 1\n",
                "app/services/users.py": "from services import orgs\n",
                "app/services/orgs.py": snippet(
                    """
                    def f():
                        from services.users import User
                    """
                ),
            },
            'import-cycles = "all"\n' + _CONFIG,
            expect=(("app/services/orgs.py", 2),),
            title='module cycle through a deferred import, with import-cycles = "all"',
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        yield from self._module_cycles(project)

    def _module_cycles(self, project: ProjectModel) -> Iterator[Diagnostic]:
        graph = project.import_graph
        from fastlayer.model.graph import shortest_cycle

        successors = project.cycle_successors
        for group in project.import_cycles:
            cycle = shortest_cycle(group[0], successors, set(group)) or group
            steps = [graph.first_runtime_import(a, b) for a, b in zip(cycle, cycle[1:])]
            chain = " -> ".join(_module_name(project, path) for path in cycle)
            lines = ", ".join(
                f"{s.importer}:{s.line}" + (" (deferred)" if s.fact.in_function else "")
                for s in steps
            )
            size = (
                f"; {len(group)} modules import each other in this group"
                if len(group) > len(cycle) - 1
                else ""
            )
            if any(s.fact.in_function for s in steps):
                size += (
                    "; it goes through a deferred import (inside a function), so it closes only at "
                    "call time"
                )
            first = steps[0]
            yield self.diagnostic(
                first.importer,
                first.line,
                first.column,
                f"import cycle {chain} (imports at {lines}){size}",
                hint="move what the modules share into a module both import, or pass it in as a "
                "parameter",
                subject="cycle:" + chain,
                related=tuple(sorted(set(cycle[1:-1]))),
            )


_VERSION = re.compile(r"^v\d+$")


def _api_version(path: str) -> Optional[Tuple[str, str]]:
    """(directory holding the version, version) for ``app/api/v2/endpoints/x.py``."""
    parts = path.split("/")[:-1]
    for index, part in enumerate(parts):
        if _VERSION.match(part):
            return "/".join(parts[:index]), part
    return None


@register
class ApiVersionImportRule(Rule):
    """## What it does
    Reports a module of one API version importing a module of another version of the same
    API (`api/v2/...` importing `api/v1/...`). A version is a directory named `v<number>`;
    both modules must have their version directories under the same parent.

    ## Why is this bad?
    API versions exist so that each can change or be retired on its own. When v2 imports v1,
    deleting or fixing v1 breaks v2, and a change meant for v1 clients silently changes v2.
    Code both versions need belongs below them (services, schemas, core).

    ## Example
    ```python
    # app/api/v2/endpoints/users.py
    from app.api.v1.endpoints.users import read_user
    ```

    ## Use instead
    ```python
    # app/api/v2/endpoints/users.py
    from app.services.users import get_user   # the shared logic lives in services
    ```
    """

    code = "FL103"
    name = "api-version-import"
    severity = Severity.ERROR
    summary = "One API version imports another"
    valid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/api/v1/users.py": "from services import users\n",
                "app/api/v2/users.py": snippet(
                    """
                    from services import users
                    from api.v2 import deps
                    """
                ),
                "app/api/v2/deps.py": "X = 1\n",
                "app/services/users.py": "X = 1\n",
            },
            _CONFIG,
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/api/__init__.py": "",
                "app/api/v1/__init__.py": "",
                "app/api/v1/users.py": "X = 1\n",
                "app/api/v2/__init__.py": "",
                "app/api/v2/users.py": snippet(
                    """
                    from ..v1 import users
                    import api.v1.users as old
                    """
                ),
            },
            _CONFIG,
            expect=(("app/api/v2/users.py", 1), ("app/api/v2/users.py", 2)),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        for module in self.modules(project):
            own = _api_version(module.path)
            if own is None:
                continue
            for statement in _statements(project, module):
                versions = (
                    (_api_version(r.path) if r.is_project and r.path else None, r)
                    for r in statement
                )
                crossing = (
                    (v[1], r) for v, r in versions if v and v[0] == own[0] and v[1] != own[1]
                )
                for other, found in _grouped(crossing).items():
                    yield self._version_finding(module, own[1], other, found)

    def _version_finding(
        self, module: Module, own: str, other: str, found: List[ResolvedImport]
    ) -> Diagnostic:
        resolved = found[0]
        return self.diagnostic(
            module.path,
            resolved.line,
            resolved.column,
            f"API {own} imports API {other} ({_targets(found)}) in {_where(found)}",
            hint="move what both versions share below the API (services, schemas, core)",
            subject=f"{own}->{other}:{resolved.target}",
            related=(resolved.path or "",),
        )


@register
class ForbiddenExternalRule(Rule):
    """## What it does
    Reports an import of an external (or standard-library) package that the importing
    layer must stay free of (`must-not-import-external`): for example `fastapi` or
    `starlette` in services, `sqlalchemy` in schemas. A listed name covers its
    submodules (`sqlalchemy` covers `sqlalchemy.orm`).

    ## Why is this bad?
    A layer that imports the web framework or the ORM is tied to it: business logic that
    raises `HTTPException` cannot run in a Celery task or a CLI, a schema that imports
    SQLAlchemy mixes the API contract with the database model.

    ## Example
    ```python
    # app/services/users.py
    from fastapi import HTTPException

    def get(user_id: int) -> User:
        raise HTTPException(404)
    ```

    ## Use instead
    ```python
    # app/services/users.py
    from app.core.exceptions import NotFound

    def get(user_id: int) -> User:
        raise NotFound("user")   # an exception handler in main.py maps it to 404
    ```
    """

    code = "FL104"
    name = "forbidden-external-import"
    severity = Severity.ERROR
    summary = "Layer imports an external package it must stay free of"
    needs_app_root = True
    valid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/api/users.py": "from fastapi import APIRouter\n",
                "app/services/users.py": snippet(
                    """
                    import fastapi_utils
                    from app_fastapi import x
                    """
                ),
            },
            _CONFIG,
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/services/users.py": snippet(
                    """
                    from fastapi import HTTPException
                    import starlette.status as st

                    def f():
                        from fastapi.responses import JSONResponse
                    """
                ),
            },
            _CONFIG,
            expect=(
                ("app/services/users.py", 1),
                ("app/services/users.py", 2),
                ("app/services/users.py", 5),
            ),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        for module in self.modules(project):
            spec = _layer_spec(project, module.path)
            if spec is None or not spec.must_not_import_external:
                continue
            for statement in _statements(project, module):
                pairs = ((_banned(r, spec.must_not_import_external), r) for r in statement)
                for banned, found in _grouped((b, r) for b, r in pairs if b is not None).items():
                    resolved = found[0]
                    yield self.diagnostic(
                        module.path,
                        resolved.line,
                        resolved.column,
                        f"layer '{spec.name}' must stay free of '{banned}' but imports it in "
                        f"{_where(found)}",
                        hint=f"keep {banned} out of '{spec.name}' (must-not-import-external); move "
                        "this code to a layer that may use it",
                        subject=f"{spec.name}:{resolved.target}",
                    )


def _banned(resolved: ResolvedImport, banned: Tuple[str, ...]) -> Optional[str]:
    if resolved.kind not in ("external", "stdlib"):
        return None
    return next(
        (
            name
            for name in banned
            if resolved.target == name or resolved.target.startswith(name + ".")
        ),
        None,
    )


@register
class UnmappedModuleRule(Rule):
    """## What it does
    Reports a module inside the app root that no layer's `paths` glob matches. The app
    root's own `__init__.py` is exempt; modules outside the app root (project-level tests,
    scripts, docs) are only checked when a layer claims them. Without any layer configured
    (`preset = "none"` and no `[tool.fastlayer.layers]`) the rule is silent.

    ## Why is this bad?
    fastlayer cannot check the imports of a module that belongs to no layer, nor the imports
    into it: it is a blind spot in the architecture. Usually the module belongs in an
    existing layer's directory, or the configuration should name its directory.

    ## Example
    ```
    app/helpers.py      # not matched by any layer glob
    ```

    ## Use instead
    Move the module into a layer (`app/utils/helpers.py`), or map it:
    ```toml
    [tool.fastlayer.layers.utils]
    paths = ["utils/**", "helpers.py"]
    ```
    """

    code = "FL105"
    opinion = True
    name = "module-outside-layers"
    severity = Severity.INFO
    summary = "Module belongs to no layer"
    needs_app_root = True
    valid = (Example({"app/main.py": _MAIN, "app/api/users.py": "X = 1\n"}, _CONFIG),)
    invalid = (
        Example(
            {"app/main.py": _MAIN, "app/helpers.py": "X = 1\n"},
            _CONFIG,
            expect=(("app/helpers.py", 1),),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        layers = project.layers
        if not layers.layers:
            return  # no architecture configured (preset "none", no layers): nothing to map
        for module in self.modules(project):
            place = layers.place(module.path)
            relative = project.app_relative(module.path)
            if place.in_app and place.layer is None and relative != "__init__.py":
                yield self.diagnostic(
                    module.path,
                    1,
                    1,
                    f"module '{relative}' belongs to no layer of preset "
                    f"'{project.config.preset.name}'",
                    hint="move it into a layer's directory or add its path to a layer's `paths` in "
                    "[tool.fastlayer.layers.NAME]",
                    subject=relative or module.path,
                )


@register
class CrossDomainImportRule(Rule):
    """## What it does
    In a domain-sliced project (a preset or configuration with a `[domains]` table, such as
    `fastapi-domain`), reports a module of one domain importing a *private* module of another
    domain: a module whose layer (file role) is not listed in `[domains] public`, nor its name
    under the domain (`public = ["flows"]` opens `auth/flows.py` and `auth/flows/`; `init` lists
    the module names the project's domains already import from each other). With the
    `fastapi-domain` preset the public roles are `service`, `schemas`, `constants`,
    `exceptions` and `dependencies`; a domain's `router`, `models`, `config`, `utils` and
    other internal modules are private. A domain package's own `__init__.py` counts as public.
    Modules outside every domain (shared packages, `main.py`, router aggregators) are not
    checked by this rule.

    ## Why is this bad?
    Domain packages stay replaceable only when they talk to each other through a small,
    deliberate surface. Reaching into another domain's router, ORM models or helpers couples
    the two internals: renaming a private module of `auth` breaks `posts`. fastapi-best-practices:
    "If a package requires services or dependencies or constants from other packages - import
    them with an explicit module name".

    ## Example
    ```python
    # src/posts/service.py
    from src.auth.utils import decode_token        # auth/utils.py is private to auth
    ```

    ## Use instead
    ```python
    # src/posts/service.py
    from src.auth import service as auth_service   # the auth domain's public service
    ```
    """

    code = "FL109"
    opinion = True
    name = "cross-domain-private-import"
    severity = Severity.ERROR
    summary = "One domain imports another domain's private module"
    needs_app_root = True
    valid = (
        Example(
            {
                "src/__init__.py": "",
                "src/main.py": _MAIN + "from src.auth import router\n",
                "src/auth/router.py": "from src.posts import service\n",
                "src/auth/utils.py": "X = 1\n",
                "src/posts/service.py": "from src.auth.utils import X\n",
            },
            snippet(
                """
                root = "src"
                preset = "fastapi-domain"
                [tool.fastlayer.domains]
                public = ["service", "utils"]
                """
            ),
        ),
        Example(
            {
                "src/__init__.py": "",
                "src/main.py": _MAIN + "from src.auth import router\n",
                "src/auth/router.py": "from src.posts import service\n",
                "src/auth/scope.py": "X = 1\n",
                "src/auth/flows/__init__.py": "Y = 1\n",
                "src/posts/service.py": "from src.auth.scope import X\nfrom src.auth.flows import Y\n",
            },
            snippet(
                """
                root = "src"
                preset = "fastapi-domain"
                [tool.fastlayer.domains]
                public = ["service", "scope", "flows"]
                """
            ),
        ),
    )
    invalid = (
        Example(
            {
                "src/main.py": _MAIN,
                "src/auth/utils.py": "X = 1\n",
                "src/auth/models.py": "Y = 1\n",
                "src/posts/service.py": snippet(
                    """
                    from src.auth.utils import X
                    from ..auth import models
                    """
                ),
                "src/__init__.py": "",
                "src/posts/__init__.py": "",
                "src/auth/__init__.py": "",
            },
            snippet(
                """
                root = "src"
                preset = "fastapi-domain"
                """
            ),
            expect=(("src/posts/service.py", 1), ("src/posts/service.py", 2)),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        domains = project.config.preset.domains
        if domains is None or not domains.paths:
            return
        public = set(domains.public)
        for module in self.modules(project):
            own = project.layers.place(module.path).domain
            if own is None:
                continue
            for statement in _statements(project, module):
                pairs = ((self._private(project, r, public), r) for r in statement)
                private = ((p, r) for p, r in pairs if p is not None and p.split(":")[0] != own)
                for key, found in _grouped(private).items():
                    yield self._finding(module.path, own, key, found, public)

    def _finding(
        self, path: str, own: str, key: str, found: List[ResolvedImport], public: Set[str]
    ) -> Diagnostic:
        domain, role = key.split(":")
        shown = ", ".join(sorted(public)) or "none"
        resolved = found[0]
        return self.diagnostic(
            path,
            resolved.line,
            resolved.column,
            f"domain '{own}' imports '{_targets(found)}', a private '{role}' module of domain "
            f"'{domain}', "
            f"in {_where(found)}; public roles: {shown}",
            hint=f"go through the public modules of '{domain}' ({shown}), or add \"{role}\" to "
            "[tool.fastlayer.domains] public",
            subject=f"{own}->{resolved.target}",
            related=(resolved.path or "",),
        )

    def _private(
        self, project: ProjectModel, resolved: ResolvedImport, public: Set[str]
    ) -> Optional[str]:
        """``domain:role`` of a private module of some domain that ``resolved`` imports, else
        None."""
        if not resolved.is_project or not resolved.path:
            return None
        place = project.layers.place(resolved.path)
        relative = project.app_relative(resolved.path) or ""
        if (
            place.domain is None
            or relative == f"{place.domain}/__init__.py"
            or place.layer in public
            or domain_member(relative, place.domain) in public
        ):
            return None
        return f"{place.domain}:{place.layer or 'unmapped'}"


__all__: List[str] = []
