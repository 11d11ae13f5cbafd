"""``python -m fiboheap``: Dijkstra and Prim on a road network.

By default the network is a generated grid of ``--size`` x ``--size``
crossroads ``(row, col)`` joined by two-way roads of random length (seeded
with ``--seed``, a few roads missing); give a file of weighted edges instead
(one ``u v w`` per line, ``w >= 0``) to use your own. Prints the distances
from the source, the shortest path to the far corner (or to ``--target``),
the weight of the minimum spanning forest and each step's time, then, when
networkx is installed, whether it finds the same. Timings against networkx
are in benchmarks/ (``python benchmarks/run.py --sections graph``).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any, Callable, Optional

from fiboheap import __version__
from fiboheap.graph import CompactGraph, NoPathError, dijkstra, prim, shortest_path

Adjacency = dict[Any, dict[Any, float]]

# The demo builds its grid as Python dicts (and networkx its own copy): a
# side of 500, the cross-check included, stays near a GiB on either
# interpreter; larger graphs belong in a file.
MAX_SIZE = 500
# An edge is three short tokens: a longer line is not an edge file (a
# device such as /dev/zero would otherwise be read as one endless line).
MAX_LINE = 4096


class BadInput(Exception):
    """A wrong argument or edge file: one line on stderr, exit status 2."""


def grid_roads(size: int, seed: int, missing: float = 0.05) -> tuple[Adjacency, int]:
    """A ``size`` x ``size`` grid of crossroads ``(row, col)`` joined by
    two-way roads to their right and lower neighbours, of random length in
    [1, 10) (rounded to 0.01), a fraction ``missing`` of them left out (never
    those of the first row or last column, so the grid stays connected).
    Returns the symmetric dict of dicts and the number of roads."""
    rng = random.Random(seed)
    adj: Adjacency = {(r, c): {} for r in range(size) for c in range(size)}
    roads = 0
    for r in range(size):
        for c in range(size):
            for there in ((r, c + 1), (r + 1, c)):
                if there not in adj:
                    continue
                keep_always = r == 0 or c == size - 1
                if not keep_always and rng.random() < missing:
                    continue
                adj[(r, c)][there] = adj[there][(r, c)] = round(rng.uniform(1.0, 10.0), 2)
                roads += 1
    return adj, roads


def _node_name(token: str) -> Any:
    try:
        return int(token)
    except ValueError:
        return token


def read_edges(path: str, directed: bool) -> tuple[Adjacency, int, list[Any]]:
    """Read ``u v w`` lines (blank lines and ``#`` comments skipped; integer
    node names become ints; ``w`` a number >= 0, ``inf`` allowed). Returns
    the dict of dicts (both directions unless ``directed``), the number of
    edges and the nodes in file order. Raises BadInput naming the line."""
    adj: Adjacency = {}
    order: list[Any] = []
    edges = 0
    try:
        with open(path, encoding="utf-8") as lines:
            bounded = iter(lambda: lines.readline(MAX_LINE + 1), "")
            for number, line in enumerate(bounded, 1):
                if len(line) > MAX_LINE:
                    raise BadInput(f"{path}:{number}: line longer than {MAX_LINE} characters; "
                                   "expected 'u v w'")
                parts = line.split("#", 1)[0].split()
                if not parts:
                    continue
                if len(parts) != 3:
                    raise BadInput(f"{path}:{number}: expected 'u v w', got {line.strip()!r}")
                try:
                    w = float(parts[2])
                except ValueError:
                    w = math.nan
                if not w >= 0:  # also refuses NaN
                    raise BadInput(f"{path}:{number}: weight {parts[2]!r} is not a number >= 0")
                u, v = _node_name(parts[0]), _node_name(parts[1])
                for node in (u, v):
                    if node not in adj:
                        adj[node] = {}
                        order.append(node)
                adj[u][v] = w
                if not directed:
                    adj[v][u] = w
                edges += 1
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: {exc}") from None
    if not adj:
        raise BadInput(f"{path}: no edges")
    return adj, edges, order


def _edges(adj: Adjacency) -> list[tuple[Any, Any, float]]:
    """Every edge ``(u, v, w)`` of ``adj``, in its order."""
    return [(u, v, w) for u, nbrs in adj.items() for v, w in nbrs.items()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m fiboheap",
        description="Run fiboheap's Dijkstra and Prim on a generated grid road network "
        "(or on a file of weighted edges).",
    )
    parser.add_argument(
        "edges", nargs="?", metavar="FILE",
        help="a file of weighted edges, one 'u v w' per line ('#' starts a comment); "
        "default: a generated grid road network",
    )
    parser.add_argument(
        "--size", type=int, default=100,
        help=f"grid side, from 1 to {MAX_SIZE} (default: 100)",
    )
    parser.add_argument("--seed", type=int, default=1, help="grid seed (default: 1)")
    parser.add_argument(
        "--directed", action="store_true",
        help="FILE's edges are one-way (Prim still treats them as undirected)",
    )
    parser.add_argument("--source", help="source node (default: the first node)")
    parser.add_argument("--target", help="target of the path (default: the farthest node)")
    parser.add_argument(
        "--no-networkx", action="store_true", help="do not check the results with networkx"
    )
    parser.add_argument("--version", action="version", version=f"fiboheap {__version__}")
    return parser


def _pick(adj: Adjacency, text: Optional[str], default: Any, what: str, form: str) -> Any:
    """The node named ``text`` (``default`` if None); ``form`` says what a
    node looks like, for the error."""
    if text is None:
        return default
    if text in adj:
        return text
    name = _node_name(text)
    if name in adj:
        return name
    try:  # a grid crossroads: "(r, c)" or "r,c"
        crossroads = tuple(int(part) for part in text.strip("()").split(","))
    except ValueError:
        crossroads = None
    if crossroads in adj:
        return crossroads
    raise BadInput(f"--{what} {text!r} is not in the graph: {form}")


def _timed(function: Callable[[], Any]) -> tuple[Any, str]:
    start = time.perf_counter()
    result = function()
    return result, f"({(time.perf_counter() - start) * 1e3:.1f} ms)"


def _same(a: float, b: float) -> bool:
    """Equal up to float rounding; equal infinities are equal."""
    return a == b or math.isclose(a, b, rel_tol=1e-9)


def _networkx_agrees(
    adj: Adjacency, directed: bool, source: Any, dist: dict[Any, float], forest: float
) -> Optional[str]:
    """'yes' or 'NO' for networkx's distances and minimum spanning forest
    weight against ours; None when networkx is not installed."""
    try:
        import networkx as nx
    except ImportError:
        return None
    def nx_graph(graph: Any) -> Any:
        graph.add_nodes_from(adj)
        graph.add_weighted_edges_from(_edges(adj))
        return graph

    graph = nx_graph(nx.DiGraph() if directed else nx.Graph())
    theirs = nx.single_source_dijkstra_path_length(graph, source)
    # One-way edges as parallel undirected ones, as prim reads them below.
    undirected = nx_graph(nx.MultiGraph()) if directed else graph
    tree = nx.minimum_spanning_edges(undirected, algorithm="prim", keys=False, data=True)
    same = theirs.keys() == dist.keys() and all(_same(theirs[v], d) for v, d in dist.items())
    same = same and _same(sum(d["weight"] for _, _, d in tree), forest)
    return f"networkx {nx.__version__} agrees: {'yes' if same else 'NO'}"


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of ``python -m fiboheap``; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except BadInput as exc:
        print(f"python -m fiboheap: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    if args.edges is None:
        if not 1 <= args.size <= MAX_SIZE:
            raise BadInput(f"--size must be from 1 to {MAX_SIZE}, got {args.size} "
                           "(for a larger graph, give a file of edges)")
        adj, edges = grid_roads(args.size, args.seed)
        first: Any = (0, 0)
        corner: Any = (args.size - 1, args.size - 1)
        form = f"a grid node is '(row, col)', each from 0 to {args.size - 1}, e.g. '(0, 0)'"
        print(f"graph: grid road network {args.size} x {args.size} (seed {args.seed}): "
              f"{len(adj)} crossroads, {edges} two-way roads")
    else:
        adj, edges, order = read_edges(args.edges, args.directed)
        first, corner = order[0], None
        form = f"a node is a name from {args.edges}, e.g. {str(first)!r}"
        kind = "one-way" if args.directed else "two-way"
        print(f"graph: {args.edges}: {len(adj)} nodes, {edges} {kind} edges")
    source = _pick(adj, args.source, first, "source", form)

    (dist, _), took = _timed(lambda: dijkstra(adj, source))
    print(f"dijkstra from {source!r}: reached {len(dist)} of {len(adj)} nodes; distance "
          f"median {statistics.median(dist.values()):.2f}, max {max(dist.values()):.2f} {took}")

    default_target = corner if corner is not None else max(dist, key=dist.__getitem__)
    target = _pick(adj, args.target, default_target, "target", form)
    try:
        (length, path), took = _timed(lambda: shortest_path(adj, source, target))
        print(f"shortest path to {target!r}: length {length:.2f}, {len(path) - 1} edges {took}")
    except NoPathError as exc:
        print(f"shortest path: {exc}")

    # One-way edges are read as undirected ones (each pair of nodes joined
    # either way or both: the lighter edge counts).
    prim_graph = CompactGraph(_edges(adj), directed=False) if args.directed else adj
    (total, tree), took = _timed(lambda: prim(prim_graph, source))
    components = len(adj) - len(tree)
    print(f"prim: minimum spanning forest of {len(tree)} edges, {components} "
          f"component{'s' if components != 1 else ''}, total weight {total:.2f} {took}")

    if not args.no_networkx:
        print(_networkx_agrees(adj, args.directed, source, dist, total)
              or "networkx is not installed: no cross-check")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # e.g. piped into head: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
