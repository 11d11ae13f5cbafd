"""FiboHeap and Node: the Python face of the C Fibonacci heap.

Ownership, in one place (docs/ownership.md tells the whole story). Each
payload sits in a one-item list, its *cell*; ``ffi.new_handle(cell)`` gives
the ``void *`` that the C node stores. Each heap keeps its own dicts from
handle to cell, which keep the handles (so the cells and payloads) alive:

* ``_live``: the handles of the elements inserted into this heap. Its
  entries are added before the C insert, so a handle is alive whenever C
  holds it, and removed only once their cell is empty (a *sweep*).
* ``_moved``: the ``_live`` dicts (and ``_moved`` dicts) of the heaps merged
  into this one, added before the C merge, so merge stays O(1).

Every way out of the C heap (extract, pop, remove, clear, the heap's end)
empties the cell in the same C-level call that takes the element out of C
(``map(_take, map(_from_handle, ...))``, no bytecode in between): the
payload goes to the caller at once, whichever heap's dict holds the handle,
and an exception raised by a signal handler cannot land between the two.
The heap references its payloads, so a payload that references its heap
makes an ordinary cycle that the garbage collector frees.
"""
from __future__ import annotations

import copy
import operator
from collections.abc import Iterable, Iterator
from itertools import chain, count, islice, repeat, takewhile
from typing import Any, Generic, Optional, SupportsFloat, SupportsIndex, TypeVar, overload

from fiboheap._binding import (
    SIZE_MAX,
    error,
    ffi,
    lib,
)
from fiboheap._keys import as_key
from fiboheap._lifetime import new_c_heap
from fiboheap._safety import HOLD_SIGNALS, hold_signals, in_signal_thread, release_signals

__all__ = ["FiboHeap", "Node"]

#: The payload type of a FiboHeap (invariant: a heap both takes and gives it).
T = TypeVar("T")
#: The payload type of a Node (covariant: a Node only gives its data out).
T_co = TypeVar("T_co", covariant=True)
#: The payload type of a heap that may hold None (see FiboHeap.insert).
S = TypeVar("S")

_new = ffi.new
_new_handle = ffi.new_handle
_from_handle = ffi.from_handle
_NULL = ffi.NULL
_insert = lib.fh_insert
_extract = lib.fh_extract
_remove = lib.fh_remove
_clear = lib.fh_clear
_size = lib.fh_size
_decrease_key = lib.fh_decrease_key
_ESTALE = lib.FH_ESTALE
_ESAME = lib.FH_ESAME
_NOT_IN_HEAP = "the node was popped or removed, or belongs to another heap"
_GONE = object()
#: Empties a cell and returns its payload: the heap lets go of it.
_take = list.pop
#: One number per merge, to name its entry in the destination's ``_moved``.
_merge_ids = count()

# Output buffers are allocated per call: cffi releases the GIL inside C, so a
# buffer shared by the calls of several threads would mix their results.
# The hot paths (insert, extract, decrease_key) need none.
_PAYLOAD_OUT = ffi.typeof("void *[1]")
_KEY_OUT = ffi.typeof("double[1]")
_PAYLOADS_OUT = ffi.typeof("void *[]")
_KEYS_OUT = ffi.typeof("double[]")

# A heap's _live is swept when it holds this many more entries than twice
# what its last sweep kept: amortized O(1) per insert.
_SWEEP_SLACK = 64
# A heap's _moved is pruned when it holds more than this many dicts plus the
# heap's size at the last pruning: amortized O(1) per merge, as the C core's
# retagging.
_PRUNE_SLACK = 64


def _taking(pointers: Iterable[Any]) -> Iterator[Any]:
    """The payloads of the elements C just removed, given their addresses:
    each cell is emptied as its payload is handed out."""
    return map(_take, map(_from_handle, pointers))


class Node(Generic[T_co]):
    """One element of a FiboHeap, as returned by :meth:`FiboHeap.insert`.

    Pass it back to ``decrease_key``, ``update_key``, ``remove`` or ``in``.
    ``key`` and ``data`` stay readable after the element left its heap, and
    after the heap is gone; the heap itself then refuses the node. Nodes are
    made by insert only; ``Node[T]`` is covariant in the payload type.
    """

    __slots__ = ("_ref", "_key", "_data")

    def __init__(self, ref: int, key: float, data: T_co) -> None:
        self._ref = ref
        self._key = key
        self._data = data

    @property
    def key(self) -> float:
        """The element's key, as last set through its heap.

        Each call that changes it sets it after its C call returns: if two
        threads change one node's key at once, the heap keeps the key of the
        C call that ran last and ``key`` may show the other thread's.
        """
        return self._key

    @property
    def data(self) -> T_co:
        """The payload given to insert."""
        return self._data

    def __repr__(self) -> str:
        return f"<fiboheap.Node key={self._key!r}>"


class FiboHeap(Generic[T]):
    """A min-priority queue of (key, data) elements on a C Fibonacci heap.

    Keys are real numbers, stored as float; equal keys pop first-in first-out.
    insert, decrease_key and merge take O(1); extract, pop, remove and
    update_key O(log n) amortized. One heap may be used from several threads.
    ``FiboHeap[T]`` is generic over the payload type. After any exception the
    heap is unchanged.
    """

    __slots__ = (
        "_heap", "_heap1", "_live", "_moved", "_merging", "_sweep_at",
        "_prune_at", "_extractor", "_owner", "__weakref__",
    )
    _heap: Any
    _heap1: tuple[Any]
    _live: dict[Any, list[Any]]
    _moved: dict[int, dict[Any, list[Any]]]
    _merging: list[None]
    _sweep_at: int
    _prune_at: int
    _extractor: Iterator[Any]
    _owner: object

    def __new__(cls, *args: Any, **kwargs: Any) -> FiboHeap[T]:
        # Everything the methods rely on is set here, not in __init__, so a
        # heap made by __new__ alone (copy, pickle, a subclass) is a valid
        # empty heap, and calling __init__ again cannot orphan a C heap.
        self = object.__new__(cls)
        self._live = {}
        self._moved = {}
        self._merging = []
        self._sweep_at = _SWEEP_SLACK
        self._prune_at = _PRUNE_SLACK
        heap, self._owner = new_c_heap(bool(kwargs.get("reverse")))
        self._heap = heap
        self._heap1 = (heap,)
        return self

    def __init__(
        self, items: Iterable[tuple[SupportsFloat, T]] = (), *, reverse: bool = False
    ) -> None:
        """Creates a heap holding ``items``, an iterable of (key, data) pairs.

        ``reverse=True`` makes a max-heap: pop, peek and the rest give the
        largest key first, ties still first-in first-out. On it,
        ``decrease_key`` still lowers a key, which moves the element away from
        the top (O(log n) amortized), and ``update_key`` raises one in O(1).

        All or nothing: raises TypeError if an item is not a pair or a key not
        a real number, ValueError for a NaN key, OverflowError for a key too
        large for a float, MemoryError; then no item was inserted. Called
        again on a heap, it leaves the heap holding ``items`` only, as
        ``list.__init__`` does (all or nothing too); ValueError if ``reverse``
        differs then, since a heap's direction is fixed when it is made.
        """
        if bool(reverse) != self.reverse:
            raise ValueError(
                f"this heap was made with reverse={self.reverse}; "
                "a heap's direction cannot change"
            )
        # Not `items != ()`: a numpy array would compare element-wise.
        given = type(items) is not tuple or len(items) != 0
        if not _size(self._heap):
            if given:
                _insert_many(self, items)
            return
        fresh: FiboHeap[T] = FiboHeap.__new__(FiboHeap, reverse=self.reverse)
        if given:
            _insert_many(fresh, items)
        released = _detach_all(self)
        FiboHeap.merge(self, fresh)  # not a subclass's merge
        del released

    @overload
    def insert(self, key: SupportsFloat, data: T) -> Node[T]: ...

    @overload
    def insert(self: FiboHeap[Optional[S]], key: SupportsFloat) -> Node[None]: ...

    def insert(self, key: SupportsFloat, data: Any = None) -> Node[Any]:
        """Adds ``data`` with priority ``key``; returns its Node. O(1).

        ``key`` is any real number (int, float, Fraction, Decimal, ...), stored
        as float. Raises TypeError if it is not a real number, ValueError if it
        is NaN, OverflowError if it is too large for a float; MemoryError.
        """
        if type(key) is not float or key != key:
            key = as_key(key)
        live = self._live
        if len(live) > self._sweep_at:
            _sweep(self)
        cell = [data]
        handle = _new_handle(cell)
        # _live and C in one step no signal handler's exception can split
        # (fiboheap/_safety.py): else a handle owned, its element never inserted.
        if HOLD_SIGNALS and in_signal_thread():
            hold_signals()
            try:
                live[handle] = cell
                ref = _insert(self._heap, key, handle)
            finally:
                release_signals()
        else:
            live[handle] = cell
            ref = _insert(self._heap, key, handle)
        if ref < 0:
            raise _refused(cell, ref, key)
        return Node(ref, key, data)

    @overload
    def push(self, key: SupportsFloat, data: T) -> None: ...

    @overload
    def push(self: FiboHeap[Optional[S]], key: SupportsFloat) -> None: ...

    def push(self, key: SupportsFloat, data: Any = None) -> None:
        """Adds ``data`` with priority ``key`` like :meth:`insert`, but returns
        no Node: for elements whose key will not change, as with heapq. O(1).

        Saves making the Node (about a fifth of an insert-and-extract on
        CPython). Raises what insert raises; then nothing was added.
        """
        # insert's body without the Node; only the failure branch is shared,
        # since a shared helper would cost every call one more Python call.
        if type(key) is not float or key != key:
            key = as_key(key)
        live = self._live
        if len(live) > self._sweep_at:
            _sweep(self)
        cell = [data]
        handle = _new_handle(cell)
        if HOLD_SIGNALS and in_signal_thread():
            hold_signals()
            try:
                live[handle] = cell
                ref = _insert(self._heap, key, handle)
            finally:
                release_signals()
        else:
            live[handle] = cell
            ref = _insert(self._heap, key, handle)
        if ref < 0:
            raise _refused(cell, ref, key)

    def extract(self) -> T:
        """Removes the element with the smallest key and returns its data.

        Raises IndexError if the heap is empty.
        """
        try:
            return next(self._extractor)  # type: ignore[no-any-return]
        except AttributeError:  # made at the first extract: heaps are cheaper
            self._extractor = _taking(map(_extract, repeat(self._heap), repeat(_NULL)))
            return FiboHeap.extract(self)
        except RuntimeError:  # from_handle(NULL): fh_extract found it empty
            raise IndexError("extract from an empty FiboHeap") from None

    def pop(self) -> tuple[float, T]:
        """Removes the element with the smallest key; returns (key, data).

        Raises IndexError if the heap is empty.
        """
        key_out = _new(_KEY_OUT)
        try:
            data = next(_taking(map(_extract, self._heap1, (key_out,))))
        except RuntimeError:  # as in extract
            raise IndexError("pop from an empty FiboHeap") from None
        return key_out[0], data

    def peek(self) -> tuple[float, T]:
        """Returns (key, data) of the element with the smallest key.

        Raises IndexError if the heap is empty.
        """
        key_out = _new(_KEY_OUT)
        out = _new(_PAYLOAD_OUT)
        heap = self._heap
        while True:
            ref = lib.fh_peek_ref(heap, key_out, out)
            if ref < 0:
                raise IndexError("peek into an empty FiboHeap")
            data = self._payload_at(out[0])
            # Once the lock is released another thread may pop that element;
            # its handle may then die and a new one take its address. If the
            # element is still here after the lookup, its handle lived all
            # along, so the lookup found its payload: key and data match.
            if data is not _GONE and lib.fh_contains(heap, ref):
                return key_out[0], data

    def _payload_at(self, pointer: Any) -> Any:
        """The payload of the element whose handle address is ``pointer``, or
        _GONE if no cell of this heap holds one there. Looks in the dicts,
        never through ffi.from_handle, which must not see a dead handle."""
        cell = self._live.get(pointer)
        if cell is None:
            for moved in self._moved.copy().values():
                cell = moved.get(pointer)
                if cell is not None:
                    break
        return cell[0] if cell else _GONE

    def decrease_key(self, node: Node[T], key: SupportsFloat) -> None:
        """Lowers the key of ``node`` to ``key`` (an equal key is allowed). O(1).

        Raises ValueError if ``key`` is larger than the node's key, is NaN, or
        if the node is not in this heap; TypeError if ``key`` is not a real
        number or ``node`` is not a Node; OverflowError if ``key`` is too large
        for a float.
        """
        if type(key) is not float:
            key = as_key(key)
        if type(node) is not Node:
            raise _not_a_node(node)
        try:
            status = _decrease_key(self._heap, node._ref, key)
        except (OverflowError, TypeError):  # a Node not made by insert
            status = _ESTALE
        if status:
            raise _node_error(status, node, key)
        node._key = key

    def update_key(self, node: Node[T], key: SupportsFloat) -> None:
        """Sets the key of ``node`` to ``key``, larger or smaller.

        The element keeps its place among equal keys (its insertion order).
        O(1) amortized to lower, O(log n) to raise. Raises ValueError if
        ``key`` is NaN or the node is not in this heap; TypeError if ``key`` is
        not a real number or ``node`` is not a Node; OverflowError if ``key``
        is too large for a float.
        """
        if type(key) is not float:
            key = as_key(key)
        if type(node) is not Node:
            raise _not_a_node(node)
        try:
            status = lib.fh_update_key(self._heap, node._ref, key)
        except (OverflowError, TypeError):  # as in decrease_key
            status = _ESTALE
        if status:
            raise _node_error(status, node, key)
        node._key = key

    def remove(self, node: Node[T]) -> T:
        """Removes ``node`` from the heap and returns its data.

        Raises ValueError if the node is not in this heap; TypeError if
        ``node`` is not a Node.
        """
        if type(node) is not Node:
            raise _not_a_node(node)
        out = _new(_PAYLOAD_OUT)
        try:
            # out[status]: out[0] once fh_remove succeeded; for a failure
            # status (negative) an IndexError, and nothing was removed.
            return next(_taking(map(  # type: ignore[no-any-return]
                out.__getitem__, map(_remove, self._heap1, (node._ref,), (out,))
            )))
        # fh_remove fails only with FH_ESTALE; cffi refuses a Node not made
        # by insert (OverflowError, TypeError) before any C call.
        except (IndexError, OverflowError, TypeError):
            raise _node_error(_ESTALE, node, None) from None

    def merge(self, other: FiboHeap[T]) -> None:
        """Moves every element of ``other`` into this heap in O(1).

        ``other`` is left empty and usable; its Nodes now belong to this heap.
        Raises ValueError for ``h.merge(h)`` or heaps of opposite directions
        (``reverse``), TypeError for a non-FiboHeap and MemoryError (both
        heaps then unchanged).
        """
        if not isinstance(other, FiboHeap):
            raise TypeError(f"can only merge a FiboHeap, not {type(other).__name__}")
        # fh_merge refuses it too (FH_EORDER); asked first, so that a refused
        # merge leaves the dicts below untouched.
        if lib.fh_is_reversed(self._heap) != lib.fh_is_reversed(other._heap):
            raise error(lib.FH_EORDER, "a max-heap (reverse=True) merges only max-heaps")
        merging = self._merging
        moved = self._moved
        # Before the C merge, so that this heap holds the handles of other's
        # elements from the moment they are its own; _merging tells _prune
        # that a merge is under way.
        merging.append(None)
        moved[next(_merge_ids)] = other._live
        if other._moved:
            moved.update(other._moved)
        status = lib.fh_merge(self._heap, other._heap)
        merging.pop()
        if status:
            if status == _ESAME:
                raise error(status, "merge needs two distinct heaps")
            raise error(status, "both heaps are unchanged")
        if len(moved) > self._prune_at:
            _prune(self)
        if other._moved:
            _prune(other)

    def clear(self) -> None:
        """Removes every element, releasing its data. O(n).

        The payloads are released after the heap is empty, so their
        ``__del__`` may use this heap.
        """
        released = _detach_all(self)
        # The payloads go when `released` does: after the C heap is consistent,
        # so a payload's __del__ may use this heap again.
        del released

    def copy(self) -> FiboHeap[T]:
        """A new heap of the same type with the same keys and payloads (the
        same objects), whose equal keys pop in the same order. O(n).

        The Nodes of this heap are not Nodes of the copy. ``copy.copy(h)``
        gives the same; ``copy.deepcopy(h)`` copies the payloads too, and
        pickle round-trips a heap whose payloads pickle.
        """
        return _copied(self, None)

    def __copy__(self) -> FiboHeap[T]:
        return _copied(self, None)

    def __deepcopy__(self, memo: dict[int, Any]) -> FiboHeap[T]:
        return _copied(self, memo)

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # The elements in insertion order: FiboHeap(items) keeps their ties.
        return (_restored, (type(self), _elements(self), self.reverse),
                getattr(self, "__dict__", None))

    def __reduce__(self) -> tuple[Any, ...]:
        return self.__reduce_ex__(2)

    def _owned_cells(self) -> dict[int, list[Any]]:
        """The full cells that this heap's dicts hold, by handle address; for
        tests: each is an element of this heap or of a heap it was merged
        with (or one in mid-insert)."""
        cells = {}
        for handles in [self._live, *self._moved.copy().values()]:
            for handle, cell in handles.copy().items():
                if cell:
                    cells[int(ffi.cast("uintptr_t", handle))] = cell
        return cells

    def __len__(self) -> int:
        return _size(self._heap)  # type: ignore[no-any-return]

    def __bool__(self) -> bool:
        return _size(self._heap) != 0  # type: ignore[no-any-return]

    def __contains__(self, node: object) -> bool:
        """True while ``node`` is an element of this heap; never raises."""
        try:
            return type(node) is Node and lib.fh_contains(self._heap, node._ref) == 1
        except (OverflowError, TypeError):  # a Node not made by insert
            return False

    @property
    def reverse(self) -> bool:
        """True for a max-heap (made with ``reverse=True``)."""
        return lib.fh_is_reversed(self._heap) == 1  # type: ignore[no-any-return]

    def extend(self, pairs: Iterable[tuple[SupportsFloat, T]]) -> None:
        """Inserts every (key, data) pair of ``pairs`` in one C call, in their
        order (so equal keys pop in that order). O(1) each.

        All or nothing, like ``FiboHeap(items)``: raises TypeError if an item
        is not a pair or a key not a real number, ValueError for a NaN key,
        OverflowError for a key too large for a float, MemoryError; then no
        pair was inserted. Returns None, like ``list.extend``.
        """
        _insert_many(self, pairs)

    def pop_many(self, k: int) -> list[tuple[float, T]]:
        """Removes the first ``k`` elements (all of them if fewer) in one C
        call, atomic with respect to other threads; returns them as
        ``[(key, data), ...]`` in pop order. O(k log n) amortized.

        Raises ValueError if ``k`` is negative, TypeError if it is not an int.
        """
        k = _count(k, "pop_many")
        c_heap = self._heap
        while True:
            capacity = min(k, _size(c_heap) + 1)
            keys = _new(_KEYS_OUT, capacity)
            payloads = _new(_PAYLOADS_OUT, capacity)
            # As in _detach_all: the C call, then the cells' emptying, in one
            # C-level call; the zeroed buffer's NULLs all follow the popped
            # (filter(None), not takewhile(bool): 2% off pop_many(1000)).
            popped = map(lib.fh_pop_many, (c_heap,), (min(k, SIZE_MAX),), (keys,),
                         (payloads,), (capacity,), (_NULL,))
            taken = list(_taking(filter(None, islice(chain(popped, payloads), 1, None))))
            # Nothing taken from a heap that has elements: another thread
            # inserted after fh_size and fh_pop_many refused (FH_ERANGE).
            if taken or not k or not _size(c_heap):
                return list(zip(keys, taken))

    def nsmallest(self, n: int) -> list[tuple[float, T]]:
        """Returns the first ``n`` elements (all of them if fewer) as
        ``[(key, data), ...]`` in pop order, ties first-in first-out, without
        changing the heap (the largest keys first on a max-heap).

        O(n log n + n D) with D <= 1.44 log2(len(h)), never O(len(h)): boost
        calls this ordered iteration. Raises ValueError if ``n`` is negative,
        TypeError if it is not an int; MemoryError.
        """
        n = _count(n, "nsmallest")
        count_out = _new("size_t *")
        while True:
            changes = lib.fh_changes(self._heap)
            capacity = min(n, _size(self._heap) + 1)
            keys = _new(_KEYS_OUT, capacity)
            payloads = _new(_PAYLOADS_OUT, capacity)
            status = lib.fh_nsmallest(self._heap, min(n, SIZE_MAX), keys, payloads,
                                      capacity, count_out)
            if status == lib.FH_ERANGE:  # another thread inserted meanwhile
                continue
            if status:
                raise error(status, "the heap is unchanged")
            found = [(keys[i], self._payload_at(payloads[i])) for i in range(count_out[0])]
            # Unchanged since before the C call: every payload was in the heap
            # when it was looked up. Else another thread changed it: retry.
            if lib.fh_changes(self._heap) == changes:
                return found

    def __iter__(self) -> Iterator[tuple[float, T]]:
        """Yields every (key, data) pair, in no particular order, without
        changing the heap (like iterating heapq's list). Raises RuntimeError
        if the heap changes (an element or a key) during the iteration, as a
        dict does. Takes an O(n) copy of keys and references at the start."""
        count_out = _new("size_t *")
        changes_out = _new("uint64_t *")
        while True:
            capacity = _size(self._heap) + 1
            keys = _new(_KEYS_OUT, capacity)
            payloads = _new(_PAYLOADS_OUT, capacity)
            status = lib.fh_snapshot(self._heap, keys, payloads, _NULL, 0, capacity,
                                     count_out, changes_out)
            if status != lib.FH_ERANGE:  # ERANGE: another thread inserted meanwhile
                break
        changes = changes_out[0]
        for i in range(count_out[0]):
            data = self._payload_at(payloads[i])
            # Checked after the lookup: unchanged means data was in the heap.
            if lib.fh_changes(self._heap) != changes:
                raise RuntimeError("FiboHeap changed during iteration")
            yield keys[i], data
        if lib.fh_changes(self._heap) != changes:
            raise RuntimeError("FiboHeap changed during iteration")

    def pushpop(self, key: SupportsFloat, data: T) -> tuple[float, T]:
        """Pushes (key, data), then pops; returns ``(key, data)`` of the
        element popped, which is the one given if its key comes strictly
        first (a tie goes to the element already in the heap) or the heap is
        empty. One C call, atomic with respect to other threads, like
        ``heapq.heappushpop``; O(log n) amortized, and never out of memory.

        Raises what ``push`` raises; then the heap is unchanged.
        """
        return self._swap(lib.fh_pushpop, key, data)

    def replace(self, key: SupportsFloat, data: T) -> tuple[float, T]:
        """Pops, then pushes (key, data); returns ``(key, data)`` of the
        element popped. One C call, atomic with respect to other threads,
        like ``heapq.heapreplace``; O(log n) amortized.

        Raises IndexError on an empty heap, else what ``push`` raises; then
        the heap is unchanged.
        """
        return self._swap(lib.fh_replace, key, data)

    def _swap(self, c_call: Any, key: SupportsFloat, data: T) -> tuple[float, T]:
        """pushpop and replace: ``c_call`` takes one element in and one out."""
        if type(key) is not float or key != key:
            key = as_key(key)
        live = self._live
        if len(live) > self._sweep_at:
            _sweep(self)
        cell = [data]
        handle = _new_handle(cell)
        key_out = _new(_KEY_OUT)
        out = _new(_PAYLOAD_OUT)
        # The handle enters live as in insert (signals held on PyPy's main
        # thread); out[status] is out[0] once the C call succeeded, an
        # IndexError for a failure status (negative), which changed nothing;
        # the popped cell is emptied in the same C-level call, as in remove.
        taking = _taking(map(
            out.__getitem__, map(c_call, self._heap1, (key,), (handle,), (key_out,), (out,))
        ))
        try:
            if HOLD_SIGNALS and in_signal_thread():
                hold_signals()
                try:
                    live[handle] = cell
                    taken = next(taking)
                finally:
                    release_signals()
            else:
                live[handle] = cell
                taken = next(taking)
        except IndexError:  # FH_EEMPTY, from fh_replace: the key is no NaN
            cell.clear()
            raise IndexError("replace on an empty FiboHeap") from None
        return key_out[0], taken

    def _check(self) -> None:
        """Validates every invariant of the C heap; raises AssertionError
        naming the broken one."""
        what = _new("char *[1]")
        status = lib.fh_check(self._heap, what)
        if status:
            raise error(status, ffi.string(what[0]).decode())

    def __repr__(self) -> str:
        try:
            min_key = self.peek()[0]
        except IndexError:
            return f"<fiboheap.FiboHeap{' reverse' if self.reverse else ''} empty>"
        if self.reverse:
            return f"<fiboheap.FiboHeap reverse size={len(self)} max_key={min_key!r}>"
        return f"<fiboheap.FiboHeap size={len(self)} min_key={min_key!r}>"


def _sweep(heap: FiboHeap[Any]) -> None:
    """Drops the entries of heap._live whose cell is empty: those elements
    left the heap. Safe at any time, from any thread: nothing needs the
    handle of an element that left."""
    live = heap._live
    # A copy, not list(live.items()): making those tuples may run the cycle
    # collector, whose finalizers may insert into this heap mid-iteration.
    for handle, cell in live.copy().items():
        if not cell:
            live.pop(handle, None)
    heap._sweep_at = 2 * len(live) + _SWEEP_SLACK


def _prune(heap: FiboHeap[Any]) -> None:
    """Drops the dicts of heap._moved that it no longer needs, first copying
    into heap._live the entries still in use.

    Only entries of merges that were complete when it started: the snapshot
    is taken before looking at _merging, so any merge that added an entry to
    it has finished its C merge if _merging is empty then.
    """
    moved = heap._moved
    snapshot = moved.copy()
    if heap._merging:
        return
    size = _size(heap._heap)
    live = heap._live
    for merge_id, handles in snapshot.items():
        if size:
            # Empty cells too (sweeps drop them later): one C-level copy.
            live.update(handles)
        moved.pop(merge_id, None)
    heap._prune_at = len(moved) + size + _PRUNE_SLACK
    if len(live) > heap._sweep_at:  # a heap that only merges and pops
        _sweep(heap)


def _insert_many(heap: FiboHeap[T], items: Iterable[tuple[SupportsFloat, T]]) -> None:
    """FiboHeap(items): all of them in one C call, or none."""
    keys = []
    payloads = []
    for item in items:
        try:
            key, data = item
        except (TypeError, ValueError):
            raise TypeError(
                f"items must be (key, data) pairs, got {item!r}"
            ) from None
        keys.append(key if type(key) is float else as_key(key))
        payloads.append(data)
    cells = [[data] for data in payloads]
    handles = [_new_handle(cell) for cell in cells]
    live = heap._live
    # The handles enter live and C in one call made from C (see insert).
    enlisted = map(live.update, (zip(handles, cells),))
    inserted = map(lib.fh_insert_many, heap._heap1, (keys,),
                   (_new("void *[]", handles),), (len(handles),), (_NULL,))
    status, = islice(chain(enlisted, inserted), 1, None)
    if status:
        for cell in cells:
            cell.clear()
        raise error(status, "no item was inserted")
    if len(live) > heap._sweep_at:
        _sweep(heap)


def _elements(heap: FiboHeap[T]) -> list[tuple[float, T]]:
    """(key, data) of every element, in insertion order (so FiboHeap(items)
    pops equal keys in the same order): one moment's contents, even while
    other threads use the heap."""
    c_heap = heap._heap
    count = _new("size_t *")
    while True:
        capacity = _size(c_heap) + 1
        keys = _new("double[]", capacity)
        payloads = _new(_PAYLOADS_OUT, capacity)
        refs = _new("fh_ref[]", capacity)
        status = lib.fh_snapshot(c_heap, keys, payloads, refs, 1, capacity, count, _NULL)
        if status == lib.FH_ERANGE:
            continue  # another thread inserted after fh_size
        if status:
            raise error(status, "the heap is unchanged")
        n = count[0]
        datas = [heap._payload_at(payloads[i]) for i in range(n)]
        # As in peek: if every element is still here after the lookups, their
        # handles lived all along and the lookups found their payloads.
        if not any(data is _GONE for data in datas) and all(
            lib.fh_contains(c_heap, refs[i]) for i in range(n)
        ):
            return list(zip(keys[0:n], datas))


def _copied(heap: FiboHeap[T], memo: Optional[dict[int, Any]]) -> FiboHeap[T]:
    """copy (memo None) and deepcopy: a new heap of heap's type, not made
    by __init__ (as copy does for any object), with its __dict__ if any."""
    cls = type(heap)
    new = cls.__new__(cls, reverse=heap.reverse)
    items = _elements(heap)
    state = getattr(heap, "__dict__", None)
    if memo is not None:
        memo[id(heap)] = new
        items = [(key, copy.deepcopy(data, memo)) for key, data in items]
        state = copy.deepcopy(state, memo)
    if items:
        _insert_many(new, items)
    if state:
        new.__dict__.update(state)
    return new


def _restored(
    cls: type[FiboHeap[T]], items: list[tuple[float, T]], reverse: bool = False
) -> FiboHeap[T]:
    """Unpickles a heap: its elements, inserted in their original order, into
    a heap of the same direction."""
    heap = cls.__new__(cls, reverse=reverse)
    if items:
        _insert_many(heap, items)
    return heap


def _detach_all(heap: FiboHeap[Any]) -> list[Any]:
    """Takes every element out of the C heap and returns their payloads.

    fh_clear, then the cells' emptying, in one C-level call: the buffer is
    zeroed, so its payload addresses end at the first NULL."""
    c_heap = heap._heap
    while True:
        capacity = _size(c_heap) + 1
        payloads = _new(_PAYLOADS_OUT, capacity)
        cleared = map(_clear, (c_heap,), (payloads,), (capacity,), (_NULL,))
        released = list(_taking(takewhile(bool, islice(chain(cleared, payloads), 1, None))))
        # Nothing released: the heap was empty, or another thread inserted
        # after fh_size and fh_clear refused (FH_ERANGE) with nothing changed.
        if released or not _size(c_heap):
            _sweep(heap)
            _prune(heap)
            return released


def _refused(cell: list[Any], status: int, key: float) -> Exception:
    """insert's and push's failure branch: the C heap refused the element,
    so its cell lets go of the payload; returns the exception to raise."""
    cell.clear()
    return error(status, f"key {key!r}")


def _count(k: object, method: str) -> int:
    """An element count for pop_many and nsmallest: an int, at least 0."""
    try:
        count = operator.index(k)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"{method} takes an int, not {type(k).__name__}") from None
    if count < 0:
        raise ValueError(f"{method} takes a count >= 0, not {count}")
    return count


def _not_a_node(node: object) -> TypeError:
    return TypeError(f"expected a fiboheap.Node, not {type(node).__name__}")


def _node_error(status: int, node: Node[Any], key: Optional[float]) -> Exception:
    if status == lib.FH_EKEY:
        return error(status, f"{key!r} > {node._key!r}; use update_key to increase a key")
    if status == lib.FH_ENAN:
        return error(status, "keys must be comparable numbers")
    return error(status, _NOT_IN_HEAP)
