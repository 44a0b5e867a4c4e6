from __future__ import annotations

from fastlayer.facts.extract import extract_facts
from fastlayer.model.module import Module

SOURCE = b"""
def create_app():
    def inner():
        pass

class Settings:
    def origins(self):
        return []

def create_app():
    pass
"""


def _module() -> Module:
    return Module("app/main.py", "app.main", extract_facts("app/main.py", SOURCE))


def test_function_finds_functions_then_methods_by_qualified_name() -> None:
    module = _module()
    assert [f.line for f in module.functions_named("create_app")] == [2, 10]
    assert module.function("create_app") is not None and module.function("create_app").line == 2
    assert module.function("create_app.inner") is not None
    assert module.function("Settings.origins") is not None
    assert module.function("Settings.origins", methods=False) is None


def test_no_function_for_module_level_code() -> None:
    assert _module().function("") is None
    assert list(_module().functions_named("")) == []
