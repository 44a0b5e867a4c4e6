"""Read every file once and get its facts: from the cache, else extracted (in a process pool when it pays)."""

from __future__ import annotations

import gc
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import (
    TYPE_CHECKING,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from fastlayer.facts.store.cache import FactsCache
from fastlayer.facts.store.orphans import die_with_parent
from fastlayer.facts.types import FileFacts, ParseError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# Below this many bytes to extract, forking workers costs more than it saves
# (measured in docs/benchmarks.md: ~100 KB of source is ~0.4 s of serial work).
PARALLEL_MIN_BYTES = 256 * 1024
# Chunks of a pool's work per worker: small enough that a worker slowed by another process
# leaves the others little to wait for at the end (~0.3 s of parsing each on the 1,000-module
# benchmark), large enough that sending them costs nothing measurable.
CHUNKS_PER_WORKER = 16
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
    root: Path,
    paths: Iterable[str],
    overrides: Mapping[str, bytes],
    cache: Optional[FactsCache] = None,
    jobs: Optional[int] = None,
) -> Dict[str, FileFacts]:
    """Facts for every path; ``overrides`` replaces a file's content (editor buffers).

    ``jobs``: worker processes for the files not in the cache (None = one per CPU
    when there is enough to parse, 1 = serial).
    """
    return _collect(root, paths, overrides, cache, jobs)


@contextmanager
def _cyclic_gc(enabled: bool) -> Iterator[None]:
    """Decoded facts are acyclic (the collector's scans were 60 % of a warm load); a libcst
    pass is not (visitor <-> converter), so extraction keeps the collector on whatever the caller chose.
    Turning it on freezes what exists (the facts already loaded, every imported module): the
    collections during extraction then scan only the new objects, not the whole heap again."""
    before = gc.isenabled()
    if enabled:
        gc.freeze()
    (gc.enable if enabled else gc.disable)()
    try:
        yield
    finally:
        (gc.enable if before else gc.disable)()
        if enabled:
            gc.unfreeze()


def _collect(
    root: Path,
    paths: Iterable[str],
    overrides: Mapping[str, bytes],
    cache: Optional[FactsCache],
    jobs: Optional[int],
) -> Dict[str, FileFacts]:
    result: Dict[str, Optional[FileFacts]] = {}
    missing: List[Work] = []
    with _cyclic_gc(False):
        for path in paths:
            if path in overrides:
                data: bytes | ParseError = overrides[path]
                if cache is not None:
                    cache.keep(path)
            elif cache is not None:
                data = _cached_or_read(root, path, cache, result)
                if path in result:
                    continue
            else:
                data = read_file(root, path)
            if isinstance(data, ParseError):
                result[path] = FileFacts(path, error=data)
                continue
            result[path] = cache.load(FactsCache.key(data), path) if cache is not None else None
            if result[path] is None:
                missing.append((path, data))
    buffers = [
        work for work in missing if work[0] in overrides
    ]  # editor buffers: not worth a pack rewrite each
    on_disk = [work for work in missing if work[0] not in overrides]
    for facts in extract_all(on_disk, jobs, cache) + extract_all(buffers, jobs, None):
        result[facts.path] = facts
    if cache is not None:
        cache.flush()
    return {path: facts for path, facts in result.items() if facts is not None}


def _cached_or_read(
    root: Path, path: str, cache: FactsCache, result: Dict[str, Optional[FileFacts]]
) -> bytes | ParseError:
    """Facts straight from the cache (into ``result``) when the file's stat is unchanged, else its bytes
    (recorded in the cache's manifest under the stat taken before reading)."""
    try:
        stat = os.stat(os.path.join(root, path))
    except OSError:
        return read_file(root, path)
    key = cache.known_key(path, stat)
    facts = cache.load(key, path) if key is not None else None
    if facts is not None:
        result[path] = facts
        return b""
    data = read_file(root, path)
    if not isinstance(data, ParseError):
        cache.record(path, stat, FactsCache.key(data))
    return data


def extract_all(
    work: Sequence[Work], jobs: Optional[int] = None, cache: Optional[FactsCache] = None
) -> List[FileFacts]:
    """``extract_facts`` over ``work``, in order, each stored in ``cache``; identical results serial or parallel.

    In parallel, the workers send each file's facts as its encoded cache entry (JSON work the
    parent would otherwise do alone), which the parent decodes lazily and adds to the cache,
    which writes them once.
    """
    if not work:
        return []  # and no collector pass (``_cyclic_gc``) on a warm run
    workers = worker_count(work, jobs)
    encode = cache is not None
    if workers <= 1:
        return _store(_extract_chunk(list(work), encode), cache)
    count = min(len(work), workers * CHUNKS_PER_WORKER)
    chunks = [list(work[start::count]) for start in range(count)]
    extracted: Dict[str, FileFacts] = {}
    pool = _pool(workers)
    try:
        for done in pool.map(_extract_encoded, chunks):
            extracted.update((f.path, f) for f in _decoded(done, cache))
    except BaseException:  # Ctrl-C, or an error: do not wait for the other chunks to be parsed
        abandon(pool)
        raise
    pool.shutdown()
    return [extracted[path] for path, _ in work]


def abandon(pool: ProcessPoolExecutor) -> None:
    """Stop ``pool`` now: queued chunks cancelled, running workers terminated."""
    processes = list(getattr(pool, "_processes", None) or {})  # pids; shutdown() forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for pid in processes:
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            pass


def _store(
    done: Tuple[List[FileFacts], List[Tuple[str, bytes]]], cache: Optional[FactsCache]
) -> List[FileFacts]:
    if cache is not None:
        for key, entry in done[1]:
            cache.store_encoded(key, entry)
    return done[0]


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

    import fastlayer.facts.extract  # noqa: F401 - load the extractor and libcst once, before forking
    import fastlayer.facts.visitor  # noqa: F401

    method = "fork" if sys.platform.startswith("linux") else None
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context(method),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )


Encoded = List[Tuple[str, str, Union[bytes, FileFacts]]]  # (path, cache key, entry or facts)


def _extract_encoded(chunk: List[Work]) -> Encoded:
    """In a worker: each file's facts encoded as its cache entry (the JSON a warm run decodes):
    the parent decodes them lazily (``codec.LAZY``), ~4x faster than unpickling the objects. A
    file that could not be read is sent as its facts (it is never cached)."""
    from fastlayer.facts.extract import extract_facts  # lazy: a warm run never needs the extractor
    from fastlayer.facts.store.codec import encode_facts

    done: Encoded = []
    with _cyclic_gc(True):
        for path, data in chunk:
            facts = extract_facts(path, data)
            readable = facts.error is None or facts.error.kind != "read"
            done.append((path, FactsCache.key(data), encode_facts(facts) if readable else facts))
    return done


def _decoded(done: Encoded, cache: Optional[FactsCache]) -> Iterator[FileFacts]:
    """The facts a worker sent, each entry stored in ``cache``."""
    from fastlayer.facts.store.codec import decode_facts

    for path, key, entry in done:
        if isinstance(entry, FileFacts):
            yield entry
            continue
        if cache is not None:
            cache.store_encoded(key, entry)
        yield decode_facts(entry, path)


def _extract_chunk(
    chunk: List[Work], encode: bool
) -> Tuple[List[FileFacts], List[Tuple[str, bytes]]]:
    """Facts of each file and, with ``encode``, the cache entries (key, encoded facts) to store."""
    from fastlayer.facts.extract import extract_facts  # lazy: a warm run never needs the extractor
    from fastlayer.facts.store.codec import encode_facts

    extracted, entries = [], []
    with _cyclic_gc(True):
        for path, data in chunk:
            facts = extract_facts(path, data)
            if encode and (facts.error is None or facts.error.kind != "read"):
                entries.append((FactsCache.key(data), encode_facts(facts)))
            extracted.append(facts)
    return extracted, entries
