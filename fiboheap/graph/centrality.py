"""Betweenness and closeness centrality on the compiled graph engine.

* :func:`betweenness_centrality` and :func:`edge_betweenness_centrality` -
  Brandes' algorithm, networkx's weighted version computed as networkx
  computes it (csrc/centrality.c), one search per source;
* :func:`closeness_centrality` - networkx's closeness, one Dijkstra per node.

They take every graph :mod:`fiboheap.graph` takes, read by its rules
(weights, labels, exact arithmetic), with networkx's parameters and results.
The sources are shared out among threads as
:meth:`~fiboheap.graph.CompactGraph.distance_matrix` shares them, each
thread adding into sums of its own; a KeyboardInterrupt (or any exception
in the calling thread) stops every thread (betweenness within a few
thousand settled nodes, closeness after its current source) and is raised
once they have all stopped.
"""

from __future__ import annotations

import heapq
import math
import random
import threading
from collections.abc import Mapping
from typing import Any, Callable, Optional

from fiboheap._binding import ffi, lib
from fiboheap.graph.compact import (
    CompactGraph,
    GraphLike,
    as_compact,
    position,
    positions,
    usable_cpus,
)
from fiboheap.graph.errors import bad_weight, raise_status, reraise
from fiboheap.graph.exact import ExactGraph
from fiboheap.graph.readers import (
    GraphNode,
    Weight,
    int_argument,
    result_numbers,
    weight_function,
)

__all__ = [
    "betweenness_centrality",
    "closeness_centrality",
    "edge_betweenness_centrality",
]


class _Unweighted:
    """The attribute name that ``weight=None`` reads: no edge has it, so
    every edge weighs 1 (networkx's unweighted centralities)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<no weight: every edge weighs 1>"


_UNWEIGHTED = _Unweighted()
# How often the calling thread wakes up to let a KeyboardInterrupt in while
# the threads run (seconds).
_WAKE = 0.05


def _read(graph: GraphLike, weight: Optional[Weight]) -> CompactGraph:
    """The CompactGraph of ``graph``, every edge weighing 1 if ``weight`` is
    None (a mapping's values are its weights whatever the name)."""
    if weight is None:
        is_nx = callable(getattr(graph, "is_directed", None)) and not isinstance(
            graph, CompactGraph
        )
        weight = _UNWEIGHTED if is_nx else (lambda u, v, w: 1)  # type: ignore[assignment]
    return as_compact(graph, weight)  # type: ignore[arg-type]


def _threads(threads: Optional[int], count: int) -> int:
    threads = usable_cpus() if threads is None else int_argument(threads, "threads")
    return max(1, min(threads, count))


def _batch(work: Callable[[Any], int], threads: int) -> list[int]:
    """Runs ``work(cursor)`` on ``threads`` threads sharing one source
    cursor and returns their statuses.  The calling thread only waits, a
    little at a time, so that a KeyboardInterrupt lands: then (or on any
    exception) the batch is stopped, the threads joined, and it is raised."""
    cursor = ffi.new("size_t *")
    statuses = [0] * threads

    def run(k: int) -> None:
        statuses[k] = work(cursor)

    workers = [threading.Thread(target=run, args=(k,), daemon=True) for k in range(threads)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            while worker.is_alive():
                worker.join(_WAKE)
    except BaseException:
        lib.fh_graph_stop(cursor)
        for worker in workers:
            if worker.ident is not None:
                worker.join()
        raise
    return statuses


def _check(g: CompactGraph, statuses: list[int], bads: list[Any]) -> None:
    """Raises the first thread's failure (a bad weight: the arc that thread
    met; which one depends on the threads' timing)."""
    for status, bad in zip(statuses, bads):
        if status not in (0, lib.FH_ESTOPPED):
            raise_status(status, bad, g.nodes, g.integral)


def _sources(g: CompactGraph, k: Optional[int], seed: Any, skip_all: bool) -> Optional[list[Any]]:
    """networkx's sources: None for every node, else ``seed.sample`` of the
    node list, k of them (``skip_all``: k == n means every node, drawing
    nothing, as networkx's betweenness_centrality does)."""
    if k is None or (skip_all and k == len(g)):
        return None
    drawn: list[Any] = _random_state(seed).sample(list(g.nodes), k)
    return drawn


def _random_state(seed: Any) -> Any:
    """networkx's ``py_random_state`` for the seeds that need no numpy: None
    (the random module's own generator), an int, or a ``random.Random``;
    anything with a ``sample`` method is used as is."""
    if seed is None or seed is random:
        return random._inst
    if isinstance(seed, random.Random) or callable(getattr(seed, "sample", None)):
        return seed
    if isinstance(seed, int):
        return random.Random(seed)
    raise ValueError(f"{seed!r} cannot be used to generate a random.Random instance")


# ---------------------------------------------------------------------------
# betweenness


class _Sums:
    """What Brandes' accumulation gave, before rescaling: per node position
    (``nodes``) and per arc (``arcs``: (tail, head) positions -> sum)."""

    def __init__(self, nodes: list[float], arcs: Optional[dict[tuple[int, int], float]]) -> None:
        self.nodes = nodes
        self.arcs = arcs


def _brandes(
    g: CompactGraph, sources: Optional[list[Any]], endpoints: bool, edges: bool,
    threads: Optional[int],
) -> _Sums:
    """Brandes' accumulation from ``sources`` (labels; None: every node)."""
    starts = list(range(len(g))) if sources is None else positions(g, sources, "source")
    exact = g.exact_graph
    if exact is not None:
        return _brandes_exact(exact, g.nodes, starts, endpoints, edges)
    n = len(g)
    graph = g.c_graph
    out = ffi.new("fh_graph **")
    status = lib.fh_graph_simple(graph, out)
    if status:
        raise_status(status, None, g.nodes, g.integral)
    simple = ffi.gc(out[0], lib.fh_graph_free) if out[0] != ffi.NULL else graph
    m = lib.fh_graph_arc_count(simple)
    count = len(starts)
    threads = _threads(threads, count)
    c_sources = ffi.new("uint32_t[]", starts)
    node_sums = [ffi.new("double[]", n) for _ in range(threads)]
    arc_sums = [ffi.new("double[]", m) if edges else ffi.NULL for _ in range(threads)]
    bads = [ffi.new("fh_graph_arc *") for _ in range(threads)]
    flags = lib.FH_BRANDES_ENDPOINTS if endpoints else 0
    claimed = iter(range(threads))

    def work(cursor: Any) -> int:
        k = next(claimed)  # each thread its own sums (next() holds the GIL)
        return int(lib.fh_graph_brandes(
            simple, c_sources, count, flags, node_sums[k], arc_sums[k], cursor, bads[k]
        ))

    _check(g, _batch(work, threads), bads)
    totals = ffi.unpack(node_sums[0], n)
    for more in node_sums[1:]:
        totals = [a + b for a, b in zip(totals, ffi.unpack(more, n))]
    if not edges:
        return _Sums(totals, None)
    tails = ffi.new("uint32_t[]", m)
    heads = ffi.new("uint32_t[]", m)
    lib.fh_graph_arcs(simple, tails, heads, ffi.NULL)
    arc_totals = ffi.unpack(arc_sums[0], m)
    for more in arc_sums[1:]:
        arc_totals = [a + b for a, b in zip(arc_totals, ffi.unpack(more, m))]
    return _Sums(totals, dict(zip(zip(ffi.unpack(tails, m), ffi.unpack(heads, m)), arc_totals)))


def _brandes_exact(
    exact: ExactGraph, nodes: Any, sources: list[int], endpoints: bool, edges: bool
) -> _Sums:
    """networkx's Brandes loops by position, for weights that need exact
    arithmetic (the C search's float sums could tie or part distances that
    networkx's exact sums do not): its heapq of (distance, counter)."""
    succ = []  # parallel arcs made one, the lightest at the first one's place
    for t, arcs in enumerate(exact.successors):
        lightest: dict[int, Any] = {}
        for h, w in arcs:
            try:
                if h not in lightest or w < lightest[h]:
                    lightest[h] = w
            except (TypeError, ArithmeticError) as exc:
                reraise(exc, nodes[t], nodes[h], w)
        succ.append(list(lightest.items()))
    n = len(succ)
    totals = [0.0] * n
    arc_totals: Optional[dict[tuple[int, int], float]] = None
    if edges:  # every arc, in stored order, as the C search's
        arc_totals = {(t, h): 0.0 for t, arcs in enumerate(succ) for h, _ in arcs}
    for s in sources:
        order, preds, sigma = [], [[] for _ in range(n)], [0.0] * n  # type: ignore[var-annotated]
        done: dict[int, Any] = {}
        seen: dict[int, Any] = {s: 0}
        sigma[s] = 1.0
        counter = 0
        queue: list[tuple[Any, int, int, int]] = [(0, 0, s, s)]
        v = u = w = None
        try:
            while queue:
                dist, _, pred, v = heapq.heappop(queue)
                if v in done:
                    continue
                sigma[v] += sigma[pred]
                order.append(v)
                done[v] = dist
                for u, w in succ[v]:
                    if not w >= 0:  # also true for NaN
                        bad_weight(nodes[v], nodes[u], w)
                    vw = dist + w
                    if u not in done and (u not in seen or vw < seen[u]):
                        seen[u] = vw
                        counter += 1
                        heapq.heappush(queue, (vw, counter, v, u))
                        sigma[u] = 0.0
                        preds[u] = [v]
                    elif vw == seen[u]:
                        sigma[u] += sigma[v]
                        preds[u].append(v)
        except (TypeError, ArithmeticError) as exc:
            reraise(exc, nodes[v], nodes[u], w)
        if endpoints:
            totals[s] += len(order) - 1
        delta = dict.fromkeys(order, 0.0)
        while order:
            x = order.pop()
            coeff = (1 + delta[x]) / sigma[x]
            for y in preds[x]:
                c = sigma[y] * coeff
                if arc_totals is not None:
                    arc_totals[y, x] += c
                delta[y] += c
            if x != s:
                totals[x] += delta[x] + 1 if endpoints else delta[x]
    return _Sums(totals, arc_totals)


def _rescale(
    values: dict[Any, float], n: int, normalized: bool, directed: bool, endpoints: bool,
    sampled: Optional[list[Any]],
) -> dict[Any, float]:
    """networkx's ``_rescale`` (networkx 3.5 and later)."""
    k = None if sampled is None else len(sampled)
    big_n = n if endpoints else n - 1
    if big_n < 2:
        return values
    k_source = big_n if k is None else k
    if k is None or endpoints:
        if normalized:
            scale = 1 / (k_source * (big_n - 1))
        else:
            scale = big_n / (k_source * (1 if directed else 2))
        if scale != 1:
            for v in values:
                values[v] *= scale
        return values
    if normalized:
        scale_source = 1 / ((k_source - 1) * (big_n - 1)) if k_source > 1 else math.nan
        scale_other = 1 / (k_source * (big_n - 1))
    else:
        correction = 1 if directed else 2
        scale_source = big_n / ((k_source - 1) * correction) if k_source > 1 else math.nan
        scale_other = big_n / (k_source * correction)
    chosen = set(sampled or ())
    for v in values:
        values[v] *= scale_source if v in chosen else scale_other
    return values


def betweenness_centrality(
    graph: GraphLike,
    k: Optional[int] = None,
    normalized: bool = True,
    weight: Optional[Weight] = "weight",
    endpoints: bool = False,
    seed: Any = None,
    *,
    threads: Optional[int] = None,
) -> dict[Any, float]:
    """networkx's ``betweenness_centrality``: for each node, the fraction of
    shortest paths between other nodes that pass through it (Brandes).

    The parameters are networkx's, in its order: ``k`` sources sampled as
    networkx samples them (``seed.sample(list(nodes), k)``, ``seed`` None,
    an int or a ``random.Random``), ``normalized``, ``endpoints``;
    ``weight`` is read as by :func:`fiboheap.graph.dijkstra` (default
    "weight": an edge without it weighs 1), ``None`` making every edge weigh
    1 (networkx's default, its breadth-first search).  The sources run on
    ``threads`` threads (default: the CPUs this process may use).

    Values agree with networkx's to the last bits of their sums (the path
    counts are networkx's to the bit; the order in which one node's
    dependencies add up may differ).  Raises ValueError if a weight examined
    is negative or NaN (networkx returns meaningless values for a negative
    one), if ``k`` exceeds the node count (``random.sample``'s error, as
    networkx), TypeError for a weight that is not a number."""
    g = _read(graph, weight)
    sampled = _sources(g, k, seed, True)
    sums = _brandes(g, sampled, endpoints, False, threads)
    values = dict(zip(g.nodes, sums.nodes))
    return _rescale(values, len(g), normalized, g.directed, endpoints, sampled)


def edge_betweenness_centrality(
    graph: GraphLike,
    k: Optional[int] = None,
    normalized: bool = True,
    weight: Optional[Weight] = "weight",
    seed: Any = None,
    *,
    threads: Optional[int] = None,
) -> dict[Any, float]:
    """networkx's ``edge_betweenness_centrality``: for each edge, the
    fraction of shortest paths that pass through it.  Parameters, errors and
    agreement as :func:`betweenness_centrality` (here ``k == n`` draws its
    sample too, as networkx does).

    The keys are the edges as networkx lists them, ``(u, v)`` (for an
    undirected graph: ``u`` the one first in the node order); a networkx
    multigraph gets ``(u, v, key)``, the pair's value shared among its
    lightest parallel edges (the others get 0.0), as networkx does."""
    g = _read(graph, weight)
    sampled = _sources(g, k, seed, False)
    sums = _brandes(g, sampled, False, True, threads)
    values = _edge_values(g, sums.arcs or {})
    values = _rescale(values, len(g), normalized, g.directed, True, sampled)
    is_multigraph = getattr(graph, "is_multigraph", None)
    if not isinstance(graph, CompactGraph) and callable(is_multigraph) and is_multigraph():
        return _edge_keys(graph, values, weight)
    return values


def _edge_values(g: CompactGraph, arcs: Mapping[tuple[int, int], float]) -> dict[Any, float]:
    """The arcs' sums by edge, in networkx's ``G.edges()`` order: arcs in
    stored order (the adjacency's), an undirected edge once, from the node
    first in the node order, summing both its arcs."""
    nodes = g.nodes
    values: dict[Any, float] = {}
    for (t, h), value in arcs.items():
        if not g.directed:
            if t > h:
                continue
            if t != h:
                value += arcs.get((h, t), 0.0)
        values[nodes[t], nodes[h]] = value
    return values


def _edge_keys(
    graph: Any, values: Mapping[Any, float], weight: Optional[Weight]
) -> dict[Any, float]:
    """networkx's ``_add_edge_keys``: a pair's value shared among its
    parallel edges of the lightest weight."""
    read = weight_function(_UNWEIGHTED if weight is None else weight, True)
    keyed = dict.fromkeys(graph.edges, 0.0)
    adj = graph.adj
    for u, v in values:
        keydict = adj[u][v]
        lightest = read(u, v, keydict)
        keys = [key for key in keydict if read(u, v, {key: keydict[key]}) == lightest]
        share = values[u, v] / len(keys)
        for key in keys:
            keyed[u, v, key] = share
    return keyed


# ---------------------------------------------------------------------------
# closeness


def closeness_centrality(
    graph: GraphLike,
    u: Optional[GraphNode] = None,
    distance: Optional[Weight] = "weight",
    wf_improved: bool = True,
    *,
    threads: Optional[int] = None,
) -> Any:
    """networkx's ``closeness_centrality``: for each node (only ``u`` if
    given: then its value alone), the number of other nodes that reach it
    over the sum of their distances to it (incoming distances, for a
    directed graph, as networkx), scaled by the fraction of the graph that
    reaches it if ``wf_improved``.  ``distance`` is the weight, read as by
    :func:`fiboheap.graph.dijkstra` (None: every edge weighs 1).  Raises
    KeyError if ``u`` is not in the graph; ValueError for a negative or NaN
    weight examined, TypeError for one that is not a number."""
    g = _read(graph, distance)
    starts = list(range(len(g))) if u is None else [position(g, u, "u")]
    sums, reached = _closeness_sums(g, starts, threads)
    n = len(g)
    values = []
    for total, r in zip(sums, reached):
        value = 0.0
        if total > 0.0 and n > 1:
            value = (r - 1.0) / total
            if wf_improved:
                value *= (r - 1.0) / (n - 1)
        values.append(value)
    if u is not None:
        return values[0]
    return dict(zip(g.nodes, values))


def _closeness_sums(
    g: CompactGraph, starts: list[int], threads: Optional[int]
) -> tuple[list[Any], list[int]]:
    """For each position of ``starts``, the sum of the distances from every
    node that reaches it (to it, on a directed graph) and how many do,
    itself included."""
    exact = g.exact_graph
    if exact is not None:
        return _closeness_exact(exact, g.directed, g.nodes, starts)
    graph = g.c_graph
    if g.directed:
        out = ffi.new("fh_graph **")
        status = lib.fh_graph_reverse(graph, out)
        if status:
            raise_status(status, None, g.nodes, g.integral)
        graph = ffi.gc(out[0], lib.fh_graph_free)
    count = len(starts)
    threads = _threads(threads, count)
    c_sources = ffi.new("uint32_t[]", starts)
    sums = ffi.new("double[]", count)
    reached = ffi.new("size_t[]", count)
    bads = [ffi.new("fh_graph_arc *") for _ in range(threads)]
    claimed = iter(range(threads))

    def work(cursor: Any) -> int:
        k = next(claimed)
        return int(lib.fh_graph_closeness(graph, c_sources, count, sums, reached, cursor, bads[k]))

    statuses = _batch(work, threads)
    if g.directed:  # the arcs were reversed: name the edge as given
        for bad in bads:
            bad.tail, bad.head = bad.head, bad.tail
    _check(g, statuses, bads)
    totals = list(result_numbers(g.integral, ffi.unpack(sums, count)))
    return totals, ffi.unpack(reached, count)


def _closeness_exact(
    exact: ExactGraph, directed: bool, nodes: Any, starts: list[int]
) -> tuple[list[Any], list[int]]:
    """:func:`_closeness_sums` for weights that need exact arithmetic: the
    exact engine's Dijkstra, on the arcs reversed for a directed graph."""
    if directed:
        succ = exact.successors
        tails = [t for t, arcs in enumerate(succ) for _ in arcs]
        heads = [h for arcs in succ for h, _ in arcs]
        exact = ExactGraph(len(succ), heads, tails, list(exact.weights()))
    sums: list[Any] = []
    reached: list[int] = []
    for p in starts:
        dist, _pred = exact.dijkstra([p], -1, None, nodes)
        total: Any = 0
        for d in dist.values():
            total += d
        sums.append(total)
        reached.append(len(dist))
    return sums, reached
