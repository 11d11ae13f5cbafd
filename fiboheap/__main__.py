"""``python -m fiboheap``: run Dijkstra and Prim on a road network.

By default the network is a generated grid of ``--size`` x ``--size``
crossroads joined by two-way roads of random length (seeded with ``--seed``,
with a few roads missing); give a file of weighted edges instead (one
``u v w`` per line) to use your own.  Prints a summary of the distances from
the source, the shortest path to the far corner (or to ``--target``), the
weight of the minimum spanning forest, and how long each step took, beside
networkx's time for the same step when networkx is installed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any, Callable, Optional

from fiboheap import __version__
from fiboheap.graph import NoPathError, dijkstra, prim, shortest_path

Adjacency = dict[Any, dict[Any, float]]


def grid_roads(size: int, seed: int, missing: float = 0.05) -> tuple[Adjacency, int]:
    """A ``size`` x ``size`` grid of crossroads ``(row, col)`` joined by
    two-way roads to their right and lower neighbours, of random length in
    [1, 10) (rounded to 0.01), a fraction ``missing`` of them left out (never
    those of the first row or last column, so the grid stays connected).
    Returns the symmetric dict of dicts and the number of roads."""
    rng = random.Random(seed)
    uniform = rng.uniform
    rand = rng.random
    adj: Adjacency = {(r, c): {} for r in range(size) for c in range(size)}
    roads = 0
    for r in range(size):
        for c in range(size):
            here = adj[(r, c)]
            for there in ((r, c + 1), (r + 1, c)):
                if there[0] >= size or there[1] >= size:
                    continue
                keep_always = r == 0 or c == size - 1
                if not keep_always and rand() < missing:
                    continue
                w = round(uniform(1.0, 10.0), 2)
                here[there] = w
                adj[there][(r, c)] = w
                roads += 1
    return adj, roads


def _node_name(token: str) -> Any:
    try:
        return int(token)
    except ValueError:
        return token


def read_edges(path: str, directed: bool) -> tuple[Adjacency, int, list[Any]]:
    """Read ``u v w`` lines (blank lines and ``#`` comments skipped; integer
    node names become ints).  Returns the dict of dicts (both directions
    unless ``directed``), the number of edges and the nodes in file order."""
    adj: Adjacency = {}
    order: list[Any] = []
    edges = 0
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            text = line.split("#", 1)[0].strip()
            if not text:
                continue
            parts = text.split()
            if len(parts) != 3:
                raise ValueError(f"{path}:{number}: expected 'u v w', got {line.strip()!r}")
            u, v = _node_name(parts[0]), _node_name(parts[1])
            try:
                w = float(parts[2])
            except ValueError:
                raise ValueError(f"{path}:{number}: weight {parts[2]!r} is not a number") from None
            for node in (u, v):
                if node not in adj:
                    adj[node] = {}
                    order.append(node)
            adj[u][v] = w
            if not directed:
                adj[v][u] = w
            edges += 1
    if not adj:
        raise ValueError(f"{path}: no edges")
    return adj, edges, order


def _undirected_min(adj: Adjacency) -> Adjacency:
    """The undirected graph of one-way edges: each pair of nodes joined either
    way gets the lighter of the two weights (what Prim runs on)."""
    und: Adjacency = {u: {} for u in adj}
    for u, nbrs in adj.items():
        for v, w in nbrs.items():
            if u == v:
                continue
            old = und[u].get(v)
            if old is None or w < old:
                und[u][v] = und[v][u] = w
    return und


def _timed(function: Callable[[], Any], repeat: int) -> tuple[Any, float]:
    """The result of ``function()`` and its median time over ``repeat`` runs."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def _networkx() -> Optional[Any]:
    try:
        import networkx
    except ImportError:
        return None
    return networkx


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m fiboheap",
        description=(
            "Run fiboheap's Dijkstra and Prim on a generated grid road network "
            "(or on a file of weighted edges) and time them beside networkx."
        ),
    )
    parser.add_argument(
        "edges",
        nargs="?",
        metavar="FILE",
        help="a file of weighted edges, one 'u v w' per line ('#' starts a comment); "
        "default: a generated grid road network",
    )
    parser.add_argument(
        "--size", type=int, default=100, help="side of the generated grid (default: 100)"
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="seed of the generated grid (default: 1)"
    )
    parser.add_argument(
        "--directed",
        action="store_true",
        help="read FILE's edges as one-way (Dijkstra follows them u -> v; Prim "
        "still treats them as undirected)",
    )
    parser.add_argument("--source", help="source node (default: the first node)")
    parser.add_argument(
        "--target", help="target of the path (default: the far corner, or the farthest node)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per timing, the median is shown (default: 3)"
    )
    parser.add_argument(
        "--no-networkx", action="store_true", help="do not time networkx even if installed"
    )
    parser.add_argument("--version", action="version", version=f"fiboheap {__version__}")
    return parser


def _pick(adj: Adjacency, text: Optional[str], default: Any, what: str) -> Any:
    if text is None:
        return default
    for candidate in (_node_name(text), text):
        if candidate in adj:
            return candidate
    if text.startswith("(") and text.endswith(")"):  # a grid crossroads "(r, c)"
        try:
            node = tuple(int(part) for part in text[1:-1].split(","))
        except ValueError:
            node = None
        if node in adj:
            return node
    raise SystemExit(f"python -m fiboheap: {what} {text!r} is not in the graph")


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of ``python -m fiboheap``; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.repeat < 1:
        raise SystemExit("python -m fiboheap: --repeat must be at least 1")
    if args.edges is None:
        if args.size < 1:
            raise SystemExit("python -m fiboheap: --size must be at least 1")
        adj, edges = grid_roads(args.size, args.seed)
        corner: Any = (args.size - 1, args.size - 1)
        first: Any = (0, 0)
        print(
            f"graph: grid road network {args.size} x {args.size} (seed {args.seed}): "
            f"{len(adj)} crossroads, {edges} two-way roads"
        )
    else:
        try:
            adj, edges, order = read_edges(args.edges, args.directed)
        except (OSError, ValueError) as exc:
            print(f"python -m fiboheap: {exc}", file=sys.stderr)
            return 2
        corner = None
        first = order[0]
        kind = "one-way" if args.directed else "two-way"
        print(f"graph: {args.edges}: {len(adj)} nodes, {edges} {kind} edges")

    source = _pick(adj, args.source, first, "source")

    (dist, _pred), t_dijkstra = _timed(lambda: dijkstra(adj, source), args.repeat)
    values = list(dist.values())
    print(
        f"dijkstra from {source!r}: reached {len(dist)} of {len(adj)} nodes; "
        f"distance median {statistics.median(values):.2f}, max {max(values):.2f}"
    )

    if corner is None:
        corner = max(dist, key=dist.__getitem__)  # the farthest reached node
    target = _pick(adj, args.target, corner, "target")
    try:
        (length, path), t_path = _timed(lambda: shortest_path(adj, source, target), args.repeat)
        print(f"shortest path to {target!r}: length {length:.2f}, {len(path) - 1} edges")
    except NoPathError as exc:
        length, t_path = None, None
        print(f"shortest path: {exc}")

    prim_graph = _undirected_min(adj) if args.directed else adj
    (total, tree), t_prim = _timed(lambda: prim(prim_graph, source), args.repeat)
    components = len(adj) - len(tree)
    print(
        f"prim: minimum spanning forest of {len(tree)} edges, {components} "
        f"component{'s' if components != 1 else ''}, total weight {total:.2f}"
    )

    nx = None if args.no_networkx else _networkx()
    nx_times: dict[str, Optional[float]] = {"dijkstra": None, "shortest path": None, "prim": None}
    if nx is not None:
        G = nx.DiGraph() if args.directed else nx.Graph()
        G.add_nodes_from(adj)
        G.add_weighted_edges_from((u, v, w) for u, nbrs in adj.items() for v, w in nbrs.items())
        nx_dist, nx_times["dijkstra"] = _timed(
            lambda: nx.single_source_dijkstra(G, source)[0], args.repeat
        )
        if length is not None:
            _, nx_times["shortest path"] = _timed(
                lambda: nx.dijkstra_path(G, source, target), args.repeat
            )
        H = nx.Graph()
        H.add_nodes_from(prim_graph)
        H.add_weighted_edges_from(
            (u, v, w) for u, nbrs in prim_graph.items() for v, w in nbrs.items()
        )
        nx_tree, nx_times["prim"] = _timed(
            lambda: list(nx.minimum_spanning_edges(H, algorithm="prim", data=True)),
            args.repeat,
        )
        nx_total = sum(d.get("weight", 1) for _, _, d in nx_tree)
        same = len(nx_dist) == len(dist) and all(
            abs(nx_dist[v] - d) <= 1e-9 * max(1.0, abs(d)) for v, d in dist.items()
        )
        same = same and abs(nx_total - total) <= 1e-9 * max(1.0, abs(total))
        print(f"networkx {nx.__version__} agrees: {'yes' if same else 'NO'}")

    timings: list[Optional[tuple[str, float, Optional[float]]]] = [
        ("dijkstra", t_dijkstra, nx_times["dijkstra"]),
        ("shortest path", t_path, nx_times["shortest path"]) if t_path is not None else None,
        ("prim", t_prim, nx_times["prim"]),
    ]
    print()
    title = f"time (median of {args.repeat})"
    if nx is None:
        reason = "--no-networkx" if args.no_networkx else "networkx is not installed"
        print(f"{title:<24}{'fiboheap':>10}   ({reason}: no comparison)")
    else:
        print(f"{title:<24}{'fiboheap':>10}{'networkx':>10}{'ratio':>8}")
    for row in timings:
        if row is None:
            continue
        name, ours, theirs = row
        line = f"{name:<24}{ours * 1e3:>8.1f}ms"
        if theirs is not None:
            line += f"{theirs * 1e3:>8.1f}ms{ours / theirs:>8.2f}"
        print(line)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # e.g. piped into head: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
