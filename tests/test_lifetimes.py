"""Payload lifetimes: every way out of the heap releases the payload, at once.

The heap's one reference to a payload is its handle's entry in a dict of the
heap (fiboheap/_handles.py). Every exit path (extract, pop, remove, clear,
merge then pop, heap deletion) must pop it, and a failed insert must not keep
the payload.

On CPython the tests run with the cycle collector disabled and check with
weakrefs that a payload dies the moment it leaves the heap, and that
``del heap`` frees every payload and the heap itself: that proves the heap
creates no reference cycle. ``sys.getrefcount`` checks the same with a
shared payload. On PyPy, which has no reference counting, the same tests
call gc.collect() before looking; the refcount tests are skipped.

Reminder: a Node holds its payload (``node.data`` is readable forever), so
tests that want a payload to die do not keep its Node.
"""
from __future__ import annotations

import gc
import mmap
import os
import platform
import sys
import weakref
from collections.abc import Callable

import pytest
from _owned import owned_payloads

from fiboheap import FiboHeap, Node

PYPY = platform.python_implementation() == "PyPy"
cpython_only = pytest.mark.skipif(
    PYPY, reason="sys.getrefcount and refcount-prompt release are CPython's"
)


class Payload:
    """A weakref-able payload."""

    def __init__(self, tag: object = None) -> None:
        self.tag = tag

    def __repr__(self) -> str:
        return f"Payload({self.tag!r})"


@pytest.fixture
def no_gc():
    """The cycle collector off for the test: what dies, dies by refcount."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@pytest.fixture
def handles():
    """The number of live handles before the test; checks it after."""
    gc.collect()
    before = owned_payloads()
    yield before
    settle()
    assert owned_payloads() == before, "a payload leaked"


def settle() -> None:
    """Nothing on CPython: refcounting must already have freed everything.
    PyPy frees on collection, and what a finalizer releases only on a later
    one. Two passes were not always enough: once in five loaded full runs a
    dropped heap's payloads were still alive after them, so four."""
    if PYPY:
        for _ in range(4):
            gc.collect()


def all_dead(refs: list[weakref.ref]) -> bool:
    settle()
    return all(r() is None for r in refs)


def none_dead(refs: list[weakref.ref]) -> bool:
    settle()
    return all(r() is not None for r in refs)


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


# --- every exit path, one payload at a time ----------------------------------

def _fill(h: FiboHeap, n: int = 20) -> list[weakref.ref]:
    """Inserts n other payloads (keys 10..), nodes not kept; their weakrefs."""
    refs = []
    for i in range(n):
        p = Payload(("other", i))
        refs.append(weakref.ref(p))
        h.insert(10 + i, p)
    return refs


def _exit_extract(h, node):
    assert h.extract().tag == "target"


def _exit_pop(h, node):
    key, data = h.pop()
    assert key == 0.0 and data.tag == "target"


def _exit_remove(h, node):
    assert h.remove(node).tag == "target"


def _exit_clear(h, node):
    h.clear()
    assert len(h) == 0


EXITS = {
    "extract": _exit_extract,
    "pop": _exit_pop,
    "remove": _exit_remove,
    "clear": _exit_clear,
}


@pytest.mark.usefixtures("no_gc")
@pytest.mark.parametrize("how", sorted(EXITS))
def test_payload_dies_when_it_leaves(how, handles):
    h = FiboHeap()
    others = _fill(h)
    target = Payload("target")
    ref = weakref.ref(target)
    node = h.insert(0, target)
    del target
    assert none_dead([ref])
    EXITS[how](h, node)
    del node  # the Node holds its payload too; it is the caller's reference
    assert all_dead([ref]), f"payload kept alive after {how}"
    if how == "clear":
        assert all_dead(others)
    else:
        assert none_dead(others)
        assert len(h) == len(others)
        h._check()
    heap = weakref.ref(h)
    del h
    assert_dies_with(heap, others)


def assert_dies_with(heap: weakref.ref, payloads: list[weakref.ref]) -> None:
    """The payloads still in a dropped heap die in the collection that frees
    the heap itself (on CPython when its last reference goes): nothing but
    the heap holds them. If something else keeps the heap (a traceback, a
    test harness), that is named, rather than counted as a leak."""
    for _ in range(8 if PYPY else 1):
        if heap() is None:
            break
        gc.collect()
    alive = heap()
    assert alive is None, f"the heap outlived its last reference: {gc.get_referrers(alive)!r}"
    assert all(r() is None for r in payloads), "payloads outlived their heap"


@cpython_only
def test_an_element_costs_one_python_object():
    """An element holds a handle, a dict entry and a C node: of those only
    the handle is an object the collector tracks (there is no per-element
    cell, list or tuple)."""
    h = FiboHeap()
    h.push(0.0)
    h.extract()
    payload = Payload()
    gc.collect()
    before = len(gc.get_objects())
    for i in range(1000):
        h.push(float(i), payload)
    gc.collect()
    assert len(gc.get_objects()) - before <= 1000 + 10
    h.clear()


@pytest.mark.usefixtures("no_gc")
@pytest.mark.parametrize("how", ["extract", "pop", "remove", "clear"])
def test_payload_dies_after_merge_then_exit(how, handles):
    h, g = FiboHeap(), FiboHeap()
    h_refs = _fill(h, 5)
    target = Payload("target")
    ref = weakref.ref(target)
    node = g.insert(0, target)  # the minimum of the merged heap
    del target
    h.merge(g)
    assert len(g) == 0 and none_dead([ref])
    EXITS[how](h, node)
    del node
    assert all_dead([ref]), f"payload kept alive after merge then {how}"
    del g  # the emptied source heap holds nothing
    if how == "clear":
        assert all_dead(h_refs)
    else:
        assert none_dead(h_refs)


@pytest.mark.usefixtures("no_gc")
def test_deleting_a_merged_source_keeps_payloads_and_deleting_the_target_frees_them(handles):
    h, g = FiboHeap(), FiboHeap()
    refs = _fill(g, 10) + _fill(h, 10)
    h.merge(g)
    del g
    assert none_dead(refs)
    heap_ref = weakref.ref(h)
    del h
    assert all_dead([heap_ref])
    assert all_dead(refs)


@pytest.mark.usefixtures("bulk_pops")
def test_pop_many_takes_the_elements_a_merge_brings_during_its_c_call(monkeypatch):
    """pop_many reads a heap with no merged tables from its own table; a
    merge that lands after that look and before the C call (another
    thread's, here made exact by a lib that merges first) brings elements
    whose entries are in the other heap's table: they are found there."""
    import fiboheap.heap

    h = FiboHeap([(1.0, "a"), (3.0, "c")])
    other = FiboHeap([(2.0, "b"), (4.0, "d")])
    real = fiboheap.heap.lib

    class MergingFirst:
        def __getattr__(self, name):
            return getattr(real, name)

        def fh_pop_many(self, *args):
            monkeypatch.setattr(fiboheap.heap, "lib", real)
            h.merge(other)
            return real.fh_pop_many(*args)

    monkeypatch.setattr(fiboheap.heap, "lib", MergingFirst())
    assert h.pop_many(3) == [(1.0, "a"), (2.0, "b"), (3.0, "c")]
    assert h.pop_many(5) == [(4.0, "d")]
    assert not h._owned() and not other._owned()


@pytest.mark.usefixtures("no_gc")
@pytest.mark.parametrize("dropped", ["source", "target"])
def test_heaps_that_live_on_after_a_merge_own_only_their_own_payloads(dropped, handles):
    """A merge moves the source's payloads to the target; the source, used
    again, records its new ones apart, so whichever heap is deleted first
    frees exactly its own payloads, while the other heap lives and works."""
    h, g = FiboHeap(), FiboHeap()
    moved = _fill(g, 10)
    h.merge(g)
    later = _fill(g, 10)  # g's own payloads after the merge
    if dropped == "source":
        kept_heap, dead_refs, live_refs = h, later, moved
        del g
    else:
        kept_heap, dead_refs, live_refs = g, moved, later
        del h
    assert all_dead(dead_refs), f"the deleted {dropped} heap's payloads outlived it"
    assert none_dead(live_refs)
    assert len(kept_heap) == 10
    kept_heap._check()
    popped = [kept_heap.extract() for _ in range(10)]
    assert {id(p) for p in popped} == {id(r()) for r in live_refs}
    del popped
    assert all_dead(live_refs) and not kept_heap._owned()


def test_a_heap_forgets_a_merges_tables_once_their_elements_left():
    """Extract and pop take their fast path (``_live`` only) again once
    every element that came with a merge has left, however it left."""
    h, g = FiboHeap(), FiboHeap()
    for i in range(5):
        h.push(i, ("h", i))
        g.push(-1 - i, ("g", i))
    h.merge(g)
    assert h._moved  # the merge's tables, while they hold its elements
    assert not fast(h)
    assert sorted(h.pop()[1] for _ in range(5)) == [("g", i) for i in range(5)]
    assert not h._moved and fast(h)
    assert h.extract() == ("h", 0)
    again = FiboHeap([(1, "a")])
    again.__init__([(2, "b"), (3, "c")])  # merges a new heap into this one
    assert again._moved and not fast(again)
    again.clear()
    assert not again._moved and not again._owned() and fast(again)
    # A heap merged away forgets the tables it had recorded; its next
    # removal finds it settled and takes the fast path back.
    k = FiboHeap([(0.5, "k")])
    g.merge(k)
    assert g._moved and not fast(g)
    h.merge(g)
    assert not g._moved and not fast(g)
    g.push(7, "g7")
    assert g.extract() == "g7" and fast(g)
    assert h.extract() == "k" and fast(h)


def fast(h: FiboHeap) -> bool:
    """True if extract and pop take their fast path on ``h``."""
    return h._addresses is h._extracting


@pytest.mark.usefixtures("no_gc")
def test_del_heap_frees_heap_and_every_payload_without_the_cycle_collector(handles):
    h = FiboHeap()
    refs = _fill(h, 1000)
    nodes = [h.insert(i, Payload(i)) for i in range(100)]
    for node in nodes[::2]:
        h.decrease_key(node, -1)  # cut some nodes, mark others
    h.extract()  # consolidate: real trees, not just a root list
    node_refs = [weakref.ref(n.data) for n in nodes]
    del nodes, node
    heap_ref = weakref.ref(h)
    del h
    assert all_dead([heap_ref])
    assert all_dead(refs)
    assert all_dead(node_refs)
    assert gc.garbage == []


@pytest.mark.usefixtures("no_gc")
def test_rebinding_the_name_frees_the_old_heap(handles):
    h = FiboHeap()
    refs = _fill(h, 50)
    h = FiboHeap([(1, Payload())])
    assert all_dead(refs)
    assert len(h) == 1


@pytest.mark.usefixtures("no_gc")
@pytest.mark.parametrize(
    ("key", "error"),
    [(float("nan"), ValueError), ("1", TypeError), (None, TypeError), (1j, TypeError)],
)
@pytest.mark.parametrize("add", ["insert", "push"])
def test_failed_insert_does_not_retain_the_payload(key, error, add, handles):
    h = FiboHeap()
    h.insert(1, "resident")
    p = Payload("rejected")
    ref = weakref.ref(p)
    with pytest.raises(error):
        getattr(h, add)(key, p)
    del p
    assert all_dead([ref]), "a failed insert kept its payload"
    assert len(h) == 1
    h._check()


@pytest.mark.usefixtures("no_gc")
def test_failed_constructor_does_not_retain_payloads(handles):
    ps = [Payload(i) for i in range(10)]
    refs = [weakref.ref(p) for p in ps]
    items = [(i, p) for i, p in enumerate(ps)]
    items.insert(5, (float("nan"), Payload("nan")))
    with pytest.raises(ValueError, match="NaN"):
        FiboHeap(items)
    del ps, items
    assert all_dead(refs)


@pytest.mark.usefixtures("no_gc")
def test_failed_node_calls_do_not_touch_payloads(handles):
    h, g = FiboHeap(), FiboHeap()
    p = Payload()
    ref = weakref.ref(p)
    node = h.insert(5, p)
    del p
    with pytest.raises(ValueError, match="larger"):
        h.decrease_key(node, 6)
    for method in (h.decrease_key, h.update_key):
        with pytest.raises(ValueError, match="NaN"):
            method(node, float("nan"))
        with pytest.raises(TypeError):
            method(node, "0")
    for method in (g.decrease_key, g.update_key):
        with pytest.raises(ValueError, match="not in this heap"):
            method(node, 0)
    with pytest.raises(ValueError, match="not in this heap"):
        g.remove(node)
    assert h.peek()[1] is node.data
    del node
    assert none_dead([ref])
    h.extract()
    assert all_dead([ref])


# --- shared payload: sys.getrefcount back to where it was ----------------

@cpython_only
@pytest.mark.usefixtures("no_gc")
@pytest.mark.parametrize(
    "how", ["extract", "pop", "remove", "clear", "del", "merge-pop", "push-extract"]
)
def test_refcount_of_shared_payload_returns_after_10k(how, handles):
    """The seed's bug: 10k inserts of one object, all extracted, and the
    object's refcount stayed 10k too high."""
    shared = Payload("shared")
    before = sys.getrefcount(shared)
    h = FiboHeap()
    n = 10_000
    if how == "remove":
        nodes = [h.insert(i % 97, shared) for i in range(n)]
    elif how == "merge-pop":
        g = FiboHeap()
        for i in range(n):
            (h if i % 2 else g).insert(i % 97, shared)
        h.merge(g)
        del g
    elif how == "push-extract":
        for i in range(n):
            h.push(i % 97, shared)
    else:
        for i in range(n):
            h.insert(i % 97, shared)
    assert sys.getrefcount(shared) > before
    if how in ("extract", "push-extract"):
        while h:
            assert h.extract() is shared
    elif how in ("pop", "merge-pop"):
        while h:
            h.pop()
    elif how == "remove":
        for node in nodes:
            h.remove(node)
        del nodes, node
    elif how == "clear":
        h.clear()
    else:
        del h
    assert sys.getrefcount(shared) == before


@cpython_only
@pytest.mark.usefixtures("no_gc")
def test_refcounts_of_key_and_data_objects_are_balanced(handles):
    """Each op's temporary references are dropped: keys and payloads of every
    kind come back to their refcount after a full round trip."""
    from fractions import Fraction

    key = Fraction(7, 4)
    data = Payload()
    k0, d0 = sys.getrefcount(key), sys.getrefcount(data)
    h = FiboHeap()
    for _ in range(1000):
        node = h.insert(key, data)
        h.decrease_key(node, key)
        h.update_key(node, key)
        h.peek()
        assert node in h
        h.remove(node)
        h.insert(key, data)
        h.pop()
    del node
    assert (sys.getrefcount(key), sys.getrefcount(data)) == (k0, d0)


# --- RSS over a long churn --------------------------------------------------
#
# RSS rises at first and then stays flat: allocator pools, the arena, the
# handle table and, on PyPy, the garbage its GC lets pile up between major
# collections, an amount that grows with everything else the process holds
# (so after the rest of the suite it is larger than for this file alone).
# A leak instead rises in proportion to the cycles, without end. So each
# check warms up until RSS is flat, then measures a long second phase and
# compares its growth with what a leak of LEAK_BYTES per cycle would add.
#
# Measured (2026-11-26, CPython 3.11.7 and PyPy 7.3.11, RSS growth in MiB
# after 100k / 200k / 400k / 800k / 1.6M cycles, gc.collect() every 100k):
#   insert/decrease/extract  CPython 0.00 at every length; PyPy 1.47, then
#                            1.48 from 200k to 1.6M
#   merge into a long-lived  CPython 0.00; PyPy 0.98, 0.98, 0.99, then 0.99
#   short-lived heaps        CPython 0.00; PyPy 4.81, then 4.82 to 1.6M;
#                            PyPy with 3M live objects beside it: 33.0, 38.8,
#                            42.2, then 42.41 from 500k to 1.6M
# Slope after the plateau: below 0.01 MiB per 1.4M cycles (< 0.01 bytes per
# cycle) in every case: settling, not a leak. The same cycle keeping 10 more
# bytes each time rose by 0.95 MiB per 100k, chunk after chunk, on both.

LEAK_BYTES = 10  # the smallest per-cycle leak each check must catch
CHUNK = 100_000  # cycles between two RSS readings
FLAT_CHUNKS = 2  # warm-up ends after this many chunks in a row that stay flat
MAX_WARMUP_CHUNKS = 12
MEASURED_CHUNKS = 10


def leak_suspected(growth: list[int], budget: int) -> bool:
    """True if RSS readings after the warm-up look like a leak: either the
    median chunk grew by the budget or more, or the chunks together did.

    A leak rises chunk after chunk; a collector or allocator settling moves
    RSS in a few jumps, up or down. The sum alone misses a steady leak when
    one late settling drop cancels it (PyPy's JIT and GC: a drop of 11 MiB in
    one chunk, against the 10-byte leak's 0.95 MiB per chunk); the median
    ignores up to 4 jumps in 10 chunks, and the sum still catches a leak that
    comes in jumps."""
    ordered = sorted(growth)
    median = ordered[len(ordered) // 2]
    return median >= budget or sum(growth) >= budget * len(growth)


def assert_rss_flat(cycle: Callable[[int], object], what: str) -> None:
    """Warms up cycle(i) until RSS stays flat, then runs it another
    MEASURED_CHUNKS * CHUNK times and fails if leak_suspected says so, with
    a budget of half of what a leak of LEAK_BYTES per cycle would add per
    chunk (so a real one fails twice over)."""
    budget = LEAK_BYTES // 2 * CHUNK  # bytes per chunk that still count as flat
    i = 0

    def run_chunk() -> int:
        nonlocal i
        start = rss_bytes()
        for _ in range(CHUNK):
            cycle(i)
            i += 1
        settle()
        gc.collect()
        return rss_bytes() - start

    settle()
    gc.collect()
    warmup: list[int] = []
    while len(warmup) < FLAT_CHUNKS or max(warmup[-FLAT_CHUNKS:]) >= budget:
        assert len(warmup) < MAX_WARMUP_CHUNKS, (
            f"{what}: RSS still rising after {i:,} cycles, MiB per {CHUNK:,}: "
            + ", ".join(f"{g / 2**20:.2f}" for g in warmup)
        )
        warmup.append(run_chunk())
    growth = [run_chunk() for _ in range(MEASURED_CHUNKS)]
    cycles = MEASURED_CHUNKS * CHUNK
    assert not leak_suspected(growth, budget), (
        f"{what}: RSS grew by {sum(growth) / 2**20:.2f} MiB over {cycles:,} cycles "
        f"after the warm-up ({sum(growth) / cycles:.1f} bytes per cycle), MiB per "
        f"{CHUNK:,}: " + ", ".join(f"{g / 2**20:.2f}" for g in growth)
    )


def test_leak_suspected_sees_a_steady_leak_through_one_settling_drop():
    """The judgement on its own, on RSS traces in MiB per chunk: a steady
    leak of 0.95 MiB per chunk with one PyPy settling drop of 11.52 MiB (the
    drop made the sum alone pass it), a leak that comes in two jumps, and
    flat traces with a jump either way."""
    mib = 2**20
    budget = LEAK_BYTES // 2 * CHUNK

    def suspected(trace: list[float]) -> bool:
        return leak_suspected([round(g * mib) for g in trace], budget)

    assert suspected([0.95] * 4 + [-11.52] + [0.95] * 5)
    assert suspected([0.0] * 4 + [6.0] + [0.0] * 4 + [6.0])
    assert not suspected([0.0] * 4 + [-11.52] + [0.0] * 5)
    assert not suspected([0.01] * 9 + [3.0])


def _churn_cycle(h: FiboHeap) -> Callable[[int], None]:
    def cycle(i: int) -> None:
        node = h.insert(float((i * 7919) % 1000), Payload())
        h.decrease_key(node, node.key - 0.5)
        h.extract()
    return cycle


def test_rss_flat_over_insert_extract_cycles(handles):
    """A heap of 1000 elements, each cycle inserting, decreasing and
    extracting one."""
    h = FiboHeap((float(i), Payload()) for i in range(1000))
    try:
        assert_rss_flat(_churn_cycle(h), "insert/decrease/extract")
        assert len(h) == 1000
        h._check()
    finally:  # a failure's traceback keeps h alive: no second error from `handles`
        h.clear()


def test_rss_flat_over_merges_into_a_long_lived_heap(handles):
    """A long-lived heap receiving elements from another long-lived heap
    through merge, as a work queue fed in batches does, then popping them.

    Each merge leaves the target one more tag, and every merged-in node the
    target pops goes to the target's node cache while the source refills
    from the arena: about 100 bytes per cycle, without bound, unless the
    target retags its nodes (csrc/merge.c) and caps its cache
    (csrc/fiboheap_internal.h)."""
    h, g = FiboHeap(), FiboHeap()

    def cycle(i: int) -> None:
        g.insert(float(i % 10), Payload())
        h.merge(g)
        h.extract()

    assert_rss_flat(cycle, "merge into a long-lived heap")
    assert len(h) == 0 and len(g) == 0


def test_rss_flat_over_short_lived_heaps(handles):
    """Heaps created, used and dropped in a loop, one alive at a time.

    On PyPy a dead heap's C memory goes back only when its __del__ runs, at
    a major collection, and the arena never shrinks. It grew by 700 MiB here
    while each heap took a batch of 64 nodes on its first insert and PyPy's
    GC did not know about C memory; a small heap now takes as many nodes as
    it holds, and each heap reports its memory to PyPy's GC
    (_binding.note_heap_memory)."""

    def cycle(i: int) -> None:
        g = FiboHeap()
        g.insert(float(i), Payload())
        g.extract()

    assert_rss_flat(cycle, "short-lived heaps")


def test_rss_check_catches_a_leak_of_10_bytes_per_cycle(handles):
    """The check itself: the insert/decrease/extract cycle plus exactly
    LEAK_BYTES written per cycle must fail it.

    The leak writes into an anonymous mapping reserved beforehand, whose
    pages count in RSS only once written: RSS grows by exactly LEAK_BYTES a
    cycle, a page at a time, on both interpreters. (A growing bytearray, as
    before, leaks in steps of its reallocations, and on PyPy through its
    collector, which may free the old copies in a later chunk.)"""
    h = FiboHeap((float(i), Payload()) for i in range(1000))
    churn = _churn_cycle(h)
    leaked = b"x" * LEAK_BYTES
    most_cycles = (MAX_WARMUP_CHUNKS + MEASURED_CHUNKS) * CHUNK
    with mmap.mmap(-1, LEAK_BYTES * most_cycles) as kept:

        def leaking_cycle(i: int) -> None:
            churn(i)
            kept.write(leaked)

        with pytest.raises(AssertionError, match=r"RSS (still rising|grew)"):
            assert_rss_flat(leaking_cycle, "a 10-byte leak")
        assert kept.tell() >= LEAK_BYTES * (FLAT_CHUNKS + MEASURED_CHUNKS) * CHUNK


# --- Nodes outlive their heap ----------------------------------------------

def test_nodes_readable_and_refused_after_their_heap_died(handles):
    h = FiboHeap()
    payloads = [Payload(i) for i in range(200)]
    nodes = [h.insert(i, p) for i, p in enumerate(payloads)]
    for node in nodes[::3]:
        h.decrease_key(node, node.key - 1000)
    for node in nodes[1::3]:
        h.update_key(node, node.key + 1000)
    expected = [(n.key, n.data) for n in nodes]
    h.extract()
    heap_ref = weakref.ref(h)
    del h
    assert all_dead([heap_ref])
    # Another heap reuses the dead heap's memory: its nodes, its tag, maybe
    # its address. The dead heap's Nodes must still be refused.
    g = FiboHeap()
    fresh = [g.insert(i, None) for i in range(1000)]
    for node, (key, data) in zip(nodes, expected):
        assert node.key == key and node.data is data
        assert node not in g
        with pytest.raises(ValueError, match="not in this heap"):
            g.decrease_key(node, -1e9)
        with pytest.raises(ValueError, match="not in this heap"):
            g.update_key(node, 0)
        with pytest.raises(ValueError, match="not in this heap"):
            g.remove(node)
        assert type(node) is Node and repr(node).startswith("<fiboheap.Node")
    assert all(n in g for n in fresh)
    assert len(g) == 1000
    g._check()
    del payloads, expected, nodes
    settle()


def test_node_data_keeps_payload_after_heap_death():
    h = FiboHeap()
    node = h.insert(1, Payload("kept"))
    ref = weakref.ref(node.data)
    del h
    settle()
    assert node.data.tag == "kept" and node.key == 1.0
    del node
    assert all_dead([ref])


@pytest.mark.parametrize("merged", [False, True])
def test_heap_referenced_by_its_own_payload_is_collectable(merged):
    """Each heap owns its payloads, so a payload that knows its queue (a task
    pointing back at its scheduler) makes a cycle the collector frees; also
    once the payload came from a merged heap."""
    h = FiboHeap()
    p = Payload(h)  # the payload knows its queue: a common pattern
    if merged:
        g = FiboHeap()
        g.insert(1, p)
        h.merge(g)
        del g
    else:
        h.insert(1, p)
    refs = (weakref.ref(h), weakref.ref(p))
    del h, p
    gc.collect()
    gc.collect()
    assert all(r() is None for r in refs)


@pytest.mark.parametrize("reverse", [False, True])
def test_new_c_heap_is_a_heap_of_the_given_direction_owned_by_its_owner(reverse):
    """fiboheap._lifetime.new_c_heap, the seam FiboHeap and PriorityDict
    share: a C heap of the process arena in the direction asked, usable while
    its owner lives; the owner is weakly referenceable on CPython, where its
    finalizer frees the heap at its deallocation (PyPy's owner is the ffi.gc
    pointer itself)."""
    from fiboheap._binding import ffi, lib
    from fiboheap._lifetime import new_c_heap

    c_heap, owner = new_c_heap(reverse)
    assert lib.fh_is_reversed(c_heap) == int(reverse)
    keep = [ffi.new_handle(i) for i in range(3)]
    for i, handle in enumerate(keep):
        assert lib.fh_insert(c_heap, float(i), handle) >= 0
    first = lib.fh_extract(c_heap, ffi.NULL)
    assert ffi.from_handle(first) == (2 if reverse else 0)
    assert lib.fh_size(c_heap) == 2
    if not PYPY:
        assert weakref.ref(owner)() is owner
    del c_heap, owner
    settle()

