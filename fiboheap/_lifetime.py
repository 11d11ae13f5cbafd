"""When a C heap is freed: the one rule that FiboHeap and PriorityDict share.

A C heap must outlive every Python call that may still use it, and a
payload's finalizer may use (or resurrect) the object that owns the heap
while the garbage collector is tearing that object down. So the heap is
freed when its *owner* object is deallocated, never at its finalization:

* PyPy calls an ``ffi.gc`` destructor only once the object is dead for
  good, so the owner is the ``ffi.gc`` pointer itself.
* CPython runs ``ffi.gc``'s destructor, and the callbacks of weak references
  that already exist, before the other finalizers of a garbage cycle, one of
  which may resurrect the owner. There the owner's ``__del__`` only makes a
  weak reference to the owner, whose callback (``dict.pop``, C code that no
  signal handler's exception can cut short) drops the ``ffi.gc`` pointer at
  the deallocation itself. An exception landing at ``__del__``'s entry
  (Python reports it as unraisable) leaves that heap's C nodes allocated
  until the process ends; the payloads, which the C heap never owns, are
  released as usual.
"""
from __future__ import annotations

import sys
import weakref
from typing import Any

from fiboheap._binding import ARENA, ffi, lib, note_heap_memory

__all__ = ["new_c_heap"]

_FREE_BY_GC = sys.implementation.name == "pypy"

#: The C heaps of finalized owners, until the owner is deallocated.
_graveyard: dict[weakref.ref[Any], Any] = {}


class _Owner:
    """Frees its C heap when it is deallocated (CPython; see the module)."""

    __slots__ = ("_c_heap", "__weakref__")

    def __init__(self, c_heap: Any) -> None:
        self._c_heap = c_heap

    def __del__(self) -> None:
        _graveyard[weakref.ref(self, _graveyard.pop)] = ffi.gc(self._c_heap, lib.fh_free)


def new_c_heap(reverse: bool) -> tuple[Any, object]:
    """A new C heap of the process arena (a max-heap if ``reverse``) and its
    owner: keep the owner referenced for as long as the heap may be used;
    the heap is freed when the owner is deallocated. MemoryError if the heap
    cannot be allocated."""
    c_heap = lib.fh_new_ordered(ARENA, 1 if reverse else 0)
    if c_heap == ffi.NULL:
        raise MemoryError("cannot allocate a heap")
    if _FREE_BY_GC:
        note_heap_memory()
        owner: object = ffi.gc(c_heap, lib.fh_free)
        return owner, owner
    return c_heap, _Owner(c_heap)
