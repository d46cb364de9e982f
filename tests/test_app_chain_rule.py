"""The chain-rule page (pages/2_Chain_rule.py) in AppTest: what it shows is the engine's."""

from __future__ import annotations

import json

import app_support
import numpy as np
import pytest
from app_support import decode, engine_jacobian
from streamlit.testing.v1 import AppTest

from engine.language import parse_program
from engine.views import chain, jacobians, paths, session
from engine.views.examples import DEFAULT_EXAMPLE, example

PAGE = "../pages/2_Chain_rule.py"


def open_page(**params: str) -> AppTest:
    return app_support.open_page(PAGE, **params)


def run_program(at: AppTest, source: str) -> AppTest:
    return app_support.run_program(at, "chain_", source)


FAN_OUT = example("fan-out").program
PROGRAM = "x = [1.0, -2.0, 0.5]\nW = randn(2, 3, seed=0)\nh = tanh(W @ x)\nL = sum(h * h)\n"
CHARTS = ("dz_dy", "dy_dx", "product", "direct")


def matrices(at: AppTest) -> dict[str, np.ndarray]:
    """The four heatmaps' data, by name (their order on the page)."""
    charts = at.get("plotly_chart")
    assert len(charts) == 4
    return {
        name: decode(json.loads(chart.proto.spec)["data"][0]["z"])
        for name, chart in zip(CHARTS, charts, strict=True)
    }


def test_default_program_shows_first_leaf_a_middle_node_and_the_output():
    at = open_page()

    assert (at.selectbox(key="chain_x").value, at.selectbox(key="chain_z").value) == ("x", "L")
    assert at.selectbox(key="chain_y").value == "h"
    mats = matrices(at)
    source = DEFAULT_EXAMPLE.program
    assert {k: v.shape for k, v in mats.items()} == {
        "dz_dy": (1, 4),
        "dy_dx": (4, 3),
        "product": (1, 3),
        "direct": (1, 3),
    }
    np.testing.assert_allclose(mats["dz_dy"], engine_jacobian(source, "L", "h"), atol=1e-15)
    np.testing.assert_allclose(mats["dy_dx"], engine_jacobian(source, "h", "x"), atol=1e-15)
    np.testing.assert_allclose(mats["product"], mats["dz_dy"] @ mats["dy_dx"], atol=1e-15)
    # The product equals the Jacobian of L w.r.t. x computed directly.
    np.testing.assert_allclose(mats["product"], engine_jacobian(source, "L", "x"), atol=1e-14)
    np.testing.assert_allclose(mats["direct"], engine_jacobian(source, "L", "x"), atol=1e-15)
    assert len(at.success) == 1 and "passes through **h**" in at.success[0].value
    assert not at.warning


def test_a_typed_program_and_a_tensor_chain():
    at = run_program(open_page(), PROGRAM)
    assert [at.selectbox(key=f"chain_{k}").value for k in "xyz"] == ["x", "h", "L"]

    at.selectbox(key="chain_x").set_value("W").run()
    at.selectbox(key="chain_z").set_value("h").run()
    assert not at.exception
    # W → matmul#1 → h: ∂h/∂(W @ x) is 2 × 2, ∂(W @ x)/∂W is 2 × 6.
    assert at.selectbox(key="chain_y").value == "matmul#1"
    mats = matrices(at)
    assert mats["dz_dy"].shape == (2, 2) and mats["dy_dx"].shape == (2, 6)
    np.testing.assert_allclose(mats["product"], engine_jacobian(PROGRAM, "h", "W"), atol=1e-15)
    latex = [element.value for element in at.latex]
    assert any(r"\sum_{\mathbf{k}}" in value and "matmul" in value for value in latex)


def test_only_valid_choices_are_offered():
    at = run_program(open_page(), PROGRAM)
    assert at.selectbox(key="chain_x").options == [
        "x  (3,)",
        "W  (2, 3)",
        "matmul#1 = W @ x  (2,)",
        "h  (2,)",
    ]  # L has no path after it
    assert at.selectbox(key="chain_z").options == ["h  (2,)", "mul#2 = h * h  (2,)", "L  ()"]
    # x → … → L: every middle lies on a path, and here every path passes it.
    assert [o.split("  ")[0] for o in at.selectbox(key="chain_y").options] == [
        "matmul#1 = W @ x",
        "h",
        "mul#2 = h * h",
    ]
    assert all("every path passes here" in o for o in at.selectbox(key="chain_y").options)


def test_a_bypassed_middle_says_the_product_is_only_the_part_through_it():
    at = run_program(open_page(), FAN_OUT)

    assert [at.selectbox(key=f"chain_{k}").value for k in "xyz"] == ["x", "b", "f"]
    assert any("other paths bypass it" in o for o in at.selectbox(key="chain_y").options)
    warning = at.warning[0].value
    assert "without passing through **b**" in warning and "x → a → f" in warning
    mats = matrices(at)
    xv = 1.5
    through_b = xv * (1 - np.tanh(xv) ** 2)
    assert float(mats["product"][0, 0]) == pytest.approx(through_b, abs=1e-14)
    assert float(mats["direct"][0, 0]) == pytest.approx(2 * xv + np.tanh(xv) + through_b)
    assert not at.success


def test_worked_entry_writes_the_sum_with_the_engines_numbers():
    at = open_page(program=PROGRAM, x="W", y="matmul#1", z="h")
    at.selectbox(key="chain_i").set_value(1).run()
    at.selectbox(key="chain_j").set_value(4).run()  # W_(1, 1)

    result = session.run(PROGRAM)
    program, graph = result.program, paths.program_graph(result.graph)
    x, y, z = (graph.by_label(label).id for label in ("W", "matmul#1", "h"))
    entry = chain.worked_entry(chain.compose(graph, z, y, x), 1, 4)
    expected = chain.worked_entry_latex(entry, "h", "matmul#1", "W")
    assert any(expected in element.value for element in at.latex)
    assert r"\text{h}_{1}" in expected and r"\text{W}_{1,1}" in expected
    # ∂h_1/∂W_11 = (1 − h_1²) · x_1: one nonzero term.
    h = program.variables["h"].data
    assert entry.total == pytest.approx((1 - h[1] ** 2) * -2.0)
    assert any("1 of the 2 terms are nonzero" in c.value for c in at.caption)


def test_a_bad_program_shows_the_error_and_keeps_the_text():
    bad = "x = [1.0, 2.0]\nh = tanh(x\n"
    at = run_program(open_page(), bad)

    assert at.text_area(key="chain_editor").value == bad
    assert len(at.error) == 1
    assert not at.get("plotly_chart")
    assert at.query_params["program"] == bad


def test_the_address_reopens_the_same_view_and_is_written_back():
    at = open_page(program=PROGRAM, x="W", y="matmul#1", z="h")

    assert at.text_area(key="chain_editor").value == PROGRAM
    assert [at.selectbox(key=f"chain_{k}").value for k in "xyz"] == ["W", "matmul#1", "h"]
    assert not at.info
    np.testing.assert_allclose(matrices(at)["direct"], engine_jacobian(PROGRAM, "h", "W"))
    assert (at.query_params["x"], at.query_params["y"], at.query_params["z"]) == (
        "W",
        "matmul#1",
        "h",
    )


def test_a_bad_node_in_the_address_falls_back_with_a_note():
    at = open_page(program=PROGRAM, x="x", y="W", z="L")  # W is not between x and L

    assert [at.selectbox(key=f"chain_{k}").value for k in "xyz"] == ["x", "h", "L"]
    notes = [info.value for info in at.info]
    assert len(notes) == 1 and "`y`" in notes[0] and "'W'" in notes[0]
    assert at.query_params["y"] == "h"


def test_accumulation_costs_for_the_path_and_for_a_typed_chain():
    at = open_page()
    metrics = [(m.label, m.value) for m in at.metric]
    # The path x (3) → matmul#1 (4) → add#2 (4) → h (4) → matmul#3 (2) → y (2) → L (1).
    forward, reverse = chain.accumulation_costs([3, 4, 4, 4, 2, 2, 1])
    assert metrics[:2] == [
        ("Forward (from the input)", f"{forward:,} multiply-adds"),
        ("Reverse (from the output)", f"{reverse:,} multiply-adds"),
    ]
    # The demo chain, 100 → 50 → 20 → 1.
    assert metrics[2:] == [
        ("Forward (from the input)", "102,000 multiply-adds"),
        ("Reverse (from the output)", "6,000 multiply-adds"),
    ]

    at.text_input(key="chain_sizes").input("1, 20, 50, 100").run()
    metrics = [m.value for m in at.metric][2:]
    assert metrics == ["6,000 multiply-adds", "102,000 multiply-adds"]
    assert any("**Forward** is **17.0 times** cheaper" in m.value for m in at.markdown)

    at.text_input(key="chain_sizes").input("100, fifty").run()
    assert not at.exception
    assert any("'fifty' is not a whole number" in e.value for e in at.error)


def test_jacobians_above_the_cap_are_described_not_drawn():
    source = "x = randn(300, seed=0)\nh = tanh(x)\nL = sum(h)\n"
    at = open_page(program=source)

    assert not at.get("plotly_chart")
    warning = " ".join(w.value for w in at.warning)
    assert "300 × 300" in warning and f"{jacobians.CHAIN_MAX_ENTRIES:,}" in warning
    # The order section still works: x (300) → h (300) → L (1) is one product either way.
    assert [m.value for m in at.metric][:2] == ["90,000 multiply-adds"] * 2


def test_a_program_without_a_chain_says_so():
    at = open_page(program="x = [1.0, 2.0]\nL = sum(x)\n")
    assert any("no chain to show" in info.value for info in at.info)
    assert not at.get("plotly_chart")


def test_a_large_output_picks_its_entry_by_number():
    source = (
        "x = randn(60, seed=0)\nW = randn(600, 60, seed=1)\ny = tanh(x)\nz = W @ y\nL = sum(z)\n"
    )
    at = open_page(program=source, x="x", y="y", z="z")

    assert at.number_input(key="chain_i").value < 600  # 600 entries: a number, not a list
    at.number_input(key="chain_i").set_value(599).run()
    at.selectbox(key="chain_j").set_value(7).run()
    assert not at.exception
    assert "(599,)" in [c.value for c in at.caption]
    program = parse_program(source)
    y, W = (program.variables[k].data for k in ("y", "W"))
    # ∂z_599/∂x_7 = W[599, 7] · (1 − y_7²): one nonzero term of 60.
    entry_text = next(e.value for e in at.latex if "599" in e.value)
    expected = W[599, 7] * (1 - y[7] ** 2)
    assert chain.tex_number(expected, parens=False) in entry_text
    assert any("1 of the 60 terms are nonzero" in c.value for c in at.caption)
