"""Layer map: most specific glob wins, files outside the app root, domains."""

from __future__ import annotations

from fastlayer.config.presets import DomainsSpec, LayerSpec, Preset
from fastlayer.model.layers import LayerMap, domain_of, glob_rank

PRESET = Preset(
    "t",
    layers=(
        LayerSpec("models", ("models/**",)),
        LayerSpec("models.schemas", ("models/schemas/**",)),
        LayerSpec("router", ("**/router.py", "**/views.py")),
        LayerSpec("service", ("**/service.py", "**/service/**")),
        LayerSpec("internal", ("*/**",)),
        LayerSpec("common", ("*.py",)),
        LayerSpec("config", ("config.py", "core/config.py")),
        LayerSpec("core", ("core/**",)),
        LayerSpec("tests", ("tests/**",)),
    ),
    domains=DomainsSpec(("*/",), ("tests/", "core/"), ("service",)),
)


def test_most_specific_glob_wins() -> None:
    layers = LayerMap(PRESET, "backend/app")
    assert layers.layer_of("backend/app/models/schemas/user.py") == "models.schemas"
    assert layers.layer_of("backend/app/models/base.py") == "models"
    assert layers.layer_of("backend/app/core/config.py") == "config"
    assert layers.layer_of("backend/app/core/security.py") == "core"
    assert layers.layer_of("backend/app/config.py") == "config"  # literal beats *.py
    assert layers.layer_of("backend/app/auth/jwt.py") == "internal"
    assert layers.layer_of("backend/app/case/priority/service.py") == "service"  # sub-domain role
    assert (
        layers.layer_of("backend/app/feedback/service/views.py") == "router"
    )  # file name beats directory


def test_rank_orders_file_names_before_directories() -> None:
    assert glob_rank("**/views.py") > glob_rank("**/service/**")
    assert glob_rank("models.py") > glob_rank("**/models.py")
    assert glob_rank("core/config.py") > glob_rank("core/**")


def test_outside_the_app_root_only_anchored_globs_count() -> None:
    layers = LayerMap(PRESET, "backend/app")
    assert layers.place("backend/tests/api/test_users.py").layer == "tests"
    assert layers.place("backend/tests/api/test_users.py").in_app is False
    assert layers.layer_of("tests/conftest.py") == "tests"
    assert layers.layer_of("setup.py") is None  # only *.py would match: not anchored
    assert layers.layer_of("backend/app/__init__.py") is None


def test_domains() -> None:
    assert domain_of("auth/service.py", PRESET.domains) == "auth"
    assert domain_of("case/priority/models.py", PRESET.domains) == "case"
    assert domain_of("tests/test_x.py", PRESET.domains) is None
    assert domain_of("main.py", PRESET.domains) is None
    assert domain_of("auth/service.py", None) is None
