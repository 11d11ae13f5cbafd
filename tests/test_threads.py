"""One heap, several threads; and code that calls back into a heap while the
heap is working (payload finalizers, key conversions, the cycle collector).

cffi releases the GIL inside every C call, so these tests do interleave heap
operations for real, on CPython and on PyPy. Every thread does a fixed
amount of work, never "as much as fits in N seconds", so a loaded machine
only makes a test slower, never different. Every thread is a daemon joined
with a timeout far above any run's time: a deadlock fails the test instead
of hanging the run.
"""
from __future__ import annotations

import contextlib
import gc
import platform
import random
import weakref

import pytest
from _owned import owned_payloads
from _threads import run_threads

from fiboheap import FiboHeap

PYPY = platform.python_implementation() == "PyPy"
OPS_PER_THREAD = 20_000  # each thread's operations in the mixed tests


pytestmark = pytest.mark.usefixtures("fast_switching")


@pytest.fixture
def handles():
    """The number of live handles before the test; checks it after."""
    gc.collect()
    before = owned_payloads()
    yield before
    if PYPY:
        gc.collect()
        gc.collect()
    assert owned_payloads() == before, "a payload leaked"


def seq_of(node) -> int:
    """The low 32 bits of the node's global insertion counter (white box:
    fh_ref keeps them), for checking the order of equal keys."""
    return node._ref & 0xFFFFFFFF


class Item:
    __slots__ = ("__weakref__", "n", "tid")

    def __init__(self, tid: int, n: int) -> None:
        self.tid = tid
        self.n = n

    def __repr__(self) -> str:
        return f"Item({self.tid}, {self.n})"


def drain(h: FiboHeap) -> list:
    out = []
    while h:
        out.append(h.pop())
    return out


# --- four threads on one heap ----------------------------------------------

def test_four_threads_mixing_insert_decrease_extract_remove(handles):
    h = FiboHeap()
    nodes_by_item: dict[Item, object] = {}  # every insert, all threads
    taken: list[list[Item]] = [[] for _ in range(4)]  # extracted or removed

    def worker(tid: int) -> None:
        rng = random.Random(tid)
        mine: list = []  # this thread's nodes that may still be in h
        count = 0
        for _ in range(OPS_PER_THREAD):
            op = rng.random()
            if op < 0.40 or not mine:
                count += 1
                item = Item(tid, count)
                node = h.insert(float(rng.randint(0, 50)), item)  # many ties
                nodes_by_item[item] = node
                mine.append(node)
            elif op < 0.65:
                node = mine[rng.randrange(len(mine))]
                new_key = node.key - rng.choice([0.0, 0.5, 1.0, 20.0])
                try:
                    h.decrease_key(node, new_key)
                except ValueError:  # another thread extracted it
                    assert node not in h
                    mine.remove(node)
                else:
                    assert node.key == new_key
            elif op < 0.85:
                try:
                    item = h.extract()
                except IndexError:
                    continue
                assert type(item) is Item
                taken[tid].append(item)
            else:
                node = mine.pop(rng.randrange(len(mine)))
                try:
                    item = h.remove(node)
                except ValueError:
                    assert node not in h
                else:
                    assert item is node.data
                    taken[tid].append(item)

    run_threads([lambda t=t: worker(t) for t in range(4)])

    h._check()
    out = [item for items in taken for item in items]
    assert len(out) == len(set(out)), "an element was taken twice"
    survivors = set(nodes_by_item) - set(out)
    assert len(h) == len(survivors)
    rest = drain(h)
    assert {item for _, item in rest} == survivors
    assert len(rest) == len(survivors)
    for key, item in rest:
        assert key == nodes_by_item[item].key, "the heap's key differs from Node.key"
    order = [(key, seq_of(nodes_by_item[item])) for key, item in rest]
    assert order == sorted(order), "not in (key, insertion) order"


def test_concurrent_clear_and_insert_lose_nothing(handles):
    """clear() retries when another thread inserts between its size query and
    its C call; every payload is either released by a clear or still in."""
    h = FiboHeap()
    inserted: list[weakref.ref] = []

    def inserter(tid: int) -> None:
        for _ in range(OPS_PER_THREAD):
            item = Item(tid, 0)
            inserted.append(weakref.ref(item))
            h.insert(1.0, item)

    def clearer() -> None:
        for _ in range(OPS_PER_THREAD // 10):
            h.clear()

    run_threads([lambda: inserter(0), lambda: inserter(1), clearer])
    h._check()
    alive = sum(r() is not None for r in inserted) if not PYPY else None
    if alive is not None:
        assert alive == len(h), "a cleared payload was kept, or a kept one freed"
    h.clear()
    assert len(h) == 0


# --- merges in opposite directions ---------------------------------------

def test_opposite_merges_do_not_deadlock(handles):
    h, g = FiboHeap(), FiboHeap()
    inserted: list[set] = [set(), set(), set()]
    taken: list[set] = [set(), set(), set()]
    nodes: list = []

    def merger(tid: int, dst: FiboHeap, src: FiboHeap) -> None:
        for n in range(1, OPS_PER_THREAD // 2 + 1):
            item = Item(tid, n)
            inserted[tid].add(item)
            nodes.append(src.insert(float(n % 7), item))
            dst.merge(src)
            if n % 3 == 0:
                with contextlib.suppress(IndexError):
                    taken[tid].add(dst.extract())

    def node_worker() -> None:
        rng = random.Random(7)
        for _ in range(OPS_PER_THREAD):
            if not nodes:
                continue
            node = nodes[rng.randrange(len(nodes))]
            heap = h if rng.random() < 0.5 else g
            try:  # the node moves between heaps all the time
                if rng.random() < 0.2:
                    taken[2].add(heap.remove(node))
                else:
                    heap.decrease_key(node, node.key - 1)
            except ValueError:
                pass

    run_threads([
        lambda: merger(0, h, g),
        lambda: merger(1, g, h),
        node_worker,
    ])
    h._check()
    g._check()
    all_in = inserted[0] | inserted[1]
    all_out = taken[0] | taken[1] | taken[2]
    assert sum(len(t) for t in taken) == len(all_out), "an element was taken twice"
    rest = [item for _, item in drain(h) + drain(g)]
    assert len(rest) == len(set(rest))
    assert set(rest) | all_out == all_in and not set(rest) & all_out


# --- races between the C call and the Python bookkeeping -----------------

def test_peek_concurrent_with_extract_never_raises_keyerror(handles):
    """peek() must return (key, data) or raise IndexError, and repr() must
    not raise: peek reads the minimum's handle in C, then looks it up in
    its heap's dicts after the GIL came back, when an extract in another thread
    may have popped that entry (peek then tries again)."""
    h = FiboHeap()
    failures: list[str] = []

    def churn() -> None:
        for _ in range(OPS_PER_THREAD):
            h.insert(1.0, Item(0, 0))
            with contextlib.suppress(IndexError):
                h.extract()

    def peeker() -> None:
        for _ in range(2 * OPS_PER_THREAD):
            try:
                key, item = h.peek()
                repr(h)
            except IndexError:
                continue
            except Exception as e:
                failures.append(repr(e))
                return
            assert key == 1.0 and type(item) is Item

    run_threads([churn, churn, peeker])
    h.clear()
    assert not failures, f"peek/repr raised {failures[0]} while another thread extracted"


def test_concurrent_key_changes_of_one_node_keep_the_heap_sound(handles):
    """Two threads changing one node's key at once: the documented rule
    (Node.key) is that the heap keeps one of the keys and Node.key shows one
    of them, possibly the other thread's; the heap stays valid and the next
    change made alone brings both together again."""
    h = FiboHeap()
    node = h.insert(0.0, "x")
    h.insert(2.0, "y")  # above every key the threads set: x stays the min

    def changer(keys: list, seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(200):
            key = rng.random()
            keys.append(key)
            h.update_key(node, key)

    for trial in range(50):
        keys: list[float] = []
        run_threads([lambda k=keys, t=trial: changer(k, 2 * t),
                     lambda k=keys, t=trial: changer(k, 2 * t + 1)])
        h._check()
        assert node in h and len(h) == 2
        held_key, data = h.peek()
        assert data == "x" and held_key in keys and node.key in keys
        h.update_key(node, -1.0 - trial)
        assert h.peek() == (node.key, "x") == (-1.0 - trial, "x")
    h.clear()


# --- payload finalizers calling back into the heap -----------------------

class Reentrant:
    """A payload whose __del__ uses the heap it leaves: len, peek, insert
    (of another Reentrant while depth lasts, else of a plain tuple), _check,
    and optionally extract. It reaches the heap through a weakref, so that
    the heap dies by reference counting on CPython. It logs what it
    did, or its error, since Python swallows exceptions raised in __del__."""

    def __init__(self, heap: FiboHeap, log: list, depth: int = 0, extract: bool = False):
        self.heap = weakref.ref(heap)
        self.log = log
        self.depth = depth
        self.extract = extract

    def __del__(self) -> None:
        h = self.heap()
        if h is None:  # the heap is dying: its weakrefs are cleared first
            self.log.append("heap gone")
            return
        try:
            n = len(h)
            echo = (
                Reentrant(h, self.log, self.depth - 1, self.extract)
                if self.depth > 0 else ("echo", self.depth)
            )
            h.insert(100.0 + self.depth, echo)
            del echo
            assert len(h) == n + 1
            h.peek()
            h._check()
            if self.extract:
                h.extract()  # may release another Reentrant: nested finalizer
            h._check()
            self.log.append(("ok", 1, int(self.extract)))
        except Exception as e:
            self.log.append(e)


def _exit_extract(h, node):
    h.extract()


def _exit_pop(h, node):
    h.pop()


def _exit_remove(h, node):
    h.remove(node)


def _exit_clear(h, node):
    h.clear()


@pytest.mark.parametrize("extract", [False, True], ids=["insert", "insert+extract"])
@pytest.mark.parametrize("exit_path", [_exit_extract, _exit_pop, _exit_remove, _exit_clear],
                         ids=["extract", "pop", "remove", "clear"])
def test_payload_del_reenters_heap_on_release(exit_path, extract, handles):
    h = FiboHeap()
    log: list = []
    for i in range(5):
        h.insert(10.0 + i, ("plain", i))
    node = h.insert(0.0, Reentrant(h, log, depth=2, extract=extract))
    exit_path(h, node)
    del node
    if PYPY:
        gc.collect()
        gc.collect()
    errors = [e for e in log if not (type(e) is tuple and e[0] == "ok")]
    assert log and not errors, log
    h._check()
    left = 0 if exit_path is _exit_clear else 5
    inserted = sum(e[1] for e in log)
    extracted = sum(e[2] for e in log)
    assert len(h) == left + inserted - extracted
    rest = drain(h)
    assert [k for k, _ in rest] == sorted(k for k, _ in rest)
    if not extract:
        assert len(log) == 1  # the echo stays in the heap, alive


@pytest.mark.parametrize("extract", [False, True], ids=["insert", "insert+extract"])
def test_payload_del_reenters_heap_during_heap_deletion(extract, handles):
    """The payloads die with their heap, after its weak references: their
    finalizers find it gone (on both interpreters; the heap has no __del__
    that could run first), and nothing is left behind."""
    log: list = []
    h = FiboHeap()
    for i in range(20):
        h.insert(float(i), Reentrant(h, log, depth=3, extract=extract))
    heap_ref = weakref.ref(h)
    del h
    gc.collect()
    gc.collect()
    assert heap_ref() is None
    assert log == ["heap gone"] * 20, log


def test_payload_del_clearing_and_merging_during_clear(handles):
    """A finalizer running inside clear() clears the heap again and merges
    another heap into it."""
    h, other = FiboHeap(), FiboHeap()
    other.insert(5.0, "from other")

    class Clearer:
        def __del__(self):
            h.clear()
            h.merge(other)
            h._check()

    h.insert(1.0, Clearer())
    h.insert(2.0, "plain")
    h.clear()
    if PYPY:
        gc.collect()
        gc.collect()
    h._check()
    other._check()
    assert drain(h) == [(5.0, "from other")]
    assert len(other) == 0


# --- key conversions calling back into the heap --------------------------

class CallbackKey:
    """A key whose __float__ first runs action(), then returns value."""

    def __init__(self, value: float, action, fail: bool = False) -> None:
        self.value = value
        self.action = action
        self.fail = fail
        self.calls = 0

    def __float__(self) -> float:
        self.calls += 1
        self.action()
        if self.fail:
            raise ArithmeticError("refused by __float__")
        return self.value


def _heap_with(*pairs):
    h = FiboHeap()
    nodes = {data: h.insert(key, data) for key, data in pairs}
    return h, nodes


def test_float_inserting_during_insert():
    h, _ = _heap_with((3.0, "c"))
    node = h.insert(CallbackKey(5.0, lambda: h.insert(1.0, "inner")), "outer")
    assert node.key == 5.0 and node in h
    h._check()
    assert drain(h) == [(1.0, "inner"), (3.0, "c"), (5.0, "outer")]


def test_float_extracting_and_checking_during_insert():
    h, _ = _heap_with((0.0, "a"), (9.0, "b"))
    seen = []
    h.insert(CallbackKey(5.0, lambda: seen.append((len(h), h.extract(), h._check()))), "outer")
    assert seen == [(2, "a", None)]
    h._check()
    assert drain(h) == [(5.0, "outer"), (9.0, "b")]


def test_float_removing_the_node_during_its_decrease_key():
    h, nodes = _heap_with((5.0, "x"), (6.0, "y"))
    x = nodes["x"]
    with pytest.raises(ValueError, match="not in this heap"):
        h.decrease_key(x, CallbackKey(0.0, lambda: h.remove(x)))
    h._check()
    assert x.key == 5.0 and x not in h
    assert drain(h) == [(6.0, "y")]


def test_float_decreasing_the_same_node_during_its_decrease_key():
    h, nodes = _heap_with((5.0, "x"), (6.0, "y"))
    x = nodes["x"]
    with pytest.raises(ValueError, match="larger"):
        h.decrease_key(x, CallbackKey(0.0, lambda: h.decrease_key(x, -5.0)))
    assert x.key == -5.0
    h._check()
    assert drain(h) == [(-5.0, "x"), (6.0, "y")]


def test_float_clearing_during_update_key():
    h, nodes = _heap_with((5.0, "x"), (6.0, "y"))
    with pytest.raises(ValueError, match="not in this heap"):
        h.update_key(nodes["x"], CallbackKey(50.0, h.clear))
    h._check()
    assert len(h) == 0


def test_float_merging_during_insert():
    h, _ = _heap_with((5.0, "h"))
    g, _ = _heap_with((1.0, "g"))
    h.insert(CallbackKey(3.0, lambda: h.merge(g)), "outer")
    h._check()
    g._check()
    assert drain(h) == [(1.0, "g"), (3.0, "outer"), (5.0, "h")]
    assert len(g) == 0


def test_float_raising_after_reentering_leaves_only_the_inner_change(handles):
    h, nodes = _heap_with((5.0, "x"))
    key = CallbackKey(0.0, lambda: h.insert(2.0, "inner"), fail=True)
    with pytest.raises(ArithmeticError):
        h.insert(key, "outer")
    with pytest.raises(ArithmeticError):
        h.decrease_key(nodes["x"], key)
    with pytest.raises(ArithmeticError):
        h.update_key(nodes["x"], key)
    assert nodes["x"].key == 5.0
    h._check()
    assert drain(h) == [(2.0, "inner")] * 3 + [(5.0, "x")]


def test_float_reentering_from_several_threads(handles):
    """Key conversions that use the heap, from four threads at once."""
    h = FiboHeap()
    counts = [0] * 4

    def worker(tid: int) -> None:
        for _ in range(OPS_PER_THREAD // 4):
            node = h.insert(CallbackKey(float(tid), lambda: h.insert(-1.0, None)), tid)
            h.decrease_key(node, CallbackKey(float(tid) - 0.5, lambda: len(h)))
            h.extract()
            counts[tid] += 1

    run_threads([lambda t=t: worker(t) for t in range(4)])
    h._check()
    assert len(h) == sum(counts)  # each round inserts two and extracts one
    keys = [k for k, _ in drain(h)]
    assert keys == sorted(keys)


# --- the cycle collector running finalizers in the middle of heap calls ------

@pytest.mark.skipif(PYPY, reason="gc.set_threshold drives CPython's cycle collector only")
def test_cycle_collector_finalizers_reenter_mid_operation(handles):
    """With gc threshold 1, every allocation can run a collection, and so
    finalizers of cyclic garbage that insert into and extract from the heap,
    at any point inside insert, extract, pop, remove, decrease_key, clear."""
    h = FiboHeap()
    effects = {"inserted": 0, "extracted": 0}

    class CyclicGarbage:
        def __init__(self):
            self.me = self  # only the cycle collector can free it

        def __del__(self):
            h.insert(0.5, "from gc")
            effects["inserted"] += 1
            if len(h) > 3:
                h.extract()
                effects["extracted"] += 1

    rng = random.Random(3)
    old = gc.get_threshold()
    gc.set_threshold(1, 1, 1)
    try:
        nodes = []
        for i in range(3000):
            CyclicGarbage()
            op = rng.random()
            if op < 0.4:
                nodes.append(h.insert(float(rng.randint(0, 20)), i))
            elif op < 0.55 and nodes:
                node = nodes.pop(rng.randrange(len(nodes)))
                with contextlib.suppress(ValueError):  # a finalizer took it
                    h.remove(node)
            elif op < 0.75 and nodes:
                node = nodes[rng.randrange(len(nodes))]
                with contextlib.suppress(ValueError):
                    h.decrease_key(node, node.key - 1)
            elif op < 0.95:
                with contextlib.suppress(IndexError):
                    h.pop()
            elif op >= 0.95:
                h.clear()
            h._check()
    finally:
        gc.set_threshold(*old)
    gc.collect()
    assert effects["inserted"] > 100
    h._check()
    keys = [k for k, _ in drain(h)]
    assert keys == sorted(keys)
