"""dynaconf settings as the static evaluator reads them (never imported)."""

from __future__ import annotations

from pathlib import Path
from typing import Dict

from fastlayer.config.loader import load_config
from fastlayer.engine.run import build_model
from fastlayer.facts.expr import Expr
from fastlayer.model.values.environments import contexts
from fastlayer.model.values.evaluator import Evaluator, render
from fastlayer.rules import all_rules
from tests.helpers import write_project

BASE = {"app/__init__.py": "", "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"}


def _rendered(tmp_path: Path, files: Dict[str, str], name: str, config: str = "") -> Dict[str, str]:
    """``name`` of app/conf.py in every context: {context name: rendered value (sources)}."""
    root = write_project(tmp_path, {**BASE, **files}, config)
    model = build_model(load_config(root, None, all_rules().rules), cache=False)
    base = Evaluator(model)
    found = {}
    for context, _ in contexts(model, base):
        value = Evaluator(model, context, base.env_files).evaluate(
            model.modules["app/conf.py"], Expr("name", name, line=10**6)
        )
        origin = value.origin or (value.items[0].origin if value.items else None)
        found[context.name] = f"{render(value)} ({origin.describe() if origin else '?'})"
    return found


def test_top_level_keys_case_insensitive_get_and_prefix_override(tmp_path: Path) -> None:
    files = {
        "settings.yaml": "cors_origins: ['https://a.example']\ncors:\n  regex: 'https://b'\n",
        ".env": "DYNACONF_CORS_ORIGINS='[\"*\"]'\n",
        "app/conf.py": (
            "from dotenv import load_dotenv\nfrom dynaconf import Dynaconf\nload_dotenv()\n"
            "s = Dynaconf(settings_files='settings.yaml')\n"
            "A = s.CORS_ORIGINS\nB = s.get('cors.regex')\nC = s['cors'].regex\n"
            "D = s.get('missing', 'x')\n"
        ),
    }
    assert _rendered(tmp_path / "a", files, "A") == {
        "": '["*"] (DYNACONF_CORS_ORIGINS from .env:1)'
    }
    assert _rendered(tmp_path / "b", files, "B") == {
        "": '"https://b" (cors.regex from settings.yaml:3)'
    }
    assert _rendered(tmp_path / "c", files, "C") == {
        "": '"https://b" (cors.regex from settings.yaml:3)'
    }
    assert _rendered(tmp_path / "d", files, "D")[""].startswith('"x"')


def test_environment_tables_become_contexts(tmp_path: Path) -> None:
    files = {
        "app/settings.toml": (
            '[default]\norigins = ["https://a.example"]\n[production]\norigins = ["*"]\n'
            "[staging]\ncredentials = true\n"
        ),
        "app/conf.py": (
            "from dynaconf import Dynaconf\n"
            "s = Dynaconf(settings_files=['settings.toml'], environments=True, envvar_prefix='APP')\n"
            "ORIGINS = s.ORIGINS\n"
        ),
    }
    assert _rendered(tmp_path, files, "ORIGINS") == {
        "": '["https://a.example"] (default.origins from app/settings.toml:2)',
        "production": '["*"] (production.origins from app/settings.toml:4)',
        "staging": '["https://a.example"] (default.origins from app/settings.toml:2)',
    }


def test_configured_environment_files_override_with_the_prefix(tmp_path: Path) -> None:
    files = {
        "settings.toml": 'origins = ["https://a.example"]\n',
        ".env.production": "APP_ORIGINS='@json [\"https://b.example\"]'\nDYNACONF_ORIGINS='[\"*\"]'\n",
        "app/conf.py": (
            "from dynaconf import Dynaconf\n"
            "s = Dynaconf(settings_files=['settings.toml'], envvar_prefix='APP')\nORIGINS = s.origins\n"
        ),
    }
    config = '[tool.fastlayer.environments]\nproduction = [".env.production"]\n'
    assert _rendered(tmp_path, files, "ORIGINS", config) == {
        "": '["https://a.example"] (origins from settings.toml:1)',
        "production": '["https://b.example"] (APP_ORIGINS from .env.production:1)',
    }
