"""The app's addresses: every parameter read with a fallback and a note, links rebuilt exactly."""

from __future__ import annotations

import base64
import random
import tracemalloc
import zlib
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest

from engine.views import urls

DEFAULT = "x = 1\nL = x * x"


def test_no_parameters_means_the_defaults_without_notes():
    state = urls.read_params({}, default_program=DEFAULT)

    assert (state.program, state.step, state.lang) == (DEFAULT, 0, "en")
    assert state.notes == ()
    assert not state.has_program and not state.has_step


def test_program_is_kept_exactly_as_given():
    program = "  x = [1.0, 2.0]\r\n  L = sum(x ** 2)  # ünïcode ✓\n\n"

    state = urls.read_params({"program": program, "step": "2"}, default_program=DEFAULT)

    assert state.program == program
    assert state.step == 2
    assert state.has_program and state.has_step
    assert state.notes == ()


def test_a_broken_program_is_still_the_users_program():
    # The parser reports it next to the user's text; the address is not "bad".
    state = urls.read_params({"program": "y = tanh(x"}, default_program=DEFAULT)

    assert state.program == "y = tanh(x"
    assert state.notes == ()


@pytest.mark.parametrize("raw", ["", "   ", "\n\t"])
def test_an_empty_program_falls_back_with_a_note(raw):
    state = urls.read_params({"program": raw}, default_program=DEFAULT)

    assert state.program == DEFAULT
    assert not state.has_program
    assert [(n.parameter, n.reason) for n in state.notes] == [("program", "empty-program")]


@pytest.mark.parametrize(
    ("raw", "step"),
    [("0", 0), ("3", 3), (" 7 ", 7), ("007", 7), ("12345678", 12345678)],
)
def test_good_steps(raw, step):
    assert urls.read_step(raw) == (step, None)


@pytest.mark.parametrize("raw", ["1" * 10, "9" * 5000, "0" * 30 + "1" * 12])
def test_a_huge_step_is_the_end_of_the_pass_not_an_error(raw):
    # The contract: a number past the end shows the finished pass.
    step, note = urls.read_step(raw)

    assert note is None
    assert step == urls.STEP_END


@pytest.mark.parametrize(
    "raw", ["", "-1", "+2", "1.5", "2.0", "abc", "1e3", "٣", "３", "0x10", "1 2", "nan"]
)
def test_bad_steps_fall_back_to_zero_with_a_note(raw):
    step, note = urls.read_step(raw)

    assert step == 0
    assert note is not None
    assert (note.parameter, note.reason) == ("step", "not-a-step")


def test_a_note_quotes_a_long_bad_value_shortened():
    _, note = urls.read_step("x" * 500)

    assert len(note.value) <= 40
    assert note.value.endswith("…")


@pytest.mark.parametrize(("raw", "lang"), [("en", "en"), ("zh", "zh"), (" ZH ", "zh")])
def test_known_languages(raw, lang):
    assert urls.read_lang(raw) == (lang, None)


@pytest.mark.parametrize("raw", ["fr", "", "zh-CN", "english"])
def test_unknown_languages_fall_back_to_english_with_a_note(raw):
    lang, note = urls.read_lang(raw)

    assert lang == "en"
    assert (note.parameter, note.reason) == ("lang", "unknown-lang")


def test_every_bad_parameter_gets_its_own_note_in_order():
    state = urls.read_params({"program": "", "step": "x", "lang": "fr"}, default_program=DEFAULT)

    assert [n.parameter for n in state.notes] == ["program", "step", "lang"]
    assert (state.program, state.step, state.lang) == (DEFAULT, 0, "en")


def test_repeated_parameters_use_the_last_value_and_unknown_ones_are_ignored():
    params = {"step": ["1", "4"], "program": ["a = 1"], "zoom": "200", "lang": []}

    state = urls.read_params(params, default_program=DEFAULT)

    assert (state.program, state.step, state.lang) == ("a = 1", 4, "en")
    assert state.notes == ()


def test_view_params_never_write_lang_or_a_negative_step():
    assert urls.view_params("x = 1", -5) == {"program": "x = 1", "step": "0"}


@pytest.mark.parametrize(
    "program",
    [
        "x = [1.0, -2.0]\nL = sum(x ** 2)\n",
        "a = 1 + 2 & 3 # ?=&%+/\\\n",
        "λ = 2.0\nｙ = λ * λ\n",
        "x = 1\r\n\tL = x\r",
    ],
)
def test_share_url_round_trips_the_program_exactly(program):
    link = urls.share_url("http://127.0.0.1:8501/", program, 3, lang="zh")
    parts = urlsplit(link)
    query = parse_qs(parts.query, keep_blank_values=True)

    assert (parts.scheme, parts.netloc, parts.path) == ("http", "127.0.0.1:8501", "/")
    assert "+" not in parts.query and " " not in parts.query
    state = urls.read_params(query, default_program=DEFAULT)
    assert (state.program, state.step, state.lang) == (program, 3, "zh")


def test_share_url_replaces_an_old_query_and_keeps_the_page_path():
    link = urls.share_url("http://host/Jacobian?program=old&step=9#top", "x = 1", 0)

    assert link == "http://host/Jacobian?program=x%20%3D%201&step=0"


def test_share_url_without_a_known_address_is_relative():
    assert urls.share_url("", "x = 1", 2) == "/?program=x%20%3D%201&step=2"


# -- echoing a value from the address: urls.literal --------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "two",
        "[a](http://evil.example/)",
        "![x](http://evil.example/p.png)",
        "<img src=x onerror=alert(1)>",
        "`code`",
        "a ``` b",
        "````",
        "$x^2$ :red[x] :material/home: *a* _b_ \\",
        "line\nbreak\r\n\n\nparagraph",
        "\u202eevil\u2066",
        "",
        " ",
        "x" * 1000,
    ],
)
def test_literal_is_one_code_span_holding_the_cut_value_as_python_writes_it(value):
    shown = urls.literal(value)
    fence = shown[: len(shown) - len(shown.lstrip("`"))]
    assert shown.endswith(fence) and len(shown) > 2 * len(fence)
    inside = shown[len(fence) : -len(fence)]
    assert inside == repr(urls.cut(value))
    assert fence not in inside  # no run as long as the fence inside: the span cannot end early
    assert "\n" not in shown and "\r" not in shown and "\u202e" not in shown
    assert len(urls.cut(value)) <= urls.SHOWN_CHARS


def test_cut_keeps_a_short_value_and_marks_a_cut_one():
    assert urls.cut("x" * urls.SHOWN_CHARS) == "x" * urls.SHOWN_CHARS
    assert urls.cut("x" * (urls.SHOWN_CHARS + 1)) == "x" * (urls.SHOWN_CHARS - 1) + "…"


# -- a long program travels compressed: programz -----------------------------------------------

LONG = "x = [1.0, 2.0]  # " + "注释，非 ASCII 的说明。" * 1500 + "\nL = sum(x * x)"


def test_a_short_program_is_written_plain_and_a_long_one_compressed():
    assert urls.view_params("x = 1", 0) == {"program": "x = 1", "step": "0"}
    written = urls.view_params(LONG, 2)
    assert set(written) == {"programz", "step"}
    assert len(urlencode({"program": LONG}, quote_via=quote, safe="")) > 100_000
    assert len(written["programz"]) < 2_000  # repetitive text compresses well
    assert urls.unpack_program(written["programz"]) == LONG


def test_the_threshold_is_the_percent_encoded_length():
    at_limit = "x" * urls.PLAIN_PROGRAM_MAX
    assert list(urls.program_params(at_limit)) == ["program"]
    assert list(urls.program_params(at_limit + "x")) == ["programz"]
    # Three bytes of UTF-8, nine characters percent-encoded: far fewer characters fit plain.
    assert list(urls.program_params("中" * (urls.PLAIN_PROGRAM_MAX // 9 + 1))) == ["programz"]


def test_the_longest_incompressible_program_fits_the_servers_query_limit():
    rng = random.Random(0)
    worst = "".join(chr(rng.randrange(0x10000, 0x10FFFF)) for _ in range(20_000))
    url = urls.share_url("http://host:8501/", worst, 999)
    assert len(urlsplit(url).query) < 128_000
    assert urls.read_params(parse_qs(urlsplit(url).query), "x = 1").program == worst


def test_a_share_link_round_trips_a_long_program():
    url = urls.share_url("http://host:8501/Jacobian", LONG, 3, lang="zh")
    query = parse_qs(urlsplit(url).query)
    state = urls.read_params(query, default_program="x = 1")
    assert (state.program, state.step, state.lang, state.notes) == (LONG, 3, "zh", ())
    assert state.has_program and "program" not in query


def test_program_wins_over_programz():
    params = {"program": "x = 1", "programz": urls.pack_program("x = 2")}
    assert urls.read_params(params, default_program="d = 0").program == "x = 1"


@pytest.mark.parametrize(
    "packed",
    [
        "",
        "%%%",
        "a",
        "abc=",
        urls.pack_program("x = 1")[:-3],  # cut short
        urls.pack_program("x = 1")[:5] + "A" + urls.pack_program("x = 1")[6:],  # changed
        base64.urlsafe_b64encode(zlib.compress(b"\xff\xfe")).decode().rstrip("="),  # not UTF-8
        base64.urlsafe_b64encode(b"plain bytes, no zlib").decode(),
    ],
)
def test_a_programz_that_holds_no_program_falls_back_with_a_note(packed):
    state = urls.read_params({"programz": packed}, default_program="x = 1")
    assert state.program == "x = 1" and not state.has_program
    assert [(note.parameter, note.reason) for note in state.notes] == [("programz", "bad-programz")]


def test_a_zip_bomb_in_programz_is_refused_without_unpacking_it():
    bomb = base64.urlsafe_b64encode(zlib.compress(b"#" * 50_000_000, 9)).decode().rstrip("=")
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        assert urls.unpack_program(bomb) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * urls.PACKED_PROGRAM_MAX_BYTES
