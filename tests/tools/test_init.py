"""fastlayer init / fastlayer config."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fastlayer.config.loader import load_config
from fastlayer.rules import all_rules
from fastlayer.tools.init import plan, render, strip_tables
from tests.helpers import cli, findings_at, write_project, write_unconfigured

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MAIN = "from fastapi import FastAPI\napp = FastAPI()\n"
FULLSTACK = {  # the shape of fastapi/full-stack-fastapi-template's backend/app
    "backend/app/__init__.py": "",
    "backend/app/main.py": MAIN + "from app.api.main import api_router\n",
    "backend/app/api/__init__.py": "",
    "backend/app/api/main.py": "from app.api.routes import items\n",
    "backend/app/api/deps.py": "from app.core.db import engine\n",
    "backend/app/api/routes/__init__.py": "",
    "backend/app/api/routes/items.py": "from app import crud\nfrom app.models import Item\n",
    "backend/app/core/__init__.py": "",
    "backend/app/core/config.py": "X = 1\n",
    "backend/app/core/db.py": "from app import crud\nfrom app.core.config import X\nengine = None\n",
    "backend/app/core/security.py": "def get_password_hash(p): ...\n",
    "backend/app/crud.py": "from app.models import Item\nfrom app.core.security import get_password_hash\n",
    "backend/app/models.py": "class Item: ...\n",
    "backend/app/utils.py": "X = 1\n",
    "backend/app/initial_data.py": "from app.core.db import engine\n",
    "backend/app/alembic/env.py": "from app.models import Item\n",
    "backend/app/alembic/versions/0001.py": "X = 1\n",
    "backend/tests/test_items.py": "from app.main import app\n",
}


_write = write_unconfigured


def test_layered_mapping_of_a_fullstack_shape(tmp_path: Path) -> None:
    root = _write(tmp_path, FULLSTACK)
    result = plan(root)
    assert (result.app_root, result.preset) == ("backend/app", "fastapi-layered")
    paths = {change.name: [g for g, _ in change.added] for change in result.layers}
    assert paths == {
        "config": ["core/config.py"],
        "models": ["models.py"],
        "scripts": ["initial_data.py"],
        "services": ["crud.py"],
        "utils": ["utils.py"],
    }


def test_init_writes_then_check_reports_the_upward_import(tmp_path: Path) -> None:
    root = _write(tmp_path, FULLSTACK)
    assert cli(root, "init").exit_code == 0
    config = tomllib.loads((root / "pyproject.toml").read_text())
    assert config["project"]["name"] == "x" and config["tool"]["fastlayer"]["root"] == "backend/app"
    result = cli(root, "check", "--quiet", "--exit-zero", "--select", "FL101,FL105")
    assert result.stdout.splitlines() == [
        "backend/app/core/db.py:1:17: FL101 [error] layer 'core' imports layer 'services' (app.crud) in `from app import crud`; "
        "'core' may import: config, utils, models, models.domain, models.schemas; this closes the "
        "layer cycle core -> services -> core (services -> core at backend/app/crud.py:2)",
        "Found 1 finding (1 error) in 18 files.",
    ]


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        FULLSTACK,
        "[project]\nname = 'x'\n\n[tool.fastlayer]\nroot = 'elsewhere'\n\n[tool.other]\nkeep = 1\n",
    )
    refused = cli(root, "init")
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert "root = 'elsewhere'" in (root / "pyproject.toml").read_text()
    assert cli(root, "init", "--force").exit_code == 0
    data = tomllib.loads((root / "pyproject.toml").read_text())
    assert data["tool"]["fastlayer"]["root"] == "backend/app" and data["tool"]["other"] == {
        "keep": 1
    }
    load_config(root, None, all_rules().rules)  # the written configuration is valid


def test_dry_run_prints_and_writes_nothing(tmp_path: Path) -> None:
    root = _write(tmp_path, FULLSTACK)
    before = (root / "pyproject.toml").read_text()
    result = cli(root, "init", "--dry-run")
    assert result.exit_code == 0 and result.stdout.startswith("[tool.fastlayer]\n")
    assert (root / "pyproject.toml").read_text() == before


def test_fastlayer_toml_without_pyproject(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {"app/main.py": MAIN, "app/routes/items.py": "X = 1\n", "app/schemas/item.py": "X = 1\n"},
    )
    (root / "pyproject.toml").unlink()
    (root / ".git").mkdir()
    assert cli(root, "init").exit_code == 0
    text = (root / "fastlayer.toml").read_text()
    assert tomllib.loads(text)["layers"]["api"]["paths"] == ["api/**", "routes/**"]
    assert cli(root, "init").exit_code == 2


def test_repositories_layer_when_services_exist(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "app/main.py": MAIN,
            "app/services/users.py": "X = 1\n",
            "app/db/repositories/users.py": "X = 1\n",
            "app/db/migrations/env.py": "X = 1\n",
            "app/db/migrations/versions/a.py": "X = 1\n",
        },
    )
    data = tomllib.loads(render(plan(root), ""))
    assert data["layers"]["repositories"]["paths"] == ["db/repositories/**"]
    assert "repositories" in data["layers"]["services"]["may-import"]
    assert data["layers"]["alembic"]["paths"] == ["alembic/**", "db/migrations/**"]


def test_domain_sliced_repository_gets_the_domain_preset(tmp_path: Path) -> None:
    files = {"src/main.py": MAIN, "src/cli.py": "X = 1\n", "src/messaging/strings.py": "X = 1\n"}
    for domain in ("auth", "posts", "tags"):
        files.update(
            {
                f"src/{domain}/models.py": "X = 1\n",
                f"src/{domain}/service.py": "X = 1\n",
                f"src/{domain}/views.py": "X = 1\n",
            }
        )
    data = tomllib.loads(render(plan(_write(tmp_path, files)), ""))
    assert data["preset"] == "fastapi-domain" and data["root"] == "src"
    assert data["domains"]["public"][-1] == "models"  # Pydantic models live in models.py
    assert (
        data["domains"]["exclude"][-1] == "messaging/"
    )  # a package without any role file is shared
    assert data["layers"]["main"]["paths"][-1] == "cli.py"


def test_placement_and_top_level_follow_the_mapped_layers(tmp_path: Path) -> None:
    """full-stack template: Settings in core/config.py (config layer) is no FL304; realworld: db/ and
    resources/ mapped onto layers are no FL203, settings classes in core/settings/ no FL304."""
    root = _write(tmp_path / "fullstack", FULLSTACK)
    data = tomllib.loads(render(plan(root), ""))
    assert data["placement"]["settings-class"] == [
        "config/**",
        "tests/**",
        "core/config.py",
        "**/config.py",
    ]
    assert data["placement"]["env-read"] == [
        "config/**",
        "tests/**",
        "core/config.py",
        "**/config.py",
    ]
    assert data["structure"] == {
        "required": ["api/", "core/", "main.py"]
    }  # only what the project has
    settings = "from pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    x: int = 1\n"
    realworld = _write(
        tmp_path / "realworld",
        {
            "app/main.py": MAIN,
            "app/services/users.py": "X = 1\n",
            "app/db/repositories/users.py": "X = 1\n",
            "app/db/errors.py": "X = 1\n",
            "app/resources/strings.py": "X = 1\n",
            "app/core/settings/app.py": settings,
        },
    )
    assert cli(realworld, "init").exit_code == 0
    result = cli(realworld, "check", "--quiet", "--exit-zero", "--select", "FL203,FL304")
    assert result.stdout == "All checks passed (6 files checked).\n"


def test_domain_models_holding_pydantic_are_a_schema_place(tmp_path: Path) -> None:
    """dispatch: Pydantic models live in every domain's models.py (431 FL302 before)."""
    pydantic = "from pydantic import BaseModel\nclass Read(BaseModel):\n    x: int\n"
    files = {"src/main.py": MAIN}
    for domain in ("auth", "posts", "tags"):
        files.update(
            {
                f"src/{domain}/models.py": pydantic,
                f"src/{domain}/service.py": "X = 1\n",
                f"src/{domain}/views.py": "X = 1\n",
            }
        )
    root = _write(tmp_path, files)
    assert "**/models.py" in tomllib.loads(render(plan(root), ""))["placement"]["pydantic-schema"]
    assert cli(root, "init").exit_code == 0
    result = cli(root, "check", "--quiet", "--exit-zero", "--select", "FL302")
    assert result.stdout == "All checks passed (10 files checked).\n"


def test_strip_tables_keeps_other_tools() -> None:
    text = "[project]\nname='x'\n[tool.fastlayer]\nroot='a'\n[tool.fastlayer.layers.\"models.domain\"]\npaths=[]\n[tool.ruff]\nx=1\n"
    assert strip_tables(text, "tool.fastlayer") == "[project]\nname='x'\n[tool.ruff]\nx=1\n"


def test_config_command_prints_effective_layers(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {"app/main.py": MAIN},
        "[tool.fastlayer]\nroot = 'app'\n[tool.fastlayer.layers.services]\nmay-import = ['config']\n",
    )
    result = cli(root, "config")
    assert result.exit_code == 0
    out = result.stdout
    assert 'root = "app"' in out and 'preset = "fastapi-layered"' in out
    assert '[layers.services]\npaths = ["services/**"]\nmay-import = ["config"]\n' in out


def test_a_lone_surrogate_neither_crashes_init_nor_the_cached_check(tmp_path: Path) -> None:
    root = _write(tmp_path, {"app/main.py": MAIN, "app/text.py": 'BAD = "\\ud800"\n'})
    without_cache = cli(root, "init", "--no-cache", "--dry-run")
    assert without_cache.exit_code == 0 and "Traceback" not in without_cache.stderr
    assert not (root / ".fastlayer_cache").exists()
    assert cli(root, "init").exit_code == 0
    for _ in range(2):  # cold (writes the cache), then warm (reads it back)
        checked = cli(root, "check", "--exit-zero", "--select", "FL1")
        assert checked.exit_code == 0 and "error" not in checked.stderr, checked.stderr
    assert (root / ".fastlayer_cache").is_dir()


def test_an_unexpected_error_in_init_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fastlayer.tools.init as planner

    def broken(root: Path, cache: bool = True) -> None:
        raise RuntimeError("boom")

    root = _write(tmp_path, {"app/main.py": MAIN})
    monkeypatch.setattr(planner, "plan", broken)
    result = cli(root, "init", "--dry-run")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "fastlayer: error: internal error: RuntimeError: boom (set FASTLAYER_DEBUG=1 for the traceback)"
    ]


# --- init --force on hostile configuration files (issue 17) ---

APP = {"app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"}
PROJECT = '[project]\nname = "shop"\ndescription = """\n[tool.fastlayer]\nnot a header\n"""\n'


def _pyproject(tmp_path: Path, text: str) -> Path:
    root = write_project(tmp_path, APP)
    (root / "pyproject.toml").write_text(text)
    return root


@pytest.mark.parametrize(
    "tool",
    [
        pytest.param("['tool'.fastlayer]\nroot = 'app'\n", id="quoted-header"),
        pytest.param(
            '[tool."fastlayer"]\nroot = "app"\n[tool.fastlayer.layers.api]\npaths = ["x/**"]\n',
            id="dq",
        ),
    ],
)
def test_force_replaces_tables_however_they_are_quoted(tmp_path: Path, tool: str) -> None:
    root = _pyproject(tmp_path, PROJECT + tool + "[tool.black]\nline-length = 100\n")
    assert cli(root, "init", "--force").exit_code == 0
    data = tomllib.loads((root / "pyproject.toml").read_text())
    assert data["project"]["description"] == "[tool.fastlayer]\nnot a header\n"
    assert data["tool"]["black"] == {"line-length": 100}
    assert "layers" not in data["tool"]["fastlayer"] or "x/**" not in str(
        data["tool"]["fastlayer"]["layers"]
    )


@pytest.mark.parametrize(
    "tool",
    [
        pytest.param('[tool]\nfastlayer = { root = "app" }\n', id="inline-table"),
        pytest.param('[tool]\nfastlayer.root = "app"\n', id="dotted-keys"),
    ],
)
def test_force_never_writes_an_invalid_pyproject(tmp_path: Path, tool: str) -> None:
    root = _pyproject(tmp_path, PROJECT + tool)
    before = (root / "pyproject.toml").read_text()
    result = cli(root, "init", "--force")
    assert result.exit_code == 2
    assert result.stderr.startswith("fastlayer: error: pyproject.toml left unchanged: ")
    assert result.stderr.count("\n") == 1
    assert (root / "pyproject.toml").read_text() == before


def test_latin1_or_directory_fastlayer_toml_is_one_line(tmp_path: Path) -> None:
    root = write_project(tmp_path / "latin1", APP)
    (root / "fastlayer.toml").write_bytes(b'# caf\xe9\nroot = "app"\n')
    for args in (["init"], ["init", "--dry-run"], ["init", "--force"]):
        result = cli(root, *args)
        assert (result.exit_code, result.stderr) == (
            2,
            "fastlayer: error: fastlayer.toml: invalid TOML: not valid UTF-8 (byte 0xe9 at offset 5)\n",
        )
    root = write_project(tmp_path / "dir", APP)
    (root / "pyproject.toml").unlink()
    (root / ".git").mkdir()
    (root / "fastlayer.toml").mkdir()
    for args in (["init"], ["init", "--dry-run"]):
        result = cli(root, *args)
        assert result.exit_code == 2
        assert result.stderr == (
            "fastlayer: error: fastlayer.toml exists and is not a regular file; remove or rename it first\n"
        )


def test_init_on_the_issue_examples_writes_the_fixtures_configuration(tmp_path: Path) -> None:
    """fixtures/init-learns holds what init writes for its tree: routers/ -> api and routes placed there,
    schema/ (singular) -> schemas, db/session.py -> config (not ORM access), the deferred cycle, the
    debug switch and /v1 are clean; the one import against the learned direction is reported."""
    import shutil

    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "init-learns"
    root = tmp_path / "project"
    shutil.copytree(
        fixture,
        root,
        ignore=shutil.ignore_patterns(
            "expected.txt", ".fastlayer_cache", "fastlayer-baseline.json"
        ),
    )
    written = (root / "pyproject.toml").read_text()
    head = written.split("\n[tool.fastlayer]", 1)[0] + "\n"
    (root / "pyproject.toml").write_text(head)
    assert cli(root, "init", "--no-cache").exit_code == 0
    assert (root / "pyproject.toml").read_text() == written
    baseline = (fixture / "fastlayer-baseline.json").read_text()
    assert (root / "fastlayer-baseline.json").read_text() == baseline
    checked = cli(root, "check", "--no-cache", "--quiet", "--exit-zero")
    assert checked.stdout == (fixture / "expected.txt").read_text()


def test_directions_the_code_follows_are_learned_and_disagreements_listed(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "app/main.py": MAIN,
            "app/core/a.py": "from app.services import s\n",
            "app/core/b.py": "from app.services import s\nfrom app.services import t\n",
            "app/services/s.py": "from app.plugins import p\nfrom app.plugins import q\n",
            "app/services/t.py": "from app.core import a\n",  # the minority: closes core -> services -> core
            "app/plugins/p.py": "X = 1\n",
            "app/plugins/q.py": "from app.services import t\n",  # against services -> plugins (2 imports)
            "app/__init__.py": "",
            "app/core/__init__.py": "",
            "app/services/__init__.py": "",
            "app/plugins/__init__.py": "",
        },
    )
    result = plan(root)
    changes = {change.name: change for change in result.layers}
    assert changes["core"].may_import is not None and "services" in changes["core"].may_import
    assert changes["plugins"].new and changes["plugins"].added[0][0] == "plugins/**"
    assert (
        changes["services"].may_import is not None and "plugins" in changes["services"].may_import
    )
    assert result.notes == (
        "where the code disagrees with the preset's documented directions (edit may-import to decide):",
        "  core -> services: 3 imports, 1 the other way (allowed below; the preset forbids it)",
        "  services -> core withdrawn: 1 imports against 3 (the preset allows it)",
    )
    assert (
        changes["services"].may_import is not None and "core" not in changes["services"].may_import
    )
    assert cli(root, "init", "--no-cache").exit_code == 0
    assert findings_at(root, "--select", "FL101,FL105") == [
        "app/plugins/q.py:1:26: FL101",
        "app/services/t.py:1:22: FL101",
    ]


def test_placement_learns_a_module_name_repeated_across_domains(tmp_path: Path) -> None:
    error = "class {0}Error(Exception):\n    pass\n\nclass {0}Missing(Exception):\n    pass\n"
    files = {"src/main.py": MAIN, "src/__init__.py": ""}
    for domain in ("auth", "posts", "billing"):
        files.update(
            {
                f"src/{domain}/__init__.py": "",
                f"src/{domain}/router.py": "X = 1\n",
                f"src/{domain}/service.py": "X = 1\n",
                f"src/{domain}/failures.py": error.format(domain.title()),
            }
        )
    files["src/posts/helpers.py"] = error.format("Stray")  # one module: stays a finding
    root = _write(tmp_path, files)
    placement = {kind: (globs, why) for kind, globs, why in plan(root).placement}
    globs, why = placement["exception-class"]
    assert "**/failures.py" in globs and "**/failures.py holds 6 of 8" in why
    assert not any("helpers" in glob for glob in globs)


def test_a_kind_scattered_without_convention_is_allowed_anywhere(tmp_path: Path) -> None:
    schema = "from pydantic import BaseModel\n\nclass S(BaseModel):\n    x: int = 1\n"
    files = {"app/main.py": MAIN, "app/schemas/a.py": schema}
    files.update(
        {f"app/pkg{n}/m{n}.py": schema for n in range(12)}
    )  # twelve packages, no home for schemas
    placement = {kind: (globs, why) for kind, globs, why in plan(_write(tmp_path, files)).placement}
    globs, why = placement["pydantic-schema"]
    assert "**" in globs and why.endswith(
        "no convention: 12 of 13 are scattered outside any place holding a tenth"
    )


def test_init_names_every_app_when_another_lives_outside_the_main_app_root(tmp_path: Path) -> None:
    """onyx's shape: the API (the most routers) and a model server beside it; a worker's probe app
    inside the API tree and a test app are not named."""
    main = (
        "from fastapi import FastAPI\nfrom onyx.routers import a, b\n\napp = FastAPI()\n"
        "app.include_router(a.router)\napp.include_router(b.router)\n"
    )
    root = _write(
        tmp_path,
        {
            "backend/onyx/main.py": main,
            "backend/onyx/worker/probe.py": "from fastapi import FastAPI\n\nprobe = FastAPI()\n",
            "backend/model_server/main.py": "import fastapi\n\nserver = fastapi.FastAPI()\n",
            "backend/tests/test_api.py": MAIN,
        },
    )
    text = render(plan(root), "")
    assert (
        "# several FastAPI apps, each judged under its own directory:\n"
        "#   backend/onyx/main.py:app: the main one: the largest: 2 routes and included routers, "
        "3 imports\n"
        "#   backend/model_server/main.py:server: its own FastAPI(), outside backend/onyx/\n"
        'apps = ["backend/onyx/main.py:app", "backend/model_server/main.py:server"]\n'
    ) in text
    assert cli(root, "init", "--no-cache").exit_code == 0
    assert cli(root, "check", "--no-cache", "--exit-zero").exit_code == 0


def test_connection_setup_modules_are_config_by_whole_words(tmp_path: Path) -> None:
    """``db/async_session.py`` sets up the connection; onyx's ``db/connector.py`` holds data
    connectors (ORM access), whatever the substring ``connect`` says."""
    files = {
        "app/main.py": MAIN,
        "app/db/async_session.py": "X = 1\n",
        "app/db/connector.py": "X = 1\n",
        "app/db/connector_credential_pair.py": "X = 1\n",
        "app/db/models.py": "X = 1\n",
    }
    changes = {change.name: change for change in plan(_write(tmp_path, files)).layers}
    assert [glob for glob, _ in changes["config"].added] == ["db/async_session.py"]
