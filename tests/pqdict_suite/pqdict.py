"""Stands in for pqdict when scripts/test runs pqdict 1.4.1's own
tests/test_pqdict.py on fiboheap (this directory first on PYTHONPATH):
PriorityDict is pqdict, and the names its tests import come along.

pqdict's Empty is a KeyError raised by an empty queue: PriorityDict raises
KeyError itself. fiboheap has no module-level nsmallest and nlargest: their
two tests are deselected, and these refuse to run."""
from fiboheap import PriorityDict as pqdict

__all__ = ["Empty", "nlargest", "nsmallest", "pqdict"]

Empty = KeyError


def nlargest(*args: object, **kwargs: object) -> list[object]:
    """Not in fiboheap: see docs/migrating.md#from-pqdict."""
    raise NotImplementedError("fiboheap has no pqdict.nlargest")


def nsmallest(*args: object, **kwargs: object) -> list[object]:
    """Not in fiboheap: see docs/migrating.md#from-pqdict."""
    raise NotImplementedError("fiboheap has no pqdict.nsmallest")
