"""Every error message and hint in Chinese, fully worded: no English left for a Chinese reader.

The corpus: every string of the language's tests (errors, security, limits, decisions,
forms, programs) run as a program, with the default limits and with small ones; the
programs below for the forms those tests build on the fly; the engine's own errors
raised through its Python API and its operation registry; the chain page's sizes; the
command line's errors. The quiz's verdicts are checked one by one (``ANSWERS``).

Every message and hint is a ``Message`` (a catalogue key and its parameters), worded
only where it is shown: its key exists in both languages, and its Chinese keeps the
names and shapes and leaves no English phrase."""

from __future__ import annotations

import ast
import functools
import keyword
import re
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest

from engine import Tensor, concat, cross_entropy, jacobian, stack, trace_backward
from engine.cli import UsageError, build_parser, read_program
from engine.core.errors import EngineError
from engine.core.ops import OPS
from engine.i18n import TEXT, Message, wording
from engine.language import (
    ENV_VARIABLES,
    ERROR_KINDS,
    FUNCTION_NAMES,
    RUN_TIME_HINT,
    Limits,
    ProgramError,
    out_of_time_message,
    parse_program,
)
from engine.language.limits import ELEMENTS_HINT
from engine.language.source import python_message
from engine.language.table import REFUSED
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
    ("x = ones(2, 3)\ny = sum(x, axis=[0.5])", None),
    ("x = [1.0, 2.0, 3.0]\ny = [1.0, 2.0, 3.0]", Limits(max_total_elements=4)),
    ("y = exp(x for x in z, 1)", None),  # a message of Python's that the language does not key
)

#: Messages no cheap program provokes (out of memory, a node type Python no longer makes,
#: a Python message without its digit count), as the language builds them.
UNPROVOKED: tuple[tuple[Message, Message | None], ...] = (
    (Message("language.program.out_of_memory"), ELEMENTS_HINT),
    (
        Message(
            "language.program.long_integer",
            count=Message("language.program.too_many_digits"),
            limit=4300,
        ),
        Message("language.hint.scientific"),
    ),
    REFUSED[ast.Slice],
    (
        Message(
            "language.unsupported", what=Message("language.construct.node", node="Interactive")
        ),
        None,
    ),
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


#: Every verdict of the quiz and every reason it gives for not reading an answer: (typed,
#: expected, the Chinese the pattern table gave it before the verdicts became messages).
ANSWERS = (
    (
        "",
        -4.0,
        "无法读取答案：请输入一个数、一个向量（如 [1, 2]）或一个矩阵（如 [[1, 2], [3, 4]]）。",
    ),
    ("x" * 20_001, -4.0, "无法读取答案：答案超过了 20,000 个字符。"),
    ("[[1, 2], [3]]", -4.0, "无法读取答案：各行的长度不同。"),
    ("1, two", -4.0, "无法读取答案：“two”不是一个数。"),
    ("[1 2]", -4.0, "无法读取答案：在两个数之间加一个逗号。"),
    ("[1, 2] x", -4.0, "无法读取答案：无法读取“x”：请只用数、方括号和逗号。"),
    ("[1]]", -4.0, "无法读取答案：“]”没有与之配对的“[”。"),
    ("[1 [2]]", -4.0, "无法读取答案：在“[”前面加一个逗号。"),
    ("[, 1]", -4.0, "无法读取答案：逗号前面没有数。"),
    ("[1, 2", -4.0, "无法读取答案：“[”没有闭合。"),
    ("[1], [2]", -4.0, "无法读取答案：只写一个值：一个数、一个向量或一个矩阵。"),
    ("[1, 2, 3]", -4.0, "应该有 1 个元素（形状 单个数），但得到了 3 个。"),
    ("-4", -4.0, "正确！"),
    ("3", -4.0, "不太对。"),
    ("[1, 5]", [1.0, 2.0], "2 个元素中有 1 个不对：(1,)。"),
    ("1, 2, 3", [1.0, 2.0], "应该有 2 个元素（形状 (2,)），但得到了 3 个。"),
    ("1 2; 3 5", [[1, 2], [3, 4]], "4 个元素中有 1 个不对：(1, 1)。"),
    (
        "9 " * 10,
        [0.0] * 10,
        "10 个元素中有 10 个不对：(0,), (1,), (2,), (3,), (4,), (5,), (6,), (7,) …。",
    ),
)


@pytest.mark.parametrize(("typed", "expected", "chinese"), ANSWERS)
def test_every_quiz_verdict_is_a_message_worded_in_chinese(typed, expected, chinese):
    message = quiz.check(typed, expected).message
    assert isinstance(message, Message) and message.key in TEXT
    assert message.text("zh") == chinese
    english = str(message)
    assert english != chinese and not _CJK.search(english)
    assert all(kept in chinese for kept in _KEPT.findall(english))
    try:
        quiz.parse_answer(typed)
    except quiz.AnswerError as error:  # the reason inside the verdict is a message too
        assert isinstance(error.message, Message) and str(error) == str(error.message)
        assert error.message.text("zh") in chinese


def _sizes() -> list[Message | None]:
    return [chain.parse_sizes(text)[1] for text in ("3", ", ".join(["2"] * 40), "3, x", "3, 0")]


def _command_line() -> list[Message]:
    """The command line's errors (it words them in English; their Chinese is checked all the
    same): a file it cannot read, a file that is not UTF-8, arguments argparse refuses."""
    calls: list[Callable[[], object]] = [
        lambda: read_program(str(TESTS / "no such program.txt")),
        lambda: build_parser().parse_args(["dot", "p.txt", "--step", "two"]),
        lambda: build_parser().parse_args(["sideways", "p.txt"]),
    ]
    messages = []
    with tempfile.TemporaryDirectory() as folder:
        latin = Path(folder, "latin.txt")
        latin.write_bytes("x = 1 # \u00e9".encode("latin-1"))
        calls.append(lambda: read_program(str(latin)))
        for call in calls:
            with pytest.raises(UsageError) as caught:
                call()
            messages.append(caught.value.message)
    return messages


class Item(NamedTuple):
    """One message the corpus provokes: where from, the message, its hint, the error's kind,
    and the program that provoked it (for a ProgramError)."""

    where: str
    message: Message | str
    hint: Message | str | None = None
    kind: str | None = None
    source: str | None = None


@functools.cache
def corpus() -> tuple[Item, ...]:
    """Every message the corpus provokes."""
    items: list[Item] = []

    def run(source: str, limits: Limits | None, where: str) -> None:
        try:
            parse_program(source, limits=limits)
        except ProgramError as error:
            items.append(Item(where, error.message, error.hint, error.kind, source))

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
        items.append(Item("engine", caught.value.message))
    items += [Item("chain sizes", message) for message in _sizes()]
    items += [Item("command line", message) for message in _command_line()]
    items += [Item("unprovoked", message, hint) for message, hint in UNPROVOKED]
    return tuple(items)


_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Kept as they are: names in backticks and shapes such as (2, 3) or (3,).
_KEPT = re.compile(r"`[^`]+`|\(\d+(?:, \d+)+\)|\(\d+,\)")
_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")
#: Code a message shows in Chinese too: the language's functions, Python's keywords, the
#: keywords of calls, the operator's variables, and a few names.
_CODE_WORDS = {*FUNCTION_NAMES, *keyword.kwlist, "True", "False", "None", "Python", "NUL"}
_CODE_WORDS |= {"axis", "axes", "keepdims", "value", "num", "logits", "name", "expression"}
_CODE_WORDS |= {"out", "inf", "string"} | {name for name in ENV_VARIABLES.values()}
_CODE_WORDS |= {"CHAINRULE_RUN_SECONDS", "mode", "reverse", "forward"}
_CODE_WORDS |= {"help", "UTF"}  # the command line's --help, UTF-8
#: Messages whose value is someone else's English, shown as it is: Python's words for a
#: syntax error, argparse's for bad arguments, the system's and the codec's for a file.
_OTHERS_WORDS = {"language.python_says", "cli.usage", "cli.cannot_read", "cli.not_utf8"}


def _values(message: Message) -> list[str]:
    """The values a message was given, as shown (its nested messages' values too)."""
    values: list[str] = []
    for value in message.params.values():
        values += _values(value) if isinstance(value, Message) else [str(value)]
    return values


def _texts(item: Item) -> list[Message | str]:
    return [text for text in (item.message, item.hint) if text is not None]


def test_the_corpus_is_large_and_covers_every_error_kind():
    items = corpus()
    assert len(items) > 1000
    assert {item.kind for item in items} >= set(ERROR_KINDS)


def test_every_message_and_hint_is_a_message():
    not_messages = [
        f"{item.where}: {text!r}"
        for item in corpus()
        for text in _texts(item)
        if not isinstance(text, Message)
    ]
    assert not not_messages, "\n".join(not_messages[:40])


def test_every_message_is_worded_in_chinese_with_no_english_left():
    """A Message's Chinese has no English word but code and the values it was given (Python's
    own words, in ``language.python_says``, are such a value), keeps names and shapes, and
    is given no English phrase as a value (but someone else's words: ``_OTHERS_WORDS``)."""
    failures = []
    for item in corpus():
        for text in _texts(item):
            if not isinstance(text, Message):
                continue
            english, chinese = text.text("en"), text.text("zh")
            assert text.key in TEXT and str(text) == english
            values = _values(text)
            known = _CODE_WORDS | {word for value in values for word in _WORD.findall(value)}
            leftover = {
                word
                for word in _WORD.findall(chinese)
                if word not in known
                and not all(part in known for part in word.split("_"))  # exp_value: exp, value
            }
            phrases = [
                value
                for value in values
                if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", value) and text.key not in _OTHERS_WORDS
            ]
            if chinese == english or not _CJK.search(chinese) or leftover or phrases:
                failures.append(
                    f"{item.where}: {english!r} -> {chinese!r} ({sorted(leftover) or phrases})"
                )
            lost = [kept for kept in _KEPT.findall(english) if kept not in chinese]
            if lost:
                failures.append(f"{item.where}: {english!r} -> {chinese!r} loses {lost}")
    assert not failures, "\n".join(failures[:40])


def _keys(message: object, keys: set[str]) -> None:
    """The key of ``message`` and those of the Messages among its parameters."""
    if isinstance(message, Message):
        keys.add(message.key)
        for value in message.params.values():
            _keys(value, keys)


#: The language's keys that no error uses: how errors and warnings are shown
#: (tests/test_language_errors.py and tests/test_language_program.py show them).
_NOT_ERRORS = {
    "language.located",
    "language.hint",
    "language.warning.lookalike",
    "language.warning.lookalike_builtin",
}


def test_every_key_of_the_language_is_used_by_the_corpus():
    used: set[str] = set()
    for item in corpus():
        for text in _texts(item):
            _keys(text, used)
    language = {key for key in TEXT if key.startswith("language.")}
    assert not language - used - _NOT_ERRORS, sorted(language - used - _NOT_ERRORS)


def test_pythons_own_syntax_errors_keep_pythons_words_in_english():
    checked = 0
    for item in corpus():
        if item.kind != "syntax" or item.source is None:
            continue
        assert isinstance(item.message, Message)
        if not item.message.key.startswith("language.python"):
            continue  # one of ours: a null character, an uneven indent, ...
        with pytest.raises(SyntaxError) as caught:
            ast.parse(textwrap.dedent(item.source.lstrip("\ufeff")))
        assert str(item.message) == caught.value.msg
        checked += 1
    assert checked > 20


def test_a_program_error_renders_in_chinese_with_its_caret():
    source = "x1 = [1.0, 2.0]\ny = x2 * 2"
    with pytest.raises(ProgramError) as caught:
        parse_program(source)
    assert caught.value.render(source, lang="zh") == (
        "第 2 行，第 5 列：未知的名字 `x2`\n    y = x2 * 2\n        ^^\n提示：你是想写 `x1` 吗？"
    )
    assert caught.value.render(source) == caught.value.render(source, lang="en")
    assert caught.value.render(source).startswith("line 2, col 5: unknown name `x2`")


def test_a_plain_string_of_a_library_user_is_shown_as_it_is():
    error = ProgramError("shape", "bad shapes", hint="a hint")
    assert error.render("") == "line 1, col 1: bad shapes\nhint: a hint"
    assert error.render("", lang="zh") == "第 1 行，第 1 列：bad shapes\n提示：a hint"
    assert wording("Right!", "zh") == "Right!"
    assert wording(Message("quiz.right"), "zh") == "正确！"


def test_python_syntax_the_language_does_not_know_keeps_pythons_words():
    message = python_message("f-string: something new")
    assert message == Message("language.python_says", message="f-string: something new")
    assert str(message) == "f-string: something new"
    error = ProgramError("syntax", message)
    assert (
        error.render("", lang="zh")
        == "第 1 行，第 1 列：Python 无法读取这里：f-string: something new"
    )
