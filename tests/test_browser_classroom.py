"""The main page in a real Chromium, as a teacher projects it: presentation mode and the keys."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from browser_support import (
    GRAPH,
    assert_no_exception,
    assert_no_problems,
    open_app,
    wait_graph,
    wait_idle,
)
from playwright.sync_api import expect

from engine.i18n import t
from engine.views.examples import example

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
CIRCUIT = example("cs231n-circuit").program


def card_texts(page) -> list[str]:
    """The edge cards as shown: upstream | · local | = downstream."""
    return page.locator(f"{GRAPH} g.edge:has(.card)").evaluate_all(
        """els => els.map(el => Array.from(el.querySelectorAll('.part'))
            .map(p => Array.from(p.querySelectorAll(':scope > .ver:not(.off) text'))
                .map(t => t.textContent).join('')).join(' | '))"""
    )


def test_presentation_mode_steps_with_the_arrow_keys(page, page_problems, app_url):
    page.set_viewport_size(PROJECTOR)
    open_app(page, f"{app_url}/?present=1&step=0&program={quote(CIRCUIT, safe='')}")
    wait_graph(page, 0)
    expect(page.locator(f"{GRAPH} g.node")).to_have_count(7)

    # The projector view: no sidebar, no app header, the editor folded, the graph on top.
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.locator('[data-testid="stHeader"]')).to_be_hidden()
    expect(page.locator(".st-key-main_editor textarea")).to_be_hidden()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)
    assert page.locator(GRAPH).bounding_box()["y"] < 80

    page.locator(".crv-legend").click()  # as a teacher clicks into the page, off any input
    for step in (1, 2):
        page.keyboard.press("ArrowRight")
        wait_graph(page, step)
        page.wait_for_url(re.compile(rf"[?&]step={step}(&|$)"))
    expect(page.get_by_role("heading", name=re.compile(r"^Step 2 of 2"))).to_have_count(1)
    wait_idle(page)

    assert "present=1" in page.url  # still the bookmarkable projector view
    texts = card_texts(page)
    assert sorted(texts) == ["-4 | · 1 | = -4"] * 2 + ["1 | · -4 | = -4", "1 | · 3 | = 3"]
    # Each input's chain rule as one equation, in the graph's colours.
    expect(page.locator('[data-testid="stMain"] .katex-display')).to_have_count(2)
    expect(page.get_by_text(t("main.present.toggle"))).to_be_attached()  # a way back out
    assert_no_exception(page)
    assert_no_problems(page_problems)


def test_quiz_mode_in_the_browser_hides_checks_and_reveals(page, page_problems, app_url):
    page.set_viewport_size(PROJECTOR)
    open_app(page, f"{app_url}/?step=1&program={quote(CIRCUIT, safe='')}")

    page.locator(".st-key-main_quiz label").click()
    wait_idle(page)
    wait_graph(page, 1)
    # Step 1 is asked: its cards keep the downstream hidden, and z's and q's boxes with it.
    texts = card_texts(page)
    assert sorted(texts) == ["1 | · -4 | = ?", "1 | · 3 | = ?", "? | · ? | = ?", "? | · ? | = ?"]
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
    texts = card_texts(page)
    assert "1 | · -4 | = -4" in texts and "1 | · 3 | = 3" in texts  # revealed by the answer
    assert_no_exception(page)
    assert_no_problems(page_problems)


def test_quiz_mode_speaks_chinese_with_lang_zh(page, page_problems, app_url):
    open_app(page, f"{app_url}/?lang=zh&step=1&program={quote(CIRCUIT, safe='')}")

    page.locator(".st-key-main_quiz label").click()
    wait_idle(page)
    expect(page.get_by_text("测验得分：作答 0 题，答对 0 题")).to_be_visible()
    wait_graph(page, 1)
    assert sum(text.endswith("= ?") for text in card_texts(page)) == 4
    boxes = page.locator('[class*="st-key-main_quiz_answer"] input')
    boxes.nth(0).fill("-4")
    boxes.nth(1).fill("3")
    page.locator(".st-key-main_quiz_check button").click()
    wait_idle(page)
    expect(page.get_by_text("正确！")).to_have_count(2)
    assert_no_exception(page)
    assert_no_problems(page_problems)
