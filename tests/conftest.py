"""Shared fixtures: a live app server and Debian's Chromium for the browser tests.

Browser tests (marker ``browser``, files ``tests/test_browser_*.py``) skip when
Chromium is missing on a developer's machine, and fail when CI=true: CI must
never pass without having looked at the app in a real browser.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import (
    CHROMIUM_ARGS,
    PageProblems,
    ServerError,
    attach_collectors,
    chromium_missing_message,
    find_chromium,
    in_ci,
    streamlit_server,
)
from streamlit.runtime.media_file_manager import MediaFileManager

VIEWPORT = {"width": 1400, "height": 1000}


def _is_browser_file(path: Path) -> bool:
    return path.name.startswith("test_browser_")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    misplaced = []
    for item in items:
        if _is_browser_file(item.path):
            item.add_marker(pytest.mark.browser)
        elif item.get_closest_marker("browser"):
            misplaced.append(item.nodeid)
    if misplaced:
        raise pytest.UsageError(
            "tests marked `browser` belong in tests/test_browser_*.py: " + ", ".join(misplaced)
        )
    if find_chromium() is None and not in_ci():
        # In CI the `browser_type_launch_args` fixture fails these tests instead.
        skip = pytest.mark.skip(reason=chromium_missing_message() + "; with CI=true this fails")
        for item in items:
            if item.get_closest_marker("browser"):
                item.add_marker(skip)


def serve_app() -> Iterator[str]:
    """``streamlit run app.py`` on a free port, for a fixture to yield from. Never a skip:
    a server that does not start is a bug, locally and in CI."""
    try:
        with streamlit_server("app.py") as url:
            yield url
            return
    except ServerError as error:
        message = str(error)
    pytest.fail(f"the app server did not start: {message}", pytrace=False)


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The base URL of a real `streamlit run app.py` server, shared by the session."""
    yield from serve_app()


@pytest.fixture
def fresh_url() -> Iterator[str]:
    """A server started for this test alone: nothing has run on it before the deep link."""
    yield from serve_app()


@pytest.fixture(scope="session")
def base_url(app_url: str) -> str:
    """pytest-playwright passes this to every browser context: `page.goto("/")` works."""
    return app_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch options, pointed at Debian's Chromium."""
    chromium = find_chromium()
    if chromium is None:
        if in_ci():
            pytest.fail(chromium_missing_message() + " and CI=true requires them", pytrace=False)
        pytest.skip(chromium_missing_message())
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": VIEWPORT}


@pytest.fixture
def page_problems(page, app_url: str) -> PageProblems:
    """Collectors attached to `page`; check them with `browser_support.assert_no_problems`."""
    return attach_collectors(page, app_url)


@pytest.fixture
def deferred(monkeypatch):
    """The callables download buttons hand to Streamlit, by file name (AppTest's media
    manager lives for one run only)."""
    made: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return made
