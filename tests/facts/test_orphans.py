"""Parse workers die with the main process (issue 17): a killed `fastlayer check` leaves no worker
holding the caller's stdout open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import List

import pytest

SCRIPT = """
import sys, time
from fastlayer.facts.store import collect
with collect._pool(2) as pool:
    futures = [pool.submit(time.sleep, 120) for _ in range(2)]
    time.sleep(1)
    print(" ".join(str(pid) for pid in pool._processes), flush=True)
    time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited (PID 1 in a container may not reap it)


def _wait_gone(pids: List[int]) -> List[int]:
    for _ in range(200):  # a liveness check, not a speed goal: give the workers 20 s
        alive = [pid for pid in pids if _alive(pid)]
        if not alive:
            return []
        time.sleep(0.1)
    return alive


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
def test_workers_die_with_the_main_process(sig: signal.Signals) -> None:
    main = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, text=True)
    assert main.stdout is not None
    workers = [int(pid) for pid in main.stdout.readline().split()]
    assert len(workers) == 2 and all(_alive(pid) for pid in workers)
    os.kill(main.pid, sig)
    main.wait(timeout=30)
    try:
        assert _wait_gone(workers) == []
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_an_abandoned_pool_stops_its_busy_workers_at_once() -> None:
    """Ctrl-C during parsing: the queued chunks are cancelled and the running ones not waited for."""
    from fastlayer.facts.store import collect

    pool = collect._pool(2)
    futures = [pool.submit(time.sleep, 120) for _ in range(4)]
    while len([f for f in futures if f.running()]) < 2:
        time.sleep(0.05)
    workers = list(pool._processes)
    collect.abandon(pool)
    queued = futures[-1]
    wait(
        [queued], timeout=30
    )  # the pool's manager thread cancels (or fails) queued work asynchronously
    assert queued.cancelled() or isinstance(queued.exception(timeout=0), BrokenProcessPool)
    assert _wait_gone(workers) == []
