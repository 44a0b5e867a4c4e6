from __future__ import annotations

from pathlib import Path
from typing import Dict, Optional

from fastlayer.config.loader import load_config
from fastlayer.engine.run import build_model
from fastlayer.facts.expr import Expr
from fastlayer.model.values.evaluator import Evaluator, Value, render
from fastlayer.rules import all_rules
from tests.helpers import write_project

MAIN = {"app/__init__.py": "", "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"}


def _attr(
    tmp_path: Path, files: Dict[str, str], dotted: str, module: str = "app/config.py"
) -> Value:
    root = write_project(tmp_path, {**MAIN, **files})
    model = build_model(load_config(root, None, all_rules().rules))
    obj, attr = dotted.split(".")
    expr = Expr("attr", attr, (Expr("name", obj, line=10**6),), line=10**6)
    return Evaluator(model).evaluate(model.modules[module], expr)


def _describe(value: Value) -> Optional[str]:
    return value.origin.describe() if value.origin else None


V2 = """from pydantic import Field, computed_field
from pydantic_settings import BaseSettings, SettingsConfigDict

class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=(".env", ".env.prod"), env_prefix="APP_")
    ORIGINS: list[str] = ["https://a.example"]
    CREDENTIALS: bool = False
    PORT: int = Field(default=8000)
    HEADERS: list[str] = Field(default_factory=list)
    HOST: str = "a.example"
    RAW: str = "x"

    @computed_field
    @property
    def url(self) -> str:
        return f"https://{self.HOST}"

settings = Settings()
"""


def test_later_env_file_wins_with_prefix_and_json(tmp_path: Path) -> None:
    files = {
        "app/config.py": V2,
        ".env": 'APP_ORIGINS=["https://b.example"]\napp_credentials=yes\n',
        ".env.prod": "app_origins='[\"*\"]'\n",
    }
    origins = _attr(tmp_path, files, "settings.ORIGINS")
    assert render(origins) == '["*"]' and _describe(origins) == "Settings.ORIGINS from .env.prod:1"
    credentials = _attr(tmp_path / "c", files, "settings.CREDENTIALS")
    assert (
        credentials.const is True and _describe(credentials) == "Settings.CREDENTIALS from .env:2"
    )


def test_defaults_field_and_factory_and_computed(tmp_path: Path) -> None:
    files = {"app/config.py": V2}
    port = _attr(tmp_path, files, "settings.PORT")
    assert port.const == 8000 and _describe(port) == "Settings.PORT default at app/config.py:8"
    assert render(_attr(tmp_path / "h", files, "settings.HEADERS")) == "[]"
    assert render(_attr(tmp_path / "u", files, "settings.url")) == '"https://a.example"'


def test_prefix_makes_unprefixed_key_unread(tmp_path: Path) -> None:
    files = {"app/config.py": V2, ".env": 'ORIGINS=["*"]\nCREDENTIALS=true\n'}
    assert render(_attr(tmp_path, files, "settings.ORIGINS")) == '["https://a.example"]'


def test_bool_words_and_invalid_values(tmp_path: Path) -> None:
    files = {
        "app/config.py": V2,
        ".env": "APP_CREDENTIALS=off\nAPP_PORT=eighty\nAPP_ORIGINS=https://x\n",
    }
    assert _attr(tmp_path, files, "settings.CREDENTIALS").const is False
    assert not _attr(tmp_path / "p", files, "settings.PORT").known
    assert not _attr(
        tmp_path / "o", files, "settings.ORIGINS"
    ).known  # not JSON: pydantic-settings fails


def test_init_kwargs_and_env_file_at_instantiation(tmp_path: Path) -> None:
    source = V2.replace(
        "settings = Settings()", "settings = Settings(RAW='init', _env_file='custom.env')"
    )
    files = {
        "app/config.py": source,
        ".env": "APP_HOST=from-dotenv\n",
        "custom.env": "APP_HOST=b.example\n",
    }
    assert _attr(tmp_path, files, "settings.RAW").const == "init"
    assert render(_attr(tmp_path / "u", files, "settings.url")) == '"https://b.example"'


def test_case_sensitive_and_validators(tmp_path: Path) -> None:
    source = (
        "from pydantic import field_validator\nfrom pydantic_settings import BaseSettings\n\n"
        "class Settings(BaseSettings):\n    model_config = {'env_file': '.env', 'case_sensitive': True}\n"
        "    ORIGINS: list[str] | str = []\n    HOST: str = 'a'\n\n"
        "    @field_validator('ORIGINS', mode='before')\n    @classmethod\n    def split(cls, v):\n        return v\n\n"
        "settings = Settings()\n"
    )
    files = {"app/config.py": source, ".env": "ORIGINS=a,b\nhost=b\n"}
    assert not _attr(tmp_path, files, "settings.ORIGINS").known  # a validator may rewrite it
    assert _attr(tmp_path / "h", files, "settings.HOST").const == "a"  # 'host' is another key


def test_pydantic_v1_config_inheritance_and_lru_cache(tmp_path: Path) -> None:
    files = {
        "app/config.py": "from functools import lru_cache\nfrom pydantic import BaseSettings\n\n"
        "class Base(BaseSettings):\n    ORIGINS: list = ['https://a.example']\n\n    class Config:\n        env_file = '.env'\n\n"
        "class Prod(Base):\n    class Config(Base.Config):\n        env_prefix = 'PROD_'\n\n"
        "@lru_cache()\ndef get_settings():\n    return Prod()\n\nsettings = get_settings()\n",
        ".env": 'PROD_ORIGINS=["https://prod.example"]\nORIGINS=["*"]\n',
    }
    value = _attr(tmp_path, files, "settings.ORIGINS")
    assert (
        render(value) == '["https://prod.example"]'
        and _describe(value) == "Prod.ORIGINS from .env:1"
    )


def test_starlette_config(tmp_path: Path) -> None:
    files = {
        "app/config.py": "from starlette.config import Config\nfrom starlette.datastructures import CommaSeparatedStrings\n\n"
        "config = Config('.env')\nORIGINS = config('ORIGINS', cast=CommaSeparatedStrings, default='')\n"
        "DEBUG = config('DEBUG', cast=bool, default=False)\nKEY = config('KEY')\n",
        ".env": "ORIGINS=https://a.example, https://b.example\nDEBUG=1\n",
    }
    root = write_project(tmp_path, {**MAIN, **files})
    model = build_model(load_config(root, None, all_rules().rules))
    evaluator, module = Evaluator(model), model.modules["app/config.py"]
    origins = evaluator.evaluate(module, Expr("name", "ORIGINS", line=99))
    assert render(origins) == '["https://a.example", "https://b.example"]'
    assert _describe(origins) == 'config("ORIGINS") from .env:1'
    assert evaluator.evaluate(module, Expr("name", "DEBUG", line=99)).const is True
    assert not evaluator.evaluate(module, Expr("name", "KEY", line=99)).known
