"""Write a synthetic FastAPI project in the documented layered layout.

    python benchmarks/generate.py OUT_DIR --modules 1000

The tree follows fixtures/layered-clean (flat layout, app root ``app/``):
config/, models/{domain,schemas,database}/, services/, api/v1|v2/endpoints/,
core/, utils/, tasks/, main.py. Every "entity" gets one module per layer and
they import each other along the allowed directions, plus shared core/utils
helpers. A few deliberate violations (services -> api, core -> services,
config -> services) give both linters something to report. One settings class
and one CORSMiddleware setup are included. Deterministic for a given size.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path
from typing import Dict, List

PER_ENTITY = (
    "api/{v}/endpoints/{e}.py",
    "services/{e}_service.py",
    "models/schemas/{e}.py",
    "models/database/{e}.py",
    "models/domain/{e}.py",
    "tasks/{e}_tasks.py",
)
SHARED = 40  # core/utils helper modules, whatever the size
VIOLATIONS = 5


def entity_name(index: int) -> str:
    words = (
        "user",
        "order",
        "invoice",
        "item",
        "report",
        "team",
        "project",
        "ticket",
        "payment",
        "audit",
    )
    return f"{words[index % len(words)]}{index}"


def generate(out: Path, modules: int, seed: int = 7) -> Dict[str, str]:
    rng = random.Random(seed)
    entities = max(1, (modules - SHARED - 12) // len(PER_ENTITY))
    names = [entity_name(i) for i in range(entities)]
    helpers = [f"core/helper{i}.py" if i % 2 else f"utils/helper{i}.py" for i in range(SHARED)]
    files: Dict[str, str] = {}
    files.update(_skeleton(names))
    for path in helpers:
        files[f"app/{path}"] = _helper(path, rng)
    for index, entity in enumerate(names):
        version = "v2" if index % 5 == 4 else "v1"
        files.update(_entity(entity, version, names, helpers, rng))
    _violations(files, names)
    _write(out, files)
    return files


def _mod(path: str) -> str:
    return path[: -len(".py")].replace("/", ".").removesuffix(".__init__")


def _skeleton(names: List[str]) -> Dict[str, str]:
    files = {
        f"app/{pkg}/__init__.py": ""
        for pkg in (
            "api",
            "api/v1",
            "api/v1/endpoints",
            "api/v2",
            "api/v2/endpoints",
            "config",
            "core",
            "utils",
            "tasks",
            "services",
            "models",
            "models/domain",
            "models/schemas",
            "models/database",
            "tests",
        )
    }
    files["app/config/settings.py"] = SETTINGS
    files["app/config/database.py"] = DATABASE
    files["app/core/exceptions.py"] = EXCEPTIONS
    files["app/services/base.py"] = BASE_SERVICE
    for version in ("v1", "v2"):
        mine = [n for i, n in enumerate(names) if ("v2" if i % 5 == 4 else "v1") == version]
        imports = "".join(f"from api.{version}.endpoints import {n}\n" for n in mine)
        includes = "".join(
            f'api_router.include_router({n}.router, prefix="/{n}", tags=["{n}"])\n' for n in mine
        )
        files[f"app/api/{version}/router.py"] = (
            f"from fastapi import APIRouter\n\n{imports}\napi_router = APIRouter()\n{includes}"
        )
    files["app/main.py"] = MAIN
    files["app/tests/conftest.py"] = (
        "import pytest\n\nfrom main import app\n\n\n@pytest.fixture\ndef client():\n    return app\n"
    )
    files["pyproject.toml"] = PYPROJECT
    return files


def _helper(path: str, rng: random.Random) -> str:
    layer = path.split("/")[0]
    body = [
        f'"""{layer} helper {path}."""',
        "from __future__ import annotations",
        "",
        "import logging",
        "from typing import Any, Dict, List, Optional",
        "",
        "from config.settings import settings",
        "",
        "logger = logging.getLogger(__name__)",
        f"DEFAULT_LIMIT = {rng.randint(10, 100)}",
        "",
    ]
    for i in range(rng.randint(6, 10)):
        body += _function(f"helper_{i}", rng)
    return "\n".join(body) + "\n"


def _function(name: str, rng: random.Random) -> List[str]:
    lines = [
        "",
        "",
        f"def {name}(values: List[Dict[str, Any]], limit: Optional[int] = None) -> List[str]:",
        f'    """Normalise ``values`` ({name})."""',
        "    result: List[str] = []",
        "    for index, value in enumerate(values[: limit or DEFAULT_LIMIT]):",
        '        key = str(value.get("key", index)).strip().lower()',
        '        if not key or key.startswith("_"):',
        "            continue",
    ]
    for j in range(rng.randint(1, 4)):
        lines += [
            f"        if len(key) > {rng.randint(3, 40)}:",
            f'            key = key[: {rng.randint(3, 40)}] + "-{j}"',
        ]
    lines += [
        '        result.append(f"{key}:{index}")',
        '    logger.debug("normalised %d values", len(result))',
        "    return result",
    ]
    return lines


def _entity(
    entity: str, version: str, names: List[str], helpers: List[str], rng: random.Random
) -> Dict[str, str]:
    cls = entity.capitalize()
    core = [h for h in helpers if h.startswith("core/")]
    utils = [h for h in helpers if h.startswith("utils/")]
    peer = rng.choice(names)
    return {
        f"app/models/database/{entity}.py": _orm(entity, cls, rng),
        f"app/models/domain/{entity}.py": _domain(entity, cls, rng),
        f"app/models/schemas/{entity}.py": _schemas(entity, cls, rng),
        f"app/services/{entity}_service.py": _service(
            entity, cls, peer, rng.choice(core), rng.choice(utils), rng
        ),
        f"app/api/{version}/endpoints/{entity}.py": _endpoint(entity, cls, rng.choice(utils), rng),
        f"app/tasks/{entity}_tasks.py": _task(entity, cls, rng),
    }


def _fields(rng: random.Random, template: str) -> List[str]:
    kinds = ("str", "int", "bool", "float", "Optional[str]")
    return [
        template.format(name=f"field_{i}", kind=rng.choice(kinds))
        for i in range(rng.randint(14, 26))
    ]


def _orm(entity: str, cls: str, rng: random.Random) -> str:
    columns = [
        f"    field_{i} = Column(String({rng.randint(16, 255)}), nullable={rng.random() < 0.5})"
        for i in range(rng.randint(14, 26))
    ]
    return "\n".join(
        [
            f'"""ORM table for {entity}."""',
            "from sqlalchemy import Column, Integer, String",
            "",
            "from config.database import Base",
            "",
            "",
            f"class {cls}Row(Base):",
            f'    __tablename__ = "{entity}"',
            "",
            "    id = Column(Integer, primary_key=True)",
            *columns,
            "",
        ]
    )


def _domain(entity: str, cls: str, rng: random.Random) -> str:
    fields = _fields(rng, "    {name}: {kind} = None")
    methods = []
    for i in range(rng.randint(8, 14)):
        methods += [
            "",
            f"    def rule_{i}(self) -> bool:",
            f'        """Business rule {i}."""',
            f"        return bool(self.field_0) and self.id % {i + 2} == 0",
        ]
    return "\n".join(
        [
            f'"""Domain model for {entity}."""',
            "from dataclasses import dataclass",
            "from typing import Optional",
            "",
            "from core.exceptions import DomainError",
            "",
            "",
            "@dataclass",
            f"class {cls}:",
            "    id: int = 0",
            *fields,
            *methods,
            "",
            "    def validate(self) -> None:",
            "        if self.id < 0:",
            f'            raise DomainError("{entity} id must be positive")',
            "",
        ]
    )


def _schemas(entity: str, cls: str, rng: random.Random) -> str:
    fields = _fields(rng, '    {name}: {kind} = Field(default=None, description="{name}")')
    return "\n".join(
        [
            f'"""API schemas for {entity}."""',
            "from typing import Optional",
            "",
            "from pydantic import BaseModel, ConfigDict, Field",
            "",
            "",
            f"class {cls}Base(BaseModel):",
            "    model_config = ConfigDict(from_attributes=True)",
            *fields,
            "",
            "",
            f"class {cls}Create({cls}Base):",
            "    pass",
            "",
            "",
            f"class {cls}Read({cls}Base):",
            "    id: int",
            "",
            "",
            f"class {cls}Update(BaseModel):",
            *fields[:4],
            "",
        ]
    )


def _service(entity: str, cls: str, peer: str, core: str, util: str, rng: random.Random) -> str:
    body = [
        f'"""Business logic for {entity}."""',
        "from typing import List, Optional",
        "",
        "from sqlalchemy import select",
        "from sqlalchemy.orm import Session",
        "",
        "from core.exceptions import NotFoundError",
        f"from {_mod(core)} import helper_0",
        f"from {_mod(util)} import helper_1",
        f"from models.database.{entity} import {cls}Row",
        f"from models.domain.{entity} import {cls}",
        f"from models.schemas.{entity} import {cls}Create, {cls}Update",
        "from .base import BaseService",
        "",
        "",
        f"class {cls}Service(BaseService):",
        f'    """Operations on {entity}."""',
        "",
        "    def __init__(self, session: Session) -> None:",
        "        self.session = session",
        "",
    ]
    if peer != entity:
        body.insert(9, f"from services import {peer}_service")
    for op in (
        "get",
        "list",
        "create",
        "update",
        "delete",
        "archive",
        "restore",
        "export",
        "import",
        "merge",
        "split",
    )[: rng.randint(8, 11)]:
        body += [
            f"    def {op}_{entity}(self, item_id: int, payload: Optional[{cls}Create] = None) -> {cls}:",
            f"        row = self.session.execute(select({cls}Row).where({cls}Row.id == item_id)).scalar_one_or_none()",
            "        if row is None:",
            f'            raise NotFoundError("{entity} %s not found" % item_id)',
            '        values = helper_1([{"key": row.id}])',
            "        if payload is not None:",
            "            for key, value in payload.model_dump(exclude_unset=True).items():",
            "                setattr(row, key, value)",
            "        self.session.flush()",
            f"        return {cls}(id=row.id, field_0=values[0] if values else None)",
            "",
        ]
    return "\n".join(body) + "\n"


def _endpoint(entity: str, cls: str, util: str, rng: random.Random) -> str:
    body = [
        f'"""HTTP endpoints for {entity}."""',
        "from typing import List",
        "",
        "from fastapi import APIRouter, Depends, HTTPException, status",
        "",
        "from config.database import get_session",
        f"from {_mod(util)} import helper_0",
        f"from models.schemas.{entity} import {cls}Create, {cls}Read, {cls}Update",
        f"from services.{entity}_service import {cls}Service",
        "",
        "router = APIRouter()",
        "",
        "",
        f"def get_service(session=Depends(get_session)) -> {cls}Service:",
        f"    return {cls}Service(session)",
        "",
    ]
    for op, verb in (
        ("get", "get"),
        ("list", "get"),
        ("create", "post"),
        ("update", "put"),
        ("delete", "delete"),
    ):
        suffix = "" if op in ("list", "create") else "/{item_id}"
        body += [
            "",
            f'@router.{verb}("{suffix}", response_model={cls}Read, status_code=status.HTTP_200_OK)',
            f"async def {op}_{entity}(item_id: int = 0, payload: {cls}Create | None = None,",
            f"                      service: {cls}Service = Depends(get_service)) -> {cls}Read:",
            f'    """{op.capitalize()} {entity}."""',
            "    try:",
            f"        item = service.{op}_{entity}(item_id, payload)",
            "    except LookupError as exc:",
            "        raise HTTPException(status_code=404, detail=str(exc)) from exc",
            f"    return {cls}Read.model_validate(item)",
            "",
        ]
    return "\n".join(body) + "\n"


def _task(entity: str, cls: str, rng: random.Random) -> str:
    return "\n".join(
        [
            f'"""Background jobs for {entity}."""',
            "import logging",
            "",
            "from config.database import SessionLocal",
            f"from services.{entity}_service import {cls}Service",
            "",
            "logger = logging.getLogger(__name__)",
            "",
            "",
            f"def refresh_{entity}(item_id: int) -> None:",
            "    with SessionLocal() as session:",
            f"        {cls}Service(session).get_{entity}(item_id)",
            f'    logger.info("refreshed {entity} %s", item_id)',
            "",
        ]
    )


def _violations(files: Dict[str, str], names: List[str]) -> None:
    """A few imports against the layer direction (both linters report them)."""
    for index, entity in enumerate(names[:VIOLATIONS]):
        version = "v2" if index % 5 == 4 else "v1"
        path = f"app/services/{entity}_service.py"
        files[path] = files[path].replace(
            "from .base import",
            f"from api.{version}.endpoints.{entity} import router  # violation\nfrom .base import",
            1,
        )
    files["app/core/exceptions.py"] += f"\nfrom services.{names[0]}_service import *  # violation\n"


def _write(out: Path, files: Dict[str, str]) -> None:
    if out.exists():
        shutil.rmtree(out)
    for path, text in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (out / ".importlinter").write_text(IMPORTLINTER)


SETTINGS = '''"""Application settings (pydantic-settings)."""
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    APP_NAME: str = "bench"
    ALLOWED_ORIGINS: list[str] = ["https://app.example.com"]
    ALLOW_CREDENTIALS: bool = True
    DATABASE_URL: str = "sqlite://"


settings = Settings()
'''
DATABASE = '''"""Database connection and configuration."""
from sqlalchemy import create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

from config.settings import settings

engine = create_engine(settings.DATABASE_URL)
SessionLocal = sessionmaker(bind=engine)
Base = declarative_base()


def get_session():
    with SessionLocal() as session:
        yield session
'''
EXCEPTIONS = '''"""Custom exception definitions."""


class DomainError(Exception):
    pass


class NotFoundError(DomainError, LookupError):
    pass
'''
BASE_SERVICE = '''"""Base class of every service."""


class BaseService:
    session: object
'''
MAIN = '''"""Application entry point."""
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.v1.router import api_router
from api.v2.router import api_router as api_router_v2
from config.settings import settings

app = FastAPI(title=settings.APP_NAME)
app.add_middleware(
    CORSMiddleware,
    allow_origins=settings.ALLOWED_ORIGINS,
    allow_credentials=settings.ALLOW_CREDENTIALS,
    allow_methods=["GET", "POST"],
    allow_headers=["Authorization"],
)
app.include_router(api_router, prefix="/api/v1")
app.include_router(api_router_v2, prefix="/api/v2")


@app.get("/health")
async def health() -> dict:
    return {"status": "ok"}
'''
PYPROJECT = """[project]
name = "bench"
version = "0.1.0"

[tool.fastlayer]
preset = "fastapi-layered"
root = "app"
"""
# The fastapi-layered preset as a linear import-linter contract: ":" joins
# siblings that may import each other, as the preset allows for these pairs.
IMPORTLINTER = """[importlinter]
root_packages =
    api
    services
    tasks
    models
    core
    utils
    config

[importlinter:contract:layers]
name = fastapi-layered
type = layers
layers =
    api
    services : tasks
    models : core : utils
    config
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--modules", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files = generate(args.out, args.modules, args.seed)
    lines = sum(text.count("\n") for text in files.values())
    print(f"{args.out}: {sum(p.endswith('.py') for p in files)} modules, {lines} lines")


if __name__ == "__main__":
    main()
