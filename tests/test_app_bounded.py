"""Bounded pages (issue 15): a step with 1,000 inputs shows six, says how many more, and
shows the next ones on demand; the work of a page does not grow with the fan-in."""

from __future__ import annotations

import time

from streamlit.testing.v1 import AppTest

from engine import i18n
from engine.views import steps

PROGRAM = "x = randn(10, seed=0)\nZ = concat(" + ", ".join(["x"] * 1000) + ")\n"


def new_app() -> AppTest:
    return AppTest.from_file("../app.py", default_timeout=60)


def markdown_texts(at: AppTest) -> list[str]:
    return [element.value for element in at.markdown]


def test_a_step_with_1000_inputs_shows_six_and_the_rest_on_demand():
    at = new_app()
    at.query_params["program"] = PROGRAM
    at.query_params["step"] = "0"
    at.run()
    assert not at.exception, [e.value for e in at.exception]

    started = time.perf_counter()
    at.session_state["main_step"] = 1  # as when the graph reports step 1
    at.run()
    seconds = time.perf_counter() - started
    assert not at.exception, [e.value for e in at.exception]
    assert seconds < 5, f"the step panel took {seconds:.1f} s"
    texts = markdown_texts(at)
    assert any(
        "Inputs 1–6 of 1,000 shown." in text and "+994 more inputs" in text for text in texts
    )
    local_titles = [text for text in texts if text.startswith("**Local")]
    assert len(local_titles) == steps.PANEL_INPUTS  # six inputs built, not 1,000

    at.button(key="main_inputs_next").click()
    at.run()
    texts = markdown_texts(at)
    assert any("Inputs 7–12 of 1,000 shown." in text for text in texts)
    assert len([text for text in texts if text.startswith("**Local")]) == steps.PANEL_INPUTS
    at.button(key="main_inputs_first").click()
    at.run()
    assert any("Inputs 1–6 of 1,000 shown." in text for text in markdown_texts(at))
    assert i18n.t("main.inputs.next", n=6) in [b.label for b in at.button]
