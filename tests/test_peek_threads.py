"""peek() under threads returns the key and the data of one element
(issue 13, item 4): it reads the minimum's key and payload address in C,
then maps the address to the payload with the lock released; meanwhile the
element may be popped, its handle freed and its address given to the next
element's handle. Fixed amounts of work; the join timeout only turns a
deadlock into a failure."""
from __future__ import annotations

import pytest
from _threads import run_threads

from fiboheap import FiboHeap

CHURNS = 100_000
PEEKS = 100_000


@pytest.mark.usefixtures("fast_switching")
def test_peek_returns_key_and_data_of_one_element():
    h: FiboHeap[int] = FiboHeap([(0.0, 0)])
    mismatches: list[tuple[float, int]] = []

    def churn() -> None:
        for i in range(1, CHURNS):
            h.pop()
            h.push(float(i), i)

    def check() -> None:
        for _ in range(PEEKS):
            try:
                key, data = h.peek()
            except IndexError:  # between churn's pop and push
                continue
            if key != float(data):
                mismatches.append((key, data))

    run_threads([churn, check, check])
    assert not mismatches, f"{len(mismatches)} peeks mixed two elements, e.g. {mismatches[:3]}"
    assert h.pop() == (float(CHURNS - 1), CHURNS - 1) and not h
