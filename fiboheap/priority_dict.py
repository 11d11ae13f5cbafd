"""PriorityDict: a mapping from item to priority on a FiboHeap, for programs
written against heapdict and pqdict (and networkx's MinHeap protocol).

The mapping calls the C heap directly, without Nodes or FiboHeap's methods:
the hot calls (``pd[item] = p``, ``popitem``) cost one lock, one or two dict
operations and one C call each. ``_entries`` maps each item to its *entry*,
a list ``[priority, value, handle, item, ref]``: ``priority`` is the float
the C node holds, ``value`` what ``pd[item]`` returns (the priority itself,
unless the mapping has a key function), ``handle`` is
``ffi.new_handle(item)``, the payload the C node stores (the entry keeps it
alive exactly while the item is in the mapping), and ``ref`` the node's
fh_ref, for update_key and remove (None if a signal handler's exception
landed just after fh_insert returned: ``_ref`` finds it). A FiboHeap owns
the C heap, only to free it as FiboHeap frees its own. The dict's order is
the order of first insertion, which is the C heap's order among ties: every
call that adds an item appends it and gives it a new C node.

The dict and the C heap change together in one C-level call (a chain of
``map`` iterators, as heap.py's ``_taking``) or in steps with no point between
them where a signal handler may run: CPython runs pending handlers after a
call returns, not between a store and the next call, and on PyPy's main
thread the methods that change them hold signals back (``_holding_signals``,
as heap.py's insert does). An exception raised by a signal handler leaves
both as they were, or both changed. A new item enters the dict by
``dict.setdefault`` (which never replaces an entry: an item whose
``__eq__`` changed its mind since the lookup keeps the entry it had) and
then C; a signal handler's exception between those two calls is caught and
the node made then (``_insert_landed``). Calls that change several items
(``_commit``) put the dict's new entries first, with ``dict.setdefault``
(which never replaces an entry), then the C nodes all or none, then the
changes that cannot fail; if one of the first steps fails, the new entries
come back off the dict's end (``dict.popitem``, which hashes nothing).

Every method that changes them runs under one reentrant lock, so each call
is atomic with respect to other threads' calls, as FiboHeap's calls are; a
flag, ``_busy``, refuses a call made on the same thread from inside another
(an item's ``__hash__``, ``__eq__``, the key function or a ``__del__`` run by
the collector). Reads (``pd[item]``, ``in``, ``len``, iteration) take no lock:
they read the dict, which is the truth. The hot methods take the lock as
the first call inside ``try`` rather than with ``with``, half the cost on
CPython (``with`` makes and drops two bound methods); the calls on several
items through ``_exclusive``; the calls on one item that look before they
change (``setdefault``, ``additem``, ``insert``...) with ``with``, changing
through PriorityDict's own ``__setitem__`` (never a subclass's: it gets
what a caller assigns, and no call here goes through it, as with dict).
The ``finally`` releases it, except when a signal
handler's exception interrupted the wait for it: the lock is then not this
thread's, RLock refuses with RuntimeError, and the handler's exception goes
on. (No function call between: a Python function's entry is a point where a
handler may run.)

Fork: nothing waits for a mapping's lock around ``os.fork()``. A thread
holding one may be running an item's ``__hash__`` that waits for another
mapping's lock, or for the forking thread itself: a hook that took every
lock could wait for ever. In the child, ``_after_fork`` gives every mapping
whose lock a thread of the parent held (a thread the child does not have) a
fresh lock and rebuilds its C heap from its dict, the truth.
"""
from __future__ import annotations

import functools
import operator
import threading
import weakref
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, MutableMapping
from itertools import chain, repeat
from typing import Any, Optional, Protocol, SupportsFloat, TypeVar, Union, overload

from fiboheap._binding import SIZE_MAX, error, ffi, lib
from fiboheap._keys import as_key
from fiboheap._safety import HOLD_SIGNALS, holding_signals, on_fork_child
from fiboheap.heap import FiboHeap

__all__ = ["PriorityDict"]

#: The item type: anything hashable.
K = TypeVar("K", bound=Hashable)
#: The type of a default returned by pop, popitem, top and the like.
D = TypeVar("D")
#: A method wrapped by _holding_signals or _exclusive.
F = TypeVar("F", bound=Callable[..., Any])
#: The item type of fromkeys.
H = TypeVar("H", bound=Hashable)
#: _Keyed's key and value types.
_KT = TypeVar("_KT")
_VT_co = TypeVar("_VT_co", covariant=True)


class _Keyed(Protocol[_KT, _VT_co]):
    """What dict.update takes as a mapping: keys() and [] (typeshed's
    SupportsKeysAndGetItem, which exists only for type checkers)."""

    def keys(self) -> Iterable[_KT]: ...

    def __getitem__(self, key: _KT, /) -> _VT_co: ...


_MISSING: Any = object()
_NULL = ffi.NULL
_new = ffi.new
_new_handle = ffi.new_handle
_from_handle = ffi.from_handle
_insert = lib.fh_insert
_update_key = lib.fh_update_key
_remove = lib.fh_remove
_clear = lib.fh_clear
# Where an entry keeps what it holds (see the module's docstring).
_PRIORITY, _VALUE, _HANDLE, _ITEM, _REF = range(5)
_PAIR = slice(_PRIORITY, _VALUE + 1)
_item_of = operator.itemgetter(_ITEM)
# Raises KeyError for anything but 0 (or False): a failure in a C-level
# chain of steps (a C status, an entry that was already there) stops it.
_accept = {0: None}.__getitem__


def _reentered() -> RuntimeError:
    return RuntimeError(
        "PriorityDict changed by an item's __hash__ or __eq__, its key function "
        "or a __del__ during another of its calls on the same thread"
    )


def _exclusive(method: F) -> F:
    """Runs ``method`` under the mapping's lock with ``_busy`` set (a call
    into the mapping from inside it on the same thread is refused), signals
    held back on PyPy's main thread; see the module's docstring."""

    @functools.wraps(method)
    def locked(self: PriorityDict[Any], *args: Any, **kwargs: Any) -> Any:
        lock = self._lock
        try:
            lock.acquire()
            if self._busy:
                raise _reentered()
            self._busy = True
            try:
                return method(self, *args, **kwargs)
            finally:
                self._busy = False
        finally:
            try:  # noqa: SIM105 (not suppress(): no call may precede release)
                lock.release()
            except RuntimeError:  # the wait was interrupted: see the module's docstring
                pass

    return holding_signals(locked)  # type: ignore[return-value]


#: Every PriorityDict alive, by id (a mapping is not hashable), for the fork
#: hook below.
_instances: weakref.WeakValueDictionary[int, PriorityDict[Any]] = (
    weakref.WeakValueDictionary())


def _after_fork() -> None:
    """In a child process: each mapping whose lock a thread of the parent
    held at the fork gets a fresh lock and a C heap rebuilt from its dict
    (see PriorityDict's docstring for what the child then sees). A mapping
    whose lock is free, or the forking thread's own, is left as it is."""
    while True:
        try:
            members = list(_instances.values())
            break
        except RuntimeError:  # a collection changed _instances meanwhile
            continue
    for pd in members:
        lock = pd._lock
        if lock.acquire(False):
            lock.release()
        else:
            lock._at_fork_reinit()  # type: ignore[attr-defined]
            pd._recover()


on_fork_child(_after_fork)


def _nodes(entries: list[list[Any]], c_heap: Any, status: list[int]) -> Iterator[Any]:
    """The steps, for a C-level chain, that give ``entries`` their nodes in
    ``c_heap``, all or none (fh_insert_many), and store their refs. If C
    refuses (no memory), ``status`` gets its status and the chain stops with
    KeyError, the C heap unchanged."""
    count = len(entries)
    refs = _new("fh_ref[]", count)
    keys = [entry[_PRIORITY] for entry in entries]
    handles = _new("void *[]", [entry[_HANDLE] for entry in entries])
    return chain(
        map(status.append, map(lib.fh_insert_many, (c_heap,), (keys,), (handles,),
                               (count,), (refs,))),
        map(_accept, iter(status)),
        map(list.__setitem__, entries, repeat(_REF), map(refs.__getitem__, range(count))),
    )


def _commit(
    entries: dict[Any, list[Any]],
    c_heap: Any,
    added: list[list[Any]],
    changed: list[tuple[list[Any], float, Any]],
) -> list[Any]:
    """Adds the entries ``added`` (of items that ``entries`` lacks) to
    ``entries`` and ``c_heap``, and gives each (entry, priority, value) of
    ``changed`` its new priority and value, all or nothing, in one C-level
    call (see the module's docstring). Raises what an item's ``__hash__`` or
    ``__eq__`` raises, MemoryError, or RuntimeError if an item's ``__eq__``
    found it in ``entries`` after all; then nothing changed. The caller holds
    the lock, has set ``_busy`` and has every changed entry's ref. Returns
    the old priorities and values, for the caller to drop after the lock (a
    value's __del__ may use the mapping)."""
    before = len(entries)
    found: list[list[Any]] = []
    status: list[int] = []
    steps: list[Iterator[Any]] = []
    if added:
        steps += [
            map(found.append, map(entries.setdefault, map(_item_of, added), added)),
            map(_accept, map(operator.is_not, iter(found), added)),
            _nodes(added, c_heap, status),
        ]
    if changed:
        steps += [
            map(list.__setitem__, [entry for entry, _, _ in changed], repeat(_PAIR),
                [(priority, value) for _, priority, value in changed]),
            map(_update_key, repeat(c_heap), [entry[_REF] for entry, _, _ in changed],
                [priority for _, priority, _ in changed]),
        ]
    olds = [entry[_PAIR] for entry, _, _ in changed]
    done: list[bool] = []
    steps.append(map(done.append, (True,)))
    try:
        deque(chain.from_iterable(steps), 0)
    except BaseException:
        if done:  # a signal handler's exception, once every step was taken
            raise
        # Only new entries can be in the dict yet: they are its last ones.
        deque(map(dict.popitem, repeat(entries, len(entries) - before)), 0)
        if status and status[0]:
            raise error(status[0], "nothing was changed") from None
        if any(map(operator.is_not, found, added)):
            raise RuntimeError(
                "an item's __eq__ found it in the PriorityDict after saying it was "
                "not there; nothing was changed"
            ) from None
        raise
    return olds


class _Priced(tuple[Any, float]):
    """(value, priority) for ``pd[item] = ...`` of a mapping with a key
    function, from a call that needed the priority first (so the key
    function runs once per call)."""

    __slots__ = ()


def _entry(item: Any, priority: float, value: Any) -> list[Any]:
    """A new entry (see the module's docstring), its ref still unknown."""
    return [priority, value, _new_handle(item), item, None]


def _rebuild(cls: type[PriorityDict[Any]], pairs: list[tuple[Any, ...]],
             reverse: bool, key: Optional[Callable[[Any], Any]] = None) -> PriorityDict[Any]:
    """Unpickles a PriorityDict: ``pairs`` are (item, priority) without a key
    function, (item, value, priority) with one, in first-insertion order, so
    the items keep their order among equal priorities, now and after any
    later change of priority."""
    new = cls(reverse=reverse, key=key) if key is not None else cls(reverse=reverse)
    if key is None:
        new._load({item: (priority, priority) for item, priority in pairs})
    else:
        new._load({item: (priority, value) for item, value, priority in pairs})
    return new


def _priced(keyfn: Optional[Callable[[Any], Any]], value: Any) -> tuple[float, Any]:
    """(priority, value) as a mapping with the key function ``keyfn`` stores
    ``value``: without one, the value is the priority, as a float."""
    if keyfn is None:
        priority = as_key(value)
        return priority, priority
    return as_key(keyfn(value)), value


def _identity(value: Any) -> Any:
    """The key function of a PriorityDict made without one."""
    return value


class PriorityDict(MutableMapping[K, float]):
    """A mutable mapping from item to priority; ``popitem()`` removes the item
    with the smallest priority (the largest with ``reverse=True``).

    ``pd[item] = priority`` inserts an item or changes its priority in either
    direction (O(1) toward the front, O(log n) amortized away from it);
    ``popitem`` is O(log n) amortized; lookups, ``in`` and ``len`` are a dict's.
    Priorities are what FiboHeap's keys are: real numbers, returned as float.
    With ``key=f`` (pqdict's key function), ``pd[item] = value`` stores
    ``value`` as given and orders the item by ``f(value)``. Items are anything
    hashable. Equal priorities come out first-in first-out (an item keeps its
    place among them when its priority changes). Iteration over the mapping
    is in insertion order, as a dict's.

    It also speaks networkx's MinHeap protocol (``min()``, ``pop()`` with no
    argument, ``insert(item, priority, allow_increase=False)``, ``get``), so
    ``networkx.stoer_wagner(G, heap=PriorityDict)`` runs on it; and pqdict's
    API (docs/migrating.md says what differs).

    Each call is atomic with respect to other threads' calls; a read that
    takes no lock (``pd[item]``, ``in``, ``len``, ``get``, iteration) may see
    an ``update`` in progress with some of its items changed. After any
    exception the mapping is unchanged.

    ``os.fork()`` never waits for a mapping. In the child, every mapping is
    whole: its heap holds exactly its items at their priorities. One that no
    other thread was inside at the fork is as the parent had it; one that
    another thread was inside holds each item as that thread's call left it
    before or after changing it, which for a call that changes one item
    means the call done or not done.
    """

    __slots__ = (
        "_heap", "_c_heap", "_c_heap1", "_entries", "_popper", "_reverse", "_keyfn",
        "_lock", "_busy", "__weakref__",
    )

    _heap: FiboHeap[Any]
    _c_heap: Any
    _c_heap1: tuple[Any]
    _entries: dict[K, list[Any]]
    _popper: Iterator[list[Any]]
    _reverse: bool
    _keyfn: Optional[Callable[[Any], Any]]
    _lock: threading.RLock
    _busy: bool

    def __new__(cls, *args: Any, **kwargs: Any) -> PriorityDict[K]:
        # Everything the methods rely on is set here, not in __init__, so a
        # mapping made by __new__ alone (a subclass's, copy's) is a valid
        # empty one.
        self = super().__new__(cls)
        self._lock = threading.RLock()
        self._busy = False
        self._keyfn = None
        reverse = bool(kwargs.get("reverse"))
        self._install(reverse, FiboHeap(reverse=reverse), {})
        _instances[id(self)] = self
        return self

    def _install(self, reverse: bool, heap: FiboHeap[Any], entries: dict[K, list[Any]]) -> None:
        """Makes ``heap`` and ``entries`` the mapping's: plain stores, no call
        between them, so no signal or other thread lands in between."""
        c_heap = heap._heap
        # popitem's one C-level call: extract, the item from its handle, then
        # its entry out of the dict (fh_extract writes no key: the entry has it).
        popper = map(entries.pop, map(_from_handle, map(
            lib.fh_extract, repeat(c_heap), repeat(_NULL))))
        self._reverse = reverse
        self._heap = heap
        self._c_heap = c_heap
        self._c_heap1 = (c_heap,)
        self._entries = entries
        self._popper = popper

    def __init__(
        self,
        items: Union[Mapping[K, SupportsFloat], Iterable[tuple[K, SupportsFloat]], None] = (),
        /,
        *,
        reverse: bool = False,
        key: Optional[Callable[[Any], SupportsFloat]] = None,
        precedes: Optional[Callable[[Any, Any], bool]] = None,
    ) -> None:
        """Creates a PriorityDict from a mapping of item to priority or an
        iterable of (item, priority) pairs, as ``dict()`` does (a repeated item
        keeps its last priority and its first place among ties).

        ``reverse=True`` makes a max-priority dict: ``popitem`` and
        ``peekitem`` give the largest priority. pqdict's ``precedes`` may be
        ``operator.lt`` (the default order) or ``operator.gt`` (``reverse``);
        its ``key``, a function, makes the mapping hold values as given and
        order each item by ``key(value)``, which must be a real number.

        All or nothing: raises what ``pd[item] = p`` raises, TypeError for an
        item that is not a pair or a ``key`` that is not callable, ValueError
        for another ``precedes`` (or ``operator.gt`` with ``reverse=True``),
        and then the mapping is unchanged. Called again on a mapping, it
        leaves the mapping holding ``items`` only.
        """
        reverse = bool(reverse)
        if precedes is operator.gt:
            if reverse:
                raise ValueError("reverse=True and precedes=operator.gt: give one of them")
            reverse = True
        elif precedes is not None and precedes is not operator.lt:
            raise ValueError(
                f"precedes must be operator.lt or operator.gt, not {precedes!r}: "
                "PriorityDict orders real numbers; key= maps values to them"
            )
        if key is not None and not callable(key):
            raise TypeError(f"key must be a callable, not {type(key).__name__}")
        staged = _staged(() if items is None else items, key)
        old = self._reset(reverse, key, staged)
        # The old items go here, after the lock, so that an item's __del__
        # may use this mapping.
        del old

    @_exclusive
    def _reset(self, reverse: bool, key: Optional[Callable[[Any], Any]],
               staged: dict[K, tuple[float, Any]]) -> Optional[dict[K, list[Any]]]:
        """__init__'s change: the mapping holds ``staged`` only, ordered by
        ``reverse`` and ``key``; returns the old entries, if any, for the
        caller to drop after the lock."""
        added = [_entry(item, p, v) for item, (p, v) in staged.items()]
        if not self._entries and reverse == self._reverse:
            _commit(self._entries, self._c_heap, added, [])
            self._keyfn = key
            return None
        # A new heap and dict, filled first: the old ones stay if that fails.
        heap: FiboHeap[Any] = FiboHeap(reverse=reverse)
        entries: dict[K, list[Any]] = {}
        _commit(entries, heap._heap, added, [])
        old = self._entries
        self._keyfn = key
        self._install(reverse, heap, entries)
        return old

    def _recover(self) -> None:
        """In a child process, for a mapping whose lock a thread of the parent
        held at the fork (_after_fork has made the lock afresh): the C heap
        again holds exactly the dict's entries, rebuilt from the dict, the
        truth, in its order (that thread may have stopped between changing
        the dict and changing the C heap)."""
        with self._lock:
            self._busy = True  # a __del__ run by a collection here is refused
            try:
                heap: FiboHeap[Any] = FiboHeap(reverse=self._reverse)
                status: list[int] = []
                try:
                    deque(_nodes(list(self._entries.values()), heap._heap, status), 0)
                except KeyError:
                    raise error(status[0], "a PriorityDict could not be rebuilt "
                                "in the child process") from None
                self._install(self._reverse, heap, self._entries)
            finally:
                self._busy = False

    @property
    def reverse(self) -> bool:
        """True for a max-priority dict (largest priority first)."""
        return self._reverse

    @property
    def precedes(self) -> Callable[[Any, Any], bool]:
        """pqdict's name for the order: ``operator.lt`` (smallest priority
        first) or ``operator.gt`` (largest first, ``reverse=True``)."""
        return operator.gt if self._reverse else operator.lt

    @property
    def keyfn(self) -> Callable[[Any], Any]:
        """pqdict's key function: the ``key`` given, else the identity."""
        return self._keyfn if self._keyfn is not None else _identity

    # The mapping ---------------------------------------------------------------

    def __getitem__(self, item: K) -> float:
        """The priority of ``item`` (its value, with a key function); KeyError
        if absent."""
        return self._entries[item][_VALUE]  # type: ignore[no-any-return]

    @overload
    def get(self, item: K) -> Optional[float]: ...

    @overload
    def get(self, item: K, default: Union[float, D]) -> Union[float, D]: ...

    def get(self, item: K, default: Any = None) -> Any:
        """``pd[item]``, or ``default`` if ``item`` is absent."""
        entry = self._entries.get(item)
        return default if entry is None else entry[_VALUE]

    @holding_signals
    def __setitem__(self, item: K, priority: SupportsFloat) -> None:
        """Inserts ``item`` or changes its priority, either way.

        Raises TypeError if ``priority`` is not a real number or ``item`` is
        not hashable, ValueError for NaN, OverflowError for a number too large
        for a float; the mapping is then unchanged. With a key function,
        ``priority`` is a value, and ``key(value)`` must be a real number.
        """
        keyfn = self._keyfn
        if keyfn is not None:
            value: Any = priority
            if type(value) is _Priced:  # from a call that computed it
                value, priority = value
            else:
                priority = as_key(keyfn(value))
        else:
            if type(priority) is not float or priority != priority:
                priority = as_key(priority)
            value = priority
        lock = self._lock
        try:
            lock.acquire()  # see the module's docstring
            if self._busy:
                raise _reentered()
            self._busy = True
            try:
                entries = self._entries
                entry = entries.get(item)
                if entry is None:
                    handle = _new_handle(item)
                    entry = [priority, value, handle, item, None]
                    # The dict gets the entry just before the C heap its
                    # node: setdefault, since an entry there already must
                    # stay (an item whose __eq__ changed its mind since get).
                    try:
                        found = entries.setdefault(item, entry)
                        if found is entry:
                            entry[_REF] = _insert(self._c_heap, priority, handle)
                    except BaseException:
                        self._insert_landed(entry)
                        raise
                    if found is entry:
                        if entry[_REF] < 0:  # FH_ENOMEM: NaN was refused above
                            entries.popitem()  # the entry, the dict's last
                            raise error(entry[_REF], f"{item!r} was not inserted")
                        return
                    entry = found
                ref = entry[_REF]
                if ref is None:
                    ref = self._ref(entry)
                old_priority = entry[_PRIORITY]
                old_value = entry[_VALUE]  # alive until the heap has changed too
                # The entry, then the heap in the next call.
                entry[_PRIORITY] = priority
                entry[_VALUE] = value
                status = _update_key(self._c_heap, ref, priority)
                if status:  # never for an entry's ref and a number
                    entry[_PRIORITY] = old_priority
                    entry[_VALUE] = old_value
                    raise error(status, f"the priority of {item!r} is unchanged")
            finally:
                self._busy = False
        finally:
            try:  # noqa: SIM105 (not suppress(): no call may precede release)
                lock.release()
            except RuntimeError:  # the wait was interrupted: see above
                pass

    def _insert_landed(self, entry: list[Any]) -> None:
        """__setitem__'s insert of ``entry`` was cut short: if a signal
        handler's exception landed after the dict took the entry (its last)
        and before fh_insert ran, the C heap gets the node now, O(1); if
        after fh_insert, the ref alone is lost (_ref finds it). If the item's
        __hash__ raised, nothing changed."""
        entries = self._entries
        c_heap = self._c_heap
        if (entries and next(reversed(entries.values())) is entry
                and lib.fh_size(c_heap) < len(entries)):
            ref = _insert(c_heap, entry[_PRIORITY], entry[_HANDLE])
            if ref < 0:
                entries.popitem()  # the entry, the dict's last
            else:
                entry[_REF] = ref

    def __delitem__(self, item: K) -> None:
        """Removes ``item``; KeyError if absent."""
        self._take(item)
        # The entry (and the item it holds) went when _take's frame did:
        # after the lock, so an item's __del__ may use this mapping.

    @holding_signals
    def _take(self, item: K) -> list[Any]:
        """Removes ``item`` and returns its entry; KeyError if absent."""
        lock = self._lock
        try:
            lock.acquire()  # see the module's docstring
            if self._busy:
                raise _reentered()
            self._busy = True
            try:
                entry = self._entries[item]
                ref = entry[_REF]
                if ref is None:
                    ref = self._ref(entry)
                self._detach(item, ref)
                return entry
            finally:
                self._busy = False
        finally:
            try:  # noqa: SIM105 (not suppress(): no call may precede release)
                lock.release()
            except RuntimeError:  # the wait was interrupted
                pass

    def _detach(self, item: K, ref: int) -> None:
        """Takes ``item`` out of the dict, then its node (``ref``) out of the C
        heap: if the item's __hash__ raises, neither is gone. On CPython in
        one C-level call; on PyPy no handler runs in this call, and the chain
        would cost a del about three times as much. Under the lock."""
        entries = self._entries
        if HOLD_SIGNALS:
            del entries[item]
            _remove(self._c_heap, ref, _NULL)
        else:
            deque(chain(map(entries.pop, (item,)),
                        map(_remove, self._c_heap1, (ref,), (_NULL,))), 0)

    def __contains__(self, item: object) -> bool:
        return item in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[K]:
        """The items in insertion order, as a dict's; RuntimeError if the
        mapping changes size during the iteration."""
        return iter(self._entries)

    def clear(self) -> None:
        """Removes every item. O(n)."""
        old = self._clear()
        # The items are released here, after the lock, so that an item's
        # __del__ may use this mapping.
        del old

    @_exclusive
    def _clear(self) -> dict[K, list[Any]]:
        entries = self._entries
        old = entries.copy()
        # The C heap, then the dict, in one C-level call.
        deque(chain(map(_clear, self._c_heap1, (_NULL,), (SIZE_MAX,), (_NULL,)),
                    map(dict.clear, (entries,))), 0)
        return old

    @overload
    def update(self, items: _Keyed[K, SupportsFloat], /, **kwargs: SupportsFloat) -> None: ...

    @overload
    def update(self, items: Iterable[tuple[K, SupportsFloat]], /,
               **kwargs: SupportsFloat) -> None: ...

    @overload
    def update(self, /, **kwargs: SupportsFloat) -> None: ...

    def update(self, items: Any = (), /, **kwargs: Any) -> None:
        """Sets the priority of every item of ``items`` (a mapping, an object
        with ``keys()``, or (item, priority) pairs) and of ``kwargs``, as
        ``dict.update`` does (without calling ``__setitem__``).

        All or nothing: raises what ``pd[item] = p`` raises, and TypeError for
        an item that is not a pair; then the mapping is unchanged. Every
        priority (and the key function) is computed first, the items hashed,
        before any change.
        """
        old = self._load(_staged(items, self._keyfn, kwargs))
        # The old values go here, after the lock, so that a value's __del__
        # may use this mapping.
        del old

    @_exclusive
    def _load(self, staged: dict[K, tuple[float, Any]]) -> list[Any]:
        """Gives each item of ``staged`` its (priority, value), all or
        nothing; returns the old priorities and values."""
        entries = self._entries
        added = []
        changed = []
        for item, (priority, value) in staged.items():
            entry = entries.get(item)
            if entry is None:
                added.append(_entry(item, priority, value))
            else:
                if entry[_REF] is None:
                    self._ref(entry)
                changed.append((entry, priority, value))
        return _commit(entries, self._c_heap, added, changed)

    @holding_signals
    def setdefault(self, item: K, default: Any = None) -> Any:
        """``pd[item]`` if ``item`` is present; else inserts it with priority
        ``default`` and returns ``default``, as one call: of two threads'
        ``setdefault`` on one absent item, exactly one inserts it."""
        entry = self._entries.get(item)
        if entry is not None:
            return entry[_VALUE]
        stored = self._stored(*_priced(self._keyfn, default))
        with self._lock:
            entry = self._entries.get(item)
            if entry is not None:
                return entry[_VALUE]
            PriorityDict.__setitem__(self, item, stored)
        return default

    def _stored(self, priority: float, value: Any) -> Any:
        """What ``pd[item] = ...`` takes to store ``priority`` and ``value``
        from _priced, without calling the key function again: the priority,
        or a _Priced pair."""
        return priority if self._keyfn is None else _Priced((value, priority))

    @overload
    def pop(self) -> tuple[K, float]: ...

    @overload
    def pop(self, item: K) -> float: ...

    @overload
    def pop(self, item: K, default: D) -> Union[float, D]: ...

    @overload
    def pop(self, *, default: D) -> Union[tuple[K, float], D]: ...

    def pop(self, item: Any = _MISSING, default: Any = _MISSING) -> Any:
        """``pd.pop()`` removes and returns ``(item, priority)`` with the
        smallest priority, as networkx's MinHeap does (KeyError when empty, or
        ``default`` if given by name); ``pd.pop(item[, default])`` removes
        ``item`` and returns its priority, as a mapping does (KeyError if
        absent and no default).
        """
        if item is _MISSING:
            return self.popitem(default)
        try:
            return self._take(item)[_VALUE]
        except KeyError:
            if default is _MISSING:
                raise
            return default

    @overload
    def popitem(self) -> tuple[K, float]: ...

    @overload
    def popitem(self, default: D) -> Union[tuple[K, float], D]: ...

    @holding_signals
    def popitem(self, default: Any = _MISSING) -> Any:
        """Removes and returns ``(item, priority)`` with the smallest priority
        (the largest with ``reverse=True``); the first in among equals.
        KeyError if empty, as a mapping's popitem, or ``default`` if given."""
        lock = self._lock
        try:
            lock.acquire()  # see the module's docstring
            if self._busy:
                raise _reentered()
            self._busy = True
            try:
                if not self._entries:
                    if default is not _MISSING:
                        return default
                    raise KeyError("popitem(): PriorityDict is empty")
                try:
                    entry = next(self._popper)
                except BaseException:
                    # The item's __hash__ or __eq__ raised in the dict's pop,
                    # after the C heap let go of the item; or a signal
                    # handler raised after the pop, and nothing is lost.
                    self._reinsert_lost()
                    raise
                return entry[_ITEM], entry[_VALUE]
            finally:
                self._busy = False
        finally:
            try:  # noqa: SIM105 (not suppress(): no call may precede release)
                lock.release()
            except RuntimeError:  # the wait was interrupted
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

    @overload
    def peekitem(self) -> tuple[K, float]: ...

    @overload
    def peekitem(self, default: D) -> Union[tuple[K, float], D]: ...

    @holding_signals
    def peekitem(self, default: Any = _MISSING) -> Any:
        """Returns ``(item, priority)`` that popitem would remove; KeyError if
        empty, or ``default`` if given."""
        priority_out = ffi.new("double *")
        handle_out = ffi.new("void **")
        with self._lock:
            if lib.fh_peek(self._c_heap, priority_out, handle_out):
                if default is not _MISSING:
                    return default
                raise KeyError("peekitem(): PriorityDict is empty")
            # Under the lock, the handle C gives is alive: its entry is in
            # the dict.
            item = _from_handle(handle_out[0])
            if self._keyfn is None:
                return item, priority_out[0]
            if self._busy:
                raise _reentered()
            self._busy = True  # the item's __hash__ runs in the lookup
            try:
                return item, self._entries[item][_VALUE]
            finally:
                self._busy = False

    # networkx's MinHeap protocol (get is above) ---------------------------------

    def min(self) -> tuple[K, float]:
        """networkx's name for peekitem."""
        return self.peekitem()

    @holding_signals
    def insert(self, key: K, value: SupportsFloat, allow_increase: bool = False) -> bool:
        """networkx's MinHeap.insert: inserts ``key`` with priority ``value``,
        or lowers its priority to ``value``; raises it only if
        ``allow_increase``. Returns True if ``key`` was inserted or its priority
        lowered. (Lowered means a smaller number, whatever ``reverse`` is.)
        """
        new, value = _priced(self._keyfn, value)
        stored = self._stored(new, value)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or new < entry[_PRIORITY]:
                PriorityDict.__setitem__(self, key, stored)
                return True
            if allow_increase and new > entry[_PRIORITY]:
                PriorityDict.__setitem__(self, key, stored)
            return False

    # pqdict's API ---------------------------------------------------------------

    @classmethod
    def minpq(cls, *args: Any, **kwargs: Any) -> PriorityDict[Any]:
        """pqdict's: a min-priority mapping from ``dict(*args, **kwargs)``
        (of this class)."""
        return cls(dict(*args, **kwargs))

    @classmethod
    def maxpq(cls, *args: Any, **kwargs: Any) -> PriorityDict[Any]:
        """pqdict's: a max-priority mapping (``reverse=True``) from
        ``dict(*args, **kwargs)`` (of this class)."""
        return cls(dict(*args, **kwargs), reverse=True)

    @classmethod
    def fromkeys(cls, iterable: Iterable[H], value: Any, **kwargs: Any) -> PriorityDict[H]:
        """pqdict's: a mapping (of this class) of every item of ``iterable``
        to ``value``; ``kwargs`` go to the constructor (``reverse``, ``key``,
        ``precedes``)."""
        new: PriorityDict[H] = cls(**kwargs)  # type: ignore[assignment]
        new._load(_staged(((item, value) for item in iterable), new._keyfn))
        return new

    @overload
    def top(self) -> K: ...

    @overload
    def top(self, default: D) -> Union[K, D]: ...

    def top(self, default: Any = _MISSING) -> Any:
        """The item popitem would remove; KeyError if empty, or ``default``."""
        first = self.peekitem(_MISSING if default is _MISSING else None)
        return default if first is None else first[0]

    @overload
    def topitem(self) -> tuple[K, float]: ...

    @overload
    def topitem(self, default: D) -> Union[tuple[K, float], D]: ...

    def topitem(self, default: Any = _MISSING) -> Any:
        """pqdict's name for peekitem; ``default`` if empty and given."""
        return self.peekitem(default)

    @overload
    def topvalue(self) -> float: ...

    @overload
    def topvalue(self, default: D) -> Union[float, D]: ...

    def topvalue(self, default: Any = _MISSING) -> Any:
        """The priority (value) popitem would return; KeyError if empty, or
        ``default``."""
        first = self.peekitem(_MISSING if default is _MISSING else None)
        return default if first is None else first[1]

    @overload
    def popvalue(self) -> float: ...

    @overload
    def popvalue(self, default: D) -> Union[float, D]: ...

    def popvalue(self, default: Any = _MISSING) -> Any:
        """Removes the first item and returns its priority (value); KeyError
        if empty, or ``default``."""
        first = self.popitem(_MISSING if default is _MISSING else None)
        return default if first is None else first[1]

    def popkeys(self) -> Iterator[K]:
        """Removes and yields the items in pop order until the mapping is
        empty (each step one popitem: other threads may pop between them)."""
        return (item for item, _ in self.popitems())

    def popvalues(self) -> Iterator[float]:
        """As popkeys, yielding the priorities (values)."""
        return (value for _, value in self.popitems())

    def popitems(self) -> Iterator[tuple[K, float]]:
        """As popkeys, yielding ``(item, priority)``."""
        while True:
            pair = self.popitem(None)
            if pair is None:
                return
            yield pair

    @holding_signals
    def additem(self, item: K, priority: SupportsFloat) -> None:
        """Inserts a new item; KeyError if it is already present (pqdict)."""
        stored = self._stored(*_priced(self._keyfn, priority))
        with self._lock:
            if item in self._entries:
                raise KeyError(f"{item!r} is already in the PriorityDict")
            PriorityDict.__setitem__(self, item, stored)

    @holding_signals
    def updateitem(self, item: K, priority: SupportsFloat) -> None:
        """Changes the priority of a present item; KeyError if absent (pqdict)."""
        stored = self._stored(*_priced(self._keyfn, priority))
        with self._lock:
            if item not in self._entries:
                raise KeyError(item)
            PriorityDict.__setitem__(self, item, stored)

    def pushpopitem(self, item: K, priority: SupportsFloat) -> tuple[K, float]:
        """Inserts ``item``, then removes and returns the first item, as one
        call (pqdict's, like ``heapq.heappushpop``): the mapping is unchanged
        and ``(item, priority)`` comes back if it is empty or the first item
        does not come strictly before the new one (a tie returns the new
        one). KeyError if ``item`` is present."""
        return self._push_pop(item, *_priced(self._keyfn, priority))

    @_exclusive
    def _push_pop(self, item: K, priority: float, value: Any) -> tuple[K, float]:
        if item in self._entries:
            raise KeyError(f"{item!r} is already in the PriorityDict")
        key_out = ffi.new("double *")
        handle_out = ffi.new("void **")
        ref = lib.fh_peek_ref(self._c_heap, key_out, handle_out)
        first = key_out[0]
        if ref < 0 or not (first > priority if self._reverse else first < priority):
            return item, value
        top = _from_handle(handle_out[0])  # alive: its entry is in the dict
        return top, self._replace(_entry(item, priority, value), top, ref)[_VALUE]

    def _replace(self, entry: list[Any], item: K, ref: int) -> list[Any]:
        """Adds the new ``entry``, then removes ``item`` (whose node is
        ``ref``) and returns its entry, all or nothing; under the lock."""
        entries = self._entries
        old = entries[item]
        _commit(entries, self._c_heap, [entry], [])
        count = len(entries)
        try:
            self._detach(item, ref)
        except BaseException:
            if len(entries) == count:  # the item's __hash__ raised: the new
                # entry, the dict's last, goes again
                deque(chain(map(dict.popitem, (entries,)),
                            map(_remove, self._c_heap1, (entry[_REF],), (_NULL,))), 0)
            raise
        return old

    def replace_key(self, item: K, new_item: K) -> None:
        """Gives ``new_item`` the priority (value) of ``item``, which leaves
        the mapping (pqdict's); ``new_item`` comes last among equal
        priorities, as a new item. KeyError if ``item`` is absent or
        ``new_item`` present."""
        old = self._rename(item, new_item)
        # The old entry goes here, after the lock, so that its item's
        # __del__ may use this mapping.
        del old

    @_exclusive
    def _rename(self, item: K, new_item: K) -> list[Any]:
        entries = self._entries
        if new_item in entries:
            raise KeyError(f"{new_item!r} is already in the PriorityDict")
        entry = entries[item]
        ref = entry[_REF]
        if ref is None:
            ref = self._ref(entry)
        return self._replace(_entry(new_item, entry[_PRIORITY], entry[_VALUE]), item, ref)

    def swap_priority(self, item1: K, item2: K) -> None:
        """Swaps the priorities (values) of two present items (pqdict's); each
        keeps its own place among equal priorities. KeyError if either is
        absent."""
        self._swap(item1, item2)

    @_exclusive
    def _swap(self, item1: K, item2: K) -> None:
        first = self._entries[item1]
        second = self._entries[item2]
        for entry in (first, second):
            if entry[_REF] is None:
                self._ref(entry)
        _commit(self._entries, self._c_heap, [], [
            (first, second[_PRIORITY], second[_VALUE]),
            (second, first[_PRIORITY], first[_VALUE]),
        ])

    def heapify(self, item: Any = _MISSING) -> None:
        """pqdict's repair after values changed in place: with a key function,
        gives ``item`` (every item, without an argument) the priority
        ``key(value)`` again, all or nothing. Without one, priorities are
        numbers that cannot change in place, and it changes nothing. KeyError
        if ``item`` is absent."""
        self._reprice(item)

    @_exclusive
    def _reprice(self, item: Any) -> None:
        entries = self._entries
        targets = entries.values() if item is _MISSING else [entries[item]]
        keyfn = self._keyfn
        if keyfn is None:
            return
        changed = []
        for entry in list(targets):
            priority = as_key(keyfn(entry[_VALUE]))
            if priority != entry[_PRIORITY]:
                if entry[_REF] is None:
                    self._ref(entry)
                changed.append((entry, priority, entry[_VALUE]))
        _commit(entries, self._c_heap, [], changed)

    # Copies and representation -------------------------------------------------

    @_exclusive
    def _triples(self) -> list[tuple[K, float, Any]]:
        # The dict's order is the order of first insertion, which is the
        # heap's order among ties: rebuilt in it, a copy keeps that order.
        return [(item, entry[_PRIORITY], entry[_VALUE])
                for item, entry in self._entries.items()]

    def copy(self) -> PriorityDict[K]:
        """A shallow copy with the same priorities, values, key function and
        order among equal priorities. O(n)."""
        options: dict[str, Any] = {"reverse": self._reverse}
        if self._keyfn is not None:
            options["key"] = self._keyfn
        new = type(self)(**options)
        new._load({item: (priority, value) for item, priority, value in self._triples()})
        return new

    def __reduce__(self) -> tuple[Any, ...]:
        triples = self._triples()
        if self._keyfn is None:
            pairs = [(item, priority) for item, priority, _ in triples]
            return (_rebuild, (type(self), pairs, self._reverse))
        return (_rebuild, (type(self), [(item, value, priority)
                                        for item, priority, value in triples],
                           self._reverse, self._keyfn))

    def __repr__(self) -> str:
        pairs = ", ".join(f"{item!r}: {value!r}" for item, _, value in self._triples())
        reverse = ", reverse=True" if self._reverse else ""
        key = f", key={self._keyfn!r}" if self._keyfn is not None else ""
        return f"{type(self).__name__}({{{pairs}}}{reverse}{key})"


def _staged(
    items: Any, keyfn: Optional[Callable[[Any], Any]], kwargs: Optional[Mapping[str, Any]] = None,
) -> dict[Any, tuple[float, Any]]:
    """(priority, value) of every item of ``items`` (a mapping, an object with
    ``keys()``, or (item, value) pairs) and ``kwargs``, a repeated item's last
    in its first place, as dict() keeps them: computed before any lock, so
    that the key function, the priorities' conversions and the items' hashes
    run, and fail, before anything changes."""
    if isinstance(items, Mapping):
        pairs: Iterable[Any] = items.items()
    elif hasattr(items, "keys"):
        pairs = ((item, items[item]) for item in items.keys())  # noqa: SIM118 (dict()'s protocol)
    else:
        pairs = items
    staged: dict[Any, tuple[float, Any]] = {}
    for pair in chain(pairs, kwargs.items() if kwargs else ()):
        try:
            item, value = pair
        except (TypeError, ValueError):
            raise TypeError(
                f"items must be a mapping or (item, priority) pairs, got {pair!r}"
            ) from None
        staged[item] = _priced(keyfn, value)
    return staged
