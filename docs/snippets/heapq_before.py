"""Before: heapq with (priority, counter, task) entries and lazy deletion,
the priority-queue recipe of the heapq documentation."""
from __future__ import annotations

import heapq
import itertools
from typing import Any

pq: list[list[Any]] = []  # entries [priority, count, task], a heap
entry_finder: dict[str, list[Any]] = {}  # task -> its entry
REMOVED = "<removed-task>"  # marks an entry whose task was removed
counter = itertools.count()  # ties pop in insertion order


def add_task(task: str, priority: float = 0) -> None:
    """Add a new task or update the priority of an existing task."""
    if task in entry_finder:
        remove_task(task)
    count = next(counter)
    entry = [priority, count, task]
    entry_finder[task] = entry
    heapq.heappush(pq, entry)


def remove_task(task: str) -> None:
    """Mark an existing task as REMOVED. Raise KeyError if not found."""
    entry = entry_finder.pop(task)
    entry[-1] = REMOVED  # the entry stays in pq until it reaches the top


def pop_task() -> str:
    """Remove and return the lowest priority task. Raise KeyError if empty."""
    while pq:
        _priority, _count, task = heapq.heappop(pq)
        if task is not REMOVED:
            del entry_finder[task]
            return task
    raise KeyError("pop from an empty priority queue")


for task, priority in [("write", 5), ("test", 3), ("lint", 3), ("ship", 9), ("docs", 7)]:
    add_task(task, priority)
add_task("ship", 1)  # change a priority: remove, then add again
remove_task("docs")
result = [pop_task() for _ in range(len(entry_finder))]
assert result == ["ship", "test", "lint", "write"]
assert len(pq) == 2  # the two dead entries are still in the list
