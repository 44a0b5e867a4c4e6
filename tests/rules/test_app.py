"""FL501-FL504: lifespan, health route, version prefixes through include/mount chains, debug."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

from tests.helpers import cli, diagnostics, write_project

ROUTER = "from fastapi import APIRouter\nrouter = APIRouter({args})\n@router.get('{path}')\ndef {name}():\n    pass\n"


def _found(root: Path, code: str) -> List[Tuple[str, int, str]]:
    return [(d.path, d.line, d.message) for d in diagnostics(root, select=[code])]


def _router(path: str = "/", name: str = "index", args: str = "") -> str:
    return ROUTER.format(path=path, name=name, args=args)


def test_fl501_reports_on_event_and_add_event_handler(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "app/main.py": (
                "from fastapi import FastAPI\napp = FastAPI()\n@app.on_event('startup')\nasync def up():\n    pass\n"
            )
        },
    )
    assert _found(root, "FL501") == [
        (
            "app/main.py",
            3,
            "`on_event('startup')` registers an event handler; use a lifespan handler (`FastAPI(lifespan=...)`)",
        )
    ]


def test_fl502_health_route_behind_a_router_prefix_counts(tmp_path: Path) -> None:
    main = "from fastapi import FastAPI\nfrom api import utils\napp = FastAPI()\napp.include_router(utils.router)\n"
    root = write_project(
        tmp_path / "a",
        {"app/main.py": main, "app/api/utils.py": _router("/check/", args="prefix='/health'")},
    )
    assert _found(root, "FL502") == []
    root = write_project(
        tmp_path / "b", {"app/main.py": main, "app/api/utils.py": _router("/status")}
    )
    assert _found(root, "FL502") == [
        (
            "app/main.py",
            3,
            (
                "the application has no health-check route (/health, /healthz, /health-check, /healthcheck, /ping, /livez, /readyz)"
            ),
        )
    ]


def test_fl503_follows_include_chains_prefixes_and_mounts(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "app/api/users.py": _router("/{id}", "read_user", "prefix='/users'"),
            "app/api/health.py": _router("/healthz", "health"),
            "app/api/wellknown.py": _router("/.well-known/jwks.json", "jwks"),
            "app/api/v1.py": "from fastapi import APIRouter\nfrom api import users\nv1 = APIRouter()\nv1.include_router(users.router)\n",
            "app/main.py": (
                "from fastapi import FastAPI\nfrom api import health, users, wellknown\nfrom api.v1 import v1\nfrom config import PREFIX\n"
                "app = FastAPI()\napi = FastAPI()\n"
                "app.include_router(v1, prefix='/api/v1')\n"  # 7: versioned
                "app.include_router(health.router)\n"  # 8: health check may stay unversioned
                "app.include_router(wellknown.router)\n"  # 9: RFC 8615
                "app.include_router(v1, prefix=PREFIX)\n"  # 10: unknown prefix
                "app.include_router(v1)\n"  # 11: finding
                "api.include_router(users.router)\n"
                "app.mount('/api/v2', api)\n"  # 13: mounted under a version
                "app.mount('/admin', app=api)\n"  # 14: finding
            ),
        },
    )
    assert _found(root, "FL503") == [
        (
            "app/main.py",
            11,
            "router included without a version prefix: `read_user` (app/api/users.py:4) is served at "
            "'/users/{id}', expected a prefix matching '^(/[^/]+)*?/v[0-9]+(/|$)'",
        ),
        (
            "app/main.py",
            14,
            "sub-application mounted without a version prefix: `read_user` (app/api/users.py:4) is served at "
            "'/admin/users/{id}', expected a prefix matching '^(/[^/]+)*?/v[0-9]+(/|$)'",
        ),
    ]


def test_fl504_literal_debug_and_unknown_values(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "app/main.py": (
                "from fastapi import FastAPI\nfrom config import settings\n"
                "app = FastAPI(debug=True)\nother = FastAPI(debug=settings.DEBUG)\n"
            )
        },
    )
    assert _found(root, "FL504") == [
        (
            "app/main.py",
            3,
            "`FastAPI(debug=True)` sends tracebacks to clients; read debug from settings (off by default)",
        )
    ]


SETTINGS = (
    "from pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass Settings(BaseSettings):\n"
    "    model_config = SettingsConfigDict(env_file='.env')\n    DEBUG: bool = False\n    API_V1_STR: str = '/api/v1'\n"
    "    API_PREFIX: str = '/api'\n\nsettings = Settings()\n"
)
DEBUG_MAIN = "from fastapi import FastAPI\nfrom app.core.config import settings\napp = FastAPI(debug=settings.DEBUG)\n"


def test_fl504_debug_resolved_through_settings_and_env_file(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/core/__init__.py": "",
        "app/core/config.py": SETTINGS,
        "app/main.py": DEBUG_MAIN,
    }
    assert _found(write_project(tmp_path / "a", files), "FL504") == []
    root = write_project(tmp_path / "b", {**files, ".env": "# local\nSECRET=x\nDEBUG=true\n"})
    assert _found(root, "FL504") == [
        (
            "app/main.py",
            3,
            (
                "debug is True (Settings.DEBUG from .env:3): `FastAPI(debug=...)` sends tracebacks to clients; "
                "keep debug off in production"
            ),
        )
    ]
    kwargs = "from fastapi import FastAPI\nDEBUG = True\noptions = {'title': 'x', 'debug': DEBUG}\napp = FastAPI(**options)\n"
    assert _found(write_project(tmp_path / "c", {"app/main.py": kwargs}), "FL504") == [
        (
            "app/main.py",
            4,
            (
                "debug is True (DEBUG at app/main.py:2): `FastAPI(debug=...)` sends tracebacks to clients; "
                "keep debug off in production"
            ),
        )
    ]


def test_fl504_development_environment_is_not_production(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/core/__init__.py": "",
        "app/core/config.py": SETTINGS,
        "app/main.py": DEBUG_MAIN,
        ".env.development": "DEBUG=True\n",
        ".env.production": "DEBUG=False\n",
    }
    development = '[tool.fastlayer.environments]\ndevelopment = [".env.development"]\n'
    assert _found(write_project(tmp_path / "a", files, development), "FL504") == []
    both = development + 'production = [".env.production"]\n'
    assert (
        _found(write_project(tmp_path / "b", {**files, ".env": "DEBUG=True\n"}, both), "FL504")
        == []
    )
    leaked = {**files, ".env.production": "DEBUG=1\n"}
    assert _found(write_project(tmp_path / "c", leaked, both), "FL504") == [
        (
            "app/main.py",
            3,
            (
                "debug is True (Settings.DEBUG from .env.production:1): `FastAPI(debug=...)` sends tracebacks to clients; "
                "keep debug off in production [environment production]"
            ),
        )
    ]
    loaded = {
        **files,
        "app/main.py": "from dotenv import load_dotenv\nload_dotenv('.env.development')\n"
        + DEBUG_MAIN,
    }
    assert _found(write_project(tmp_path / "d", loaded), "FL504") == []


def test_fl503_prefix_resolved_through_settings(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/core/__init__.py": "",
            "app/core/config.py": SETTINGS,
            "app/api/__init__.py": "",
            "app/api/users.py": _router("/users", "users"),
            "app/api/items.py": _router(
                "/", "items", "prefix=settings.API_PREFIX + '/items'"
            ).replace(
                "from fastapi import APIRouter\n",
                "from fastapi import APIRouter\nfrom app.core.config import settings\n",
            ),
            "app/main.py": (
                "from fastapi import FastAPI\nfrom app.core.config import settings\nfrom app.api import items, users\n"
                "app = FastAPI()\n"
                "app.include_router(users.router, prefix=settings.API_V1_STR)\n"  # 5: '/api/v1'
                "app.include_router(users.router, prefix=settings.API_PREFIX)\n"  # 6: '/api'
                "app.include_router(items.router, prefix=settings.API_V1_STR)\n"  # 7: '/api/v1/api/items'
                "app.include_router(items.router)\n"  # 8: '/api/items'
            ),
        },
    )
    assert _found(root, "FL503") == [
        (
            "app/main.py",
            6,
            "router included without a version prefix: `users` (app/api/users.py:4) is served at "
            "'/api/users', expected a prefix matching '^(/[^/]+)*?/v[0-9]+(/|$)' "
            "(prefix '/api': Settings.API_PREFIX default at app/core/config.py:7)",
        ),
        (
            "app/main.py",
            8,
            "router included without a version prefix: `items` (app/api/items.py:5) is served at "
            "'/api/items/', expected a prefix matching '^(/[^/]+)*?/v[0-9]+(/|$)' "
            "(prefix '/api/items': Settings.API_PREFIX default at app/core/config.py:7)",
        ),
    ]


def test_fl502_health_route_registered_without_decorator(tmp_path: Path) -> None:
    views = "def health():\n    return {}\n"
    applied = "from fastapi import FastAPI\nfrom api.views import health\napp = FastAPI()\napp.get('/health')(health)\n"
    assert (
        _found(
            write_project(tmp_path / "a", {"app/main.py": applied, "app/api/views.py": views}),
            "FL502",
        )
        == []
    )
    listed = (
        "from fastapi import FastAPI\nfrom fastapi.routing import APIRoute\nfrom api.views import health\n"
        "app = FastAPI(routes=[APIRoute('/healthz', health)])\n"
    )
    assert (
        _found(
            write_project(tmp_path / "b", {"app/main.py": listed, "app/api/views.py": views}),
            "FL502",
        )
        == []
    )
    unknown = listed.replace("routes=[APIRoute('/healthz', health)]", "routes=make_routes()")
    assert [
        line
        for _, line, _ in _found(write_project(tmp_path / "c", {"app/main.py": unknown}), "FL502")
    ] == [4]


def _env_prefix_project(tmp_path: Path, env: str) -> Path:
    return write_project(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/core/__init__.py": "",
            "app/core/config.py": SETTINGS,
            "app/api/__init__.py": "",
            "app/api/users.py": _router("/users", "users"),
            "app/main.py": (
                "from fastapi import FastAPI\nfrom app.core.config import settings\nfrom app.api import users\n"
                "app = FastAPI()\n"
                "app.include_router(users.router, prefix=settings.API_V1_STR)\n"
                "app.include_router(users.router, prefix=settings.API_PREFIX)\n"
            ),
            ".env": env,
        },
    )


def test_fl503_prefix_from_an_env_file_is_printed_only_when_it_is_a_path(tmp_path: Path) -> None:
    """Issue 17: a value read from an env file reaches a message only when it is what it claims."""
    root = _env_prefix_project(tmp_path / "path", "API_PREFIX=/public\n")
    assert [m for _, _, m in _found(root, "FL503")] == [
        "router included without a version prefix: `users` (app/api/users.py:4) is served at "
        "'/public/users', expected a prefix matching '^(/[^/]+)*?/v[0-9]+(/|$)' "
        "(prefix '/public': Settings.API_PREFIX from .env:1)"
    ]
    root = _env_prefix_project(tmp_path / "secret", "TOKEN=s3cr3t\nAPI_PREFIX=/${TOKEN}\n")
    result = cli(root, "check", "--no-cache", "--select", "ALL", "--output-format", "json")
    assert "s3cr3t" not in result.output
