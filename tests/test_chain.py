"""The maths of the Jacobian and chain-rule pages (engine/views/chain.py), checked with numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.core.tensor import Tensor
from engine.language import parse_program
from engine.views import chain, jacobians, linearise, numbers, paths, session
from engine.views.examples import EXAMPLES, example

TWO_LAYER = example("two-layer").program
FAN_OUT = example("fan-out").program


def program_and_graph(source: str):
    result = session.run(source)
    assert isinstance(result, session.RunOk), result
    return result.program, paths.program_graph(result.graph)


def ids(graph: paths.ProgramGraph, *labels: str) -> list[int]:
    return [graph.by_label(label).id for label in labels]


def labels(graph: paths.ProgramGraph, node_ids) -> list[str]:
    return [graph.node(i).label for i in node_ids]


# -- the Jacobian three ways -------------------------------------------------------------------


def test_matrix_vector_jacobian_is_the_matrix_and_rows_and_columns_count_passes():
    program = parse_program("W = randn(4, 3, seed=0)\nx = [1.0, -2.0, 0.5]\ny = W @ x")
    W, x, y = (program.variables[k] for k in ("W", "x", "y"))

    report = jacobians.jacobian_three_ways(y, x)

    assert report.shape == (4, 3) and (report.rows, report.cols) == (4, 3)
    np.testing.assert_allclose(report.reverse, W.data, rtol=0, atol=1e-15)
    np.testing.assert_allclose(report.forward, W.data, rtol=0, atol=1e-15)
    np.testing.assert_allclose(report.numerical, W.data, rtol=0, atol=1e-8)
    # Reverse: one VJP per output entry (M = 4); forward: one JVP per input entry (N = 3).
    assert report.passes_reverse == 4
    assert report.passes_forward == 3
    assert report.passes_numerical == 6  # two replays per input entry
    # ... which the engine runs as one batched pass per mode
    assert (report.batched_reverse, report.batched_forward) == (1, 1)
    assert report.difference_modes < 1e-15
    assert 0 < report.difference_numerical < 1e-8
    assert report.max_difference == report.difference_numerical
    assert report.connected and not report.too_large


def test_generalized_jacobian_of_a_matrix_product_has_output_then_input_axes():
    program = parse_program("W = randn(2, 3, seed=1)\nx = [1.0, 2.0, 3.0]\ny = W @ x")
    W, x, y = (program.variables[k] for k in ("W", "x", "y"))

    report = jacobians.jacobian_three_ways(y, W)

    # ∂y_i/∂W_ab = δ_ia · x_b: shape (2,) + (2, 3), flattened 2 × 6.
    expected = np.zeros((2, 2, 3))
    for i in range(2):
        expected[i, i, :] = x.data
    assert report.reverse.shape == (2, 2, 3)
    assert report.matrix.shape == (2, 6)
    np.testing.assert_allclose(report.reverse, expected, atol=1e-15)
    np.testing.assert_allclose(report.forward, expected, atol=1e-15)
    np.testing.assert_allclose(report.numerical, expected, atol=1e-8)
    assert (report.passes_reverse, report.passes_forward) == (2, 6)


def test_all_three_ways_agree_on_every_example_with_its_default_choice():
    for item in EXAMPLES:
        program = parse_program(item.program)
        options = jacobians.jacobian_options(program)
        output = jacobians.default_output(program, options)
        wrt = jacobians.default_wrt(program, options[output])
        report = jacobians.jacobian_three_ways(program.variables[output], program.variables[wrt])

        assert report.passes_reverse == report.rows, item.key
        assert report.passes_forward == report.cols, item.key
        assert report.difference_modes < 1e-12, item.key
        assert report.difference_numerical < 1e-6, item.key


def test_a_jacobian_with_respect_to_an_intermediate_node():
    program = parse_program("x = [0.5, -1.0]\nh = tanh(x)\nL = sum(h * h)")
    h, L = program.variables["h"], program.variables["L"]

    report = jacobians.jacobian_three_ways(L, h)

    np.testing.assert_allclose(report.reverse, 2 * np.tanh([0.5, -1.0]), atol=1e-15)
    assert report.difference_numerical < 1e-8


def test_an_unconnected_input_gives_zeros_and_no_passes():
    program = parse_program("x = [1.0, 2.0]\nw = 3.0\ny = x * 2\nL = sum(y) + w")
    report = jacobians.jacobian_three_ways(program.variables["y"], program.variables["w"])

    assert not report.connected
    assert report.reverse.shape == (2,)
    assert not report.reverse.any() and not report.forward.any() and not report.numerical.any()
    assert report.passes_reverse == 0 and report.passes_numerical == 0


def test_a_jacobian_above_the_cap_is_described_never_built():
    x = Tensor(np.ones(600), name="x")
    y = (x * 2.0).tanh()  # 600 × 600 = 360,000 entries

    report = jacobians.jacobian_three_ways(y, x)

    assert report.too_large and report.reason == "entries"
    assert report.reverse is None and report.forward is None and report.matrix is None
    assert report.shape == (600, 600) and report.entries == 360_000
    assert report.passes_reverse == report.passes_forward == 0
    assert jacobians.JACOBIAN_MAX_ENTRIES == 250_000  # 40,000 before the passes were batched
    assert jacobians.CHAIN_MAX_ENTRIES == 62_500  # four matrices: one Jacobian page's worth


def test_the_cap_is_inclusive_and_the_work_budget_also_stops_the_build():
    x = Tensor(np.linspace(-1.0, 1.0, 500), name="x")
    y = x.tanh()
    at_cap = jacobians.jacobian_three_ways(y, x)  # exactly 250,000 entries
    assert not at_cap.too_large and at_cap.reverse.shape == (500, 500)
    np.testing.assert_allclose(at_cap.reverse, np.diag(1 - np.tanh(x.data) ** 2), atol=1e-15)
    assert (at_cap.batched_reverse, at_cap.batched_forward) == (1, 1)

    slow = jacobians.jacobian_three_ways(y, x, budget=1_000)
    assert slow.too_large and slow.reason == "work"


def test_the_work_counts_one_batched_pass_per_mode_and_two_replays_per_column():
    x = Tensor(np.ones(4), name="x")
    y = (x * 2.0).tanh().sum()  # nodes: x (4), 2.0, x * 2 (4), tanh (4), sum (1)
    elements, replay = 4 + 1 + 4 + 4 + 1, 4 + 1 + 4 + 4 + 1 + 5 * jacobians.NODE_OVERHEAD
    work = jacobians.three_ways_work(y, 1, 4)
    assert work == (1 + 4) * elements + 2 * 4 * replay
    # the budget is inclusive: exactly the work builds it, one less describes it
    assert not jacobians.jacobian_three_ways(y, x, budget=work).too_large
    assert jacobians.jacobian_three_ways(y, x, budget=work - 1).reason == "work"


# -- choosing output and input ------------------------------------------------------------------


def test_options_list_outputs_with_the_inputs_they_depend_on():
    program = parse_program(TWO_LAYER)
    options = jacobians.jacobian_options(program)

    assert list(options) == ["h", "y", "L"]
    assert options["h"] == ("x", "W1", "b1")
    assert options["L"] == ("x", "W1", "b1", "W2", "b2", "h", "y")
    assert jacobians.default_output(program, options) == "L"
    assert jacobians.default_wrt(program, options["L"]) == "x"


def test_labels_are_never_offered_and_a_lone_leaf_has_no_options():
    program = parse_program(example("softmax-ce").program)
    options = jacobians.jacobian_options(program)
    assert "labels" not in options and all("labels" not in v for v in options.values())

    lone = parse_program("x = [1.0, 2.0]")
    assert jacobians.jacobian_options(lone) == {}
    assert jacobians.default_output(lone, {}) is None


def test_choose_falls_back_with_a_note_only_for_a_bad_value():
    allowed = ["x", "W1"]
    assert jacobians.choose(None, allowed, "x", "unknown-wrt") == jacobians.Choice("x", None)
    assert jacobians.choose(" W1 ", allowed, "x", "unknown-wrt") == jacobians.Choice("W1", None)
    assert jacobians.choose("W9", allowed, "x", "unknown-wrt") == jacobians.Choice(
        "x", "unknown-wrt"
    )
    assert jacobians.choose("", allowed, "x", "unknown-wrt").note == "unknown-wrt"


# -- linearisation ---------------------------------------------------------------------------------


def test_linearisation_error_shrinks_quadratically():
    program = parse_program(TWO_LAYER)
    y, W1 = program.variables["y"], program.variables["W1"]

    rows = linearise.error_sweep(y, W1, scales=(0.1, 0.01, 0.001))

    errors = [row.max_error for row in rows]
    assert errors[0] > errors[1] > errors[2] > 0
    for row in rows[1:]:
        # A tenth of the step: about a hundredth of the error (second order).
        assert 70 < row.ratio < 140, rows


def test_linearisation_by_the_jacobian_equals_one_forward_pass_and_replays_the_graph():
    program = parse_program(TWO_LAYER)
    y, W1 = program.variables["y"], program.variables["W1"]
    before = y.data.copy()
    jac = jacobians.jacobian_three_ways(y, W1).reverse

    by_matrix = linearise.linearisation(y, W1, 0.05, seed=3, jac=jac)
    by_jvp = linearise.linearisation(y, W1, 0.05, seed=3)

    assert (by_matrix.via, by_jvp.via) == ("jacobian", "jvp")
    np.testing.assert_allclose(by_matrix.predicted, by_jvp.predicted, atol=1e-14)
    assert by_matrix.delta.shape == W1.shape
    assert math.isclose(float(np.linalg.norm(by_matrix.delta)), 0.05)
    # f(x + Δx) from scratch: the network written out with numpy.
    x, b1, W2, b2 = (program.variables[k].data for k in ("x", "b1", "W2", "b2"))
    expected = W2 @ np.tanh((W1.data + by_matrix.delta) @ x + b1) + b2
    np.testing.assert_allclose(by_matrix.perturbed, expected, atol=1e-14)
    np.testing.assert_array_equal(y.data, before)  # the graph is untouched
    np.testing.assert_allclose(by_matrix.error, by_matrix.perturbed - by_matrix.predicted)


def test_a_linear_function_is_its_own_linearisation():
    program = parse_program("A = randn(3, 2, seed=0)\nx = [1.0, 2.0]\ny = A @ x + 1")
    lin = linearise.linearisation(program.variables["y"], program.variables["x"], 1.0)
    assert lin.max_error < 1e-14
    assert linearise.direction((3,), seed=5).tolist() == linearise.direction((3,), seed=5).tolist()


def test_linearisation_rows_are_capped_and_labelled():
    x = Tensor(np.linspace(0, 1, 80), name="x")
    y = x.sin()
    lin = linearise.linearisation(y, x, 0.1)
    rows = linearise.linearisation_rows(lin, limit=5)
    assert len(rows) == 5
    assert rows[1]["entry"] == "(1,)"  # the index vector, as numbers.multi_index_labels writes it
    assert rows[1]["error"] == pytest.approx(rows[1]["f(x + Δx)"] - rows[1]["f(x) + J·Δx"])


def test_replay_recomputes_with_a_new_value_and_ignores_nodes_outside_the_graph():
    x = Tensor([1.0, 2.0], name="x")
    other = Tensor(5.0, name="other")
    y = (x * x).sum()
    assert float(linearise.replay(y, {x: [3.0, 4.0]})) == 25.0
    assert float(linearise.replay(y, {other: 1.0})) == 5.0


# -- the graph: paths, middles, dominators ---------------------------------------------------------


def test_graph_labels_match_the_recorded_pass_ids():
    from engine.core.autodiff import trace_backward

    program, graph = program_and_graph(TWO_LAYER)
    trace = trace_backward(program.output)
    for node in graph.nodes.values():
        assert trace.node(node.id).name == node.label
    assert graph.by_label("add#2").caption == "add#2 = W1 @ x + b1  (4,)"
    assert graph.by_label("h").named and not graph.by_label("add#2").named


def test_valid_middles_lie_on_a_path_and_domination_is_detected():
    program, graph = program_and_graph(TWO_LAYER)
    x, h, b1, W2, L = ids(graph, "x", "h", "b1", "W2", "L")

    middles = paths.valid_middles(graph, x, L)
    assert labels(graph, middles) == ["matmul#1", "add#2", "h", "matmul#3", "y"]
    assert b1 not in middles and W2 not in middles  # not reachable from x
    assert all(paths.dominates(graph, x, y, L) for y in middles)
    assert paths.default_chain(graph, program) == (x, h, L)


def test_fan_out_has_a_bypass_and_its_path_is_found():
    program, graph = program_and_graph(FAN_OUT)
    x, a, b, f = ids(graph, "x", "a", "b", "f")

    assert not paths.dominates(graph, x, b, f)
    assert labels(graph, paths.bypass_path(graph, x, b, f)) == ["x", "a", "f"]  # a shortest
    assert labels(graph, paths.bypass_path(graph, x, a, f)) == ["x", "mul#1", "f"]
    # Removing mul#1 leaves x → a → f.
    (mul,) = ids(graph, "mul#1")
    assert labels(graph, paths.bypass_path(graph, x, mul, f)) == ["x", "a", "f"]


def test_choices_offer_only_paths_with_a_middle():
    program, graph = program_and_graph("x = 2.0\nw = 3.0\ny = x * w\nz = tanh(y)")
    x, w, y, z = ids(graph, "x", "w", "y", "z")
    assert paths.x_options(graph) == [x, w]  # y → z has no node in between
    assert paths.z_options(graph, x) == [z]
    assert paths.valid_middles(graph, x, z) == [y]


def test_the_longest_path_through_the_middle_node():
    program, graph = program_and_graph(example("attention").program)
    X, Y, L = ids(graph, "X", "Y", "L")
    path = paths.chain_path(graph, X, Y, L)
    assert labels(graph, path) == [
        "X", "K", "transpose#1", "matmul#2", "div#4", "A", "Y", "pow#6", "L",
    ]  # fmt: skip


# -- the chain rule --------------------------------------------------------------------------------


def test_product_equals_the_direct_jacobian_when_every_path_passes_the_middle():
    program, graph = program_and_graph(TWO_LAYER)
    x, h, L = ids(graph, "x", "h", "L")

    report = chain.compose(graph, L, h, x)

    assert (report.z_shape, report.y_shape, report.x_shape) == ((), (4,), (3,))
    assert report.sizes == (1, 4, 3)
    assert not report.bypass and not report.too_large
    mats = report.matrices()
    assert {k: v.shape for k, v in mats.items()} == {
        "dz_dy": (1, 4),
        "dy_dx": (4, 3),
        "product": (1, 3),
        "direct": (1, 3),
    }
    np.testing.assert_allclose(mats["product"], mats["dz_dy"] @ mats["dy_dx"])
    assert report.max_difference < 1e-15
    # ∂h/∂x = diag(1 − h²) W1, checked against the formula.
    W1, hv = program.variables["W1"].data, program.variables["h"].data
    np.testing.assert_allclose(report.dy_dx, (1 - hv**2)[:, None] * W1, atol=1e-15)
    # The direct Jacobian is the gradient of L with respect to x.
    program.output.backward()
    np.testing.assert_allclose(report.direct, program.variables["x"].grad, atol=1e-15)


def test_tensor_chain_contracts_over_the_middle_nodes_indices():
    program, graph = program_and_graph(example("attention").program)
    X, A, Y = ids(graph, "X", "A", "Y")

    report = chain.compose(graph, Y, A, X)

    assert report.dz_dy.shape == (3, 2, 3, 3)  # ∂Y/∂A: Y (3, 2), A (3, 3)
    assert report.dy_dx.shape == (3, 3, 3, 4)
    assert report.product.shape == (3, 2, 3, 4)
    assert report.sizes == (6, 9, 12)
    # X reaches Y through V without passing A: the product is only the part through A.
    assert report.bypass
    assert report.max_difference > 1e-3


def test_with_a_bypass_the_product_is_the_part_through_the_middle():
    program, graph = program_and_graph(FAN_OUT)
    x, b, f = ids(graph, "x", "b", "f")
    xv = 1.5

    report = chain.compose(graph, f, b, x)

    # f = x² + tanh(x)·x. Through b = tanh(x): ∂f/∂b · db/dx = x · (1 − tanh² x).
    through_b = xv * (1 - np.tanh(xv) ** 2)
    total = 2 * xv + np.tanh(xv) + through_b
    assert report.bypass
    assert float(report.product) == pytest.approx(through_b, abs=1e-14)
    assert float(report.direct) == pytest.approx(total, abs=1e-14)
    # The rest arrives along x → a → f and x → mul#1 → f.
    assert report.max_difference == pytest.approx(2 * xv + np.tanh(xv), abs=1e-14)


def test_the_default_chain_of_every_example_multiplies_out_to_the_direct_jacobian():
    for item in EXAMPLES:
        program, graph = program_and_graph(item.program)
        x, y, z = paths.default_chain(graph, program)
        report = chain.compose(graph, z, y, x)
        assert report.bypass == (not paths.dominates(graph, x, y, z)), item.key
        if not report.bypass:
            assert report.max_difference < 1e-12, item.key


def test_compose_uses_the_cheaper_mode_and_counts_its_passes():
    program, graph = program_and_graph(TWO_LAYER)
    x, h, L = ids(graph, "x", "h", "L")
    report = chain.compose(graph, L, h, x)
    assert report.passes["dz_dy"] == ("reverse", 1)  # 1 output entry, 4 inputs
    assert report.passes["dy_dx"] == ("forward", 3)  # 4 outputs, 3 inputs
    assert report.passes["direct"] == ("reverse", 1)


def test_compose_above_the_cap_is_described_only():
    program, graph = program_and_graph(TWO_LAYER)
    x, h, L = ids(graph, "x", "h", "L")
    report = chain.compose(graph, L, h, x, max_entries=11)  # ∂h/∂x has 12 entries
    assert report.too_large and report.reason == "entries"
    assert report.product is None and report.matrices() == {}
    assert report.sizes == (1, 4, 3)


# -- one worked entry ------------------------------------------------------------------------------


def test_worked_entry_sums_its_terms_to_the_products_entry():
    program, graph = program_and_graph(example("attention").program)
    X, Y, L = ids(graph, "X", "Y", "L")
    report = chain.compose(graph, L, Y, X)
    i, j = chain.default_entry(report)

    entry = chain.worked_entry(report, i, j)

    assert entry.i == () and entry.j == numbers.unravel(j, (3, 4))
    assert len(entry.terms) == 6  # one per entry of Y (3, 2)
    assert [t.index for t in entry.terms] == [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)]
    assert sum(t.product for t in entry.terms) == pytest.approx(entry.total, rel=1e-12)
    assert entry.total == pytest.approx(entry.direct, rel=1e-12)
    product = report.matrices()["product"]
    assert abs(entry.total) == pytest.approx(np.abs(product).max())


def test_worked_entry_latex_writes_the_numbers_and_leaves_out_zero_terms():
    program, graph = program_and_graph(TWO_LAYER)
    x, W1, h = ids(graph, "x", "W1", "h")
    report = chain.compose(graph, h, graph.by_label("add#2").id, W1)
    entry = chain.worked_entry(report, 1, 5)  # ∂h_1/∂W1_(1, 2): only k = 1 is nonzero

    latex = chain.worked_entry_latex(entry, "h", "add#2", "W1")

    assert len(entry.nonzero) == 1 and entry.nonzero[0].index == (1,)
    assert latex.startswith(r"\begin{aligned}") and latex.endswith(r"\end{aligned}")
    assert r"\text{add\#2}" in latex
    assert r"\text{h}_{1}" in latex and r"\text{W1}_{1,2}" in latex
    term = entry.nonzero[0]
    assert f"{chain.tex_number(term.dz_dy)} \\cdot {chain.tex_number(term.dy_dx)}" in latex
    assert latex.count(r"\cdot") == 2  # the formula's one, and one term


def test_long_sums_are_cut_and_the_rest_is_summed():
    entry = chain.WorkedEntry(
        i=(),
        j=(0,),
        terms=tuple(chain.Term(k, (k,), 1.0, float(k + 1)) for k in range(10)),
        total=55.0,
        direct=55.0,
    )
    latex = chain.worked_entry_latex(entry, "z", "y", "x", max_terms=3)
    assert "4 \\text{ more} \\,=\\, 49" not in latex
    assert "7 \\text{ more} \\,=\\, 49" in latex  # 4 + 5 + … + 10
    assert latex.endswith(r"&= 55 \end{aligned}")


def test_term_rows_label_the_middle_index():
    entry = chain.WorkedEntry((), (0,), (chain.Term(0, (0, 1), 2.0, -3.0),), -6.0, -6.0)
    assert chain.term_rows(entry, ["(0, 1)"]) == [
        {"k": "(0, 1)", "∂z_i/∂y_k": 2.0, "∂y_k/∂x_j": -3.0, "product": -6.0}
    ]


def test_tex_helpers():
    assert chain.tex_number(-2.5) == "(-2.5)"
    assert chain.tex_number(-2.5, parens=False) == "-2.5"
    assert chain.tex_number(float("inf")) == r"\infty"
    assert chain.tex_name("W_1") == r"\text{W\_1}"
    assert "sum_" in chain.index_formula("L", "h", "x")


# -- forward versus reverse accumulation --------------------------------------------------


def test_costs_of_a_known_chain_to_a_scalar_loss():
    forward, reverse = chain.accumulation_costs([100, 50, 20, 1])
    # Forward: J2·J1 = (20×50)(50×100) = 100,000, then J3·(…) = (1×20)(20×100) = 2,000.
    # Reverse: J3·J2 = (1×20)(20×50) = 1,000, then (…)·J1 = (1×50)(50×100) = 5,000.
    assert (forward, reverse) == (102_000, 6_000)
    steps_forward, steps_reverse = chain.accumulation_steps([100, 50, 20, 1])
    assert [(p.left, p.right, p.madds) for p in steps_forward] == [
        ((20, 50), (50, 100), 100_000),
        ((1, 20), (20, 100), 2_000),
    ]
    assert [(p.left, p.right, p.madds) for p in steps_reverse] == [
        ((1, 20), (20, 50), 1_000),
        ((1, 50), (50, 100), 5_000),
    ]
    assert steps_reverse[-1].result == (1, 100)  # the gradient, one row


def test_costs_are_symmetric_when_the_chain_is_reversed():
    sizes = [7, 3, 11, 2, 5]
    forward, reverse = chain.accumulation_costs(sizes)
    assert chain.accumulation_costs(sizes[::-1]) == (reverse, forward)
    with pytest.raises(ValueError):
        chain.accumulation_steps([4])


def test_parse_sizes():
    assert chain.parse_sizes("100, 50, 20, 1") == ([100, 50, 20, 1], None)
    assert chain.parse_sizes("3 4") == ([3, 4], None)
    assert chain.parse_sizes("5")[0] is None
    assert chain.parse_sizes("3, -4")[0] is None
    assert str(chain.parse_sizes("3, 0")[1]).startswith("each size")
    assert str(chain.parse_sizes(", ".join(["2"] * 13))[1]) == "at most 12 sizes"


def test_a_scalar_middle_node_has_one_term_and_no_sum():
    program, graph = program_and_graph(FAN_OUT)
    x, b, f = ids(graph, "x", "b", "f")
    report = chain.compose(graph, f, b, x)
    entry = chain.worked_entry(report, 0, 0)
    latex = chain.worked_entry_latex(entry, "f", "b", "x")
    assert len(entry.terms) == 1 and entry.terms[0].index == ()
    assert r"\sum" not in latex
    assert r"\frac{\partial \text{f}}{\partial \text{b}}" in latex


def test_path_counting_finds_exactly_the_nodes_every_path_passes():
    for source in [item.program for item in EXAMPLES] + [FAN_OUT]:
        program, graph = program_and_graph(source)
        for x in paths.x_options(graph):
            for z in paths.z_options(graph, x):
                expected = {
                    y for y in paths.valid_middles(graph, x, z) if paths.dominates(graph, x, y, z)
                }
                assert paths.on_every_path(graph, x, z) == expected, (source, x, z)


def test_path_counting_stays_exact_on_a_deep_diamond_chain():
    # Every line doubles the paths (2^300 of them); only the h's are on all of them.
    lines = ["x = 0.5", "h0 = x"]
    lines += [f"h{i} = tanh(h{i - 1}) + h{i - 1}" for i in range(1, 301)]
    program, graph = program_and_graph("\n".join(lines))
    x, z = ids(graph, "x", "h300")
    every = paths.on_every_path(graph, x, z)
    assert labels(graph, sorted(every)) == [f"h{i}" for i in range(1, 300)]
