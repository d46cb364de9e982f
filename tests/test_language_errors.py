"""The program language's errors: every kind, the message format, render(), hints, positions."""

from __future__ import annotations

import pickle

import pytest

from engine.language import ERROR_KINDS, ProgramError, Span, parse_program


def error(source: str) -> ProgramError:
    with pytest.raises(ProgramError) as caught:
        parse_program(source)
    return caught.value


CONTRACT_EXAMPLE = "W = randn(2, 3, seed=0)\nx = [1.0, 2.0]\nb = [0.0, 1.0]\ny = b + W @ x\n"


def test_the_contracts_example_message_word_for_word():
    err = error(CONTRACT_EXAMPLE)
    assert str(err) == (
        "line 4, col 9: shapes (2, 3) and (2,) cannot be multiplied with @: the last axis of "
        "the left (3) must equal the first axis of the right (2)"
    )
    assert err.span == Span(4, 9, 4, 14)


def test_render_shows_message_source_line_caret_and_hint():
    source = "x1 = [1.0, 2.0]\ny = x2 * 2"
    assert error(source).render(source) == (
        "line 2, col 5: unknown name `x2`\n    y = x2 * 2\n        ^^\nhint: did you mean `x1`?"
    )


def test_render_without_a_hint_has_no_hint_line():
    source = "W = randn(2, 3, seed=0)\nx = [1.0, 2.0]\ny = W @ x"
    text = error(source).render(source)
    assert text.splitlines()[1:] == ["    y = W @ x", "        ^^^^^"]


def test_render_copies_tabs_so_the_caret_lines_up():
    source = "x = 1.0\n\ty =\tx + q"
    err = ProgramError("unknown-name", "unknown name `q`", 2, 10, 2, 11)
    assert err.render(source).splitlines()[1:] == ["    \ty =\tx + q", "    \t   \t    ^"]


def test_render_of_a_span_over_several_lines_underlines_to_the_end_of_the_first():
    source = "a = ones(2, 3)\nb = ones(2)\nc = (a @\n     b)"
    assert error(source).render(source).splitlines()[1:] == ["    c = (a @", "         ^^^"]


def test_render_of_a_very_long_line_shows_a_window_around_the_caret():
    before = "".join(f"a{i} = x; " for i in range(30))
    source = "x = [1.0]\n" + before + "b = q; " + "".join(f"c{i} = x; " for i in range(30))
    lines = error(source).render(source).splitlines()
    assert lines[0] == f"line 2, col {len(before) + 5}: unknown name `q`"
    assert lines[1].startswith("    …") and lines[1].endswith("…")
    assert len(lines[1]) <= 4 + 102
    assert lines[2].index("^") == lines[1].index("q")


def test_str_is_line_col_message_and_the_fields_are_set():
    err = ProgramError("shape", "bad shapes", 3, 7, 3, 12, "a hint")
    assert str(err) == "line 3, col 7: bad shapes"
    assert (err.kind, err.message, err.line, err.col, err.end_line, err.end_col, err.hint) == (
        "shape",
        "bad shapes",
        3,
        7,
        3,
        12,
        "a hint",
    )
    assert isinstance(err, Exception)


def test_program_error_survives_pickling():
    err = error("x = exp(q)")
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.kind, copy.message, copy.span, copy.hint) == (
        err.kind,
        err.message,
        err.span,
        err.hint,
    )


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        ProgramError("oops", "message")


# -- one test per kind ---------------------------------------------------------------------------


def test_kind_syntax():
    err = error("x = [1 2]")
    assert (err.kind, err.line, err.col) == ("syntax", 1, 6)
    assert err.message == "invalid syntax. Perhaps you forgot a comma?"


def test_kind_syntax_positions_are_typed_columns():
    err = error("  π = 1.0\n  y = π $ 2")
    assert (err.kind, err.line, err.col) == ("syntax", 2, 9)


def test_kind_syntax_hint_for_a_pasted_non_breaking_space():
    err = error("x = 1.0\u00a0+ 2")
    assert (err.kind, err.line, err.col) == ("syntax", 1, 8)
    assert "non-breaking space" in err.hint


def test_kind_syntax_for_a_null_character_at_its_position():
    err = error("x = 1.0\ny = 2\x00")
    assert (err.kind, err.line, err.col) == ("syntax", 2, 6)


def test_kind_syntax_for_a_lone_surrogate_at_its_position():
    err = error("x = 1.0\ny = \ud800")
    assert (err.kind, err.line, err.col) == ("syntax", 2, 5)


def test_kind_unknown_name_with_a_did_you_mean_hint():
    err = error("weights = [1.0]\ny = wieghts * 2")
    assert (err.kind, err.line, err.col, err.end_col) == ("unknown-name", 2, 5, 12)
    assert err.message == "unknown name `wieghts`"
    assert err.hint == "did you mean `weights`?"


def test_kind_unknown_name_for_a_function_used_as_a_value():
    err = error("x = [1.0]\ny = exp")
    assert (err.kind, err.col) == ("unknown-name", 5)
    assert err.message == "`exp` is a function, not a value"
    assert err.hint == "call it: exp(a)"


def test_kind_unknown_function_suggests_and_lists_the_functions():
    err = error("x = [1.0]\ny = tahn(x)")
    assert (err.kind, err.line, err.col, err.end_col) == ("unknown-function", 2, 5, 9)
    assert err.message == "unknown function `tahn`"
    assert err.hint.startswith("did you mean `tanh`? The functions are exp, log, sqrt")
    assert "cross_entropy" in err.hint


def test_kind_unknown_function_without_a_close_match_lists_the_functions():
    err = error("y = frobnicate(1)")
    assert err.hint.startswith("the functions are exp, log,")


def test_kind_unknown_function_for_a_variable_called_like_a_function():
    err = error("x = [1.0]\ny = x(2)")
    assert (err.kind, err.col) == ("unknown-function", 5)
    assert err.message == "`x` is a variable, not a function"


def test_kind_unsupported():
    err = error("x = [1.0]\ny = [v for v in x]")
    assert (err.kind, err.line, err.col) == ("unsupported", 2, 5)
    assert err.message == "a list comprehension is not supported"


def test_kind_shape():
    err = error("a = ones(3)\nb = ones(4)\nc = a + b")
    assert (err.kind, err.line, err.col) == ("shape", 3, 5)
    assert "(3,)" in str(err.message) and "(4,)" in str(err.message)


def test_kind_argument():
    err = error("x = ones(2, 3)\ny = sum(x, axis=5)")
    assert (err.kind, err.line, err.col) == ("argument", 2, 5)
    assert str(err.message) == "axis 5 is out of range for an array with 2 axes"


def test_kind_argument_for_an_unknown_keyword():
    err = error("x = ones(2, 3)\ny = sum(x, axes=1)")
    assert (err.kind, err.line, err.col) == ("argument", 2, 12)
    assert err.message == "sum has no keyword `axes`"
    assert err.hint == "its keywords are axis, keepdims"


def test_kind_argument_for_the_wrong_number_of_arguments():
    err = error("x = ones(2)\ny = maximum(x)")
    assert (err.kind, err.col) == ("argument", 5)
    assert err.message == "maximum needs two arrays, but got 1 arguments"
    assert err.hint == "maximum(a, b)"
    err = error("x = ones(2)\ny = exp(x, x)")
    assert (err.kind, err.col) == ("argument", 12)


def test_kind_limit():
    err = error("x = ones(1001, 1000)")
    assert (err.kind, err.line, err.col) == ("limit", 1, 5)


def test_kind_empty():
    err = error("# nothing yet\n")
    assert (err.kind, err.line, err.col, err.message) == ("empty", 1, 1, "the program is empty")
    assert err.render("# nothing yet\n").splitlines()[0] == "line 1, col 1: the program is empty"
    assert "^" not in err.render("# nothing yet\n")


def test_kind_name():
    err = error("x = 1.0\nx = 2.0")
    assert (err.kind, err.line, err.col, err.end_col) == ("name", 2, 1, 2)
    assert err.message == "`x` is already assigned on line 1"


def test_every_kind_is_covered_by_a_test_above():
    covered = {
        "syntax",
        "unknown-name",
        "unknown-function",
        "unsupported",
        "shape",
        "argument",
        "limit",
        "empty",
        "name",
    }
    assert set(ERROR_KINDS) == covered


# -- the first error in program order wins; engine errors become ProgramErrors --------------------


def test_the_first_problem_in_program_order_is_reported():
    err = error("x = [1.0]\ny = q\nz = exp(x, x)")
    assert (err.kind, err.line) == ("unknown-name", 2)


def test_engine_errors_are_reported_at_the_expression_at_fault():
    # the bad @ is inside tanh(...) and after a good product: its own start is reported
    source = "W = ones(2, 3)\nx = ones(3)\nh = tanh(W @ x + W @ W)"
    err = error(source)
    assert (err.kind, err.line, err.col, err.end_col) == ("shape", 3, 18, 23)


def test_errors_are_one_sentence_without_a_traceback_marker():
    for source in [
        "x = [1 2]",
        "y = q",
        "y = foo(1)",
        "y = lambda: 1",
        "x = ones(2) + ones(3)",
        "x = sum(ones(2), axis=3)",
        "x = ones(10**9)",
        "",
        "x = 1\nx = 2",
    ]:
        err = error(source)
        assert "Traceback" not in err.render(source)
        assert "\n" not in str(err.message)
        assert str(err.message).count(". ") <= 1  # Python's own "invalid syntax. Perhaps…" at most


# -- look-alike letters and bidirectional controls ----------------------------------------------


def test_an_unknown_function_spelt_with_cyrillic_letters_names_the_letter():
    err = error("x = 1.0\nL = \u0435\u0445\u0440(x)")  # Cyrillic е, х, р
    assert (err.kind, err.line, err.col) == ("unknown-function", 2, 5)
    assert err.hint == (
        "`\u0435\u0445\u0440` looks like `exp` but has \u0435 U+0435 CYRILLIC where `exp` has "
        "e U+0065 LATIN: did you mean `exp`?"
    )


def test_an_unknown_name_that_looks_like_a_variable_names_the_letter():
    err = error("\u0430 = 1.0\nL = a * 2")  # the variable is Cyrillic а, the use Latin a
    assert (err.kind, err.line, err.col) == ("unknown-name", 2, 5)
    assert err.hint.startswith("`a` looks like `\u0430` but has a U+0061 LATIN where")


def test_render_shows_bidirectional_controls_as_markers_with_the_caret_in_place():
    source = "x = 1.0  # \u202e)x(pxe\u202c\nL = x + q  # \u2067q\u2069"
    text = error(source).render(source)
    assert text.splitlines()[1:3] == [
        "    L = x + q  # ⟨U+2067⟩q⟨U+2069⟩",
        "            ^",
    ]
    assert not any(ch in text for ch in "\u202e\u202c\u2067\u2069")
