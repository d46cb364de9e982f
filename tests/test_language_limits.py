"""The program language's limits: one test per row of the contract's limits table, and more.

Each limit is inclusive and is checked before the work that would exceed it:
these tests show the boundary, the position, and (with a sabotaged parser,
allocator or clock) that the work was never started.
"""

from __future__ import annotations

import dataclasses
import time
import tracemalloc

import numpy as np
import pytest

import engine.language as language
from engine.language import (
    DEFAULT_MAX_CHARS,
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_ELEMENTS,
    DEFAULT_MAX_OPS,
    DEFAULT_MAX_PASS_ELEMENTS,
    ENV_VARIABLES,
    Limits,
    ProgramError,
    parse_program,
)


def error(source: str, limits: Limits | None = None) -> ProgramError:
    with pytest.raises(ProgramError) as caught:
        parse_program(source, limits or Limits())
    return caught.value


def chain(depth: int) -> str:
    """A statement whose expression has exactly ``depth`` expression nodes on its deepest path."""
    return "x = " + "-" * (depth - 1) + "1"


# -- the Limits object -------------------------------------------------------


def test_defaults_are_the_named_constants_and_the_contract():
    assert Limits() == Limits(
        max_chars=DEFAULT_MAX_CHARS,
        max_depth=DEFAULT_MAX_DEPTH,
        max_elements=DEFAULT_MAX_ELEMENTS,
        max_ops=DEFAULT_MAX_OPS,
    )
    assert (DEFAULT_MAX_CHARS, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_OPS) == (
        20_000,
        100,
        1_000_000,
        2_000,
    )


def test_limits_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Limits().max_ops = 10**9


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "100"])
def test_limits_must_be_positive_integers(bad):
    with pytest.raises(ValueError, match="max_depth"):
        Limits(max_depth=bad)


def test_from_env_reads_each_variable():
    environ = {
        "CHAINRULE_MAX_CHARS": "100",
        "CHAINRULE_MAX_DEPTH": "7",
        "CHAINRULE_MAX_ELEMENTS": "4_000_000",
        "CHAINRULE_MAX_OPS": " 12 ",
        "CHAINRULE_MAX_TOTAL_ELEMENTS": "50000000",
        "CHAINRULE_MAX_PASS_ELEMENTS": "90000000",
    }
    assert Limits.from_env(environ) == Limits(100, 7, 4_000_000, 12, 50_000_000, 90_000_000)
    assert Limits.from_env({}) == Limits()
    assert set(ENV_VARIABLES.values()) == set(environ)


@pytest.mark.parametrize("raw", ["lots", "-5", "0", "1e6"])
def test_from_env_refuses_a_bad_value_naming_the_variable(raw):
    with pytest.raises(ValueError, match="CHAINRULE_MAX_OPS"):
        Limits.from_env({"CHAINRULE_MAX_OPS": raw})


def test_parse_program_without_limits_uses_the_environment(monkeypatch):
    source = "x = [1.0]\ny = x + 1\nz = y * 2"
    monkeypatch.setenv("CHAINRULE_MAX_OPS", "1")
    with pytest.raises(ProgramError) as caught:
        parse_program(source)
    assert (caught.value.kind, caught.value.line) == ("limit", 3)
    monkeypatch.delenv("CHAINRULE_MAX_OPS")
    assert parse_program(source).n_ops == 2


def test_a_program_cannot_raise_a_limit():
    # There is no statement, keyword or name that touches the limits.
    for source in [
        "max_ops = 10**9\nx = ones(2000, 2000)",
        "CHAINRULE_MAX_ELEMENTS = 10**9\nx = ones(2000, 2000)",
        "limits = 1\nx = ones(2000, 2000)",
    ]:
        assert error(source).kind == "limit"


# -- program length ----------------------------------------------------------


def test_program_length_limit_is_inclusive_and_reported_at_1_1():
    at_limit = "x = 1.0" + " " * (DEFAULT_MAX_CHARS - 7)
    assert len(at_limit) == DEFAULT_MAX_CHARS
    assert parse_program(at_limit, Limits()).output_name == "x"
    err = error(at_limit + " ")
    assert (err.kind, err.line, err.col) == ("limit", 1, 1)
    assert err.message == "the program has 20,001 characters, more than the limit of 20,000"
    assert "CHAINRULE_MAX_CHARS" in err.hint


def test_program_length_counts_characters_as_typed_not_bytes_and_not_the_bom():
    limits = Limits(max_chars=10)
    assert parse_program("\ufeffé = 1.0 ", limits).output_name == "é"  # 10 characters, 11 bytes
    assert parse_program("é = 1.0\r\n1", limits).output_name == "out"  # CRLF is two: 10
    assert error("é = 1.0\r\n12", limits).kind == "limit"  # 11


def test_a_megabyte_program_is_refused_before_parsing(monkeypatch):
    def parse_must_not_run(*args, **kwargs):
        raise AssertionError("parsed a program that is too long")

    monkeypatch.setattr(language.ast, "parse", parse_must_not_run)
    err = error("x = 1\n" * 200_000)  # refused before Python's parser sees it
    assert err.kind == "limit"


# -- nesting depth -----------------------------------------------------------


def test_depth_limit_is_inclusive_counting_the_innermost_node():
    assert parse_program(chain(DEFAULT_MAX_DEPTH), Limits()).output_name == "x"
    err = error(chain(DEFAULT_MAX_DEPTH + 1))
    assert (err.kind, err.line, err.col) == ("limit", 1, 5)
    assert err.message == "this expression is nested too deeply (the limit is 100 levels)"
    assert "CHAINRULE_MAX_DEPTH" in err.hint


def test_depth_counts_expression_nodes_of_every_kind():
    limits = Limits(max_depth=4)
    # Call -> BinOp -> Subscript -> Name: four levels
    assert parse_program("x = [1.0]\ny = exp(x[0] + 1)", limits).n_ops == 3
    # Call -> BinOp -> Call -> Subscript -> Name: five
    err = error("x = [1.0]\ny = exp(tanh(x[0]) + 1)", limits)
    assert (err.kind, err.line, err.col) == ("limit", 2, 5)
    # a list literal nests too: List -> List -> List -> List -> Constant
    assert error("x = [[[[1]]]]", limits).kind == "limit"


def test_depth_is_checked_before_anything_is_evaluated(monkeypatch):
    def evaluate_must_not_run(*args, **kwargs):
        raise AssertionError("evaluated a program that is too deep")

    monkeypatch.setattr(language._Evaluator, "run", evaluate_must_not_run)
    assert error(chain(101)).kind == "limit"


@pytest.mark.parametrize(
    "source",
    [
        "x = " + "(" * 10_000 + "1" + ")" * 10_000,  # "too many nested parentheses"
        "x = " + "[" * 300 + "1" + "]" * 300,
        "x = " + "-" * 100_000 + "1",  # MemoryError in Python's parser
        "x = " + "1+" * 50_000 + "1",  # RecursionError while building the ast
        "x = " + "2**" * 10_000 + "2",
    ],
)
def test_a_program_too_deep_for_pythons_parser_is_a_clean_too_deep_error(source):
    start = time.perf_counter()
    err = error(source, Limits(max_chars=10**6))
    assert err.kind == "limit"
    assert "nested too deeply" in err.message
    assert err.line == 1
    assert time.perf_counter() - start < 5  # a generous bound: a hang would be minutes


def test_a_raised_depth_limit_never_leaks_a_recursion_error():
    limits = Limits(max_depth=10**6, max_chars=10**6)
    for depth in (150, 1_000, 5_000):
        try:
            parse_program("x = [1.0]\ny = " + "-" * depth + "x", limits)
        except ProgramError as err:
            assert err.kind == "limit"
            assert err.message == "this expression is nested more deeply than Python can read"


# -- elements in one tensor --------------------------------------------------


def test_element_limit_is_inclusive():
    assert parse_program("x = zeros(1000, 1000)", Limits()).output.shape == (1000, 1000)
    err = error("x = zeros(1000, 1001)")
    assert (err.kind, err.line, err.col) == ("limit", 1, 5)
    assert err.message == (
        "zeros(...) would have 1,001,000 elements, more than the limit of 1,000,000"
    )
    assert "CHAINRULE_MAX_ELEMENTS" in err.hint


@pytest.mark.parametrize(
    "source",
    [
        "x = zeros(100000, 100000)",
        "x = ones(10**9)",
        "x = full(10**6, 10**6, value=1)",
        "x = eye(10**5)",
        "x = eye(2, 10**12)",
        "x = arange(1e12)",
        "x = arange(0, 1, 1e-12)",
        "x = linspace(0, 1, 10**9)",
        "x = randn(10**5, 10**5)",
        "x = rand([10**18, 10**18], seed=3)",
        "x = zeros(10**300)",
    ],
)
def test_constructors_are_refused_from_their_shape_without_allocating(source):
    tracemalloc.start()
    start = time.perf_counter()
    try:
        err = error(source)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (err.kind, err.line, err.col) == ("limit", 1, 5)
    assert peak < 2_000_000  # bytes: nothing close to a refused array was allocated
    assert time.perf_counter() - start < 0.5


def test_an_operation_result_is_refused_from_shapes_before_computing():
    err = error("a = ones(1001, 1)\nb = a * ones(1, 1000)")
    assert (err.kind, err.line, err.col) == ("limit", 2, 5)
    assert "1,001,000" in str(err.message)
    assert parse_program("a = ones(1000, 1)\nb = a * ones(1, 1000)").output.shape == (1000, 1000)


def test_constant_folding_obeys_the_element_limit_too():
    err = error("a = ones(1001, 1) * ones(1, 1000)")
    assert (err.kind, err.line, err.col) == ("limit", 1, 5)


def test_literal_lists_obey_the_element_limit():
    limits = Limits(max_elements=4)
    assert parse_program("x = [[1, 2], [3, 4]]", limits).output.shape == (2, 2)
    err = error("x = [[1, 2], [3, 4], [5, 6]]", limits)
    assert (err.kind, err.line, err.col) == ("limit", 1, 5)


def test_a_stack_of_large_constants_is_refused_before_stacking():
    err = error("x = [ones(1000, 1000), ones(1000, 1000)]")
    assert (err.kind, err.col) == ("limit", 5)


# -- operation nodes ---------------------------------------------------------


def test_operation_limit_is_inclusive_and_reported_at_the_extra_operation():
    limits = Limits(max_ops=3)
    source = "x = [1.0]\ny = x + 1\nz = y * 2\nw = z - 1"
    assert parse_program(source, limits).n_ops == 3
    err = error(source + "\nv = exp(w)", limits)
    assert (err.kind, err.line, err.col) == ("limit", 5, 5)
    assert err.message == "the graph would have more than 3 operation nodes"
    assert "CHAINRULE_MAX_OPS" in err.hint


def test_folded_constants_do_not_count_as_operations():
    limits = Limits(max_ops=1)
    program = parse_program("x = [1.0]\ny = x * exp(sum(arange(3) ** 2) / 5 - 1)", limits)
    assert program.n_ops == 1


def test_default_operation_limit_allows_2000_and_refuses_2001():
    lines = ["x = 1.0"] + [f"x{i} = {'x' if i == 0 else f'x{i - 1}'} * 2" for i in range(2000)]
    limits = Limits(max_chars=10**6)
    assert parse_program("\n".join(lines), limits).n_ops == 2000
    err = error("\n".join([*lines, "y = x1999 + 1"]), limits)
    assert (err.kind, err.line, err.col) == ("limit", 2002, 5)


# -- many statements ---------------------------------------------------------


def test_five_thousand_statements_are_handled_quickly():
    source = "\n".join(f"a{i} = {i}" for i in range(5000))
    start = time.perf_counter()
    program = parse_program(source, Limits(max_chars=10**6))
    assert len(program.variables) == 5000
    assert time.perf_counter() - start < 3
    # With the default length limit, the same program is refused at once.
    start = time.perf_counter()
    assert error(source).kind == "limit"
    assert time.perf_counter() - start < 0.1


def test_an_unknown_name_among_thousands_is_found_quickly():
    source = "\n".join(f"a{i} = {i}" for i in range(5000)) + "\nb = a99999 + 1"
    start = time.perf_counter()
    err = error(source, Limits(max_chars=10**6))
    assert (err.kind, err.line) == ("unknown-name", 5001)
    assert time.perf_counter() - start < 3


def test_limit_values_in_messages_follow_the_limits_given():
    err = error("x = ones(11)", Limits(max_elements=10))
    assert err.message == "ones(...) would have 11 elements, more than the limit of 10"
    np.testing.assert_array_equal(
        parse_program("x = ones(10)", Limits(max_elements=10)).output.data, 1
    )


def test_all_arrays_together_are_limited_before_the_work():
    # Each statement is within every per-array limit; together they are not.
    source = "x = ones(1000, 1000)\n" + "\n".join(f"a{i} = x * 1" for i in range(30))
    with pytest.raises(ProgramError) as caught:
        parse_program(source, Limits(max_total_elements=20_000_000))
    error = caught.value
    assert (error.kind, error.line, error.col) == ("limit", 21, 7)  # a19 = x * 1
    assert "20,000,000 elements in all" in str(error.message)
    assert "CHAINRULE_MAX_TOTAL_ELEMENTS" in error.hint
    assert parse_program(source, Limits(max_total_elements=31_000_000)).n_ops == 30


def test_constructors_count_against_the_total():
    source = "a = zeros(1000, 1000)\nb = zeros(1000, 1000)\nc = a + b"
    with pytest.raises(ProgramError) as caught:
        parse_program(source, Limits(max_total_elements=1_500_000))
    assert (caught.value.kind, caught.value.line) == ("limit", 2)


@pytest.mark.parametrize(
    "source",
    [
        "x = zeros(2**62, 0)",
        "x = eye(0, 10**30)",
        "x = reshape(zeros(0), 10**30, 0)",
        "x = zeros(0, 10**30)",
        "x = randn(0, 2**64)",
        "x = full(2**62, 0, value=1)",
        "x = zeros(2**31, 2**31, 0)",
        "x = eye(2**40, 0)",
        "x = [zeros(0, 1000000), zeros(0, 1000000)]",
        "x = zeros(0, 1000000)\ny = stack(x, x)",
        "x = zeros(0, 1000000)\nw = [1.0]\ny = stack(x + w, x)",
    ],
)
def test_an_empty_shape_with_huge_axes_is_a_limit_error_at_its_position(source):
    """numpy refuses these although they have no elements: we refuse them first, typed."""
    caught = error(source)
    assert caught.kind == "limit", str(caught)
    assert caught.line == source.count("\n") + 1
    assert caught.col == 5
    assert "no elements" in str(caught.message) and "1,000,000" in str(caught.message)
    assert "CHAINRULE_MAX_ELEMENTS" in caught.hint


def test_an_empty_shape_may_reach_the_element_limit_inclusive():
    program = parse_program("x = zeros(0, 1000000)\ny = zeros(1000000, 0)", Limits())
    assert program.variables["x"].shape == (0, 1_000_000)


@pytest.mark.parametrize("bound", ["-10**30", "-2**63", "-1e300"])
def test_an_arange_that_ends_before_it_starts_is_empty_however_far(bound):
    """numpy sizes arange(-10**30) before it clamps it to 0 and refuses; it is empty here."""
    program = parse_program(f"x = arange({bound})", Limits())
    assert program.variables["x"].shape == (0,)


# -- what the recorded backward pass keeps ------------------------------------------------------

#: The issue's program, with 200 uses instead of 1,000: 200 downstreams of x (1.6 GB).
MANY_USES = "x = randn(1000, 1000, seed=0)\nZ = stack(" + ", ".join(["x[0, 0]"] * 200) + ")"


def test_a_pass_that_keeps_a_gradient_of_x_per_use_is_refused_before_it_runs():
    caught = error(MANY_USES)  # parse_program refuses it: no pass has been recorded
    assert caught.kind == "limit"
    assert caught.message.startswith("the backward pass would keep 60,00")
    assert caught.message.endswith("more than the limit of 60,000,000")
    # At the use where the count passes the limit: the 58th x[0, 0] of line 2.
    assert (caught.line, caught.col) == (2, 11 + 9 * 57)
    assert "CHAINRULE_MAX_PASS_ELEMENTS" in caught.hint


def test_the_pass_limit_is_inclusive_and_counts_value_upstream_and_one_downstream_per_use():
    source = "x = ones(10)\ny = x * x\nL = sum(y)"
    # x: 10 + 10; y: 10 + 10 + 2 × 10 downstream; L: 1 + 1 + 10 downstream.
    exact = 20 + 40 + 12
    parse_program(source, Limits(max_pass_elements=exact))
    caught = error(source, Limits(max_pass_elements=exact - 1))
    assert (caught.kind, caught.line, caught.col) == ("limit", 3, 5)


def test_constants_and_labels_keep_no_gradient_in_the_count():
    source = "z = randn(3, 4, seed=0)\ny = [0, 1, 2]\nL = cross_entropy(z @ ones(4, 4), y)"
    # z: 24; the product: 24 + 12 downstream to z (the constant ones(4, 4) keeps none); L: 2 + 12.
    parse_program(source, Limits(max_pass_elements=24 + 36 + 14))
    assert error(source, Limits(max_pass_elements=24 + 36 + 13)).line == 3


def test_every_example_fits_the_default_pass_limit_many_times_over():
    from engine.language import recorded_pass_elements
    from engine.views.examples import EXAMPLES

    for example in EXAMPLES:
        program = parse_program(example.program, Limits())
        *_, (_, total) = recorded_pass_elements(program.output)
        assert total * 1000 < DEFAULT_MAX_PASS_ELEMENTS, example.key


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("x = arange(0, 1e400 - 1e400)", "nan"),
        ("x = arange(1e400 - 1e400)", "nan"),
        ("x = arange(0, 1, 1e400 - 1e400)", "nan"),
        ("x = arange(0, 1e400)", "inf"),
        ("x = linspace(0, 1e400 - 1e400, 3)", "nan"),
    ],
)
def test_a_nan_bound_is_refused_like_an_infinite_one(source, shown):
    caught = error(source)
    assert caught.kind == "argument"
    assert caught.message.endswith(f"must be one finite number, not {shown}")
