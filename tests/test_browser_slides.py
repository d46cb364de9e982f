"""The slides file opens from disk in Chromium with no server and steps with the keyboard."""

import pytest
from browser_support import GRAPH

from engine import trace_backward
from engine.language import parse_program
from engine.views.examples import example
from engine.views.graph import RunGraph
from engine.views.slides import slides_html

pytestmark = pytest.mark.browser


def test_slides_step_with_the_keys_offline(page, tmp_path):
    program = parse_program(example("cs231n-circuit").program)
    path = tmp_path / "slides.html"
    path.write_text(slides_html(RunGraph(trace_backward(program.output)), source=program.source))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    requests = []
    page.on("request", lambda r: requests.append(r.url))

    page.goto(path.as_uri())
    stage = page.locator(GRAPH)
    status = page.locator(".crv-status")
    assert stage.get_attribute("data-step") == "0"
    assert status.inner_text() == "Step 0 of 2"
    page.keyboard.press("ArrowRight")
    assert stage.get_attribute("data-step") == "1"
    page.keyboard.press("End")
    assert stage.get_attribute("data-step") == "2"
    panel = page.locator(".crv-panel")
    assert "Step 2 of 2: q = x + y" in panel.inner_text()
    # x's and y's gradient -4 (the add gate), z's 3, as drawn in the boxes.
    boxes = stage.locator("g.node.value .ver:not(.off)").evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    assert sum("∇ -4" in text for text in boxes) == 3 and sum("∇ 3" in text for text in boxes) == 1
    page.keyboard.press("ArrowLeft")
    assert stage.get_attribute("data-step") == "1"
    page.keyboard.press("Home")
    assert status.inner_text() == "Step 0 of 2"
    assert page.evaluate("location.hash") == "#0"
    assert stage.locator("g.node").count() == 7
    assert errors == []
    assert all(url.startswith("file://") for url in requests)
