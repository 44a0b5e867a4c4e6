from __future__ import annotations

from pathlib import Path
from typing import Dict

from fastlayer.config.loader import load_config
from fastlayer.engine.run import build_model
from fastlayer.facts.expr import Expr
from fastlayer.model.values.evaluator import Context, Evaluator, Value, render
from fastlayer.rules import all_rules
from tests.helpers import write_project


def _value(
    tmp_path: Path, files: Dict[str, str], module: str, name: str, context: Context = Context()
) -> Value:
    root = write_project(tmp_path, files)
    model = build_model(load_config(root, None, all_rules().rules))
    evaluator = Evaluator(model, context)
    return evaluator.evaluate(model.modules[module], Expr("name", name, line=10**6))


BASE = {"app/__init__.py": "", "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"}


def test_constants_across_modules_with_provenance(tmp_path: Path) -> None:
    files = {
        **BASE,
        "app/consts.py": "HOSTS = ['https://a.example']\n",
        "app/cors.py": "from app.consts import HOSTS\nfrom . import consts\nALL = HOSTS + consts.HOSTS + ['https://b.example']\n",
    }
    value = _value(tmp_path, files, "app/cors.py", "ALL")
    assert render(value) == '["https://a.example", "https://a.example", "https://b.example"]'
    assert value.origin is not None and value.origin.describe() == "ALL at app/cors.py:3"
    assert (
        value.items[0].origin is not None and value.items[0].origin.describe() == "app/consts.py:1"
    )  # the literal


def test_comprehension_split_strip_fstring(tmp_path: Path) -> None:
    files = {
        **BASE,
        "app/cors.py": "RAW = ' https://a.example/ ,https://b.example'\nHOST = 'c.example'\n"
        "ORIGINS = [str(o).strip().rstrip('/') for o in RAW.split(',') if o] + [f'https://{HOST}']\n",
    }
    assert (
        render(_value(tmp_path, files, "app/cors.py", "ORIGINS"))
        == '["https://a.example", "https://b.example", "https://c.example"]'
    )


def test_getenv_default_and_ifexp(tmp_path: Path) -> None:
    files = {
        **BASE,
        "app/cors.py": "import os\nDEBUG = os.getenv('DEBUG', '') == 'x'\nA = os.getenv('ORIGINS', '*')\n"
        "B = os.environ.get('MISSING')\nC = 'dev' if True else 'prod'\nD = 'dev' if os.getenv('X') else 'prod'\n",
    }
    assert render(_value(tmp_path, files, "app/cors.py", "A")) == '"*"'
    assert _value(tmp_path / "b", files, "app/cors.py", "B").const is None
    assert render(_value(tmp_path / "c", files, "app/cors.py", "C")) == '"dev"'
    assert (
        render(_value(tmp_path / "d", files, "app/cors.py", "D")) == '"prod"'
    )  # getenv is None: unset


def test_unknown_stays_unknown(tmp_path: Path) -> None:
    files = {
        **BASE,
        "app/cors.py": "from app.db import load\nimport os\nA = load()\nB = ['x'] + load()\n"
        "if os.getenv('X'):\n    C = 'a'\nelse:\n    C = 'b'\nD = os.environ['NOPE']\n",
    }
    for name in ("A", "B", "D"):
        assert not _value(tmp_path / name, files, "app/cors.py", name).known
    alternatives = _value(tmp_path / "C", files, "app/cors.py", "C")
    assert alternatives.kind == "alts" and [item.const for item in alternatives.items] == ["a", "b"]


def test_context_files_act_as_the_environment(tmp_path: Path) -> None:
    from fastlayer.model.values.envfiles import parse_env

    files = {
        **BASE,
        "app/cors.py": "import os\nA = os.getenv('ORIGINS', 'https://a.example').split(',')\n",
    }
    context = Context(
        "production", (parse_env("ORIGINS=*,https://b.example\n", ".env.production"),)
    )
    value = _value(tmp_path, files, "app/cors.py", "A", context)
    assert render(value) == '["*", "https://b.example"]'
    assert (
        value.origin is not None
        and value.origin.describe() == 'os.getenv("ORIGINS") from .env.production:1'
    )


def test_function_locals_and_file_paths(tmp_path: Path) -> None:
    files = {
        **BASE,
        "app/cors.py": "from functools import lru_cache\nfrom pathlib import Path\n"
        "ENV = Path(__file__).resolve().parent.parent / '.env'\n\n@lru_cache\ndef origins():\n"
        "    base = ['https://a.example']\n    extra = base + ['https://b.example']\n    return extra\n\nO = origins()\n",
    }
    env = _value(tmp_path, files, "app/cors.py", "ENV")
    assert (env.kind, env.path) == ("path", ".env")
    assert (
        render(_value(tmp_path / "o", files, "app/cors.py", "O"))
        == '["https://a.example", "https://b.example"]'
    )
