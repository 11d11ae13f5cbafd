"""How a Python number becomes a key of the C heap: the one rule that
FiboHeap and PriorityDict share."""
from __future__ import annotations

import decimal
import numbers

from fiboheap._binding import InexactKeyError, error, lib

__all__ = ["as_key"]


def as_key(key: object) -> float:
    """The float that stands for ``key`` in the C heap.

    Refuses what float() accepts but is not a real number (strings, complex
    numbers, numpy's included), NaN, and a number that float() would round:
    two keys rounded to one float would tie, or pop in the wrong order."""
    if type(key) is float:
        if key != key:
            raise error(lib.FH_ENAN, f"key {key!r}")
        return key
    if isinstance(key, (str, bytes, bytearray, complex)) or (
        isinstance(key, numbers.Complex) and not isinstance(key, numbers.Real)
    ):
        raise _not_real(key)
    try:
        value = float(key)  # type: ignore[arg-type]
    except TypeError:
        raise _not_real(key) from None
    if value != value:
        raise error(lib.FH_ENAN, f"key {key!r}")
    if isinstance(key, numbers.Integral):
        exact = int(key) == value
    elif isinstance(key, (numbers.Rational, decimal.Decimal)):
        exact = key == value
    else:
        exact = True  # no exact value to compare with: __float__ is the key
    if not exact:
        raise InexactKeyError(
            f"key {key!r} is not exactly representable as a float, which is "
            f"how the heap stores keys (it would tie or misorder with its "
            f"neighbours); pass float(key) to accept the rounding"
        )
    return value


def _not_real(key: object) -> TypeError:
    return TypeError(
        f"key must be a real number (int, float, Fraction, ...), "
        f"not {type(key).__name__}"
    )
