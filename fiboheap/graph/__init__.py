"""Graph algorithms in C, on a 4-ary heap indexed by node.

* :func:`dijkstra` - shortest paths from one source (non-negative weights),
* :func:`multi_source_dijkstra` - the same from several sources at once,
* :func:`shortest_path` - one shortest path between two nodes,
* :func:`astar_path`, :func:`astar_path_length` - networkx's A*, its
  heuristic called from C once per node,
* :func:`prim` - a minimum spanning forest of an undirected graph,
* :func:`betweenness_centrality`, :func:`edge_betweenness_centrality` and
  :func:`closeness_centrality` - networkx's centralities, one search per
  node, the nodes shared among threads,
* :class:`CompactGraph` - a graph read once into C memory; its
  :meth:`~CompactGraph.distance_matrix` runs many sources on several threads.

Each function reads the graph into a :class:`CompactGraph` (or takes one)
and runs in C with the GIL released (csrc/graph.c, on csrc/vertex_heap.h's
vertex heap): one heap element per graph node, lowered by decrease-key.
Where floats cannot give the exact answer (weights that are Fractions,
Decimals, other number types, or ints whose sums could pass 2**53) a Python
loop gives networkx's exact answer instead.

Accepted graphs
---------------
``graph`` is either

* a :class:`CompactGraph`;
* a networkx ``Graph``, ``DiGraph``, ``MultiGraph`` or ``MultiDiGraph`` (or a
  view of one).  It is recognised by duck typing - an ``is_directed`` method
  plus an ``_adj`` or ``adj`` mapping - so this module never imports networkx,
  which stays an optional dependency; or
* a plain mapping of mappings ``{u: {v: w}}`` where ``w`` is the *number*
  weighing the edge ``u -> v``.  It is read as a directed graph by
  :func:`dijkstra` and :func:`shortest_path` (list both directions for an
  undirected edge) and as an undirected one by :func:`prim`.  A node that only
  appears as a neighbour is a node without outgoing edges.

:class:`CompactGraph` also reads edge lists, arrays and scipy sparse matrices.
Labels follow networkx's rule, a dict's: a label that equals a node's and
hashes as it is that node (``1.0`` or ``Fraction(1)`` for node ``1``).

Weights
-------
``weight`` follows networkx:

* a string (any hashable) names the edge attribute holding the weight; an
  edge without that attribute weighs 1; for a multigraph the lightest of the
  parallel edges counts.  An attribute of ``None`` hides the edge from
  Dijkstra (networkx's Dijkstra skips it) and makes :func:`prim` raise
  :class:`TypeError` (as networkx's spanning trees do); parallel edges whose
  weights cannot be ordered (``None`` and a number) raise :class:`TypeError`
  where a search examines them (networkx's ``min`` raises there).  For a
  mapping of mappings the name is not used: the weight is the number stored
  for the edge.
* a callable ``weight(u, v, attrs) -> number or None`` computes the weight of
  the edge ``u -> v``.  ``attrs`` is the edge's attribute dict for a networkx
  graph (the dict of parallel edges, keyed by edge key, for a multigraph) and
  **the number itself** for a mapping of mappings.  Returning ``None`` hides
  the edge.  It is called once per edge (and direction) when the graph is read.

Distances and totals are the sums of the weights: ints when every weight is
an int, floats when the weights are floats (or floats and ints), and exact
sums of the weights as given for other number types.  NaN weights raise
:class:`ValueError`, and so do negative ones in Dijkstra; weights that are not
numbers raise :class:`TypeError`; each names its edge.  The graph is read
once per call and never modified: a graph changed afterwards does not change
a CompactGraph built from it.

The package, one idea per module
--------------------------------
``readers`` turns graphs, mappings, edge lists and arrays into arcs and
holds networkx's weight rule; ``compact`` is :class:`CompactGraph` and its
distance matrix; ``exact`` the exact-arithmetic engine; ``shortest_paths``
Dijkstra, shortest paths and the two-sided search; ``astar`` A*;
``spanning`` Prim; ``centrality`` betweenness and closeness;
``errors`` what they raise.  This module's ``__all__`` is the API; the
other names without an underscore in those modules are the seams the
package, its networkx backend and its benchmarks share.
"""

from fiboheap.graph.astar import astar_path, astar_path_length
from fiboheap.graph.centrality import (
    betweenness_centrality,
    closeness_centrality,
    edge_betweenness_centrality,
)
from fiboheap.graph.compact import CompactGraph
from fiboheap.graph.compact import GraphLike as GraphLike
from fiboheap.graph.errors import NoPathError
from fiboheap.graph.readers import GraphNode as GraphNode
from fiboheap.graph.readers import Weight as Weight
from fiboheap.graph.readers import WeightFunction as WeightFunction
from fiboheap.graph.shortest_paths import dijkstra, multi_source_dijkstra, shortest_path
from fiboheap.graph.spanning import prim

__all__ = [
    "CompactGraph",
    "NoPathError",
    "astar_path",
    "astar_path_length",
    "betweenness_centrality",
    "closeness_centrality",
    "dijkstra",
    "edge_betweenness_centrality",
    "multi_source_dijkstra",
    "prim",
    "shortest_path",
]
