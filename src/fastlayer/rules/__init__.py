"""Every rule family, registered explicitly in one place."""

from __future__ import annotations

from fastlayer.rules.base import REGISTRY, Example, Registry, Rule, register


def all_rules() -> Registry:
    """The registry with every family imported (imports register the classes)."""
    from fastlayer.rules import (
        app,  # noqa: F401
        diagram,  # noqa: F401
        files,  # noqa: F401
        imports,  # noqa: F401
        placement,  # noqa: F401
        secrets,  # noqa: F401
        structure,  # noqa: F401
    )
    from fastlayer.rules.cors import (  # noqa: F401
        origins,
        pattern,
        reflection,
        unresolved,
        wildcard,
    )

    return REGISTRY


__all__ = ["Example", "Registry", "Rule", "all_rules", "register"]
