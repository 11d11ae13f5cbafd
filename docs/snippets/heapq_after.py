"""After: the same task queue on a FiboHeap. Each task keeps its Node, so a
priority change is update_key and a removal is remove: no counter (ties pop
in insertion order anyway), no dead entries left in the heap."""
from __future__ import annotations

from fiboheap import FiboHeap, Node

pq: FiboHeap[str] = FiboHeap()
entry_finder: dict[str, Node[str]] = {}  # task -> its Node


def add_task(task: str, priority: float = 0) -> None:
    """Add a new task or update the priority of an existing task."""
    node = entry_finder.get(task)
    if node is None:
        entry_finder[task] = pq.insert(priority, task)
    else:
        pq.update_key(node, priority)  # O(1) when lowered, O(log n) when raised


def remove_task(task: str) -> None:
    """Remove an existing task. Raise KeyError if not found."""
    pq.remove(entry_finder.pop(task))


def pop_task() -> str:
    """Remove and return the lowest priority task. Raise IndexError if empty."""
    task = pq.extract()
    del entry_finder[task]
    return task


for task, priority in [("write", 5), ("test", 3), ("lint", 3), ("ship", 9), ("docs", 7)]:
    add_task(task, priority)
add_task("ship", 1)
remove_task("docs")
result = [pop_task() for _ in range(len(entry_finder))]
assert result == ["ship", "test", "lint", "write"]
assert len(pq) == 0  # nothing left behind
