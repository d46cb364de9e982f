"""Predict, then reveal: read a learner's answer and check it against the engine.

An answer is a number, a vector or a matrix, typed the way people type them:
``-4``, ``[0.39, -0.59]``, ``1, 2, 3``, ``1 2; 3 4`` or ``[[1, 2], [3, 4]]``.
It is parsed by hand (a whitelist of brackets, separators and numbers), never
evaluated.

>>> check("[0.39, -0.59]", [0.3932, -0.5898]).correct
True
>>> check("1 2; 3 5", [[1, 2], [3, 4]]).wrong
((1, 1),)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

#: An entry is right when |answer − expected| ≤ RTOL·|expected| + ATOL: learners
#: round, so two decimals of a gradient count as right.
RTOL = 1e-2
ATOL = 5e-3
#: Longer answers are refused before they are read.
MAX_ANSWER_CHARS = 20_000

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:inf|nan)", re.IGNORECASE)
_TOKEN = re.compile(rf"\s*(?:(?P<num>{_NUMBER.pattern})|(?P<sym>[\[\],;]))", re.IGNORECASE)


class AnswerError(ValueError):
    """The answer could not be read; the message says what to type instead."""


def parse_answer(text: str) -> np.ndarray:
    """Read a number, vector or matrix; raise AnswerError with a hint otherwise."""
    text = text.strip()
    if not text:
        raise AnswerError("type a number, a vector like [1, 2] or a matrix like [[1, 2], [3, 4]]")
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerError(f"the answer is longer than {MAX_ANSWER_CHARS:,} characters")
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
        raise AnswerError("the rows have different lengths") from None
    return array


def _parse_row(row: str) -> list[float]:
    entries = [e for e in re.split(r"[,\s]+", row.strip()) if e]
    values = []
    for entry in entries:
        if not _NUMBER.fullmatch(entry):
            raise AnswerError(f"“{entry}” is not a number")
        values.append(float(entry))
    return values


def _parse_nested(text: str) -> list | float:
    """Brackets, commas and numbers only, checked token by token."""
    stack: list[list] = [[]]
    position = 0
    expect_value = True
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            rest = text[position:].strip()
            if not rest:
                break
            raise AnswerError(f"cannot read “{rest[:12]}”: use numbers, brackets and commas")
        position = match.end()
        if match.group("num") is not None:
            if not expect_value:
                raise AnswerError("put a comma between two numbers")
            stack[-1].append(float(match.group("num")))
            expect_value = False
        elif match.group("sym") == "[":
            if not expect_value:
                raise AnswerError("put a comma before “[”")
            stack.append([])
            expect_value = True
        elif match.group("sym") == "]":
            if len(stack) == 1:
                raise AnswerError("a “]” has no matching “[”")
            closed = stack.pop()
            stack[-1].append(closed)
            expect_value = False
        else:  # "," (or ";" inside brackets, read as a comma)
            if expect_value:
                raise AnswerError("a comma has no number before it")
            expect_value = True
    if len(stack) != 1:
        raise AnswerError("a “[” is never closed")
    if len(stack[0]) != 1:
        raise AnswerError("write one value: a number, a vector or a matrix")
    return stack[0][0]


@dataclass(frozen=True, slots=True)
class QuizResult:
    correct: bool
    wrong: tuple[tuple[int, ...], ...]  # multi-indices of the wrong entries
    message: str
    expected: np.ndarray
    answer: np.ndarray | None


def check(text: str, expected) -> QuizResult:
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
        return QuizResult(False, (), f"Could not read the answer: {error}.", expected, None)
    if answer.size != expected.size:
        shape = expected.shape or "a single number"
        return QuizResult(
            False,
            (),
            f"Expected {expected.size} entries (shape {shape}), got {answer.size}.",
            expected,
            None,
        )
    answer = answer.reshape(expected.shape)
    ok = np.isclose(answer, expected, rtol=RTOL, atol=ATOL, equal_nan=True)
    wrong = tuple(tuple(int(i) for i in index) for index in np.argwhere(~ok))
    if not wrong:
        return QuizResult(True, (), "Right!", expected, answer)
    if expected.ndim == 0:
        return QuizResult(False, ((),), "Not quite.", expected, answer)
    listed = ", ".join(str(w) for w in wrong[:8]) + (" …" if len(wrong) > 8 else "")
    message = f"{len(wrong)} of {expected.size} entries are off: {listed}."
    return QuizResult(False, wrong, message, expected, answer)
