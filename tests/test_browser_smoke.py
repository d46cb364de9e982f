"""The app opens in a real Chromium without errors, and every page opens from a deep link."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import (
    GRAPH,
    REPO_ROOT,
    assert_no_exception,
    assert_no_problems,
    health,
    open_app,
)
from streamlit.source_util import page_icon_and_name

pytestmark = pytest.mark.browser

PAGE_FILES = sorted((REPO_ROOT / "pages").glob("*.py"))


def test_home_page_loads_without_errors(page, page_problems, app_url):
    open_app(page, app_url + "/")

    assert page.title().startswith("Chainrule")
    assert page.locator('[data-testid="stApp"] h1').count() >= 1
    assert_no_exception(page)
    assert_no_problems(page_problems)
    assert health(app_url) == "ok"

    # Wait until the widgets and the graph are drawn, not their loading placeholders.
    page.locator(f"{GRAPH} g.node").first.wait_for(state="visible")
    page.locator("textarea").first.wait_for(state="visible")
    page.wait_for_timeout(500)
    assert page.locator(f"{GRAPH} g.node").count() > 10


def _url_path(page_file: Path) -> str:
    # The address Streamlit gives a file in pages/ ("2_Jacobian.py" -> "Jacobian").
    return page_icon_and_name(page_file)[1]


@pytest.mark.parametrize(
    "page_file",
    PAGE_FILES or [pytest.param(None, marks=pytest.mark.skip(reason="pages/ has no pages yet"))],
    ids=[path.stem for path in PAGE_FILES] or ["no-pages"],
)
def test_page_deep_link_loads_without_errors(page, page_problems, app_url, page_file):
    # A deep link runs the page without app.py first; the page must stand on its own.
    open_app(page, f"{app_url}/{_url_path(page_file)}")

    assert_no_exception(page)
    assert_no_problems(page_problems)
