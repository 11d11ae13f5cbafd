"""Sections 2 and 3: Dijkstra with decrease-key, and fiboheap.graph.dijkstra.

Graphs (seeded, same for everyone):
  random digraph: N nodes, M distinct directed edges u != v, weights
                  uniform in [1, 100) (random.Random(seed));
  grid:           W x W cells, an edge each way between 4-neighbours,
                  each with its own random weight in [1, 100).
Section 2 runs the same textbook loop (insert on discovery, decrease-key on
an improvement, extract-min) over plain adjacency lists with each heap, and
the heapdict loop (hd[v] = d, popitem) with fiboheap.PriorityDict too, whose
rows compare it with heapdict and pqdict running that loop, and with no heap
at all (the pops replayed): what the loop alone costs, the floor of any heap.
Section 3 runs fiboheap.graph.dijkstra and networkx on one nx.DiGraph.
"""
import functools
import heapq
import math
import random
import sys

from . import timing

INF = float("inf")
# Issue 14's target for PriorityDict in the heapdict loop, on CPython.
PRIORITY_DICT_TARGET = 0.33


def random_digraph(n, m, seed):
    rnd = random.Random(seed)
    ri = rnd.randrange
    seen = set()
    edges = []
    while len(edges) < m:
        u = ri(n)
        v = ri(n)
        if u == v or (u, v) in seen:
            continue
        seen.add((u, v))
        edges.append((u, v, rnd.uniform(1.0, 100.0)))
    return n, edges


def grid_graph(w, seed):
    rnd = random.Random(seed)
    edges = []
    for r in range(w):
        for c in range(w):
            u = r * w + c
            if c + 1 < w:
                edges.append((u, u + 1, rnd.uniform(1.0, 100.0)))
                edges.append((u + 1, u, rnd.uniform(1.0, 100.0)))
            if r + 1 < w:
                edges.append((u, u + w, rnd.uniform(1.0, 100.0)))
                edges.append((u + w, u, rnd.uniform(1.0, 100.0)))
    return w * w, edges


def adjacency(n, edges):
    adj = [[] for _ in range(n)]
    for u, v, w in edges:
        adj[u].append((v, w))
    return adj


# ---------------------------------------------------------------- section 2

def dijkstra_fiboheap(FiboHeap, adj, source):
    n = len(adj)
    dist = [INF] * n
    pred = [-1] * n
    nodes = [None] * n
    h = FiboHeap()
    dist[source] = 0.0
    nodes[source] = h.insert(0.0, source)
    insert = h.insert
    decrease = h.decrease_key
    extract = h.extract
    while h:
        u = extract()
        du = dist[u]
        for v, w in adj[u]:
            nd = du + w
            if nd < dist[v]:
                dist[v] = nd
                pred[v] = u
                node = nodes[v]
                if node is None:
                    nodes[v] = insert(nd, v)
                else:
                    decrease(node, nd)
    return dist, pred


def dijkstra_heapdict(heapdict_cls, adj, source):
    n = len(adj)
    dist = [INF] * n
    pred = [-1] * n
    hd = heapdict_cls()
    dist[source] = 0.0
    hd[source] = 0.0
    popitem = hd.popitem
    while hd:
        u, du = popitem()
        for v, w in adj[u]:
            nd = du + w
            if nd < dist[v]:
                dist[v] = nd
                pred[v] = u
                hd[v] = nd          # insert, or decrease-key
    return dist, pred


class ReplayedPops(dict):
    """No heap at all, for the heapdict loop: popitem gives back pops that a
    real heap made (recorded_pops), hd[v] = d is a plain dict store. What
    the loop around the heap costs: the floor of any heap in that loop."""

    def __init__(self, pops):
        super().__init__()
        self._pops = iter(pops)
        self._left = len(pops)

    def __len__(self):
        return self._left

    def popitem(self):
        self._left -= 1
        return next(self._pops)


def recorded_pops(heapdict_cls, adj, source):
    """The (node, distance) pairs the heapdict loop pops, in order."""
    pops = []

    class Recording(heapdict_cls):
        def popitem(self):
            pops.append(super().popitem())
            return pops[-1]

    dijkstra_heapdict(Recording, adj, source)
    return pops


def dijkstra_pqdict(pqdict_cls, adj, source):
    n = len(adj)
    dist = [INF] * n
    pred = [-1] * n
    pq = pqdict_cls()
    dist[source] = 0.0
    pq[source] = 0.0
    popitem = pq.popitem
    while pq:
        u, du = popitem()
        for v, w in adj[u]:
            nd = du + w
            if nd < dist[v]:
                dist[v] = nd
                pred[v] = u
                pq[v] = nd          # additem, or updateitem (decrease-key)
    return dist, pred


def dijkstra_heapq_lazy(adj, source):
    n = len(adj)
    dist = [INF] * n
    pred = [-1] * n
    done = [False] * n
    dist[source] = 0.0
    heap = [(0.0, source)]
    push = heapq.heappush
    pop = heapq.heappop
    while heap:
        du, u = pop(heap)
        if done[u]:
            continue                # stale entry (lazy deletion)
        done[u] = True
        for v, w in adj[u]:
            nd = du + w
            if nd < dist[v]:
                dist[v] = nd
                pred[v] = u
                push(heap, (nd, v))
    return dist, pred


def same_distances(a, b):
    """None if equal (up to 1e-9 relative), else a description."""
    if len(a) != len(b):
        return "lengths %d != %d" % (len(a), len(b))
    for i, (x, y) in enumerate(zip(a, b)):
        if x == y:
            continue
        if math.isinf(x) or math.isinf(y) or not math.isclose(x, y, rel_tol=1e-9):
            return "node %d: %r != %r" % (i, x, y)
    return None


def check_pred(dist, pred, adj, source):
    """Every reached v != source has pred[v] = u with dist[u] + w(u,v) == dist[v]."""
    wt = {}
    for v in range(len(adj)):
        if v == source or math.isinf(dist[v]):
            continue
        u = pred[v]
        if u is None or u < 0:
            return "node %d reached without a predecessor" % v
        w = wt.get(u)
        if w is None:
            w = wt[u] = dict(adj[u])
        if v not in w or not math.isclose(dist[u] + w[v], dist[v], rel_tol=1e-9):
            return "pred[%d] = %d is not on a shortest path" % (v, u)
    return None


GRAPHS_FULL = [("random digraph 20k/200k", ("random", 20000, 200000)),
               ("grid 150x150", ("grid", 150))]
GRAPHS_QUICK = [("random digraph 2k/20k", ("random", 2000, 20000)),
                ("grid 40x40", ("grid", 40))]


def build_graph(spec, seed=7):
    if spec[0] == "random":
        return random_digraph(spec[1], spec[2], seed)
    return grid_graph(spec[1], seed)


PEER_LABELS = {
    "heapdict": "heapdict",
    "pqdict": "pqdict",
    "heapq-lazy": "heapq, lazy deletion",
    "networkx": "networkx.single_source_dijkstra",
    "networkx-pred": "networkx.dijkstra_predecessor_and_distance",
}


def _graph_row(section, bench, gname, peer, fb, pt, extra=None):
    row = {
        "section": section, "benchmark": bench, "case": gname, "peer": peer,
        "peer_label": PEER_LABELS[peer], "unit": "ms",
        "fiboheap_value": timing.median(fb) * 1e3,
        "peer_value": timing.median(pt) * 1e3,
        "ratio": timing.ratio_stats(fb, pt),
        "raw_seconds": {"fiboheap": fb, peer: pt},
    }
    if extra:
        row.update(extra)
    return row


def run_decrease_key(ctx, graphs, rounds, log):
    rows, errors = [], []
    FiboHeap = ctx.fiboheap.FiboHeap
    for gname, spec in graphs:
        n, edges = build_graph(spec)
        adj = adjacency(n, edges)
        src = 0
        impls = [("fiboheap", functools.partial(dijkstra_fiboheap, FiboHeap, adj, src)),
                 ("heapq-lazy", functools.partial(dijkstra_heapq_lazy, adj, src))]
        for peer in ("heapdict", "pqdict"):
            cls = ctx.peers.get(peer)
            if cls is not None:
                f = dijkstra_heapdict if peer == "heapdict" else dijkstra_pqdict
                impls.append((peer, functools.partial(f, cls, adj, src)))
        impls.append(("PriorityDict", functools.partial(
            dijkstra_heapdict, ctx.fiboheap.PriorityDict, adj, src)))
        pops = recorded_pops(ctx.fiboheap.PriorityDict, adj, src)
        impls.append(("no heap", functools.partial(
            dijkstra_heapdict, functools.partial(ReplayedPops, pops), adj, src)))
        # correctness, untimed: everyone agrees with lazy heapq
        ref_dist, _ = dijkstra_heapq_lazy(adj, src)
        reached = sum(1 for d in ref_dist if d < INF)
        for name, fn in impls:
            dist, pred = fn()
            bad = same_distances(dist, ref_dist) or check_pred(dist, pred, adj, src)
            if bad:
                errors.append("dijkstra %s, %s: %s" % (gname, name, bad))
        log("dijkstra decrease-key on %s (%d nodes, %d edges, %d reached): %d rounds"
            % (gname, n, len(edges), reached, rounds))
        times = timing.side_by_side(impls, rounds, warmup=1)
        fb = times["fiboheap"]
        size = {"nodes": n, "edges": len(edges), "reached": reached}
        for name, _ in impls[1:-2]:
            rows.append(_graph_row("dijkstra", "Dijkstra, decrease-key loop", gname,
                                   name, fb, times[name], size))
        for peer in ("heapdict", "pqdict"):
            if peer in times:
                extra = dict(size, contender="PriorityDict")
                if peer == "heapdict" and sys.implementation.name == "cpython":
                    extra["own_target"] = PRIORITY_DICT_TARGET
                rows.append(_graph_row("dijkstra", "Dijkstra, PriorityDict in the heapdict loop",
                                       gname, peer, times["PriorityDict"], times[peer], extra))
        if "heapdict" in times:
            rows.append(_graph_row(
                "dijkstra", "Dijkstra, the heapdict loop with no heap (replayed pops)", gname,
                "heapdict", times["no heap"], times["heapdict"], dict(size, contender="no heap")))
        for peer in ("heapdict", "pqdict"):
            if ctx.peers.get(peer) is None:
                rows.append({"section": "dijkstra", "benchmark": "Dijkstra, decrease-key loop",
                             "case": gname, "peer": peer, "peer_label": peer,
                             "unit": "ms", "fiboheap_value": timing.median(fb) * 1e3,
                             "peer_value": None, "ratio": None, "note": "not installed"})
    return rows, errors


# ---------------------------------------------------------------- section 3

def _lookup(container, v):
    if container is None:
        return None
    try:
        return container[v]
    except (KeyError, IndexError, TypeError):
        getter = getattr(container, "get", None)
        return getter(v) if getter else None


def run_graph_module(ctx, graphs, rounds, log):
    rows, errors = [], []
    nx = ctx.networkx
    gmod = ctx.graph_module
    for gname, spec in graphs:
        if nx is None or gmod is None:
            why = ("networkx not installed" if nx is None
                   else "fiboheap.graph not importable: %s" % ctx.graph_error)
            rows.append({"section": "graph", "benchmark": "fiboheap.graph.dijkstra",
                         "case": gname, "peer": "networkx",
                         "peer_label": PEER_LABELS["networkx"], "unit": "ms",
                         "fiboheap_value": None, "peer_value": None, "ratio": None,
                         "note": why})
            continue
        n, edges = build_graph(spec)
        G = nx.DiGraph()
        G.add_nodes_from(range(n))
        G.add_weighted_edges_from(edges)
        src = 0
        fdist, fpred = gmod.dijkstra(G, src)
        ndist, _paths = nx.single_source_dijkstra(G, src)
        # compare on the reached nodes; unreached ones may be absent or inf
        for v in G:
            a = _lookup(fdist, v)
            b = ndist.get(v)
            if b is None:
                if a is not None and not (isinstance(a, float) and math.isinf(a)):
                    errors.append("graph.dijkstra %s: node %r unreachable for networkx, "
                                  "dist %r" % (gname, v, a))
                    break
                continue
            if a is None or not math.isclose(a, b, rel_tol=1e-9):
                errors.append("graph.dijkstra %s: node %r: %r != networkx %r"
                              % (gname, v, a, b))
                break
        else:
            for v, b in ndist.items():
                if v == src:
                    continue
                u = _lookup(fpred, v)
                if u is None or not G.has_edge(u, v) or not math.isclose(
                        ndist[u] + G[u][v]["weight"], b, rel_tol=1e-9):
                    errors.append("graph.dijkstra %s: pred of %r = %r is not on a "
                                  "shortest path" % (gname, v, u))
                    break
        impls = [("fiboheap", functools.partial(gmod.dijkstra, G, src)),
                 ("networkx", functools.partial(nx.single_source_dijkstra, G, src)),
                 ("networkx-pred",
                  functools.partial(nx.dijkstra_predecessor_and_distance, G, src))]
        log("fiboheap.graph.dijkstra vs networkx on %s: %d rounds" % (gname, rounds))
        times = timing.side_by_side(impls, rounds, warmup=1)
        fb = times["fiboheap"]
        for name, _ in impls[1:]:
            rows.append(_graph_row("graph", "fiboheap.graph.dijkstra", gname, name,
                                   fb, times[name], {"nodes": n, "edges": len(edges)}))
    return rows, errors
