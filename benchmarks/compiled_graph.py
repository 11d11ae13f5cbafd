"""Issue #15's targets: fiboheap.graph in C against scipy, igraph, rustworkx
and networkx, side by side in one process (rotating order, median of the
per-round ratios; peers that are not installed are left out).

    python benchmarks/compiled_graph.py [--quick] [--rounds N]

Graphs (fhbench.dijkstra, seeded): random digraph 20k/200k, grid 150x150,
random digraph 100k/1M, random float weights in [1, 100); issue #16's
networkx backend on the same graphs and on a random digraph 2k/10k (all
pairs), when fiboheap is installed (networkx finds backends by entry
point), bidirectional_dijkstra between random pairs among them (issue
#27); astar_path with a Manhattan heuristic on a grid 150x150 (issue
#25); every source of a random DAG 2k/10k on 2 threads, where the
sources' costs differ; issue #25's centralities on a random graph 2k/20k
(betweenness and closeness on a CompactGraph against igraph's on a graph
built beforehand and NetworKit's on every CPU, and the backend's first call
against networkx's own).  Each line prints measured/target, or a reference
ratio without a target: dijkstra's and prim's two parts apart (the search
alone, its results in C arrays; the returned dicts or edge list alone, no
search), and reading a networkx graph's heads and weights alone, the floor
of the backend's first call.
Every implementation's distances are checked against networkx's (or
scipy's) first, untimed.  The peers are the `bench` extra.
"""
import argparse
import array
import math
import os
import random
import sys
from itertools import chain

from fhbench import timing
from fhbench.dijkstra import grid_graph, random_digraph
from fiboheap.graph import (
    CompactGraph,
    astar_path,
    betweenness_centrality,
    closeness_centrality,
    dijkstra,
    prim,
)


def optional(name):
    try:
        return __import__(name)
    except ImportError:
        return None


nx = optional("networkx")
igraph = optional("igraph")
networkit = optional("networkit")
rustworkx = optional("rustworkx")
try:
    import scipy.sparse as sparse
    from scipy.sparse import csgraph
except ImportError:
    sparse = csgraph = None

GRAPHS = [("random 20k/200k", lambda: random_digraph(20000, 200000, 7)),
          ("grid 150x150", lambda: grid_graph(150, 7)),
          ("random 100k/1M", lambda: random_digraph(100000, 1000000, 7))]
QUICK = [("random 2k/20k", lambda: random_digraph(2000, 20000, 7)),
         ("grid 40x40", lambda: grid_graph(40, 7))]


def agree(name, dist, expected):
    """dist: {node: d} or a sequence indexed by node (inf: not reached)."""
    if not isinstance(dist, dict):
        dist = {v: d for v, d in enumerate(dist) if d != math.inf}
    bad = dist.keys() != expected.keys() or any(
        not math.isclose(dist[v], d, rel_tol=1e-12) for v, d in expected.items())
    if bad:
        raise SystemExit("%s disagrees with the reference distances" % name)


def line(what, mine, theirs, target):
    """Prints a measured ratio against its target (None: a reference row)."""
    ratio = timing.ratio_stats(mine, theirs)["median"]
    if target is None:
        goal = "%.3f (no target)" % ratio
    else:
        goal = "%.3f/%.3f  %s" % (ratio, target, "ok" if ratio <= target else "MISSED")
    print("  %-48s %8.1f ms vs %8.1f ms  %s"
          % (what, timing.median(mine) * 1e3, timing.median(theirs) * 1e3, goal), flush=True)


def bench_graph(name, make, rounds):
    n, edges = make()
    tails = [e[0] for e in edges]
    heads = [e[1] for e in edges]
    weights = [e[2] for e in edges]
    print("%s: %d nodes, %d arcs, %d rounds" % (name, n, len(edges), rounds), flush=True)
    g = CompactGraph.from_arrays(tails, heads, weights, node_count=n)
    budget = 16 * g.arc_count + 24 * n
    print("  %-48s %8d bytes, budget %d  %.3f/1.000  %s"
          % ("CompactGraph C memory", g.memory, budget, g.memory / budget,
             "ok" if g.memory <= budget else "MISSED"))
    mine = ("CompactGraph", lambda: dijkstra(g, 0))
    expected = dijkstra(g, 0)[0]
    peers = []
    if sparse is not None:
        M = sparse.csr_matrix((weights, (tails, heads)), shape=(n, n))
        agree("scipy", list(csgraph.dijkstra(M, indices=0)), expected)
        peers.append(("scipy csgraph.dijkstra, CSR", lambda: csgraph.dijkstra(M, indices=0)))
    if igraph is not None:
        ig = igraph.Graph(n=n, edges=list(zip(tails, heads)), directed=True,
                         edge_attrs={"weight": weights})
        agree("igraph", ig.distances(source=0, weights="weight")[0], expected)
        peers.append(("igraph distances", lambda: ig.distances(source=0, weights="weight")))
    if rustworkx is not None:
        R = rustworkx.PyDiGraph()
        R.add_nodes_from(range(n))
        R.add_edges_from(edges)
        lengths = dict(rustworkx.digraph_dijkstra_shortest_path_lengths(R, 0, float))
        lengths[0] = 0.0
        agree("rustworkx", lengths, expected)
        peers.append(("rustworkx dijkstra lengths",
                      lambda: rustworkx.digraph_dijkstra_shortest_path_lengths(R, 0, float)))
    G = None
    if nx is not None:
        G = nx.DiGraph()
        G.add_nodes_from(range(n))
        G.add_weighted_edges_from(edges)
        agree("networkx", nx.single_source_dijkstra_path_length(G, 0), expected)
        agree("dijkstra on networkx", dijkstra(G, 0)[0], expected)
        peers.append(("networkx path_length",
                      lambda: nx.single_source_dijkstra_path_length(G, 0)))
    # dijkstra's two parts apart: the search with its distances left in a C
    # array (as scipy's are), and the dicts it returns with no search.
    search = ("search alone", lambda: g.distance_matrix([0], threads=1))
    dicts = ("dicts alone", returned_dicts(g))
    times = timing.side_by_side([mine, search, dicts, *peers], rounds, warmup=1)
    for peer, _ in peers:
        target = 1 / 30 if peer.startswith("networkx") else 0.5
        line("dijkstra(CompactGraph) / " + peer, times[mine[0]], times[peer], target)
        if peer.startswith(("scipy", "networkx")):
            line("the search alone, distances in an array / " + peer, times[search[0]],
                 times[peer], None)
            line("the returned dicts alone, no search / " + peer, times[dicts[0]],
                 times[peer], None)
    if G is not None:
        times = timing.side_by_side(
            [("fh", lambda: dijkstra(G, 0)), ("nx", lambda: nx.single_source_dijkstra(G, 0))],
            rounds, warmup=1)
        line("dijkstra(networkx graph), build included / nx", times["fh"], times["nx"], 0.35)
        bench_backend(G, rounds)
    if sparse is not None:
        und = CompactGraph.from_arrays(tails, heads, weights, node_count=n, directed=False)
        tree = csgraph.minimum_spanning_tree(M)
        if not math.isclose(prim(und)[0], tree.sum(), rel_tol=1e-9):
            raise SystemExit("prim disagrees with scipy's minimum_spanning_tree")
        forest, edges = prim_parts(und)
        times = timing.side_by_side(
            [("fh", lambda: prim(und)), ("forest", forest), ("edges", edges),
             ("scipy", lambda: csgraph.minimum_spanning_tree(M))],
            rounds, warmup=1)
        line("prim(CompactGraph) / scipy minimum_spanning_tree", times["fh"], times["scipy"],
             1.0)
        line("prim's search alone, edges in C arrays / scipy minimum_spanning_tree",
             times["forest"], times["scipy"], None)
        line("prim's returned edge list alone, no search / scipy minimum_spanning_tree",
             times["edges"], times["scipy"], None)
    sources = list(range(8))
    times = timing.side_by_side(
        [("threads", lambda: g.distance_matrix(sources, threads=2)),
         ("one", lambda: g.distance_matrix(sources, threads=1))],
        rounds, warmup=1)
    line("distance_matrix, 8 sources: 2 threads / 1 thread", times["threads"], times["one"],
         0.6)


def result_alone(what, search, build, call):
    """A function building what call() returns with fiboheap.graph's own
    build(*found), from the output found of one search() run now: the
    cost of the return format without the search. Checked against call()."""
    found = search()

    def built():
        return build(*found)

    if built() != call():
        raise SystemExit("the stand-in for %s's result disagrees with it" % what)
    return built


def returned_dicts(g):
    """What dijkstra(g, 0) returns, built from one search (as_dicts)."""
    from fiboheap.graph.shortest_paths import as_dicts, search
    return result_alone("dijkstra", lambda: search(g, [0], -1, None, True),
                        lambda *found: as_dicts(g, 1, found), lambda: dijkstra(g, 0))


def prim_parts(und):
    """prim(und)'s two parts apart: its search (grow_forest, the forest
    left in C arrays) and the (total, edges) it returns, built from one
    search (as_edges)."""
    from fiboheap.graph.spanning import as_edges, grow_forest

    def forest():
        return grow_forest(und, [])

    return forest, result_alone("prim", forest, lambda *found: as_edges(und, found),
                                lambda: prim(und))


def has_backend():
    """Whether networkx finds fiboheap's backend (an installed fiboheap)."""
    if nx is None or "fiboheap" not in nx.utils.backends.backends:
        print("  networkx backend: not measured (fiboheap is not installed)")
        return False
    if hasattr(nx, "config"):
        nx.config.warnings_to_ignore.add("cache")  # networkx's note on each cached call
    return True


def bench_backend(G, rounds):
    """Issue #16: nx.single_source_dijkstra_path_length(G, 0, backend="fiboheap")
    against plain networkx, converting on every call, then cached."""
    if not has_backend():
        return
    path_length = nx.single_source_dijkstra_path_length
    agree("backend", path_length(G, 0, backend="fiboheap"), path_length(G, 0))

    def first_call():
        cache = getattr(G, "__networkx_cache__", None)  # networkx >= 3.3 caches
        if cache:
            cache.clear()
        return path_length(G, 0, backend="fiboheap")

    rows = list(G._adj.values())

    def read_alone():
        """What any conversion must do, and no more: visit every arc's head
        and weight in networkx's dicts (the floor of the first call)."""
        array.array("I", chain.from_iterable(rows))
        return [attrs.get("weight", 1) for nbrs in rows for attrs in nbrs.values()]

    times = timing.side_by_side(
        [("first", first_call), ("cached", lambda: path_length(G, 0, backend="fiboheap")),
         ("read", read_alone), ("nx", lambda: path_length(G, 0))], rounds, warmup=1)
    line('backend="fiboheap", conversion included / nx', times["first"], times["nx"], 0.35)
    line('backend="fiboheap", graph cached / nx', times["cached"], times["nx"], 1 / 20)
    line("reading the arcs' heads and weights alone / nx", times["read"], times["nx"], None)
    bench_bidirectional(G, rounds)


def bench_bidirectional(G, rounds):
    """Issue #27: nx.bidirectional_dijkstra with backend="fiboheap" (networkx's
    two-sided search in C, graph cached) between 20 seeded random pairs,
    against networkx's own and against the one-way search to the target
    that the backend ran before (single_source_dijkstra with a target)."""
    rnd = random.Random(1)
    pairs = [(rnd.randrange(len(G)), rnd.randrange(len(G))) for _ in range(20)]

    def each(function, **backend):
        answers = []
        for s, t in pairs:
            try:
                answers.append(function(G, s, t, **backend))
            except nx.NetworkXNoPath:
                answers.append(None)
        return answers

    two_sided = nx.bidirectional_dijkstra
    if each(two_sided, backend="fiboheap") != each(two_sided):
        raise SystemExit("the backend's bidirectional_dijkstra disagrees with networkx's")
    times = timing.side_by_side(
        [("two", lambda: each(two_sided, backend="fiboheap")),
         ("one", lambda: each(nx.single_source_dijkstra, backend="fiboheap")),
         ("nx", lambda: each(two_sided))], rounds, warmup=1)
    line('bidirectional_dijkstra, 20 pairs, backend="fiboheap", graph cached / nx',
         times["two"], times["nx"], None)
    line('one-way search to the target, 20 pairs, backend="fiboheap" / nx bidirectional',
         times["one"], times["nx"], None)


def bench_astar(side, rounds):
    """Issue #25: astar_path on a grid with a Manhattan heuristic (admissible:
    every weight is at least 1), fiboheap.graph on a CompactGraph and
    backend="fiboheap" (graph cached) against nx.astar_path, between 10
    seeded random pairs; the heuristic is called from C once per node."""
    n, edges = grid_graph(side, 7)
    print("astar_path, grid %dx%d, %d rounds" % (side, side, rounds), flush=True)
    if nx is None:
        print("  astar_path: not measured (networkx is not installed)")
        return
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from(edges)
    g = CompactGraph(G)
    rnd = random.Random(1)
    pairs = [(rnd.randrange(n), rnd.randrange(n)) for _ in range(10)]

    def manhattan(u, v):
        return abs(u // side - v // side) + abs(u % side - v % side)

    def each(function, graph, **backend):
        return [function(graph, s, t, manhattan, **backend) for s, t in pairs]

    expected = each(nx.astar_path, G)
    if each(astar_path, g) != expected:
        raise SystemExit("fiboheap.graph.astar_path disagrees with networkx's")
    contenders = [("compact", lambda: each(astar_path, g)), ("nx", lambda: each(nx.astar_path, G))]
    if has_backend():
        if each(nx.astar_path, G, backend="fiboheap") != expected:
            raise SystemExit("the backend's astar_path disagrees with networkx's")
        contenders.append(("backend", lambda: each(nx.astar_path, G, backend="fiboheap")))
    times = timing.side_by_side(contenders, rounds, warmup=1)
    line("astar_path, 10 pairs, CompactGraph / nx", times["compact"], times["nx"], None)
    if "backend" in times:
        line('astar_path, 10 pairs, backend="fiboheap", graph cached / nx',
             times["backend"], times["nx"], None)


def bench_all_pairs(n, m, rounds):
    """Issue #16: nx.all_pairs_dijkstra_path_length with backend="fiboheap"
    (the sources on every CPU) against plain networkx."""
    n, edges = random_digraph(n, m, 7)
    print("all pairs, random %d/%d, %d rounds" % (n, len(edges), rounds), flush=True)
    if not has_backend():
        return
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from(edges)
    all_pairs = nx.all_pairs_dijkstra_path_length
    if dict(all_pairs(G, backend="fiboheap")) != dict(all_pairs(G)):
        raise SystemExit("the backend's all_pairs_dijkstra_path_length disagrees with networkx's")
    times = timing.side_by_side(
        [("fh", lambda: dict(all_pairs(G, backend="fiboheap"))),
         ("nx", lambda: dict(all_pairs(G)))], rounds)
    line('all_pairs_dijkstra_path_length, backend="fiboheap" / nx', times["fh"], times["nx"],
         1 / 20)


def bench_uneven_batch(n, m, rounds):
    """Issue #15's batch target where the sources' costs differ: every
    source of a random DAG (arcs from lower to higher nodes), so the low
    nodes reach most of the graph and the high ones almost nothing."""
    n, edges = random_digraph(n, m, 7)
    dag = [(min(u, v), max(u, v), w) for u, v, w in edges]
    g = CompactGraph.from_arrays(*zip(*dag), node_count=n)
    print("every source, random DAG %d/%d, %d rounds" % (n, len(dag), rounds), flush=True)
    times = timing.side_by_side(
        [("threads", lambda: g.distance_matrix(threads=2)),
         ("one", lambda: g.distance_matrix(threads=1))], rounds, warmup=1)
    line("distance_matrix, every source: 2 threads / 1 thread", times["threads"], times["one"],
         0.6)


def undirected_graph(n, m, seed):
    """A random undirected graph of n nodes and m edges (no loop, no
    parallel edge), weights in [1, 100)."""
    n, arcs = random_digraph(n, 2 * m, seed)
    seen, edges = set(), []
    for u, v, w in arcs:
        if (v, u) not in seen and len(edges) < m:
            seen.add((u, v))
            edges.append((u, v, w))
    return n, edges


def agree_values(name, got, expected):
    """got, expected: sequences of floats by node."""
    if any(not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) for a, b in zip(got, expected)):
        raise SystemExit("%s disagrees with fiboheap's centrality" % name)


def bench_centrality(n, m, rounds, nx_rounds):
    """Issue #25: weighted betweenness and closeness on a CompactGraph against
    igraph's on a graph built beforehand (target 0.5) and NetworKit's (no
    target), then nx.betweenness_centrality / nx.closeness_centrality with
    backend="fiboheap" on a graph seen for the first time (conversion
    included) against networkx's own (target 1/20)."""
    n, edges = undirected_graph(n, m, 7)
    print("centrality, random undirected %d/%d, %d rounds (networkx: %d)"
          % (n, len(edges), rounds, nx_rounds), flush=True)
    g = CompactGraph.from_arrays(*zip(*edges), node_count=n, directed=False)
    nodes = range(n)
    between = betweenness_centrality(g, normalized=False)
    close = closeness_centrality(g, wf_improved=False)
    mine = [("between", lambda: betweenness_centrality(g)),
            ("close", lambda: closeness_centrality(g))]  # every CPU usable
    peers = []
    if igraph is not None:
        ig = igraph.Graph(n=n, edges=[(u, v) for u, v, _ in edges])
        weights = [w for _, _, w in edges]
        agree_values("igraph betweenness", ig.betweenness(weights=weights),
                     [between[v] for v in nodes])
        agree_values("igraph closeness", ig.closeness(weights=weights),
                     [close[v] for v in nodes])
        peers += [("igraph between", lambda: ig.betweenness(weights=weights)),
                  ("igraph close", lambda: ig.closeness(weights=weights))]
    if networkit is not None:
        networkit.setNumberOfThreads(usable_cpus())
        nk = networkit.Graph(n, weighted=True)
        for u, v, w in edges:
            nk.addEdge(u, v, w)

        def nk_run(kind):
            if kind == "between":
                algorithm = networkit.centrality.Betweenness(nk)
            else:
                algorithm = networkit.centrality.Closeness(
                    nk, False, networkit.centrality.ClosenessVariant.Generalized)
            algorithm.run()
            return algorithm.scores()

        # NetworKit counts each pair of an undirected graph both ways
        agree_values("NetworKit betweenness", nk_run("between"), [2 * between[v] for v in nodes])
        agree_values("NetworKit closeness", nk_run("close"), [close[v] for v in nodes])
        peers += [("nk between", lambda: nk_run("between")),
                  ("nk close", lambda: nk_run("close"))]
    times = timing.side_by_side(mine + peers, rounds, warmup=1)
    for kind, what in (("between", "betweenness_centrality"), ("close", "closeness_centrality")):
        if igraph is not None:
            line("%s, CompactGraph / igraph" % what, times[kind], times["igraph " + kind], 0.5)
        if networkit is not None:
            line("%s, CompactGraph / NetworKit (%d threads)" % (what, usable_cpus()),
                 times[kind], times["nk " + kind], None)
    if not has_backend():
        return
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from(edges)

    def fresh():
        cache = getattr(G, "__networkx_cache__", None)  # networkx >= 3.3 caches
        if cache:
            cache.clear()
        return G

    calls = [("between", lambda G, **k: nx.betweenness_centrality(G, weight="weight", **k)),
             ("close", lambda G, **k: nx.closeness_centrality(G, distance="weight", **k))]
    for kind, call in calls:
        times = timing.side_by_side(
            [("fh", lambda call=call: call(fresh(), backend="fiboheap")),
             ("nx", lambda call=call: call(G))],
            nx_rounds)
        what = "betweenness_centrality" if kind == "between" else "closeness_centrality"
        line('%s, backend="fiboheap", first call / nx' % what, times["fh"], times["nx"], 1 / 20)


def jobs(quick, rounds):
    """(case, benchmark) for every benchmark of this script, in order."""
    graphs = QUICK if quick else GRAPHS
    n, m = (300, 1500) if quick else (2000, 10000)
    side = 40 if quick else 150
    cn, cm = (300, 3000) if quick else (2000, 20000)
    return ([(name, lambda name=name, make=make: bench_graph(name, make, rounds))
             for name, make in graphs]
            + [("astar_path, grid %dx%d" % (side, side), lambda: bench_astar(side, rounds)),
               ("all pairs, random %d/%d" % (n, m), lambda: bench_all_pairs(n, m, 3)),
               ("every source, random DAG %d/%d" % (n, m),
                lambda: bench_uneven_batch(n, m, rounds)),
               ("centrality, random %d/%d" % (cn, cm),
                lambda: bench_centrality(cn, cm, rounds, 1 if quick else 3))])


def usable_cpus():
    affinity = getattr(os, "sched_getaffinity", None)  # not on PyPy 3.9
    return len(affinity(0)) if affinity else os.cpu_count()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small graphs, for a smoke run")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    print("python %s, %d CPUs usable; peers: %s" % (
        sys.version.split()[0], usable_cpus(),
        ", ".join(p for p, m in [("networkx", nx), ("scipy", sparse), ("igraph", igraph),
                                 ("rustworkx", rustworkx), ("networkit", networkit)]
                  if m is not None)))
    for _case, job in jobs(args.quick, 3 if args.quick else args.rounds):
        job()


if __name__ == "__main__":
    main()
