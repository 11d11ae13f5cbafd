"""fiboheap: a Fibonacci heap in C, for CPython and PyPy through cffi.

    >>> from fiboheap import FiboHeap
    >>> h = FiboHeap()
    >>> node = h.insert(5, "five")
    >>> _ = h.insert(3, "three")
    >>> h.decrease_key(node, 1)
    >>> h.extract()
    'five'

FiboHeap is an addressable min-priority queue: insert returns a Node that
decrease_key, update_key and remove accept; payloads are released the moment
they leave the heap.
"""
from fiboheap._binding import (
    InexactKeyError,
    KeyIncreaseError,
    NaNKeyError,
    StaleNodeError,
)
from fiboheap._version import __version__
from fiboheap.heap import FiboHeap, Node
from fiboheap.priority_dict import PriorityDict

__all__ = [
    "FiboHeap",
    "InexactKeyError",
    "KeyIncreaseError",
    "NaNKeyError",
    "Node",
    "PriorityDict",
    "StaleNodeError",
    "__version__",
]
