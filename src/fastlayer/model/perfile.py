"""``per_file``: what is derived from one file's facts alone, computed once per version of the file.

The facts of a file are immutable and a project held in memory (``engine/live.py``) keeps a
file's facts object while the file does not change, so an answer memoised on that object stays
right for as long as it is reachable: the rules that scan every module on every check pay for
the edited files only. Like ``functools.cached_property`` (``FileFacts.bindings``), the answer is
kept in the instance's ``__dict__``, which the dataclass's equality and the cache's codec ignore.
"""

from __future__ import annotations

import functools
from typing import Callable, Dict, List, Tuple, TypeVar

from fastlayer.facts.types import CallFact, FileFacts

T = TypeVar("T")


def per_file(compute: Callable[[FileFacts], T]) -> Callable[[FileFacts], T]:
    """``compute(facts)`` memoised on ``facts``; ``compute`` must read nothing but ``facts``."""
    key = f"_per_file:{compute.__module__}.{compute.__qualname__}"

    @functools.wraps(compute)
    def memoised(facts: FileFacts) -> T:
        known = facts.__dict__
        if key not in known:
            known[key] = compute(facts)
        answer: T = known[key]
        return answer

    return memoised


@per_file
def _calls_by_name(facts: FileFacts) -> Dict[str, Tuple[int, ...]]:
    """The indexes in ``facts.calls`` of the calls by the last name of their callee, as written
    (``include_router`` in ``app.include_router(...)``) and as qualified through the file's
    imports (``CORSMiddleware`` for ``C(...)`` after ``import ... CORSMiddleware as C``)."""
    index: Dict[str, List[int]] = {}
    for position, call in enumerate(facts.calls):
        callee = call.call.callee
        if callee is None or callee.kind not in ("name", "attr"):
            continue
        dotted = callee.dotted()  # None for ``get_app().include_router``: named by the attribute
        qualified = facts.qualify(dotted) if dotted is not None else None
        for name in {str(callee.value), (qualified or "").rsplit(".", 1)[-1]}:
            index.setdefault(name, []).append(position)
    return {name: tuple(found) for name, found in index.items()}


def calls_named(facts: FileFacts, wanted: Callable[[str], bool]) -> Tuple[CallFact, ...]:
    """The calls (in source order) whose callee's last name, as written or as qualified, is
    ``wanted``: a cheap superset for a loop over ``facts.calls`` that then applies its own test
    (a call of no name or attribute, ``f()()``, is never among them). Its callers are ``per_file``
    pickers (``ProjectModel.having``), which keep the answer."""
    index = _calls_by_name(facts)
    found = sorted({i for name, where in index.items() if wanted(name) for i in where})
    return tuple(facts.calls[i] for i in found)
