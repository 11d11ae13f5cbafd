"""fork() while other threads use heaps: the child must be able to use every
heap, old and new (issue 13, item 3). Without the arena's at-fork handling a
child could inherit a lock held by a thread that does not exist in it, and
hang on its first call.

The work is fixed (a number of forks); the timeouts are far above what the
work takes and only catch a hang.
"""
from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from fiboheap import FiboHeap, PriorityDict

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork()")

FORKS = 40
HANG_TIMEOUT = 60.0  # seconds; a child or thread that needs this has hung
BIG = 5000  # elements per churn round: long C calls, which a fork can split


def churn(shared: FiboHeap[int], stop: threading.Event) -> None:
    """Keeps C calls that hold heap and arena locks going: bulk inserts, a
    pop that consolidates thousands of roots, a merge, a clear, and new and
    freed heaps."""
    while not stop.is_set():
        batch = FiboHeap([(float(i % 97), i) for i in range(BIG)])
        batch.pop()
        shared.merge(batch)
        shared.push(-1.0, -1)
        shared.pop()
        shared.clear()
        del batch


@pytest.fixture
def churning() -> Iterator[list[FiboHeap[int]]]:
    """Two threads churning two heaps, stopped and joined afterwards."""
    heaps: list[FiboHeap[int]] = [FiboHeap(), FiboHeap()]
    stop = threading.Event()
    threads = [
        threading.Thread(target=churn, args=(h, stop), daemon=True) for h in heaps
    ]
    for t in threads:
        t.start()
    try:
        yield heaps
    finally:
        stop.set()
        for t in threads:
            t.join(HANG_TIMEOUT)
        assert not any(t.is_alive() for t in threads), "a churn thread hung"


def use_heaps(heaps: list[FiboHeap[int]]) -> int:
    """The child's work on the inherited heaps and a new one; 0 if every
    answer is right, else the number of the failed check."""
    for h in heaps:
        h._check()
        h.push(-2.0, -2)
        if h.pop() != (-2.0, -2):
            return 1
        keys = [h.pop()[0] for _ in range(len(h))]
        if keys != sorted(keys) or len(h) != 0:
            return 2
    fresh = FiboHeap([(3.0, 3), (1.0, 1), (2.0, 2)])
    heaps[0].merge(fresh)
    if [heaps[0].pop() for _ in range(3)] != [(1.0, 1), (2.0, 2), (3.0, 3)]:
        return 3
    return 0


def wait_for(pid: int) -> int:
    """The child's exit status; kills it and fails if it hangs."""
    deadline = time.monotonic() + HANG_TIMEOUT
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.01)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    pytest.fail("a forked child hung on fiboheap")


def in_child(work: Callable[[], int]) -> int:
    """Forks; the child runs ``work`` and exits with what it returns (99 if
    it raised), never returning into pytest. Returns the child's status."""
    pid = os.fork()
    if pid == 0:
        code = 99
        try:
            code = work()
        finally:
            os._exit(code)
    return wait_for(pid)


def test_forked_children_use_heaps_other_threads_were_using(churning):
    for _ in range(FORKS):
        status = in_child(lambda: use_heaps(churning))
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status


def child_main(heaps: list[FiboHeap[int]]) -> None:
    sys.exit(use_heaps(heaps))


def test_multiprocessing_fork_start_method(churning):
    context = multiprocessing.get_context("fork")
    for _ in range(FORKS // 4):
        process = context.Process(target=child_main, args=(churning,))
        process.start()
        process.join(HANG_TIMEOUT)
        if process.is_alive():
            process.kill()
            process.join()
            pytest.fail("a multiprocessing child hung on fiboheap")
        assert process.exitcode == 0


def test_fork_hooks_of_other_libraries_may_collect_heaps():
    """Freeing a heap calls into the arena. Hooks registered before fiboheap
    was imported run while the arena's locks are held: if a collection there
    freed a heap (CPython's __del__ and weakref callback, PyPy's ffi.gc
    destructor), the forking thread would wait on itself for ever unless the
    arena leaves that heap to the end of the fork."""
    script = textwrap.dedent(
        """
        import gc, os

        held = {"before": [], "child": []}

        def drop(which):  # the heaps become garbage and are collected
            held[which].clear()
            gc.collect()

        # Registered first, so these run while fiboheap holds its locks.
        os.register_at_fork(before=lambda: drop("before"),
                            after_in_child=lambda: drop("child"))
        from fiboheap import FiboHeap
        gc.collect()
        for heaps in held.values():
            for _ in range(50):
                cycle = [FiboHeap([(1.0, None)])]
                cycle.append(cycle)
                heaps.append(cycle)
                heaps.append(FiboHeap([(1.0, None)]))
        del cycle, heaps
        pid = os.fork()
        if pid == 0:
            h = FiboHeap([(2.0, "b"), (1.0, "a")])
            os._exit(0 if h.pop() == (1.0, "a") and gc.isenabled() else 1)
        _, status = os.waitpid(pid, 0)
        assert gc.isenabled()
        print(os.waitstatus_to_exitcode(status))
        """
    )
    tests = Path(__file__).resolve().parent
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=HANG_TIMEOUT,
        cwd=tests,
        env=dict(os.environ),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


def churn_mapping(pd: PriorityDict[int], stop: threading.Event) -> None:
    """Keeps PriorityDict calls going, each under the mapping's lock."""
    i = 0
    while not stop.is_set():
        for j in range(50):
            pd[i + j] = float((i + j) % 7)
        pd[i] = -1.0
        while len(pd) > 20:
            pd.popitem()
        i += 50


def test_forked_children_use_a_priority_dict_another_thread_was_using():
    """The mapping's lock is taken around the fork: without that, a child
    forked while the churning thread held it would hang on the mapping."""
    pd: PriorityDict[int] = PriorityDict()
    stop = threading.Event()
    thread = threading.Thread(target=churn_mapping, args=(pd, stop), daemon=True)
    thread.start()

    def use_mapping() -> int:
        pd[-5] = -5.0
        first = pd.popitem()
        rest = [pd.popitem()[1] for _ in range(len(pd))]
        consistent = len(pd._heap) == 0 and rest == sorted(rest)
        return 0 if first == (-5, -5.0) and consistent else 1

    try:
        for _ in range(FORKS):
            status = in_child(use_mapping)
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    finally:
        stop.set()
        thread.join(HANG_TIMEOUT)
    assert not thread.is_alive(), "the churn thread hung"


def test_two_threads_forking_at_once_each_release_their_own_locks(fast_switching):
    """Two threads fork at the same time while a third uses a PriorityDict:
    each fork's hooks take and release the mapping's locks for their own
    thread only; no child, parent or churn thread hangs."""
    pd: PriorityDict[int] = PriorityDict()
    others = [PriorityDict() for _ in range(20)]  # more locks to interleave on
    stop = threading.Event()
    churner = threading.Thread(target=churn_mapping, args=(pd, stop), daemon=True)
    churner.start()
    failures: list[object] = []

    def use_mappings() -> int:
        pd[-7] = -7.0
        others[0][1] = 1.0
        return 0 if pd.popitem() == (-7, -7.0) else 1

    def fork_repeatedly() -> None:
        for _ in range(FORKS):
            status = in_child(use_mappings)
            if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
                failures.append(status)

    try:
        forkers = [threading.Thread(target=fork_repeatedly) for _ in range(2)]
        for t in forkers:
            t.start()
        for t in forkers:
            t.join(HANG_TIMEOUT * 2)
        assert not any(t.is_alive() for t in forkers), "a forking thread hung"
    finally:
        stop.set()
        churner.join(HANG_TIMEOUT)
    assert not churner.is_alive(), "the churn thread hung"
    assert not failures, failures
    for mapping in [pd, *others]:  # every lock was released
        assert mapping._lock.acquire(blocking=False)
        mapping._lock.release()
