"""Soak test: millions of mixed FiboHeap operations must not grow RSS.

    python tests/soak.py                 # 2.4M operations after a warm-up
    python tests/soak.py --ops 200000    # a smoke run
    python tests/soak.py --no-main       # no long-lived heap (diagnosis)

The workload: one long-lived "main" heap (a service's work queue) and a pool
of short-lived heaps that are created, filled, merged into main or into each
other, and destroyed (sometimes still full). On them, a mix of insert,
push, decrease_key, update_key, remove, extract, pop and clear, with a fresh
payload object per insert, so that a leak of a payload, a handle, a node or
a heap shows. Sizes stay bounded: the steady state is a few thousand
elements.

RSS (from /proc/self/statm) is read after the warm-up and at the end, each
time after gc.collect(); the growth is printed in MiB, with samples along the
way to tell a plateau from a steady leak, and the exit status is 1 when it
exceeds the limit:

* CPython, 2 MiB: memory is freed by reference counting as soon as it is
  unused, so a steady-state workload has a flat RSS; what remains is the
  allocator's noise (pymalloc arenas, malloc's trim threshold), well under
  1 MiB in practice.
* PyPy, 8 MiB: PyPy's GC frees nothing until a collection. Between major
  collections the GC-managed heap may grow to 1.82x what survived the last
  one (PYPY_GC_MAJOR_COLLECT), and freed GC arenas go back to malloc, not
  necessarily to the OS. gc.collect() before each sample removes most of
  that, but where the nursery and the arena free lists stand still varies
  by a few MiB from sample to sample. A real per-operation leak of even 4
  bytes is 9 MiB here, above the limit. The warm-up is longer there (2/3
  of the measured operations, 1.6M by default): PyPy's JIT and GC go on
  settling well after 400k operations. Measured after a 1.6M warm-up, RSS
  grew 2.8 MiB in the next 1.6M operations and 0.1-0.4 MiB in each 1.6M
  after that, up to 9.6M; after a 400k warm-up the 2.4M measured ones grew
  7.5-8.8 MiB, mostly that settling.

Runs on CPython and PyPy (Python 3.9+).
"""
from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import sys
import time

try:
    from fiboheap import FiboHeap
except ImportError:  # run from a source checkout with the extension built in place
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from fiboheap import FiboHeap

PYPY = platform.python_implementation() == "PyPy"
DEFAULT_LIMIT_MIB = 8.0 if PYPY else 2.0

MAIN_CAP = 4000  # main heap: extract instead of insert above this size
POOL_SIZE = 8
POOL_CAP = 300
RING = 2048  # recent nodes kept for decrease_key / update_key / remove


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def settle() -> None:
    gc.collect()
    if PYPY:  # finalizers (FiboHeap.__del__) run after the first collection
        gc.collect()


class Payload:
    __slots__ = ("n",)

    def __init__(self, n: int) -> None:
        self.n = n


class Soak:
    def __init__(self, seed: int, with_main: bool) -> None:
        self.rng = random.Random(seed)
        self.with_main = with_main
        self.main = FiboHeap()
        self.pool = [FiboHeap() for _ in range(POOL_SIZE)]
        self.ring: list = [None] * RING
        self.ring_pos = 0
        self.counter = 0
        self.counts: dict[str, int] = {}

    def _heap(self) -> FiboHeap:
        rng = self.rng
        if self.with_main and rng.random() < 0.5:
            return self.main
        return self.pool[rng.randrange(POOL_SIZE)]

    def _cap(self, h: FiboHeap) -> int:
        return MAIN_CAP if h is self.main else POOL_CAP

    def _node(self):
        return self.ring[self.rng.randrange(RING)]

    def run(self, ops: int) -> None:
        rng = self.rng
        counts = self.counts
        for _ in range(ops):
            r = rng.random()
            h = self._heap()
            if r < 0.34:
                if len(h) >= self._cap(h):
                    h.extract()
                    kind = "extract"
                elif r < 0.08:
                    self.counter += 1
                    h.push(rng.random() * 1000.0, Payload(self.counter))
                    kind = "push"
                else:
                    self.counter += 1
                    node = h.insert(rng.random() * 1000.0, Payload(self.counter))
                    self.ring[self.ring_pos] = node
                    self.ring_pos = (self.ring_pos + 1) % RING
                    kind = "insert"
            elif r < 0.52:
                node = self._node()
                kind = "decrease_key"
                if node is not None:
                    try:  # refused when the node left or went elsewhere
                        h.decrease_key(node, node.key - rng.random() * 10.0)
                    except ValueError:
                        kind = "decrease_key refused"
            elif r < 0.56:
                node = self._node()
                kind = "update_key"
                if node is not None:
                    try:
                        h.update_key(node, rng.random() * 1000.0)
                    except ValueError:
                        kind = "update_key refused"
            elif r < 0.64:
                node = self._node()
                kind = "remove"
                if node is not None:
                    try:
                        h.remove(node)
                    except ValueError:
                        kind = "remove refused"
            elif r < 0.80:
                kind = "extract"
                try:
                    h.extract()
                except IndexError:
                    kind = "extract empty"
            elif r < 0.94:
                kind = "pop"
                try:
                    h.pop()
                except IndexError:
                    kind = "pop empty"
            elif r < 0.96:
                # a pool heap is destroyed, elements and all, and replaced
                i = rng.randrange(POOL_SIZE)
                self.pool[i] = FiboHeap()
                kind = "create/destroy"
            elif r < 0.995:
                src = self.pool[rng.randrange(POOL_SIZE)]
                dst = self._heap()
                if dst is src:
                    kind = "merge self refused"
                elif len(dst) + len(src) > self._cap(dst):
                    src.clear()
                    kind = "clear"
                else:
                    dst.merge(src)
                    kind = "merge into main" if dst is self.main else "merge"
            else:
                h.clear()
                kind = "clear"
            counts[kind] = counts.get(kind, 0) + 1

    def check(self) -> None:
        self.main._check()
        for h in self.pool:
            h._check()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ops", type=int, default=2_400_000,
                        help="operations measured after the warm-up (default 2.4M)")
    parser.add_argument("--warmup", type=int, default=None,
                        help="operations before the first RSS sample (default ops/6; PyPy: 2/3)")
    parser.add_argument("--limit-mib", type=float, default=DEFAULT_LIMIT_MIB,
                        help=f"allowed RSS growth (default {DEFAULT_LIMIT_MIB} here)")
    parser.add_argument("--no-main", action="store_true",
                        help="no long-lived heap: every heap is a short-lived pool heap")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    default_warmup = args.ops * 2 // 3 if PYPY else args.ops // 6  # see the module
    warmup = args.warmup if args.warmup is not None else max(default_warmup, 10_000)

    impl = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"soak: {impl}, {args.ops:,} ops after {warmup:,} warm-up ops, "
          f"{'no long-lived heap' if args.no_main else 'with a long-lived main heap'}")
    soak = Soak(args.seed, with_main=not args.no_main)
    t0 = time.perf_counter()
    soak.run(warmup)
    soak.check()
    settle()
    base = rss_bytes()
    print(f"  after warm-up: RSS {base / 2**20:.1f} MiB")

    samples = 6
    done = 0
    t1 = time.perf_counter()
    for k in range(1, samples + 1):
        step = args.ops * k // samples - done
        soak.run(step)
        done += step
        settle()
        print(f"  {done:>10,} ops: RSS {rss_bytes() / 2**20:7.1f} MiB, "
              f"growth {(rss_bytes() - base) / 2**20:+7.2f} MiB")
    elapsed = time.perf_counter() - t1
    soak.check()
    settle()
    growth = (rss_bytes() - base) / 2**20
    sizes = [len(soak.main)] + [len(h) for h in soak.pool]
    print(f"  {done / elapsed:,.0f} ops/s ({time.perf_counter() - t0:.1f} s in all); "
          f"final sizes main={sizes[0]} pool={sizes[1:]}")
    print("  mix: " + ", ".join(f"{k} {v:,}" for k, v in sorted(soak.counts.items())))
    verdict = "ok" if growth <= args.limit_mib else "FAIL"
    print(f"RSS growth: {growth:.2f} MiB (limit {args.limit_mib} MiB): {verdict}")
    return 0 if growth <= args.limit_mib else 1


if __name__ == "__main__":
    sys.exit(main())
