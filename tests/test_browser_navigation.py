"""The sidebar's pages in a real Chromium: translated names, deep links on a fresh server,
and a linked program carried to the page the sidebar opens."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
from browser_support import (
    assert_no_exception,
    assert_no_problems,
    attach_collectors,
    open_app,
    wait_idle,
)

from engine.views.examples import example

pytestmark = pytest.mark.browser

CIRCUIT = example("cs231n-circuit").program
SIDEBAR = '[data-testid="stSidebar"]'
LINKS = f'{SIDEBAR} a[data-testid="stPageLink-NavLink"]'
NAMES = {
    "en": ["Backpropagation", "Jacobian", "Chain rule", "Lessons"],
    "zh": ["反向传播", "雅可比矩阵", "链式法则", "课程"],
}
TITLES = {  # each page's heading, in Chinese
    "": "Chainrule：一步一步看反向传播",
    "Jacobian": "雅可比矩阵",
    "Chain_rule": "链式法则",
    "Lessons": "从雅可比矩阵到反向传播",
}


def link(base: str, page: str = "", **params: str) -> str:
    return f"{base}/{page}?" + urlencode(params, quote_via=quote, safe="")


def sidebar_names(page) -> list[str]:
    page.locator(LINKS).first.wait_for()
    # A link's text is its icon's ligature name, then its label.
    return [text.strip().splitlines()[-1] for text in page.locator(LINKS).all_inner_texts()]


def editor_text(page) -> str:
    return page.locator('[data-testid="stTextArea"] textarea').first.input_value()


@pytest.mark.parametrize("address", list(TITLES))
def test_every_page_deep_links_on_a_fresh_server_with_its_pages_in_chinese(
    page, fresh_url, address
):
    problems = attach_collectors(page, fresh_url)
    open_app(page, link(fresh_url, address, lang="zh"))

    assert page.locator("h1").first.inner_text().startswith(TITLES[address])
    assert sidebar_names(page) == NAMES["zh"]
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # Streamlit's own list
    assert "app" not in sidebar_names(page)
    assert_no_exception(page)
    assert_no_problems(problems)


def test_the_sidebar_opens_the_jacobian_with_the_linked_program_and_step(
    page, page_problems, app_url
):
    open_app(page, link(app_url, program=CIRCUIT, step="1"))
    assert sidebar_names(page) == NAMES["en"]

    # The main page opens with its sidebar folded (the room sees the graph): open it first.
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.locator(LINKS, has_text="Jacobian").click()
    page.wait_for_url("**/Jacobian?**")
    wait_idle(page)
    page.wait_for_function(
        "text => document.querySelector('[data-testid=\"stTextArea\"] textarea')?.value === text",
        arg=CIRCUIT,
    )

    assert editor_text(page) == CIRCUIT
    params = parse_qs(urlsplit(page.url).query)
    assert params["program"] == [CIRCUIT] and params["step"] == ["1"]
    assert_no_exception(page)
    assert_no_problems(page_problems)


def test_an_examples_summary_is_rendered_not_raw_markdown(page, page_problems, app_url):
    open_app(page, link(app_url, lang="zh"))  # the default example is chosen

    caption = page.locator('[data-testid="stCaptionContainer"]', has_text="它展示了").first
    assert caption.locator("strong").first.inner_text() == "它展示了"
    assert "**" not in caption.inner_text()
    assert_no_exception(page)
    assert_no_problems(page_problems)
