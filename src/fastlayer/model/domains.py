"""Does a project look domain-sliced? (``auth/router.py``, ``auth/service.py``, ``posts/...``)

Shared by ``fastlayer init`` (which proposes the domain preset) and the engine (which warns
when an unconfigured project gets the layered preset although it is domain-sliced).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Set

ROLE_FILES = frozenset(
    {
        "router.py",
        "routes.py",
        "views.py",
        "endpoints.py",
        "service.py",
        "services.py",
        "schemas.py",
        "models.py",
        "repository.py",
        "crud.py",
        "dependencies.py",
        "tasks.py",
        "flows.py",
    }
)
ROLE_DIRS = frozenset(
    {"routers", "routes", "endpoints", "service", "services", "schemas", "models", "repositories"}
)


def role_of(segment: str) -> Optional[str]:
    """``service.py`` or a ``service/`` directory -> ``service``; None for other names."""
    stem = segment[:-3] if segment.endswith(".py") else segment
    return stem if f"{stem}.py" in ROLE_FILES or stem in ROLE_DIRS else None


def domain_packages(files: Sequence[str]) -> List[str]:
    """Top-level packages holding at least two roles (``auth/router.py``, ``auth/service.py``,
    ``customer_portal/endpoints/``)."""
    roles: Dict[str, Set[str]] = {}
    for path in files:
        parts = path.split("/")
        role = role_of(parts[1]) if len(parts) >= 2 else None
        if role is not None:
            roles.setdefault(parts[0], set()).add(role)
    return sorted(name for name, found in roles.items() if len(found) >= 2)
