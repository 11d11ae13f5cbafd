"""What networkx learns about the fiboheap backend when it is imported.

networkx calls :func:`get_info` (the ``networkx.backend_info`` entry point)
on every ``import networkx``, and asks that it not import the backend.  So
it lives here, in a package of its own, apart from ``fiboheap``: importing
this one imports nothing of fiboheap (no compiled module, no arena, no fork
hooks) and nothing else but the standard library.  The backend itself is
:mod:`fiboheap.nx_backend`, which networkx loads on the first call it
dispatches to fiboheap.  (nx-parallel's ``_nx_parallel``, nx-cugraph's
``_nx_cugraph`` and graphblas-algorithms' ``_nx_graphblas`` are laid out
the same way.)
"""
from __future__ import annotations

from typing import Any

__all__ = ["FUNCTIONS", "get_info"]

_DIJKSTRA = (
    "Runs in C on a fiboheap.graph.CompactGraph. A negative or NaN weight on "
    "an edge the search examines raises ValueError naming the edge."
)
_PRIM = 'Runs in C on a fiboheap.graph.CompactGraph, with algorithm="prim" only.'
_ASTAR = (
    _DIJKSTRA + " The heuristic is called from C, at most once per node; an estimate"
    " that is NaN raises ValueError; one that a float cannot hold exactly (a"
    " Fraction between two floats, an int past 2**53) is left to networkx."
)
_CENTRALITY = (
    "Runs in C on a fiboheap.graph.CompactGraph, the sources shared among every "
    "CPU the process may use. A negative or NaN weight on an edge examined "
    "raises ValueError naming the edge (networkx's betweenness returns "
    "meaningless values for a negative one)."
)
_BRANDES = (
    " Brandes' algorithm as networkx's: the same path counts, sampled sources"
    " and rescaling. A graph with an edge weighing None runs in networkx's own"
    " code, which adds the None (TypeError)."
)

#: The networkx functions the backend implements, with what it adds to
#: networkx's documentation of each (networkx prints it under "Backends").
FUNCTIONS: dict[str, str] = {
    "dijkstra_path": _DIJKSTRA,
    "dijkstra_path_length": _DIJKSTRA,
    "single_source_dijkstra": _DIJKSTRA,
    "single_source_dijkstra_path": _DIJKSTRA,
    "single_source_dijkstra_path_length": _DIJKSTRA,
    "multi_source_dijkstra": _DIJKSTRA,
    "multi_source_dijkstra_path": _DIJKSTRA,
    "multi_source_dijkstra_path_length": _DIJKSTRA,
    "all_pairs_dijkstra": _DIJKSTRA,
    "all_pairs_dijkstra_path": _DIJKSTRA,
    "all_pairs_dijkstra_path_length": _DIJKSTRA
    + " The sources run on every CPU the process may use; each dict lists the"
    " nodes reached in the graph's node order.",
    "dijkstra_predecessor_and_distance": _DIJKSTRA,
    "bidirectional_dijkstra": _DIJKSTRA
    + " networkx's two-sided search, turn by turn: the same path and length"
    " to the last bit.",
    "astar_path": _ASTAR,
    "astar_path_length": _ASTAR,
    "minimum_spanning_edges": _PRIM,
    "minimum_spanning_tree": _PRIM,
    "betweenness_centrality": _CENTRALITY + _BRANDES,
    "edge_betweenness_centrality": _CENTRALITY + _BRANDES,
    "closeness_centrality": _CENTRALITY,
}

# Every function: what the conversion leaves to networkx.
_EXACT = (
    "Weights that need exact arithmetic (Fraction, Decimal, ints whose sums "
    "could pass 2**53) are left to networkx."
)


def get_info() -> dict[str, Any]:
    """networkx's ``backend_info`` for fiboheap: its name, a summary and, per
    function, the notes networkx adds to the function's documentation."""
    return {
        "backend_name": "fiboheap",
        "project": "fiboheap",
        "package": "fiboheap",
        "short_summary": "Dijkstra, Prim and centralities on fiboheap's compiled Fibonacci heap.",
        "functions": {
            name: {"additional_docs": f"{docs} {_EXACT}"} for name, docs in FUNCTIONS.items()
        },
    }
