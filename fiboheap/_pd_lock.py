"""A PriorityDict's lock: the one place where it is taken and given back,
and what a fork leaves of it.

Every call that changes a mapping runs under the mapping's one reentrant
lock, so each call is atomic with respect to other threads' calls, as
FiboHeap's calls are; a flag, ``_busy``, refuses a call made on the same
thread from inside another (an item's ``__hash__``, ``__eq__``, the key
function or a ``__del__`` run by the collector). :func:`locked` takes both
and gives them back; :func:`exclusive` also holds signals back on PyPy's
main thread, so that no handler runs between two steps that must not be
split. The ``finally`` releases the lock, except when a signal handler's
exception interrupted the wait for it: the lock is then not this thread's,
RLock refuses with RuntimeError, and the handler's exception goes on. (No
function call between: a Python function's entry is a point where a handler
may run.)

Fork: nothing waits for a mapping's lock around ``os.fork()``. A thread
holding one may be running an item's ``__hash__`` that waits for another
mapping's lock, or for the forking thread itself: a hook that took every
lock could wait for ever. In the child, every mapping whose lock a thread of
the parent held (a thread the child does not have) gets a fresh lock, and
its ``_recover`` puts its C heap right from its dict, the truth.
"""
from __future__ import annotations

import functools
import inspect
import sys
import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from fiboheap._safety import holding_signals, on_fork_child

__all__ = ["LockedMapping", "exclusive", "locked", "reentered"]

#: A method wrapped by locked or exclusive.
F = TypeVar("F", bound=Callable[..., Any])


class LockedMapping:
    """The base that gives a mapping its lock and busy flag, and registers
    it for the fork hook; the mapping defines ``_recover``."""

    __slots__ = ("_lock", "_busy", "__weakref__")

    _lock: threading.RLock
    _busy: bool

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        self = super().__new__(cls)
        self._lock = threading.RLock()
        self._busy = False
        _instances[id(self)] = self
        return self

    def _recover(self) -> None:
        """In a child process, for a mapping whose lock a thread of the
        parent held at the fork (the lock is new): puts the mapping right.
        Runs with the lock taken and ``_busy`` set."""
        raise NotImplementedError


def reentered() -> RuntimeError:
    """What a call made from inside another call on the same thread raises."""
    return RuntimeError(
        "PriorityDict changed by an item's __hash__ or __eq__, its key function "
        "or a __del__ during another of its calls on the same thread"
    )


#: The wrapper that :func:`locked` writes for each method, with the method's
#: own positional parameters (as dataclasses writes ``__init__``): CPython
#: 3.11 runs a call to a plain signature inside the caller's loop, and a call
#: through ``*args`` as a new C-level call, which costs more than the lock.
#: The ``try`` comes before ``acquire``: see the module's docstring. It is
#: compiled as the lines of this file it stands on, which tracebacks show.
_LOCKED_TEMPLATE_LINE = sys._getframe().f_lineno + 1
_LOCKED_TEMPLATE = """
def wrap(method_, reentered_):
    def locked(self{parameters}):
        lock_ = self._lock
        try:
            lock_.acquire()
            if self._busy:
                raise reentered_()
            self._busy = True
            try:
                return method_(self{parameters})
            finally:
                self._busy = False
        finally:
            try:
                lock_.release()
            except RuntimeError:  # the wait was interrupted: see the module's docstring
                pass
    return locked
"""


def locked(method: F) -> F:
    """Runs ``method`` under the mapping's lock with ``_busy`` set: a call
    into the mapping from inside it on the same thread is refused with
    RuntimeError. See the module's docstring. ``method`` takes positional
    parameters only (with or without defaults); the wrapper has the same."""
    code = method.__code__
    parameters = code.co_varnames[1:code.co_argcount]
    if (code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS)
            or code.co_kwonlyargcount or {"lock_", "method_", "reentered_"} & set(parameters)):
        raise TypeError(f"locked: {method.__qualname__} must take named positional parameters only")
    source = _LOCKED_TEMPLATE.format(parameters="".join(", " + p for p in parameters))
    namespace: dict[str, Any] = {}
    exec(compile("\n" * (_LOCKED_TEMPLATE_LINE - 1) + source, __file__, "exec"), namespace)
    wrapper = namespace["wrap"](method, reentered)
    wrapper.__defaults__ = method.__defaults__
    return functools.wraps(method)(wrapper)  # type: ignore[return-value]


def exclusive(method: F) -> F:
    """``method`` under the lock (:func:`locked`), signals held back on
    PyPy's main thread: what every call that changes a mapping runs as."""
    return holding_signals(locked(method))


#: Every mapping alive, by id (a mapping is not hashable), for the fork hook.
_instances: weakref.WeakValueDictionary[int, LockedMapping] = weakref.WeakValueDictionary()


def _after_fork() -> None:
    """In a child process: each mapping whose lock a thread of the parent
    held at the fork gets a fresh lock and is put right (``_recover``). A
    mapping whose lock is free, or the forking thread's own, is left as it
    is."""
    while True:
        try:
            members = list(_instances.values())
            break
        except RuntimeError:  # a collection changed _instances meanwhile
            continue
    for mapping in members:
        lock = mapping._lock
        if lock.acquire(False):
            lock.release()
        else:
            lock._at_fork_reinit()  # type: ignore[attr-defined]
            with lock:
                # Set whatever the parent's thread left: a __del__ run by a
                # collection during the repair is refused.
                mapping._busy = True
                try:
                    mapping._recover()
                finally:
                    mapping._busy = False


on_fork_child(_after_fork)
