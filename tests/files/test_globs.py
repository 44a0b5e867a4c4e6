"""``files.globs``: the configuration's path globs, including hostile ones (issue 17)."""

from __future__ import annotations

import fnmatch
from typing import List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _reference(parts: List[str], segments: List[str]) -> bool:
    """Plain recursive glob semantics: ``**`` is any number of segments, else fnmatch per segment."""
    if not parts:
        return not segments
    if parts[0] == "**":
        return any(_reference(parts[1:], segments[i:]) for i in range(len(segments) + 1))
    return (
        bool(segments)
        and fnmatch.fnmatchcase(segments[0], parts[0])
        and _reference(parts[1:], segments[1:])
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["**", "a", "b", "*", "a*", "?", "[ab]"]), min_size=1, max_size=7),
    st.lists(st.sampled_from(["a", "b", "ab", "ba", "c"]), min_size=1, max_size=7),
)
def test_globs_match_like_the_reference(parts: List[str], segments: List[str]) -> None:
    if parts[-1] == "**" and len(parts) > 1:  # ``x/**`` also matches ``x`` itself (the directory)
        expected = _reference(parts, segments) or _reference(parts[:-1], segments)
    else:
        expected = _reference(parts, segments)
    assert matches("/".join(segments), "/".join(parts)) is expected
