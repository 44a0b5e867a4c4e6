from __future__ import annotations

import itertools

import pathspec
import pytest

from fastlayer.files.gitignore import GitIgnore, union

GITIGNORE = """\
# comments and blank lines

__pycache__/
*.py[cod]
*$py.class
.env
.venv
env/
build/
dist/
/site
/docs/_build/
*.egg-info/
.coverage.*
htmlcov/
node_modules
/frontend/dist/*
!/frontend/dist/keep.txt
data/
!data/.env
!data/schema.sql
**/generated/**
!**/generated/README.md
logs/**/*.log
docs/**/tmp
a/**/b
*.sqlite3
\\#notes#
trailing\\ space\\ 
[Tt]emp/
?cache
src/app/local_settings.py
!src/app/local_settings.example.py
secret*
!secret_template.py
foo/bar/
"""

NAMES = [
    "__pycache__",
    "x.pyc",
    "x.py",
    "mod$py.class",
    ".env",
    ".venv",
    "env",
    "build",
    "dist",
    "site",
    "docs",
    "_build",
    "pkg.egg-info",
    ".coverage.1",
    "node_modules",
    "frontend",
    "keep.txt",
    "other.txt",
    "data",
    "schema.sql",
    "generated",
    "README.md",
    "logs",
    "x.log",
    "tmp",
    "a",
    "b",
    "c",
    "db.sqlite3",
    "#notes#",
    "trailing space ",
    "Temp",
    "temp",
    "xcache",
    "src",
    "app",
    "local_settings.py",
    "local_settings.example.py",
    "secret.py",
    "secret_template.py",
    "foo",
    "bar",
]


def _paths() -> list[str]:
    paths = []
    for depth in (1, 2, 3):
        for parts in itertools.product(NAMES, repeat=depth):
            if depth == 3 and hash(parts) % 7:
                continue  # a deterministic sample of the deepest level
            rel = "/".join(parts)
            paths += [rel, rel + "/"]
    return paths


def test_same_answers_as_pathspec_on_a_realistic_gitignore() -> None:
    lines = GITIGNORE.splitlines()
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    ours = GitIgnore(lines)
    paths = _paths()
    expected = [bool(spec.match_file(p)) for p in paths]
    assert [ours.ignored(p) for p in paths] == expected
    assert 0 < sum(expected) < len(paths)


def test_the_union_matches_exactly_when_one_pattern_does() -> None:
    spec = pathspec.GitIgnoreSpec.from_lines(GITIGNORE.splitlines())
    regexes = [p.regex for p in spec.patterns if p.include is not None and p.regex is not None]
    combined = union(regexes)
    assert combined is not None
    for path in _paths():
        assert (combined.match(path) is not None) == any(r.match(path) for r in regexes), path


@pytest.mark.parametrize("lines", [[], ["# only a comment", ""]])
def test_no_patterns_ignore_nothing(lines: list[str]) -> None:
    assert not GitIgnore(lines).ignored("x.py")
