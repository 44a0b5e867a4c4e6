"""tools/merge.py: the three-way merge of init's record, the user's configuration and the new
inference."""

from __future__ import annotations

from fastlayer.tools.merge import Change, merge, merge_items

BASE = {"root": "app", "layers": {"api": {"paths": ["api/**", "routes/**"]}}}


def test_untouched_keys_follow_the_new_inference() -> None:
    new = {"root": "src/app", "layers": {"api": {"paths": ["api/**", "routes/**"]}}}
    result = merge(BASE, BASE, new)
    assert result.data == new
    assert result.changes == (Change("updated", ("root",), '"app" -> "src/app"'),)


def test_edited_scalars_stay_and_are_reported_as_kept() -> None:
    user = dict(BASE, root="backend/app")
    result = merge(BASE, user, dict(BASE, root="src/app"))
    assert result.data["root"] == "backend/app"
    assert result.changes == (Change("kept", ("root",), 'edited by you; init infers "src/app"'),)


def test_user_keys_are_never_touched_and_new_keys_added() -> None:
    user = dict(BASE, ignore=["FL502"])
    new = dict(BASE, preset="fastapi-domain")
    result = merge(BASE, user, new)
    assert result.data == dict(BASE, ignore=["FL502"], preset="fastapi-domain")
    assert result.changes == (Change("added", ("preset",), '"fastapi-domain"'),)


def test_keys_init_no_longer_infers_are_removed_unless_edited() -> None:
    base = dict(BASE, layers={"api": BASE["layers"]["api"], "plugins": {"paths": ["plugins/**"]}})
    result = merge(base, base, BASE)
    assert result.data == BASE
    assert result.changes == (
        Change("removed", ("layers", "plugins", "paths"), "init no longer infers it"),
    )
    edited = dict(base, layers=dict(base["layers"], plugins={"paths": ["plugins/core/**"]}))
    assert merge(base, edited, BASE).data["layers"]["plugins"] == {"paths": ["plugins/core/**"]}


def test_arrays_merge_item_by_item() -> None:
    base, user = ["api/**", "routes/**"], ["api/**", "routes/v1/**"]
    assert merge_items(base, user, ["api/**", "routes/**", "views/**"]) == [
        "api/**",
        "routes/v1/**",
        "views/**",
    ]
    assert merge_items(base, user + ["x/**"], ["api/**"]) == ["api/**", "routes/v1/**", "x/**"]
    assert merge_items(base, ["routes/**"], ["api/**", "routes/**"]) == ["routes/**"]


def test_without_a_record_the_users_values_stay() -> None:
    user = {"root": "app", "layers": {"api": {"paths": ["api/**"]}}}
    new = dict(BASE, preset="fastapi-layered")
    result = merge(None, user, new)
    assert result.data == dict(user, preset="fastapi-layered")
    assert [change.action for change in result.changes] == ["kept", "added"]
