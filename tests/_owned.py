"""The leak probe of the ownership tests: how many payloads the heaps alive
now hold. Each heap owns its payloads (fiboheap/heap.py), so a payload leaks
only while a heap that should have let it go is alive; a test checks that the
count is back where it started once its own heaps are gone."""
from __future__ import annotations

import gc

from fiboheap import FiboHeap


def owned_payloads() -> int:
    """The number of distinct handles (so payload references) that the
    dicts of live FiboHeaps hold."""
    gc.collect()
    handles: dict[int, object] = {}
    for obj in gc.get_objects():
        if isinstance(obj, FiboHeap):
            handles.update(obj._owned())
    return len(handles)
