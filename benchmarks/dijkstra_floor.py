"""How much of the Dijkstra decrease-key loop is the heap's: its floor.

Runs the benchmark's textbook loop (fhbench/dijkstra.py) on the benchmark's
graphs three ways, side by side, median of several rounds:

  fiboheap   the loop with a FiboHeap;
  loop alone the same loop with a stand-in that makes the same calls (insert,
             decrease_key, extract, bool) but does no heap work: extract
             replays the order fiboheap settled the vertices in;
  heapdict   the loop with heapdict, the peer of the 0.33x target.

"fiboheap - loop alone" is what the heap costs in that loop; a heap that
meets "at most 0.33x heapdict" must cost no more than 0.33 x heapdict minus
the loop alone. The script prints both.

Run:  python benchmarks/dijkstra_floor.py [--rounds 7]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
from functools import partial
from typing import Any, Callable

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import heapdict

from fhbench import dijkstra as loops
from fhbench import timing
from fiboheap import FiboHeap


class SettleRecorder:
    """A FiboHeap that appends each vertex extract settles to `order`."""

    def __init__(self, order: list[int]) -> None:
        self.heap: FiboHeap[int] = FiboHeap()
        self.order = order

    def insert(self, key: float, vertex: int) -> Any:
        return self.heap.insert(key, vertex)

    def decrease_key(self, node: Any, key: float) -> None:
        self.heap.decrease_key(node, key)

    def extract(self) -> int:
        vertex = self.heap.extract()
        self.order.append(vertex)
        return vertex

    def __bool__(self) -> bool:
        return bool(self.heap)


def replay_heap(order: list[int]) -> Callable[[], Any]:
    """A heap stand-in whose extract returns `order`, one vertex per call."""

    class Replay:
        __slots__ = ("_next", "_left")

        def __init__(self) -> None:
            self._next = iter(order).__next__
            self._left = len(order)

        def insert(self, key: float, vertex: int) -> int:
            return vertex

        def decrease_key(self, node: Any, key: float) -> None:
            pass

        def extract(self) -> int:
            self._left -= 1
            return self._next()

        def __bool__(self) -> bool:
            return self._left > 0

    return Replay


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    print("graph | fiboheap | loop alone | heap's part | heapdict | "
          "heap's part allowed by 0.33x heapdict")
    for label, spec in loops.GRAPHS_FULL:
        n, edges = loops.build_graph(spec)
        adj = loops.adjacency(n, edges)
        order: list[int] = []
        loops.dijkstra_fiboheap(partial(SettleRecorder, order), adj, 0)
        contenders = {
            "fiboheap": partial(loops.dijkstra_fiboheap, FiboHeap, adj, 0),
            "loop alone": partial(loops.dijkstra_fiboheap, replay_heap(order), adj, 0),
            "heapdict": partial(loops.dijkstra_heapdict, heapdict.heapdict, adj, 0),
        }
        if contenders["loop alone"]() != contenders["fiboheap"]():
            raise SystemExit(f"{label}: the replay does not reproduce fiboheap's result")
        times: dict[str, list[float]] = {name: [] for name in contenders}
        for r in range(args.rounds):
            names = list(contenders)
            for name in names[r % 3:] + names[:r % 3]:
                times[name].append(timing.timed(contenders[name]))
        ms = {name: statistics.median(t) * 1e3 for name, t in times.items()}
        print(f"{label} | {ms['fiboheap']:.1f} ms | {ms['loop alone']:.1f} ms | "
              f"{ms['fiboheap'] - ms['loop alone']:.1f} ms | {ms['heapdict']:.1f} ms | "
              f"{0.33 * ms['heapdict'] - ms['loop alone']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
