"""Does a branch depend on the environment? (``if os.getenv("DEBUG") == "1":``, ``if settings.DEBUG:``,
``if in_debug_mode():``)

A call under such a branch runs only in the environments that choose it: ``FastAPI(debug=True)``
inside ``if os.getenv("DEBUG"):`` is a development switch, not debug in production (FL504).
"""

from __future__ import annotations

import re
from typing import Callable, Iterator, Optional

import libcst as cst

from fastlayer.facts.walk import children

ENV_READERS = frozenset({"os.getenv", "os.getenvb", "os.environ.get", "os.environ", "environ.get"})
# A configuration flag named in the test: DEBUG, ENV, ENVIRONMENT, APP_ENV, settings.debug, ...
_FLAG = re.compile(
    r"(^|_)(debug|env|environment|stage|mode|development|dev|prod|production|testing)($|_)", re.I
)

Qualify = Callable[[Optional[str]], Optional[str]]


def reads_environment(test: cst.BaseExpression, qualify: Qualify) -> bool:
    """True when ``test`` reads an environment variable or names a configuration flag."""
    return any(_environmental(node, qualify) for node in _walk(test))


def _environmental(node: cst.CSTNode, qualify: Qualify) -> bool:
    if isinstance(node, (cst.Call, cst.Subscript)):
        target = node.func if isinstance(node, cst.Call) else node.value
        name = dotted_name(target) or ""
        flag_call = isinstance(node, cst.Call) and bool(_FLAG.search(name.rsplit(".", 1)[-1]))
        return flag_call or (qualify(name) or "") in ENV_READERS
    if isinstance(node, cst.Attribute):
        return bool(_FLAG.search(node.attr.value))
    return isinstance(node, cst.Name) and bool(_FLAG.search(node.value)) and node.value.isupper()


def _walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    yield node
    for child in children(node):  # libcst's ``children`` rebuilds the node to list them
        yield from _walk(child)


def dotted_name(node: Optional[cst.CSTNode]) -> Optional[str]:
    """``a.b.c`` for a name or attribute chain, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted_name(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None
