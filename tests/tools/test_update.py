"""fastlayer init --update: what the user edited survives, what the code grew is added."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.helpers import cli, write_files

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROJECT = {
    "app/__init__.py": "",
    "app/main.py": (
        "from fastapi import FastAPI\nfrom app.routers import items\n\napp = FastAPI()\n"
        "app.include_router(items.router)\n"
    ),
    "app/routers/__init__.py": "",
    "app/routers/items.py": (
        "from fastapi import APIRouter\nfrom app.services import items\n\nrouter = APIRouter()\n\n\n"
        "@router.get('/items')\ndef read():\n    return items.every()\n"
    ),
    "app/services/__init__.py": "",
    "app/services/items.py": "from app.db import session\n\n\ndef every():\n    return []\n",
    "app/db/__init__.py": "",
    "app/db/session.py": "X = 1\n",
    "app/schemas/__init__.py": "",
    "app/schemas/item.py": "from pydantic import BaseModel\n\n\nclass Item(BaseModel):\n    x: int\n",
}
HEAD = "[project]\nname = 'shop'\n\n[tool.black]\nline-length = 100\n"
GLOB = '    "routers/**",   # routers/: router modules are the HTTP layer\n'


def _project(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "pyproject.toml").write_text(HEAD)
    _write(root, PROJECT)
    return root


_write = write_files


def _hand_edit(root: Path) -> None:
    """Change a layer's glob, add an ignore and a rule option (with a comment of ours)."""
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text()
    assert GLOB in text
    text = text.replace(GLOB, '    "routers/*.py",   # ours: the top-level router modules only\n')
    text = text.replace(
        'preset = "fastapi-layered"\n',
        'preset = "fastapi-layered"\n# our gateway checks health\nignore = ["FL502"]\n'
        'import-cycles = "all"\n',
    )
    pyproject.write_text(text)


def _grow(root: Path) -> None:
    """A new package, imported by the services: a new layer and a new direction."""
    plugin = {f"app/plugins/p{n}.py": "X = 1\n" for n in range(3)}
    _write(root, dict(plugin, **{"app/plugins/__init__.py": ""}))
    services = "".join(f"from app.plugins import p{n}\n" for n in range(3))
    (root / "app/services/items.py").write_text(
        services + (root / "app/services/items.py").read_text()
    )


def _fastlayer(root: Path) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text())["tool"]["fastlayer"]


def test_init_then_edit_then_grow_then_update_keeps_the_edits(tmp_path: Path) -> None:
    root = _project(tmp_path / "shop")
    assert cli(root, "init", "--no-cache").exit_code == 0
    assert (root / ".fastlayer-init.toml").is_file()
    _hand_edit(root)
    _grow(root)
    edited = (root / "pyproject.toml").read_text()

    refused = cli(root, "init", "--no-cache")
    assert refused.exit_code == 2 and "`fastlayer init --update`" in refused.stderr

    preview = cli(root, "init", "--update", "--dry-run", "--no-cache")
    assert preview.exit_code == 0
    assert (root / "pyproject.toml").read_text() == edited  # --dry-run writes nothing
    assert "+[tool.fastlayer.layers.plugins]\n" in preview.stdout  # the diff

    result = cli(root, "init", "--update", "--no-cache")
    assert result.exit_code == 0, result.stderr
    services = (
        '["utils", "config", "models", "models.domain", "models.schemas", "models.database", '
        '"core", "tasks", "plugins"]'
    )
    assert result.stdout.splitlines() == [
        "updated pyproject.toml: 3 added, 1 updated; 1 kept as you edited them",
        '  kept     layers.api.paths: edited by you; init infers ["api/**", "routers/**"]',
        "  added    layers.plugins.may-import: []",
        '  added    layers.plugins.paths: ["plugins/**"]',
        f"  added    layers.services.may-import: {services}",
        '  updated  structure.allowed-top-level: + "plugins"',
        "  kept     yours (init never writes them): ignore, import-cycles",
    ]
    text = (root / "pyproject.toml").read_text()
    assert text.startswith(edited.split("[tool.fastlayer.structure]")[0])  # above: untouched
    assert "# ours: the top-level router modules only" in text and "# our gateway" in text
    data = _fastlayer(root)
    assert data["layers"]["api"]["paths"] == ["api/**", "routers/*.py"]
    assert (data["ignore"], data["import-cycles"]) == (["FL502"], "all")
    assert data["layers"]["plugins"]["paths"] == ["plugins/**"]
    assert "plugins" in data["layers"]["services"]["may-import"]
    assert tomllib.loads(text)["tool"]["black"] == {"line-length": 100}
    again = cli(root, "init", "--update", "--no-cache")
    assert again.stdout.splitlines()[0] == (
        "pyproject.toml: nothing to change; 1 kept as you edited them"
    )
    checked = cli(root, "check", "--no-cache", "--quiet", "--exit-zero", "--select", "FL101,FL105")
    assert checked.stdout == "All checks passed (14 files checked).\n"


def test_an_edited_array_still_takes_what_init_newly_infers(tmp_path: Path) -> None:
    """The user narrowed api's routers/** glob; a new routes/ folder still joins the api layer."""
    root = _project(tmp_path / "shop")
    assert cli(root, "init", "--no-cache").exit_code == 0
    _hand_edit(root)
    _write(root, {"app/routes/__init__.py": "", "app/routes/admin.py": "X = 1\n"})
    result = cli(root, "init", "--update", "--no-cache")
    assert '  updated  layers.api.paths: + "routes/**" (your edits kept)' in result.stdout
    assert _fastlayer(root)["layers"]["api"]["paths"] == ["api/**", "routers/*.py", "routes/**"]


def test_what_init_no_longer_infers_goes_unless_the_user_kept_it(tmp_path: Path) -> None:
    root = _project(tmp_path / "shop")
    _grow(root)
    assert cli(root, "init", "--no-cache").exit_code == 0
    assert "plugins" in _fastlayer(root)["layers"]
    for path in sorted((root / "app/plugins").iterdir()):
        path.unlink()
    (root / "app/plugins").rmdir()
    (root / "app/services/items.py").write_text(PROJECT["app/services/items.py"])
    result = cli(root, "init", "--update", "--no-cache")
    assert "  removed  layers.plugins.paths: init no longer infers it" in result.stdout
    data = _fastlayer(root)
    assert "plugins" not in data["layers"]
    assert "[tool.fastlayer.layers.plugins]" not in (root / "pyproject.toml").read_text()


def test_a_comment_of_the_user_above_an_updated_key_stays(tmp_path: Path) -> None:
    root = _project(tmp_path / "shop")
    assert cli(root, "init", "--no-cache").exit_code == 0
    pyproject = root / "pyproject.toml"
    mine = "# reviewed by the team in March\n"
    text = pyproject.read_text().replace("allowed-top-level = ", mine + "allowed-top-level = ")
    pyproject.write_text(text.replace("# directories mapped onto a layer above are expected\n", ""))
    _grow(root)
    assert cli(root, "init", "--update", "--no-cache").exit_code == 0
    text = pyproject.read_text()
    assert mine + "# directories mapped onto a layer above are expected\n" in text
    assert "plugins" in _fastlayer(root)["structure"]["allowed-top-level"]
    unchanged = cli(root, "init", "--update", "--no-cache")
    assert unchanged.stdout.startswith("pyproject.toml: nothing to change")
    assert pyproject.read_text() == text


def test_a_key_the_user_deleted_stays_deleted(tmp_path: Path) -> None:
    root = _project(tmp_path / "shop")
    assert cli(root, "init", "--no-cache").exit_code == 0
    pyproject = root / "pyproject.toml"
    lines = pyproject.read_text().splitlines(keepends=True)
    pyproject.write_text("".join(line for line in lines if "endpoints-pattern" not in line))
    result = cli(root, "init", "--update", "--no-cache")
    assert '  kept     app.endpoints-pattern: removed by you; init infers "routers/**"' in (
        result.stdout
    )
    assert "endpoints-pattern" not in _fastlayer(root).get("app", {})


def test_without_a_record_only_missing_keys_are_added(tmp_path: Path) -> None:
    root = _project(tmp_path / "shop")
    assert cli(root, "init", "--no-cache").exit_code == 0
    (root / ".fastlayer-init.toml").unlink()
    _hand_edit(root)
    _grow(root)
    result = cli(root, "init", "--update", "--no-cache")
    assert "no record of init's last run" in result.stdout
    data = _fastlayer(root)
    assert data["layers"]["api"]["paths"] == ["api/**", "routers/*.py"]
    assert "plugins" not in data["structure"]["allowed-top-level"]  # the user's value: kept
    assert data["layers"]["plugins"]["paths"] == ["plugins/**"]  # missing: added
    assert (root / ".fastlayer-init.toml").is_file()


def test_update_in_fastlayer_toml_adds_a_top_level_key(tmp_path: Path) -> None:
    """fastlayer.toml: a new top-level key (apps) goes above the first table."""
    root = tmp_path / "shop"
    root.mkdir()
    (root / ".git").mkdir()
    _write(root, PROJECT)
    assert cli(root, "init", "--no-cache").exit_code == 0
    server = "from fastapi import FastAPI\n\nserver = FastAPI()\n"
    _write(root, {"model_server/main.py": server})
    result = cli(root, "init", "--update", "--no-cache")
    assert result.exit_code == 0, result.stderr
    data = tomllib.loads((root / "fastlayer.toml").read_text())
    assert data["apps"] == ["app/main.py:app", "model_server/main.py:server"]
    assert data["root"] == "app"


def test_update_refuses_what_it_cannot_edit_in_place(tmp_path: Path) -> None:
    """The user rewrote [structure] as an inline table: the new top-level folder cannot go in."""
    root = _project(tmp_path / "shop")
    assert cli(root, "init", "--no-cache").exit_code == 0
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text()
    table = text[text.index("[tool.fastlayer.structure]") : text.index("[tool.fastlayer.app]")]
    structure = tomllib.loads(table)["tool"]["fastlayer"]["structure"]
    inline = ", ".join(f"{key} = {value!r}".replace("'", '"') for key, value in structure.items())
    text = text.replace(table, "").replace(
        'preset = "fastapi-layered"\n', f'preset = "fastapi-layered"\nstructure = {{ {inline} }}\n'
    )
    pyproject.write_text(text)
    _grow(root)
    result = cli(root, "init", "--update", "--no-cache")
    assert result.exit_code == 2
    assert result.stderr.startswith("fastlayer: error: cannot update the configuration in place")
    assert pyproject.read_text() == text


def test_update_refuses_a_merge_that_would_be_invalid(tmp_path: Path) -> None:
    root = _project(tmp_path / "shop")
    _grow(root)
    assert cli(root, "init", "--no-cache").exit_code == 0
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text().replace(
        "[tool.fastlayer.layers.services]\n", "[tool.fastlayer.layers.services]\n# mine\n"
    )
    text = text.replace('"tasks", "plugins"]', '"tasks", "plugins", "utils"]')  # edited
    pyproject.write_text(text)
    for path in sorted((root / "app/plugins").iterdir()):
        path.unlink()
    (root / "app/plugins").rmdir()
    result = cli(root, "init", "--update", "--no-cache")
    assert result.exit_code == 2
    assert "left unchanged: the updated configuration would be invalid" in result.stderr
    assert "layers.services.may-import: unknown layer 'plugins'" in result.stderr
    assert pyproject.read_text() == text


def test_update_needs_a_configuration_and_excludes_force(tmp_path: Path) -> None:
    root = _project(tmp_path / "shop")
    result = cli(root, "init", "--update", "--no-cache")
    assert (result.exit_code, result.stderr) == (
        2,
        "fastlayer: error: pyproject.toml has no fastlayer configuration yet: run `fastlayer init`\n",
    )
    both = cli(root, "init", "--update", "--force")
    assert both.exit_code == 2 and "choose one" in both.stderr
