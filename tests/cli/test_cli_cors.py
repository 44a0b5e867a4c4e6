"""``fastlayer cors``: the effective policy with sources, the verdict for an origin, JSON."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import cli, write_project

FILES = {
    "app/__init__.py": "",
    "app/config.py": "from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n"
    "    ORIGINS: list[str] = ['https://app.example.com']\n\nsettings = Settings()\n",
    "app/main.py": "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n"
    "from app.config import settings\n\napp = FastAPI()\n"
    "app.add_middleware(CORSMiddleware, allow_origins=settings.ORIGINS, allow_credentials=True,\n"
    "                   allow_origin_regex=r'https://[a-z]+\\.vercel\\.app')\n",
}


def test_cors_prints_the_policy_with_sources_and_the_verdict(tmp_path: Path) -> None:
    root = write_project(tmp_path, FILES)
    result = cli(root, "cors", "--origin", "https://evil.vercel.app")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "app/main.py:6 [environment default]",
        '  allow_origins = ["https://app.example.com"]  (Settings.ORIGINS default at app/config.py:4)',
        '  allow_methods = ["GET"]  (Starlette\'s default)',
        "  allow_headers = []  (Starlette's default)",
        "  allow_credentials = True  (literal at app/main.py:6)",
        '  allow_origin_regex = "https://[a-z]+\\\\.vercel\\\\.app"  (literal at app/main.py:7)',
        "  allow_private_network = False  (Starlette's default)",
        "  expose_headers = []  (Starlette's default)",
        "  max_age = 600  (Starlette's default)",
        "  origin https://evil.vercel.app: allowed, with credentials "
        '(allow_origin_regex "https://[a-z]+\\\\.vercel\\\\.app" full-matches it)',
    ]


def test_cors_json_and_a_refused_origin(tmp_path: Path) -> None:
    root = write_project(tmp_path, FILES)
    result = cli(root, "cors", "--origin", "https://evil.example", "--output-format", "json")
    (policy,) = json.loads(result.stdout)
    assert policy["environment"] == "default"
    assert policy["settings"]["allow_origins"]["sources"] == [
        "Settings.ORIGINS default at app/config.py:4"
    ]
    assert policy["origin"] == {
        "origin": "https://evil.example",
        "allowed": False,
        "credentials": False,
        "why": 'not in allow_origins ["https://app.example.com"] and no full match of allow_origin_regex '
        '"https://[a-z]+\\\\.vercel\\\\.app"',
    }


def test_cors_without_middleware(tmp_path: Path) -> None:
    root = write_project(
        tmp_path, {"app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"}
    )
    result = cli(root, "cors")
    assert (result.exit_code, result.stdout) == (0, "no CORSMiddleware configured\n")
