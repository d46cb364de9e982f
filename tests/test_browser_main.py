"""The main page in a real Chromium: type a program, step through it, share it, play it."""

from __future__ import annotations

import re
import statistics
import time
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from browser_support import (
    GRAPH,
    REPO_ROOT,
    TIME_CLICK,
    assert_no_exception,
    assert_no_problems,
    measure_graph,
    open_app,
    wait_graph,
    wait_idle,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SCREENSHOT = REPO_ROOT / "docs" / "screenshot-main.png"
WIDE = {"width": 1440, "height": 900}

CIRCUIT = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z"
CIRCUIT_NODES = 7  # five values (x, y, z, q, f) and two operations (+, *)


def shown_texts(page, selector: str) -> list[str]:
    """The texts a person sees in these graph elements (versions of other steps are hidden)."""
    return page.locator(f"{GRAPH} {selector}").evaluate_all(
        """els => els.map(el => Array.from(el.querySelectorAll('.part'))
            .map(p => Array.from(p.querySelectorAll(':scope > .ver:not(.off) text'))
                .map(t => t.textContent).join('')).join(' | '))"""
    )


def card_texts(page) -> list[str]:
    return shown_texts(page, "g.edge:has(.card)")


def step_in_url(page) -> str | None:
    values = parse_qs(urlsplit(page.url).query).get("step")
    return values[-1] if values else None


def wait_panel(page, step: int) -> None:
    """Wait until the server's step panel shows ``step`` (it follows the graph)."""
    heading = page.get_by_role("heading", name=re.compile(rf"^Step {step} of \d+"))
    expect(heading).to_have_count(1)
    wait_idle(page)


def press_button(page, label: str, step: int) -> None:
    """Click a stepper button; wait until the graph shows ``step`` and the page caught up."""
    page.get_by_role("button", name=label, exact=True).click()
    wait_graph(page, step)
    page.wait_for_url(re.compile(rf"[?&]step={step}(&|$)"))
    wait_panel(page, step)


def type_program(page, source: str) -> None:
    editor = page.locator(".st-key-main_editor textarea")
    editor.fill(source)
    editor.press("Control+Enter")  # submits the editor's form, like the Run button
    page.wait_for_function(
        "source => new URLSearchParams(location.search).get('program') === source", arg=source
    )
    wait_idle(page)
    wait_graph(page, 0)


def test_cs231n_circuit_typed_and_stepped_to_the_end(page, page_problems, app_url):
    page.set_viewport_size(WIDE)
    open_app(page, app_url + "/")

    type_program(page, CIRCUIT)
    expect(page.locator(f"{GRAPH} g.node")).to_have_count(CIRCUIT_NODES)
    before = card_texts(page)
    press_button(page, "Next", 1)
    press_button(page, "Last", 2)
    after = card_texts(page)

    # Before the first step only the seed is known: f's upstream 1, on the multiply's cards.
    assert sorted(before) == ["1 | · ? | = ?"] * 2 + ["? | · ? | = ?"] * 2
    # q's gradient from f, then x and y from the add gate: -4; z: 3 (CS231n's numbers).
    assert sorted(after) == [
        "-4 | · 1 | = -4",
        "-4 | · 1 | = -4",
        "1 | · -4 | = -4",
        "1 | · 3 | = 3",
    ]
    assert step_in_url(page) == "2"
    assert page.locator(".cr-source mark").inner_text() == "x + y"  # the current line
    heading = page.get_by_role("heading", name=re.compile(r"Step 2 of 2"))
    expect(heading).to_have_count(1)  # the step panel followed the graph
    assert_no_exception(page)
    assert_no_problems(page_problems)

    # README.md shows this picture of the main page at the end of the pass.
    page.evaluate("document.activeElement.blur()")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 20_000


def test_a_step_click_changes_the_graph_at_once(page, page_problems, app_url):
    """Issue 11's latency. What makes it fast is checked exactly: the graph shows the new
    step within the click's own task, before any message to the server, and the graph is
    never rebuilt. The time to paint is measured in the page and its median checked; the
    worst case depends on what else the machine runs, so it is reported here and measured
    by `python -m bench.viewer` (figures in the README), not asserted: timed tests are
    flaky on a shared machine."""
    page.set_viewport_size({"width": 1280, "height": 720})
    open_app(page, app_url + "/?step=0")
    wait_graph(page, 0)
    times = []
    for label in ["Next"] * 6 + ["Previous"] * 6:
        times.append(page.evaluate(TIME_CLICK, [label]))
        time.sleep(0.15)
    wait_idle(page)
    print(  # shown with pytest -s
        f"click to graph (ms), {len(times)} clicks: median {statistics.median(times):.1f}, "
        f"worst {max(times):.1f}; all {[round(t, 1) for t in times]}"
    )
    assert statistics.median(times) <= 100, times
    shown = page.evaluate(
        """() => {
          const stage = document.querySelector('[data-testid="chainrule-graph"]');
          const next = Array.from(document.querySelectorAll(".crv-bar button"))
            .find((b) => b.getAttribute("aria-label") === "Next");
          next.click();  // dispatched synchronously: the handler has run when this returns
          return stage.getAttribute("data-step");
        }"""
    )
    assert shown == "1"  # no round trip: the graph changed before the click returned
    assert page.evaluate("window.__chainruleBuilds") == 1  # stepping never rebuilt the graph
    assert_no_exception(page)
    assert_no_problems(page_problems)


def test_an_error_is_shown_inline_and_the_text_is_kept(page, page_problems, app_url):
    broken = "x = [1.0, 2.0]\nL = sum(x @ [1.0, 2.0, 3.0])"
    open_app(page, app_url + "/")
    editor = page.locator(".st-key-main_editor textarea")
    editor.fill(broken)
    editor.press("Control+Enter")
    alert = page.locator('[data-testid="stAlertContentError"]')
    expect(alert).to_contain_text("line 2, col 9")
    expect(alert).to_contain_text("^^^")
    expect(editor).to_have_value(broken)
    # The whole message is shown (wrapped), not cut at the narrow column's edge.
    widths = alert.locator("code").evaluate("c => [c.scrollWidth, c.clientWidth]")
    assert widths[0] <= widths[1] + 1, widths
    assert_no_exception(page)
    assert_no_problems(page_problems)


def test_the_share_link_reopens_the_same_program_and_step(page, page_problems, app_url):
    open_app(page, app_url + "/")
    type_program(page, CIRCUIT)
    press_button(page, "Next", 1)
    link = page.locator('[data-testid="stCode"] code').last.inner_text().strip()

    assert link.startswith(app_url) and link.endswith("&step=1")
    assert parse_qs(urlsplit(link).query)["program"] == [CIRCUIT]
    open_app(page, link)
    wait_graph(page, 1)

    expect(page.locator(".st-key-main_editor textarea")).to_have_value(CIRCUIT)
    texts = card_texts(page)
    # After step 1 of 2: the multiply is done, the add's cards know only their upstream.
    assert sorted(texts) == ["-4 | · ? | = ?"] * 2 + ["1 | · -4 | = -4", "1 | · 3 | = 3"]
    assert_no_exception(page)
    assert_no_problems(page_problems)


def test_keys_step_but_not_while_typing_and_back_leaves_the_program(page, page_problems, app_url):
    page.goto("about:blank")
    open_app(page, f"{app_url}/?step=0&program={quote(CIRCUIT, safe='')}")
    wait_graph(page, 0)
    editor = page.locator(".st-key-main_editor textarea")
    editor.click()
    editor.press("ArrowRight")
    time.sleep(0.3)
    assert measure_graph(page)["step"] == "0"
    page.locator(".crv-legend").click()  # focus leaves the editor
    page.keyboard.press("ArrowRight")
    wait_graph(page, 1)
    page.keyboard.press("End")
    wait_graph(page, 2)
    page.wait_for_url(re.compile(r"step=2"))
    wait_panel(page, 2)
    # Stepping replaced the history entry: Back leaves the program, it does not step back.
    entries = page.evaluate("history.length")
    page.go_back()
    page.wait_for_url("about:blank")
    assert entries == 2
    assert_no_exception(page)
    assert_no_problems(page_problems)


def test_autoplay_keeps_its_pace_and_stops_at_the_end(page, page_problems, app_url):
    program = "\n".join(
        ["a = 0.5"] + [f"a{i} = tanh({'a' if i == 0 else f'a{i - 1}'})" for i in range(8)]
    )
    open_app(page, f"{app_url}/?step=0&program={quote(program, safe='')}")
    wait_graph(page, 0)
    page.get_by_label("Seconds per step").select_option("0.5")
    stamps = page.evaluate(
        """() => new Promise((resolve) => {
          const stage = document.querySelector('[data-testid="chainrule-graph"]');
          const times = [];
          new MutationObserver(() => {
            times.push(performance.now());
            if (stage.getAttribute("data-step") === "8") resolve(times);
          }).observe(stage, { attributes: true, attributeFilter: ["data-step"] });
          Array.from(document.querySelectorAll(".crv-bar button"))
            .find((b) => b.getAttribute("aria-label") === "Play").click();
        })"""
    )
    gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
    assert len(stamps) == 8
    assert abs(statistics.mean(gaps) - 500) <= 50, gaps  # within 10% of the stated pace
    expect(page.get_by_role("button", name="Play", exact=True)).to_be_visible()
    time.sleep(1.2)
    assert measure_graph(page)["step"] == "8"  # stopped at the end
    wait_idle(page)
    assert step_in_url(page) == "8"
    assert_no_exception(page)
    assert_no_problems(page_problems)


def test_clicking_a_value_box_shows_its_value_and_the_contributions(page, page_problems, app_url):
    fan_out = "x = 3.0\ny = x * x + x"
    open_app(page, f"{app_url}/?step=1&program={quote(fan_out, safe='')}")
    wait_graph(page, 1)
    page.locator(f'{GRAPH} g.node.value:has(title:text-is("v0"))').click()
    inspect = page.locator(".crv-inspect")
    expect(inspect).to_be_visible()
    expect(inspect).to_contain_text("x  ()")
    expect(inspect).to_contain_text("value: 3")
    expect(inspect).to_contain_text("? (1 of 3 contributions so far)")
    page.keyboard.press("End")
    wait_graph(page, 2)
    expect(inspect).to_contain_text("gradient after step 2: 7")  # 2x + 1 at x = 3
    assert_no_exception(page)
    assert_no_problems(page_problems)


def test_after_a_run_the_same_step_number_still_moves_the_panel(page, page_problems, app_url):
    """A step reported after a Run is news even when its number equals the last one."""
    open_app(page, f"{app_url}/?step=0&program={quote(CIRCUIT, safe='')}")
    wait_graph(page, 0)
    press_button(page, "Next", 1)
    type_program(page, "a = [1.0, 2.0]\nb = tanh(a)\nL = sum(b * b)")
    wait_panel(page, 0)
    press_button(page, "Next", 1)  # the panel follows to step 1 of the new program
    expect(page.get_by_role("heading", name=re.compile(r"^Step 1 of 3"))).to_have_count(1)
    assert_no_exception(page)
    assert_no_problems(page_problems)
