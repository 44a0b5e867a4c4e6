"""``init`` records today's layout findings in a baseline; ``check`` then reports new ones only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict

from tests.helpers import cli, findings_at, write_unconfigured

MAIN = "from fastapi import FastAPI\napp = FastAPI()\n"
SCHEMA = "from pydantic import BaseModel\n\nclass {0}(BaseModel):\n    x: int = 1\n"
FILES: Dict[str, str] = {
    "app/__init__.py": "",
    "app/main.py": MAIN,
    **{f"app/schemas/s{n}.py": SCHEMA.format(f"S{n}") for n in range(6)},
    "app/services/__init__.py": "",
    "app/services/orders.py": SCHEMA.format("Stray"),  # one schema outside schemas/
    "app/core/__init__.py": "",
    "app/core/config.py": "from app.services import users\n",  # closes config -> services -> config
    "app/core/paths.py": "from app.services import orders\n",  # a layer cycle, not a module one:
    "app/core/log.py": "LOG = 1\n",
    "app/services/audit.py": "from app.core import log\n",  # services -> core, but orders is a leaf
    "app/services/users.py": "from app.core import config\nfrom app.core import config as c\n",
    "app/services/items.py": "from app.core import config\n",
}


def _project(root: Path) -> Path:
    return write_unconfigured(root, FILES)


_codes = findings_at


def test_init_records_the_layout_findings_and_check_reports_the_erosion(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = cli(root, "init", "--no-cache")
    assert result.exit_code == 0
    assert "recorded today's 3 layout findings in fastlayer-baseline.json" in result.stdout
    recorded = json.loads((root / "fastlayer-baseline.json").read_text())["findings"]
    assert sorted((f["path"], f["code"]) for f in recorded) == [
        ("app/core/paths.py", "FL101"),  # against the direction, but closes no cycle
        ("app/main.py", "FL502"),  # no health route
        ("app/services/orders.py", "FL302"),
    ]
    assert "FL101: 1 imports that close no cycle" in (root / "pyproject.toml").read_text()
    assert 'baseline = "fastlayer-baseline.json"' in (root / "pyproject.toml").read_text()
    assert _codes(root) == [  # the import that closes the cycle: a layer and a module cycle
        "app/core/config.py:1:26: FL101",
        "app/core/config.py:1:26: FL102",
    ]
    (root / "fastlayer-baseline.json").unlink()
    (root / "pyproject.toml").write_text(
        (root / "pyproject.toml").read_text().replace('baseline = "fastlayer-baseline.json"', "")
    )
    assert _codes(root) == [
        "app/core/config.py:1:26: FL101",
        "app/core/config.py:1:26: FL102",
        "app/core/paths.py:1:26: FL101",
        "app/main.py:2:7: FL502",
        "app/services/orders.py:3:7: FL302",
    ]


def test_a_new_stray_after_init_is_reported(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert cli(root, "init", "--no-cache").exit_code == 0
    (root / "app/services/billing.py").write_text(SCHEMA.format("Late"))
    assert _codes(root, "--select", "FL302") == ["app/services/billing.py:3:7: FL302"]


def test_init_never_replaces_a_baseline_without_force(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "fastlayer-baseline.json").write_text("mine\n")
    result = cli(root, "init", "--no-cache")
    assert result.exit_code == 2
    assert "fastlayer-baseline.json exists; use --force to replace it" in result.output
    assert (root / "fastlayer-baseline.json").read_text() == "mine\n"
    assert "fastlayer" not in (root / "pyproject.toml").read_text()


def test_a_way_back_only_through_a_deferred_import_closes_no_cycle(tmp_path: Path) -> None:
    """polar: services import ``polar.worker``, which reaches a service only through an import
    inside a function (FL102's deliberate deferral): recorded, not reported."""
    files = {
        "app/__init__.py": "",
        "app/main.py": MAIN,
        "app/core/__init__.py": "",
        "app/core/queue.py": "from app.services import audit\n",  # against services -> core
        "app/core/log.py": "LOG = 1\n",
        "app/services/__init__.py": "",
        "app/services/audit.py": "def record():\n    from app.core import queue\n",
        "app/services/users.py": "from app.core import log\nfrom app.core import log as l\n",
    }
    write_unconfigured(tmp_path, files)
    assert cli(tmp_path, "init", "--no-cache").exit_code == 0
    recorded = json.loads((tmp_path / "fastlayer-baseline.json").read_text())["findings"]
    assert ("app/core/queue.py", "FL101") in [(f["path"], f["code"]) for f in recorded]
    assert _codes(tmp_path, "--select", "FL101") == []
