"""Exceptions that land anywhere: a signal handler (or KeyboardInterrupt)
raising inside fiboheap's methods must never leave a payload owned by a
heap after its element left the C heap (issue 13, item 9).

A 0.2 ms interval timer interrupts mixed work, which goes on until 50
exceptions have landed; its handler raises only when the innermost
Python frame is fiboheap's code, so each exception lands inside a heap
method, between whatever two steps the interpreter was at. Afterwards the
heaps are drained: no handle may be left in their dicts, and every payload
that is in no heap must be dead: docs/ownership.md states the guarantee.
"""
from __future__ import annotations

import gc
import random
import signal
import sys
import weakref
from collections.abc import Iterable

import pytest
from _interrupts import Interrupt, Payload, in_fiboheap, interval_timer, steps_until_landed

from fiboheap import FiboHeap

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "setitimer"), reason="needs signal.setitimer"
)

NAN = True


def mixed_work(
    heaps: list[FiboHeap], refs: list, steps: Iterable[int], seed: int, merges: bool = True
) -> int:
    """Runs a random operation for each of ``steps``; returns how many were
    interrupted. Without ``merges`` every heap keeps to extract's hot path
    (fiboheap/_handles.py); with them, most calls pop from recorded dicts."""
    rng = random.Random(seed)
    nodes: list = []
    interrupted = 0
    for step in steps:
        h = heaps[rng.randrange(len(heaps))]
        op = rng.randrange(12)
        try:
            if op < 3:
                p = Payload(step)
                refs.append(weakref.ref(p))
                h.push(rng.random(), p)
            elif op < 5:
                p = Payload(step)
                refs.append(weakref.ref(p))
                nodes.append(h.insert(rng.random(), p))
            elif op == 5:
                h.extract()
            elif op == 6:
                h.pop()
            elif op == 7 and nodes:
                h.remove(nodes.pop(rng.randrange(len(nodes))))
            elif op == 8:
                h.peek()
            elif op == 9 and merges:
                other = heaps[rng.randrange(len(heaps))]
                if other is not h:
                    h.merge(other)
            elif op == 10 and rng.random() < 0.05:
                h.clear()
            elif op == 11 and NAN:
                p = Payload(step)
                refs.append(weakref.ref(p))
                h.insert(float("nan"), p)
        except (Interrupt, IndexError, ValueError):
            # IndexError: empty heap; ValueError: NaN key, or a node that
            # was popped, cleared or merged away (the work is random).
            interrupted += 1
        if len(nodes) > 200:
            del nodes[:100]
    return interrupted


@pytest.mark.parametrize("merges", [True, False], ids=["merges", "no-merges"])
def test_exceptions_landing_inside_methods_leave_no_payload_owned(merges):
    landed = [0]

    def handler(signum, frame):
        if in_fiboheap(frame):
            landed[0] += 1
            raise Interrupt

    heaps = [FiboHeap() for _ in range(3)]
    refs: list = []
    with interval_timer(handler, 0.0002):
        mixed_work(heaps, refs, steps_until_landed(landed, 60_000), seed=13, merges=merges)
    held = [h.pop()[1] for h in heaps for _ in range(len(h))]
    leftovers = [h._owned() for h in heaps]
    assert all(not owned for owned in leftovers), (
        f"{sum(map(len, leftovers))} payloads still owned by drained heaps "
        f"after {landed[0]} interrupts"
    )
    del held
    gc.collect()
    gc.collect()
    alive = sum(r() is not None for r in refs)
    assert alive == 0, f"{alive} payloads alive in no heap after {landed[0]} interrupts"
    for h in heaps:
        h._check()


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
