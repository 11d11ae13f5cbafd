"""All-pairs Dijkstra on star graphs: the classic trap for fake Fibonacci heaps.

A star has one centre joined to n - 1 leaves.  From a leaf, Dijkstra settles
the centre, which then puts all n - 2 other leaves into the heap at once, and
extracts them one by one.  A real Fibonacci heap consolidates its root list on
the first extract and pays O(log n) per extract after that, so one source
costs O(n log n) and the column "per source / n" stays (nearly) flat as n
grows.  A heap that skips consolidation (SciPy's old "Fibonacci heap" did)
rescans the whole root list on every extract: O(n^2) per source, and that
column grows linearly with n.

Run:  python benchmarks/star_graph.py [--sizes 250 500 1000 2000] [--networkx]
"""

from __future__ import annotations

import argparse
import importlib
import random
import sys
import time
from collections.abc import Sequence
from functools import partial
from typing import Any, Callable, Optional

from fiboheap.graph import dijkstra


def star(n: int, seed: int = 0) -> dict[int, dict[int, float]]:
    """A star of n nodes (centre 0), two-way edges of random weight in [1, 2)."""
    rng = random.Random(seed)
    adj: dict[int, dict[int, float]] = {v: {} for v in range(n)}
    for leaf in range(1, n):
        w = 1.0 + rng.random()
        adj[0][leaf] = adj[leaf][0] = w
    return adj


def all_pairs(run: Callable[[Any], Any], nodes: Sequence[int]) -> float:
    """Seconds to run ``run(source)`` from every node."""
    start = time.perf_counter()
    for source in nodes:
        run(source)
    return time.perf_counter() - start


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Print, per size, the all-pairs time, the time per source and the time
    per source divided by n (flat for a real Fibonacci heap)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000], help="star sizes n"
    )
    parser.add_argument("--networkx", action="store_true", help="also time networkx (if installed)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    nx: Any = None
    if args.networkx:
        try:
            nx = importlib.import_module("networkx")
        except ImportError:
            print("networkx is not installed: no comparison")

    header = f"{'n':>7} {'all pairs':>11} {'per source':>12} {'per source / n':>15}"
    if nx is not None:
        header += f" {'networkx / n':>14}"
    print(header)
    rows: list[float] = []
    for n in args.sizes:
        adj = star(n, args.seed)
        nodes = list(adj)
        total = all_pairs(partial(dijkstra, adj), nodes)
        per_source = total / n
        rows.append(per_source / n)
        line = f"{n:>7} {total:>10.3f}s {per_source * 1e6:>10.1f}us {per_source / n * 1e9:>13.1f}ns"
        if nx is not None:
            G = nx.Graph()
            G.add_weighted_edges_from((u, v, w) for u, nbrs in adj.items() for v, w in nbrs.items())
            nx_total = all_pairs(partial(nx.single_source_dijkstra_path_length, G), nodes)
            line += f" {nx_total / n / n * 1e9:>12.1f}ns"
        print(line, flush=True)
    if len(rows) > 1:
        growth = rows[-1] / rows[0]
        span = args.sizes[-1] / args.sizes[0]
        print(
            f"per source / n grew {growth:.2f}x while n grew {span:g}x "
            f"(flat, ~1x plus a log factor: near-linear per source; ~{span:g}x: quadratic)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
