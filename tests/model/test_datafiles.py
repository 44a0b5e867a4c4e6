"""Project data files (YAML, JSON, TOML) as the static evaluator reads them."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Optional

from fastlayer.config.loader import load_config
from fastlayer.engine.run import build_model
from fastlayer.facts.expr import Expr
from fastlayer.model.values.datafiles import parse
from fastlayer.model.values.envfiles import EnvEntry, parse_env
from fastlayer.model.values.evaluator import Context, Evaluator, Value, render
from fastlayer.model.values.types import Origin
from fastlayer.rules import all_rules
from tests.helpers import write_project

BASE = {"app/__init__.py": "", "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"}


def _value(tmp_path: Path, files: Dict[str, str], module: str, name: str) -> Value:
    root = write_project(tmp_path, {**BASE, **files})
    model = build_model(load_config(root, None, all_rules().rules), cache=False)
    return Evaluator(model).evaluate(model.modules[module], Expr("name", name, line=10**6))


def _unset(name: str) -> Optional[EnvEntry]:
    return None


def _origin(value: Value) -> Origin:
    assert value.origin is not None
    return value.origin


def test_yaml_values_keep_their_file_and_line() -> None:
    document = parse(
        "server:\n  cors:\n    allow_origins:\n      - https://a.example\n    credentials: yes\n",
        "settings.yaml",
        _unset,
    )
    server = document.items[1]
    cors = server.items[1]
    origins, credentials = cors.items[1], cors.items[3]
    assert render(origins) == '["https://a.example"]'
    assert _origin(origins).describe() == "server.cors.allow_origins from settings.yaml:4"
    assert (credentials.const, _origin(credentials).line) == (True, 5)  # YAML 1.1: yes is true


def test_interpolation_takes_the_environment_else_the_default() -> None:
    env = parse_env("CORS_ENABLED=false\n", ".env")
    text = "enabled: ${CORS_ENABLED:true}\nport: ${PORT:8080}\nname: ${A,B:x}\nsecret: ${KEY}\n"
    document = parse(text, "s.yaml", Context("", (env,)).lookup)
    enabled, port, name, secret = document.items[1::2]
    assert (enabled.const, _origin(enabled).describe()) == (
        "false",
        "enabled from s.yaml:1, ${CORS_ENABLED} from .env:1",
    )
    assert (port.const, _origin(port).note) == (8080, "the default of ${PORT}")
    assert name.const == "x"
    assert secret.kind == "unknown"


def test_unsafe_tags_and_broken_files_are_unknown_never_constructed() -> None:
    document = parse("a: !!python/object/apply:os.system ['echo hi']\nb: 1\n", "s.yaml", _unset)
    assert document.items[1].kind == "unknown" and document.items[3].const == 1
    assert parse("a: [1\n", "s.yaml", _unset).kind == "unknown"
    assert parse("[a]\nb = \n", "s.toml", _unset).kind == "unknown"


def test_toml_lines_of_tables_and_dotted_keys() -> None:
    document = parse(
        '[server]\nhost = "h"\n\n[server.cors]\norigins = ["*"]\nlimits.max = 3\n', "c.toml", _unset
    )
    cors = document.items[1].items[3]
    assert _origin(cors.items[1]).describe() == "server.cors.origins from c.toml:5"
    assert _origin(cors.items[3].items[1]).line == 6


def test_loader_forms_reach_the_values(tmp_path: Path) -> None:
    files = {
        "config/app.yaml": "cors:\n  origins: ['https://a.example']\n",
        "config/app.json": '{"cors": {"origins": ["https://b.example"]}}\n',
        "app/conf.py": (
            "import json, os\nfrom pathlib import Path\nimport yaml\n"
            "HERE = os.path.dirname(os.path.abspath(__file__))\n"
            "Y = yaml.safe_load(open(os.path.join(HERE, '..', 'config', 'app.yaml')))\n"
            "J = json.loads((Path(__file__).parent.parent / 'config' / 'app.json').read_text())\n"
            "with open('config/app.yaml') as f:\n    W = yaml.load(f, Loader=yaml.SafeLoader)\n"
            "ORIGINS = Y['cors']['origins'] + J.get('cors', {})['origins'] + W['cors']['origins']\n"
        ),
    }
    value = _value(tmp_path, files, "app/conf.py", "ORIGINS")
    assert render(value) == '["https://a.example", "https://b.example", "https://a.example"]'


def test_models_built_from_loaded_dicts(tmp_path: Path) -> None:
    files = {
        "settings.yaml": "server:\n  cors:\n    origins: ['*']\n",
        "app/conf.py": (
            "import yaml\nfrom pydantic import BaseModel\n"
            "class Cors(BaseModel):\n    origins: list[str] = []\n"
            "class Server(BaseModel):\n    cors: Cors = Cors()\n"
            "class Settings(BaseModel):\n    server: Server\n"
            "with open('settings.yaml') as f:\n    DATA = yaml.safe_load(f)\n"
            "A = Settings(**DATA).server.cors.origins\n"
            "B = Settings.model_validate(DATA).server.cors.origins\n"
        ),
    }
    for name in ("A", "B"):
        value = _value(tmp_path, files, "app/conf.py", name)
        assert (render(value), _origin(value).describe()) == (
            '["*"]',
            "server.cors.origins from settings.yaml:3",
        )


def test_unknown_data_binds_the_base_file_only_when_its_keys_match(tmp_path: Path) -> None:
    model = (
        "import yaml\nfrom pydantic import BaseModel\n"
        "class Server(BaseModel):\n    origins: list[str] = []\n"
        "class Settings(BaseModel):\n    server: Server\n    data: dict\n"
        "S = Settings(**load())\nORIGINS = S.server.origins\n"
    )
    bound = {"settings.yaml": "server:\n  origins: ['*']\ndata: {}\n", "app/conf.py": model}
    assert render(_value(tmp_path / "a", bound, "app/conf.py", "ORIGINS")) == '["*"]'
    missing_key = {**bound, "settings.yaml": "server:\n  origins: ['*']\n"}
    assert _value(tmp_path / "b", missing_key, "app/conf.py", "ORIGINS").kind == "unknown"
    no_parser = {**bound, "app/conf.py": model.replace("import yaml\n", "")}
    assert _value(tmp_path / "c", no_parser, "app/conf.py", "ORIGINS").kind == "unknown"


def test_profile_files_beside_a_base_settings_file() -> None:
    from fastlayer.model.values.databound import profiles

    paths = [
        "settings.yaml",
        "settings-local.yaml",
        "settings.docker.yaml",
        "settings_prod.yaml",
        "settings-local.json",
        "config/app.toml",
        "config/app-ci.toml",
        "settingsx.yaml",
        "other-local.yaml",
    ]
    assert profiles(paths) == {
        "local": ["settings-local.yaml"],
        "docker": ["settings.docker.yaml"],
        "prod": ["settings_prod.yaml"],
        "ci": ["config/app-ci.toml"],
    }
