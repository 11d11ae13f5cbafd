"""The C heap as Python sees it: the compiled cffi module, the process arena,
and the one place where C status codes become Python exceptions."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

try:
    from fiboheap._fiboheap import ffi, lib
except ModuleNotFoundError as missing:
    if missing.name != "fiboheap._fiboheap":
        raise
    # Typically Python started in a source tree that has no build for this
    # interpreter, so the tree shadows any installed fiboheap: name the fix.
    _tree = Path(__file__).resolve().parent.parent
    raise ImportError(
        f"fiboheap: no compiled module for this interpreter in {_tree / 'fiboheap'}: "
        f"run 'pip install -e .' in {_tree} (or leave it to import an installed fiboheap)"
    ) from None

__all__ = [
    "ARENA",
    "NULL",
    "SIZE_MAX",
    "InexactKeyError",
    "KeyIncreaseError",
    "NaNKeyError",
    "StaleNodeError",
    "error",
    "ffi",
    "from_handle",
    "lib",
    "new",
    "new_handle",
    "note_heap_memory",
]

# Every heap of this process draws its nodes from this arena, which is never
# freed: a Node kept after its heap is gone then still points at readable
# memory, so the C side can refuse it (FH_ESTALE) instead of crashing, and
# merge can move nodes between heaps in O(1).
ARENA: Any = lib.fh_arena_new(ffi.NULL)
if ARENA == ffi.NULL:
    raise MemoryError("fiboheap: cannot allocate the node arena")
# Fork hooks for the arena's locks: fiboheap/_safety.py.

# ffi's calls on the hot paths, under names of their own: a module global is
# one lookup where ``ffi.new_handle`` is two.
#: The C NULL pointer.
NULL: Any = ffi.NULL
new = ffi.new
new_handle = ffi.new_handle
from_handle = ffi.from_handle

#: The largest size_t, the bound C counts take.
SIZE_MAX = 2 ** (8 * ffi.sizeof("size_t")) - 1

try:
    from __pypy__ import add_memory_pressure  # type: ignore[import-not-found]
except ImportError:  # CPython frees a heap as soon as its last reference goes
    add_memory_pressure = None

# A heap's own C memory (about 200 bytes) and a share of the free nodes its
# cache may hold; overstating it only makes PyPy collect a little sooner.
_HEAP_BYTES = 1024


def note_heap_memory() -> None:
    """Tells PyPy's GC about the C memory a new heap holds until it is
    freed; without it, dead heaps wait for a major collection that the GC,
    seeing only small Python objects, puts off for hundreds of MiB."""
    if add_memory_pressure is not None:
        add_memory_pressure(_HEAP_BYTES)


class StaleNodeError(ValueError):
    """The Node is not in this heap: popped, removed, cleared, merged into
    another heap, or from another heap."""


class KeyIncreaseError(ValueError):
    """decrease_key was given a larger key; update_key raises keys."""


class NaNKeyError(ValueError):
    """A key is NaN, which has no place in an order."""


class InexactKeyError(ValueError):
    """A key that a float cannot hold exactly (an int past 2**53, a Fraction
    or Decimal between two floats): the heap stores keys as floats."""


# One place where C status codes become exception types. The ValueError
# subclasses keep every `except ValueError` written before them working.
_EXCEPTIONS: dict[int, type[Exception]] = {
    lib.FH_ENOMEM: MemoryError,
    lib.FH_EEMPTY: IndexError,
    lib.FH_EKEY: KeyIncreaseError,
    lib.FH_ENAN: NaNKeyError,
    lib.FH_ESTALE: StaleNodeError,
    lib.FH_ESAME: ValueError,
    lib.FH_EARENA: ValueError,
    lib.FH_ERANGE: RuntimeError,
    lib.FH_ECORRUPT: AssertionError,
    lib.FH_EORDER: ValueError,
    lib.FH_EMOVED: RuntimeError,
}


def error(status: int, detail: Optional[str] = None) -> Exception:
    """The exception for a failed C call: its type from the status code, its
    message from fh_strerror plus what the caller knows (``detail``)."""
    message = ffi.string(lib.fh_strerror(status)).decode()
    if detail:
        message = f"{message}: {detail}"
    return _EXCEPTIONS.get(status, RuntimeError)(message)
