"""networkx's own calls, run by fiboheap: add backend="fiboheap"."""
import networkx as nx

G = nx.DiGraph()
G.add_weighted_edges_from([("a", "b", 1.5), ("b", "c", 2.0), ("a", "c", 4.0), ("c", "d", 1.0)])

length, path = nx.single_source_dijkstra(G, "a", "d", backend="fiboheap")
assert (length, path) == (4.5, ["a", "b", "c", "d"])
assert (length, path) == nx.single_source_dijkstra(G, "a", "d")  # plain networkx agrees

U = nx.Graph(G)
tree = nx.minimum_spanning_tree(U, algorithm="prim", backend="fiboheap")
assert sorted(map(sorted, tree.edges)) == [["a", "b"], ["b", "c"], ["c", "d"]]
assert tree.size(weight="weight") == 4.5
