from __future__ import annotations

import os
from pathlib import Path

from fastlayer.files.discovery import discover


def _touch(root: Path, *paths: str) -> None:
    for path in paths:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("")


def test_sorted_and_default_excludes(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "b.py",
        "a/z.py",
        "a/a.py",
        ".venv/x.py",
        "node_modules/y.py",
        "build/q.py",
        "venv2/pyvenv.cfg",
        "venv2/lib/m.py",
        ".env.production",
    )
    found = discover(tmp_path)
    assert found.python_files == ("a/a.py", "a/z.py", "b.py")
    assert ".env.production" in found.other_files and "a" in found.directories


def test_gitignore_and_exclude_globs(tmp_path: Path) -> None:
    _touch(tmp_path, "app/main.py", "app/generated/x.py", "app/legacy/old.py", "scratch.py")
    (tmp_path / ".gitignore").write_text("generated/\nscratch.py\n")
    assert discover(tmp_path, exclude=("app/legacy/**",)).python_files == ("app/main.py",)
    assert len(discover(tmp_path, respect_gitignore=False).python_files) == 4


def test_symlinks_out_of_root_and_loops_are_skipped(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _touch(outside, "secret.py")
    root = tmp_path / "project"
    _touch(root, "app/main.py")
    os.symlink(outside, root / "app" / "linked")
    os.symlink(root / "app", root / "app" / "loop")
    found = discover(root)
    assert found.python_files == ("app/main.py",)
    assert dict(found.skipped) == {
        "app/linked": "symbolic link points outside the project root",
        "app/loop": "symbolic link loop",
    }


def test_directory_named_like_a_module(tmp_path: Path) -> None:
    _touch(tmp_path, "weird.py/inner.py")
    assert discover(tmp_path).python_files == ("weird.py/inner.py",)


def test_a_chain_of_490_nested_directories_is_walked_without_recursion(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*(["d"] * 490))
    deep.mkdir(parents=True)
    (deep / "m.py").write_text("x = 1\n")
    found = discover(tmp_path)
    assert found.python_files == ("/".join(["d"] * 490) + "/m.py",)
    assert len(found.directories) == 490


def test_gitignore_that_is_a_fifo_or_device_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("x = 1\n")
    os.mkfifo(tmp_path / ".gitignore")
    assert discover(tmp_path).python_files == ("m.py",)
    (tmp_path / ".gitignore").unlink()
    (tmp_path / ".gitignore").symlink_to("/dev/zero")
    assert discover(tmp_path).python_files == ("m.py",)
