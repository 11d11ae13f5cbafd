"""Per-heap ownership under threads (issue 14, part 1): merges, inserts,
pops and clears on heaps that other threads merge into each other. Every
payload is released exactly once: nothing is lost (each pushed payload comes
out once), nothing is kept (drained heaps own nothing), nothing crashes.
Fixed amounts of work; the join timeout only turns a deadlock into a
failure."""
from __future__ import annotations

import contextlib
import functools
import gc
import random
import weakref

import pytest
from _threads import run_threads

from fiboheap import FiboHeap

ROUNDS = 2000


class Payload:
    __slots__ = ("n", "__weakref__")

    def __init__(self, n: int) -> None:
        self.n = n


@pytest.mark.usefixtures("fast_switching")
def test_merging_threads_lose_and_keep_nothing():
    heaps = [FiboHeap() for _ in range(4)]
    out: list[list[int]] = [[] for _ in range(4)]
    refs: list[list[weakref.ref]] = [[] for _ in range(4)]

    def worker(w: int) -> None:
        rng = random.Random(w)
        taken = out[w]
        mine = refs[w]
        for i in range(ROUNDS):
            h = heaps[rng.randrange(4)]
            p = Payload(w * ROUNDS + i)
            mine.append(weakref.ref(p))
            if i % 2:
                h.push(rng.random(), p)
            else:
                h.insert(rng.random(), p)
            del p
            r = rng.random()
            if r < 0.3:
                other = heaps[rng.randrange(4)]
                if other is not h:
                    h.merge(other)
            elif r < 0.5:
                with contextlib.suppress(IndexError):
                    taken.append(h.pop()[1].n)
            elif r < 0.7:
                # extract's own fast path, switched off and on by merges
                with contextlib.suppress(IndexError):
                    taken.append(h.extract().n)
            elif r < 0.72:
                fresh = FiboHeap([(0.5, Payload(-1))])
                taken.append(fresh.extract().n)
                h.merge(fresh)

    run_threads([functools.partial(worker, w) for w in range(4)])
    for h in heaps:
        h._check()
    rest = [h.pop()[1].n for h in heaps for _ in range(len(h))]
    everything = sorted(n for n in [*rest, *(n for o in out for n in o)] if n >= 0)
    assert everything == list(range(4 * ROUNDS)), "a payload was lost or came out twice"
    assert all(not h._owned() for h in heaps), "a drained heap still owns payloads"
    del rest
    gc.collect()
    gc.collect()
    assert all(r() is None for rs in refs for r in rs), "a payload outlived its element"
