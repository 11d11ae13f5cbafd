"""Running test threads: each callable in a daemon thread, a deadlock
reported as a failure instead of a hung run, the first exception of any
thread re-raised in the test."""
from __future__ import annotations

import threading
import time

JOIN_TIMEOUT = 600.0  # the slowest run takes seconds: only a deadlock reaches it


def run_threads(targets, timeout: float = JOIN_TIMEOUT) -> None:
    """Runs each callable in a daemon thread; fails on a deadlock (timeout)
    and re-raises the first exception of any thread."""
    errors: list[BaseException] = []

    def wrap(target):
        def run():
            try:
                target()
            except BaseException as e:  # reported below, in the main thread
                errors.append(e)
        return run

    threads = [threading.Thread(target=wrap(t), daemon=True) for t in targets]
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    stuck = [t.name for t in threads if t.is_alive()]
    assert not stuck, f"deadlock: threads {stuck} still running after {timeout} s"
    if errors:
        raise errors[0]
