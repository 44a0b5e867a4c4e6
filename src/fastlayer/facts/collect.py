"""Read every file once and get its facts: from the cache, else extracted (in a process pool when it pays)."""

from __future__ import annotations

import gc
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple

from fastlayer.facts.cache import FactsCache
from fastlayer.facts.extract import extract_facts
from fastlayer.facts.model import FileFacts, ParseError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# Below this many bytes to extract, forking workers costs more than it saves
# (measured in docs/benchmarks.md: ~100 KB of source is ~0.4 s of serial work).
PARALLEL_MIN_BYTES = 256 * 1024
Work = Tuple[str, bytes]


def read_file(root: Path, path: str) -> bytes | ParseError:
    try:
        return (root / path).read_bytes()
    except IsADirectoryError:
        return ParseError("read", "is a directory, not a file")
    except FileNotFoundError:
        return ParseError("read", "file disappeared while fastlayer was running")
    except OSError as exc:
        return ParseError("read", exc.strerror or str(exc))


def collect_facts(
    root: Path, paths: Iterable[str], overrides: Mapping[str, bytes],
    cache: Optional[FactsCache] = None, jobs: Optional[int] = None,
) -> Dict[str, FileFacts]:
    """Facts for every path; ``overrides`` replaces a file's content (editor buffers).

    ``jobs``: worker processes for the files not in the cache (None = one per CPU
    when there is enough to parse, 1 = serial).
    """
    return _collect(root, paths, overrides, cache, jobs)


@contextmanager
def _cyclic_gc(enabled: bool) -> Iterator[None]:
    """Decoded facts are acyclic (the collector's scans were 60 % of a warm load); a libcst
    pass is not (visitor <-> converter), so extraction keeps the collector on whatever the caller chose."""
    before = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        yield
    finally:
        (gc.enable if before else gc.disable)()


def _collect(
    root: Path, paths: Iterable[str], overrides: Mapping[str, bytes], cache: Optional[FactsCache], jobs: Optional[int],
) -> Dict[str, FileFacts]:
    result: Dict[str, Optional[FileFacts]] = {}
    missing: List[Work] = []
    with _cyclic_gc(False):
        for path in paths:
            data = overrides[path] if path in overrides else read_file(root, path)
            if isinstance(data, ParseError):
                result[path] = FileFacts(path, error=data)
                continue
            result[path] = cache.load(FactsCache.key(data), path) if cache is not None else None
            if result[path] is None:
                missing.append((path, data))
    for facts in extract_all(missing, jobs, cache):
        result[facts.path] = facts
    return {path: facts for path, facts in result.items() if facts is not None}


def extract_all(work: Sequence[Work], jobs: Optional[int] = None, cache: Optional[FactsCache] = None) -> List[FileFacts]:
    """``extract_facts`` over ``work``, in order, each stored in ``cache``; identical results serial or parallel.

    In parallel, the workers also encode and write the cache entries (that is I/O and
    JSON work the parent would otherwise do alone) and hand back their warnings.
    """
    workers = worker_count(work, jobs)
    if workers <= 1:
        return _extract_chunk(list(work), cache)[0]
    if cache is not None:
        cache.prepare()  # once, before forking: workers inherit a ready (or disabled) cache
    chunks = [(list(work[start::workers * 4]), cache) for start in range(workers * 4)]
    extracted: Dict[str, FileFacts] = {}
    with _pool(workers) as pool:
        for facts, warnings in pool.map(_extract_packed, chunks):
            extracted.update((f.path, f) for f in facts)
            if cache is not None and warnings and not cache.warnings:
                cache.warnings.extend(warnings)
    return [extracted[path] for path, _ in work]


def worker_count(work: Sequence[Work], jobs: Optional[int]) -> int:
    if jobs is not None:
        return max(1, min(jobs, len(work)))
    if sum(len(data) for _, data in work) < PARALLEL_MIN_BYTES:
        return 1
    return max(1, min(_cpus(), len(work)))


def _cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _pool(workers: int) -> ProcessPoolExecutor:
    """Fork where it is safe and cheap (Linux): workers inherit the imported parser."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import fastlayer.facts.visitor  # noqa: F401 - load libcst once, before forking

    method = "fork" if sys.platform.startswith("linux") else None
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method))


def _extract_packed(packed: Tuple[List[Work], Optional[FactsCache]]) -> Tuple[List[FileFacts], List[str]]:
    return _extract_chunk(*packed)


def _extract_chunk(chunk: List[Work], cache: Optional[FactsCache]) -> Tuple[List[FileFacts], List[str]]:
    extracted = []
    with _cyclic_gc(True):
        for path, data in chunk:
            facts = extract_facts(path, data)
            if cache is not None:
                cache.store(FactsCache.key(data), facts)
            extracted.append(facts)
    return extracted, cache.warnings if cache is not None else []
