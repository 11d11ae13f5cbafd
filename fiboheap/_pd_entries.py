"""A PriorityDict's entries and the C heap's nodes, kept in step.

A mapping's dict maps each item to its *entry*, a list
``[priority, value, handle, item, ref]``: ``priority`` is the float the C
node holds, ``value`` what ``pd[item]`` returns (the priority itself, unless
the mapping has a key function), ``handle`` is ``ffi.new_handle(item)``, the
payload the C node stores (the entry keeps it alive exactly while the item
is in the mapping), and ``ref`` the node's fh_ref, for update_key and remove
(None if a signal handler's exception landed just after fh_insert returned:
:func:`find_ref` finds it). The dict's order is the order of first
insertion, which is the C heap's order among ties: every call that adds an
item appends it and gives it a new C node.

The dict and the C heap change together in one C-level call (a chain of
``map`` iterators, stopped where a step fails by ``takewhile``) or in steps
with no point between them where a signal handler may run: CPython runs
pending handlers after a call returns, not between a store and the next
call, and on PyPy's main thread the mapping's changing methods hold signals
back; or, for one new item (:func:`store`), in two plain steps whose
half-done state the exception's handler undoes (:func:`drop_uninserted`).
An exception raised by a signal handler leaves both as they were, or both
changed. Calls that change several items (:func:`commit`) put the
dict's new entries first, with ``dict.setdefault`` (which never replaces an
entry), then the C nodes all or none, then the changes that cannot fail; if
one of the first steps fails, the new entries come back off the dict's end
(``dict.popitem``, which hashes nothing).

Every function here that changes entries runs under the mapping's lock, with
its ``_busy`` flag set (_pd_lock.py says why); those that only compute
(``priced``, ``staged``) run before it.
"""
from __future__ import annotations

import operator
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain, repeat, takewhile
from typing import Any, Optional, Protocol, TypeVar

from fiboheap._binding import NULL, error, ffi, from_handle, lib, new_handle
from fiboheap._keys import as_key
from fiboheap._safety import HOLD_SIGNALS

__all__ = [
    "HANDLE",
    "ITEM",
    "MISSING",
    "PAIR",
    "PRIORITY",
    "REF",
    "VALUE",
    "Keyed",
    "Priced",
    "Stored",
    "check",
    "commit",
    "detach",
    "drop_uninserted",
    "find_ref",
    "new_entry",
    "popper",
    "priced",
    "rebuild",
    "reinsert_lost",
    "replace",
    "staged",
]

#: Where an entry keeps what it holds (see the module's docstring).
PRIORITY, VALUE, HANDLE, ITEM, REF = range(5)
#: An entry's (priority, value).
PAIR = slice(PRIORITY, VALUE + 1)
#: The default of a call that was given none.
MISSING: Any = object()

#: Keyed's key and value types.
_KT = TypeVar("_KT")
_VT_co = TypeVar("_VT_co", covariant=True)


class Keyed(Protocol[_KT, _VT_co]):
    """What dict.update takes as a mapping, and so :func:`staged`: keys()
    and [] (typeshed's SupportsKeysAndGetItem, which exists only for type
    checkers)."""

    def keys(self) -> Iterable[_KT]: ...

    def __getitem__(self, key: _KT, /) -> _VT_co: ...


_insert = lib.fh_insert
_update_key = lib.fh_update_key
_remove = lib.fh_remove
_item_of = operator.itemgetter(ITEM)


class Priced(tuple[Any, float]):
    """(value, priority) for ``pd[item] = ...`` of a mapping with a key
    function, from a call that needed the priority first (so the key
    function runs once per call)."""

    __slots__ = ()


def priced(keyfn: Optional[Callable[[Any], Any]], value: Any) -> tuple[float, Any]:
    """(priority, value) as a mapping with the key function ``keyfn`` stores
    ``value``: without one, the value is the priority, as a float."""
    if keyfn is None:
        priority = as_key(value)
        return priority, priority
    return as_key(keyfn(value)), value


def staged(
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
    result: dict[Any, tuple[float, Any]] = {}
    for pair in chain(pairs, kwargs.items() if kwargs else ()):
        try:
            item, value = pair
        except (TypeError, ValueError):
            raise TypeError(
                f"items must be a mapping or (item, priority) pairs, got {pair!r}"
            ) from None
        result[item] = priced(keyfn, value)
    return result


def new_entry(item: Any, priority: float, value: Any) -> list[Any]:
    """A new entry (see the module's docstring), its ref still unknown."""
    return [priority, value, new_handle(item), item, None]


def popper(entries: dict[Any, list[Any]], c_heap: Any) -> Iterator[list[Any]]:
    """popitem's one C-level call, as an iterator: each ``next`` extracts the
    first node, finds the item from its handle, and takes its entry out of
    ``entries`` (fh_extract writes no key: the entry has it)."""
    return map(entries.pop, map(from_handle, map(
        lib.fh_extract, repeat(c_heap), repeat(NULL))))


def _nodes(added: list[list[Any]], c_heap: Any, status: list[int]) -> Iterator[Any]:
    """The steps, for a chain under ``takewhile(operator.not_, ...)``, that
    give the entries ``added`` their nodes in ``c_heap``, all or none
    (fh_insert_many), and store their refs: the chain stops at fh_insert_many's
    status if C refuses (no memory), ``status`` holding it, the C heap
    unchanged."""
    count = len(added)
    refs = ffi.new("fh_ref[]", count)
    keys = [entry[PRIORITY] for entry in added]
    handles = ffi.new("void *[]", [entry[HANDLE] for entry in added])
    return chain(
        map(status.append, map(lib.fh_insert_many, (c_heap,), (keys,), (handles,),
                               (count,), (refs,))),
        iter(status),
        map(list.__setitem__, added, repeat(REF), map(refs.__getitem__, range(count))),
    )


def commit(
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
    found it in ``entries`` after all; then nothing changed. Every changed
    entry has its ref. Returns the old priorities and values, for the caller
    to drop after the lock (a value's __del__ may use the mapping)."""
    before = len(entries)
    found: list[list[Any]] = []
    status: list[int] = []
    steps: list[Iterator[Any]] = []
    if added:
        steps += [
            map(found.append, map(entries.setdefault, map(_item_of, added), added)),
            # True, which stops the chain, for an entry that was there already.
            map(operator.is_not, iter(found), added),
            _nodes(added, c_heap, status),
        ]
    if changed:
        # fh_update_key cannot fail for an entry's ref and a number: its
        # statuses are kept aside, so that they never stop the chain.
        updated: list[int] = []
        steps += [
            map(list.__setitem__, [entry for entry, _, _ in changed], repeat(PAIR),
                [(priority, value) for _, priority, value in changed]),
            map(updated.append, map(_update_key, repeat(c_heap),
                                    [entry[REF] for entry, _, _ in changed],
                                    [priority for _, priority, _ in changed])),
        ]
    olds = [entry[PAIR] for entry, _, _ in changed]
    done: list[bool] = []
    steps.append(map(done.append, (False,)))
    try:
        deque(takewhile(operator.not_, chain.from_iterable(steps)), 0)
    except BaseException:
        if done:  # a signal handler's exception, once every step was taken
            raise
        # Only new entries can be in the dict yet: they are its last ones.
        # (Here and below no Python function is called first: its entry is
        # a point where a signal handler may run.)
        deque(map(dict.popitem, repeat(entries, len(entries) - before)), 0)
        raise
    if not done:  # the chain stopped at a failing step
        deque(map(dict.popitem, repeat(entries, len(entries) - before)), 0)
        if status and status[0]:
            raise error(status[0], "nothing was changed")
        raise RuntimeError(
            "an item's __eq__ found it in the PriorityDict after saying it was "
            "not there; nothing was changed"
        )
    return olds


def rebuild(entries: dict[Any, list[Any]], c_heap: Any) -> None:
    """Gives every entry a node in the new, empty ``c_heap``, in the dict's
    order, and stores the refs; MemoryError (``c_heap`` unchanged) if C has
    no memory for them. For the fork's repair, which installs ``c_heap``
    only once this returned."""
    status: list[int] = []
    deque(takewhile(operator.not_, _nodes(list(entries.values()), c_heap, status)), 0)
    if status[0]:
        raise error(status[0], "a PriorityDict could not be rebuilt in the child process")


def find_ref(c_heap: Any, entry: list[Any]) -> int:
    """The ref of an entry that lacks it (a signal handler's exception
    landed after fh_insert returned): looked up among the C heap's nodes by
    handle, and stored. O(n)."""
    capacity = lib.fh_size(c_heap)
    handles = ffi.new("void *[]", capacity)
    refs = ffi.new("fh_ref[]", capacity)
    count = ffi.new("size_t *")
    lib.fh_snapshot(c_heap, NULL, handles, refs, 0, capacity, count, NULL)
    ref: int = refs[list(handles).index(entry[HANDLE])]
    entry[REF] = ref
    return ref


class Stored(Protocol):
    """What :func:`store` changes: a mapping's dict and C heap."""

    _entries: dict[Any, list[Any]]
    _c_heap: Any


def store(mapping: Stored, item: Any, priority: float, value: Any) -> Any:
    """Gives ``item`` ``priority`` and ``value`` in ``mapping``, inserting it
    if absent. (It takes the mapping, not its dict and C heap as the other
    functions here do, so that ``locked(store)`` is PriorityDict's method with
    no call between.)
    Returns the value it replaced (None for a new item) for the caller to
    drop after the lock: its __del__ may use the mapping. Every call that
    sets one item comes here, never through ``__setitem__`` (a subclass's
    gets what a caller assigns, and no call here goes through it, as with
    dict)."""
    entries = mapping._entries
    c_heap = mapping._c_heap
    entry = entries.get(item)
    if entry is None:
        handle = new_handle(item)
        entry = [priority, value, handle, item, None]
        # setdefault, since an entry there already must stay (an item whose
        # __eq__ changed its mind since get); fh_insert only if the entry is
        # the one set. A signal handler's exception landing between the two
        # (CPython; PyPy holds signals back here) is undone before it goes
        # on: see drop_uninserted.
        try:
            found = entries.setdefault(item, entry)
            if found is entry:
                entry[REF] = _insert(c_heap, priority, handle)
        except BaseException:
            drop_uninserted(entries, c_heap, entry)
            raise
        if found is entry:
            if entry[REF] < 0:  # FH_ENOMEM (the caller refused NaN)
                entries.popitem()  # the entry, the dict's last
                raise error(entry[REF], f"{item!r} was not inserted")
            return None
        entry = found
    ref = entry[REF]
    if ref is None:
        ref = find_ref(c_heap, entry)
    old_priority = entry[PRIORITY]
    old_value = entry[VALUE]
    # The entry, then the heap in the next call.
    entry[PRIORITY] = priority
    entry[VALUE] = value
    status = _update_key(c_heap, ref, priority)
    if status:  # never for an entry's ref and a number
        entry[PRIORITY] = old_priority
        entry[VALUE] = old_value
        raise error(status, f"the priority of {item!r} is unchanged")
    return old_value


def drop_uninserted(entries: dict[Any, list[Any]], c_heap: Any, entry: list[Any]) -> None:
    """After an exception in store's insertion of ``entry``: if the dict
    took the entry but the C heap did not take its node (one entry more
    than nodes, under the lock), the entry, the dict's last, comes off."""
    if (len(entries) == lib.fh_size(c_heap) + 1
            and next(reversed(entries.values())) is entry):
        entries.popitem()


def reinsert_lost(entries: dict[Any, list[Any]], c_heap: Any) -> None:
    """Puts back into the C heap the items of the dict that it lacks
    (popitem's, when the dict refused to let go of one). O(n)."""
    if lib.fh_size(c_heap) == len(entries):
        return  # a signal handler's exception, after the pop: nothing lost
    for entry in list(entries.values()):
        ref = entry[REF]
        if ref is None:
            ref = find_ref(c_heap, entry)
        if not lib.fh_contains(c_heap, ref):
            ref = _insert(c_heap, entry[PRIORITY], entry[HANDLE])
            if ref >= 0:
                entry[REF] = ref


def detach(entries: dict[Any, list[Any]], c_heap: Any, item: Any, ref: int) -> None:
    """Takes ``item`` out of the dict, then its node (``ref``) out of the C
    heap: if the item's __hash__ raises, neither is gone. On CPython in one
    C-level call; on PyPy, whose signals are held back here, in two plain
    steps, which cost less than the chain."""
    if HOLD_SIGNALS:
        del entries[item]
        _remove(c_heap, ref, NULL)
    else:
        deque(chain(map(entries.pop, (item,)),
                    map(_remove, (c_heap,), (ref,), (NULL,))), 0)


def replace(entries: dict[Any, list[Any]], c_heap: Any, entry: list[Any], item: Any,
            ref: int) -> list[Any]:
    """Adds the new ``entry``, then removes ``item`` (whose node is ``ref``)
    and returns its entry, all or nothing."""
    old = entries[item]
    commit(entries, c_heap, [entry], [])
    count = len(entries)
    try:
        detach(entries, c_heap, item, ref)
    except BaseException:
        if len(entries) == count:  # the item's __hash__ raised: the new
            # entry, the dict's last, goes again
            deque(chain(map(dict.popitem, (entries,)),
                        map(_remove, (c_heap,), (entry[REF],), (NULL,))), 0)
        raise
    return old


def check(entries: dict[Any, list[Any]], c_heap: Any) -> None:
    """Validates every invariant of ``c_heap`` and that it holds exactly the
    nodes of ``entries``; raises AssertionError naming what is broken."""
    what = ffi.new("char *[1]")
    status = lib.fh_check(c_heap, what)
    if status:
        raise error(status, ffi.string(what[0]).decode())
    size = lib.fh_size(c_heap)
    if size != len(entries):
        raise AssertionError(f"the C heap holds {size} nodes, the dict {len(entries)} entries")
    for entry in entries.values():
        if entry[REF] is not None and lib.fh_contains(c_heap, entry[REF]) != 1:
            raise AssertionError(f"the node of {entry[ITEM]!r} is not in the C heap")
