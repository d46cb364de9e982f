"""Every error message, hint and quiz verdict in Chinese: the catalogue's messages and the
pattern table of engine.i18n.

The corpus: every string of the language's tests (errors, security, limits, decisions,
forms, programs) run as a program, with the default limits and with small ones; the
programs below for the forms those tests build on the fly; the engine's own errors
raised through its Python API and its operation registry; the quiz's verdicts and the
chain page's sizes. A message raised as a catalogue Message (the engine's core) must
word in Chinese with no English word but code and the values it was given; every other
message and hint must match a Chinese pattern (``strict``: Python's own wording is no
way out), and every pattern must be used by the corpus, so a new English message without
its Chinese fails here, and so does a stale pattern.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from engine import Tensor, concat, cross_entropy, jacobian, stack, trace_backward
from engine.core.errors import EngineError
from engine.core.ops import OPS
from engine.i18n import _ERRORS_ZH, ERROR_PATTERNS_ZH, TEXT, Message, error_text, message_text
from engine.language import (
    ERROR_KINDS,
    RUN_TIME_HINT,
    Limits,
    ProgramError,
    out_of_time_message,
    parse_program,
)
from engine.views import chain, quiz

TESTS = Path(__file__).resolve().parent

#: The test files whose strings are run as programs.
PROGRAM_TESTS = (
    "test_language_errors.py",
    "test_security.py",
    "test_language_limits.py",
    "test_language_decisions.py",
    "test_language_forms.py",
    "test_language_program.py",
)

SMALL = Limits(max_chars=2000, max_depth=30, max_elements=10_000, max_ops=50)

#: Forms the test files above build on the fly, with the limits that provoke them.
PROGRAMS: tuple[tuple[str, Limits | None], ...] = (
    ("x = [1.0, 2.0]", Limits(max_chars=10)),
    ("x = ones(10)\ny = x * x\nL = sum(y)", Limits(max_pass_elements=50)),
    ("y = -(-(-(-(-1.0))))", Limits(max_depth=3)),
    ("x = " + "(" * 300 + "1" + ")" * 300, None),
    ("x = [1.0]\ny = " + "-" * 5000 + "x", Limits(max_depth=10**6, max_chars=10**6)),
    ("x = " + "1" * 5000, None),
    ("x = (1]", None),
    ("x = (1,\n2]", None),
    ("x = 1abc", None),
    ("x = 0o9", None),
    ("x = 0b2", None),
    ("x = 0o", None),
    ("x = 0b", None),
    ("if 1:\n    x = 1\n  y = 2", None),
    ("x = 1\nif x:\ny = 2", None),
    ('x = """abc', None),
    ("x = 1 \\ 2", None),
    ("x = [1.0]\ny = sum(axis=0, x)", None),
    ("x = [[1.0]]\ny = sum(x.T=1)", None),
    ("x = 1\nx + 1\ny = 2", None),
    ("y = pi(2)", None),
    ("y = sum(None)", None),
    ("y = ...", None),
    ("x = 1.0\ny = [x, 2]", None),
    ("x = [[1.0]]\ny = x.T()", None),
    ("y = {1, 2}", None),
    ("return 1", None),
    ("x = [1.0, 2.0]\ny = x[zeros(2, 2)]", None),
    ("x = zeros(0)\ny = max(x)", None),
    ("x = [[1.0]]\ny = transpose(x, axes=1)", None),
    ("y = eye(-1)", None),
    ("y = eye([2, 3])", None),
    ("y = eye()", None),
    ("y = arange(0, 1, 0)", None),
    ("y = arange(0, 1e308, 1e-308)", None),
    ("y = arange()", None),
    ("x = [1.0]\ny = arange(0.5, x)", None),
    ("y = linspace(0, 1, -1)", None),
    ("y = linspace(1)", None),
    ("y = linspace(1e999, 1)", None),
    ("y = linspace(0, 1e999)", None),
    ("y = randn(2, seed=-1)", None),
    ("y = full(2, value=1e999)", None),
    ("y = full(2, value=[1.0, 2.0])", None),
    ("y = reshape()", None),
    ("y = concat()", None),
    ("y = cross_entropy()", None),
    ("x = [1.0]\ny = x[0.5:]", None),
    ("x = [1.0]\ny = x + x + x + x", Limits(max_ops=2)),
    ("x = ones(4)\ny = ones(4)", Limits(max_total_elements=6)),
    ("x = [1.0, 2.0, 3.0]\ny = x * x\nz = y * y", Limits(max_total_elements=8)),
    ("y = [1.0] @ 2", None),
    ("a = ones(2, 3, 4)\nb = ones(2, 5, 6)\nc = a @ b", None),
    ("a = ones(2, 3, 4)\nb = ones(3, 4, 5)\nc = a @ b", None),
    ("y = dot(ones(2, 2, 2), ones(2))", None),
    ("x = ones(2, 3)\ny = sum(x, axis=[0, 0])", None),
    ("y = transpose(ones(2, 3), axes=[0, 0])", None),
    ("y = reshape(ones(6), 4, -1)", None),
    ("x = ones(2)\ny = x[0, 0]", None),
    ("a = ones(2, 3)\nb = ones(2, 3, 1)\nc = concat(a, b)", None),
    ("a = ones(2, 3)\nb = ones(3, 3)\nc = concat(a, b, axis=1)", None),
    ("c = stack(ones(2), ones(3))", None),
    ("y = cross_entropy(ones(2, 2, 2), [0, 1])", None),
    ("y = cross_entropy(ones(2, 3), [0, 1, 2])", None),
    ("x = [1.0, 2.0]\ny = cross_entropy(x, x * 0)", None),
    ("exp = 1", None),
    ("out = 1\nx = 2\nx + 1", None),
    ("y = h\nh = 1", None),
    ("y = 2 ^ 3", None),
    ("y = 4 // 2", None),
    ("x = [1.0]\ny = x[None]", None),
    ("x = [[1.0]]\ny = x[[0], [0]]", None),
    ("y = exp(1, axis=0)", None),
    ("x = [1.0]\ny = max(x, 0)", None),
    ("x = [1.0]\ny = min(x, 1)", None),
    ("x = [1.0]\ny = sum(x, 0)", None),
    ("k = 1\nx = [1.0]\ny = sum(x, axis=k)", None),
    ("x = [1.0]\ny = x[[1.5]]", None),
)

#: Messages no cheap program provokes (out of memory, a node type Python no longer makes,
#: a Python message without its digit count): their patterns are checked on the words.
UNPROVOKED = (
    ("the program needs more memory than is available", None),
    ("this integer has too many digits, more than the 4,300 Python reads", None),
    ("a slice outside an index is not supported", None),
    ("Interactive is not supported", None),
    # a run stopped by its time budget (tests/test_budget.py provokes them)
    (out_of_time_message(2.5), RUN_TIME_HINT),
    (out_of_time_message(10.0, backward=True), RUN_TIME_HINT),
)


def _engine_calls() -> list[Callable[[], object]]:
    """The engine's own messages, through its Python API and its operation registry."""
    grad = Tensor(np.ones((2, 3)), requires_grad=True)
    shape = {name: op.shape for name, op in OPS.items()}
    return [
        lambda: concat([]),
        lambda: stack([]),
        lambda: cross_entropy(grad, [0.5, 1.0]),
        lambda: cross_entropy(grad, np.array([0, 5])),
        lambda: grad.reshape(-2, 3),
        lambda: grad.reshape(-1, -1),
        lambda: grad.reshape(4, 2),
        lambda: grad.transpose([0, 0]),
        lambda: grad.sum(axis=1.5),
        lambda: grad[..., ...],
        lambda: grad[[0], [0]],
        lambda: grad[np.array([[0]])],
        lambda: grad[5],
        lambda: grad[None],
        lambda: grad[0, 0, 0],
        lambda: Tensor(np.ones(2), requires_grad=False).backward(),
        lambda: trace_backward(grad * 2, grad=np.ones(3)),
        lambda: jacobian(grad * 2, Tensor(np.ones(2), requires_grad=False)),
        lambda: jacobian(grad * 2, grad, mode="sideways"),
        lambda: shape["concat"](((2, 3), (2, 3)), {"axis": 5}),
        lambda: shape["concat"](((), ()), {"axis": 0}),
        lambda: shape["stack"](((2,), (2,)), {"axis": 5}),
        lambda: shape["transpose"](((2, 3),), {"axes": (0, 0)}),
        lambda: shape["reshape"](((2, 3),), {"shape": (4,)}),
        lambda: shape["index"](((2,),), {"index": (0, 0)}),
        lambda: shape["index"](((2,),), {"index": (np.array([5]),)}),
        lambda: shape["max"](((0,),), {"axis": None, "keepdims": False}),
        lambda: shape["matmul"](((), (2,)), {}),
        lambda: shape["dot"](((2, 2, 2), (2,)), {}),
    ]


def _answers() -> list[str]:
    """The quiz's verdicts and its reasons for not reading an answer."""
    typed = ["", "x" * 20_001, "[[1, 2], [3]]", "1, two", "[1 2]", "[1, 2] x", "[1]]"]
    typed += ["[1 [2]]", "[, 1]", "[1, 2", "[1], [2]", "[1, 2, 3]", "-4", "3"]
    verdicts = [quiz.check(answer, -4.0).message for answer in typed]
    for answer, expected in (("[1, 5]", [1.0, 2.0]), ("1, 2", 3.0), ("1, 2, 3", [1.0, 2.0])):
        verdicts.append(quiz.check(answer, expected).message)
    return verdicts


def _sizes() -> list[str]:
    return [chain.parse_sizes(text)[1] for text in ("3", ", ".join(["2"] * 40), "3, x", "3, 0")]


@functools.cache
def corpus() -> tuple[tuple[str, str | Message, str | None, str | None], ...]:
    """(where it comes from, message, hint, kind) of every message the corpus provokes."""
    items: list[tuple[str, str | Message, str | None, str | None]] = []

    def run(source: str, limits: Limits | None, where: str) -> None:
        try:
            parse_program(source, limits=limits)
        except ProgramError as error:
            items.append((where, error.message, error.hint, error.kind))

    for name in PROGRAM_TESTS:
        tree = ast.parse((TESTS / name).read_text(encoding="utf-8"))
        strings = sorted(
            {
                n.value
                for n in ast.walk(tree)
                if isinstance(n, ast.Constant) and type(n.value) is str
            }
        )
        for source in strings:
            for limits in (None, SMALL):
                run(source, limits, name)
    for source, limits in PROGRAMS:
        before = len(items)
        run(source, limits, "PROGRAMS")
        assert len(items) == before + 1, f"no error from {source!r}"
    for call in _engine_calls():
        with pytest.raises(EngineError) as caught:
            call()
        assert isinstance(caught.value.message, Message), caught.value
        items.append(("engine", caught.value.message, None, None))
    items += [("quiz", message, None, None) for message in _answers()]
    items += [("chain sizes", message, None, None) for message in _sizes()]
    items += [("unprovoked", message, hint, None) for message, hint in UNPROVOKED]
    return tuple(items)


_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Kept as they are: names in backticks and shapes such as (2, 3) or (3,).
_KEPT = re.compile(r"`[^`]+`|\(\d+(?:, \d+)+\)|\(\d+,\)")
_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")
#: Code a catalogue message shows in Chinese too: the functions and keywords it names.
_CODE_WORDS = {"concat", "stack", "reshape", "transpose", "dot", "mse", "cross_entropy"}
_CODE_WORDS |= {"logits", "axis", "mode", "reverse", "forward", "None"}


def _values(message: Message) -> list[str]:
    """The values a message was given, as shown (its nested messages' values too)."""
    values: list[str] = []
    for value in message.params.values():
        values += _values(value) if isinstance(value, Message) else [str(value)]
    return values


def _message_failures(where: str, message: Message) -> list[str]:
    """What is wrong with a catalogue message's Chinese: its key, an English word that is
    neither code nor a value it was given, a value given as an English phrase."""
    failures = []
    if message.key not in TEXT:
        failures.append(f"{where}: no key {message.key!r}")
    chinese, english = message.text("zh"), str(message)
    values = _values(message)
    given = {word for value in values for word in _WORD.findall(value)}
    leftover = set(_WORD.findall(chinese)) - _CODE_WORDS - given
    phrases = [value for value in values if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", value)]
    if not _CJK.search(chinese) or leftover or phrases:
        failures.append(f"{where}: {english!r} -> {chinese!r} ({sorted(leftover) or phrases})")
    lost = [kept for kept in _KEPT.findall(english) if kept not in chinese]
    if lost:
        failures.append(f"{where}: {english!r} -> {chinese!r} loses {lost}")
    return failures


def test_the_corpus_is_large_and_covers_every_error_kind():
    items = corpus()
    assert len(items) > 1000
    assert {kind for _, _, _, kind in items} >= set(ERROR_KINDS)


def test_every_message_and_hint_has_its_chinese():
    failures = []
    for where, message, hint, _kind in corpus():
        if isinstance(message, Message):
            failures += _message_failures(where, message)
            message = None
        for english in filter(None, (message, hint)):
            try:
                chinese = message_text(english, "zh", strict=True)
            except LookupError as missing:
                failures.append(f"{where}: no pattern for {missing.args[0]!r} in {english!r}")
                continue
            if chinese == english or not _CJK.search(chinese):
                failures.append(f"{where}: {english!r} -> {chinese!r}")
            lost = [kept for kept in _KEPT.findall(english) if kept not in chinese]
            if lost:
                failures.append(f"{where}: {english!r} -> {chinese!r} loses {lost}")
    assert not failures, "\n".join(failures[:40])


def _used(text: str | Message, used: set[int]) -> None:
    """Mark the pattern that translates ``text`` and those of its nested phrases."""
    if isinstance(text, Message):  # worded from the catalogue, not by a pattern
        return
    for index, (pattern, _) in enumerate(_ERRORS_ZH):
        match = pattern.fullmatch(text)
        if match:
            used.add(index)
            for name, value in match.groupdict().items():
                if name.startswith("m_") and value:
                    _used(value, used)
            return


def test_every_pattern_translates_something_in_the_corpus():
    used: set[int] = set()
    for _, message, hint, _ in corpus():
        _used(message, used)
        if hint:
            _used(hint, used)
    unused = [ERROR_PATTERNS_ZH[i][0] for i in range(len(ERROR_PATTERNS_ZH)) if i not in used]
    assert not unused, unused


def test_a_program_error_renders_in_chinese_with_its_caret():
    source = "x1 = [1.0, 2.0]\ny = x2 * 2"
    with pytest.raises(ProgramError) as caught:
        parse_program(source)
    assert caught.value.render(source, lang="zh") == (
        "第 2 行，第 5 列：未知的名字 `x2`\n    y = x2 * 2\n        ^^\n提示：你是想写 `x1` 吗？"
    )
    assert caught.value.render(source) == caught.value.render(source, lang="en")
    assert caught.value.render(source).startswith("line 2, col 5: unknown name `x2`")


def test_english_is_left_as_it_is():
    error = ProgramError("shape", "bad shapes", hint="a hint")
    assert error_text(error, "en") == ("bad shapes", "a hint")
    assert message_text("Right!", "en") == "Right!"
    assert error_text("Right!", "zh") == ("正确！", None)


def test_python_syntax_the_table_does_not_know_keeps_pythons_words():
    error = ProgramError("syntax", "f-string: something new")
    message, hint = error_text(error, "zh")
    assert message == "Python 无法读取这里：f-string: something new" and hint is None
    with pytest.raises(LookupError):
        error_text(error, "zh", strict=True)


def test_an_unknown_message_of_ours_stays_english_outside_the_tests():
    assert message_text("a message nobody translated", "zh") == "a message nobody translated"
    with pytest.raises(LookupError):
        message_text("a message nobody translated", "zh", strict=True)
