"""What the signal tests share: an exception raised by a timer's handler
only while the innermost Python frame is fiboheap's code, so that it lands
inside a method, between whatever two steps the interpreter was at."""
from __future__ import annotations

import contextlib
import itertools
import os
import signal
from collections.abc import Callable, Iterator
from typing import Any

import fiboheap

PACKAGE = os.path.dirname(fiboheap.__file__)
# Finalizers run wherever the collector happens to start (for heaps that
# earlier tests left behind, too); an exception raised in one is unraisable
# and Python keeps it, with every frame of its traceback, for its hook: the
# test's own frames then look like owners. Interrupts land in every other
# fiboheap frame.
FINALIZERS = {"__del__"}


class Interrupt(Exception):
    """What the timer's handler raises."""


class Payload:
    """A payload (or item, hashed by identity in C) with no Python frame of
    its own, and weakly referenceable so that a test can see it die."""

    __slots__ = ("n", "__weakref__")

    def __init__(self, n: int) -> None:
        self.n = n


def in_fiboheap(frame: Any) -> bool:
    return (
        frame is not None
        and frame.f_code.co_filename.startswith(PACKAGE)
        and frame.f_code.co_name not in FINALIZERS
    )


@contextlib.contextmanager
def interval_timer(handler: Callable[[int, Any], None], seconds: float) -> Iterator[None]:
    """SIGALRM runs ``handler`` every ``seconds`` while the block runs."""
    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
        signal.signal(signal.SIGALRM, old)


# How many exceptions a signal test wants landed inside fiboheap, and the
# work it gives up after. On a loaded machine the timer's expiries while the
# process waits for a core merge into one signal, so a fixed amount of work
# sees fewer of them: the work goes on until enough have landed.
ENOUGH_LANDED = 50
MOST_STEPS = 3_000_000


def steps_until_landed(
    landed: list[int], at_least: int = 0, enough: int = ENOUGH_LANDED,
    most: int = MOST_STEPS,
) -> Iterator[int]:
    """Step numbers for a signal test's work: ``at_least`` of them, then more
    until ``landed[0]`` reaches ``enough``; AssertionError past ``most``
    steps, when the timer or the handler is broken."""
    for step in itertools.count():
        if step >= at_least and landed[0] >= enough:
            return
        assert step < most, (
            f"only {landed[0]} exceptions landed inside fiboheap in {step:,} steps"
        )
        yield step
