from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fastlayer.facts.extract import extract_facts
from fastlayer.facts.store import key as signing
from fastlayer.facts.store import pack
from fastlayer.facts.store.cache import CACHEDIR_TAG, FactsCache, clean, extractor_sources
from fastlayer.facts.store.codec import encode_facts
from fastlayer.facts.store.collect import collect_facts
from fastlayer.facts.store.key import machine_key
from tests.helpers import cli, write_project

SOURCE = b"from fastapi import FastAPI\napp = FastAPI()\n"


def entries(cache: FactsCache) -> list[str]:
    """The keys in the cache's pack file."""
    return sorted(pack.read(cache.directory / pack.NAME).spans)


def test_store_then_load_gives_the_same_facts_at_the_new_path(tmp_path: Path) -> None:
    cache = FactsCache(tmp_path / ".fastlayer_cache")
    key = FactsCache.key(SOURCE)
    assert cache.load(key, "a.py") is None
    cache.store(key, extract_facts("a.py", SOURCE))
    assert cache.load(key, "b/c.py") == extract_facts("b/c.py", SOURCE)
    cache.flush()
    assert FactsCache(cache.root).load(key, "b/c.py") == extract_facts("b/c.py", SOURCE)
    assert (tmp_path / ".fastlayer_cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert not list(cache.directory.glob(".tmp-*")) and cache.warnings == []


def test_corrupt_and_foreign_entries_are_ignored_and_rebuilt(tmp_path: Path) -> None:
    write_project(tmp_path, {"app/main.py": SOURCE})
    cache = FactsCache(tmp_path / ".fastlayer_cache")
    first = collect_facts(tmp_path, ["app/main.py"], {}, cache)
    [key] = entries(cache)
    packed = cache.directory / pack.NAME
    good = packed.read_bytes()
    flipped = good[:-5] + bytes([good[-5] ^ 1]) + good[-4:]
    foreign = pack.build({}, {key: b"[1,2,3]"})
    for junk in (b"{not json", b"", good[:-3], flipped, foreign, pack.MAGIC + b"1 1 1\n[]"):
        packed.write_bytes(junk)
        assert collect_facts(tmp_path, ["app/main.py"], {}, FactsCache(cache.root)) == first
        assert packed.read_bytes() == good


def test_unchanged_stat_skips_reading_and_a_changed_file_is_seen(tmp_path: Path) -> None:
    write_project(tmp_path, {"app/main.py": SOURCE, "app/x.py": b"import os\n"})
    old = 1_600_000_000_000_000_000
    for name in ("main.py", "x.py"):
        os.utime(tmp_path / "app" / name, ns=(old, old))
    paths = ["app/main.py", "app/x.py"]
    first = collect_facts(tmp_path, paths, {}, FactsCache(tmp_path / "c"))
    # the documented trade-off, which shows the file is not read: same size, inode and mtime
    (tmp_path / "app" / "x.py").write_bytes(b"import re\n")
    os.utime(tmp_path / "app" / "x.py", ns=(old, old))
    assert collect_facts(tmp_path, paths, {}, FactsCache(tmp_path / "c")) == first
    (tmp_path / "app" / "x.py").write_bytes(b"import sys\n")
    again = collect_facts(tmp_path, paths, {}, FactsCache(tmp_path / "c"))
    assert [i.module for i in again["app/x.py"].imports] == ["sys"]


def test_a_recently_modified_file_is_always_hashed(tmp_path: Path) -> None:
    write_project(tmp_path, {"app/x.py": b"import os\n"})
    target = tmp_path / "app" / "x.py"
    collect_facts(tmp_path, ["app/x.py"], {}, FactsCache(tmp_path / "c"))
    stat = target.stat()
    target.write_bytes(b"import re\n")  # same size; put the same mtime back
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    again = collect_facts(tmp_path, ["app/x.py"], {}, FactsCache(tmp_path / "c"))
    assert [i.module for i in again["app/x.py"].imports] == ["re"]


def test_a_new_salt_retires_old_entries(tmp_path: Path) -> None:
    old = tmp_path / ".fastlayer_cache" / "facts-0000000000000000"
    old.mkdir(parents=True)
    (old.parent / "CACHEDIR.TAG").write_text(
        CACHEDIR_TAG
    )  # an older fastlayer's cache, tagged as ours
    cache = FactsCache(tmp_path / ".fastlayer_cache")
    cache.store(FactsCache.key(SOURCE), extract_facts("a.py", SOURCE))
    cache.flush()
    assert not old.exists() and len(entries(cache)) == 1


def test_the_salt_covers_the_extractor_not_only_the_store() -> None:
    """An edit of the extractor (a fastlayer built from a newer commit, same version), or another
    libcst, must not serve facts the older one made."""
    names = {f"{path.parent.name}/{path.name}" for path in extractor_sources()}
    assert {"facts/extract.py", "facts/twins.py", "store/codec.py", "libcst/_version.py"} <= names


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root ignores directory permissions"
)
def test_unwritable_cache_gives_one_warning_and_the_run_goes_on(tmp_path: Path) -> None:
    write_project(tmp_path, {"app/main.py": SOURCE, "app/x.py": b"import os\n"})
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        cache = FactsCache(locked / "cache")
        facts = collect_facts(tmp_path, ["app/main.py", "app/x.py"], {}, cache)
    finally:
        locked.chmod(0o700)
    assert set(facts) == {"app/main.py", "app/x.py"} and len(cache.warnings) == 1


def test_cache_that_is_a_file_gives_one_warning(tmp_path: Path) -> None:
    write_project(tmp_path, {"app/main.py": SOURCE, "app/x.py": b"import os\n"})
    (tmp_path / "blocker").write_text("not a directory")
    cache = FactsCache(tmp_path / "blocker")
    facts = collect_facts(tmp_path, ["app/main.py", "app/x.py"], {}, cache)
    assert set(facts) == {"app/main.py", "app/x.py"}
    assert len(cache.warnings) == 1 and "cannot write the facts cache" in cache.warnings[0]


def test_clean_removes_the_cache_but_refuses_other_directories(tmp_path: Path) -> None:
    cache = FactsCache(tmp_path / "c")
    cache.store(FactsCache.key(SOURCE), extract_facts("a.py", SOURCE))
    cache.flush()
    assert clean(tmp_path / "c") and not (tmp_path / "c").exists()
    assert not clean(tmp_path / "c")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "keep.py").write_text("")
    with pytest.raises(OSError):
        clean(tmp_path / "src")


def test_concurrent_writers_never_leave_a_broken_entry(tmp_path: Path) -> None:
    files = {f"app/m{i}.py": f"import os\nX{i} = {i}\n" for i in range(40)}
    write_project(tmp_path, files)
    script = (
        "import sys; from pathlib import Path; from fastlayer.facts.store.cache import FactsCache;"
        "from fastlayer.facts.store.collect import collect_facts;"
        f"root = Path({str(tmp_path)!r}); paths = sorted(str(p.relative_to(root)) for p in root.rglob('*.py'));"
        "[collect_facts(root, paths, {}, FactsCache(root / '.fastlayer_cache'), jobs=1) for _ in range(3)]"
    )
    workers = [subprocess.Popen([sys.executable, "-c", script]) for _ in range(4)]
    assert all(worker.wait(timeout=120) == 0 for worker in workers)
    cache = FactsCache(tmp_path / ".fastlayer_cache")
    assert len(entries(cache)) == 40 and not list(cache.directory.glob(".tmp-*"))
    for path, text in files.items():
        assert cache.load(FactsCache.key(text.encode()), path) == extract_facts(path, text.encode())


def test_fully_cached_run_does_not_import_libcst(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {"app/main.py": SOURCE, "app/api/x.py": b"from fastapi import APIRouter\n"},
        'root = "app"',
    )
    code = (
        "import sys; from fastlayer.cli.main import main\n"
        "try:\n    main(['check', '--exit-zero', '-q'])\nexcept SystemExit:\n    pass\n"
        "print('LIBCST', 'libcst' in sys.modules)"
    )
    run = lambda: subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )  # noqa: E731
    assert "LIBCST True" in run().stdout  # cold: parsed
    assert "LIBCST False" in run().stdout  # warm: served from the cache


def test_cli_no_cache_writes_nothing_and_clean_deletes(tmp_path: Path) -> None:
    write_project(tmp_path, {"app/main.py": SOURCE}, 'root = "app"\ncache-dir = "build/flcache"')
    cli(tmp_path, "check", "--no-cache", "--exit-zero")
    assert not (tmp_path / "build").exists()
    cli(tmp_path, "check", "--exit-zero", "--jobs", "2")
    assert (tmp_path / "build" / "flcache" / ".gitignore").is_file()
    result = cli(tmp_path, "clean")
    assert (
        result.exit_code == 0
        and "removed" in result.output
        and not (tmp_path / "build" / "flcache").exists()
    )


def test_an_editor_buffer_keeps_the_file_entry_and_is_not_stored(tmp_path: Path) -> None:
    write_project(
        tmp_path, {"app/main.py": SOURCE, "app/x.py": b"import os\n", "app/y.py": b"import re\n"}
    )
    paths = ["app/main.py", "app/x.py", "app/y.py"]
    collect_facts(tmp_path, paths, {}, FactsCache(tmp_path / "c"))
    (tmp_path / "app" / "y.py").write_bytes(b"import sys\n")  # forces a rewrite of the pack
    facts = collect_facts(
        tmp_path, paths, {"app/x.py": b"import json\n"}, FactsCache(tmp_path / "c")
    )
    assert [i.module for i in facts["app/x.py"].imports] == ["json"]
    packed = pack.read(FactsCache(tmp_path / "c").directory / pack.NAME)
    assert (
        FactsCache.key(b"import os\n") in packed.spans
        and FactsCache.key(b"import json\n") not in packed.spans
    )
    assert set(packed.files) == set(paths)


def test_cache_dir_pointing_at_a_user_directory_is_never_written_or_cleaned(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {"app/main.py": SOURCE, "docs/guide.md": "# guide\n"},
        'root = "app"\npreset = "none"\ncache-dir = "docs"',
    )
    result = cli(root, "check")
    assert result.exit_code == 0
    assert result.stderr.startswith("fastlayer: warning: cannot write the facts cache in ")
    assert "already exists and is not a fastlayer cache" in result.stderr
    assert sorted(p.name for p in (root / "docs").iterdir()) == ["guide.md"]
    assert cli(root, "clean").exit_code == 2
    assert (root / "docs" / "guide.md").is_file()


# --- hostile caches (issue 17) ---

BAD = {"app/main.py": SOURCE, "app/bad.py": b"def f(:\n    pass\n"}


def _checked(root: Path, *args: str) -> tuple[int, str]:
    result = cli(root, "check", "--select", "FL001", *args)
    return result.exit_code, result.stdout


def _forge(root: Path, key: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """Swap the syntax-error module's entry for an empty module's facts, signed with ``key``."""
    cache = FactsCache(root / ".fastlayer_cache")
    packed = pack.read(cache.directory / pack.NAME)
    bad_key = packed.files["app/bad.py"][3]
    entries = {k: packed.entry(k) or b"" for k in packed.spans}
    entries[bad_key] = encode_facts(extract_facts("app/bad.py", b""))
    monkeypatch.setattr(signing, "machine_key", lambda: key)
    (cache.directory / pack.NAME).write_bytes(pack.build(packed.files, entries))
    monkeypatch.undo()


def test_a_cache_signed_elsewhere_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path, BAD)
    expected = _checked(root, "--no-cache")
    assert expected[0] == 1 and "app/bad.py:1:7: FL001" in expected[1]
    assert _checked(root) == expected
    _forge(
        root, b"k" * 32, monkeypatch
    )  # a cache committed to the repository, from another machine
    assert _checked(root) == expected
    _forge(
        root, machine_key(), monkeypatch
    )  # what the signature protects: the same forgery, signed here
    assert _checked(root) == (0, "All checks passed (2 files checked).\n")


@pytest.mark.parametrize(
    "header",
    [
        b'{"files": [["app/bad.py", Infinity, 1, 1, "k"]], "entries": []}',
        b'{"files": [["app/bad.py", 1e400, 1, 1, "k"]], "entries": []}',
        b'{"files": [["app/bad.py", "12", 1, 1, "k"]], "entries": []}',
        b'{"files": [[1, 2, 3, 4, 5]], "entries": [["k", 1.5]]}',
        b'{"files": {}, "entries": {}}',
    ],
)
def test_malformed_but_signed_pack_is_rebuilt(tmp_path: Path, header: bytes) -> None:
    root = write_project(tmp_path, BAD)
    expected = _checked(root, "--no-cache")
    assert _checked(root) == expected
    packed = FactsCache(root / ".fastlayer_cache").directory / pack.NAME
    packed.write_bytes(
        pack.MAGIC + f"{len(header)} 0 ".encode() + signing.sign(header) + b"\n" + header
    )
    assert _checked(root) == expected


@pytest.mark.parametrize(
    "entry", [b"[Infinity]", b'[1e400, "x", [], []]', b'{"a": 1}', b"[[[[[[[[]]]]]]]]"]
)
def test_malformed_but_signed_entry_is_re_extracted(tmp_path: Path, entry: bytes) -> None:
    root = write_project(tmp_path, BAD)
    expected = _checked(root, "--no-cache")
    assert _checked(root) == expected
    cache = FactsCache(root / ".fastlayer_cache")
    packed = pack.read(cache.directory / pack.NAME)
    entries = {k: entry for k in packed.spans}
    (cache.directory / pack.NAME).write_bytes(pack.build(packed.files, entries))
    assert _checked(root) == expected


def test_cache_dir_naming_an_empty_directory_or_source_is_never_claimed(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "a", dict(BAD, **{"docs/.keep": ""}), 'cache-dir = "docs/empty"'
    )
    (root / "docs/empty").mkdir()
    code, out = _checked(root)
    assert list((root / "docs/empty").iterdir()) == []
    assert cli(root, "clean").exit_code == 2 and (root / "docs/empty").is_dir()
    for name in ("app", "app/bad.py"):
        (root / "pyproject.toml").write_text(f"[tool.fastlayer]\ncache-dir = {name!r}\n")
        assert _checked(root) == (code, out) and "app/bad.py:1:7: FL001" in out  # nothing dropped
        assert not (root / "app/CACHEDIR.TAG").exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('""', "cache-dir: must name a directory, not be empty"),
        ("[]", "cache-dir: expected a string, got an array"),
        (
            '"~/fl"',
            "cache-dir: '~/fl': '~' is not expanded; write a path relative to the project root",
        ),
    ],
)
def test_cache_dir_config_errors(tmp_path: Path, value: str, message: str) -> None:
    root = write_project(tmp_path, BAD, f"cache-dir = {value}")
    result = cli(root, "check")
    assert (result.exit_code, result.stderr) == (
        2,
        f"fastlayer: error: pyproject.toml: {message}\n",
    )
    assert not (root / "~").exists()


def test_a_planted_symlink_in_the_cache_is_never_written_through(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", BAD)
    _checked(root)
    cache = FactsCache(root / ".fastlayer_cache")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "pack").write_text("precious\n")
    os.chmod(outside / "pack", 0o644)
    for child in cache.directory.iterdir():
        child.unlink()
    cache.directory.rmdir()
    cache.directory.symlink_to(outside, target_is_directory=True)
    (root / "app/new.py").write_text("x = 1\n")
    _checked(root)
    assert (outside / "pack").read_text() == "precious\n"
    assert (outside / "pack").stat().st_mode & 0o777 == 0o644
    assert cache.directory.is_dir() and not cache.directory.is_symlink()


def test_fifo_and_device_in_the_cache_never_block(tmp_path: Path) -> None:
    root = write_project(tmp_path, BAD)
    expected = _checked(root, "--no-cache")
    _checked(root)
    cache = FactsCache(root / ".fastlayer_cache")
    (cache.directory / pack.NAME).unlink()
    os.mkfifo(cache.directory / pack.NAME)
    assert _checked(root) == expected
    (cache.directory / pack.NAME).unlink()
    (cache.directory / pack.NAME).symlink_to("/dev/zero")
    assert _checked(root) == expected
    (root / ".fastlayer_cache/CACHEDIR.TAG").unlink()
    os.mkfifo(root / ".fastlayer_cache/CACHEDIR.TAG")
    result = cli(root, "clean")
    assert result.exit_code == 2 and "does not look like a fastlayer cache" in result.stderr
    assert _checked(root) == expected


def test_stale_temporaries_of_killed_writes_are_removed(tmp_path: Path) -> None:
    root = write_project(tmp_path, BAD)
    _checked(root)
    directory = FactsCache(root / ".fastlayer_cache").directory
    stale, fresh = directory / ".tmp-stale", directory / ".tmp-fresh"
    for temporary in (stale, fresh):
        temporary.write_bytes(b"x" * 1000)
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    (root / "app/new.py").write_text("x = 1\n")
    _checked(root)
    assert not stale.exists() and fresh.exists()
