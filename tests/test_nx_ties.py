"""networkx's answers, ties included: fiboheap settles equal distances in
networkx's order (the order of their last lowering), searches both ways as
networkx's bidirectional_dijkstra does and grows Prim's trees from
networkx's roots, so that paths, predecessors, orders and lengths (to the
last bit) are networkx's own, not just other correct ones.

Seeded random graphs full of ties (small integer weights, zero weights,
grids, parallel edges, fractions whose sums round), each function compared
with networkx's result on the same graph, on both interpreters (PyPy's
networkx is older; its loops are the same).
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from fractions import Fraction
from typing import Any, Callable

import pytest

nx = pytest.importorskip("networkx")

# networkx notes with a UserWarning each time it uses a cached conversion.
pytestmark = pytest.mark.filterwarnings("ignore:Note. conversions to backend graphs:UserWarning")

from fiboheap.graph import (  # noqa: E402
    CompactGraph,
    NoPathError,
    dijkstra,
    multi_source_dijkstra,
    shortest_path,
)
from fiboheap.nx_backend.backend import BackendInterface, backend_interface  # noqa: E402

GRAPHS_PER_SEED = 25
SEEDS = range(12)  # 300 graphs


def weights(rng: random.Random) -> Callable[[], Any]:
    """One graph's weight generator: ties and zero-weight cycles, or
    fractions whose sums round (the two-sided search's length then depends
    on where the sides meet)."""
    return rng.choice([
        lambda: rng.randint(0, 2),
        lambda: rng.randint(1, 4),
        lambda: rng.randint(0, 9) / 10,
        lambda: rng.randint(1, 999) / 7,
    ])


def random_graph(rng: random.Random) -> Any:
    """A graph of one of networkx's four classes: random arcs, or a grid
    (many equal shortest paths), some edges without a weight (networkx's
    default 1), labels in a shuffled order, sometimes strings."""
    cls = rng.choice([nx.Graph, nx.DiGraph, nx.MultiGraph, nx.MultiDiGraph])
    weight = weights(rng)
    G = cls()
    if rng.random() < 0.3:
        side = rng.randint(2, 6)
        grid = nx.grid_2d_graph(side, side)
        nodes = list(grid)
        rng.shuffle(nodes)
        G.add_nodes_from(nodes)
        edges = list(grid.edges)
        rng.shuffle(edges)
        for u, v in edges:
            if rng.random() < 0.5:
                u, v = v, u
            G.add_edge(u, v, weight=weight())
            if G.is_directed() and rng.random() < 0.7:
                G.add_edge(v, u, weight=weight())
        return G
    n = rng.randint(1, 30)
    labels: list[Any] = list(range(n))
    if rng.random() < 0.3:
        labels = [f"n{i}" for i in labels]
    rng.shuffle(labels)
    G.add_nodes_from(labels)
    for _ in range(rng.randint(0, 4 * n)):
        u, v = rng.choice(labels), rng.choice(labels)
        if rng.random() < 0.1:
            G.add_edge(u, v)
        else:
            G.add_edge(u, v, weight=weight())
    return G


# networkx lists the paths of single_source_dijkstra and the like in the
# order it settled the nodes, as the backend does; before networkx built
# them after its search (3.2, PyPy's here), in the order it first reached
# them: there, the order of that dict is not compared.
PATHS_IN_SETTLE_ORDER = list(
    nx.single_source_dijkstra(nx.DiGraph([(0, 1, {"weight": 5}), (0, 2, {"weight": 1})]), 0)[1]
) == [0, 2, 1]


def graphs_of(seed: int) -> Iterator[tuple[random.Random, Any]]:
    """GRAPHS_PER_SEED random graphs, each with the generator that made it,
    for the test's own draws."""
    rng = random.Random(seed)
    for _ in range(GRAPHS_PER_SEED):
        yield rng, random_graph(rng)


def outcome(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """The result, or the type of networkx's error."""
    try:
        result = function(*args, **kwargs)
    except (nx.NetworkXNoPath, nx.NodeNotFound) as error:
        return type(error)
    if isinstance(result, tuple) and any(isinstance(part, dict) for part in result):
        # dicts compare without their order: compare it too (of paths, see
        # PATHS_IN_SETTLE_ORDER)
        ordered = [
            list(part)
            for part in result
            if isinstance(part, dict)
            and (PATHS_IN_SETTLE_ORDER or not all(isinstance(p, list) for p in part.values()))
        ]
        return result, ordered
    return result


def convert(G: Any) -> Any:
    return BackendInterface.convert_from_nx(G, edge_attrs={"weight": 1})


@pytest.mark.parametrize("seed", SEEDS)
def test_shortest_paths_are_networkx_paths(seed: int) -> None:
    for rng, G in graphs_of(seed):
        F = convert(G)
        nodes = list(G)
        s, t = rng.choice(nodes), rng.choice(nodes)
        sources = [rng.choice(nodes) for _ in range(rng.randint(1, 4))]  # duplicates too
        cutoff = rng.choice([None, None, -1, 0, 1, 2.5])
        for name, args, kwargs in [
            ("single_source_dijkstra", (s,), {"cutoff": cutoff}),
            ("single_source_dijkstra", (s, t), {}),
            ("single_source_dijkstra_path", (s,), {"cutoff": cutoff}),
            ("multi_source_dijkstra", (sources,), {"cutoff": cutoff}),
            ("multi_source_dijkstra", (sources, t), {"cutoff": cutoff}),
            ("multi_source_dijkstra_path_length", (sources,), {}),
            ("dijkstra_path", (s, t), {}),
            ("dijkstra_predecessor_and_distance", (s,), {"cutoff": cutoff}),
            ("bidirectional_dijkstra", (s, t), {}),
        ]:
            expected = outcome(getattr(nx, name), G, *args, **kwargs)
            got = outcome(getattr(backend_interface, name), F, *args, **kwargs)
            assert got == expected, (name, args, kwargs, G.edges(data=True))
        assert dict(backend_interface.all_pairs_dijkstra(F)) == dict(nx.all_pairs_dijkstra(G))


@pytest.mark.parametrize("seed", SEEDS)
def test_bidirectional_dijkstra_is_networkx_s(seed: int) -> None:
    for rng, G in graphs_of(1000 + seed):
        F = convert(G)
        nodes = list(G)
        for _pair in range(5):
            s, t = rng.choice(nodes), rng.choice(nodes)
            expected = outcome(nx.bidirectional_dijkstra, G, s, t)
            assert outcome(backend_interface.bidirectional_dijkstra, F, s, t) == expected
            # a weight function, called with networkx's (u, v) both ways
            expected = outcome(nx.bidirectional_dijkstra, G, s, t, weight=lopsided)
            got = outcome(backend_interface.bidirectional_dijkstra, F, s, t, weight=lopsided)
            assert got == expected


def lopsided(u: Any, v: Any, data: Any) -> Any:
    """A weight that differs by direction: the backward side must weigh the
    edge ``u -> v`` as networkx's does, ``weight(u, v, data)``."""
    if data and all(isinstance(d, dict) for d in data.values()):  # parallel edges
        return min(lopsided(u, v, d) for d in data.values())
    return data.get("weight", 1) + (1 if str(u) < str(v) else 0)


@pytest.mark.parametrize("seed", SEEDS)
def test_prim_picks_networkx_s_edges(seed: int) -> None:
    for _rng, directed in graphs_of(2000 + seed):
        G = directed.to_undirected()
        F = convert(G)
        for keys, data in [(True, False), (False, True)]:
            expected = list(nx.minimum_spanning_edges(G, "prim", "weight", keys, data))
            got = list(backend_interface.minimum_spanning_edges(F, "prim", "weight", keys, data))
            assert got == expected


@pytest.mark.parametrize("seed", SEEDS)
def test_fiboheap_graph_settles_ties_as_networkx(seed: int) -> None:
    # fiboheap.graph itself, in C and in the exact Python loop (Fractions).
    for rng, G in graphs_of(3000 + seed):
        nodes = list(G)
        s, t = rng.choice(nodes), rng.choice(nodes)
        sources = [rng.choice(nodes) for _ in range(rng.randint(1, 4))]
        exact = fractions_of(G)
        for weight in ("weight", exact):
            expected = nx.single_source_dijkstra(G, s, weight=weight)
            multi = nx.multi_source_dijkstra(G, sources, weight=weight)
            dist, pred = dijkstra(G, s, weight=weight)
            assert list(dist.items()) == list(expected[0].items())
            assert paths(dist, pred) == expected[1]
            dist, pred = multi_source_dijkstra(G, sources, weight=weight)
            assert list(dist.items()) == list(multi[0].items())
            assert paths(dist, pred) == multi[1]
            try:
                expected_path = nx.single_source_dijkstra(G, s, t, weight=weight)
            except nx.NetworkXNoPath:
                with pytest.raises(NoPathError):
                    shortest_path(G, s, t, weight=weight)
            else:
                assert shortest_path(G, s, t, weight=weight) == expected_path


def fractions_of(G: Any) -> Callable[[Any, Any, Any], Any]:
    """G's weights as Fractions: fiboheap.graph's exact Python loop."""
    multi = G.is_multigraph()

    def weight(u: Any, v: Any, data: Any) -> Any:
        if multi:
            return min(Fraction(d.get("weight", 1)) for d in data.values())
        return Fraction(data.get("weight", 1))

    return weight


def paths(dist: dict[Any, Any], pred: dict[Any, Any]) -> dict[Any, list[Any]]:
    found: dict[Any, list[Any]] = {}
    for v in dist:
        found[v] = found[pred[v]] + [v] if v in pred else [v]
    return found


@pytest.mark.parametrize("seed", SEEDS)
def test_negative_weights_raise_wherever_networkx_raises(seed: int) -> None:
    # fiboheap refuses the first negative edge its search examines; networkx
    # runs on and may meet a contradiction later. Until that edge the two
    # searches are one, so a networkx ValueError means a fiboheap one, and a
    # fiboheap answer is networkx's.
    for rng, G in graphs_of(4000 + seed):
        for _u, _v, data in G.edges(data=True):
            if rng.random() < 0.15:
                data["weight"] = -rng.randint(1, 3)
        F = convert(G)
        nodes = list(G)
        s, t = rng.choice(nodes), rng.choice(nodes)
        for name, args in [
            ("single_source_dijkstra", (s,)),
            ("single_source_dijkstra", (s, t)),
            ("bidirectional_dijkstra", (s, t)),
        ]:
            try:
                expected = outcome(getattr(nx, name), G, *args)
            except ValueError:
                expected = ValueError
            try:
                got = outcome(getattr(backend_interface, name), F, *args)
            except ValueError as error:
                got = str(error)
                assert got.startswith("negative weight"), got
                continue
            assert got == expected, (name, args)


# ---------------------------------------------------------------------------
# the cases that showed it


def test_a_lowered_distance_settles_after_the_nodes_reached_before() -> None:
    # 1 is reached first (at 3), 2 next (at 2), then 3 lowers 1 to 2:
    # networkx settles 2 before 1, so 4 (an edge from each) hangs from 2.
    G = nx.DiGraph()
    G.add_weighted_edges_from([(0, 1, 3), (0, 2, 2), (0, 3, 1), (3, 1, 1), (2, 4, 1), (1, 4, 1)])
    assert nx.single_source_dijkstra(G, 0)[1][4] == [0, 2, 4]
    for graph in (G, CompactGraph(G)):
        dist, pred = dijkstra(graph, 0)
        assert list(dist) == [0, 3, 2, 1, 4] and pred[4] == 2
    exact = dijkstra(G, 0, weight=lambda u, v, d: Fraction(d["weight"]))
    assert list(exact[0]) == [0, 3, 2, 1, 4] and exact[1][4] == 2
    assert backend_interface.single_source_dijkstra(convert(G), 0) == nx.single_source_dijkstra(
        G, 0
    )


def test_bidirectional_length_to_the_last_bit() -> None:
    # networkx adds the two sides' distances where they meet: 0.1 + (0.2 + 0.3)
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "b", 0.1), ("b", "c", 0.2), ("c", "d", 0.3)])
    assert nx.bidirectional_dijkstra(G, "a", "d") == (0.6, ["a", "b", "c", "d"])
    assert backend_interface.bidirectional_dijkstra(convert(G), "a", "d") == (
        0.6,
        ["a", "b", "c", "d"],
    )
    assert nx.dijkstra_path_length(G, "a", "d") == 0.6000000000000001  # one way


def test_minimum_cycle_basis_s_bidirectional_search() -> None:
    # networkx's test_cycles.py::TestMinimumCycleBasis::test_weighted_diamond
    # on the backend: minimum_cycle_basis asks for this path, among equal ones.
    G = nx.Graph()
    G.add_nodes_from([1, 2, (1, 1), (2, 1), 4, (4, 1), 3, (3, 1)])
    for u, v, w in [
        (1, 2, 1), (1, 4, 1), (2, 3, 1), (2, 4, 5), ((1, 1), (2, 1), 1), ((1, 1), (4, 1), 1),
        ((2, 1), (3, 1), 1), ((2, 1), (4, 1), 5), (4, (3, 1), 1), ((4, 1), 3, 1),
    ]:
        G.add_edge(u, v, Gi_weight=w)
    expected = (4, [1, 4, (3, 1), (2, 1), (1, 1)])
    assert nx.bidirectional_dijkstra(G, 1, (1, 1), "Gi_weight") == expected
    F = BackendInterface.convert_from_nx(G, edge_attrs={"Gi_weight": 1})
    assert backend_interface.bidirectional_dijkstra(F, 1, (1, 1), "Gi_weight") == expected


def test_prim_grows_from_networkx_s_roots() -> None:
    # networkx's prim starts each tree at set(G).pop(), not at G's first node.
    G = nx.Graph()
    G.add_nodes_from([2, 1, 0, 3])
    G.add_weighted_edges_from([(2, 3, 2), (2, 1, 1), (2, 0, 0), (1, 3, 3)])
    expected = list(nx.minimum_spanning_edges(G, "prim", data=False))
    assert list(backend_interface.minimum_spanning_edges(convert(G), "prim", data=False)) == (
        expected
    )


def test_the_backward_graph_is_read_once_per_conversion() -> None:
    # Undirected, an attribute: the forward graph serves both sides.
    U = convert(nx.Graph([(0, 1, {"weight": 2})]))
    assert U.backward("weight") is U.compact("weight")
    # Directed: G.pred read once, in networkx's order; a callable each call.
    G = nx.DiGraph()
    G.add_nodes_from([0, 1, 2])
    G.add_edges_from([(2, 0), (1, 0)])  # G.pred[0] lists 2 before 1
    D = convert(G)
    backward = D.backward("weight")
    assert D.backward("weight") is backward
    assert backward is not D.compact("weight")
    assert list(dijkstra(backward, 0)[0]) == [0, 2, 1]
    assert D.backward(lopsided) is not D.backward(lopsided)


def test_bidirectional_errors_are_networkx_s() -> None:
    G = nx.DiGraph([(0, 1, {"weight": 1}), (2, 1, {"weight": -1})])
    G.add_node(3)
    F = convert(G)
    with pytest.raises(nx.NodeNotFound, match="Source 9 is not in G"):
        backend_interface.bidirectional_dijkstra(F, 9, 0)
    with pytest.raises(nx.NetworkXNoPath, match="No path between 0 and 3"):
        backend_interface.bidirectional_dijkstra(F, 0, 3)
    # The backward side examines 2 -> 1: networkx finds the contradiction
    # later or never; fiboheap refuses the negative weight when examined.
    with pytest.raises(ValueError, match="negative weight -1 on edge 2 -> 1"):
        backend_interface.bidirectional_dijkstra(F, 0, 1)
