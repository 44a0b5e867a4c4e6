"""The static CORS verdict against Starlette itself.

Each CORS fixture app is imported in the test process (the linter never imports target
code) and asked, through Starlette's TestClient, whether an attacker origin gets
``Access-Control-Allow-Origin`` (and credentials). fastlayer's verdict for the same sink
must agree, on the Starlette version installed for the tests.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

import pytest

from fastlayer.config.loader import load_config
from fastlayer.engine.run import RunRequest, build_model, run
from fastlayer.model.cors import Sink, sinks
from fastlayer.model.corsverdict import verdict
from fastlayer.rules import all_rules
from tests.helpers import chdir

pytest.importorskip("starlette")
TestClient = pytest.importorskip("fastapi.testclient").TestClient

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PROJECTS = (
    "cors-regex",
    "cors-regex-clean",
    "cors-loopback-production",
    "cors-loopback-production-clean",
    "cors-data-files",
    "cors-data-files-clean",
)
ATTACKERS = (
    "https://evil.example",
    "null",
    "http://app.example.com",
    "https://app.example.com",
    "https://admin.example.com",
    "https://appxexample.com",
    "https://evilexample.com",
    "https://example.com.evil.example",
    "https://my-frontend-evil.vercel.app",
    "https://my-frontend-git-evil.vercel.app",
    "https://my-frontend.vercel.app",
    "https://evil.pages.dev",
    "https://evil.github.io",
    "http://localhost:3000",
    "http://localhost:5173",
    "http://127.0.0.1:8000",
    "https://app.example.co",
)


def _apps() -> List[Tuple[str, str]]:
    found = []
    for name in PROJECTS:
        for path in sorted((FIXTURES / name / "app").glob("*.py")):
            if "CORSMiddleware" in path.read_text():
                found.append((name, f"app/{path.name}"))
    return found


@pytest.fixture
def project_on_path(request: pytest.FixtureRequest) -> Iterator[Path]:
    root = FIXTURES / request.param
    saved = {
        key: module for key, module in sys.modules.items() if key == "app" or key.startswith("app.")
    }
    for key in saved:
        del sys.modules[key]
    sys.path.insert(0, str(root))
    try:
        with chdir(root):
            yield root
    finally:
        sys.path.remove(str(root))
        for key in [key for key in sys.modules if key == "app" or key.startswith("app.")]:
            del sys.modules[key]
        sys.modules.update(saved)


def _sink(root: Path, path: str) -> Optional[Sink]:
    """The file's one sink in the default context; None when a condition known to be false
    keeps it from running (``if settings.server.cors.enabled:``)."""
    model = build_model(load_config(root, None, all_rules().rules), cache=False)
    found = [sink for sink in sinks(model) if sink.path == path and not sink.context]
    assert len(found) <= 1
    return found[0] if found else None


def _starlette(client: object, origin: str) -> Tuple[bool, bool]:
    response = client.get("/", headers={"Origin": origin, "Cookie": "session=1"})  # type: ignore[attr-defined]
    allow: Optional[str] = response.headers.get("access-control-allow-origin")
    allowed = allow in (origin, "*")
    credentials = (
        allowed
        and allow == origin
        and response.headers.get("access-control-allow-credentials") == "true"
    )
    return allowed, credentials


def test_there_are_apps_to_cross_check() -> None:
    assert len(_apps()) >= 22
    assert len(_reflection_apps()) >= 8


@pytest.mark.parametrize(
    "project_on_path, path", _apps(), indirect=["project_on_path"], ids=lambda v: str(v)
)
def test_static_verdict_equals_starlette(project_on_path: Path, path: str) -> None:
    sink = _sink(project_on_path, path)
    module = importlib.import_module(path[:-3].replace("/", "."))
    client = TestClient(module.app)
    for origin in ATTACKERS:
        if sink is None:
            assert _starlette(client, origin) == (False, False), (path, origin)
            continue
        static = verdict(sink, origin)
        assert static.allowed is not None, (path, origin, static.why)
        assert (static.allowed, bool(static.credentials)) == _starlette(client, origin), (
            path,
            origin,
            static.why,
        )


REFLECTION = (
    "cors-reflection-forms",
    "cors-reflection-forms-clean",
    "cors-reflection-guard",
    "cors-reflection-guard-clean",
)


def _reflection_apps() -> List[Tuple[str, str]]:
    return [
        (name, f"app/{path.name}")
        for name in REFLECTION
        for path in sorted((FIXTURES / name / "app").glob("[!_]*.py"))
    ]


@pytest.mark.parametrize(
    "project_on_path, path", _reflection_apps(), indirect=["project_on_path"], ids=lambda v: str(v)
)
def test_fl410_iff_starlette_reflects_an_attacker_origin(project_on_path: Path, path: str) -> None:
    config = load_config(project_on_path, None, all_rules().rules)
    reported = any(
        d.code == "FL410" and d.path == path
        for d in run(RunRequest(config, select=("FL410",), cache=False)).diagnostics
    )
    client = TestClient(
        importlib.import_module(path[:-3].replace("/", ".")).app, raise_server_exceptions=False
    )
    evil = "https://evil.example"
    reflected = any(
        client.get(url, headers={"Origin": evil}).headers.get("access-control-allow-origin") == evil
        for url in ("/", "/missing")
    )
    assert reported == reflected
