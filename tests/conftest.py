"""Shared test configuration: the hypothesis profiles and the fast_switching fixture.

HYPOTHESIS_PROFILE selects one (``DEEP=1 scripts/test`` exports ``deep``):

* ``default``: quick, for every run. The whole FiboHeap state machine takes
  well under 20 s on CPython and 40 s on PyPy with it.
* ``deep``: many more and longer runs, for a nightly or a release.

The state machine scales its own settings from the loaded profile (see
tests/test_state_machine.py), so both profiles carry the step count too.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

# PyPy's JIT warms up during the first examples; that is not a slow test.
_SLOW_START = [HealthCheck.too_slow]

settings.register_profile(
    "default",
    max_examples=100,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=_SLOW_START,
    print_blob=True,
)
settings.register_profile(
    "deep",
    max_examples=1000,
    stateful_step_count=200,
    deadline=None,
    suppress_health_check=_SLOW_START,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Switch threads as often as possible, so that the Python parts of the
    heap's methods interleave too, not only the C parts."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(old)


@pytest.fixture(params=["dict order", "address order"])
def bulk_pops(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """pop_many and clear pop the entries of a large removal in address
    order (fiboheap/_handles.py): both ways, whatever the removal's size."""
    import fiboheap._handles

    threshold = 0 if request.param == "address order" else 1 << 62
    monkeypatch.setattr(fiboheap._handles, "SORTED_POPS_FROM", threshold)
    return str(request.param)
