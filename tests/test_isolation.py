"""A new program runs first in a disposable process (engine.views.isolation): its memory
cap and its wall clock hold, and what it reports is what the server would have found."""

from __future__ import annotations

import time

import pytest

from engine.language import Limits
from engine.views import isolation, session

SMALL = "x = randn(3, seed=0)\nW = randn(2, 3, seed=1)\nL = sum(tanh(W @ x) ** 2)"
#: Limits far above the defaults, so only the child's own caps can stop a program.
GENEROUS = Limits(max_elements=10**9, max_total_elements=10**10, max_pass_elements=10**10)


def test_a_program_that_runs_is_reported_as_run():
    assert isolation.vet(SMALL) == ("ran", None)


@pytest.mark.parametrize(
    "source",
    [
        "x = randn(3, seed=0)\nL = sum(y ** 2)",  # a name
        "a = randn(2, 3, seed=0)\nb = randn(4, seed=1)\nL = sum(a @ b)",  # a shape
        "x = randn(2000, 2000, seed=0)\nL = sum(x)",  # a limit
        "x = = 1",  # Python's syntax
    ],
)
def test_a_program_error_comes_back_as_the_server_would_have_found_it(source):
    verdict, error = isolation.vet(source)
    expected = session.run(source).error
    assert verdict == "error"
    assert error is not None and expected is not None
    assert (error.kind, str(error), error.hint) == (expected.kind, str(expected), expected.hint)
    assert error.render(source) == expected.render(source)


def test_the_memory_cap_stops_a_program_the_limits_would_let_through():
    # 8 arrays of 4,000 x 4,000 (128 MB each): past a 600 MiB cap, inside GENEROUS.
    source = "\n".join(f"x{i} = randn(4000, 4000, seed={i})" for i in range(8))
    source += "\nL = sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7)"
    verdict, error = isolation.vet(source, GENEROUS, seconds=60, memory=600 * 2**20)
    # numpy's MemoryError in the child, which the language words as a limit error.
    assert verdict == "error" and error is not None
    assert (error.kind, str(error)) == (
        "limit",
        "line 1, col 1: the program needs more memory than is available",
    )


def test_the_wall_clock_kills_a_program_inside_one_long_operation():
    # Drawing 64 million numbers is one operation of about a second: the run's own budget
    # (checked between operations) cannot stop it; the child's wall clock does.
    source = "a = randn(8000, 8000, seed=0)\nL = sum(a)"
    started = time.monotonic()
    verdict, error = isolation.vet(source, GENEROUS, seconds=0.05, grace=0.3)
    elapsed = time.monotonic() - started
    assert (verdict, error) == ("time", None)
    assert elapsed < 5  # killed, not waited for (the products alone take far longer)


def test_the_memory_cap_is_read_from_the_environment():
    assert isolation.memory_cap_bytes({}) == isolation.DEFAULT_MEMORY_MB * 2**20
    assert isolation.memory_cap_bytes({isolation.MEMORY_VARIABLE: "256"}) == 256 * 2**20
    for bad in ("0", "-5", "lots", "inf", "nan"):
        assert isolation.memory_cap_bytes({isolation.MEMORY_VARIABLE: bad}) == (
            isolation.DEFAULT_MEMORY_MB * 2**20
        )
