"""What a fork or a signal handler's exception must not break: the one
module that registers fork hooks and holds signals back.

Fork. A fork while another thread is inside a C call would give the child
locks that nobody can release: the arena takes every lock before the fork
and frees them on both sides (multiprocessing's fork start method forks
too); a heap that a garbage collector frees in between is freed once they
are released (fh_free, in the C core). Whatever else needs the child put
right (PriorityDict's locks) registers with :func:`on_fork_child`, and runs
after the arena is usable again.

Signals. CPython runs pending signal handlers after a call returns, not
between a store and the next call: two plain steps leave no gap for a
handler's exception. PyPy may run them before any bytecode of code that is
not compiled yet; its ``__pypy__.thread._signals_exit()`` holds them back in
this thread until ``_signals_enter()`` (in a finally that no signal can
enter), at two cheap calls. Only the main thread runs signal handlers (PyPy
refuses to hold signals in another thread); after a fork, the forking thread
is the child's main one.
"""
from __future__ import annotations

import functools
import os
import threading
from _thread import get_ident
from collections.abc import Callable
from typing import Any, TypeVar

from fiboheap._binding import ARENA, lib

__all__ = [
    "HOLD_SIGNALS", "hold_signals", "holding_signals", "in_signal_thread",
    "on_fork_child", "release_signals",
]

F = TypeVar("F", bound=Callable[..., Any])

try:
    from __pypy__.thread import (  # type: ignore[import-not-found]
        _signals_enter as release_signals,
    )
    from __pypy__.thread import (
        _signals_exit as hold_signals,
    )
except ImportError:
    #: True where signals must be held back around steps that must not be
    #: split (PyPy); elsewhere hold_signals() and release_signals() do nothing.
    HOLD_SIGNALS = False

    def hold_signals() -> None:
        """Holds back signal handlers in this thread (PyPy only)."""

    def release_signals() -> None:
        """Lets signal handlers run again (PyPy only)."""
else:
    HOLD_SIGNALS = True

# The thread that runs signal handlers: the main one, or after a fork the
# forking one.
_signal_thread = [threading.main_thread().ident]


def in_signal_thread() -> bool:
    """True in the thread that runs signal handlers."""
    return get_ident() == _signal_thread[0]


def holding_signals(method: F) -> F:
    """On PyPy, runs ``method`` with signals held back on the signal thread
    (a call that already holds them runs as it is). On CPython, ``method``
    itself."""
    if not HOLD_SIGNALS:
        return method

    @functools.wraps(method)
    def held(*args: Any, **kwargs: Any) -> Any:
        if not in_signal_thread():
            return method(*args, **kwargs)
        try:
            hold_signals()
        except RuntimeError:  # held already, by a call that reached this one
            return method(*args, **kwargs)
        try:
            return method(*args, **kwargs)
        finally:
            release_signals()

    return held  # type: ignore[return-value]


_child_hooks: list[Callable[[], None]] = []


def on_fork_child(hook: Callable[[], None]) -> None:
    """Runs ``hook`` in every child process forked from now on, after the
    arena's locks are released and the signal thread is the forking one."""
    _child_hooks.append(hook)


def _after_fork_in_child() -> None:
    lib.fh_arena_fork_child(ARENA)
    _signal_thread[0] = get_ident()
    for hook in _child_hooks:
        hook()


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(
        before=functools.partial(lib.fh_arena_fork_prepare, ARENA),
        after_in_parent=functools.partial(lib.fh_arena_fork_parent, ARENA),
        after_in_child=_after_fork_in_child,
    )
