"""``Module``: one discovered Python file with its dotted name and facts. The leaf every analysis
of the model builds on (it imports nothing else of the model)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

from fastlayer.facts.types import FileFacts, FunctionFact


@dataclass(frozen=True)
class Module:
    """``path``: project-relative file path (``app/api/users.py``); ``name``: its dotted module name
    under the source root (``app.api.users``), None when the path is no importable name;
    ``facts``: what the libcst pass extracted (``facts.error`` set when it could not)."""

    path: str
    name: Optional[str]
    facts: FileFacts

    @property
    def is_package(self) -> bool:
        return self.path.endswith("__init__.py")

    def functions_named(self, qualname: str, methods: bool = True) -> Iterator[FunctionFact]:
        """The functions (then, with ``methods``, the class methods) whose qualified name within
        the module is ``qualname`` (``create_app``, ``Settings.origins``); none for ``""``."""
        if not qualname:
            return
        yield from (f for f in self.facts.functions if f.qualname == qualname)
        if methods:
            yield from (
                m for cls in self.facts.classes for m in cls.methods if m.qualname == qualname
            )

    def function(self, qualname: str, methods: bool = True) -> Optional[FunctionFact]:
        """The first of ``functions_named``: the function a call's ``in_function`` names."""
        return next(self.functions_named(qualname, methods), None)
