import numpy as np
import pytest

from engine.views.quiz import AnswerError, check, parse_answer


@pytest.mark.parametrize(
    "text, expected",
    [
        ("-4", -4.0),
        ("  3.5e-1 ", 0.35),
        ("[1, 2, 3]", [1.0, 2.0, 3.0]),
        ("1, 2, 3", [1.0, 2.0, 3.0]),
        ("1 2 3", [1.0, 2.0, 3.0]),
        ("1 2; 3 4", [[1.0, 2.0], [3.0, 4.0]]),
        ("1, 2\n3, 4", [[1.0, 2.0], [3.0, 4.0]]),
        ("[[1, 2], [3, 4]]", [[1.0, 2.0], [3.0, 4.0]]),
        ("[[-.5], [+2.]]", [[-0.5], [2.0]]),
        ("[inf, -inf]", [np.inf, -np.inf]),
    ],
)
def test_parse_answer_forms(text, expected):
    np.testing.assert_array_equal(parse_answer(text), np.asarray(expected))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "[1, 2",
        "1, 2]",
        "[1 2]",
        "[1,, 2]",
        "[[1, 2], [3]]",
        "__import__('os')",
        "[1][2]",
    ],
)
def test_parse_answer_refuses_malformed(text):
    with pytest.raises(AnswerError):
        parse_answer(text)


def test_right_answer_within_tolerance():
    result = check("[0.39, -0.59]", [0.3932238664829637, -0.5898357997244456])
    assert result.correct and result.wrong == ()


def test_partly_wrong_names_the_entries():
    result = check("[[1, 2], [3, 5]]", [[1.0, 2.0], [3.0, 4.0]])
    assert not result.correct
    assert result.wrong == ((1, 1),)
    assert "1 of 4" in str(result.message)


def test_scalar_wrong():
    result = check("3", -4.0)
    assert not result.correct and result.wrong == ((),)


def test_wrong_count_is_a_message_not_a_verdict():
    result = check("[1, 2]", [1.0, 2.0, 3.0])
    assert not result.correct and result.wrong == () and "3 entries" in str(result.message)
    assert result.answer is None


def test_malformed_answer_message():
    result = check("[1, 2", [1.0, 2.0])
    assert not result.correct and result.answer is None
    assert str(result.message).startswith("Could not read the answer")


def test_row_typed_for_column_is_read_in_expected_shape():
    assert check("1 2 3", [[1.0], [2.0], [3.0]]).correct
