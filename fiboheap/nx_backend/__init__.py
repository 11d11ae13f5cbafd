"""fiboheap as a networkx backend: ``nx.dijkstra_path(G, s, t, backend="fiboheap")``.

networkx finds the backend through two entry points of the installed
package: ``networkx.backend_info`` (:func:`get_info`, read whenever networkx
is imported, so this module imports nothing) and ``networkx.backends``
(:mod:`fiboheap.nx_backend.backend`, loaded on the first call dispatched to
fiboheap).  ``import fiboheap`` imports neither, nor networkx.
docs/networkx_backend.md tells how to use it.
"""
from __future__ import annotations

from typing import Any

__all__ = ["FUNCTIONS", "get_info"]

_DIJKSTRA = (
    "Runs in C on a fiboheap.graph.CompactGraph. A negative or NaN weight on "
    "an edge the search examines raises ValueError naming the edge."
)
_PRIM = 'Runs in C on a fiboheap.graph.CompactGraph, with algorithm="prim" only.'

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
    "minimum_spanning_edges": _PRIM,
    "minimum_spanning_tree": _PRIM,
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
        "short_summary": "Dijkstra and Prim on fiboheap's compiled Fibonacci heap.",
        "functions": {
            name: {"additional_docs": f"{docs} {_EXACT}"} for name, docs in FUNCTIONS.items()
        },
    }
