from __future__ import annotations

from pathlib import Path

import pytest

from fastlayer.model.values.envfiles import MAX_BYTES, EnvFiles, normalise, parse_env
from tests.helpers import cli, write_project

TEXT = """\
# a comment
export A=1
B = 'x # not a comment'
C="line1
line2"  # trailing comment
D=plain # inline comment
E=${A}-${MISSING:-fallback}-${UNSET}
F='${A}'
JSON='[
  "https://a.example",
  "https://b.example"
]'
G
H=
A=2
"""


def test_parse_follows_python_dotenv() -> None:
    env = parse_env(TEXT, ".env")
    rows = [(e.key, e.value, e.line) for e in env.entries]
    assert rows == [
        ("A", "1", 2),
        ("B", "x # not a comment", 3),
        ("C", "line1\nline2", 4),
        ("D", "plain", 6),
        ("E", "1-fallback-", 7),
        ("F", "${A}", 8),
        ("JSON", '[\n  "https://a.example",\n  "https://b.example"\n]', 9),
        ("H", "", 14),
        ("A", "2", 15),
    ]


def test_get_later_wins_and_case_insensitive_lookup() -> None:
    env = parse_env(TEXT, ".env")
    assert env.get("A") is not None and env.get("A").value == "2"
    assert env.get("json") is None
    assert env.get("json", case_sensitive=False).line == 9


def test_unterminated_quote_is_dropped() -> None:
    assert [e.key for e in parse_env('A=1\nB="never closed\nC=3\n', ".env").entries] == ["A"]


def test_working_dirs_and_upward_search(tmp_path: Path) -> None:
    (tmp_path / "backend" / "app").mkdir(parents=True)
    (tmp_path / ".env").write_text("ROOT=1\n")
    (tmp_path / "backend" / ".env.local").write_text("LOCAL=1\n")
    files = EnvFiles(tmp_path, ["", "backend", "backend/app"])
    assert files.from_working_dir(".env") == ".env"
    assert files.from_working_dir(".env.local") == "backend/.env.local"
    assert (
        files.from_working_dir("../.env") == ".env"
    )  # run from backend/, as the full-stack template is
    assert EnvFiles(tmp_path, [""]).from_working_dir("../.env") is None  # outside the project
    assert files.search_upwards("backend/app") == ".env"
    assert files.read("missing.env") is None


def test_normalise_stays_inside_the_project() -> None:
    assert normalise("a/../b/.env") == "b/.env"
    assert normalise("../.env") is None
    assert normalise("/etc/.env") is None
    assert normalise("~/.env") is None


# --- hostile env files (issue 17): nothing outside the project, nothing that is not a regular file ---

MAIN = (
    "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n"
    "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n"
    "class Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_file='conf/app.env')\n"
    "    FIRSTVAR: str = 'https://default.example'\n\n"
    "settings = Settings()\napp = FastAPI()\n"
    "app.add_middleware(CORSMiddleware, allow_origins=settings.FIRSTVAR)\n"
)
SECRET = "CI_SECRET_TOKEN=s3cr3t-T0ken-value"


def _leak_project(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "project", {"app/main.py": MAIN, "conf/placeholder": ""})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "app.env").write_text(f"FIRSTVAR={SECRET}\n")
    return root


def _fl409(root: Path, output_format: str = "text") -> str:
    result = cli(root, "check", "--no-cache", "--select", "FL409", "--output-format", output_format)
    return result.output


def test_env_file_symlinked_outside_the_project_is_not_read(tmp_path: Path) -> None:
    root = _leak_project(tmp_path)
    (root / "conf/app.env").symlink_to(tmp_path / "outside/app.env")
    out = _fl409(root)
    assert "s3cr3t" not in out
    assert '"https://default.example" (Settings.FIRSTVAR default at app/main.py:7)' in out


def test_env_file_in_a_symlinked_directory_outside_the_project_is_not_read(tmp_path: Path) -> None:
    root = _leak_project(tmp_path)
    (root / "conf/placeholder").unlink()
    (root / "conf").rmdir()
    (root / "conf").symlink_to(tmp_path / "outside", target_is_directory=True)
    for output_format in ("text", "json", "sarif", "gitlab", "junit", "github"):
        assert "s3cr3t" not in _fl409(root, output_format), output_format


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="Linux /proc only")
def test_env_file_symlinked_to_the_process_environment_is_not_read(tmp_path: Path) -> None:
    root = _leak_project(tmp_path)
    (root / "conf/app.env").symlink_to("/proc/self/environ")
    assert "s3cr3t" not in _fl409(root)
    assert EnvFiles(root, [""]).read("conf/app.env") is None


def test_values_read_from_env_files_are_printed_only_when_they_are_origins(tmp_path: Path) -> None:
    root = _leak_project(tmp_path)
    (root / "conf/app.env").write_text(f"FIRSTVAR={SECRET}\n")
    out = _fl409(root)
    assert "s3cr3t" not in out
    assert (
        "allow_origins is the string <value of conf/app.env:1> (Settings.FIRSTVAR from conf/app.env:1)"
        in out
    )
    (root / "conf/app.env").write_text("FIRSTVAR=https://a.example,https://b.example\n")
    assert (
        '"https://a.example,https://b.example" (Settings.FIRSTVAR from conf/app.env:1)'
        in _fl409(root)
    )


def test_interpolated_secret_never_reaches_a_printed_origin(tmp_path: Path) -> None:
    root = _leak_project(tmp_path)
    (root / "conf/app.env").write_text("TOKEN=s3cr3tvalue\nFIRSTVAR=https://${TOKEN}.example\n")
    out = _fl409(root)
    assert "s3cr3t" not in out
    assert "<value of conf/app.env:2>" in out
    entries = parse_env("A=x\nB=${A}\nC=${MISSING:-d}\n", ".env").entries
    assert [e.interpolated for e in entries] == [False, True, False]


def test_env_parsing_is_linear(tmp_path: Path) -> None:
    text = "".join(f"KEY_{n}=value-{n}  # comment\n" for n in range(100_000))
    env = parse_env(text, ".env")
    assert len(env.entries) == 100_000
    assert (env.entries[-1].key, env.entries[-1].line) == ("KEY_99999", 100_000)


def test_env_file_over_the_size_limit_is_a_warning(tmp_path: Path) -> None:
    root = _leak_project(tmp_path)
    (root / "conf/app.env").write_bytes(b"A=*\n" + b"#" * MAX_BYTES + b"\n")
    result = cli(root, "check", "--no-cache", "--select", "FL409")
    assert (
        f"fastlayer: warning: conf/app.env: larger than {MAX_BYTES:,} bytes, not read "
        "(its values are unknown to the checks)"
    ) in result.output
