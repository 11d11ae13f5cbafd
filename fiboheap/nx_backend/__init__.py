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

#: The networkx functions the backend implements, with what it adds to
#: networkx's documentation of each (networkx prints it under "Backends").
FUNCTIONS: dict[str, str] = {
    "dijkstra_path": "",
    "dijkstra_path_length": "",
    "single_source_dijkstra": "",
    "single_source_dijkstra_path": "",
    "single_source_dijkstra_path_length": "",
    "multi_source_dijkstra": "",
    "multi_source_dijkstra_path": "",
    "multi_source_dijkstra_path_length": "",
    "all_pairs_dijkstra": "",
    "all_pairs_dijkstra_path": "",
    "all_pairs_dijkstra_path_length": "",
    "dijkstra_predecessor_and_distance": "",
    "bidirectional_dijkstra": (
        "Runs a one-directional Dijkstra search that stops at the target; "
        "the length is the same, the path may be another of equal length."
    ),
    "minimum_spanning_edges": 'Only with algorithm="prim"; other algorithms run in networkx.',
    "minimum_spanning_tree": 'Only with algorithm="prim"; other algorithms run in networkx.',
}

_COMMON_DOCS = (
    "Weights must be floats or ints up to 2**53 in magnitude: weights that "
    "need exact arithmetic (Fraction, Decimal, larger ints) are left to networkx. "
    "A negative or NaN weight on an edge the search examines raises ValueError "
    "naming the edge."
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
            name: {"additional_docs": (extra + " " + _COMMON_DOCS).strip()}
            for name, extra in FUNCTIONS.items()
        },
    }
