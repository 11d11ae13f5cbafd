"""A heap's life from Python's side: __new__ without __init__, __init__ run
twice, subclasses, the end of a heap, resurrection by a payload's finalizer.
Whatever the path, a heap is either whole or refuses cleanly: no crash, no
hang, no payload kept (issue 13, item 2)."""
from __future__ import annotations

import gc
import platform
import weakref

import pytest
from _owned import owned_payloads

from fiboheap import FiboHeap

PYPY = platform.python_implementation() == "PyPy"


class Payload:
    def __init__(self, tag: object = None) -> None:
        self.tag = tag


def collect() -> None:
    gc.collect()
    gc.collect()


def drain(h: FiboHeap) -> list:
    return [h.pop() for _ in range(len(h))]


def test_new_without_init_is_a_whole_empty_heap():
    h = FiboHeap.__new__(FiboHeap)
    assert len(h) == 0 and not h and repr(h) == "<fiboheap.FiboHeap empty>"
    with pytest.raises(IndexError):
        h.pop()
    node = h.insert(2, "b")
    h.push(1, "a")
    assert node in h
    h.merge(FiboHeap([(0, "z")]))
    h._check()
    assert drain(h) == [(0.0, "z"), (1.0, "a"), (2.0, "b")]


def test_init_again_leaves_exactly_the_new_items_and_releases_the_old():
    old = Payload("old")
    ref = weakref.ref(old)
    h = FiboHeap([(1, old), (2, "two")])
    stale = h.insert(0, "zero")
    del old
    h.__init__([(5, "five"), (4, "four")])
    collect()
    assert ref() is None, "__init__ again kept the old payloads"
    assert stale not in h
    assert drain(h) == [(4.0, "four"), (5.0, "five")]
    h.__init__()
    assert len(h) == 0


def test_init_again_with_bad_items_changes_nothing():
    h = FiboHeap([(1, "one")])
    with pytest.raises(ValueError):
        h.__init__([(2, "two"), (float("nan"), "nan")])
    with pytest.raises(TypeError):
        h.__init__([(2, "two"), "not a pair"])
    assert drain(h) == [(1.0, "one")]


class NoClear(FiboHeap):
    def clear(self) -> None:  # a subclass whose clear does nothing
        pass


class OtherClear(FiboHeap):
    def clear(self, everything: bool) -> None:  # other arguments
        raise AssertionError("the heap's end must not call clear")


@pytest.mark.parametrize("cls", [NoClear, OtherClear])
def test_end_of_a_subclass_heap_does_not_call_its_clear(cls):
    h = cls()
    p = Payload()
    refs = [weakref.ref(p), weakref.ref(h)]
    h.insert(1, p)
    del p, h
    collect()
    assert all(r() is None for r in refs)


def test_heap_resurrected_by_a_payload_finalizer_stays_whole():
    """A payload holding its heap strongly makes a cycle; its finalizer runs
    before the collector breaks the cycle and may keep the heap. That heap
    has lost nothing and works."""
    saved: list = []

    class Keeper:
        def __init__(self, heap: FiboHeap) -> None:
            self.heap = heap

        def __del__(self) -> None:
            saved.append(self.heap)

    h = FiboHeap()
    h.insert(1, Keeper(h))
    h.insert(2, "two")
    del h
    collect()
    if not saved:  # PyPy may defer the finalizer to a later collection
        collect()
    assert len(saved) == 1
    zombie = saved.pop()
    assert len(zombie) == 2 and bool(zombie)
    assert repr(zombie) == "<fiboheap.FiboHeap size=2 min_key=1.0>"
    zombie._check()
    zombie.insert(0, "zero")
    assert zombie.pop() == (0.0, "zero")
    assert type(zombie.extract()) is Keeper
    assert zombie.extract() == "two"
    before = owned_payloads()
    zombie.insert(3, Payload())
    zombie.clear()
    assert owned_payloads() == before


def test_numpy_array_of_pairs_is_items():
    numpy = pytest.importorskip("numpy")
    h = FiboHeap(numpy.array([[3.0, 30.0], [1.0, 10.0]]))
    assert [(k, float(d)) for k, d in drain(h)] == [(1.0, 10.0), (3.0, 30.0)]
