"""Fuzzing with huge and degenerate integers: shapes, sizes, axes, indices, seeds, counts.

Without huge integers the language fuzz finds nothing; with them numpy used to
raise its own errors (``zeros(2**62, 0)``, ``eye(0, 10**30)``, ``arange(-10**30)``).
The property is the same as in ``test_language_fuzz.py``: a Program or a
ProgramError with a position, never another exception; the whole run
(``session.run``, the recorded pass included) never raises either.

Bounded for CI: 600 examples, 2 to 3 s on an idle machine and under 10 s on a
loaded one. For a long run set ``CHAINRULE_FUZZ_EXAMPLES``:
``CHAINRULE_FUZZ_EXAMPLES=80000 pytest tests/test_language_fuzz_huge.py`` took
6 minutes (80,000 programs, none failing) when this test was written.
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_language_fuzz import VALID, check

from engine.language import Limits
from engine.views import session

EXAMPLES = int(os.environ.get("CHAINRULE_FUZZ_EXAMPLES", "600"))
HUGE = settings(
    max_examples=EXAMPLES,
    deadline=None,  # timed inside check(), with a margin for a busy machine
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    database=None,
)

#: Integers at the edges: zero, one, signed 32/63/64-bit limits, far past them.
EDGES = [
    "0",
    "1",
    "-1",
    "2",
    "-2",
    "3",
    "2**31",
    "2**31-1",
    "2**32",
    "2**62",
    "2**63",
    "2**63-1",
    "2**64",
    "-2**63",
    "-2**64",
    "10**18",
    "10**30",
    "-10**30",
    "10**308",
    "10**400",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "-9223372036854775809",
    "100000000000000000000000000000000",
    "2.0**62",
    "1e30",
    "-1e30",
    "1e-300",
    "1e400-1e400",
    "-0.0",
]
integer = st.one_of(st.sampled_from(EDGES), st.integers(-(2**70), 2**70).map(str))
small = st.integers(-2, 3).map(str)
zero = st.just("0")
# Mostly small, with zeros, so shapes are often valid or empty with a huge axis.
mixed = st.one_of(integer, small, small, zero)
shape = st.lists(mixed, max_size=4).map(", ".join)
CALLS = [
    "zeros({s})",
    "ones({s})",
    "full({s}, value=1)",
    "randn({s}, seed={i})",
    "rand({s}, seed={i})",
    "eye({i})",
    "eye({i}, {j})",
    "arange({i})",
    "arange({i}, {j})",
    "arange({i}, {j}, {k})",
    "linspace({i}, {j}, {k})",
    "reshape(zeros(0), {s})",
    "reshape(zeros(0, {i}), {s})",
    "reshape(x, {s})",
    "reshape(x, [{s}])",
    "x[{i}]",
    "x[{i}:{j}]",
    "x[{i}:{j}:{k}]",
    "x[[{i}, {j}]]",
    "x[..., {i}]",
    "sum(x, axis={i})",
    "max(x, axis=[{i}, {j}])",
    "softmax(x, axis={i})",
    "transpose(x, axes=[{i}, {j}])",
    "concat(x, x, axis={i})",
    "stack(x, x, axis={i})",
    "stack(zeros(0, {i}), zeros(0, {i}))",
    "concat(zeros({s}), zeros({s}))",
    "cross_entropy(x, [{i}, {j}])",
    "x ** {i}",
    "x * {i}",
    "zeros({s}) @ zeros({s})",
    "zeros({s}) + zeros({s})",
]
call = st.tuples(st.sampled_from(CALLS), shape, mixed, mixed, mixed).map(
    lambda t: t[0].format(s=t[1], i=t[2], j=t[3], k=t[4])
)
BASES = ["x = randn(2, 3, seed=1)", "x = zeros(0, 3)", "x = ones(2)", "x = [[1.0]]"]


@st.composite
def huge_program(draw) -> str:
    lines = [draw(st.sampled_from(BASES))]
    for i in range(draw(st.integers(1, 3))):
        expression = draw(call).replace(
            "x", draw(st.sampled_from(["x", *[f"y{j}" for j in range(i)]]))
        )
        lines.append(f"y{i} = {expression}")
    return "\n".join(lines)


_INTEGER = re.compile(r"(?<![\w.])\d+(?![\w.])")


@st.composite
def valid_program_with_huge_integers(draw) -> str:
    """A valid program whose integer literals are, some of them, replaced by edge values."""
    text = draw(st.sampled_from(VALID))
    return _INTEGER.sub(lambda m: draw(mixed) if draw(st.booleans()) else m.group(), text)


@HUGE
@given(st.one_of(huge_program(), valid_program_with_huge_integers()))
def test_huge_and_degenerate_integers_give_only_program_errors(source):
    check(source)
    # The whole run, as the app and the command line do it: never an exception.
    result = session.run(source, LIMITS)
    assert isinstance(result, session.RunOk | session.RunFailed)
    if isinstance(result, session.RunOk):
        assert result.trace is not None


LIMITS = Limits(max_chars=4_000, max_depth=100, max_elements=20_000, max_ops=300)
