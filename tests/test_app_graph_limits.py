"""A graph too large to draw is not handed to the browser: the page says so and steps on."""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine import i18n  # noqa: E402
from engine.views import graphview, session  # noqa: E402
from engine.views.graph import RunGraph  # noqa: E402


def chain(layers: int) -> str:
    lines = ["x = [0.5, -1.0]", "a0 = tanh(x)"]
    lines += [f"a{i} = tanh(a{i - 1} * x)" for i in range(1, layers)]
    return "\n".join([*lines, f"L = sum(a{layers - 1})"])


def test_a_graph_past_the_drawing_limit_steps_without_the_viewer():
    source = chain(800)  # 1,601 operations
    trace = session.run(source).trace
    size = graphview.element_count(trace)
    assert size > graphview.MAX_DRAWN_ELEMENTS
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["program"] = source
    at.query_params["step"] = "3"
    at.run()

    assert not at.exception
    assert at.get("bidi_component") == []  # no graph for a browser to stall on
    note = i18n.t("ui.graph_too_large", n=size, limit=graphview.MAX_DRAWN_ELEMENTS)
    assert note in [info.value for info in at.info]
    labels = [button.proto.label for button in at.get("download_button")]
    assert i18n.t("ui.export_svg") not in labels and i18n.t("ui.export_dot") in labels
    (stepper,) = at.number_input
    assert stepper.value == 3
    stepper.set_value(7).run()
    assert at.session_state["main_step"] == 7
    assert at.subheader[0].value.startswith("Step **7** of **1600**")  # the panel followed


def test_the_element_count_matches_the_scene():
    for layers in (1, 5, 40):
        trace = session.run(chain(layers)).trace
        assert graphview.element_count(trace) == len(
            graphview.build_scene(RunGraph(trace)).elements
        )
