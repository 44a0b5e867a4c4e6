"""Parse workers die with the process that started them.

When ``fastlayer check`` is killed (SIGTERM from CI, SIGHUP from a closed terminal, SIGKILL), its
workers must not live on, reparented, holding the caller's stdout open (a caller reading the
output would wait forever). On Linux each worker asks the kernel for SIGKILL when its parent dies
(``prctl(PR_SET_PDEATHSIG)``); everywhere a watchdog thread also checks once a second whether the
parent is still the process that started it, and ends the worker when it is not.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 1.0


def die_with_parent(parent: int) -> None:
    """A worker's initializer: ``parent`` is the pid of the process that created the pool.
    Ctrl-C is the parent's to handle (it stops the pool); a worker does not print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        _death_signal()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    threading.Thread(
        target=_watch, args=(parent,), daemon=True, name="fastlayer-parent-watch"
    ).start()


def _death_signal() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the watchdog remains


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)
