"""fiboheap as a networkx backend: ``nx.dijkstra_path(G, s, t, backend="fiboheap")``.

networkx finds the backend through two entry points of the installed
package: ``networkx.backend_info`` (:func:`get_info`, read whenever networkx
is imported, so it lives in the separate package ``_nx_fiboheap``, which
imports nothing of fiboheap) and ``networkx.backends``
(:mod:`fiboheap.nx_backend.backend`, loaded on the first call dispatched to
fiboheap).  ``import fiboheap`` imports neither, nor networkx.
docs/networkx_backend.md tells how to use it.
"""
from _nx_fiboheap import FUNCTIONS, get_info

__all__ = ["FUNCTIONS", "get_info"]
