"""The main page in a real Chromium, as a teacher projects it: presentation mode and the keys."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from browser_support import REPO_ROOT, assert_no_exception, assert_no_problems, open_app, wait_idle
from playwright.sync_api import expect

from engine.examples import example
from engine.i18n import t

pytestmark = pytest.mark.browser

SCREENSHOT = REPO_ROOT / "docs" / "screenshot-presentation.png"
PROJECTOR = {"width": 1600, "height": 1000}
CIRCUIT = example("cs231n-circuit").program


def edge_texts(page) -> list[str]:
    texts = page.locator(".cr-graph svg g.edge text").evaluate_all(
        "els => els.map(e => e.textContent.trim())"
    )
    return list(texts)


def test_presentation_mode_steps_with_the_arrow_keys(page, page_problems, app_url):
    page.set_viewport_size(PROJECTOR)
    open_app(page, f"{app_url}/?present=1&step=0&program={quote(CIRCUIT, safe='')}")
    expect(page.locator('.cr-graph[data-step="0"] svg g.node')).to_have_count(7)

    # The projector view: no sidebar, no app header, the editor folded, big text.
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.locator('[data-testid="stHeader"]')).to_be_hidden()
    expect(page.locator(".st-key-main_editor textarea")).to_be_hidden()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)
    assert page.locator(".cr-graph svg text").first.get_attribute("font-size") == "21.00"
    paragraph = page.locator("p", has_text="Backpropagation starts at the output")
    size = paragraph.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    assert size >= 1.35 * 17  # 1.4 × the theme's 17 px

    page.locator("h1").first.click()  # as a teacher clicks into the page, off any input
    for step in (1, 2):
        page.keyboard.press("ArrowRight")
        page.wait_for_url(re.compile(rf"[?&]step={step}(&|$)"))
        expect(page.locator(f'.cr-graph[data-step="{step}"]')).to_have_count(1)
        wait_idle(page)

    assert "present=1" in page.url  # still the bookmarkable projector view
    heading = page.get_by_role("heading", name="This step: 2 / 2")
    expect(heading).to_have_count(1)
    expect(page.locator(".cr-source mark")).to_have_text("x + y")  # step 2: q = x + y
    texts = edge_texts(page)
    assert texts.count("downstream: -4") == 3 and "downstream: ?" not in texts
    expect(page.get_by_text(t("main.present.toggle"))).to_be_visible()  # a way back out
    assert_no_exception(page)
    assert_no_problems(page_problems)

    # The picture in README.md: scrolled to the graph, as a teacher projects it.
    page.evaluate("document.activeElement.blur()")  # no focus ring in the picture
    page.get_by_role("heading", name="Computation graph").evaluate(
        "h => document.querySelector('[data-testid=stMain]')"
        ".scrollBy(0, h.getBoundingClientRect().top - 16)"
    )
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 20_000


def test_quiz_mode_in_the_browser_hides_checks_and_reveals(page, page_problems, app_url):
    page.set_viewport_size(PROJECTOR)
    open_app(page, f"{app_url}/?step=1&program={quote(CIRCUIT, safe='')}")

    page.locator(".st-key-main_quiz label").click()
    wait_idle(page)
    expect(page.locator(".cr-graph svg g.edge text", has_text="downstream: ?")).to_have_count(4)
    boxes = page.locator('[class*="st-key-main_quiz_answer"] input')
    expect(boxes).to_have_count(2)
    boxes.nth(0).fill("-4")
    boxes.nth(1).fill("[3")
    page.locator(".st-key-main_quiz_check button").click()
    wait_idle(page)

    expect(page.get_by_text("Could not read the answer")).to_be_visible()
    boxes.nth(1).fill("3")
    page.locator(".st-key-main_quiz_check button").click()
    wait_idle(page)
    expect(page.get_by_text("Right!")).to_have_count(2)
    expect(page.get_by_text(re.compile(r"Quiz score: 1 right of 1 tried"))).to_be_visible()
    texts = edge_texts(page)
    assert "downstream: -4" in texts and "downstream: 3" in texts
    assert_no_exception(page)
    assert_no_problems(page_problems)


def test_quiz_mode_speaks_chinese_with_lang_zh(page, page_problems, app_url):
    open_app(page, f"{app_url}/?lang=zh&step=1&program={quote(CIRCUIT, safe='')}")

    page.locator(".st-key-main_quiz label").click()
    wait_idle(page)
    expect(page.get_by_text("测验得分：作答 0 题，答对 0 题")).to_be_visible()
    assert edge_texts(page).count("下游梯度：?") == 4
    boxes = page.locator('[class*="st-key-main_quiz_answer"] input')
    boxes.nth(0).fill("-4")
    boxes.nth(1).fill("3")
    page.locator(".st-key-main_quiz_check button").click()
    wait_idle(page)
    expect(page.get_by_text("正确！")).to_have_count(2)
    assert_no_exception(page)
    assert_no_problems(page_problems)
