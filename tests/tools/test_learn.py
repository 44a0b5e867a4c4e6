"""What ``init`` learns from the code (tools/learn.py), checked through ``init`` then ``check``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Dict, List

from fastlayer.tools.init import plan
from tests.helpers import cli, findings_at
from tests.helpers import write_unconfigured as _write

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MAIN = "from fastapi import FastAPI\napp = FastAPI()\n"
ROUTER = "from fastapi import APIRouter\nrouter = APIRouter()\n"


def _domains(*names: str) -> Dict[str, str]:
    files = {"src/__init__.py": "", "src/main.py": MAIN}
    for name in names:
        files.update(
            {
                f"src/{name}/__init__.py": "",
                f"src/{name}/router.py": ROUTER,
                f"src/{name}/service.py": "X = 1\n",
            }
        )
    return files


def _findings(root: Path, select: str, *args: str) -> List[str]:
    return findings_at(root, "--select", select, *args)


def test_a_module_three_other_domains_import_becomes_public(tmp_path: Path) -> None:
    files = _domains("auth", "posts", "billing", "orders")
    files["src/auth/scope.py"] = "SCOPES = ()\n"  # posts, billing and orders import it
    files["src/auth/helpers.py"] = "def h(): ...\n"  # only posts reaches in: a finding
    files["src/posts/service.py"] = (
        "from src.auth.scope import SCOPES\nfrom src.auth import helpers\n"
    )
    files["src/billing/service.py"] = "from src.auth.scope import SCOPES\n"
    files["src/orders/service.py"] = "from src.auth.scope import SCOPES\n"
    root = _write(tmp_path, files)
    result = plan(root)
    assert result.domains_public is not None and "scope" in result.domains_public
    assert "helpers" not in result.domains_public
    assert "modules other domains import (public below): scope (3 domains)" in result.notes
    assert cli(root, "init", "--no-cache").exit_code == 0
    public = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["fastlayer"]["domains"]
    assert "scope" in public["public"]
    recorded = json.loads((root / "fastlayer-baseline.json").read_text())["findings"]
    assert [(f["path"], f["code"]) for f in recorded if f["code"] == "FL109"] == [
        ("src/posts/service.py", "FL109")  # init records it; check reports new ones only
    ]
    assert _findings(root, "FL109", "--no-baseline") == ["src/posts/service.py:2:22: FL109"]


def test_a_route_module_never_becomes_public(tmp_path: Path) -> None:
    files = _domains("auth", "posts", "billing", "orders")
    for name in ("posts", "billing", "orders"):
        files[f"src/{name}/service.py"] = "from src.auth.router import router\n"
    result = plan(_write(tmp_path, files))
    assert result.domains_public is None or "router" not in result.domains_public


def test_the_catch_all_layer_takes_no_direction(tmp_path: Path) -> None:
    """polar: a domain's other modules (``internal``: enums, repositories, flows) are imported
    by its service and import services: no layer cycle to report between them."""
    files = _domains("auth", "posts", "billing")
    for name in ("auth", "posts", "billing"):
        files[f"src/{name}/flows.py"] = f"from src.{name}.service import X\n"
        files[f"src/{name}/enums.py"] = "A = 1\n"
        files[f"src/{name}/service.py"] = f"from src.{name}.enums import A\nX = A\n"
    root = _write(tmp_path, files)
    assert cli(root, "init", "--no-cache").exit_code == 0
    assert _findings(root, "FL101") == []


def test_type_only_imports_are_no_layer_dependency_after_init(tmp_path: Path) -> None:
    """tach's default: an import under ``if TYPE_CHECKING:`` never runs, so it neither teaches a
    direction nor counts against one (lnbits' nodes -> wallets)."""
    files = {
        "app/__init__.py": "",
        "app/main.py": MAIN + "from app.api import items\n",
        "app/api/__init__.py": "",
        "app/api/items.py": "from app.services import orders\nfrom app.services import users\n",
        "app/services/__init__.py": "",
        "app/services/orders.py": "X = 1\n",
        "app/services/users.py": (
            "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from app.api import items\n"
        ),
    }
    root = _write(tmp_path, files)
    assert cli(root, "init", "--no-cache").exit_code == 0
    assert 'type-checking-imports = "ignore"' in (root / "pyproject.toml").read_text()
    assert _findings(root, "FL101") == []
    (root / "app/services/orders.py").write_text("from app.api import items\n")  # one that runs
    assert _findings(root, "FL101") == ["app/services/orders.py:1:21: FL101"]


def test_two_layers_with_no_clear_majority_are_entangled_not_erosion(tmp_path: Path) -> None:
    """onyx's chat and tools import each other 49 and 37 times: reporting the 37 one by one would
    be arbitrary; both ways are allowed and the config names the pair for the user to decide."""
    files = {
        "app/__init__.py": "",
        "app/main.py": MAIN,
        "app/chat/__init__.py": "",
        "app/tools/__init__.py": "",
        **{f"app/chat/c{n}.py": f"from app.tools import t{n}\n" for n in range(4)},
        **{f"app/tools/t{n}.py": "X = 1\n" for n in range(4)},
        **{f"app/tools/u{n}.py": f"from app.chat import c{n}\n" for n in range(3)},
    }
    root = _write(tmp_path, files)
    notes = plan(root).notes
    assert (
        "  chat <-> tools entangled: 4 imports one way, 3 the other (both allowed: remove one from "
        "may-import to see the imports against it)"
    ) in notes
    assert cli(root, "init", "--no-cache").exit_code == 0
    assert _findings(root, "FL101", "--no-baseline") == []
