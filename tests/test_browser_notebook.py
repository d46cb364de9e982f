"""The notebook view's fragment in Chromium from disk, with the network blocked."""

from __future__ import annotations

import pytest
from browser_support import REPO_ROOT

from engine.views.notebook import show

pytestmark = pytest.mark.browser

CIRCUIT = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z\n"
NETWORK = "x = [1.0, -2.0]\nW = [[1.0, 2.0], [0.5, -1.0]]\nh = W @ x\nL = sum(h * h)\n"


def cards(viewer) -> list[str]:
    return viewer.locator('[data-testid="chainrule-graph"] g.edge:has(.card)').evaluate_all(
        """els => els.map(el => Array.from(el.querySelectorAll('.part'))
            .map(p => Array.from(p.querySelectorAll(':scope > .ver:not(.off) text'))
                .map(t => t.textContent).join('')).join(' | '))"""
    )


def test_two_fragments_draw_and_step_independently_offline(page, tmp_path):
    path = tmp_path / "notebook.html"
    body = show(CIRCUIT)._repr_html_() + show(NETWORK)._repr_html_()
    path.write_text(f'<!DOCTYPE html><meta charset="utf-8"><body>{body}</body>')
    outside, errors = [], []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("file://")
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 1280, "height": 1300})
    page.goto(path.as_uri())

    first, second = page.locator(".chainrule-fragment").all()
    stage1 = first.locator('[data-testid="chainrule-graph"]')
    stage2 = second.locator('[data-testid="chainrule-graph"]')
    assert first.locator("g.node").count() > 0 and stage1.locator("g.node").count() == 7
    assert stage1.get_attribute("data-step") == stage2.get_attribute("data-step") == "0"

    first.get_by_role("button", name="Next", exact=True).click()  # the buttons
    assert stage1.get_attribute("data-step") == "1" and stage2.get_attribute("data-step") == "0"
    page.keyboard.press("ArrowRight")  # the keys go to the viewer used last
    assert stage1.get_attribute("data-step") == "2" and stage2.get_attribute("data-step") == "0"
    assert sorted(cards(first)) == ["-4 | · 1 | = -4"] * 2 + ["1 | · -4 | = -4", "1 | · 3 | = 3"]
    assert "Step 2 of 2: q = x + y" in first.locator(".crv-panel").inner_text()
    assert stage1.locator(".current").count() == 4  # the add, its two input edges, its output edge

    second.locator(".crv-legend").click()
    page.keyboard.press("End")
    assert stage2.get_attribute("data-step") == "3" and stage1.get_attribute("data-step") == "2"
    # The tensor program's last step: h = W @ x with upstream 2h = [-6, 5].
    panel = second.locator(".crv-panel").inner_text()
    assert "Step 3 of 3: h = W @ x" in panel and "[-6, 5]" in panel
    page.keyboard.press("Home")
    assert stage2.get_attribute("data-step") == "0"
    assert errors == [] and outside == []
    first.screenshot(path=str(REPO_ROOT / "docs" / "screenshot-notebook.png"))
