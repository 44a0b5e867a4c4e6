"""config/tomledit.py: where each key is, and key-level rewrites that keep the rest as written."""

from __future__ import annotations

from fastlayer.config.tomledit import Edit, layout, rewrite

TEXT = '''[project]
name = "x"
description = """
[tool.fastlayer]
root = "not a key"
"""

[tool.fastlayer]
# ours
root = "app"   # the app
paths = [
    "a/**",   # first ] with a bracket
    'b/**',
]

[tool.fastlayer.layers."models.schemas"]
paths = ["x"]
[[tool.fastlayer.array]]
name = "skipped"
[tool.other]
root = "theirs"
'''


def test_layout_finds_keys_with_their_comments_and_multi_line_values() -> None:
    found = layout(TEXT, "tool.fastlayer")
    assert sorted(found.entries) == [
        ("layers", "models.schemas", "paths"),
        ("paths",),
        ("root",),
    ]
    root = found.entries[("root",)]
    assert (root.above, root.start, root.end) == (8, 9, 10)
    paths = found.entries[("paths",)]
    assert (paths.start, paths.end) == (10, 14)
    assert found.tables[()].end == 14 and found.tables[("layers", "models.schemas")].header == 15


def test_layout_without_prefix_has_a_top_table() -> None:
    found = layout('root = "app"\n\n[app]\nx = 1\n', "")
    assert sorted(found.entries) == [("app", "x"), ("root",)]
    assert found.tables[()].end == 1


def test_rewrite_replaces_deletes_and_inserts_keeping_everything_else() -> None:
    found = layout(TEXT, "tool.fastlayer")
    result = rewrite(
        found,
        {("root",): Edit(('root = "src"\n',), False), ("paths",): Edit((), True)},
        {(): ['preset = "none"\n']},
        {("app",): ["[tool.fastlayer.app]\n", 'endpoints-pattern = "r/**"\n']},
        [("layers", "models.schemas")],
    )
    assert result == TEXT.replace(
        'root = "app"   # the app\npaths = [\n    "a/**",   # first ] with a bracket\n'
        "    'b/**',\n]\n",
        'root = "src"\npreset = "none"\n',
    ).replace(
        '\n[tool.fastlayer.layers."models.schemas"]\npaths = ["x"]\n',
        '\n\n[tool.fastlayer.app]\nendpoints-pattern = "r/**"\n',
    )


def test_a_new_table_goes_after_its_last_sibling() -> None:
    text = "[layers.a]\nx = 1\n\n[layers.b]\nx = 2\n\n[placement]\ny = 1\n"
    result = rewrite(layout(text, ""), {}, {}, {("layers", "c"): ["[layers.c]\n", "x = 3\n"]})
    assert result == text.replace("x = 2\n", "x = 2\n\n[layers.c]\nx = 3\n")
