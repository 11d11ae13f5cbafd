"""Copies and pickles of a FiboHeap: one moment's elements, in insertion
order, inserted into a new heap of the same type and direction (so equal
keys pop in the same order), never a shared C heap."""
from __future__ import annotations

import copy
from typing import Any, Optional, TypeVar

from fiboheap._binding import error, ffi, lib
from fiboheap._handles import GONE, insert_many, payload_at

__all__ = ["copied", "elements", "restored"]

H = TypeVar("H")


def elements(heap: Any) -> list[tuple[float, Any]]:
    """(key, data) of every element, in insertion order: one moment's
    contents, even while other threads use the heap."""
    c_heap = heap._heap
    count = ffi.new("size_t *")
    while True:
        capacity = lib.fh_size(c_heap) + 1
        keys = ffi.new("double[]", capacity)
        payloads = ffi.new("void *[]", capacity)
        refs = ffi.new("fh_ref[]", capacity)
        status = lib.fh_snapshot(c_heap, keys, payloads, refs, 1, capacity, count, ffi.NULL)
        if status == lib.FH_ERANGE:
            continue  # another thread inserted after fh_size
        if status:
            raise error(status, "the heap is unchanged")
        n = count[0]
        datas = [payload_at(heap, payloads[i]) for i in range(n)]
        # As in peek: if every element is still here after the lookups, their
        # handles lived all along and the lookups found their payloads.
        if not any(data is GONE for data in datas) and all(
            lib.fh_contains(c_heap, refs[i]) for i in range(n)
        ):
            return list(zip(keys[0:n], datas))


def copied(heap: H, memo: Optional[dict[int, Any]]) -> H:
    """copy (memo None) and deepcopy: a new heap of heap's type, not made
    by __init__ (as copy does for any object), with its __dict__ if any."""
    cls: Any = type(heap)
    new = cls.__new__(cls, reverse=heap.reverse)  # type: ignore[attr-defined]
    items = elements(heap)
    state = getattr(heap, "__dict__", None)
    if memo is not None:
        memo[id(heap)] = new
        items = [(key, copy.deepcopy(data, memo)) for key, data in items]
        state = copy.deepcopy(state, memo)
    if items:
        insert_many(new, items)
    if state:
        new.__dict__.update(state)
    return new  # type: ignore[no-any-return]


def restored(cls: Any, items: list[tuple[float, Any]], reverse: bool = False) -> Any:
    """Unpickles a heap: its elements, inserted in their original order, into
    a heap of the same direction."""
    heap = cls.__new__(cls, reverse=reverse)
    if items:
        insert_many(heap, items)
    return heap
