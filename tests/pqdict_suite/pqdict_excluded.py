"""A pytest plugin (``-p pqdict_excluded``) for scripts/test's run of pqdict
1.4.1's tests/test_pqdict.py on PriorityDict: deselects, by exact name, the
tests that cannot pass on it, each for the reason given here
(docs/migrating.md#from-pqdict says what differs). A name that the suite
lacks is an error, so the list cannot go stale unseen."""
from __future__ import annotations

import pytest

_INTERNALS = "reads pqdict's internals (the nodes of pq._heap, pq._position)"
_NOT_NUMBERS = "priorities that are not numbers"
_MODULE = "pqdict's module-level nlargest and nsmallest, which fiboheap has not"
_POP = "pq.pop() gives the item alone; PriorityDict's gives (item, priority), as networkx's MinHeap"

EXCLUDED = {
    "test_clear": _INTERNALS,
    "test_replace_key": _INTERNALS,
    "test_swap_priority": _INTERNALS,
    "test_heapify": _INTERNALS,
    "test_heapsort": _INTERNALS,
    "test_updates": _INTERNALS,
    "test_updates_and_deletes": _INTERNALS,
    "test_edgecases": _INTERNALS,
    "test_datetime": f"{_NOT_NUMBERS} (datetime)",
    "test_precedes": f"{_NOT_NUMBERS} (tuples, ordered by a custom precedes)",
    "test_repair": f"{_NOT_NUMBERS} (lists)",
    "test_nbest": _MODULE,
    "test_nbest_key": _MODULE,
    "test_pop": _POP,
    "test_fromkeys": _POP,
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = sorted(set(EXCLUDED) - {item.name for item in items})
    if missing:
        raise pytest.UsageError(f"not in pqdict's suite, yet excluded: {missing}")
    config.hook.pytest_deselected(items=[item for item in items if item.name in EXCLUDED])
    items[:] = [item for item in items if item.name not in EXCLUDED]


def pytest_report_header() -> list[str]:
    return [f"left out: {name}: {why}" for name, why in EXCLUDED.items()]
