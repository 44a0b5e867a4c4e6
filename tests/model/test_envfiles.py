from __future__ import annotations

from pathlib import Path

from fastlayer.model.values.envfiles import EnvFiles, normalise, parse_env

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
    assert files.from_working_dir("../.env") == ".env"  # run from backend/, as the full-stack template is
    assert EnvFiles(tmp_path, [""]).from_working_dir("../.env") is None  # outside the project
    assert files.search_upwards("backend/app") == ".env"
    assert files.read("missing.env") is None


def test_normalise_stays_inside_the_project() -> None:
    assert normalise("a/../b/.env") == "b/.env"
    assert normalise("../.env") is None
    assert normalise("/etc/.env") is None
    assert normalise("~/.env") is None
