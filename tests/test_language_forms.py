"""The program language: one test per row of the contract's expression table, and golden programs.

Each test asserts values (and gradients where a row promises them), so a
form that is parsed but computed wrongly fails.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.language import ProgramError, parse_program


def run(source: str):
    program = parse_program(source)
    program.output.backward()
    return program


def value(source: str, name: str | None = None) -> np.ndarray:
    program = parse_program(source)
    tensor = program.output if name is None else program.variables[name]
    return np.asarray(tensor.data)


# -- golden: published worked examples --------------------------------------------------


def test_golden_cs231n_sigmoid_neuron():
    program = run(
        "x = [-1.0, -2.0]\n"
        "w = [2.0, -3.0, -3.0]\n"
        "f = 1 / (1 + exp(-(w[0]*x[0] + w[1]*x[1] + w[2])))"
    )

    assert float(program.output.data) == 0.7310585786300049
    # The engine reaches these through div/add/exp/neg; they agree to the last ulp or two.
    np.testing.assert_allclose(
        program.leaves["w"].grad,
        [-0.19661193324148185, -0.3932238664829637, 0.19661193324148185],
        rtol=1e-14,
    )
    np.testing.assert_allclose(
        program.leaves["x"].grad, [0.3932238664829637, -0.5898357997244456], rtol=1e-14
    )
    assert program.output_name == "f"
    assert set(program.leaves) == {"x", "w"}


def test_golden_contract_example_program():
    program = run(
        "x = [1.0, -2.0, 3.0]            # a leaf: built from constants only\n"
        "W = randn(2, 3, seed=0)         # a leaf\n"
        "b = [0.0, 1.0]                  # a leaf\n"
        "h = tanh(W @ x + b)             # an operation node, named h\n"
        "L = sum(h ** 2)                 # the output: the last statement\n"
    )
    W = np.random.default_rng(0).standard_normal((2, 3))
    h = np.tanh(W @ [1.0, -2.0, 3.0] + [0.0, 1.0])

    assert list(program.leaves) == ["x", "W", "b"]
    assert list(program.variables) == ["x", "W", "b", "h", "L"]
    assert float(program.output.data) == pytest.approx(np.sum(h**2), rel=1e-15)
    np.testing.assert_allclose(program.leaves["b"].grad, 2 * h * (1 - h**2), rtol=1e-13)
    np.testing.assert_allclose(
        program.leaves["W"].grad, np.outer(2 * h * (1 - h**2), [1.0, -2.0, 3.0]), rtol=1e-13
    )


# -- one test per row of the expression table ----------------------------------------------


def test_row_literals():
    assert value("x = 3", "x").dtype == np.float64
    assert value("x = 3") == 3.0
    assert value("x = -2.5") == -2.5
    assert value("x = 1e-3") == 0.001
    np.testing.assert_array_equal(value("x = [[1, 2], [3, 4]]"), [[1.0, 2.0], [3.0, 4.0]])
    assert value("x = [[1, 2], [3, 4]]").dtype == np.float64


def test_row_arithmetic_with_broadcasting():
    program = run(
        "a = [[1.0, 2.0], [3.0, 4.0]]\n"
        "b = [10.0, 20.0]\n"
        "L = sum((a + b) * (a - b) / 2 + a ** 2 - (-a) + (+b))"
    )
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    b = np.array([10.0, 20.0])

    assert float(program.output.data) == pytest.approx(np.sum((a + b) * (a - b) / 2 + a**2 + a + b))
    # d/da of (a² - b²)/2 + a² + a  is  a + 2a + 1
    np.testing.assert_allclose(program.leaves["a"].grad, 3 * a + 1)
    # d/db of -b²/2 + b, summed over the broadcast rows
    np.testing.assert_allclose(program.leaves["b"].grad, 2 * (-b + 1))


def test_row_matrix_product_matmul_rules_and_dot():
    assert parse_program("a = ones(4, 2, 3)\nb = ones(3, 5)\nc = a @ b").output.shape == (4, 2, 5)
    assert parse_program("a = ones(3)\nb = ones(3, 5)\nc = a @ b").output.shape == (5,)
    assert parse_program("a = ones(2, 3)\nb = ones(3)\nc = a @ b").output.shape == (2,)
    assert float(value("a = [1.0, 2.0]\nc = a @ [3.0, 4.0]")) == 11.0
    np.testing.assert_array_equal(
        value("A = [[1.0, 2.0], [3.0, 4.0]]\nc = dot(A, [1.0, 1.0])"), [3.0, 7.0]
    )
    assert float(value("a = 2.0\nc = dot(a, 3.0)")) == 6.0


def test_row_transpose_three_ways():
    program = parse_program(
        "a = reshape(arange(24), 2, 3, 4)\n"
        "t1 = a.T\n"
        "t2 = transpose(a)\n"
        "t3 = transpose(a, axes=[1, 0, 2])"
    )
    a = np.arange(24.0).reshape(2, 3, 4)

    np.testing.assert_array_equal(program.variables["t1"].data, a.T)
    np.testing.assert_array_equal(program.variables["t2"].data, a.T)
    np.testing.assert_array_equal(program.variables["t3"].data, a.transpose(1, 0, 2))


def test_row_indexing_every_form():
    program = parse_program(
        "a = [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]\n"
        "i0 = a[0]\n"
        "i1 = a[-1]\n"
        "i2 = a[1:3]\n"
        "i3 = a[:, 0]\n"
        "i4 = a[::2]\n"
        "i5 = a[[0, 2]]"
    )
    a = np.arange(9.0).reshape(3, 3)
    for name, expected in {
        "i0": a[0],
        "i1": a[-1],
        "i2": a[1:3],
        "i3": a[:, 0],
        "i4": a[::2],
        "i5": a[[0, 2]],
    }.items():
        np.testing.assert_array_equal(program.variables[name].data, expected, err_msg=name)


def test_row_elementwise_functions():
    x = np.array([-0.5, 0.25, 2.0])
    program = run(
        "x = [-0.5, 0.25, 2.0]\n"
        "L = sum(exp(x) + log(abs(x)) + sqrt(abs(x)) + tanh(x) + sigmoid(x) + relu(x)"
        " + sin(x) + cos(x) + maximum(x, 0.3) + minimum(x, 0.3))"
    )
    expected = (
        np.exp(x)
        + np.log(np.abs(x))
        + np.sqrt(np.abs(x))
        + np.tanh(x)
        + 1 / (1 + np.exp(-x))
        + np.maximum(x, 0)
        + np.sin(x)
        + np.cos(x)
        + np.maximum(x, 0.3)
        + np.minimum(x, 0.3)
    )
    assert float(program.output.data) == pytest.approx(expected.sum(), rel=1e-14)
    s = 1 / (1 + np.exp(-x))
    grad = (
        np.exp(x)
        + 1 / x
        + np.sign(x) / (2 * np.sqrt(np.abs(x)))
        + (1 - np.tanh(x) ** 2)
        + s * (1 - s)
        + (x > 0)
        + np.cos(x)
        - np.sin(x)
        + (x > 0.3)
        + (x < 0.3)
    )
    np.testing.assert_allclose(program.leaves["x"].grad, grad, rtol=1e-12)


def test_row_reductions_with_axis_list_and_keepdims():
    source = "a = reshape(arange(6), 2, 3)\n"
    a = np.arange(6.0).reshape(2, 3)

    assert float(value(source + "r = sum(a)")) == 15.0
    np.testing.assert_array_equal(value(source + "r = sum(a, axis=0)"), a.sum(axis=0))
    r = value(source + "r = sum(a, axis=1, keepdims=True)")
    np.testing.assert_array_equal(r, a.sum(axis=1, keepdims=True))
    assert r.shape == (2, 1)
    np.testing.assert_array_equal(value(source + "r = mean(a, axis=[0, 1])"), a.mean())
    np.testing.assert_array_equal(value(source + "r = max(a, axis=1)"), [2.0, 5.0])
    np.testing.assert_array_equal(value(source + "r = min(a, axis=0)"), [0.0, 1.0, 2.0])
    np.testing.assert_allclose(
        value(source + "r = logsumexp(a, axis=-1)"), np.log(np.exp(a).sum(axis=-1))
    )


def test_row_normalisers():
    source = "z = [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]\n"
    z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    softmax_rows = np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)
    softmax_cols = np.exp(z) / np.exp(z).sum(axis=0, keepdims=True)

    np.testing.assert_allclose(value(source + "p = softmax(z)"), softmax_rows)
    np.testing.assert_allclose(value(source + "p = softmax(z, axis=0)"), softmax_cols)
    np.testing.assert_allclose(value(source + "p = log_softmax(z, axis=-1)"), np.log(softmax_rows))


def test_row_shape_functions():
    source = "a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]\nb = [7.0, 8.0, 9.0, 10.0, 11.0, 12.0]\n"
    both = np.array([[1.0, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]])

    assert value(source + "r = reshape(a, 2, 3)").shape == (2, 3)
    np.testing.assert_array_equal(value(source + "r = reshape(a, [3, 2])"), both[0].reshape(3, 2))
    np.testing.assert_array_equal(value(source + "r = concat(a, b, axis=0)"), both.ravel())
    np.testing.assert_array_equal(value(source + "r = stack(a, b, axis=0)"), both)
    np.testing.assert_array_equal(value(source + "r = stack(a, b, axis=1)"), both.T)


def test_row_losses():
    program = run("pred = [1.0, 2.0, 4.0]\nL = mse(pred, [1.0, 1.0, 1.0])")
    assert float(program.output.data) == pytest.approx((0 + 1 + 9) / 3)
    np.testing.assert_allclose(program.leaves["pred"].grad, [0.0, 2 / 3, 2.0])

    program = run("Z = [[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]]\nL = cross_entropy(Z, [0, 1])")
    Z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    assert float(program.output.data) == pytest.approx(-(log_p[0, 0] + log_p[1, 1]) / 2)
    p = np.exp(log_p)
    np.testing.assert_allclose(program.leaves["Z"].grad, (p - np.eye(3)[[0, 1]]) / 2)


def test_row_constructors():
    np.testing.assert_array_equal(value("c = zeros(2, 3)"), np.zeros((2, 3)))
    np.testing.assert_array_equal(value("c = ones(3)"), np.ones(3))
    np.testing.assert_array_equal(value("c = full(2, 3, value=0.5)"), np.full((2, 3), 0.5))
    np.testing.assert_array_equal(value("c = eye(3)"), np.eye(3))
    np.testing.assert_array_equal(value("c = arange(4)"), [0.0, 1.0, 2.0, 3.0])
    np.testing.assert_array_equal(value("c = arange(1, 5, 2)"), [1.0, 3.0])
    np.testing.assert_array_equal(value("c = linspace(0, 1, 5)"), [0.0, 0.25, 0.5, 0.75, 1.0])
    np.testing.assert_array_equal(
        value("c = randn(2, 3, seed=0)"), np.random.default_rng(0).standard_normal((2, 3))
    )
    np.testing.assert_array_equal(
        value("c = rand(2, 3, seed=0)"), np.random.default_rng(0).random((2, 3))
    )


def test_randn_and_rand_are_reproducible_and_seed_defaults_to_zero():
    np.testing.assert_array_equal(value("c = randn(4)"), value("c = randn(4, seed=0)"))
    np.testing.assert_array_equal(value("c = rand(4)"), np.random.default_rng(0).random(4))
    np.testing.assert_array_equal(
        value("c = randn(3, seed=7)"), np.random.default_rng(7).standard_normal(3)
    )
    assert not np.array_equal(value("c = randn(3, seed=1)"), value("c = randn(3, seed=2)"))
    # A long integer literal keeps every digit.
    seed = 12345678901234567891
    np.testing.assert_array_equal(
        value(f"c = rand(2, seed={seed})"), np.random.default_rng(seed).random(2)
    )


def test_statements_separated_by_semicolons_and_comments():
    program = parse_program("a = 1.0; b = 2.0  # two leaves\nc = a * b  # a node")
    assert list(program.variables) == ["a", "b", "c"]
    assert float(program.output.data) == 2.0


def test_bare_last_expression_is_the_output_named_out():
    program = parse_program("x = [1.0, 2.0]\nsum(x * 3)")
    assert program.output_name == "out"
    assert program.output.name == "out"
    assert program.variables["out"] is program.output
    assert float(program.output.data) == 9.0


def test_non_finite_values_are_computed_not_errors():
    program = parse_program("x = [0.0, 1.0]\ny = log(x)\nz = exp(x * 1000)")
    np.testing.assert_array_equal(program.variables["y"].data, [-np.inf, 0.0])
    assert np.isinf(program.variables["z"].data[1])


def test_nothing_else_is_accepted():
    with pytest.raises(ProgramError) as caught:
        parse_program("x = [1.0]\ny = x % 2")
    assert caught.value.kind == "unsupported"
    assert "%" in str(caught.value.message)
