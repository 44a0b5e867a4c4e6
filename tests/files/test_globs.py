"""``files.globs``: the configuration's path globs, including hostile ones (issue 17)."""

from __future__ import annotations

import pytest

from fastlayer.files.globs import GlobError, compile_glob, glob_problem, matches

CASES = [
    ("api/**", "api", True),
    ("api/**", "api/a/b.py", True),
    ("api/**", "apix/a.py", False),
    ("api/**/endpoints/**", "api/v1/endpoints/users.py", True),
    ("api/**/endpoints/**", "api/endpoints/users.py", True),
    ("api/**/endpoints/**", "api/v1/other/users.py", False),
    ("**/test_*.py", "a/b/test_x.py", True),
    ("**/test_*.py", "test_x.py", True),
    ("models/*.py", "models/a/b.py", False),
    ("docs/", "docs/a/b.md", True),
    ("a/[bc]d/*.py", "a/cd/x.py", True),
    ("a/[!bc]d/*.py", "a/xd/x.py", True),
    ("a/[!bc]d/*.py", "a/bd/x.py", False),
    ("a/**/b/**/c/**/d/**/e.py", "a/1/b/2/3/c/d/e.py", True),
    ("a/**/b/**/c/**/d/**/e.py", "a/1/b/2/3/c/x/e.py", False),
    ("**/**/**/x.py", "x.py", True),
    ("**/**/**/x.py", "p/q/x.py", True),
]


@pytest.mark.parametrize(("pattern", "path", "expected"), CASES)
def test_glob_semantics(pattern: str, path: str, expected: bool) -> None:
    assert matches(path, pattern) is expected


@pytest.mark.parametrize("pattern", ["[]", "a/][/b", "x[]y.py", "a[b", "a]b"])
def test_bracket_globs_that_are_no_character_class_are_refused(pattern: str) -> None:
    with pytest.raises(GlobError):
        compile_glob(pattern)
    assert glob_problem(pattern) is not None


def test_repeated_double_stars_do_not_backtrack_on_deep_paths() -> None:
    deep = "/".join(["d"] * 40) + "/z.py"
    assert not matches(deep, "**/**/**/**/**/**/**/**/**/y.py")  # one ``**``
    assert not matches(deep, "**/d/**/d/**/d/**/d/**/d/**/d/**/d/**/d/**/y.py")  # the automaton
    assert matches(deep, "**/d/**/d/**/d/**/d/**/d/**/d/**/d/**/d/**/z.py")


def test_thousands_of_globs_stay_compiled() -> None:
    patterns = [f"generated/dir{n}/**" for n in range(5_000)]
    for pattern in patterns:
        compile_glob(pattern)
    misses = compile_glob.cache_info().misses
    assert not any(matches("src/app.py", pattern) for pattern in patterns)
    assert compile_glob.cache_info().misses == misses
