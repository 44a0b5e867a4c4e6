"""FL101-FL105, FL109: exact findings and messages."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

from tests.helpers import diagnostics, write_project

MAIN = "from fastapi import FastAPI\napp = FastAPI()\n"
LAYERS = 'root = "app"\n'  # default preset fastapi-layered, flat layout


def _found(tmp_path: Path, files: dict, config: str, code: str) -> List[Tuple[str, int, str]]:
    root = write_project(tmp_path, files, config)
    return [(d.path, d.line, d.message) for d in diagnostics(root, select=[code]) if d.code == code]


def test_fl101_message_names_both_layers_and_the_allowed_ones(tmp_path: Path) -> None:
    files = {
        "app/main.py": MAIN,
        "app/config/settings.py": "from services.users import X\n",
        "app/services/users.py": "X = 1\n",
    }
    assert _found(tmp_path, files, LAYERS, "FL101") == [
        (
            "app/config/settings.py",
            1,
            "layer 'config' imports layer 'services' (services.users) in `from services.users import X`; 'config' may import: no other layer",
        )
    ]


def test_fl101_type_checking_import_reported_unless_ignored(tmp_path: Path) -> None:
    files = {
        "app/main.py": MAIN,
        "app/services/users.py": "X = 1\n",
        "app/config/settings.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from services.users import X\n",
    }
    found = _found(tmp_path / "a", files, LAYERS, "FL101")
    assert [(p, line) for p, line, _ in found] == [("app/config/settings.py", 3)]
    assert "(TYPE_CHECKING)" in found[0][2]
    assert (
        _found(tmp_path / "b", files, LAYERS + 'type-checking-imports = "ignore"\n', "FL101") == []
    )


def test_fl101_one_finding_per_statement_and_target(tmp_path: Path) -> None:
    files = {
        "app/main.py": MAIN,
        "app/services/users.py": "X = 1\nY = 2\n",
        "app/config/settings.py": "from services.users import X, Y\n",
    }
    assert len(_found(tmp_path, files, LAYERS, "FL101")) == 1


def test_fl102_module_cycle_once_with_the_whole_chain(tmp_path: Path) -> None:
    files = {
        "app/main.py": MAIN,
        "app/services/a.py": "from services import b\n",
        "app/services/b.py": "from services import c\n",
        "app/services/c.py": "import services.a\nfrom services import b\n",
    }
    assert _found(tmp_path, files, LAYERS, "FL102") == [
        (
            "app/services/a.py",
            1,
            "import cycle services.a -> services.b -> services.c -> services.a "
            "(imports at app/services/a.py:1, app/services/b.py:1, app/services/c.py:1)",
        )
    ]


def test_fl102_layer_cycle_only_when_an_edge_is_forbidden(tmp_path: Path) -> None:
    files = {
        "app/main.py": MAIN,
        "app/core/errors.py": "from models import base\n",
        "app/models/base.py": "from core import security\n",
        "app/core/security.py": "X = 1\n",
    }
    assert (
        _found(tmp_path, files, LAYERS, "FL102") == []
    )  # core <-> models: both allowed by the preset


def test_fl101_names_the_layer_cycle_it_closes_and_fl102_stays_silent(tmp_path: Path) -> None:
    """realworld: models/domain/users.py imports services, services import models.domain; FL102 used
    to repeat FL101 on the same line as a layer cycle."""
    files = {
        "app/main.py": MAIN,
        "app/models/domain/users.py": "from services import security\n",
        "app/services/security.py": "X = 1\n",
        "app/services/articles.py": "from models.domain import users\n",
    }
    assert _found(tmp_path, files, LAYERS, "FL101") == [
        (
            "app/models/domain/users.py",
            1,
            "layer 'models.domain' imports layer 'services' (services.security) in `from services import security`; "
            "'models.domain' may import: models, core, utils; this closes the layer cycle models.domain -> services -> models.domain "
            "(services -> models.domain at app/services/articles.py:1)",
        )
    ]
    assert _found(tmp_path, files, LAYERS, "FL102") == []


def test_fl101_domain_scripts_may_run_jobs_and_use_domain_modules(tmp_path: Path) -> None:
    """polar server/scripts: `from polar import tasks`, `from polar.event.system import ...` (48 + 44 FL101 before)."""
    files = {
        "polar/__init__.py": "",
        "polar/app.py": MAIN,
        "polar/tasks.py": "X = 1\n",
        "polar/event/system.py": "X = 1\n",
        "polar/event/service.py": "X = 1\n",
        "polar/event/endpoints.py": "X = 1\n",
        "scripts/seed.py": "from polar import tasks\nfrom polar.event.system import X\nfrom polar.event.endpoints import X\n",
    }
    found = _found(tmp_path, files, 'preset = "fastapi-domain"\nroot = "polar"\n', "FL101")
    assert [(p, line) for p, line, _ in found] == [
        ("scripts/seed.py", 3)
    ]  # the HTTP layer stays off limits


def test_fl104_external_prefix_matching(tmp_path: Path) -> None:
    files = {
        "app/main.py": MAIN,
        "app/models/schemas/user.py": "import sqlalchemy.orm\nimport sqlalchemy_utils\nimport pydantic\n",
    }
    assert _found(tmp_path, files, LAYERS, "FL104") == [
        (
            "app/models/schemas/user.py",
            1,
            "layer 'models.schemas' must stay free of 'sqlalchemy' but imports it in `import sqlalchemy.orm`",
        )
    ]


def test_fl105_reports_unmapped_modules_inside_the_app_root_only(tmp_path: Path) -> None:
    files = {
        "app/main.py": MAIN,
        "app/helpers.py": "X = 1\n",
        "tools/release.py": "X = 1\n",
        "tests/test_x.py": "X = 1\n",
    }
    assert _found(tmp_path, files, LAYERS, "FL105") == [
        (
            "app/helpers.py",
            1,
            "module 'helpers.py' belongs to no layer of preset 'fastapi-layered'",
        ),
    ]


def test_project_level_tests_are_in_the_tests_layer(tmp_path: Path) -> None:
    files = {
        "app/main.py": MAIN,
        "app/services/users.py": "X = 1\n",
        "tests/test_users.py": "from services.users import X\n",
        "app/utils/strings.py": "from tests import test_users\n",
    }
    found = _found(tmp_path, files, LAYERS, "FL101")
    assert [(p, line) for p, line, _ in found] == [("app/utils/strings.py", 1)]
    assert "layer 'utils' imports layer 'tests'" in found[0][2]


def test_fl109_cross_domain_private_module(tmp_path: Path) -> None:
    files = {
        "src/__init__.py": "",
        "src/main.py": MAIN,
        "src/auth/__init__.py": "X = 1\n",
        "src/auth/jwt.py": "X = 1\n",
        "src/auth/service.py": "X = 1\n",
        "src/posts/service.py": "from src.auth import X\nfrom src.auth import service\nfrom src.auth.jwt import X\n",
        "src/auth/router.py": "from src.auth import jwt\n",
    }
    assert _found(tmp_path, files, 'root = "src"\npreset = "fastapi-domain"\n', "FL109") == [
        (
            "src/posts/service.py",
            3,
            "domain 'posts' imports 'src.auth.jwt', a private 'internal' module of domain 'auth', in `from src.auth.jwt import X`; "
            "public roles: constants, dependencies, exceptions, schemas, service",
        )
    ]


def test_fl101_one_finding_per_import_statement_listing_the_names(tmp_path: Path) -> None:
    files = {
        "app/main.py": MAIN,
        "app/services/users.py": "X = 1\n",
        "app/services/orgs.py": "Y = 1\n",
        "app/config/settings.py": "from services.users import (\n    X,\n    X as Z,\n)\nfrom services import users, orgs\n",
    }
    assert _found(tmp_path, files, LAYERS, "FL101") == [
        (
            "app/config/settings.py",
            2,
            "layer 'config' imports layer 'services' (services.users) in `from services.users import X, X as Z`; "
            "'config' may import: no other layer",
        ),
        (
            "app/config/settings.py",
            5,
            "layer 'config' imports layer 'services' (services.users, services.orgs) in "
            "`from services import users, orgs`; 'config' may import: no other layer",
        ),
    ]


CYCLE = {
    "app/main.py": MAIN,
    "app/services/a.py": "from services import b\n\ndef list_items():\n    return []\n",
    "app/services/b.py": "def helper(db):\n    from services.a import list_items  # deferred on purpose\n",
}


def test_fl102_a_cycle_closed_only_inside_a_function_is_a_deferral(tmp_path: Path) -> None:
    assert _found(tmp_path, CYCLE, LAYERS, "FL102") == []


def test_fl102_import_cycles_all_reports_it_and_says_it_is_deferred(tmp_path: Path) -> None:
    assert _found(tmp_path, CYCLE, LAYERS + 'import-cycles = "all"\n', "FL102") == [
        (
            "app/services/a.py",
            1,
            "import cycle services.a -> services.b -> services.a (imports at app/services/a.py:1, "
            "app/services/b.py:2 (deferred)); it goes through a deferred import (inside a function), "
            "so it closes only at call time",
        )
    ]


def test_fl102_module_level_cycle_is_reported_with_its_module_level_imports(tmp_path: Path) -> None:
    files = dict(
        CYCLE,
        **{
            "app/services/b.py": "from services.a import list_items\n\ndef f():\n    from services import a\n"
        },
    )
    assert _found(tmp_path, files, LAYERS, "FL102") == [
        (
            "app/services/a.py",
            1,
            "import cycle services.a -> services.b -> services.a (imports at app/services/a.py:1, app/services/b.py:1)",
        )
    ]
