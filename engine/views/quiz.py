"""Predict, then reveal: read a learner's answer and check it against the engine.

An answer is a number, a vector or a matrix, typed the way people type them:
``-4``, ``[0.39, -0.59]``, ``1, 2, 3``, ``1 2; 3 4`` or ``[[1, 2], [3, 4]]``.
It is parsed by hand (a whitelist of brackets, separators and numbers), never
evaluated.

>>> check("[0.39, -0.59]", [0.3932, -0.5898]).correct
True
>>> check("1 2; 3 5", [[1, 2], [3, 4]]).wrong
((1, 1),)

Its verdicts and reasons are messages (``engine.i18n.Message``, keys ``quiz.…``), worded
where they are shown:

>>> str(check("[1, 2", [1.0, 2.0]).message)
'Could not read the answer: a “[” is never closed.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.i18n import Message

#: An entry is right when |answer − expected| ≤ RTOL·|expected| + ATOL: learners
#: round, so two decimals of a gradient count as right.
RTOL = 1e-2
ATOL = 5e-3
#: Longer answers are refused before they are read.
MAX_ANSWER_CHARS = 20_000

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:inf|nan)", re.IGNORECASE)
_TOKEN = re.compile(rf"\s*(?:(?P<num>{_NUMBER.pattern})|(?P<sym>[\[\],;]))", re.IGNORECASE)


class AnswerError(ValueError):
    """The answer could not be read; ``message`` says what to type instead (its English is
    the exception's text)."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def parse_answer(text: str) -> np.ndarray:
    """Read a number, vector or matrix; raise AnswerError with a hint otherwise."""
    text = text.strip()
    if not text:
        raise AnswerError(Message("quiz.answer.empty"))
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerError(Message("quiz.answer.too_long", n=MAX_ANSWER_CHARS))
    value: Any
    if "[" in text:
        value = _parse_nested(text)
    else:
        rows = [row for row in re.split(r"[;\n]", text) if row.strip()]
        value = [_parse_row(row) for row in rows]
        if len(value) == 1:
            value = value[0] if len(value[0]) != 1 else value[0][0]
    try:
        array = np.asarray(value, dtype=np.float64)
    except ValueError:
        raise AnswerError(Message("quiz.answer.ragged")) from None
    return array


def _parse_row(row: str) -> list[float]:
    entries = [e for e in re.split(r"[,\s]+", row.strip()) if e]
    values = []
    for entry in entries:
        if not _NUMBER.fullmatch(entry):
            raise AnswerError(Message("quiz.answer.not_a_number", entry=entry))
        values.append(float(entry))
    return values


def _parse_nested(text: str) -> Any:
    """Brackets, commas and numbers only, checked token by token: nested lists of floats."""
    stack: list[list[Any]] = [[]]
    position = 0
    expect_value = True
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            rest = text[position:].strip()
            if not rest:
                break
            raise AnswerError(Message("quiz.answer.unreadable", rest=rest[:12]))
        position = match.end()
        if match.group("num") is not None:
            if not expect_value:
                raise AnswerError(Message("quiz.answer.comma_between"))
            stack[-1].append(float(match.group("num")))
            expect_value = False
        elif match.group("sym") == "[":
            if not expect_value:
                raise AnswerError(Message("quiz.answer.comma_before"))
            stack.append([])
            expect_value = True
        elif match.group("sym") == "]":
            if len(stack) == 1:
                raise AnswerError(Message("quiz.answer.unmatched"))
            closed = stack.pop()
            stack[-1].append(closed)
            expect_value = False
        else:  # "," (or ";" inside brackets, read as a comma)
            if expect_value:
                raise AnswerError(Message("quiz.answer.lone_comma"))
            expect_value = True
    if len(stack) != 1:
        raise AnswerError(Message("quiz.answer.unclosed"))
    if len(stack[0]) != 1:
        raise AnswerError(Message("quiz.answer.one_value"))
    return stack[0][0]


@dataclass(frozen=True, slots=True)
class QuizResult:
    correct: bool
    wrong: tuple[tuple[int, ...], ...]  # multi-indices of the wrong entries
    message: Message
    expected: np.ndarray
    answer: np.ndarray | None


def check(text: str, expected: Any) -> QuizResult:
    """Compare an answer with the engine's value, entry by entry, within the tolerance.

    An answer with the right number of entries but another arrangement (a
    column typed as a row, ``[3]`` for a scalar) is read in the expected shape.
    A malformed answer or a wrong number of entries is not counted as wrong:
    the message says how to fix it.
    """
    expected = np.asarray(expected, dtype=np.float64)
    try:
        answer = parse_answer(text)
    except AnswerError as error:
        message = Message("quiz.unreadable", error=error.message)
        return QuizResult(False, (), message, expected, None)
    if answer.size != expected.size:
        shape = str(expected.shape) if expected.shape else Message("quiz.a_single_number")
        message = Message("quiz.wrong_size", n=expected.size, shape=shape, got=answer.size)
        return QuizResult(False, (), message, expected, None)
    answer = answer.reshape(expected.shape)
    ok = np.isclose(answer, expected, rtol=RTOL, atol=ATOL, equal_nan=True)
    wrong = tuple(tuple(int(i) for i in index) for index in np.argwhere(~ok))
    if not wrong:
        return QuizResult(True, (), Message("quiz.right"), expected, answer)
    if expected.ndim == 0:
        return QuizResult(False, ((),), Message("quiz.not_quite"), expected, answer)
    listed = ", ".join(str(w) for w in wrong[:8]) + (" …" if len(wrong) > 8 else "")
    message = Message("quiz.entries_off", n=len(wrong), total=expected.size, entries=listed)
    return QuizResult(False, wrong, message, expected, answer)
