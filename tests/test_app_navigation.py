"""Moving between pages in one session: what a link brought carries over, as typed text does.

A page opened from the sidebar has no query parameters (Streamlit drops them); it starts
with the program and step of the page before (``ui.SHARED_PROGRAM``, ``ui.SHARED_STEP``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine.views.examples import DEFAULT_EXAMPLE, example

CIRCUIT = example("cs231n-circuit").program
PAGES = {
    "main": ("../app.py", "main_"),
    "jac": ("../pages/1_Jacobian.py", "jac_"),
    "chain": ("../pages/2_Chain_rule.py", "chain_"),
    "lessons": ("../pages/3_Lessons.py", "lesson_"),
}
CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"
#: The sidebar's pages: label in English and Chinese, and the page's address.
SIDEBAR = [
    ("Backpropagation", "反向传播", ""),
    ("Jacobian", "雅可比矩阵", "Jacobian"),
    ("Chain rule", "链式法则", "Chain_rule"),
    ("Lessons", "课程", "Lessons"),
]


def open_page(page: str, **params: str) -> AppTest:
    """A deep link to ``page`` on a fresh session: the app's pages, that one run first."""
    at = AppTest.from_file("../app.py", default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    if page != "main":
        at.switch_page(PAGES[page][0].removeprefix("../"))
    at.run()
    assert not at.exception, at.exception
    return at


def go_to(at: AppTest, page: str) -> AppTest:
    """Click a page in the sidebar: the new page's address has no parameters."""
    at.query_params.clear()
    at.switch_page(PAGES[page][0].removeprefix("../")).run()
    assert not at.exception, at.exception
    return at


def editor(at: AppTest, page: str) -> str:
    return at.text_area(key=f"{PAGES[page][1]}editor").value


def test_a_linked_program_and_step_carry_over_to_the_next_page():
    at = open_page("main", program=CIRCUIT, step="1")
    go_to(at, "jac")

    assert editor(at, "jac") == CIRCUIT != DEFAULT_EXAMPLE.program
    assert at.query_params["program"] == CIRCUIT
    assert at.query_params["step"] == "1"

    go_to(at, "chain")  # and on to a third page
    assert editor(at, "chain") == CIRCUIT and at.query_params["step"] == "1"


def test_a_page_opened_by_link_hands_its_program_and_step_to_a_fresh_main_page():
    at = open_page("jac", program=CIRCUIT, step="2")
    go_to(at, "main")

    assert editor(at, "main") == CIRCUIT
    assert at.session_state["main_step"] == 2 and at.query_params["step"] == "2"


def test_a_step_moved_on_the_main_page_carries_over():
    at = open_page("main", program=CIRCUIT)
    at.session_state["main_step"] = 2  # as when the graph reports the steps the browser took
    at.run()
    go_to(at, "jac")

    assert editor(at, "jac") == CIRCUIT and at.query_params["step"] == "2"


def test_a_typed_program_starts_the_next_page_at_step_zero():
    at = open_page("main", program=CIRCUIT, step="2")
    typed = "x = [1.0, 2.0]\nL = sum(x * x)\n"
    at.text_area(key="main_editor").input(typed)
    at.button(key="main_run").click().run()
    go_to(at, "jac")

    assert editor(at, "jac") == typed and at.query_params["step"] == "0"


def test_a_bad_step_in_a_link_stays_zero_with_its_note():
    at = open_page("chain", program=CIRCUIT, step="two")
    assert at.query_params["step"] == "0" and editor(at, "chain") == CIRCUIT
    go_to(at, "main")
    assert at.query_params["step"] == "0" and editor(at, "main") == CIRCUIT


def sidebar_links(at: AppTest) -> list[tuple[str, str]]:
    return [(link.proto.label, link.proto.page) for link in at.sidebar.get("page_link")]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_lists_the_pages_by_their_names_in_the_language(page, lang):
    at = open_page(page, lang=lang)
    column = 0 if lang == "en" else 1
    assert sidebar_links(at) == [(row[column], row[2]) for row in SIDEBAR]


def test_the_page_list_follows_the_language_control():
    at = open_page("main")
    assert sidebar_links(at)[0] == ("Backpropagation", "")
    at.radio(key="main_lang").set_value("zh").run()
    assert [label for label, _ in sidebar_links(at)] == [row[1] for row in SIDEBAR]
    go_to(at, "jac")
    assert sidebar_links(at)[1] == ("雅可比矩阵", "Jacobian")


def test_streamlits_own_page_list_named_after_the_files_is_off():
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["client"]["showSidebarNavigation"] is False
