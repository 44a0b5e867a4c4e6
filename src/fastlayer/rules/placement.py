"""FL3xx: each kind of code lives where the preset's ``[placement]`` says.

The detectors (``model/detectors.py``) decide what a route, a schema, an ORM
model... is; the preset decides where each kind may live (globs relative to the
app root). Code outside the app root (tests beside it, scripts) is not checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Iterator, Tuple

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.files.globs import matches_any_module
from fastlayer.model.detectors import Detection, DetectionKind, Route, is_docs_path
from fastlayer.model.layout import is_migration, misplaced_endpoint_module
from fastlayer.rules.base import Example, Rule, register, snippet

if TYPE_CHECKING:
    from fastlayer.model.project import ProjectModel

_MAIN = snippet(
    """
    from fastapi import FastAPI

    app = FastAPI()
    """
)


class PlacementRule(Rule):
    """Base: report every detection of ``kind`` whose app-relative path matches none of its
    globs."""

    kind: ClassVar[DetectionKind]
    what: ClassVar[str]
    severity = Severity.WARNING
    needs_app_root = True  # placement globs are relative to the app root

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        globs = project.config.preset.placement_for(self.kind)
        if not globs or project.app_root is None:
            return
        for item in project.detections.of_kind(self.kind):
            relative = project.app_relative(item.path)
            module = project.modules.get(item.path)
            if (
                relative is not None
                and not matches_any_module(relative, globs)
                and not self.skip(project, relative)
                and not (module is not None and is_migration(module))  # a snapshot of the past
                and not self.skip_item(project, item)
            ):
                yield self._report(item, globs)

    def skip(self, project: ProjectModel, relative: str) -> bool:
        return False

    def skip_item(self, project: ProjectModel, item: Detection) -> bool:
        return False

    def _report(self, item: Detection, globs: Tuple[str, ...]) -> Diagnostic:
        where = ", ".join(globs)
        return self.diagnostic(
            item.path,
            item.line,
            item.column,
            f"{self.what} `{item.name}` is outside its place ({where})",
            hint=f"move it, or allow this path under [tool.fastlayer.placement] {self.kind}",
            subject=item.name,
        )


@register
class RouteOutsideEndpoints(PlacementRule):
    """## What it does
    Reports a route (a function decorated with `@router.get/.post/.put/.patch/.delete/
    .api_route/.websocket` on an `APIRouter` or `FastAPI` object, the same decorator
    applied by hand (`app.get("/x")(handler)`), an `add_api_route` call, or a
    `Route`/`APIRoute` in a `routes=[...]` list of `Starlette()`/`FastAPI()`/`APIRouter()`,
    reported at the handler's definition when fastlayer can follow it, else not at all)
    outside the places `[placement] route` allows: `api/**/endpoints/**` and
    `main.py` in the default preset. The decorated object is followed to the
    `APIRouter()`/`FastAPI()` call that created it, through imports; an object
    fastlayer cannot follow is not a route. Routes in modules under `api/` are
    reported once per module by FL204 instead. The docs routes, routes kept out of the
    schema, and the routes a secondary FastAPI app declares in the module that creates it
    (a worker's own health-check `FastAPI()`, not the application the project runs; see
    `apps`) are not reported.

    ## Why is this bad?
    "endpoints/: Route handlers": routes scattered over services or utils make the
    HTTP surface impossible to review in one place and pull HTTP into the business layer.

    ## Example
    ```python
    # app/services/users.py
    @router.get("/users")
    def list_users(): ...
    ```

    ## Use instead
    ```python
    # app/api/v1/endpoints/users.py
    @router.get("/users")
    def list_users(): ...
    ```
    """

    code = "FL301"
    opinion = True
    name = "route-outside-endpoints"
    summary = "Route defined outside api/**/endpoints/"
    kind = "route"

    def skip_item(self, project: ProjectModel, item: Detection) -> bool:
        """The docs routes and routes kept out of the schema belong to the app, not to the API;
        so do the routes a secondary app (a worker's own health-check app) declares in the module
        that creates it."""
        return any(
            route.path == item.path
            and route.line == item.line
            and (
                not route.in_schema
                or is_docs_path(route.route_path or "")
                or _own_route_of_secondary_app(project, route)
            )
            for route in project.detections.routes
        )

    what = "route"
    valid = (
        Example(
            {
                "app/main.py": _MAIN
                + snippet(
                    """

                    @app.get('/health')
                    def health():
                        return {}
                    """
                ),
                "app/api/v1/endpoints/users.py": snippet(
                    """
                    from fastapi import APIRouter
                    router = APIRouter()
                    @router.get('/')
                    def users():
                        return []
                    """
                ),
                "app/services/users.py": snippet(
                    """
                    from somewhere import registry
                    @registry.get('x')
                    def not_a_route():
                        pass
                    """
                ),
                "app/worker/health.py": snippet(
                    """
                    from fastapi import FastAPI
                    probe = FastAPI()
                    @probe.get('/health')
                    def health():
                        return {}
                    """
                ),
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/api/v1/router.py": snippet(
                    """
                    from fastapi import APIRouter
                    api_router = APIRouter()
                    """
                ),
                "app/services/users.py": snippet(
                    """
                    from api.v1.router import api_router

                    @api_router.get('/users')
                    def users():
                        return []
                    """
                ),
                "app/services/hooks.py": snippet(
                    """
                    from starlette.applications import Starlette
                    from starlette.routing import Route
                    from api.v1.router import api_router

                    def hook():
                        pass

                    def admin_page():
                        pass

                    api_router.post('/hook')(hook)
                    admin = Starlette(routes=[Route('/admin', admin_page)])
                    """
                ),
            },
            expect=(
                ("app/services/hooks.py", 5),
                ("app/services/hooks.py", 8),
                ("app/services/users.py", 4),
            ),
        ),
    )

    def skip(self, project: ProjectModel, relative: str) -> bool:
        return misplaced_endpoint_module(project, relative)


def _own_route_of_secondary_app(project: ProjectModel, route: Route) -> bool:
    """A route on an app created in the same module, where that module's ``FastAPI()`` is not an
    application the project runs (not chosen, not named in ``apps``): the small app's own route."""
    owner = route.owner
    return owner.kind == "app" and owner.path == route.path and owner.path in project.secondary_apps


@register
class SchemaOutsideModels(PlacementRule):
    """## What it does
    Reports a Pydantic model (a class deriving from `pydantic.BaseModel`, directly or
    through project base classes in other modules, or a `SQLModel` without
    `table=True`) outside `[placement] pydantic-schema`: `models/schemas/`,
    `models/domain/` (and shared `models/*.py`, nested settings groups in `config/`)
    in the default preset. Settings classes and ORM models are other kinds.

    ## Why is this bad?
    "schemas/: Pydantic schemas for request/response": request and response shapes
    defined inside endpoints or services are duplicated, drift apart and cannot be
    shared between the API and its clients.

    ## Example
    ```python
    # app/api/v1/endpoints/users.py
    class UserCreate(BaseModel):
        email: str
    ```

    ## Use instead
    ```python
    # app/models/schemas/user.py
    class UserCreate(BaseModel):
        email: str
    ```
    """

    code = "FL302"
    opinion = True
    name = "schema-outside-models"
    summary = "Pydantic schema defined outside models/schemas/"
    kind = "pydantic-schema"
    what = "Pydantic schema"
    valid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/models/schemas/base.py": snippet(
                    """
                    from pydantic import BaseModel
                    class UserBase(BaseModel):
                        email: str
                    """
                ),
                "app/models/schemas/user.py": snippet(
                    """
                    from .base import UserBase
                    class UserCreate(UserBase):
                        password: str
                    """
                ),
                "app/services/users.py": snippet(
                    """
                    from dataclasses import dataclass
                    @dataclass
                    class Plain:
                        x: int
                    """
                ),
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/models/schemas/base.py": snippet(
                    """
                    from pydantic import BaseModel
                    class UserBase(BaseModel):
                        email: str
                    """
                ),
                "app/api/v1/endpoints/users.py": snippet(
                    """
                    from models.schemas.base import UserBase

                    class UserCreate(UserBase):
                        password: str
                    """
                ),
            },
            expect=(("app/api/v1/endpoints/users.py", 3),),
        ),
    )


@register
class OrmModelOutsideDatabase(PlacementRule):
    """## What it does
    Reports an ORM model outside `[placement] orm-model` (`models/database/` and shared
    `models/*.py` in the default preset): a SQLAlchemy mapped class (subclass of a
    `DeclarativeBase` subclass, of a `declarative_base()` result or of an
    `@as_declarative` class; abstract classes and the declarative base itself are
    not models), a `SQLModel` class with `table=True`, or a Tortoise model.

    ## Why is this bad?
    "database/: ORM models" and "Separate concerns between API and database models":
    tables defined next to endpoints or services leak persistence into every layer
    and hide the schema from the migrations.

    ## Example
    ```python
    # app/services/users.py
    class User(Base):
        __tablename__ = "users"
    ```

    ## Use instead
    ```python
    # app/models/database/models.py
    class User(Base):
        __tablename__ = "users"
    ```
    """

    code = "FL303"
    opinion = True
    name = "orm-model-outside-database"
    summary = "ORM model defined outside models/database/"
    kind = "orm-model"
    what = "ORM model"
    valid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/models/database/base.py": snippet(
                    """
                    from sqlalchemy.orm import DeclarativeBase
                    class Base(DeclarativeBase):
                        pass
                    """
                ),
                "app/models/database/user.py": snippet(
                    """
                    from .base import Base
                    class User(Base):
                        __tablename__ = 'users'
                    """
                ),
                "app/core/db.py": snippet(
                    """
                    from sqlalchemy.orm import DeclarativeBase
                    class Base(DeclarativeBase):
                        pass
                    """
                ),
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/core/db.py": snippet(
                    """
                    from sqlalchemy.orm import declarative_base
                    Base = declarative_base()
                    """
                ),
                "app/services/users.py": snippet(
                    """
                    from core.db import Base

                    class User(Base):
                        __tablename__ = 'users'
                    """
                ),
            },
            expect=(("app/services/users.py", 3),),
        ),
        Example(
            {
                "app/main.py": _MAIN,
                "app/models/schemas/user.py": snippet(
                    """
                    from sqlmodel import SQLModel

                    class UserBase(SQLModel):
                        name: str

                    class User(UserBase, table=True):
                        id: int
                    """
                ),
            },
            expect=(("app/models/schemas/user.py", 6),),
        ),
    )


@register
class SettingsOutsideConfig(PlacementRule):
    """## What it does
    Reports a settings class (deriving from `pydantic_settings.BaseSettings` or pydantic
    v1 `pydantic.BaseSettings`) outside `[placement] settings-class` (`config/`).

    ## Why is this bad?
    "Centralize all configuration management": settings classes spread over the code
    base read the environment in several places with several defaults, and nobody can
    say which value production runs with.

    ## Example
    ```python
    # app/services/mailer.py
    class MailSettings(BaseSettings):
        SMTP_HOST: str
    ```

    ## Use instead
    ```python
    # app/config/settings.py
    class Settings(BaseSettings):
        SMTP_HOST: str
    ```
    """

    code = "FL304"
    opinion = True
    name = "settings-outside-config"
    summary = "Settings class defined outside config/"
    kind = "settings-class"
    what = "settings class"
    valid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/config/settings.py": snippet(
                    """
                    from pydantic_settings import BaseSettings
                    class Settings(BaseSettings):
                        DEBUG: bool = False
                    """
                ),
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/services/mailer.py": snippet(
                    """
                    from pydantic_settings import BaseSettings

                    class MailSettings(BaseSettings):
                        SMTP_HOST: str
                    """
                ),
            },
            expect=(("app/services/mailer.py", 3),),
        ),
    )


@register
class TaskOutsideTasks(PlacementRule):
    """## What it does
    Reports a Celery task (`@shared_task`, `@celery_app.task` where `celery_app` is
    followed to a `Celery()` call) outside `[placement] celery-task` (`tasks/`).

    ## Why is this bad?
    "Background job definitions" and "Celery task configurations" belong in `tasks/`:
    a task hidden in a service module is found by the worker only through import side
    effects, and the module imports the Celery app into the business layer.

    ## Example
    ```python
    # app/services/mail.py
    @shared_task
    def send_welcome_email(address): ...
    ```

    ## Use instead
    ```python
    # app/tasks/mail.py
    @shared_task
    def send_welcome_email(address): ...
    ```
    """

    code = "FL305"
    opinion = True
    name = "task-outside-tasks"
    summary = "Celery task defined outside tasks/"
    kind = "celery-task"
    what = "Celery task"
    valid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/tasks/worker.py": snippet(
                    """
                    from celery import Celery
                    celery_app = Celery('w')
                    """
                ),
                "app/tasks/mail.py": snippet(
                    """
                    from .worker import celery_app
                    @celery_app.task
                    def send(address):
                        pass
                    """
                ),
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/tasks/worker.py": snippet(
                    """
                    from celery import Celery
                    celery_app = Celery('w')
                    """
                ),
                "app/services/mail.py": snippet(
                    """
                    from celery import shared_task
                    from tasks.worker import celery_app

                    @shared_task
                    def a():
                        pass

                    @celery_app.task(bind=True)
                    def b(self):
                        pass
                    """
                ),
            },
            expect=(("app/services/mail.py", 5), ("app/services/mail.py", 9)),
        ),
    )


@register
class AppOutsideMain(PlacementRule):
    """## What it does
    Reports a `FastAPI()` call (or a call of a project subclass of `FastAPI`) outside
    `[placement] fastapi-app` (`main.py`).

    ## Why is this bad?
    "main.py: Application entry point": an application created elsewhere is a second
    app with its own middleware, CORS and exception handlers, which production may or
    may not serve.

    ## Example
    ```python
    # app/api/v1/router.py
    app = FastAPI()
    ```

    ## Use instead
    ```python
    # app/main.py
    app = FastAPI(lifespan=lifespan)
    ```
    """

    code = "FL306"
    opinion = True
    name = "app-outside-main"
    summary = "FastAPI() created outside main.py"
    kind = "fastapi-app"
    what = "application"
    valid = (Example({"app/main.py": _MAIN}),)
    invalid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/api/admin.py": snippet(
                    """
                    import fastapi

                    admin = fastapi.FastAPI()
                    """
                ),
            },
            expect=(("app/api/admin.py", 3),),
        ),
    )


@register
class EnvReadOutsideConfig(PlacementRule):
    """## What it does
    Reports `os.getenv(...)`, `os.environ.get(...)` and `os.environ[...]` outside
    `[placement] env-read` (`config/`), in modules that import `os`.

    ## Why is this bad?
    Config owns "Environment variable management": an environment read buried in a
    service bypasses validation, defaults and `.env` files, and is invisible when
    someone reviews what the deployment must set.

    ## Example
    ```python
    # app/services/payments.py
    API_KEY = os.getenv("STRIPE_KEY")
    ```

    ## Use instead
    ```python
    # app/config/settings.py
    class Settings(BaseSettings):
        STRIPE_KEY: SecretStr
    ```
    """

    code = "FL307"
    opinion = True
    name = "env-read-outside-config"
    summary = "Environment variable read outside config/"
    kind = "env-read"
    what = "environment read"
    valid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/config/settings.py": snippet(
                    """
                    import os
                    DEBUG = os.getenv('DEBUG', '0')
                    """
                ),
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/services/payments.py": snippet(
                    """
                    import os

                    API_KEY = os.getenv('STRIPE_KEY')
                    REGION = os.environ['REGION']
                    """
                ),
            },
            expect=(("app/services/payments.py", 3), ("app/services/payments.py", 4)),
        ),
    )


@register
class ExceptionOutsideCore(PlacementRule):
    """## What it does
    Reports an exception class (deriving, anywhere up the chain, from `Exception`,
    `BaseException`, a built-in exception, `HTTPException`, or an external class named
    `...Error`/`...Exception`) outside `[placement] exception-class` (`core/exceptions.py`).

    ## Why is this bad?
    "exceptions.py: Custom exception definitions": one module of application errors is
    what the exception handlers registered in `main.py` map to HTTP responses; errors
    defined ad hoc elsewhere escape that mapping and surface as 500s.

    ## Example
    ```python
    # app/services/users.py
    class UserNotFound(Exception): ...
    ```

    ## Use instead
    ```python
    # app/core/exceptions.py
    class UserNotFound(AppError): ...
    ```
    """

    code = "FL308"
    opinion = True
    name = "exception-outside-core"
    summary = "Exception class defined outside core/exceptions.py"
    kind = "exception-class"
    what = "exception class"
    valid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/core/exceptions.py": snippet(
                    """
                    class AppError(Exception):
                        pass
                    """
                ),
                "app/services/users.py": snippet(
                    """
                    class Helper:
                        pass
                    """
                ),
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/main.py": _MAIN,
                "app/core/exceptions.py": snippet(
                    """
                    class AppError(Exception):
                        pass
                    """
                ),
                "app/services/users.py": snippet(
                    """
                    from core.exceptions import AppError

                    class UserNotFound(AppError):
                        pass
                    """
                ),
            },
            expect=(("app/services/users.py", 3),),
        ),
    )
