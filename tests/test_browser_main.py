"""The main page in a real Chromium: type a program, step through it, share it, play it."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import (
    REPO_ROOT,
    assert_no_exception,
    assert_no_problems,
    open_app,
    wait_idle,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SCREENSHOT = REPO_ROOT / "docs" / "screenshot-main.png"
TALL = {"width": 1400, "height": 2300}

CIRCUIT = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z"
CIRCUIT_NODES = 7  # five values (x, y, z, q, f) and two operations (+, *)


def graph(page):
    return page.locator(".cr-graph svg")


def edge_texts(page) -> list[str]:
    texts = graph(page).locator("g.edge text").evaluate_all("els => els.map(e => e.textContent)")
    return [text.strip() for text in texts]


def step_in_url(page) -> str | None:
    values = parse_qs(urlsplit(page.url).query).get("step")
    return values[-1] if values else None


def click(page, key: str, step: int | None = None) -> None:
    """Click a button; with ``step``, wait until the page shows that step."""
    page.locator(f".st-key-{key} button").click()
    if step is not None:
        page.wait_for_url(re.compile(rf"[?&]step={step}(&|$)"))
        expect(page.locator(f'.cr-graph[data-step="{step}"]')).to_have_count(1)
    wait_idle(page)


def type_program(page, source: str) -> None:
    editor = page.locator(".st-key-main_editor textarea")
    editor.fill(source)
    editor.press("Control+Enter")  # submits the editor's form, like the Run button
    # Idle alone could be the moment before the run starts: wait for the address to
    # hold the new program (the page writes it at the end of the run).
    page.wait_for_function(
        "source => new URLSearchParams(location.search).get('program') === source", arg=source
    )
    wait_idle(page)


def test_cs231n_circuit_typed_and_stepped_to_the_end(page, page_problems, app_url):
    page.set_viewport_size(TALL)
    open_app(page, app_url + "/")

    type_program(page, CIRCUIT)
    expect(graph(page).locator("g.node")).to_have_count(CIRCUIT_NODES)
    before = edge_texts(page)
    click(page, "main_next", step=1)
    click(page, "main_last", step=2)
    after = edge_texts(page)

    assert "downstream: ?" in before and "downstream: -4" not in before
    assert after.count("downstream: -4") == 3  # q from f, then x and y from the add gate
    assert after.count("downstream: 3") == 1  # z
    assert "downstream: ?" not in after
    assert graph(page).locator("g.node").count() == CIRCUIT_NODES
    assert step_in_url(page) == "2"
    assert page.locator(".cr-source mark").inner_text() == "x + y"  # the current line
    assert_no_exception(page)
    assert_no_problems(page_problems)

    # README.md shows this picture of the main page at the end of the pass.
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 20_000


def test_an_error_is_shown_inline_and_the_text_is_kept(page, page_problems, app_url):
    broken = "x = [1.0, 2.0]\nL = sum(x @ [1.0, 2.0, 3.0])"
    open_app(page, app_url + "/")

    type_program(page, broken)

    alert = page.locator('[data-testid="stAlertContentError"]')
    expect(alert).to_contain_text("line 2, col 9")
    expect(alert).to_contain_text("^^^")
    expect(page.locator(".st-key-main_editor textarea")).to_have_value(broken)
    assert_no_exception(page)
    assert_no_problems(page_problems)


def test_the_share_link_reopens_the_same_program_and_step(page, page_problems, app_url):
    open_app(page, app_url + "/")
    type_program(page, CIRCUIT)
    click(page, "main_next", step=1)
    link = page.locator('[data-testid="stCode"] code').last.inner_text().strip()

    assert link.startswith(app_url) and link.endswith("&step=1")
    assert parse_qs(urlsplit(link).query)["program"] == [CIRCUIT]
    open_app(page, link)

    expect(page.locator(".st-key-main_editor textarea")).to_have_value(CIRCUIT)
    expect(page.locator('.cr-graph[data-step="1"] svg g.node')).to_have_count(CIRCUIT_NODES)
    wait_idle(page)
    texts = edge_texts(page)
    assert "downstream: 3" in texts and "downstream: ?" in texts  # after step 1 of 2
    assert_no_exception(page)
    assert_no_problems(page_problems)


def test_arrow_keys_step_but_not_while_typing(page, page_problems, app_url):
    open_app(page, app_url + "/?step=0")
    editor = page.locator(".st-key-main_editor textarea")

    editor.click()
    editor.press("ArrowRight")
    time.sleep(0.5)
    wait_idle(page)
    assert step_in_url(page) == "0"
    page.locator("h1").first.click()  # focus leaves the editor
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"step=1"))
    page.keyboard.press("End")
    page.wait_for_url(re.compile(r"step=6"))
    wait_idle(page)
    assert_no_exception(page)
    assert_no_problems(page_problems)


def test_autoplay_runs_to_the_end_and_then_stays_still(page, page_problems, app_url):
    open_app(page, app_url + "/")
    type_program(page, CIRCUIT)
    page.locator(".st-key-main_speed").get_by_role("slider").press("Home")  # 0.5 s a step
    wait_idle(page)
    frames: list[float] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda _: frames.append(time.monotonic())))

    click(page, "main_play")

    page.wait_for_url(re.compile(r"step=2"), timeout=15_000)
    expect(page.locator(".st-key-main_play button")).to_contain_text("Play", timeout=15_000)
    wait_idle(page)
    settled = time.monotonic()
    time.sleep(3)
    assert step_in_url(page) == "2"
    assert [t for t in frames if t > settled] == []  # no timer keeps rerunning the page
    assert "downstream: ?" not in edge_texts(page)
    assert_no_exception(page)
    assert_no_problems(page_problems)
