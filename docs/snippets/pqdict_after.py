"""After: the pqdict program on fiboheap, its import changed and the
max-queue made with reverse=True (pqdict.maxpq(...) in pqdict)."""
from __future__ import annotations

from fiboheap import PriorityDict as pqdict

pq = pqdict({"write": 5, "test": 3, "ship": 9})
pq.additem("docs", 7)
pq.updateitem("ship", 1)  # urgent now
pq["lint"] = 4
assert pq.top() == "ship" and pq.topitem() == ("ship", 1)
assert pq.pop("docs") == 7  # removed by name
result = [pq.popitem() for _ in range(len(pq))]
assert result == [("ship", 1), ("test", 3), ("lint", 4), ("write", 5)]

highest = pqdict({"low": 1, "high": 10}, reverse=True)
assert highest.top() == "high"
