"""FL501-FL504: lifespan, health route, version prefixes through include/mount chains, debug."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

from tests.helpers import diagnostics, write_project

ROUTER = "from fastapi import APIRouter\nrouter = APIRouter({args})\n@router.get('{path}')\ndef {name}():\n    pass\n"


def _found(root: Path, code: str) -> List[Tuple[str, int, str]]:
    return [(d.path, d.line, d.message) for d in diagnostics(root, select=[code])]


def _router(path: str = "/", name: str = "index", args: str = "") -> str:
    return ROUTER.format(path=path, name=name, args=args)


def test_fl501_reports_on_event_and_add_event_handler(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"app/main.py": (
        "from fastapi import FastAPI\napp = FastAPI()\n@app.on_event('startup')\nasync def up():\n    pass\n"
    )})
    assert _found(root, "FL501") == [
        ("app/main.py", 3, "`on_event('startup')` registers an event handler; use a lifespan handler (`FastAPI(lifespan=...)`)")
    ]


def test_fl502_health_route_behind_a_router_prefix_counts(tmp_path: Path) -> None:
    main = "from fastapi import FastAPI\nfrom api import utils\napp = FastAPI()\napp.include_router(utils.router)\n"
    root = write_project(tmp_path / "a", {"app/main.py": main, "app/api/utils.py": _router("/check/", args="prefix='/health'")})
    assert _found(root, "FL502") == []
    root = write_project(tmp_path / "b", {"app/main.py": main, "app/api/utils.py": _router("/status")})
    assert _found(root, "FL502") == [("app/main.py", 3, (
        "the application has no health-check route (/health, /healthz, /health-check, /healthcheck, /ping, /livez, /readyz)"
    ))]


def test_fl503_follows_include_chains_prefixes_and_mounts(tmp_path: Path) -> None:
    root = write_project(tmp_path, {
        "app/api/users.py": _router("/{id}", "read_user", "prefix='/users'"),
        "app/api/health.py": _router("/healthz", "health"),
        "app/api/wellknown.py": _router("/.well-known/jwks.json", "jwks"),
        "app/api/v1.py": "from fastapi import APIRouter\nfrom api import users\nv1 = APIRouter()\nv1.include_router(users.router)\n",
        "app/main.py": (
            "from fastapi import FastAPI\nfrom api import health, users, wellknown\nfrom api.v1 import v1\nfrom config import PREFIX\n"
            "app = FastAPI()\napi = FastAPI()\n"
            "app.include_router(v1, prefix='/api/v1')\n"        # 7: versioned
            "app.include_router(health.router)\n"               # 8: health check may stay unversioned
            "app.include_router(wellknown.router)\n"            # 9: RFC 8615
            "app.include_router(v1, prefix=PREFIX)\n"           # 10: unknown prefix
            "app.include_router(v1)\n"                          # 11: finding
            "api.include_router(users.router)\n"
            "app.mount('/api/v2', api)\n"                       # 13: mounted under a version
            "app.mount('/admin', app=api)\n"                    # 14: finding
        ),
    })
    assert _found(root, "FL503") == [
        ("app/main.py", 11, "router included without a version prefix: `read_user` (app/api/users.py:4) is served at "
                            "'/users/{id}', expected a prefix matching '^/api/v[0-9]+(/|$)'"),
        ("app/main.py", 14, "sub-application mounted without a version prefix: `read_user` (app/api/users.py:4) is served at "
                            "'/admin/users/{id}', expected a prefix matching '^/api/v[0-9]+(/|$)'"),
    ]


def test_fl504_literal_debug_only(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"app/main.py": (
        "from fastapi import FastAPI\nfrom config import settings\n"
        "app = FastAPI(debug=True)\nother = FastAPI(debug=settings.DEBUG)\n"
    )})
    assert _found(root, "FL504") == [
        ("app/main.py", 3, "`FastAPI(debug=True)` sends tracebacks to clients; read debug from settings (off by default)")
    ]
