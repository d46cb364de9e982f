"""Nothing injected by a link: every value a page echoes from its address is plain text.

Each page is opened with Markdown links, images, bare URLs and HTML in every
parameter any page reads (``program``, ``step``, ``lang``, ``present``,
``lesson``, ``lstep``, ``output``, ``wrt``, ``x``, ``y``, ``z``). Every text body
the page writes (Markdown, notes, captions, warnings, errors, HTML) is read back:
outside code spans and code blocks, where Markdown reads nothing, no trace of
the outside host and no HTML tag from the link may appear. The notes must
still quote the value (inside a code span), so the test fails if a page stops
saying which parameter it ignored, as well as if it renders one.
"""

from __future__ import annotations

import re

import pytest
from app_support import open_page

from engine.views import urls

PAGES = ["../app.py", "../pages/1_Jacobian.py", "../pages/2_Chain_rule.py", "../pages/3_Lessons.py"]
#: Every parameter any page reads, except ``program`` (tested on its own below).
PARAMETERS = ["step", "lang", "present", "lesson", "lstep", "output", "wrt", "x", "y", "z"]
#: The parameters each page echoes in a note when their value is bad.
ECHOED = {
    "../app.py": ["step", "lang", "present"],
    "../pages/1_Jacobian.py": ["lang", "output", "wrt"],
    "../pages/2_Chain_rule.py": ["lang", "x", "y", "z"],
    "../pages/3_Lessons.py": ["lang", "lesson", "lstep"],
}
HOST = "evil.example"
#: Each shorter than urls.SHOWN_CHARS, so the note quotes it whole.
PAYLOADS = [
    f"[a](http://{HOST}/)",
    f"![x](http://{HOST}/p.png)",
    f"<img src=http://{HOST}/p>",
    f"http://{HOST}/login",
    f"<http://{HOST}>",
    f"**[**](//{HOST})`x`",
    f"``[a](http://{HOST})``",
]

_FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1", re.M | re.S)
_TAG = re.compile(r"<\s*/?\s*(img|a|script|iframe|b|svg|style)\b", re.I)


def without_code(markdown: str) -> str:
    """Markdown with its code blocks and code spans removed (CommonMark's rule for spans:
    a run of n backticks up to the next run of exactly n backticks)."""
    text = _FENCE.sub("", markdown)
    out, i = [], 0
    while i < len(text):
        if text[i] != "`":
            out.append(text[i])
            i += 1
            continue
        run = len(text[i:]) - len(text[i:].lstrip("`"))
        closing = re.compile(rf"(?<!`)`{{{run}}}(?!`)").search(text, i + run)
        if closing is None:  # an unmatched run is literal backticks
            out.append("`" * run)
            i += run
        else:
            i = closing.end()
    return "".join(out)


def markdown_bodies(at) -> list[str]:
    """Every Markdown text the page rendered: text, captions, notes, warnings, errors."""
    texts = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header"):
        texts += [element.value for element in getattr(at, kind)]
    return texts


#: An HTML tag that names the outside host (in text, the listing escapes "<" as "&lt;").
_TAG_TO_HOST = re.compile(rf"<[^<>]*{re.escape(HOST)}")


def assert_nothing_injected(at) -> None:
    assert not at.exception, at.exception
    for body in markdown_bodies(at):
        plain = without_code(body)
        assert HOST not in plain, body[:500]
        assert not _TAG.search(plain), body[:500]
    for element in at.get("html"):  # the page's own HTML: the listing, the graph, CSS
        found = _TAG_TO_HOST.search(element.proto.body)
        assert found is None, found and element.proto.body[found.start() - 200 : found.end() + 200]


def test_the_checker_sees_a_rendered_link_and_not_a_quoted_one():
    assert HOST in without_code(f"see [a](http://{HOST}/) now")
    assert HOST in without_code(f"`a`` [x](http://{HOST})")  # no closing run of one
    assert HOST not in without_code(f"quoted {urls.literal(f'``[a](http://{HOST})``')} here")
    assert HOST not in without_code(f"```text\n![x](http://{HOST}/p.png)\n```")


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("page", PAGES)
def test_every_parameter_is_echoed_as_plain_text(page, payload):
    at = open_page(page, **dict.fromkeys(PARAMETERS, payload))

    assert_nothing_injected(at)
    notes = [info.value for info in at.info]
    quoted = urls.literal(payload)
    for name in ECHOED[page]:
        assert any(f"`{name}`" in note and quoted in note for note in notes), (name, notes)


@pytest.mark.parametrize("page", PAGES)
def test_a_long_value_is_cut_short_in_its_note(page):
    at = open_page(page, lang=f"[a](http://{HOST}/)" + "x" * 5000)

    assert_nothing_injected(at)
    (note,) = [info.value for info in at.info if "`lang`" in info.value]
    assert len(note) < 300 and "…" in note


PROGRAMS = [
    # valid: the payloads in comments, shown in the editor and the listing
    "x = [1.0, 2.0]  # " + " ".join(PAYLOADS) + "\nL = sum(x * x)",
    # an error: the payload is quoted in the message, the listing and the hint
    f"x = [1.0]\nL = sum(x) + [a](http://{HOST}/)",
    f"<img src=http://{HOST}/p>\nL = 1",
]


@pytest.mark.parametrize("program", PROGRAMS, ids=["comments", "in-an-error", "html-line"])
@pytest.mark.parametrize("page", PAGES)
def test_a_program_from_the_link_is_shown_as_plain_text(page, program):
    at = open_page(page, program=program)

    assert_nothing_injected(at)
