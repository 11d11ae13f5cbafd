"""networkx's ``astar_path`` and ``astar_path_length`` on the fiboheap
backend: :func:`fiboheap.graph.astar.astar` on the converted graph, with
networkx's checks, exceptions and results.  backend.py registers them with
the other functions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Optional

import networkx as nx

from fiboheap._binding import InexactKeyError
from fiboheap.graph.astar import Heuristic, astar

if TYPE_CHECKING:  # backend.py imports this module
    from fiboheap.nx_backend.backend import FiboheapGraph, Weight

__all__ = ["astar_path", "astar_path_length"]


def _astar(
    G: FiboheapGraph, source: Any, target: Any, heuristic: Optional[Heuristic], weight: Weight,
    cutoff: Any,
) -> tuple[Any, list[Any]]:
    """``(length, path)``, networkx's NetworkXNoPath if there is none.  An
    estimate that a float cannot hold exactly (a Fraction between two
    floats, an int past 2**53) raises NotImplementedError, which makes
    networkx run the call itself (asking the heuristic again)."""
    try:
        found = astar(G.compact(weight), source, target, heuristic, cutoff)
    except InexactKeyError as exc:
        raise NotImplementedError(
            f"fiboheap adds the estimates in floats, networkx exactly: {exc}"
        ) from exc
    if found is None:
        raise nx.NetworkXNoPath(f"Node {target} not reachable from {source}")
    return found


def astar_path(
    G: FiboheapGraph,
    source: Any,
    target: Any,
    heuristic: Optional[Callable[[Any, Any], Any]] = None,
    weight: Weight = "weight",
    *,
    cutoff: Any = None,
) -> list[Any]:
    """networkx.astar_path on fiboheap: the same path, the heuristic
    asked at most once per node."""
    if source not in G:
        raise nx.NodeNotFound(f"Source {source} is not in G")
    if target not in G:
        raise nx.NodeNotFound(f"Target {target} is not in G")
    return _astar(G, source, target, heuristic, weight, cutoff)[1]


def astar_path_length(
    G: FiboheapGraph,
    source: Any,
    target: Any,
    heuristic: Optional[Callable[[Any, Any], Any]] = None,
    weight: Weight = "weight",
    *,
    cutoff: Any = None,
) -> Any:
    """networkx.astar_path_length on fiboheap: the path's weights added
    from the source on, as networkx adds them."""
    if source not in G or target not in G:
        raise nx.NodeNotFound(f"Either source {source} or target {target} is not in G")
    return _astar(G, source, target, heuristic, weight, cutoff)[0]
