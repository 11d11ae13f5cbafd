"""After: the pqdict program on fiboheap, only its import changed
(pqdict.maxpq(...) is PriorityDict(..., reverse=True))."""
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

highest = pqdict.maxpq({"low": 1, "high": 10})
assert highest.top() == "high"
