"""When the heap lets go of a payload, exit path by exit path."""
from __future__ import annotations

import gc
import weakref

from fiboheap import FiboHeap


class Payload:
    pass


def collect() -> None:
    """CPython frees an object as soon as its last reference goes, PyPy at
    the next collection that finds it unreachable (the second call is for a
    payload's own finalizer): on PyPy a weak reference dies only then."""
    gc.collect()
    gc.collect()


def watched() -> tuple[Payload, weakref.ref[Payload]]:
    payload = Payload()
    return payload, weakref.ref(payload)


h: FiboHeap[Payload] = FiboHeap()

# While an element is in the heap, the heap keeps its payload alive.
p, ref = watched()
h.insert(1, p)
del p
collect()
assert ref() is not None

# extract, pop and remove hand the heap's reference to the caller.
assert h.extract() is ref()
collect()
assert ref() is None  # the caller did not keep it

p, ref = watched()
node = h.insert(1, p)
del p
assert h.remove(node) is ref()
assert ref() is not None  # node.data is the caller's own reference...
del node
collect()
assert ref() is None  # ...and goes with the Node

# clear releases every payload, after the C heap is empty again.
refs = []
for i in range(10):
    p, ref = watched()
    refs.append(ref)
    h.insert(i, p)
del p
h.clear()
collect()
assert len(h) == 0 and all(r() is None for r in refs)

# merge moves elements between heaps: nothing is released.
g: FiboHeap[Payload] = FiboHeap()
p, ref = watched()
g.insert(1, p)
del p
h.merge(g)
del g
collect()
assert ref() is not None and len(h) == 1

# The heap's end releases what is still in it.
del h  # CPython releases the payloads here, PyPy when it collects the heap
collect()
assert ref() is None


# A payload's __del__ may use the heap that is releasing it: by then the C
# heap is consistent and no lock is held. (A weak reference: a payload that
# holds its heap strongly keeps the heap alive for ever.)
class Requeue:
    def __init__(self, heap: FiboHeap[object]) -> None:
        self.heap = weakref.ref(heap)

    def __del__(self) -> None:
        heap = self.heap()
        if heap is not None:
            heap.insert(0, "requeued")


q: FiboHeap[object] = FiboHeap()
q.insert(1, Requeue(q))
q.insert(2, "other")
q.clear()
collect()
assert q.pop() == (0.0, "requeued") and len(q) == 0
