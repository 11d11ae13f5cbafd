"""The handle tables: which payload each address in a C heap stands for.

A heap records the payloads of its elements in a ``Table`` that belongs to
that heap alone: its ``entries``, a dict from handle to payload, are the
heap's only references to them. Each payload gets
``ffi.new_handle(table.ref)``, a ``void *`` cdata unique for as long as it
lives, whose address the C node stores; the handle leads back to its table
through the table's weak reference (a strong one would make each table a
reference cycle, freed only by the garbage collector). The entry is added
before the C insert and popped by the call that took the element out of C;
cffi pointers hash and compare by address, so the address C returns finds
the handle. The heap reads its table as ``_table`` in the calls that insert
(the entries, the weak reference and the owner in one step) and its entries
as ``_live`` in those that remove: a plain dict one attribute away, since
these are the hottest lines of the package.

``merge`` moves elements between C heaps in O(1), so the destination
records the source's tables in its ``_moved``, and the source starts a new
table: no table ever gains an entry for an element of another heap, and a
heap's end releases exactly its own payloads. The C heap carries the
table's owner word; ``fh_merge_owned`` gives the source its new table's
word in the same locked step as the merge, and each insertion passes the
``owner`` (an ``fh_owner``: the C heap and the word) of the table it wrote
to: one that raced the merge is refused (FH_EMOVED) and tried again with
the new table. A recorded table that is empty stays empty: it is dropped
(``prune``) once no merge into the heap is under way.

Popping goes through ``_live`` directly while the heap has no recorded
tables (its ``_addresses`` is then fh_extract's iterator, else
NO_FAST_PATH); an address that is not there (an element that came with a
merge) leads to its table through its handle, in O(1) however many merges
the heap took. Only the call that got
an address from C pops it, so its handle is alive then; lookups that do not
pop (peek, iteration, copies) search the heap's tables instead, since a
handle another thread pops may die under them.

A signal handler's exception must not land between taking an element out of
C and popping its entry, or the payload would stay owned. On CPython it can
land only after a call returns (and at a function's entry or a backward
jump), so each way out gets the address from a ``for`` loop over a ``map``
(or ``starmap``) of the C call (the loop's step is no call) and pops it with
the next call; or it runs the C call and the pops as one C-level ``chain``
of ``map``s, which no bytecode interrupts. (A large bulk removal pops in
address order, sorted by fh_address_order in the same chain: in C's order
each pop would miss the cache.) PyPy may run handlers before any bytecode:
its methods hold signals back (fiboheap/_safety.py).
"""
from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator
from functools import partial
from itertools import chain, count, islice, repeat
from operator import is_
from typing import Any
from weakref import ReferenceType

from fiboheap._binding import error, ffi, from_handle, lib, new
from fiboheap._keys import as_key
from fiboheap._safety import on_fork_child

__all__ = [
    "EMOVED", "GONE", "NO_FAST_PATH", "PRUNE_SLACK", "SORTED_POPS_FROM", "Table", "hand_over",
    "insert_many", "merge_lock", "owned",
    "payload_at", "prune", "prune_if_settled", "record_merge", "tables", "take", "take_address",
    "take_many", "take_out",
]

#: What a lookup gives for an address that no table of the heap holds.
GONE: Any = object()
#: The status of an insertion that raced a merge of its heap (retried).
EMOVED: int = lib.FH_EMOVED
#: A heap's ``_addresses`` while it has recorded tables: an exhausted
#: iterator, which sends extract's ``for`` loop to its ``else``.
NO_FAST_PATH: Iterator[Any] = iter(())

# The removal size from which a bulk removal pops in address order: a
# smaller one either reads a table that sits in the cache, or reads a few
# entries scattered over a large one, which no order brings together.
SORTED_POPS_FROM = 1 << 14
_ADDRESSES = ffi.typeof("void *[]")
_RANKS = ffi.typeof("size_t[]")

# A heap's _moved is pruned when it holds this many more tables than after
# its last pruning: O(1) amortized per merge.
PRUNE_SLACK = 64

# Merges run one at a time, process-wide (each is O(1)): a heap's table and
# its C heap's owner word change in C order only if no other merge of that
# heap runs in between. Reentrant, for a finalizer that merges during one;
# new in a forked child, whose other threads are gone.
_merge_locks = [threading.RLock()]
on_fork_child(lambda: _merge_locks.__setitem__(0, threading.RLock()))


def merge_lock() -> Any:
    """The lock every merge holds while it records tables and runs hand_over."""
    return _merge_locks[0]


_deref = ReferenceType.__call__
_owner_words = count(1)


class Table:
    """The records of the elements one heap took in under one owner word.

    ``entries`` maps each handle to its payload, and ``pop`` is
    ``entries.pop`` (the popping chain reaches it by ``getattr`` from the
    table a handle leads to); ``ref`` is the weak reference the handles
    hold; ``owner`` is the ``fh_owner`` the insertions writing here pass:
    the C heap ``c_heap``, used only by that heap's own calls, which keep it
    alive, and the word.
    """

    __slots__ = ("entries", "pop", "ref", "owner", "__weakref__")

    def __init__(self, c_heap: Any, word: int = 0) -> None:
        self.entries: dict[Any, Any] = {}
        self.pop = self.entries.pop
        self.ref = ReferenceType(self)
        self.owner = ffi.new("fh_owner *", (c_heap, word))


def tables(heap: Any) -> list[Table]:
    """Every table that may hold the handle of an element of ``heap``: its
    own, then those its merges recorded (one C-level copy, safe while other
    threads record more)."""
    return [heap._table, *heap._moved.copy().values()]


def popping(heap: Any, addresses: Iterable[Any]) -> Iterator[Any]:
    """The payloads of the non-NULL ``addresses`` (iterated twice, so a
    sequence or buffer), each popped from the table its handle leads to.

    Every step is C code: each table's ``pop`` (from ``getattr``) is called
    by ``next`` on a ``map`` over the address. A handle's weak reference is
    dead only in a heap that a payload's finalizer resurrected after the
    garbage collector found it unreachable; there ``search_pop`` looks for
    the address in every table of the heap."""
    pops = map(getattr, map(_deref, map(from_handle, filter(None, addresses))),
               repeat("pop"), repeat(partial(search_pop, heap)))
    return map(next, map(map, pops, zip(filter(None, addresses)), repeat((GONE,))))


def search_pop(heap: Any, address: Any, default: Any) -> Any:
    """Pops ``address`` from whichever table of ``heap`` holds it."""
    for table in tables(heap):
        data = table.entries.pop(address, GONE)
        if data is not GONE:
            return data
    return default


def take(heap: Any, addresses: Iterator[Any]) -> Any:
    """The payload of the element that the C call behind ``addresses`` (a
    ``map`` yielding the removed payload's address, or NULL for none) takes
    out; GONE if C found the heap empty. For heaps with no recorded tables:
    the address is popped from ``_live`` with no interrupt point in between
    (see the module)."""
    for address in addresses:
        data = heap._live.pop(address, GONE)
        if data is GONE and address:
            # A merge moved the heap's tables between the C call and the pop.
            return take_address(heap, address)
        return data
    raise AssertionError("unreachable: the map of a C call never ends")


def take_address(heap: Any, address: Any) -> Any:
    """The payload of an element just taken out of C, popped from its table."""
    for data in popping(heap, (address,)):
        return data
    return GONE


def take_out(
    heap: Any, call: Any, args: Iterable[Any], out: Any, enlisted: Iterable[Any] = (None,)
) -> tuple[int, Any]:
    """Runs ``call(*args)``, which writes the address of the payload it
    removes to ``out[0]`` and returns a status, and pops that address from
    its table, in one C-level call; returns (status, payload). ``enlisted``,
    the entry of a handle in its table, runs first in the same call, for a C
    call that also inserts (pushpop, replace).

    The payload is GONE if ``out[0]`` is NULL; a failed call leaves there
    what the caller put (NULL, or a new handle, whose entry is then popped)."""
    _, status, data, *_ = chain(
        enlisted,
        map(call, *((arg,) for arg in args)),
        # out[0] read twice, once per pass of popping, after the call.
        popping(heap, map(out.__getitem__, (0, 0))),
        (GONE,),
    )
    prune_if_settled(heap)
    return status, data


def take_many(heap: Any, results: Iterator[int], addresses: Any) -> tuple[int, list[Any]]:
    """Runs the C call behind ``results`` (a ``map`` yielding its status),
    which writes the addresses of the payloads it removes to the zeroed
    buffer ``addresses``, and pops each from its table, in one C-level call;
    returns (status, the payloads in buffer order)."""
    if heap._moved:
        status, *taken = chain(results, popping(heap, addresses))
        prune_if_settled(heap)
        return status, taken
    # No recorded table: each address is in _live, unless a merge moved
    # the heap's table during the C call; those are looked up after.
    live = heap._live
    capacity = len(addresses)
    if capacity < SORTED_POPS_FROM:
        status, *taken = chain(results, map(live.pop, filter(None, addresses), repeat(GONE)))
    else:
        # Popped in address order, which walks the dict's memory forwards
        # (fh_address_order), then put back in the C call's order.
        in_order = new(_ADDRESSES, capacity)
        rank = new(_RANKS, capacity)
        status, _, *popped = chain(
            results,
            map(lib.fh_address_order, (addresses,), (capacity,), (in_order,), (rank,)),
            map(live.pop, filter(None, in_order), repeat(GONE)),
        )
        taken = list(map(popped.__getitem__, rank[0:len(popped)]))
    if any(map(is_, taken, repeat(GONE))):
        taken = [take_address(heap, addresses[i]) if data is GONE else data
                 for i, data in enumerate(taken)]
    return status, taken


def payload_at(heap: Any, address: Any) -> Any:
    """The payload whose handle has ``address`` in one of the heap's tables,
    or GONE. Never calls ffi.from_handle, which must not see a dead handle."""
    data = heap._live.get(address, GONE)
    if data is GONE:
        for table in heap._moved.copy().values():
            data = table.entries.get(address, GONE)
            if data is not GONE:
                break
    return data


def record_merge(heap: Any, other: Any) -> list[Table]:
    """Before the C merge of ``other`` into ``heap``: ``heap`` records the
    tables that hold the handles of other's elements, so that it holds them
    from the moment the elements are its own; returns them."""
    recorded = tables(other)
    heap._addresses = NO_FAST_PATH  # first: no fast path while a table is recorded
    moved = heap._moved
    for table in recorded:
        moved[id(table)] = table
    return recorded


def hand_over(heap: Any, other: Any, recorded: list[Table]) -> int:
    """The C merge of ``other`` into ``heap`` and, only if it succeeded,
    other's switch to a new table, which it forgets ``recorded`` for; one
    C-level call, so that no exception lands between the C heap's new owner
    word and the table that has it. Returns the merge's status."""
    fresh = Table(other._heap, next(_owner_words))
    return next(filter(None, chain(
        map(lib.fh_merge_owned, (heap._heap,), (other._heap,), (fresh.owner.word,)),
        map(object.__setattr__, (other, other), ("_table", "_live"), (fresh, fresh.entries)),
        map(deque, (map(other._moved.pop, map(id, recorded), repeat(None)),), (0,)),
    )), 0)


def prune(heap: Any) -> None:
    """Drops the empty tables of heap._moved and, once none is left, gives
    extract and pop their fast path back. Under the merge lock, so that no
    merge records a table in between; not while a merge into the heap is
    under way in this thread (a finalizer that runs during one). A recorded
    table that is empty then stays empty: its owner word is stale."""
    with merge_lock():
        if heap._merging:
            return
        moved = heap._moved
        for key, table in moved.copy().items():
            if not table.entries:
                moved.pop(key, None)
        heap._prune_at = len(moved) + PRUNE_SLACK
        if not moved:
            heap._addresses = heap._extracting


def prune_if_settled(heap: Any) -> None:
    """Prunes a heap off its fast path once ``_live`` holds an entry for
    each of its elements, so that every recorded table is empty."""
    if heap._addresses is NO_FAST_PATH and len(heap._live) >= lib.fh_size(heap._heap):
        prune(heap)


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
    while True:
        table = heap._table
        live = table.entries
        handles = [ffi.new_handle(table.ref) for _ in payloads]
        # The handles enter their table and C in one call made from C.
        enlisted = map(live.update, (zip(handles, payloads),))
        inserted = map(lib.fh_insert_many_owned, (table.owner,), (keys,),
                       (ffi.new("void *[]", handles),), (len(handles),), (ffi.NULL,))
        status, = islice(chain(enlisted, inserted), 1, None)
        if not status:
            return
        # C refused them all: so does the table. An exception landing before
        # this pop leaves them owned until the table's end.
        deque(map(live.pop, handles, repeat(None)), 0)
        if status != EMOVED:  # else a merge took the heap's table: again
            raise error(status, "no item was inserted")


def owned(heap: Any) -> dict[int, Any]:
    """The payloads that the heap's tables hold, by handle address; for
    tests."""
    payloads = {}
    for table in tables(heap):
        for handle, data in table.entries.copy().items():
            payloads[int(ffi.cast("uintptr_t", handle))] = data
    return payloads
