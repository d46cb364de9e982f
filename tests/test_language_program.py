"""The Program a parse returns: variables, leaves, names, spans, aliases, seeding, op count."""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine.language import Program, Span, parse_program

SIGMOID = (
    "x = [-1.0, -2.0]\nw = [2.0, -3.0, -3.0]\nf = 1 / (1 + exp(-(w[0]*x[0] + w[1]*x[1] + w[2])))"
)


def graph(output):
    """Every tensor the output depends on, in creation order."""
    seen, stack = {}, [output]
    while stack:
        t = stack.pop()
        if t.serial not in seen:
            seen[t.serial] = t
            stack.extend(t.inputs)
    return [seen[k] for k in sorted(seen)]


def test_program_fields():
    program = parse_program(SIGMOID)
    assert isinstance(program, Program)
    assert program.source == SIGMOID
    assert program.output_name == "f"
    assert program.output is program.variables["f"]
    assert list(program.variables) == ["x", "w", "f"]
    assert list(program.leaves) == ["x", "w"]
    assert program.labels == set()
    assert program.seeded_with_ones is False
    assert program.n_ops == sum(1 for t in graph(program.output) if t.op is not None) == 13


def test_source_is_kept_as_typed():
    typed = "\ufeff  x = 1.0\r\n  y = x * 2\r\n"
    assert parse_program(typed).source == typed


def test_every_node_leaf_and_constant_has_a_span():
    program = parse_program(SIGMOID)
    nodes = graph(program.output)
    assert len(nodes) == 17  # 2 leaves, 13 operations, 2 constants
    for t in nodes:
        assert t.serial in program.spans, t


def test_spans_are_those_of_the_expressions_that_made_each_tensor():
    program = parse_program(SIGMOID)
    by_name = {t.name: t for t in graph(program.output)}
    assert program.spans[by_name["x"].serial] == Span(1, 5, 1, 17)  # the right side
    assert program.spans[by_name["w"].serial] == Span(2, 5, 2, 22)
    assert program.spans[by_name["f"].serial] == Span(3, 5, 3, 51)  # the whole division
    exp_node = next(t for t in by_name.values() if t.op is not None and t.op.name == "exp")
    assert program.spans[exp_node.serial] == Span(3, 14, 3, 50)
    first_index = next(t for t in by_name.values() if t.op is not None and t.op.name == "index")
    assert program.spans[first_index.serial] == Span(3, 20, 3, 24)  # w[0]
    one = [t for t in by_name.values() if t.op is None and t.name.startswith("const#")]
    assert sorted(program.spans[t.serial] for t in one) == [Span(3, 5, 3, 6), Span(3, 10, 3, 11)]


def test_every_node_carries_a_name_with_one_counter_per_program():
    program = parse_program(SIGMOID)
    names = [t.name for t in graph(program.output)]
    assert names[:2] == ["x", "w"]
    assert names[-1] == "f"
    automatic = [n for n in names if n not in {"x", "w", "f"}]
    assert all(re.fullmatch(r"[a-z_]+#\d+", n) for n in automatic)
    counters = [int(n.split("#")[1]) for n in automatic]
    assert sorted(counters) == list(range(1, len(automatic) + 1))
    assert "index#1" in names
    assert "exp#11" in names


def test_automatic_labels_use_the_op_name_and_keep_counting_across_statements():
    program = parse_program("x = [1.0]\nh = tanh(x * 2)\nL = sum(h + 1)")
    names = [t.name for t in graph(program.output)]
    assert names == ["x", "const#1", "mul#2", "h", "const#3", "add#4", "L"]


def test_top_node_of_a_statement_takes_the_variable_name():
    program = parse_program("x = [1.0, 2.0]\nh = tanh(x)\nL = sum(h ** 2)")
    assert program.variables["h"].name == "h"
    assert program.variables["h"].op.name == "tanh"
    assert program.variables["L"].name == "L"
    assert program.variables["L"].op.name == "sum"


def test_leaves_are_named_tensors_that_require_a_gradient():
    program = parse_program("W = randn(2, 2, seed=0) * 0.1\nb = zeros(2)\nL = sum(W @ b)")
    for name in ("W", "b"):
        leaf = program.leaves[name]
        assert leaf.name == name
        assert leaf.op is None
        assert leaf.requires_grad is True
        assert leaf.data.dtype == np.float64
    np.testing.assert_allclose(
        program.leaves["W"].data, np.random.default_rng(0).standard_normal((2, 2)) * 0.1
    )


def test_a_leaf_is_evaluated_once_to_a_constant_array():
    program = parse_program("x = sum(ones(3)) * exp(0)")
    assert program.n_ops == 0
    assert program.leaves["x"].op is None
    assert float(program.output.data) == 3.0


def test_alias_is_the_same_tensor_under_a_second_name():
    program = parse_program("x = [1.0, 2.0]\ny = x\nz = +x\nL = sum(y * z)")
    assert program.variables["y"] is program.variables["x"]
    assert program.variables["z"] is program.variables["x"]
    assert program.variables["x"].name == "x"
    assert list(program.leaves) == ["x", "y", "z"]
    assert program.n_ops == 2
    program.output.backward()
    np.testing.assert_array_equal(program.leaves["y"].grad, [2.0, 4.0])


def test_a_bare_name_as_the_last_statement_makes_out_an_alias():
    program = parse_program("x = [1.0, 2.0]\nL = sum(x)\nL")
    assert program.output_name == "out"
    assert program.variables["out"] is program.variables["L"]
    assert program.output.name == "L"


def test_a_bare_constant_last_expression_is_a_leaf_named_out():
    program = parse_program("2 + 3")
    assert program.output_name == "out"
    assert program.leaves["out"].name == "out"
    assert float(program.output.data) == 5.0


@pytest.mark.parametrize(
    ("source", "seeded"),
    [
        ("x = [1.0, 2.0]\ny = sum(x)", False),
        ("x = [1.0, 2.0]\ny = x * 2", True),
        ("x = [1.0]\ny = x * 2", True),
        ("x = [[1.0]]\ny = sum(x, keepdims=True)", True),
    ],
)
def test_non_scalar_outputs_are_seeded_with_ones(source, seeded):
    program = parse_program(source)
    assert program.seeded_with_ones is seeded
    program.output.backward()
    x = program.leaves["x"]
    expected = np.full(x.shape, 2.0) if seeded and "* 2" in source else np.ones(x.shape)
    np.testing.assert_array_equal(x.grad, expected)


def test_two_parses_share_nothing():
    first = parse_program("x = [1.0]\ny = x * 3")
    second = parse_program("x = [1.0]\ny = x * 3")
    assert first.output is not second.output
    first.output.backward()
    assert second.leaves["x"].grad is None


# -- warnings: look-alike names --------------------------------------------------------------


def test_two_names_that_differ_by_a_cyrillic_letter_give_a_warning_at_the_second():
    source = "a = 1.0\nb = [2.0]\n\u0430 = 3.0\nL = sum(a * b + \u0430)"
    program = parse_program(source)
    assert set(program.variables) == {"a", "b", "\u0430", "L"}  # still two variables
    (warning,) = program.warnings
    assert (warning.kind, warning.line, warning.col) == ("lookalike", 3, 1)
    assert str(warning) == (
        "line 3, col 1: `\u0430` looks like `a` (line 1) but is a different name: it has "
        "\u0430 U+0430 CYRILLIC where `a` has a U+0061 LATIN"
    )
    assert warning.text("zh").startswith("第 3 行，第 1 列：`\u0430` 看起来像 `a`（第 1 行）")


def test_a_greek_capital_and_a_name_like_a_constant_warn_too():
    source = "\u0397 = 1.0\nH = 2.0\n\u0435 = 3.0\nL = \u0397 * H * \u0435"  # Greek Eta; Cyrillic е
    program = parse_program(source)
    assert [(w.kind, w.line) for w in program.warnings] == [
        ("lookalike", 2),
        ("lookalike-builtin", 3),
    ]
    assert "looks like `e` but is a different name" in str(program.warnings[1])


def test_distinct_letters_of_other_scripts_do_not_warn():
    source = (
        "\u03b1 = 1.0\na = 2.0\n\u03bd = 3.0\nv = 4.0\nx1 = 1.0\nxl = 2.0\n"
        "L = \u03b1 * a * \u03bd * v * x1 * xl"
    )
    assert parse_program(source).warnings == ()
