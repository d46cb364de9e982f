"""The slides file opens from disk in Chromium with no server and steps with the keyboard."""

import pytest

from engine import trace_backward
from engine.examples import example
from engine.language import parse_program
from engine.slides import slides_html

pytestmark = pytest.mark.browser


def test_slides_step_with_arrow_keys_offline(page, tmp_path):
    program = parse_program(example("cs231n-circuit").program)
    path = tmp_path / "slides.html"
    path.write_text(slides_html(trace_backward(program.output), source=program.source))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    requests = []
    page.on("request", lambda r: requests.append(r.url))

    page.goto(path.as_uri())
    active = page.locator("section.slide.active")
    assert active.get_attribute("data-step") == "0"
    assert page.locator("#counter").inner_text() == "step 0 of 2"
    page.keyboard.press("ArrowRight")
    assert active.get_attribute("data-step") == "1"
    page.keyboard.press("End")
    assert active.get_attribute("data-step") == "2"
    assert "grad: 3" in active.inner_text()
    page.keyboard.press("ArrowLeft")
    assert active.get_attribute("data-step") == "1"
    page.keyboard.press("Home")
    assert page.locator("#counter").inner_text() == "step 0 of 2"
    assert page.locator("section.slide.active svg g.node").count() == 7
    assert errors == []
    assert all(url.startswith("file://") for url in requests)
