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
    assert run_script(script) == "0"


def run_script(script: str) -> str:
    """Runs ``script`` in a fresh interpreter and returns what it printed,
    stripped; fails the test if it exits non-zero, or if it hangs (a fork
    that waits for ever) rather than hanging the suite."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            timeout=2 * HANG_TIMEOUT,  # the script's own children get HANG_TIMEOUT
            cwd=Path(__file__).resolve().parent,
            env=dict(os.environ),
            check=False,
        )
    except subprocess.TimeoutExpired:
        result = None
    if result is None:
        pytest.fail(f"the process hung for {2 * HANG_TIMEOUT:.0f} s: a fork waited for ever")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


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
        pd._check()
        consistent = len(pd) == 0 and rest == sorted(rest)
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


# --- a fork never waits for a PriorityDict (issue 27, defect 2) ------------------
#
# Each script runs in its own interpreter, with a switch interval so long
# that the GIL changes hands only where a thread blocks: the threads' steps
# follow the events, not the timing. A fork that waited for a mapping would
# hang the script, which run_script turns into a failure.

def whole(pd: PriorityDict[object]) -> int:
    """0 if ``pd``'s heap holds exactly its items and pops them in order,
    draining ``pd``; else the number of the failed check."""
    if pd._busy:
        return 2
    pd._check()  # AssertionError if its C heap does not hold exactly its items
    expected = dict(pd)
    popped = [pd.popitem() for _ in range(len(pd))]
    priorities = [p for _, p in popped]
    if dict(popped) != expected or priorities != sorted(priorities, reverse=pd.reverse):
        return 3
    return 0


# The scripts run in tests/, and print the child's status (0: all right).
FORK_PRELUDE = textwrap.dedent(
    """
    import gc, os, sys, threading
    sys.setswitchinterval(1000)
    from test_fork import in_child, whole
    """
)


@pytest.mark.parametrize("callback", ["__hash__", "__del__"])
def test_a_fork_never_waits_for_a_thread_inside_a_mapping(callback):
    """The reported hang: a thread inside ``high[item] = 1`` whose item's
    __hash__ (or a __del__ the collector runs there) writes into ``low``.
    fork() used to take every mapping's lock in id order: ``low`` first,
    then it waited for ``high`` while that thread waited for ``low``. The
    child now gets ``high`` repaired (a fresh lock, its heap rebuilt) and
    can use both mappings."""
    script = FORK_PRELUDE + textwrap.dedent(
        f"""
        from fiboheap import PriorityDict

        low, high = sorted([PriorityDict(), PriorityDict()], key=id)
        inside = threading.Event()
        go = threading.Event()

        def write_low():
            inside.set()
            go.wait()
            low["from the callback"] = 1

        class Garbage:
            def __del__(self):
                write_low()

        class Item:
            calls = 0

            def __hash__(self):
                Item.calls += 1
                if threading.current_thread() is worker and Item.calls == 1:
                    if {callback!r} == "__hash__":
                        write_low()
                    else:
                        cycle = Garbage()
                        cycle.me = cycle
                        del cycle
                        gc.collect()
                return 7

        item = Item()
        worker = threading.Thread(target=high.__setitem__, args=(item, 1))
        worker.start()
        inside.wait()
        # A hook registered now runs before those registered when fiboheap
        # was imported: the thread inside high goes on towards low as the
        # fork starts (fiboheap's own hook took low's lock, then waited for
        # high's).
        os.register_at_fork(before=go.set)

        def check():
            # The thread is inside high's call at the fork (on CPython; on
            # PyPy it may have got through first): its changes are whole.
            if dict(low) not in ({{}}, {{"from the callback": 1.0}}):
                return 10
            if dict(high) not in ({{}}, {{item: 1.0}}) or len(high) > len(low):
                return 10
            high.pop(item, None)
            low.clear()
            high["child"] = 2
            low["child"] = 3
            if high.popitem() != ("child", 2.0) or low.popitem() != ("child", 3.0):
                return 11
            high.update(a=1, b=0)
            return whole(high) or whole(low)

        status = in_child(check)
        worker.join()
        assert dict(high) == {{item: 1.0}} and dict(low) == {{"from the callback": 1.0}}
        assert whole(high) == 0 and whole(low) == 0
        print(status)
        """
    )
    assert run_script(script) == "0"


def test_a_fork_from_inside_a_mapping_call_while_a_thread_waits_for_it():
    """The forking thread itself is inside ``low`` (an item's __hash__
    forks) while another thread, inside ``high``, waits for ``low``: a fork
    that took every lock would wait for ``high`` for ever. In the child the
    forking thread's own call goes on (``low`` refuses changes from inside
    it, as always), and ``high`` is repaired."""
    script = FORK_PRELUDE + textwrap.dedent(
        """
        from fiboheap import PriorityDict

        low, high = PriorityDict(), PriorityDict()
        holding_high = threading.Event()
        statuses = []

        class Writer:
            def __hash__(self):
                if threading.current_thread() is worker and not holding_high.is_set():
                    holding_high.set()
                    low["from the thread"] = 1  # waits: the main thread holds low
                return 1

        def check():
            try:
                low["from the child"] = 2
            except RuntimeError:  # inside low's own call, on this thread
                pass
            else:
                return 10
            high["child"] = 3
            if dict(high) != {"child": 3.0} or dict(low):
                return 11
            return whole(high)

        class Forker:
            def __hash__(self):
                if not statuses:
                    worker.start()
                    holding_high.wait()
                    statuses.append(in_child(check))
                return 2

        writer = Writer()
        worker = threading.Thread(target=high.__setitem__, args=(writer, 5))
        forker = Forker()
        low[forker] = 3
        worker.join()
        assert dict(high) == {writer: 5.0}
        assert dict(low) == {forker: 3.0, "from the thread": 1.0}
        print(statuses[0])
        """
    )
    assert run_script(script) == "0"


def test_a_child_forked_during_popitem_has_the_item_and_a_whole_mapping():
    """Another thread is inside popitem, between the C heap's pop and the
    dict's (the item's __hash__ waits there): the child's mapping, rebuilt
    from its dict, still holds the item, first in line, as if that popitem
    had not started."""
    script = FORK_PRELUDE + textwrap.dedent(
        """
        from fiboheap import PriorityDict

        inside = threading.Event()
        release = threading.Event()

        class Slow:
            armed = False

            def __hash__(self):
                if Slow.armed and threading.current_thread() is worker:
                    inside.set()
                    release.wait()
                return 3

        slow = Slow()
        pd = PriorityDict({slow: 1, "b": 2, "c": 5})
        popped = []
        Slow.armed = True
        worker = threading.Thread(target=lambda: popped.append(pd.popitem()))
        worker.start()
        inside.wait()

        def check():
            if len(pd) != 3 or pd.peekitem() != (slow, 1.0):
                return 10
            pd["d"] = 0
            return whole(pd)

        status = in_child(check)
        release.set()
        worker.join()
        assert popped == [(slow, 1.0)] and dict(pd) == {"b": 2.0, "c": 5.0}
        print(status)
        """
    )
    assert run_script(script) == "0"


def test_a_child_sees_each_item_of_an_update_in_progress_before_or_after():
    """Another thread's update() is half applied at the fork (an item's
    __hash__ waits inside it): in the child the mapping is whole and each
    item is as it was before the update or as the update sets it."""
    script = FORK_PRELUDE + textwrap.dedent(
        """
        from fiboheap import PriorityDict

        inside = threading.Event()
        release = threading.Event()

        class Late:
            calls = 0

            def __hash__(self):
                # The third call is the dict's insert, in the middle of the
                # update (the first two: staging, then the lookup).
                Late.calls += 1
                if threading.current_thread() is worker and Late.calls == 3:
                    inside.set()
                    release.wait()
                return 11

        late = Late()
        pd = PriorityDict({"x": 5, "y": 6})
        changes = [("a", 1), (late, 2), ("b", 3), ("x", 0)]
        worker = threading.Thread(target=pd.update, args=(changes,))
        worker.start()
        inside.wait()

        def check():
            before = {"x": 5.0, "y": 6.0}
            after = {**before, **dict(changes)}
            if any(pd.get(item) not in (before.get(item), after[item]) for item in after):
                return 10
            return whole(pd)

        status = in_child(check)
        release.set()
        worker.join()
        assert dict(pd) == {"x": 0.0, "y": 6.0, "a": 1.0, late: 2.0, "b": 3.0}
        print(status)
        """
    )
    assert run_script(script) == "0"


def test_an_at_fork_hook_may_use_a_mapping_a_thread_held():
    """A child hook registered after fiboheap was imported runs after
    fiboheap's own: the mapping another thread held at the fork is repaired
    by then. (Hooks registered before the import run while the C heaps'
    locks are still those of the parent: no fiboheap call may run there.)"""
    script = FORK_PRELUDE + textwrap.dedent(
        """
        from fiboheap import PriorityDict

        state = {}

        def use_the_mapping():
            pd = state["pd"]
            pd["from the hook"] = 0.5
            state["hook"] = pd.popitem() == ("from the hook", 0.5)

        os.register_at_fork(after_in_child=use_the_mapping)
        inside = threading.Event()
        release = threading.Event()

        class Waiting:
            def __hash__(self):
                if threading.current_thread() is worker:
                    inside.set()
                    release.wait()
                return 5

        pd = state["pd"] = PriorityDict({"a": 1})
        item = Waiting()
        worker = threading.Thread(target=pd.__setitem__, args=(item, 2))
        worker.start()
        inside.wait()
        status = in_child(lambda: 0 if state.get("hook") and dict(pd) == {"a": 1.0} else 10)
        release.set()
        worker.join()
        assert dict(pd) == {"a": 1.0, item: 2.0}
        print(status)
        """
    )
    assert run_script(script) == "0"
