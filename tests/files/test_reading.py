"""``files.reading``: what the checked project names is read only when it is a regular file inside it."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from fastlayer.files.reading import (
    FileTooLarge,
    UnsafeFile,
    inside,
    is_regular_inside,
    read_inside,
    read_regular,
)


def test_regular_file_inside_is_read(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/x.txt").write_bytes(b"hello")
    assert read_inside(tmp_path, "a/x.txt") == b"hello"
    (tmp_path / "link.txt").symlink_to("a/x.txt")
    assert read_inside(tmp_path, "link.txt") == b"hello"


@pytest.mark.parametrize("relative", ["../secret.txt", "link", "dir/secret.txt", "/etc/hostname"])
def test_real_path_outside_the_root_is_refused(tmp_path: Path, relative: str) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("s3cr3t")
    (root / "link").symlink_to(tmp_path / "secret.txt")
    (root / "dir").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(UnsafeFile, match="^its real path is outside the project root$"):
        read_inside(root, relative)
    assert not is_regular_inside(root, relative)


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    done = threading.Event()

    def attempt() -> None:
        with pytest.raises(UnsafeFile, match="not a regular file"):
            read_inside(tmp_path, "fifo")
        done.set()

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(timeout=20)
    assert done.is_set(), "reading a FIFO blocked"


def test_devices_and_oversized_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafeFile, match="not a regular file"):
        read_regular("/dev/zero")
    (tmp_path / "big").write_bytes(b"x" * 11)
    with pytest.raises(FileTooLarge, match="larger than 10 bytes"):
        read_regular(tmp_path / "big", limit=10)
    assert read_regular(tmp_path / "big", limit=11) == b"x" * 11
    assert inside(tmp_path, "big") == tmp_path.resolve() / "big"
