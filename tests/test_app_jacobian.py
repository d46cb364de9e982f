"""The Jacobian page (pages/1_Jacobian.py) in Streamlit's AppTest: what it shows is the engine's."""

from __future__ import annotations

import json

import app_support
import numpy as np
import pytest
from app_support import decode, engine_jacobian
from streamlit.testing.v1 import AppTest

from engine.core.jacobian import jacobian
from engine.language import parse_program
from engine.views import jacobians, linearise
from engine.views.examples import DEFAULT_EXAMPLE

PAGE = "../pages/1_Jacobian.py"


def open_page(**params: str) -> AppTest:
    return app_support.open_page(PAGE, **params)


def run_program(at: AppTest, source: str) -> AppTest:
    return app_support.run_program(at, "jac_", source)


PROGRAM = "x = [1.0, -2.0, 0.5]\nW = randn(2, 3, seed=0)\ny = tanh(W @ x)\nL = sum(y * y)\n"


def heatmaps(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def heatmap_matrix(at: AppTest, index: int = 0) -> np.ndarray:
    return decode(heatmaps(at)[index]["data"][0]["z"])


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_default_program_shows_its_output_against_its_first_leaf():
    at = open_page()

    assert at.selectbox(key="jac_output").value == "L"
    assert at.selectbox(key="jac_wrt").value == "x"
    matrix = heatmap_matrix(at)
    expected = engine_jacobian(DEFAULT_EXAMPLE.program, "L", "x")
    assert matrix.shape == (1, 3)
    np.testing.assert_allclose(matrix, expected, rtol=0, atol=1e-15)
    figure = heatmaps(at)[0]["data"][0]
    assert figure["x"] == ["(0,)", "(1,)", "(2,)"] and figure["y"] == ["()"]
    # One backward pass per output entry, one forward pass per input entry, two replays each.
    metrics = metric_values(at)
    assert metrics["Reverse mode"] == "1 pass"
    assert metrics["Forward mode"] == "3 passes"
    assert metrics["Finite differences"] == "6 passes"


def test_a_typed_program_shows_its_generalized_jacobian_flattened():
    at = run_program(open_page(), PROGRAM)

    assert at.selectbox(key="jac_output").value == "L"
    at.selectbox(key="jac_output").set_value("y").run()
    at.selectbox(key="jac_wrt").set_value("W").run()
    assert not at.exception

    matrix = heatmap_matrix(at)
    assert matrix.shape == (2, 6)  # (2,) × (2, 3), flattened
    np.testing.assert_allclose(matrix, engine_jacobian(PROGRAM, "y", "W"), atol=1e-15)
    figure = heatmaps(at)[0]["data"][0]
    assert figure["x"][:4] == ["(0, 0)", "(0, 1)", "(0, 2)", "(1, 0)"]
    assert figure["y"] == ["(0,)", "(1,)"]
    metrics = metric_values(at)
    assert metrics["Reverse mode"] == "2 passes"
    assert metrics["Forward mode"] == "6 passes"
    assert metrics["Finite differences"] == "12 passes"
    assert any("(2,) + (2, 3) = (2, 2, 3)" in m.value for m in at.markdown)


def test_reverse_forward_and_finite_differences_agree_on_the_heatmap():
    at = run_program(open_page(), PROGRAM)
    at.selectbox(key="jac_output").set_value("y").run()
    reverse = heatmap_matrix(at)

    at.get("button_group")[0].set_value("forward").run()
    forward = heatmap_matrix(at)
    at.get("button_group")[0].set_value("numerical").run()
    numerical = heatmap_matrix(at)

    assert not at.exception
    assert "finite differences" in heatmaps(at)[0]["layout"]["title"]["text"]
    np.testing.assert_allclose(forward, reverse, rtol=0, atol=1e-15)
    np.testing.assert_allclose(numerical, reverse, rtol=0, atol=1e-8)
    assert np.abs(numerical - reverse).max() > 0  # really the numerical one


def test_wrt_options_are_the_variables_the_output_depends_on():
    at = run_program(open_page(), PROGRAM)
    assert at.selectbox(key="jac_output").options == ["y  (2,)", "L  ()"]
    assert at.selectbox(key="jac_wrt").options == ["x  (3,)", "W  (2, 3)", "y  (2,)"]
    at.selectbox(key="jac_output").set_value("y").run()
    assert at.selectbox(key="jac_wrt").options == ["x  (3,)", "W  (2, 3)"]


def test_a_bad_program_shows_the_error_and_keeps_the_text():
    bad = "x = [1.0, 2.0]\ny = tanh(x) @ [1.0, 2.0, 3.0]\n"
    at = run_program(open_page(), bad)

    assert at.text_area(key="jac_editor").value == bad
    assert len(at.error) == 1
    assert "line 2" in at.error[0].value
    assert not at.get("plotly_chart")
    assert at.query_params["program"] == bad


def test_the_address_reopens_the_same_view():
    at = open_page(program=PROGRAM, output="y", wrt="W")

    assert at.text_area(key="jac_editor").value == PROGRAM
    assert at.selectbox(key="jac_output").value == "y"
    assert at.selectbox(key="jac_wrt").value == "W"
    np.testing.assert_allclose(heatmap_matrix(at), engine_jacobian(PROGRAM, "y", "W"))
    assert not at.info  # every parameter was good
    # The page writes its view back into the address.
    assert at.query_params["output"] == "y" and at.query_params["wrt"] == "W"
    assert at.query_params["program"] == PROGRAM


def test_changing_the_choice_updates_the_address():
    at = open_page(program=PROGRAM)
    at.selectbox(key="jac_wrt").set_value("W").run()
    assert at.query_params["output"] == "L" and at.query_params["wrt"] == "W"


@pytest.mark.parametrize(
    ("params", "output", "wrt", "parameter"),
    [
        ({"output": "nope", "wrt": "W"}, "L", "W", "output"),
        ({"output": "y", "wrt": "L"}, "y", "x", "wrt"),  # y does not depend on L
        ({"output": "x", "wrt": "x"}, "L", "x", "output"),  # a leaf has no Jacobian to show
    ],
)
def test_bad_page_parameters_fall_back_with_a_visible_note(params, output, wrt, parameter):
    at = open_page(program=PROGRAM, **params)

    assert at.selectbox(key="jac_output").value == output
    assert at.selectbox(key="jac_wrt").value == wrt
    notes = [info.value for info in at.info]
    assert len(notes) == 1 and f"`{parameter}`" in notes[0], notes
    assert at.get("plotly_chart")
    assert at.query_params[parameter] == (output if parameter == "output" else wrt)


def test_a_jacobian_above_the_cap_is_described_not_drawn():
    source = "x = randn(600, seed=0)\ny = tanh(x)\n"
    at = open_page(program=source)

    assert jacobians.JACOBIAN_MAX_ENTRIES == 250_000
    assert not at.get("plotly_chart")
    warning = " ".join(w.value for w in at.warning)
    assert "360,000" in warning and "600 × 600" in warning
    assert not at.metric or "Reverse mode" not in metric_values(at)
    # The linearisation still works: J · Δx by one forward pass, without the matrix.
    assert any("forward-mode pass" in c.value for c in at.caption)
    program = parse_program(source)
    lin = linearise.linearisation(program.variables["y"], program.variables["x"], 0.1)
    table = at.dataframe[0].value
    np.testing.assert_allclose(table["error"].to_numpy(), lin.error[:50], rtol=1e-9, atol=1e-15)


def test_linearisation_table_and_error_come_from_the_engine():
    at = open_page(program=PROGRAM, output="y", wrt="W")
    at.select_slider(key="jac_scale").set_value(0.01).run()

    program = parse_program(PROGRAM)
    y, W = program.variables["y"], program.variables["W"]
    lin = linearise.linearisation(y, W, 0.01, jac=jacobian(y, W))
    table = at.dataframe[0].value
    assert list(table["entry"]) == ["(0,)", "(1,)"]
    np.testing.assert_allclose(table["f(x + Δx)"].to_numpy(), lin.perturbed, rtol=1e-12)
    np.testing.assert_allclose(table["f(x) + J·Δx"].to_numpy(), lin.predicted, rtol=1e-12)
    assert metric_values(at)["Largest error"] == f"{lin.max_error:.2e}"
    sweep = at.dataframe[1].value
    assert list(sweep["‖Δx‖"]) == ["1", "0.1", "0.01", "0.001"]


def test_a_program_without_any_jacobian_says_so():
    at = open_page(program="x = [1.0, 2.0]\n")
    assert any("no Jacobian to show" in info.value for info in at.info)
    assert not at.get("plotly_chart")
