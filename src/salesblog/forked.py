"""Work spread over the processor's cores by forked processes: they start with everything the
build has read and made so far, and send back only their results."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence


def forked_map(function: Callable, jobs: Sequence, workers: int | None, *, threshold: int,
               chunksize: int | None = None) -> list:
    """[function(job) for job in jobs], on `workers` processes (all cores when None) once there
    are `threshold` jobs or more; below that, starting them costs more than it saves.
    `function` must be a module's own function, and jobs and results picklable."""
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if len(jobs) < threshold or workers <= 1:
        return [function(job) for job in jobs]
    context = multiprocessing.get_context("fork")
    with _interrupts_kept_from_children() as interrupted:  # only while the workers are forked
        pool = context.Pool(workers)
    with pool:
        if interrupted():
            raise KeyboardInterrupt
        return pool.map(function, jobs, chunksize=chunksize or max(1, len(jobs) // (workers * 8)))


@contextlib.contextmanager
def _interrupts_kept_from_children():
    """Ctrl-C reaches every process of the terminal; only the parent should answer it (it stops
    the pool and leaves the old site), not each worker with a traceback of its own. Workers
    forked inside this block inherit a handler that only takes note; the parent answers a
    Ctrl-C that came meanwhile once the block is over (yields a function telling whether one did)."""
    came: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False  # signal handlers can only be changed from the main thread
        return
    previous = signal.signal(signal.SIGINT, lambda number, frame: came.append(number))
    try:
        yield lambda: bool(came)
    finally:
        signal.signal(signal.SIGINT, previous)
