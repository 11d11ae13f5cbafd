"""Allocation failure seen from Python: MemoryError, and the heaps unchanged.

The C core's own tests fail every allocation of a mixed workload in turn
(csrc/tests/test_alloc_failure.c). Here FiboHeap draws from an arena whose
allocator (Python callbacks through cffi) fails once a budget of allocations
is spent, and every budget from the first is tried on a workload that
allocates at each place it can: heap construction, inserts that need a new
arena chunk, and a merge (which needs a new tag).
"""
from __future__ import annotations

import gc
import itertools
import weakref
from typing import Any

import pytest
from _owned import owned_payloads

from fiboheap import FiboHeap, _lifetime
from fiboheap._binding import ffi, lib

# Arena chunks hold 256, 512, 1024, ... nodes: 1,000 elements need three.
ELEMENTS = 1000


class BudgetAllocator:
    """An fh_allocator that fails every allocation once ``budget`` is spent,
    and keeps the blocks it handed out until they come back."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.blocks: dict[int, Any] = {}
        self.alloc = ffi.callback("void *(void *, size_t)", self._alloc)
        self.release = ffi.callback("void (void *, void *)", self._release)
        self.spec = ffi.new("fh_allocator *", [self.alloc, self.release, ffi.NULL])

    def _alloc(self, ctx: Any, size: int) -> Any:
        if self.budget == 0:
            return ffi.NULL
        self.budget -= 1
        block = ffi.new("void *[]", (size + 7) // 8)  # pointer-aligned
        self.blocks[int(ffi.cast("uintptr_t", block))] = block
        return block

    def _release(self, ctx: Any, pointer: Any) -> None:
        del self.blocks[int(ffi.cast("uintptr_t", pointer))]


@pytest.fixture
def budget_arena(monkeypatch):
    """make(budget) points FiboHeap at a new arena with a BudgetAllocator
    (the arena itself takes one allocation) and returns a list to which the
    caller adds weak references to its heaps. Afterwards each arena is freed,
    once its heaps are, and must have returned every block."""
    made = []

    def make(budget: int) -> list[Any]:
        allocator = BudgetAllocator(budget)
        arena = lib.fh_arena_new(allocator.spec)
        assert arena != ffi.NULL
        monkeypatch.setattr(_lifetime, "ARENA", arena)
        heaps: list[Any] = []
        made.append((allocator, arena, heaps))
        return heaps

    yield make
    gc.collect()
    gc.collect()
    for allocator, arena, heaps in made:
        assert all(ref() is None for ref in heaps), "a heap outlived the test"
        lib.fh_arena_free(arena)
        assert allocator.blocks == {}, "the arena kept blocks after fh_arena_free"


def workload(heaps: list[Any]) -> None:
    """Two heaps, one filled past two chunk boundaries, then merged. Raises
    MemoryError where the allocations run out; either way it then checks
    that each heap holds exactly the elements whose calls succeeded, drains
    them, and checks that no handle entry was left behind."""
    handles_before = owned_payloads()
    h = g = None
    h_keys: list[float] = []
    g_keys: list[float] = []
    try:
        h = FiboHeap([(-1.0, "first")])
        heaps.append(weakref.ref(h))
        h_keys.append(-1.0)
        g = FiboHeap()
        heaps.append(weakref.ref(g))
        for i in range(ELEMENTS):
            if i % 2:
                h.insert(float(i % 97), i)
            else:
                h.push(float(i % 97), i)
            h_keys.append(float(i % 97))
        g.insert(-2.0, "other")
        g_keys.append(-2.0)
        h.merge(g)
        h_keys += g_keys
        g_keys = []
    finally:
        for heap, keys in ((h, h_keys), (g, g_keys)):
            if heap is not None:
                heap._check()
                assert [heap.pop()[0] for _ in range(len(heap))] == sorted(keys)
        assert owned_payloads() == handles_before


def test_every_allocation_failure_raises_memoryerror_and_changes_nothing(budget_arena):
    for budget in itertools.count(1):
        heaps = budget_arena(budget)
        try:
            workload(heaps)
        except MemoryError:
            continue
        break
    # The arena, each heap and its tag, three chunks, the merge's tag: the
    # workload failed once at each.
    assert budget - 1 >= 8, f"only {budget - 1} allocations were made to fail"
