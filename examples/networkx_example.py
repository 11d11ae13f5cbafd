"""fiboheap.graph on a networkx graph, checked against networkx itself.

A small road map (distances in km, speed limits in km/h) as a networkx Graph:
the shortest route by distance, the fastest route by a callable weight
(travel time), the distances from one city, and the cheapest network of
roads that still connects every city (a minimum spanning tree).

Run:  python examples/networkx_example.py
"""

from __future__ import annotations

import sys
from typing import Any

from fiboheap.graph import dijkstra, prim, shortest_path

ROADS = [
    # (city, city, km, speed limit km/h)
    ("Amsterdam", "Utrecht", 45, 130),
    ("Amsterdam", "Haarlem", 20, 80),
    ("Amsterdam", "Almere", 30, 100),
    ("Haarlem", "Leiden", 32, 80),
    ("Leiden", "The Hague", 20, 100),
    ("The Hague", "Rotterdam", 27, 100),
    ("Leiden", "Utrecht", 55, 100),
    ("Utrecht", "Rotterdam", 57, 130),
    ("Utrecht", "Arnhem", 65, 130),
    ("Almere", "Zwolle", 80, 100),
    ("Zwolle", "Arnhem", 68, 100),
    ("Rotterdam", "Breda", 50, 130),
    ("Breda", "Eindhoven", 60, 130),
    ("Utrecht", "Eindhoven", 90, 130),
    ("Eindhoven", "Arnhem", 85, 100),
]


def travel_minutes(u: Any, v: Any, attrs: dict[str, Any]) -> float:
    """A callable weight: minutes to drive the road at its speed limit."""
    return 60.0 * float(attrs["km"]) / float(attrs["limit"])


def main() -> int:
    try:
        import networkx as nx
    except ImportError:
        print("networkx is not installed: pip install networkx to run this example")
        return 0

    G = nx.Graph()
    for u, v, km, limit in ROADS:
        G.add_edge(u, v, km=km, limit=limit)

    km, route = shortest_path(G, "Amsterdam", "Eindhoven", weight="km")
    nx_km = nx.dijkstra_path_length(G, "Amsterdam", "Eindhoven", weight="km")
    print(f"shortest route Amsterdam -> Eindhoven: {km} km via {' - '.join(route)}")
    print(f"  networkx: {nx_km} km, same: {km == nx_km}")

    minutes, fastest = shortest_path(G, "Amsterdam", "Eindhoven", weight=travel_minutes)
    nx_minutes = nx.dijkstra_path_length(G, "Amsterdam", "Eindhoven", weight=travel_minutes)
    print(f"fastest route Amsterdam -> Eindhoven: {minutes:.1f} min via {' - '.join(fastest)}")
    print(f"  networkx: {nx_minutes:.1f} min, same: {abs(minutes - nx_minutes) < 1e-9}")

    dist, _pred = dijkstra(G, "Leiden", weight="km")
    nx_dist = nx.single_source_dijkstra_path_length(G, "Leiden", weight="km")
    print("distances from Leiden: " + ", ".join(f"{city} {d}" for city, d in dist.items()))
    print(f"  networkx: same: {dist == nx_dist}")

    total, edges = prim(G, "Amsterdam", weight="km")
    nx_total = nx.minimum_spanning_tree(G, weight="km", algorithm="prim").size(weight="km")
    print(f"minimum road network: {total} km over {len(edges)} roads")
    for u, v, w in edges:
        print(f"  {u} - {v} ({w} km)")
    print(f"  networkx: {nx_total:g} km, same: {total == nx_total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
