from __future__ import annotations

from pathlib import Path

from fastlayer.facts.store import pack
from fastlayer.facts.store.cache import FactsCache
from fastlayer.facts.store.collect import collect_facts, extract_all, worker_count

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def fixture_work() -> list[tuple[str, bytes]]:
    return [
        (p.relative_to(FIXTURES).as_posix(), p.read_bytes()) for p in sorted(FIXTURES.rglob("*.py"))
    ]


def test_parallel_extraction_is_identical_to_serial() -> None:
    work = fixture_work()
    assert len(work) > 8
    assert extract_all(work, jobs=3) == extract_all(work, jobs=1)


def test_cached_facts_equal_fresh_facts(tmp_path: Path) -> None:
    paths = [path for path, _ in fixture_work()]
    fresh = collect_facts(FIXTURES, paths, {}, None, jobs=2)
    cache = FactsCache(tmp_path / "cache")
    assert collect_facts(FIXTURES, paths, {}, cache, jobs=1) == fresh
    assert collect_facts(FIXTURES, paths, {}, FactsCache(tmp_path / "cache")) == fresh
    assert collect_facts(FIXTURES, paths, {}, FactsCache(tmp_path / "parallel"), jobs=2) == fresh
    assert collect_facts(FIXTURES, paths, {}, FactsCache(tmp_path / "parallel"), jobs=1) == fresh
    [packed] = (tmp_path / "parallel").glob("facts-*/pack")
    assert len(pack.read(packed).spans) == len({data for _, data in fixture_work()})
    assert list(fresh) == paths


def test_workers_report_an_unwritable_cache_once(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file, not a directory")
    cache = FactsCache(tmp_path / "blocker")
    paths = [path for path, _ in fixture_work()]
    assert collect_facts(FIXTURES, paths, {}, cache, jobs=2) == collect_facts(
        FIXTURES, paths, {}, None, jobs=1
    )
    assert len(cache.warnings) == 1


def test_small_work_stays_serial_and_jobs_overrides() -> None:
    small = [("a.py", b"x = 1\n")] * 3
    assert worker_count(small, None) == 1
    assert worker_count(small, 8) == 3
    assert worker_count(small * 40, 2) == 2
