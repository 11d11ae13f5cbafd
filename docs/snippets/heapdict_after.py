"""After: the heapdict program with its import changed (and, for mypy, the
item type named). Priorities come back as floats (38.0 == 38)."""
from __future__ import annotations

from fiboheap import PriorityDict as heapdict

hd: heapdict[str] = heapdict()
for city, distance in [("Utrecht", 45), ("Haarlem", 20), ("Leiden", 52), ("Almere", 30)]:
    hd[city] = distance
hd["Leiden"] = 38  # a shorter way was found: assign the new priority
hd["Almere"] = 60  # priorities may go up too
del hd["Haarlem"]
assert hd.peekitem() == ("Leiden", 38)
assert "Haarlem" not in hd and hd["Utrecht"] == 45 and len(hd) == 3
result = [hd.popitem() for _ in range(len(hd))]
assert result == [("Leiden", 38), ("Utrecht", 45), ("Almere", 60)]
