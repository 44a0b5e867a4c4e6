"""FL2xx: the directory tree of the app root, as the preset's ``[structure]`` describes it.

Findings about a path that is missing are reported at the directory that should
hold it (``app/:1:1``), with the missing path in the message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Iterator, List, Optional, Tuple

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.facts.types import FileFacts
from fastlayer.model.detectors import Detection
from fastlayer.model.layout import (
    directories,
    exists,
    has_python,
    is_migration,
    is_test_path,
    misplaced_endpoint_module,
    shown_dir,
    version_pattern,
)
from fastlayer.model.perfile import per_file
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
_LAYERED = {
    f"app/{d}/__init__.py": "" for d in ("config", "models", "services", "api", "core", "utils")
}
_KIND_NAMES = {
    "celery-task": "Celery task",
    "orm-model": "ORM model",
    "route": "route",
    "pydantic-schema": "Pydantic schema",
}


def _parent(relative: str) -> str:
    return relative.rstrip("/").rpartition("/")[0]


def _what(relative: str) -> str:
    return "directory" if relative.endswith("/") else "file"


class StructureRule(Rule):
    severity = Severity.WARNING
    needs_app_root = (
        True  # every path is relative to the app root: without one, nothing could be checked
    )

    def missing(
        self, project: ProjectModel, relative: str, why: str = "", cause: Tuple[str, ...] = ()
    ) -> Diagnostic:
        """``cause``: the files that make the path required (reported when one of them is
        checked)."""
        shown = project.app_path(relative)
        message = f"{self.label} {_what(relative)} `{shown}` is missing{why}"
        return self.diagnostic(
            shown_dir(project, _parent(relative)), 1, 1, message, subject=shown, related=cause
        )

    label = "required"


@register
class RequiredPathMissing(StructureRule):
    """## What it does
    Reports a directory or file that `[structure] required` lists and the app root
    lacks (`config/`, `models/`, `services/`, `api/`, `core/`, `utils/`, `main.py` in
    the default preset), and one that `required-when` makes required because the code
    needs it: Celery tasks exist -> `tasks/`; ORM models exist -> `alembic/`. A
    directory of that name elsewhere in the project satisfies `required-when`, and any
    migration environment (a `migrations/` directory, a module importing
    `alembic.context`) satisfies `alembic/`. A required path is also satisfied when
    the layer it stands for (the layer whose `paths` name it, e.g. `services/**` for
    `services/`) has modules elsewhere: `crud.py` added to the services layer,
    `core/config.py` to config, `app.py` in the main layer. The finding is reported
    at the directory that should hold the missing path.

    ## Why is this bad?
    The layout is the map of the code base: "Generic File Structure Template". A
    missing layer directory means its code lives somewhere else, and ORM models without
    migrations mean the database schema is changed by hand.

    ## Example
    ```text
    app/
      main.py
      api/  services/  models/
    ```

    ## Use instead
    ```text
    app/
      main.py
      api/  services/  models/  config/  core/  utils/
    ```
    """

    code = "FL201"
    opinion = True
    name = "required-path-missing"
    summary = "Required directory or file missing"
    valid = (Example({"app/main.py": _MAIN, **_LAYERED}),)
    invalid = (
        Example(
            {"app/main.py": _MAIN, "app/api/__init__.py": "", "app/services/__init__.py": ""},
            config=snippet(
                """
                [tool.fastlayer.structure]
                required = ["api/", "config/", "main.py"]
                """
            ),
            expect=(("app/", 1),),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        if project.app_root is None:
            return
        structure = project.config.preset.structure
        for relative in structure.required:
            if not exists(project, relative) and not _layer_elsewhere(project, relative):
                yield self.missing(project, relative)
        found = project.detections
        for relative, kind in structure.required_when:
            example = _first_in_app(project, found.of_kind(kind))
            if (
                example is not None
                and not exists(project, relative)
                and not _elsewhere(project, relative)
            ):
                what = _KIND_NAMES.get(kind, kind)
                why = f": {what} `{example.name}` at {example.path}:{example.line} needs it"
                yield self.missing(project, relative, why, cause=(example.path,))


def _layer_elsewhere(project: ProjectModel, relative: str) -> bool:
    """The layer that the required path stands for (the layer whose globs name it: ``services/``
    -> ``services/**``, ``main.py`` -> ``main.py``) has modules at other paths the configuration
    gives it (``crud.py`` in services, ``core/config.py`` in config, ``app.py`` in main)."""
    glob = f"{relative.rstrip('/')}/**" if relative.endswith("/") else relative
    names = {layer.name for layer in project.config.preset.layers if glob in layer.paths}
    if not names:
        return False
    app_modules = (path for path in project.modules if project.app_relative(path) is not None)
    return any(project.layers.layer_of(path) in names for path in app_modules)


def _first_in_app(project: ProjectModel, items: List[Detection]) -> Optional[Detection]:
    for item in items:
        if project.app_relative(item.path) is not None and not is_test_path(item.path):
            return item
    return None


def _elsewhere(project: ProjectModel, relative: str) -> bool:
    """A directory of that name anywhere in the project satisfies the requirement; for
    ``alembic/`` also any migration environment (a ``migrations/`` directory, as Alembic
    and aerich name it, or a module importing ``alembic.context``)."""
    name = relative.rstrip("/").rsplit("/", 1)[-1]
    names = {name, "migrations"} if name == "alembic" else {name}
    if any(path.rsplit("/", 1)[-1] in names for path in project.discovered.directories):
        return True
    return name == "alembic" and any(_binds_alembic_context(m.facts) for m in project.parsed())


@per_file
def _binds_alembic_context(facts: FileFacts) -> bool:
    return "alembic.context" in facts.bindings.values()


@register
class PackageWithoutInit(StructureRule):
    """## What it does
    Reports a directory that `[structure] packages` lists (globs such as `api/v*/`),
    exists and holds Python code, but has no `__init__.py`.

    ## Why is this bad?
    Every package of the template carries an `__init__.py`. Without it the directory
    is a namespace package: tools such as mypy, pytest and import-linter skip or
    misname its modules, and two directories of the same name silently merge.

    ## Example
    ```text
    app/services/user_service.py      # no app/services/__init__.py
    ```

    ## Use instead
    ```text
    app/services/__init__.py
    app/services/user_service.py
    ```
    """

    code = "FL202"
    opinion = True
    name = "package-without-init"
    summary = "Package directory without __init__.py"
    valid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/services/__init__.py": "",
                "app/services/users.py": "X = 1\n",
                "app/scripts/seed.py": "X = 1\n",
            }
        ),
    )
    invalid = (
        Example(
            {"app/main.py": _MAIN, "app/services/users.py": "X = 1\n"},
            expect=(("app/services/", 1),),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        if project.app_root is None:
            return
        seen = set()
        for pattern in project.config.preset.structure.packages:
            for relative in directories(project, pattern):
                path = project.app_path(relative)
                if (
                    path in seen
                    or not has_python(project, path)
                    or exists(project, f"{relative}/__init__.py")
                ):
                    continue
                seen.add(path)
                yield self.diagnostic(
                    f"{path}/",
                    1,
                    1,
                    f"package directory `{path}/` has no __init__.py",
                    subject=path,
                )


@register
class UnexpectedTopLevelDirectory(StructureRule):
    """## What it does
    Reports a directory holding Python code directly under the app root that
    `[structure] allowed-top-level` does not list (no check when the list is empty).
    Directories without Python files (templates, static assets) are not reported.

    ## Why is this bad?
    Every top-level directory of the template has one documented responsibility. An
    extra one (`helpers/`, `lib/`, `db/`) is usually a layer under another name, and
    the layer rules cannot place its modules.

    ## Example
    ```text
    app/helpers/dates.py
    ```

    ## Use instead
    ```text
    app/utils/dates.py          # or list "helpers" in [structure] allowed-top-level
    ```
    """

    code = "FL203"
    opinion = True
    name = "unexpected-top-level-directory"
    severity = Severity.INFO
    summary = "Unexpected directory at the top of the app root"
    valid = (
        Example(
            {"app/main.py": _MAIN, "app/utils/dates.py": "X = 1\n", "app/static/site.css": "a {}\n"}
        ),
    )
    invalid = (
        Example(
            {"app/main.py": _MAIN, "app/helpers/dates.py": "X = 1\n"}, expect=(("app/helpers/", 1),)
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        allowed = {name.strip("/") for name in project.config.preset.structure.allowed_top_level}
        if project.app_root is None or not allowed:
            return
        for relative in directories(project, "*"):
            path = project.app_path(relative)
            if relative not in allowed and has_python(project, path):
                yield self.diagnostic(
                    f"{path}/",
                    1,
                    1,
                    f"unexpected directory `{path}/` at the top of the app root",
                    hint="move its modules into a layer, or list it in [tool.fastlayer.structure] "
                    "allowed-top-level",
                    subject=path,
                )


def _endpoints_hint(project: ProjectModel, relative: str) -> str:
    """Both keys, with the exact values to write: an endpoints-pattern alone would turn every route
    there into FL301, and a placement list replaces the preset's (issue 15 #8)."""
    here = relative.rsplit("/", 1)[0] + "/**" if "/" in relative else relative
    routes = [here, *(project.config.preset.placement_for("route") or ())]
    shown = ", ".join(f'"{glob}"' for glob in dict.fromkeys(routes))
    return (
        f"move the module under {project.config.preset.app.endpoints_pattern}; or, if your "
        "endpoint modules "
        f'live in {here}, set endpoints-pattern = "{here}" under [tool.fastlayer.app] and route = '
        f"[{shown}] "
        f"under [tool.fastlayer.placement] (a route outside placement.route is FL301)"
    )


@register
class EndpointModuleMisplaced(StructureRule):
    """## What it does
    Reports a module under the API package (`api/` for the default
    `endpoints-pattern = "api/v*/endpoints/**"`) that defines routes but does not match
    `[app] endpoints-pattern`, once per module at its first route; and an API version
    directory (`api/v1/`, the part of the pattern up to its first wildcard) without a
    `router.py`.

    ## Why is this bad?
    "v1/: Version 1 of the API", "endpoints/: Route handlers", "router.py: Router
    configuration": with every endpoint module in its version's `endpoints/` and one
    router per version, adding `v2` is a copy, not an archaeology project.

    ## Example
    ```text
    app/api/users.py            # @router.get(...) directly under api/
    app/api/v1/endpoints/items.py   # and no app/api/v1/router.py
    ```

    ## Use instead
    ```text
    app/api/v1/router.py
    app/api/v1/endpoints/users.py
    app/api/v1/endpoints/items.py
    ```
    """

    code = "FL204"
    opinion = True
    name = "endpoint-module-misplaced"
    summary = "Endpoint module outside api/vN/endpoints/, or API version without router.py"
    _ROUTES = snippet(
        """
        from fastapi import APIRouter
        router = APIRouter()

        @router.get('/')
        def index():
            return []
        """
    )
    valid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/api/v1/router.py": "X = 1\n",
                "app/api/v1/endpoints/users.py": _ROUTES,
                "app/api/dependencies.py": "X = 1\n",
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/api/users.py": _ROUTES,
                "app/api/v2/endpoints/items.py": _ROUTES,
            },
            expect=(("app/api/users.py", 5), ("app/api/v2/", 1)),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        if project.app_root is None:
            return
        yield from self._modules(project)
        pattern = version_pattern(project.config.preset.app.endpoints_pattern)
        for relative in directories(project, pattern) if pattern else ():
            path = project.app_path(relative)
            if has_python(project, path) and not exists(project, f"{relative}/router.py"):
                yield self.diagnostic(
                    f"{path}/", 1, 1, f"API version `{path}/` has no router.py", subject=path
                )

    def _modules(self, project: ProjectModel) -> Iterator[Diagnostic]:
        first: Dict[str, Detection] = {}
        for item in project.detections.of_kind("route"):
            first.setdefault(item.path, item)
        pattern = project.config.preset.app.endpoints_pattern
        for path, item in sorted(first.items()):
            relative = project.app_relative(path)
            if relative is not None and misplaced_endpoint_module(project, relative):
                yield self.diagnostic(
                    path,
                    item.line,
                    item.column,
                    f"endpoint module is outside {pattern} (route `{item.name}`)",
                    subject=path,
                    hint=_endpoints_hint(project, relative),
                )


@register
class IncompleteTestsOrMigrations(StructureRule):
    """## What it does
    Reports, when `tests/` exists, a missing `[structure] tests-required` path
    (`tests/conftest.py`); when `alembic/` exists, a missing `alembic-required` path
    (`alembic/env.py`, `alembic/versions/`); and, anywhere in the project, an Alembic
    migration (a module with `revision`/`down_revision` that imports `alembic`) whose
    `downgrade()` is missing or only `pass`/`...`.

    ## Why is this bad?
    "conftest.py: Test configuration and fixtures", "env.py: Alembic configuration",
    "versions/: Migration versions" and "Include rollback procedures": a migration
    that cannot be rolled back turns a bad deploy into a restore from backup.

    ## Example
    ```python
    def downgrade() -> None:
        pass
    ```

    ## Use instead
    ```python
    def downgrade() -> None:
        op.drop_table("users")
    ```
    """

    code = "FL205"
    opinion = True
    name = "incomplete-tests-or-migrations"
    summary = "Tests or Alembic layout incomplete, or migration without downgrade"
    label = "expected"
    _MIGRATION = snippet(
        """
        from alembic import op
        revision = '2'
        down_revision = '1'

        def upgrade():
            op.drop_table('x')

        """
    )
    valid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/tests/conftest.py": "X = 1\n",
                "app/alembic/env.py": "X = 1\n",
                "app/alembic/versions/0002.py": _MIGRATION
                + snippet(
                    """
                    def downgrade():
                        op.create_table('x')
                    """
                ),
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/tests/test_x.py": "X = 1\n",
                "app/alembic/versions/0002.py": _MIGRATION
                + snippet(
                    """
                    def downgrade():
                        pass
                    """
                ),
            },
            expect=(("app/tests/", 1), ("app/alembic/", 1), ("app/alembic/versions/0002.py", 8)),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        if project.app_root is not None:
            structure = project.config.preset.structure
            for relative in (*structure.tests_required, *structure.alembic_required):
                top = relative.split("/", 1)[0] + "/"
                if exists(project, top) and not exists(project, relative):
                    yield self.missing(project, relative)
        for module in self.modules(project):
            if is_migration(module):
                yield from self._downgrade(module)

    def _downgrade(self, module: Module) -> Iterator[Diagnostic]:
        found = module.function("downgrade", methods=False)
        if found is None:
            yield self.diagnostic(
                module.path, 1, 1, "migration has no downgrade() (include rollback procedures)"
            )
        elif found.trivial_body:
            yield self.diagnostic(
                module.path,
                found.line,
                found.column,
                "migration downgrade() does nothing (include rollback procedures)",
            )
