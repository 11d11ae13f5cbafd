"""PriorityDict: a mapping from item to priority on a FiboHeap, for programs
written against heapdict and pqdict (and networkx's MinHeap protocol).

The mapping calls the C heap directly, without Nodes or FiboHeap's methods:
the hot calls (``pd[item] = p``, ``popitem``) cost one lock, one or two dict
operations and one C call each. ``_entries`` maps each item to its *entry*,
a list ``[priority, handle, item, ref]``: ``handle`` is
``ffi.new_handle(item)``, the payload the C node stores (the entry keeps it
alive exactly while the item is in the mapping), and ``ref`` the node's
fh_ref, for update_key and remove (None if a signal handler's exception
landed just after fh_insert returned: ``_ref`` finds it). A FiboHeap owns
the C heap, only to free it as FiboHeap frees its own.

The dict and the C heap change together in one C-level call (a chain of
``map`` iterators, as heap.py's ``_taking``) or in steps with no point between
them where a signal handler may run: CPython runs pending handlers after a
call returns, not between a store and the next call, and on PyPy's main
thread the methods that change them hold signals back (``_holding_signals``,
as heap.py's insert does). An exception raised by a signal handler leaves
both as they were, or both changed.

Every method that changes them runs under one reentrant lock, so each call
is atomic with respect to other threads, as FiboHeap's calls are; a flag,
``_busy``, refuses a call made on the same thread from inside another (an
item's ``__hash__``, ``__eq__`` or a ``__del__`` run by the collector). The
hot methods take the lock with ``acquire()`` as the first call inside
``try`` rather than with ``with``, half the cost on CPython (``with`` makes
and drops two bound methods). Their ``finally`` releases it, except when a
signal handler's exception interrupted the acquire while it waited: the lock
is then not this thread's, RLock refuses with RuntimeError, and the
handler's exception goes on. (No function call between: a Python function's
entry is a point where a handler may run.)
"""
from __future__ import annotations

import functools
import os
import threading
import weakref
from _thread import get_ident as _get_ident
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, MutableMapping
from itertools import chain, repeat
from typing import Any, Optional, SupportsFloat, TypeVar, Union, overload

from fiboheap._binding import error, ffi, lib
from fiboheap.heap import (
    _HOLD_SIGNALS,
    _SIZE_MAX,
    FiboHeap,
    _as_key,
    _signal_thread,
)

if _HOLD_SIGNALS:
    from fiboheap.heap import (  # type: ignore[attr-defined]
        _hold_signals,
        _release_signals,
    )

__all__ = ["PriorityDict"]

#: The item type: anything hashable.
K = TypeVar("K", bound=Hashable)
#: The type of a default returned by pop.
D = TypeVar("D")
#: A method wrapped by _holding_signals.
F = TypeVar("F", bound=Callable[..., Any])

_MISSING: Any = object()
_NULL = ffi.NULL
_new_handle = ffi.new_handle
_from_handle = ffi.from_handle
_insert = lib.fh_insert
_update_key = lib.fh_update_key
_remove = lib.fh_remove
_clear = lib.fh_clear
# Where an entry keeps what it holds (see the module's docstring).
_PRIORITY, _HANDLE, _ITEM, _REF = range(4)


def _reentered() -> RuntimeError:
    return RuntimeError(
        "PriorityDict changed by an item's __hash__ or __eq__ (or a __del__) "
        "during another of its calls on the same thread"
    )


def _holding_signals(method: F) -> F:
    """On PyPy, runs ``method`` with signals held back on the main thread
    (see heap.py's insert): PyPy may run a handler between any two bytecodes
    of code not compiled yet. On CPython, ``method`` itself."""
    if not _HOLD_SIGNALS:
        return method

    @functools.wraps(method)
    def held(*args: Any, **kwargs: Any) -> Any:
        if _get_ident() != _signal_thread[0]:
            return method(*args, **kwargs)
        try:
            _hold_signals()
        except RuntimeError:  # held already, by a call that reached this one
            return method(*args, **kwargs)
        try:
            return method(*args, **kwargs)
        finally:
            _release_signals()

    return held  # type: ignore[return-value]


#: Every PriorityDict alive, by id (a mapping is not hashable), for the
#: fork hooks below.
_instances: weakref.WeakValueDictionary[int, PriorityDict[Any]] = (
    weakref.WeakValueDictionary())
#: The locks _lock_all took, by forking thread (two threads may fork at
#: once), released after the fork in parent and child.
_held: dict[int, list[threading.RLock]] = {}


def _lock_all() -> None:
    """Before a fork, takes every PriorityDict's lock (as the logging module
    does for its handlers), waiting for calls in other threads to finish: a
    child never inherits a lock held by a thread it does not have, nor a
    mapping half changed. In id order, so two forking threads agree."""
    while True:
        try:
            members = list(_instances.values())
            break
        except RuntimeError:  # another thread made a PriorityDict meanwhile
            continue
    # Listed before any is taken, so that _unlock_all releases what was.
    held = _held[_get_ident()] = []
    for pd in sorted(members, key=id):
        pd._lock.acquire()
        held.append(pd._lock)


def _unlock_all() -> None:
    """After a fork, in parent and child: the forking thread owns its locks
    in both (the child's one thread keeps its identity)."""
    held = _held.pop(_get_ident(), [])
    while held:
        held.pop().release()


def _unlock_all_in_child() -> None:
    _unlock_all()
    _held.clear()  # entries of threads the child does not have


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_lock_all, after_in_parent=_unlock_all,
                        after_in_child=_unlock_all_in_child)


def _rebuild(cls: type[PriorityDict[Any]], pairs: list[tuple[Any, float]],
             reverse: bool) -> PriorityDict[Any]:
    """Unpickles a PriorityDict: ``pairs`` are in first-insertion order, so
    the items keep their order among equal priorities, now and after any
    later change of priority."""
    return cls(pairs, reverse=reverse)


class PriorityDict(MutableMapping[K, float]):
    """A mutable mapping from item to priority; ``popitem()`` removes the item
    with the smallest priority (the largest with ``reverse=True``).

    ``pd[item] = priority`` inserts an item or changes its priority in either
    direction (O(1) toward the front, O(log n) amortized away from it);
    ``popitem`` is O(log n) amortized; lookups, ``in`` and ``len`` are a dict's.
    Priorities are what FiboHeap's keys are: real numbers, returned as float.
    Items are anything hashable. Equal priorities come out first-in first-out
    (an item keeps its place among them when its priority changes). Iteration
    over the mapping is in insertion order, as a dict's.

    It also speaks networkx's MinHeap protocol (``min()``, ``pop()`` with no
    argument, ``insert(item, priority, allow_increase=False)``, ``get``), so
    ``networkx.stoer_wagner(G, heap=PriorityDict)`` runs on it; and pqdict's
    ``top``, ``topitem``, ``additem`` and ``updateitem``.

    Each call is atomic with respect to other threads. After any exception
    the mapping is unchanged.
    """

    __slots__ = (
        "_heap", "_c_heap", "_c_heap1", "_entries", "_popper", "_reverse", "_lock",
        "_busy", "__weakref__",
    )

    _heap: FiboHeap[Any]
    _c_heap: Any
    _c_heap1: tuple[Any]
    _entries: dict[K, list[Any]]
    _popper: Iterator[list[Any]]
    _reverse: bool
    _lock: threading.RLock
    _busy: bool

    def __new__(cls, *args: Any, **kwargs: Any) -> PriorityDict[K]:
        # Everything the methods rely on is set here, not in __init__, so a
        # mapping made by __new__ alone (a subclass's, copy's) is a valid
        # empty one.
        self = super().__new__(cls)
        self._lock = threading.RLock()
        _instances[id(self)] = self
        self._busy = False
        self._start(bool(kwargs.get("reverse")))
        return self

    @_holding_signals
    def _start(self, reverse: bool) -> Optional[dict[K, list[Any]]]:
        """Gives the mapping a new, empty C heap and entries; returns the old
        entries, if any, for the caller to drop after the lock."""
        heap: FiboHeap[Any] = FiboHeap(reverse=reverse)
        c_heap = heap._heap
        entries: dict[K, list[Any]] = {}
        # popitem's one C-level call: extract, the item from its handle, then
        # its entry out of the dict (fh_extract writes no key: the entry has it).
        popper = map(entries.pop, map(_from_handle, map(
            lib.fh_extract, repeat(c_heap), repeat(_NULL))))
        with self._lock:
            if self._busy:
                raise _reentered()
            old = getattr(self, "_entries", None)
            # Plain stores, no call between them: no signal lands in between.
            self._reverse = reverse
            self._heap = heap
            self._c_heap = c_heap
            self._c_heap1 = (c_heap,)
            self._entries = entries
            self._popper = popper
        return old

    def __init__(
        self,
        items: Union[Mapping[K, SupportsFloat], Iterable[tuple[K, SupportsFloat]]] = (),
        /,
        *,
        reverse: bool = False,
    ) -> None:
        """Creates a PriorityDict from a mapping of item to priority or an
        iterable of (item, priority) pairs, as ``dict()`` does (a repeated item
        keeps its last priority and its first place among ties).

        ``reverse=True`` makes a max-priority dict: ``popitem`` and
        ``peekitem`` give the largest priority. Raises what ``pd[item] = p``
        raises, and TypeError for an item that is not a pair. Called again on
        a mapping, it leaves the mapping holding ``items`` only.
        """
        reverse = bool(reverse)
        if self._entries or reverse != self._reverse:
            old = self._start(reverse)
            # The old items go here, after the lock, so that an item's
            # __del__ may use this mapping.
            del old
        pairs = items.items() if isinstance(items, Mapping) else items
        for pair in pairs:
            try:
                item, priority = pair
            except (TypeError, ValueError):
                raise TypeError(
                    f"items must be a mapping or (item, priority) pairs, got {pair!r}"
                ) from None
            self[item] = priority

    @property
    def reverse(self) -> bool:
        """True for a max-priority dict (largest priority first)."""
        return self._reverse

    # The mapping ---------------------------------------------------------------

    def __getitem__(self, item: K) -> float:
        """The priority of ``item``, as a float; KeyError if absent."""
        return self._entries[item][_PRIORITY]  # type: ignore[no-any-return]

    @_holding_signals
    def __setitem__(self, item: K, priority: SupportsFloat) -> None:
        """Inserts ``item`` or changes its priority, either way.

        Raises TypeError if ``priority`` is not a real number or ``item`` is
        not hashable, ValueError for NaN, OverflowError for a number too large
        for a float; the mapping is then unchanged.
        """
        if type(priority) is not float or priority != priority:
            priority = _as_key(priority)
        lock = self._lock
        try:
            lock.acquire()  # see the module's docstring
            if self._busy:
                raise _reentered()
            self._busy = True
            try:
                entry = self._entries.get(item)
                if entry is None:
                    handle = _new_handle(item)
                    entry = [priority, handle, item, None]
                    # The dict gets the entry just before the C heap its
                    # node. A signal handler's exception after fh_insert
                    # returns loses the ref, not the node: _ref finds it.
                    self._entries[item] = entry
                    entry[_REF] = _insert(self._c_heap, priority, handle)
                    if entry[_REF] < 0:  # FH_ENOMEM: NaN was refused above
                        del self._entries[item]
                        raise error(entry[_REF], f"{item!r} was not inserted")
                else:
                    ref = entry[_REF]
                    if ref is None:
                        ref = self._ref(entry)
                    old = entry[_PRIORITY]
                    # The entry, then the heap in the next call.
                    entry[_PRIORITY] = priority
                    status = _update_key(self._c_heap, ref, priority)
                    if status:  # never for an entry's ref and a number
                        entry[_PRIORITY] = old
                        raise error(status, f"the priority of {item!r} is unchanged")
            finally:
                self._busy = False
        finally:
            try:  # noqa: SIM105 (not suppress(): no call may precede release)
                lock.release()
            except RuntimeError:  # the acquire was interrupted: see above
                pass

    def __delitem__(self, item: K) -> None:
        """Removes ``item``; KeyError if absent."""
        self._take(item)
        # The entry (and the item it holds) went when _take's frame did:
        # after the lock, so an item's __del__ may use this mapping.

    @_holding_signals
    def _take(self, item: K) -> list[Any]:
        """Removes ``item`` and returns its entry; KeyError if absent."""
        lock = self._lock
        try:
            lock.acquire()  # see the module's docstring
            if self._busy:
                raise _reentered()
            self._busy = True
            try:
                entries = self._entries
                entry = entries[item]
                ref = entry[_REF]
                if ref is None:
                    ref = self._ref(entry)
                # The dict's entry, then the C node: if the item's __hash__
                # raises, neither is gone. On CPython in one C-level call; on
                # PyPy no handler runs in this call, and the chain would cost
                # a del about three times as much.
                if _HOLD_SIGNALS:
                    del entries[item]
                    _remove(self._c_heap, ref, _NULL)
                else:
                    list(chain(map(entries.pop, (item,)),
                               map(_remove, self._c_heap1, (ref,), (_NULL,))))
                return entry
            finally:
                self._busy = False
        finally:
            try:  # noqa: SIM105 (not suppress(): no call may precede release)
                lock.release()
            except RuntimeError:  # the acquire was interrupted
                pass

    def __contains__(self, item: object) -> bool:
        return item in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[K]:
        """The items in insertion order, as a dict's; RuntimeError if the
        mapping changes size during the iteration."""
        return iter(self._entries)

    @_holding_signals
    def clear(self) -> None:
        """Removes every item. O(n)."""
        with self._lock:
            if self._busy:
                raise _reentered()
            entries = self._entries
            # The items are released after the lock (when `old` goes), so
            # that an item's __del__ may use this mapping.
            old = entries.copy()
            # The C heap, then the dict, in one C-level call.
            list(chain(map(_clear, self._c_heap1, (_NULL,), (_SIZE_MAX,), (_NULL,)),
                       map(dict.clear, (entries,))))
        del old

    @overload
    def pop(self) -> tuple[K, float]: ...

    @overload
    def pop(self, item: K) -> float: ...

    @overload
    def pop(self, item: K, default: D) -> Union[float, D]: ...

    def pop(self, item: Any = _MISSING, default: Any = _MISSING) -> Any:
        """``pd.pop()`` removes and returns ``(item, priority)`` with the
        smallest priority, as networkx's MinHeap does (KeyError when empty);
        ``pd.pop(item[, default])`` removes ``item`` and returns its priority,
        as a mapping does (KeyError if absent and no default).
        """
        if item is _MISSING:
            return self.popitem()
        try:
            return self._take(item)[_PRIORITY]
        except KeyError:
            if default is _MISSING:
                raise
            return default

    @_holding_signals
    def popitem(self) -> tuple[K, float]:
        """Removes and returns ``(item, priority)`` with the smallest priority
        (the largest with ``reverse=True``); the first in among equals.
        KeyError if empty, as a mapping's popitem."""
        lock = self._lock
        try:
            lock.acquire()  # see the module's docstring
            if self._busy:
                raise _reentered()
            self._busy = True
            try:
                if not self._entries:
                    raise KeyError("popitem(): PriorityDict is empty")
                try:
                    entry = next(self._popper)
                except BaseException:
                    # The item's __hash__ or __eq__ raised in the dict's pop,
                    # after the C heap let go of the item; or a signal
                    # handler raised after the pop, and nothing is lost.
                    self._reinsert_lost()
                    raise
                return entry[_ITEM], entry[_PRIORITY]
            finally:
                self._busy = False
        finally:
            try:  # noqa: SIM105 (not suppress(): no call may precede release)
                lock.release()
            except RuntimeError:  # the acquire was interrupted
                pass

    def _reinsert_lost(self) -> None:
        """Puts back into the C heap the items of the dict that it lacks
        (popitem's, when the dict refused to let go of one). O(n)."""
        c_heap = self._c_heap
        if lib.fh_size(c_heap) == len(self._entries):
            return  # a signal handler's exception, after the pop: nothing lost
        for entry in list(self._entries.values()):
            if entry[_REF] is None:
                self._ref(entry)
            if not lib.fh_contains(c_heap, entry[_REF]):
                ref = _insert(c_heap, entry[_PRIORITY], entry[_HANDLE])
                if ref >= 0:
                    entry[_REF] = ref

    def _ref(self, entry: list[Any]) -> int:
        """The ref of an entry that lacks it (a signal handler's exception
        landed after fh_insert returned): looked up among the C heap's
        nodes by handle, and stored. O(n), under the lock."""
        c_heap = self._c_heap
        capacity = lib.fh_size(c_heap)
        handles = ffi.new("void *[]", capacity)
        refs = ffi.new("fh_ref[]", capacity)
        count = ffi.new("size_t *")
        lib.fh_snapshot(c_heap, _NULL, handles, refs, 0, capacity, count, _NULL)
        ref: int = refs[list(handles).index(entry[_HANDLE])]
        entry[_REF] = ref
        return ref

    @_holding_signals
    def peekitem(self) -> tuple[K, float]:
        """Returns ``(item, priority)`` that popitem would remove; KeyError if
        empty."""
        priority_out = ffi.new("double *")
        handle_out = ffi.new("void **")
        # Under the lock, the handle C gives is alive: its entry is in the dict.
        with self._lock:
            if lib.fh_peek(self._c_heap, priority_out, handle_out):
                raise KeyError("peekitem(): PriorityDict is empty")
            return _from_handle(handle_out[0]), priority_out[0]

    # networkx's MinHeap protocol (get comes from Mapping) ----------------------

    def min(self) -> tuple[K, float]:
        """networkx's name for peekitem."""
        return self.peekitem()

    @_holding_signals
    def insert(self, key: K, value: SupportsFloat, allow_increase: bool = False) -> bool:
        """networkx's MinHeap.insert: inserts ``key`` with priority ``value``,
        or lowers its priority to ``value``; raises it only if
        ``allow_increase``. Returns True if ``key`` was inserted or its priority
        lowered. (Lowered means a smaller number, whatever ``reverse`` is.)
        """
        new = _as_key(value)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or new < entry[_PRIORITY]:
                self[key] = new
                return True
            if allow_increase and new > entry[_PRIORITY]:
                self[key] = new
            return False

    # pqdict's names -------------------------------------------------------------

    def top(self) -> K:
        """pqdict's name: the item popitem would remove; KeyError if empty."""
        return self.peekitem()[0]

    def topitem(self) -> tuple[K, float]:
        """pqdict's name for peekitem."""
        return self.peekitem()

    @_holding_signals
    def additem(self, item: K, priority: SupportsFloat) -> None:
        """Inserts a new item; KeyError if it is already present (pqdict)."""
        with self._lock:
            if item in self._entries:
                raise KeyError(f"{item!r} is already in the PriorityDict")
            self[item] = priority

    @_holding_signals
    def updateitem(self, item: K, priority: SupportsFloat) -> None:
        """Changes the priority of a present item; KeyError if absent (pqdict)."""
        with self._lock:
            if item not in self._entries:
                raise KeyError(item)
            self[item] = priority

    # Copies and representation -------------------------------------------------

    @_holding_signals
    def _pairs(self) -> list[tuple[K, float]]:
        # The dict's order is the order of first insertion, which is the
        # heap's order among ties: rebuilt in it, a copy keeps that order.
        with self._lock:
            return [(item, entry[_PRIORITY]) for item, entry in self._entries.items()]

    def copy(self) -> PriorityDict[K]:
        """A shallow copy with the same order among equal priorities. O(n)."""
        return type(self)(self._pairs(), reverse=self._reverse)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self._pairs(), self._reverse))

    def __repr__(self) -> str:
        pairs = ", ".join(f"{item!r}: {priority!r}" for item, priority in self._pairs())
        reverse = ", reverse=True" if self._reverse else ""
        return f"{type(self).__name__}({{{pairs}}}{reverse})"
