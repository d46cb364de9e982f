"""The pages in Simplified Chinese: ``lang=zh`` in the address, the sidebar's control, a bad
``lang``, and the language carried from page to page.

The lessons page has its own tests (tests/test_app_lessons.py); here are the main page,
the Jacobian page and the chain-rule page, whose words were moved to ``engine.i18n``.
"""

from __future__ import annotations

import re
import string

import pytest
from app_support import graph_payload, shown_labels
from streamlit.testing.v1 import AppTest

from engine.i18n import TEXT, t
from engine.views import urls

PAGES = {
    "main": ("../app.py", "main_", "ui", ("上游梯度", "局部梯度", "下游梯度", "反向传播")),
    "jac": ("../pages/1_Jacobian.py", "jac_", "jac", ("雅可比矩阵", "广义雅可比矩阵")),
    "chain": ("../pages/2_Chain_rule.py", "chain_", "chain", ("链式法则", "雅可比矩阵")),
}
CIRCUIT = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z\n"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def open_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(PAGES[page][0], default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def shown_words(at: AppTest) -> list[str]:
    """Every label, heading, help text, caption, message and option the page shows (not the
    program in the editor, the source listing, the share link or the graph)."""
    words: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        kind = type(node).__name__
        if proto is not None and kind not in ("TextArea", "Html", "Code"):
            for field in ("label", "body", "help", "placeholder"):
                value = getattr(proto, field, None)
                if isinstance(value, str) and value.strip():
                    words.append(value)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    for widget in (*at.selectbox, *at.radio, *at.select_slider):
        words += [str(option) for option in widget.options]
    return words


def english_phrases(prefix: str) -> list[tuple[str, str]]:
    """(key, phrase) of the English texts under ``prefix.``: each text's longest stretch
    without a placeholder, when it holds a word and reads differently in Chinese."""
    phrases = []
    for key, entry in TEXT.items():
        if not key.startswith(prefix + "."):
            continue
        pieces = [literal for literal, *_ in string.Formatter().parse(entry["en"])]
        longest = max((piece.strip(" *:·(),.`") for piece in pieces), key=len)
        if re.search(r"[A-Za-z]{3,}", longest) and longest not in entry["zh"]:
            phrases.append((key, longest))
    return phrases


@pytest.mark.parametrize("page", PAGES)
def test_the_page_in_chinese_has_chinese_headings_the_fixed_terms_and_no_english(page):
    _, _, prefix, terms = PAGES[page]
    at = open_page(page, program=CIRCUIT, step="1", lang="zh")

    title = at.title[0].value
    assert title == t("ui.page_title" if page == "main" else f"{prefix}.title", "zh")
    assert _CJK.search(title)
    assert all(_CJK.search(heading.value) for heading in at.subheader)
    words = shown_words(at)
    text = "\n".join(words)
    for term in terms:
        assert term in text, term
    leaked = [
        (key, phrase)
        for key, phrase in english_phrases(prefix) + english_phrases("ui")
        if any(phrase in word for word in words)
    ]
    assert not leaked, leaked
    assert at.query_params["lang"] == "zh"


def _words(value) -> list[str]:
    if isinstance(value, dict):
        return [word for item in value.values() for word in _words(item)]
    return [value]


def test_the_main_page_graph_and_panel_speak_chinese():
    at = open_page("main", program=CIRCUIT, step="1", lang="zh")
    payload = graph_payload(at)

    labels = shown_labels(payload, payload["step"])
    ops = sorted(parts for name, parts in labels.items() if name.startswith("op") and parts)
    assert ops == [("*", "第 1 步"), ("+", "第 2 步")]
    shown = [text for parts in labels.values() for text in parts]
    assert "= 3" in shown and "· -4" in shown  # the step's numbers, as in English
    assert not [text for text in shown if re.search(r"[A-Za-z]{2,}", text)]  # no English word
    # The viewer's own words (stepper, zoom, legend, inspect) in Chinese too.
    assert payload["labels"]["next"] == "下一步" and payload["labels"]["previous"] == "上一步"
    for term, role in (("上游梯度", "upstream"), ("局部梯度", "local"), ("下游梯度", "downstream")):
        assert term in payload["labels"]["legend"][role]
    words = _words(payload["labels"])
    assert len(words) > 20 and [word for word in words if not _CJK.search(word)] == []
    assert t("op.mul.note", "zh") in [c.value for c in at.caption]  # the step's note
    subheaders = [h.value for h in at.subheader]
    assert t("ui.step_node", "zh", step=1, n=2, name="f", expression="q * z") in subheaders


def test_the_language_control_writes_lang_into_the_address_and_keeps_it():
    at = open_page("main", program=CIRCUIT)
    assert at.title[0].value == t("ui.page_title", "en") and "lang" not in at.query_params

    at.radio(key="main_lang").set_value("zh").run()
    assert at.query_params["lang"] == "zh"
    assert at.title[0].value == t("ui.page_title", "zh")
    assert graph_payload(at)["labels"]["next"] == "下一步"

    at.session_state["main_step"] = 1  # the graph reports a step: the language stays
    at.run()
    assert at.query_params["lang"] == "zh"
    assert at.code[-1].value.endswith("&step=1&lang=zh")  # and so does the share link
    payload = graph_payload(at)
    assert payload["step"] == 0  # the graph starts where it was sent; the browser is at 1
    assert "第 1 步" in [parts[1] for parts in shown_labels(payload, 1).values() if len(parts) == 2]

    at.radio(key="main_lang").set_value("en").run()
    # The address takes the step the graph moved to along with the language.
    assert at.query_params["lang"] == "en" and at.query_params["step"] == "1"
    assert graph_payload(at)["labels"]["next"] == "Next"
    assert graph_payload(at)["step"] == 1


def test_a_page_opened_later_keeps_the_language_chosen_before():
    at = open_page("main", program=CIRCUIT, lang="zh")
    at.query_params.clear()  # a page opened from the sidebar has no parameters
    at.switch_page("pages/1_Jacobian.py").run()

    assert not at.exception
    assert at.title[0].value == t("jac.title", "zh")
    assert at.query_params["lang"] == "zh"  # written back: the link keeps it


@pytest.mark.parametrize("page", PAGES)
def test_a_bad_lang_falls_back_to_english_with_a_note(page):
    at = open_page(page, lang="fr")

    notes = [info.value for info in at.info]
    assert t("ui.note.unknown-lang", "en", value=urls.literal("fr")) in notes
    assert not _CJK.search(at.title[0].value)
    assert at.radio(key=f"{PAGES[page][1]}lang").value == "en"


def test_a_program_error_is_shown_in_chinese():
    at = open_page("main", program="x1 = [1.0, 2.0]\ny = x2 * 2\n", lang="zh")

    (error,) = at.error
    assert t("ui.error_title", "zh") in error.value
    assert (
        "第 2 行，第 5 列：未知的名字 `x2`" in error.value
        and "提示：你是想写 `x1` 吗？" in error.value
    )


def test_the_chain_pages_sizes_error_is_chinese():
    at = open_page("chain", lang="zh")
    at.text_input(key="chain_sizes").input("3, x").run()

    assert [e.value for e in at.error] == ["'x' 不是整数"]
