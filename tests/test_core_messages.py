"""The core's messages are catalogue keys (engine/i18n/core.py), never finished English.

Every error the engine's core raises for something a user or a program did is built as
``Message("core.…", …)``: this file checks the source raises no sentence of its own,
that the keys it uses and the catalogue's ``core.*`` keys are the same set, that each
key's Chinese has no English word but code, and words a few errors through the API.
"""

from __future__ import annotations

import ast
import re
import time
from pathlib import Path

import numpy as np
import pytest

from engine import Tensor, jacobian
from engine.core import autodiff, errors, normalize
from engine.core.errors import ArgumentError, EngineError, LimitError
from engine.core.jacobian import gradcheck
from engine.core.tensor import charge, checked
from engine.i18n import TEXT, Message
from engine.i18n import core as core_text

CORE = Path(errors.__file__).resolve().parent
SOURCES = sorted(CORE.glob("*.py"))
ERRORS = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, Exception)
}

_PLACEHOLDER = re.compile(r"\{[^}]*\}")
_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")
#: Code the Chinese shows as it is: the functions and keywords a message names.
_CODE_WORDS = {"concat", "stack", "reshape", "transpose", "dot", "mse", "cross_entropy"}
_CODE_WORDS |= {"logits", "axis", "mode", "reverse", "forward", "None"}


def _keys_in_source() -> set[str]:
    keys = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and re.fullmatch(r"core\.[a-z_.]+", value):
                keys.add(value)
    return keys


def test_the_core_raises_no_sentence_of_its_own():
    """An engine error is given a Message (or a name that holds one), never a string."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id in ERRORS and node.args:
                first = node.args[0]
                if isinstance(first, (ast.Constant, ast.JoinedStr, ast.BinOp)):
                    found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)[:80]}")
    assert not found, "\n".join(found)


def test_the_core_uses_exactly_the_catalogues_core_keys():
    used = _keys_in_source()
    defined = set(core_text.TEXT)
    assert used - defined == set(), "used but not in engine/i18n/core.py"
    assert defined - used == set(), "in engine/i18n/core.py but never used"
    assert all(key.startswith("core.") for key in defined)


@pytest.mark.parametrize("key", sorted(core_text.TEXT))
def test_every_core_message_is_chinese_but_its_code(key):
    en, zh = TEXT[key]["en"], TEXT[key]["zh"]
    assert sorted(_PLACEHOLDER.findall(en)) == sorted(_PLACEHOLDER.findall(zh)), key
    words = set(_WORD.findall(_PLACEHOLDER.sub("", zh))) - _CODE_WORDS
    assert not words, f"{key}: {zh!r} has English {sorted(words)}"
    assert re.search(r"[\u4e00-\u9fff]", zh), key


def _raised(call) -> Message:
    with pytest.raises(EngineError) as caught:
        call()
    message = caught.value.message
    assert isinstance(message, Message)
    assert str(caught.value) == str(message)  # a library user reads the English
    return message


def test_errors_through_the_api_keep_their_english_and_word_in_chinese():
    x = Tensor(np.ones((2, 3)))
    message = _raised(lambda: x.sum(axis=True))
    assert str(message) == "axis must be an integer, not True"
    assert message.text("zh") == "轴必须是整数，不能是 True"
    message = _raised(lambda: x.reshape(2.5, 2))
    assert str(message) == "a shape entry must be an integer, not 2.5"
    assert message.text("zh") == "形状的分量必须是整数，不能是 2.5"
    message = _raised(lambda: jacobian(x * 2, x, mode="sideways"))
    assert str(message) == "mode must be 'reverse' or 'forward', not 'sideways'"
    assert message.text("zh") == "mode 必须是 'reverse' 或 'forward'，不能是 'sideways'"
    with checked(max_elements=100):
        message = _raised(lambda: x @ Tensor(np.ones((2, 2))))
    assert message.text("zh") == (
        "形状 (2, 3) 和 (2, 2) 无法用 @ 相乘：左边的最后一个轴（3）必须等于右边的第一个轴（2）"
    )
    message = _raised(lambda: x.T.transpose((0, 0)))
    assert str(message) == (
        "transpose axes [0, 0] must be a permutation of 0..1 for an array with 2 axes"
    )


def test_limits_keep_their_number_format_in_both_languages():
    with checked(max_elements=1000), pytest.raises(LimitError) as caught:
        Tensor(np.ones((40, 1))) * Tensor(np.ones((1, 30)))
    message = caught.value.message
    assert str(message) == (
        "the result of * would have 1,200 elements (40 × 30), more than the limit of 1,000"
    )
    assert message.text("zh") == "* 的结果将有 1,200 个元素（40 × 30），超过了 1,000 个的上限"
    with checked(max_elements=10, max_total_elements=5), pytest.raises(LimitError) as caught:
        charge(6)
    assert caught.value.limit == "total_elements"
    assert caught.value.message.text("zh") == "这个数组会使程序中所有数组的元素总数超过 5 个的上限"


def test_time_limits_are_messages_too():
    x = Tensor(np.ones(3))
    y = (x * 2).sum()
    with checked(10, deadline=time.monotonic() - 1), pytest.raises(LimitError) as caught:
        x * 2
    assert caught.value.limit == "seconds" and caught.value.message.key.startswith("core.limit.")
    with pytest.raises(LimitError) as caught:
        autodiff.trace_backward(y, deadline=time.monotonic() - 1)
    assert str(caught.value) == "the backward pass ran out of time"
    assert caught.value.serial == y.serial
    with pytest.raises(LimitError) as caught:
        gradcheck(y, deadline=time.monotonic() - 1)
    assert caught.value.message.text("zh") == "梯度检验的运行时间用完了"


def test_an_index_error_names_the_axis_and_its_size():
    with pytest.raises(ArgumentError) as caught:
        normalize.normalize_index((0, 7), (2, 3))
    assert str(caught.value) == "index 7 is out of range for axis 1 of size 3"
    assert caught.value.message == Message("core.index.out_of_range", index=7, axis=1, n=3)
