"""What the graph algorithms raise: :class:`NoPathError`, and the errors
that name the edge whose weight an algorithm refused, whether the C engine
(a status code) or the exact Python loop found it."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any, NoReturn, Optional

from fiboheap._binding import error, lib
from fiboheap.graph.readers import result_numbers

__all__ = ["NoPathError", "bad_weight", "is_nan", "is_number", "raise_status", "reraise"]


class NoPathError(LookupError):
    """Raised by :func:`shortest_path` when ``target`` cannot be reached from
    ``source``; both are kept as the ``source`` and ``target`` attributes and
    named in the message."""

    source: Any
    target: Any

    def __init__(self, source: Any, target: Any, message: Optional[str] = None) -> None:
        if message is None:
            message = f"no path from {source!r} to {target!r}"
        super().__init__(message)
        self.source = source
        self.target = target

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.source, self.target, str(self)))


def is_number(value: Any) -> bool:
    """Whether ``value`` is a weight an algorithm can compare and add: a real
    number, or anything with ``__float__`` but a string or a complex."""
    return isinstance(value, numbers.Real) or (
        hasattr(value, "__float__") and not isinstance(value, (str, bytes, complex))
    )


def is_nan(w: Any) -> bool:
    """NaN, without the InvalidOperation that comparing a signalling
    Decimal NaN raises."""
    nan = getattr(w, "is_nan", None)
    if callable(nan):
        return bool(nan())
    return bool(w != w)


def bad_weight(u: Any, v: Any, w: Any, sign: str = "->") -> NoReturn:
    """Raise the error for the weight ``w`` of edge ``u -> v`` that failed a
    check (negative or NaN: ValueError; not a number: TypeError)."""
    edge = f"{u!r} {sign} {v!r}"
    if not is_number(w):
        raise TypeError(f"the weight of edge {edge} is not a number: {w!r}")
    if is_nan(w):
        raise ValueError(f"the weight of edge {edge} is NaN")
    raise ValueError(f"negative weight {w!r} on edge {edge}: dijkstra needs weights >= 0")


def reraise(exc: Exception, u: Any, v: Any, w: Any, sign: str = "->") -> NoReturn:
    """A TypeError or an arithmetic error (Decimal's InvalidOperation) escaped
    the Python loop: name the edge if its weight is the culprit."""
    if not is_number(w) or is_nan(w):
        try:
            bad_weight(u, v, w, sign)
        except (TypeError, ValueError) as error:
            raise error from exc
    raise exc


def raise_status(
    status: int, arc: Any, nodes: Sequence[Any], integral: bool, sign: str = "->"
) -> NoReturn:
    """Raise what a failed csrc/graph.h search means: for FH_EWEIGHT the
    error naming ``arc`` (an ``fh_graph_arc``) in the labels ``nodes``, its
    weight an int if the graph's weights are (``integral``), its edge
    written ``u sign v``; for any other status, fiboheap._binding's."""
    if status == lib.FH_EWEIGHT:
        (w,) = result_numbers(integral, [arc.weight])
        bad_weight(nodes[arc.tail], nodes[arc.head], w, sign)
    raise error(status)
