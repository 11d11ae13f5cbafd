"""The backend's centralities: networkx's betweenness_centrality,
edge_betweenness_centrality and closeness_centrality on fiboheap's compiled
Brandes and Dijkstra (:mod:`fiboheap.graph.centrality`), the sources shared
among threads.  Sampling (``k``, ``seed``) and rescaling are networkx's own
(its ``_rescale`` functions, whichever version is installed), so that the
values are those of the networkx the backend runs under.
"""
from __future__ import annotations

import inspect
from typing import Any, Optional

import networkx as nx
from networkx.algorithms.centrality import betweenness as _nx_betweenness

from fiboheap.graph import centrality as _centrality
from fiboheap.graph.compact import CompactGraph

__all__ = ["betweenness_centrality", "closeness_centrality", "edge_betweenness_centrality"]

# networkx 3.5 rescaled sampled betweenness anew (one _rescale taking the
# sampled nodes, k == n read as every node without drawing a sample);
# before, _rescale took k and _rescale_e scaled edges without it.
_SAMPLED_RESCALE = "sampled_nodes" in inspect.signature(_nx_betweenness._rescale).parameters


def _compact(G: Any, weight: Any) -> tuple[CompactGraph, bool]:
    """``G``'s compact graph for ``weight`` (None: every edge weighs 1), and
    whether it left out an edge weighing None (an attribute of None, or a
    weight function that returned None), as networkx's Dijkstra skips it."""
    if weight is None:
        weight = _centrality._UNWEIGHTED
    if not callable(weight):
        compact: CompactGraph = G.compact(weight)
        return compact, compact.none_edge is not None
    hidden = []

    def recording(u: Any, v: Any, data: Any) -> Any:
        w = weight(u, v, data)
        if w is None:
            hidden.append((u, v))
        return w

    return G.compact(recording), bool(hidden)


def _networkx_own(G: Any, name: str, *args: Any) -> dict[Any, float]:
    """networkx's own answer, for a graph with an edge weighing None (an
    attribute, or what a weight function returned): a compact graph hides
    such an edge (networkx's Dijkstra skips it), but networkx's betweenness
    adds the None, raising TypeError from the first source that meets the
    edge, with the distance it had there."""
    values: dict[Any, float] = getattr(nx, name).orig_func(G.nx_graph, *args)
    return values


def _sample(G: Any, k: Optional[int], seed: Any, edges: bool) -> Optional[list[Any]]:
    """networkx's sources: None for every node, else its draw."""
    if k is None or (_SAMPLED_RESCALE and not edges and k == len(G)):
        return None
    return seed.sample(list(G.nx_graph.nodes()), k)  # type: ignore[no-any-return]


def betweenness_centrality(
    G: Any,
    k: Optional[int] = None,
    normalized: bool = True,
    weight: Any = None,
    endpoints: bool = False,
    seed: Any = None,
) -> dict[Any, float]:
    """networkx.betweenness_centrality on fiboheap."""
    compact, hides = _compact(G, weight)
    if hides:
        return _networkx_own(G, "betweenness_centrality", k, normalized, weight, endpoints, seed)
    sampled = _sample(G, k, seed, False)
    sums = _centrality._brandes(compact, sampled, endpoints, False, None)
    values = dict(zip(compact.nodes, sums.nodes))
    directed = G.is_directed()
    if _SAMPLED_RESCALE:
        return _nx_betweenness._rescale(  # type: ignore[no-any-return]
            values, len(G), normalized=normalized, directed=directed, endpoints=endpoints,
            sampled_nodes=sampled,
        )
    return _nx_betweenness._rescale(  # type: ignore[no-any-return]
        values, len(G), normalized=normalized, directed=directed, k=k, endpoints=endpoints
    )


def edge_betweenness_centrality(
    G: Any,
    k: Optional[int] = None,
    normalized: bool = True,
    weight: Any = None,
    seed: Any = None,
) -> dict[Any, float]:
    """networkx.edge_betweenness_centrality on fiboheap."""
    compact, hides = _compact(G, weight)
    if hides:
        return _networkx_own(G, "edge_betweenness_centrality", k, normalized, weight, seed)
    sampled = _sample(G, k, seed, True)
    sums = _centrality._brandes(compact, sampled, False, True, None)
    values: dict[Any, float] = _centrality._edge_values(compact, sums.arcs or {})
    directed = G.is_directed()
    if _SAMPLED_RESCALE:
        values = _nx_betweenness._rescale(
            values, len(G), normalized=normalized, directed=directed, sampled_nodes=sampled
        )
    else:
        values = _nx_betweenness._rescale_e(
            values, len(G), normalized=normalized, directed=directed
        )
    if G.is_multigraph():
        return _nx_betweenness._add_edge_keys(  # type: ignore[no-any-return]
            G.nx_graph, values, weight=weight
        )
    return values


def closeness_centrality(
    G: Any, u: Any = None, distance: Any = None, wf_improved: bool = True
) -> Any:
    """networkx.closeness_centrality on fiboheap."""
    if u is not None and u not in G:
        if distance is None:
            raise nx.NodeNotFound(f"Source {u} is not in G")
        raise nx.NodeNotFound(f"Node {u} not found in graph")
    compact, _hides = _compact(G, distance)  # skipped, as networkx's Dijkstra does
    return _centrality.closeness_centrality(compact, u, wf_improved=wf_improved)
