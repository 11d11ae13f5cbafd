"""The handle table: which payload each address in a C heap stands for.

Each payload gets ``ffi.new_handle(payload)``, a ``void *`` cdata unique for
as long as it lives; the C node stores its address. A heap's ``_live`` dict
maps the handles of the elements inserted into it to their payloads, and is
the heap's only reference to them: the entry is added before the C insert
and popped by the call that took the element out of C, the address C
returned finding the handle (cffi pointers hash and compare by address).

``merge`` moves elements between C heaps in O(1), so a heap's elements may
have their handles in another heap's ``_live``: the destination records
those dicts in its ``_moved`` (the source keeps using its own). Each handle
is in exactly one dict and is popped only by the call that got its address
from C, so threads can neither lose nor duplicate a payload. An empty
recorded dict is dropped (``prune``) once no merge into the heap is under way.

A signal handler's exception must not land between taking an element out of
C and popping its entry, or the payload would stay owned. On CPython it can
land only after a call returns (and at a function's entry or a backward
jump), so each way out gets the address from a ``for`` loop over a
``map`` (or ``starmap``) of the C call (the loop's step is no call) and pops
it with the next call; or it runs the C call and the pops as one C-level
``chain`` of ``map``s, which no bytecode interrupts. PyPy may run handlers before any bytecode: its
methods hold signals back (fiboheap/_safety.py).
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice, repeat
from typing import Any

from fiboheap._binding import error, ffi, lib
from fiboheap._keys import as_key

__all__ = [
    "GONE", "PRUNE_SLACK", "dicts", "insert_many", "owned", "payload_at", "prune",
    "record_merge", "take", "take_from_all", "take_many", "taken_elsewhere",
]

#: What a dict lookup gives for an address that no dict of the heap holds.
GONE: Any = object()

# A heap's _moved is pruned when it holds this many more dicts than after
# its last pruning: O(1) amortized per merge.
PRUNE_SLACK = 64


def dicts(heap: Any) -> list[dict[Any, Any]]:
    """Every dict that may hold the handle of an element of ``heap``: its
    own, then those its merges recorded (one C-level copy, safe while other
    threads record more)."""
    return [heap._live, *heap._moved.copy().values()]


def take(heap: Any, addresses: Iterator[Any]) -> Any:
    """The payload of the element that the C call behind ``addresses`` (a
    ``map`` yielding the removed payload's address, or NULL for none) takes
    out, popped from the heap's dicts; GONE if C found the heap empty.

    For heaps with no recorded dicts: the address is popped from ``_live``
    with no interrupt point in between (see the module)."""
    for address in addresses:
        data = heap._live.pop(address, GONE)
        if data is GONE and address:
            # Another thread merged into this heap after the caller looked
            # at _moved: the handle is in a dict that merge recorded.
            return taken_elsewhere(heap, address)
        return data
    raise AssertionError("unreachable: the map of a C call never ends")


def take_from_all(
    heap: Any, call: Any, args: Iterable[Any], out: Any, enlist: tuple[Any, ...] = ()
) -> tuple[int, Any]:
    """Runs ``call(*args)``, which writes the address of the payload it
    removes to ``out[0]`` and returns a status, and pops that address from
    every dict of ``heap``, in one C-level call; returns (status, payload).
    ``enlist``, a (handle, payload) pair, enters ``_live`` first, in the
    same call, for a C call that also inserts (pushpop, replace).

    The payload is GONE if the status is a failure (``out[0]`` then holds
    what the caller put there: NULL, or a handle to drop)."""
    found = dicts(heap)
    _, status, *popped = chain(
        map(heap._live.__setitem__, *((item,) for item in enlist)) if enlist else (None,),
        map(call, *((arg,) for arg in args)),
        map(dict.pop, found, map(out.__getitem__, repeat(0)), repeat(GONE)),
    )
    for i, data in enumerate(popped):
        if data is not GONE:
            if i and not found[i]:
                prune(heap)  # that dict is no longer needed: extract's hot path again
            return status, data
    if status or not out[0]:
        return status, GONE
    # A merge into the heap recorded its dict after `found` was read.
    return status, taken_elsewhere(heap, out[0])


def take_many(heap: Any, results: Iterator[int], addresses: Any) -> tuple[int, list[Any]]:
    """Runs the C call behind ``results`` (a ``map`` yielding its status),
    which writes the addresses of the payloads it removes to the zeroed
    buffer ``addresses``, and pops each from every dict of ``heap``, in one
    C-level call; returns (status, the payloads in buffer order)."""
    found = dicts(heap)
    status, *popped = chain(
        results, *(map(handles.pop, addresses, repeat(GONE)) for handles in found)
    )
    size = len(addresses)
    taken = []
    for i, address in enumerate(addresses):
        if not address:
            break
        for data in popped[i::size]:
            if data is not GONE:
                break
        else:  # a merge into the heap recorded its dict after `found` was read
            data = taken_elsewhere(heap, address)
        taken.append(data)
    if len(found) > 1:
        prune(heap)
    return status, taken


def taken_elsewhere(heap: Any, address: Any) -> Any:
    """The payload of an element taken out of C whose handle is in a dict
    recorded by a merge that ran while it was being taken."""
    for handles in dicts(heap):
        data = handles.pop(address, GONE)
        if data is not GONE:
            return data
    raise error(lib.FH_ECORRUPT, "an element's handle is in no dict of its heap")


def payload_at(heap: Any, address: Any) -> Any:
    """The payload whose handle has ``address`` in one of the heap's dicts,
    or GONE. Never calls ffi.from_handle, which must not see a dead handle."""
    data = heap._live.get(address, GONE)
    if data is GONE:
        for handles in heap._moved.copy().values():
            data = handles.get(address, GONE)
            if data is not GONE:
                break
    return data


def record_merge(heap: Any, other: Any) -> None:
    """Before the C merge of ``other`` into ``heap``: ``heap`` records the
    dicts that hold the handles of other's elements, so that it holds them
    from the moment the elements are its own. O(dicts other recorded)."""
    moved = heap._moved
    for handles in (other._live, *other._moved.copy().values()):
        if handles is not heap._live:
            moved[id(handles)] = handles


def prune(heap: Any) -> None:
    """Drops the empty dicts of heap._moved, unless a merge into the heap is
    under way. The snapshot is taken before looking at _merging: a merge
    that recorded a dict in it has finished its C merge if _merging is
    empty then, and a dict that is empty after that holds no handle of the
    heap's elements (a handle enters a dict before its element enters C)."""
    moved = heap._moved
    snapshot = moved.copy()
    if heap._merging:
        return
    for key, handles in snapshot.items():
        if not handles:
            moved.pop(key, None)
    heap._prune_at = len(moved) + PRUNE_SLACK


def insert_many(heap: Any, items: Iterable[tuple[Any, Any]]) -> None:
    """FiboHeap(items) and extend: all of them in one C call, or none."""
    keys = []
    payloads = []
    for item in items:
        try:
            key, data = item
        except (TypeError, ValueError):
            raise TypeError(f"items must be (key, data) pairs, got {item!r}") from None
        keys.append(key if type(key) is float else as_key(key))
        payloads.append(data)
    handles = [ffi.new_handle(data) for data in payloads]
    live = heap._live
    # The handles enter _live and C in one call made from C.
    enlisted = map(live.update, (zip(handles, payloads),))
    inserted = map(lib.fh_insert_many, heap._heap1, (keys,),
                   (ffi.new("void *[]", handles),), (len(handles),), (ffi.NULL,))
    status, = islice(chain(enlisted, inserted), 1, None)
    if status:
        # C refused them all (out of memory): so does _live. An exception
        # landing before this pop leaves them owned until the heap's end.
        deque(map(live.pop, handles, repeat(None)), 0)
        raise error(status, "no item was inserted")


def owned(heap: Any) -> dict[int, Any]:
    """The payloads that the heap's dicts hold, by handle address; for
    tests. A recorded dict may also hold the handles of another heap's
    elements (the heap it came from): count over every live heap."""
    payloads = {}
    for handles in dicts(heap):
        for handle, data in handles.copy().items():
            payloads[int(ffi.cast("uintptr_t", handle))] = data
    return payloads
