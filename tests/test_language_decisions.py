"""The program language: one test (or a few) per row of the contract's "fine points" table.

Positions are asserted exactly: line, col, end_line, end_col (1-based,
end_col just after the last character).
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.language import ProgramError, Span, parse_program


def error(source: str) -> ProgramError:
    with pytest.raises(ProgramError) as caught:
        parse_program(source)
    return caught.value


def where(err: ProgramError) -> tuple[int, int]:
    return err.line, err.col


# -- line and column numbers -------------------------------------------------


def test_positions_are_1_based_and_point_at_the_smallest_expression():
    err = error("x = [1.0, 2.0]\ny = x + zz")
    assert (err.kind, err.line, err.col, err.end_line, err.end_col) == ("unknown-name", 2, 9, 2, 11)


def test_binary_operation_position_is_where_the_whole_operation_starts():
    err = error("a = ones(2, 3)\nb = ones(2)\nc = 1 + a @ b")
    assert err.kind == "shape"
    assert err.span == Span(3, 9, 3, 14)  # `a @ b`, not the `@`


def test_columns_count_code_points_not_utf8_bytes():
    err = error("é = 1.0\nπλ = [1.0]; y = πλ + ζ")
    # "πλ = [1.0]; y = πλ + " is 21 code points, so ζ is at col 22 (its UTF-8 byte offset is 24)
    assert err.span == Span(2, 22, 2, 23)


def test_columns_count_a_tab_as_one():
    err = error("x = 1.0\ny =\tx +\tq")
    assert where(err) == (2, 9)


def test_columns_are_those_of_the_program_as_typed_before_dedent():
    err = error("    x = 1.0\n    y = x + q")
    assert where(err) == (2, 13)


def test_an_expression_over_several_lines_reports_the_line_where_it_starts():
    err = error("a = ones(2, 3)\nb = ones(2)\nc = (a\n     @\n     b)")
    assert err.kind == "shape"
    assert err.span == Span(3, 6, 5, 7)


def test_wide_and_combining_characters_keep_the_caret_under_the_span():
    source = "变量 = [1.0]\ny = 变量 + q"
    err = error(source)
    assert where(err) == (2, 10)
    lines = err.render(source).splitlines()
    # two wide characters take four cells: the caret sits under q
    assert lines[1] == "    y = 变量 + q"
    assert lines[2] == "    " + " " * 11 + "^"


# -- empty -------------------------------------------------------------------


@pytest.mark.parametrize("source", ["", "   ", "\n\n", "# only a comment", "\ufeff", "  # a\n\t\n"])
def test_empty_or_comment_only_program_is_an_error_at_1_1(source):
    err = error(source)
    assert (err.kind, err.message, err.line, err.col) == ("empty", "the program is empty", 1, 1)


# -- pasted code -------------------------------------------------------------


def test_uniformly_indented_program_is_dedented():
    program = parse_program("    x = [1.0, 2.0]\n    # note\n\n    y = sum(x)\n")
    assert float(program.output.data) == 3.0


def test_dedent_keeps_continuation_lines_inside_brackets():
    program = parse_program("  x = [1.0,\n2.0]\n  y = sum(x)")
    assert float(program.output.data) == 3.0


def test_unevenly_indented_program_is_a_syntax_error_at_the_odd_statement():
    err = error("    x = 1.0\ny = x")
    assert (err.kind, err.line, err.col) == ("syntax", 2, 1)
    err = error("x = 1.0\n    y = x")
    assert (err.kind, err.line) == ("syntax", 2)


def test_byte_order_mark_is_removed_and_counts_nowhere():
    err = error("\ufeffx = q")
    assert where(err) == (1, 5)
    assert float(parse_program("\ufeffx = 2.0").output.data) == 2.0


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_crlf_cr_and_lf_each_end_one_line(newline):
    source = newline.join(["x = 1.0", "", "y = x + q"])
    err = error(source)
    assert where(err) == (3, 9)
    assert err.render(source).splitlines()[1] == "    y = x + q"


def test_tab_indented_paste_is_accepted():
    program = parse_program("\tx = 2.0\r\n\ty = x * x\r\n")
    assert float(program.output.data) == 4.0


# -- identifiers -------------------------------------------------------------


def test_identifiers_as_python_reads_them_with_nfkc():
    program = parse_program("λ = [1.0, 2.0]\nｙ = ｅｘｐ(λ)")
    assert list(program.variables) == ["λ", "y"]
    np.testing.assert_allclose(program.output.data, np.exp([1.0, 2.0]))


# -- names -------------------------------------------------------------------


def test_pi_and_e_are_constants_until_assigned_once():
    program = parse_program("e = e * 2\nt = pi + e")
    assert float(program.variables["e"].data) == pytest.approx(2 * np.e)
    assert float(program.output.data) == pytest.approx(np.pi + 2 * np.e)
    assert "e" in program.leaves  # refers to no variable: a leaf


def test_pi_may_not_be_assigned_twice():
    err = error("pi = 3.0\npi = 4.0")
    assert (err.kind, err.line, err.col) == ("name", 2, 1)
    assert "already assigned on line 1" in err.message


def test_a_function_name_may_not_be_assigned():
    err = error("x = 1.0\nexp = x")
    assert (err.kind, err.line, err.col, err.end_col) == ("name", 2, 1, 4)


def test_a_name_may_be_assigned_once():
    err = error("x = 1.0\ny = x\nx = 2.0")
    assert (err.kind, err.line) == ("name", 3)
    assert err.message == "`x` is already assigned on line 1"


def test_using_a_name_before_its_assignment_is_an_error():
    err = error("y = h + 1\nh = 2.0")
    assert (err.kind, err.line, err.col) == ("unknown-name", 1, 5)
    assert err.message == "`h` is used before it is assigned (on line 2)"


def test_out_assigned_next_to_a_bare_last_expression_is_an_error_at_that_assignment():
    err = error("x = 1.0\nout = x * 2\nx + 1")
    assert (err.kind, err.line, err.col) == ("name", 2, 1)


def test_out_may_be_assigned_when_the_last_statement_is_an_assignment():
    program = parse_program("x = 1.0\nout = x * 2")
    assert program.output_name == "out"
    assert float(program.output.data) == 2.0


# -- constructors ------------------------------------------------------------


def test_constructors_inside_expressions_with_variables_are_constants():
    program = parse_program("x = [1.0, 2.0, 3.0]\ny = x + ones(3)")
    y = program.output
    assert y.op.name == "add"
    assert program.n_ops == 1
    constant = y.inputs[1]
    assert constant.requires_grad is False
    assert constant.op is None
    assert list(program.leaves) == ["x"]
    np.testing.assert_array_equal(y.data, [2.0, 3.0, 4.0])


# -- integer arguments -------------------------------------------------------


@pytest.mark.parametrize("axis", ["-1", "2*3 - 5", "1.0", "4/4", "+1"])
def test_integer_arguments_accept_constant_integer_expressions(axis):
    program = parse_program(f"x = ones(2, 3)\ny = sum(x, axis={axis})")
    assert program.output.shape == (2,)


def test_integer_argument_with_a_fraction_is_an_error_at_it():
    err = error("x = ones(2, 3)\ny = sum(x, axis=2.5)")
    assert (err.kind, err.line, err.col, err.end_col) == ("argument", 2, 17, 20)
    assert err.message == "the axis must be an integer, not 2.5"


def test_integer_argument_may_not_be_a_variable():
    err = error("k = 1.0\nx = ones(2, 3)\ny = sum(x, axis=k)")
    assert (err.kind, err.line, err.col) == ("argument", 3, 17)
    assert "variable `k`" in err.message


@pytest.mark.parametrize(
    ("source", "kind", "col"),
    [
        ("x = zeros(2.5)", "argument", 11),
        ("x = randn(2, seed=0.5)", "argument", 19),
        ("x = ones(3)\ny = x[1.5]", "argument", 7),
        ("x = linspace(0, 1, 2.5)", "argument", 20),
        ("x = ones(4)\ny = reshape(x, 2.5, -1)", "argument", 16),
    ],
)
def test_every_integer_argument_refuses_a_fraction(source, kind, col):
    err = error(source)
    assert (err.kind, err.col) == (kind, col)


def test_arange_and_linspace_take_float_bounds():
    program = parse_program("a = arange(0.5, 2.0, 0.5)\nb = linspace(-0.5, 0.5, 3)")
    np.testing.assert_array_equal(program.variables["a"].data, [0.5, 1.0, 1.5])
    np.testing.assert_array_equal(program.variables["b"].data, [-0.5, 0.0, 0.5])


# -- positional axis ---------------------------------------------------------


@pytest.mark.parametrize("name", ["sum", "mean", "logsumexp", "softmax", "log_softmax"])
def test_positional_axis_is_refused_with_write_axis_hint(name):
    err = error(f"x = ones(2, 3)\ny = {name}(x, 0)")
    # "y = " + name + "(x, " puts the 0 at col 9 + len(name)
    assert (err.kind, err.line, err.col) == ("argument", 2, 9 + len(name))
    assert err.hint == "write axis=0"


def test_max_with_a_second_argument_gets_the_contract_hint():
    err = error("x = ones(2, 3)\ny = max(x, 0)")
    assert err.kind == "argument"
    assert err.hint == "max(x, 0) is not relu: use maximum(x, 0) elementwise, or max(x, axis=0)"


def test_min_with_a_second_argument_gets_a_matching_hint():
    err = error("x = ones(2, 3)\ny = min(x, 1)")
    assert err.hint == (
        "min(x, 1) is not elementwise: use minimum(x, 1) elementwise, or min(x, axis=1)"
    )


def test_transpose_with_positional_axes_gets_write_axes_hint():
    assert error("x = ones(2, 3)\ny = transpose(x, 1, 0)").hint == "write axes=[1, 0]"
    assert error("x = ones(2, 3)\ny = transpose(x, [1, 0])").hint == "write axes=[1, 0]"


# -- shapes ------------------------------------------------------------------


def test_reshape_accepts_one_minus_one():
    assert parse_program("x = ones(6)\ny = reshape(x, -1, 2)").output.shape == (3, 2)
    err = error("x = ones(6)\ny = reshape(x, -1, -1)")
    assert (err.kind, err.line, err.col) == ("argument", 2, 5)


def test_shapes_as_separate_integers_or_one_list():
    assert parse_program("x = zeros(2, 3)").output.shape == (2, 3)
    assert parse_program("x = zeros([2, 3])").output.shape == (2, 3)
    assert parse_program("x = randn([4], seed=1)").output.shape == (4,)


@pytest.mark.parametrize(
    "source", ["x = randn()", "x = zeros()", "x = full(value=2)", "x = rand()"]
)
def test_a_constructor_without_a_shape_is_a_scalar(source):
    assert parse_program(source).output.shape == ()
    assert float(parse_program("x = full(value=2)").output.data) == 2.0


def test_eye_takes_one_or_two_sizes():
    np.testing.assert_array_equal(parse_program("x = eye(2, 3)").output.data, np.eye(2, 3))
    err = error("x = eye()")
    assert (err.kind, err.col) == ("argument", 5)


def test_full_requires_value():
    err = error("x = full(2, 3)")
    assert (err.kind, err.line, err.col) == ("argument", 1, 5)
    assert err.hint == "full(2, 3, value=0.5)"


def test_negative_shape_entries_are_errors():
    err = error("x = zeros(2, -3)")
    assert (err.kind, err.col, err.message) == (
        "argument",
        14,
        "a shape entry cannot be negative, not -3",
    )


# -- concat, stack -----------------------------------------------------------


def test_concat_and_stack_take_separate_arrays_or_one_list():
    source = "a = [1.0, 2.0]\nb = [3.0, 4.0]\nc = [5.0, 6.0]\n"
    np.testing.assert_array_equal(
        parse_program(source + "r = concat([a, b, c])").output.data, [1, 2, 3, 4, 5, 6]
    )
    np.testing.assert_array_equal(
        parse_program(source + "r = stack(a, b, c, axis=1)").output.data,
        [[1, 3, 5], [2, 4, 6]],
    )


def test_one_list_argument_is_always_the_list_of_arrays():
    np.testing.assert_array_equal(
        parse_program("r = concat([[1, 2], [3, 4]])").output.data, [1.0, 2.0, 3.0, 4.0]
    )
    np.testing.assert_array_equal(
        parse_program("r = stack([[1, 2], [3, 4]])").output.data, [[1.0, 2.0], [3.0, 4.0]]
    )


@pytest.mark.parametrize(
    ("call", "literal"),
    [
        ("concat(a, b, 0)", "0"),
        ("concat(a, b, -1)", "-1"),
        ("stack([a, b], 1)", "1"),
        ("stack([a, b, 1])", "1"),
        ("concat([a, +0.0, b])", "+0.0"),
    ],
)
def test_a_numeric_literal_among_the_arrays_is_refused(call, literal):
    err = error(f"a = [1.0, 2.0]\nb = [3.0, 4.0]\nr = {call}")
    col = len("r = ") + call.rindex(literal) + 1
    assert (err.kind, err.line, err.col, err.end_col) == ("argument", 3, col, col + len(literal))
    assert err.hint == f"write axis={literal}"


def test_concat_needs_two_or_more_arrays():
    err = error("a = [1.0, 2.0]\nr = concat(a)")
    assert (err.kind, err.line, err.col) == ("argument", 2, 5)
    err = error("a = [1.0, 2.0]\nr = concat([a])")
    assert err.kind == "argument"


def test_concat_axis_defaults_to_zero():
    program = parse_program("a = ones(2, 2)\nr = concat(a, a)")
    assert program.output.shape == (4, 2)


# -- dot ---------------------------------------------------------------------


def test_dot_of_more_than_two_axes_points_to_matmul():
    err = error("a = ones(2, 2, 2)\nb = ones(2)\nr = dot(a, b)")
    assert (err.kind, err.line, err.col) == ("shape", 3, 5)
    assert "@" in err.hint


# -- indexing ----------------------------------------------------------------


def test_an_integer_list_mixes_with_slices_with_numpy_axis_rules():
    source = "a = reshape(arange(24), 2, 3, 4)\n"
    a = np.arange(24.0).reshape(2, 3, 4)
    cases = {
        ":, [0, 2]": a[:, [0, 2]],
        "..., [1, 3]": a[..., [1, 3]],
        "1, :, [0, 3]": a[1, :, [0, 3]],
        "[1, 0], 2": a[[1, 0], 2],
        ":, 1:, [0, -1]": a[:, 1:, [0, -1]],
    }
    for index, expected in cases.items():
        program = parse_program(source + f"r = a[{index}]")
        assert program.output.shape == expected.shape, index
        np.testing.assert_array_equal(program.output.data, expected, err_msg=index)


def test_repeated_index_entries_accumulate_and_negative_entries_work():
    program = parse_program("x = [1.0, 2.0, 3.0]\nL = sum(x[[0, 0, -1]])")
    program.output.backward()
    np.testing.assert_array_equal(program.leaves["x"].grad, [2.0, 0.0, 1.0])


def test_indices_must_be_constants():
    err = error("i = 1.0\nx = [1.0, 2.0]\ny = x[i]")
    assert (err.kind, err.line, err.col) == ("argument", 3, 7)
    assert parse_program("x = [1.0, 2.0, 3.0]\ny = x[2*1]").output.data == 3.0


def test_a_constant_array_expression_is_an_integer_list_index():
    program = parse_program("x = [1.0, 2.0, 3.0]\ny = x[arange(2) * 2]")
    np.testing.assert_array_equal(program.output.data, [1.0, 3.0])
    err = error("x = [1.0, 2.0, 3.0]\ny = x[arange(2) / 2]")
    assert (err.kind, err.col, err.message) == (
        "argument",
        7,
        "an index must be an integer, not 0.5",
    )


def test_none_in_an_index_is_an_error():
    err = error("x = ones(3)\ny = x[None]")
    assert (err.kind, err.line, err.col) == ("unsupported", 2, 7)


def test_two_integer_lists_in_one_index_are_an_error():
    err = error("x = ones(3, 3)\ny = x[[0, 1], [1, 2]]")
    assert (err.kind, err.line, err.col) == ("unsupported", 2, 15)


def test_two_ellipses_are_an_error():
    err = error("x = ones(3, 3)\ny = x[..., ...]")
    assert (err.kind, err.line, err.col) == ("argument", 2, 12)


def test_slice_step_zero_is_an_error():
    err = error("x = ones(3)\ny = x[::0]")
    assert (err.kind, err.col) == ("argument", 9)


def test_index_out_of_range_is_an_argument_error_at_the_index():
    err = error("x = ones(3)\ny = x[3]")
    assert (err.kind, err.line, err.col) == ("argument", 2, 7)
    assert "out of range" in str(err.message)


# -- zero-size and empty -----------------------------------------------------


def test_empty_and_zero_size_arrays_are_allowed():
    assert parse_program("x = []").output.shape == (0,)
    assert parse_program("x = zeros(0)").output.shape == (0,)
    assert parse_program("x = ones(3)\ny = x[2:1]").output.shape == (0,)
    assert float(parse_program("x = []\ny = sum(x)").output.data) == 0.0


def test_ragged_lists_are_an_error_at_the_odd_row():
    err = error("x = [[1, 2], [3, 4], [5]]")
    assert (err.kind, err.line, err.col, err.end_col) == ("shape", 1, 22, 25)


@pytest.mark.parametrize("name", ["max", "min"])
def test_max_and_min_of_a_zero_size_array_are_errors(name):
    err = error(f"x = ones(2, 0)\ny = {name}(x, axis=0)")
    assert (err.kind, err.line, err.col) == ("shape", 2, 5)


# -- booleans ----------------------------------------------------------------


def test_booleans_only_as_keepdims():
    assert parse_program("x = ones(2, 3)\ny = sum(x, keepdims=True)").output.shape == (1, 1)
    assert parse_program("x = ones(2, 3)\ny = sum(x, keepdims=False)").output.shape == ()
    err = error("x = ones(2, 3)\ny = x * True")
    assert (err.kind, err.line, err.col) == ("unsupported", 2, 9)
    err = error("x = ones(2, 3)\ny = sum(x, keepdims=1)")
    assert (err.kind, err.col) == ("argument", 21)


# -- cross_entropy labels ----------------------------------------------------


def test_labels_as_a_literal_list_or_a_constant_expression():
    a = parse_program("z = ones(2, 3)\nL = cross_entropy(z, [0, 2])")
    b = parse_program("z = ones(2, 3)\nL = cross_entropy(z, arange(2) * 2)")
    assert float(a.output.data) == pytest.approx(np.log(3))
    assert float(b.output.data) == pytest.approx(np.log(3))


def test_a_label_variable_is_a_constant_everywhere():
    program = parse_program(
        "z = [[1.0, 2.0], [3.0, 0.5]]\ny = [1, 0]\nL = cross_entropy(z, y) + sum(y * z)"
    )
    program.output.backward()
    assert program.labels == {"y"}
    assert program.constants == {"y"}
    assert "y" not in program.leaves
    assert program.variables["y"].requires_grad is False
    assert program.variables["y"].grad is None
    assert program.leaves["z"].grad is not None


def test_a_label_variable_through_an_alias_is_a_constant():
    program = parse_program("z = ones(2, 3)\ny = [0, 1]\ny2 = y\nL = cross_entropy(z, y2)")
    assert program.labels == {"y", "y2"}
    assert "y" not in program.leaves


def test_labels_must_be_integers():
    err = error("z = ones(2, 3)\ny = [0, 0.5]\nL = cross_entropy(z, y)")
    assert (err.kind, err.line, err.col) == ("argument", 3, 22)
    assert err.message == "class labels must be integers, not 0.5"


def test_labels_computed_from_variables_are_an_error():
    err = error("z = ones(2, 3)\nL = cross_entropy(z, z[:, 0])")
    assert (err.kind, err.line, err.col) == ("argument", 2, 22)


def test_labels_out_of_range_are_an_error():
    err = error("z = ones(2, 3)\nL = cross_entropy(z, [0, 3])")
    assert (err.kind, err.col, err.message) == (
        "argument",
        22,
        "label 3 is out of range for 3 classes (0 to 2)",
    )


def test_one_dimensional_logits_with_one_label_are_one_sample():
    program = parse_program("z = [1.0, 2.0, 3.0]\nL = cross_entropy(z, 2)")
    z = np.array([1.0, 2.0, 3.0])
    assert float(program.output.data) == pytest.approx(np.log(np.exp(z).sum()) - 3.0)


# -- mse ---------------------------------------------------------------------


def test_mse_needs_equal_shapes_and_names_both():
    err = error("p = ones(3)\nt = ones(1, 3)\nL = mse(p, t)")
    assert (err.kind, err.line, err.col) == ("shape", 3, 5)
    assert "(3,)" in str(err.message)
    assert "(1, 3)" in str(err.message)


# -- subgradients ------------------------------------------------------------


def test_subgradients_at_ties_and_kinks():
    program = parse_program(
        "x = [0.0, 3.0, 3.0]\ny = [0.0, 1.0, 5.0]\n"
        "L = sum(relu(x)) + sum(abs(x)) + max(x) + sum(maximum(x, y))"
    )
    program.output.backward()
    # relu'(0)=0, abs'(0)=0, max splits 1 over the two 3s, maximum gives half on the tie at 0
    np.testing.assert_array_equal(program.leaves["x"].grad, [0.5, 3.5, 2.5])
    np.testing.assert_array_equal(program.leaves["y"].grad, [0.5, 0.0, 1.0])


# -- constant arithmetic -----------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [("1/0", np.inf), ("-1/0", -np.inf), ("10.0**400", np.inf), ("9**9**9**9", np.inf)],
)
def test_constant_arithmetic_is_float64_like_numpy(source, expected):
    program = parse_program(f"x = {source}")
    assert float(program.output.data) == expected


def test_zero_over_zero_is_nan():
    assert np.isnan(parse_program("x = 0/0").output.data)


def test_constant_sub_expressions_are_folded_and_not_nodes():
    program = parse_program("x = [1.0, 2.0]\ny = x * (2 + 3) + exp(0) * sum([1, 2])")
    # x * 5 and + 3: the constant parts are folded into one input each
    assert program.n_ops == 2
    assert sorted(t.op.name for t in _graph(program.output) if t.op is not None) == ["add", "mul"]
    constants = [float(t.data) for t in _graph(program.output) if t.op is None and t.name != "x"]
    assert sorted(constants) == [3.0, 5.0]
    np.testing.assert_array_equal(program.output.data, [8.0, 13.0])


def test_a_decimal_literal_over_4300_digits_is_an_error_at_its_position():
    source = "x = 1.0\ny = x + " + "7" * 4301
    err = error(source)
    assert (err.kind, err.line, err.col, err.end_col) == ("limit", 2, 9, 9 + 4301)
    assert "4,301 digits" in err.message
    assert parse_program("x = " + "7" * 4300).output.data == float("7" * 4300)


# -- a variable that does not reach the output -------------------------------


def test_a_variable_that_does_not_reach_the_output_stays_listed():
    program = parse_program("x = [1.0, 2.0]\nz = [3.0, 4.0, 5.0]\nL = sum(x)")
    program.output.backward()
    assert list(program.leaves) == ["x", "z"]
    z = program.leaves["z"]
    reported = z.grad if z.grad is not None else np.zeros(z.shape)
    np.testing.assert_array_equal(reported, np.zeros(3))


# -- helpers -----------------------------------------------------------------


def _graph(output):
    seen, stack = {}, [output]
    while stack:
        t = stack.pop()
        if t.serial not in seen:
            seen[t.serial] = t
            stack.extend(t.inputs)
    return list(seen.values())
