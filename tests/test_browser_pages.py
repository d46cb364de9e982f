"""Deep links to the Jacobian and chain-rule pages in a real Chromium, each on a fresh server.

A fresh server matters: a deep link to a sub-page runs that page without
app.py ever having run, so the page must set itself up from the address alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
from browser_support import (
    ServerError,
    assert_no_exception,
    assert_no_problems,
    attach_collectors,
    open_app,
    streamlit_server,
    wait_idle,
)

pytestmark = pytest.mark.browser

PROGRAM = "x = [1.0, -2.0, 0.5]\nW = randn(2, 3, seed=0)\nh = tanh(W @ x)\nL = sum(h * h)\n"
CHART = '[data-testid="stPlotlyChart"]'
CHART_TIMEOUT_MS = 30_000


@pytest.fixture
def fresh_url() -> Iterator[str]:
    """A server started for this test alone: nothing has run on it before the deep link."""
    try:
        with streamlit_server("app.py") as url:
            yield url
            return
    except ServerError as error:
        message = str(error)
    pytest.fail(f"the app server did not start: {message}", pytrace=False)


def deep_link(base: str, page: str, **params: str) -> str:
    return f"{base}/{page}?" + urlencode(params, quote_via=quote, safe="")


def editor_text(page) -> str:
    return page.locator('[data-testid="stTextArea"] textarea').first.input_value()


def wait_for_charts(page, count: int) -> None:
    """Plotly draws after the script has finished: wait for its SVG in every chart."""
    page.locator(f"{CHART} .main-svg").nth(count - 1).wait_for(timeout=CHART_TIMEOUT_MS)
    wait_idle(page)


def test_jacobian_deep_link_opens_the_page_with_the_program(page, fresh_url):
    problems = attach_collectors(page, fresh_url)

    open_app(page, deep_link(fresh_url, "Jacobian", program=PROGRAM, output="h", wrt="W"))
    wait_for_charts(page, 1)

    assert page.locator("h1").first.inner_text().startswith("The Jacobian")
    assert editor_text(page) == PROGRAM
    assert page.locator(CHART).count() == 1
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "∂h/∂W" in body and "2 × 6" in body
    params = parse_qs(urlsplit(page.url).query)
    assert params["output"] == ["h"] and params["wrt"] == ["W"]
    assert params["program"] == [PROGRAM]
    assert_no_exception(page)
    assert_no_problems(problems)


def test_chain_rule_deep_link_opens_the_page_with_the_program(page, fresh_url):
    problems = attach_collectors(page, fresh_url)

    open_app(page, deep_link(fresh_url, "Chain_rule", program=PROGRAM, x="W", y="matmul#1", z="h"))
    wait_for_charts(page, 4)

    assert page.locator("h1").first.inner_text().startswith("The chain rule")
    assert editor_text(page) == PROGRAM
    assert page.locator(CHART).count() == 4
    assert page.locator(".katex").count() >= 2  # the index formula and the worked entry
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "passes through matmul#1" in body
    params = parse_qs(urlsplit(page.url).query)
    assert (params["x"], params["y"], params["z"]) == (["W"], ["matmul#1"], ["h"])
    assert_no_exception(page)
    assert_no_problems(problems)


def test_a_bad_page_parameter_shows_a_note_not_an_error(page, page_problems, app_url):
    open_app(page, deep_link(app_url, "Jacobian", program=PROGRAM, output="nope"))
    wait_for_charts(page, 1)

    note = page.locator('[data-testid="stAlertContentInfo"]').first.inner_text()
    assert "output" in note and "nope" in note
    assert editor_text(page) == PROGRAM
    assert_no_exception(page)
    assert_no_problems(page_problems)
