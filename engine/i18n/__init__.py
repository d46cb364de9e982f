"""Every word the app shows, in English and Simplified Chinese: the one place for them.

``t(key, lang, **values)`` looks a text up and fills its ``{placeholders}``.
A key missing in either language fails the tests; an unknown language falls
back to English. The terms of the chain rule are fixed (see ``TERMS``) and
used the same way in both languages.

Beside ``TEXT``: the Chinese of the operations' notes and the examples (their English
is written next to their code), the fixed words of a local Jacobian's structure
(``structure_text``) and the error messages not yet built as
Messages (``error_text``, ``message_text``: one table of patterns over the English).

>>> t("term.upstream", "zh")
'上游梯度'
>>> t("lesson.count", "en", n=2, total=4)
'Lesson 2 of 4'
"""

from __future__ import annotations

import functools
import re

from engine.i18n import examples as _examples
from engine.i18n import language as _language
from engine.i18n import lessons as _lessons
from engine.i18n import ops as _ops
from engine.i18n import pages as _pages
from engine.i18n import teaching as _teaching
from engine.i18n import views as _views

LANGUAGES = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
DEFAULT_LANG = "en"

#: The vocabulary of the lessons; both languages use these exact words.
TERMS = {
    "upstream": ("upstream gradient", "上游梯度"),
    "local": ("local gradient", "局部梯度"),
    "downstream": ("downstream gradient", "下游梯度"),
    "jacobian": ("Jacobian", "雅可比矩阵"),
    "generalized_jacobian": ("generalized Jacobian", "广义雅可比矩阵"),
    "chain_rule": ("chain rule", "链式法则"),
    "backprop": ("backpropagation", "反向传播"),
}

TEXT: dict[str, dict[str, str]] = {
    **{f"term.{k}": {"en": en, "zh": zh} for k, (en, zh) in TERMS.items()},
}
for _area in (_pages, _lessons, _views, _ops, _examples, _teaching, _language):
    _clash = TEXT.keys() & _area.TEXT.keys()
    assert not _clash, f"keys defined twice: {sorted(_clash)}"
    TEXT.update(_area.TEXT)


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The text of ``key`` in ``lang`` (English for an unknown language), filled in.

    A value that is itself a :class:`Message` is worded in the same language.
    """
    entry = TEXT[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    if not values:
        return text
    return text.format(
        **{name: v.text(lang) if isinstance(v, Message) else v for name, v in values.items()}
    )


class Message:
    """A user-facing message as data: a catalogue key and its parameters.

    The engine and the language raise and return messages, never finished sentences; the
    words are chosen only where the message is shown (``message.text(lang)``: the app,
    the command line, the slides). ``str(message)`` is the English, so an error of the
    engine reads as before to a library user. A parameter may be a Message itself (a
    phrase worded in the same language).

    >>> str(Message("term.upstream"))
    'upstream gradient'
    >>> Message("lesson.count", n=2, total=4).text("zh")
    '第 2 课，共 4 课'
    """

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: object) -> None:
        if key not in TEXT:
            raise KeyError(f"no message {key!r} in the catalogue (engine/i18n/)")
        self.key = key
        self.params = params

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The message in ``lang`` (English for an unknown language)."""
        return t(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.text(DEFAULT_LANG)

    def __repr__(self) -> str:
        params = "".join(f", {name}={value!r}" for name, value in self.params.items())
        return f"Message({self.key!r}{params})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash((self.key, tuple(sorted((k, repr(v)) for k, v in self.params.items()))))


def wording(message: object, lang: str = DEFAULT_LANG) -> str:
    """Any message in ``lang``: a :class:`Message` is worded from the catalogue; anything
    else (a plain string, an exception) is shown as it is."""
    return message.text(lang) if isinstance(message, Message) else str(message)


# -- structure texts: what a local Jacobian looks like ---------------------------------------

#: The fixed words of ``Structure.text`` (engine.core.ops) in Chinese, applied in order; the
#: maths in between (diag(1 − y²), I ⊗ Bᵀ, sizes such as 3×4) is kept as it is.
# The reduced axes: "axis 0" or "axes 0, 1", up to the sizes that end every text.
_AXES = r"(?:axis|axes) (-?\d+(?:, -?\d+)*?)(?=, \d+×\d+$)"
STRUCTURE_PATTERNS_ZH: tuple[tuple[str, str], ...] = (
    (r"^identity \(no axis reduced\)", "单位矩阵（没有归约任何轴）"),
    (r"^identity: the same entries in shape (\(.*?\))", r"单位矩阵：相同的元素，形状变为 \1"),
    (r"^(−?)identity", r"\1单位矩阵"),
    (rf", then broadcast-sum over {_AXES}", r"，再沿广播轴 \1 求和"),
    (r"^matmul-structured: ", "矩阵乘法结构："),
    (r", one row", "，一行"),
    (r", one block per batch entry", "，每个批次元素一块"),
    (r", summed over the broadcast batch axes", "，并对广播的批次轴求和"),
    (r"^permutation of (\d+) entries \(axes (\(.*?\))\)", r"\1 个元素的置换（轴 \2）"),
    (r"^selection: picks (\d+) of (\d+) entries", r"选择：从 \2 个元素中取出 \1 个"),
    (r" \(some more than once: their gradients add up\)", "（有的被取了多次：它们的梯度相加）"),
    (
        rf"^selection: picks the largest entry \(ties share evenly\) over {_AXES}",
        r"选择：沿轴 \1 取出最大的元素（并列时平分）",
    ),
    (
        rf"^selection: picks the smallest entry \(ties share evenly\) over {_AXES}",
        r"选择：沿轴 \1 取出最小的元素（并列时平分）",
    ),
    (
        r"^selection: input (\d+) fills positions (\d+)\.\.(\d+) of axis (-?\d+)",
        r"选择：输入 \1 填充轴 \4 上的位置 \2..\3",
    ),
    (
        r"^selection: input (\d+) is position (\d+) of new axis (-?\d+)",
        r"选择：输入 \1 是新轴 \3 上的第 \2 个位置",
    ),
    (rf"^ones: sums over {_AXES}", r"全 1：沿轴 \1 求和"),
    (rf"^1/n: averages over {_AXES}", r"1/n：沿轴 \1 求平均"),
    (rf"^softmax weights: a smooth max over {_AXES}", r"softmax 权重：沿轴 \1 的平滑最大值"),
    (r" per slice along axis (-?\d+)", r"，沿轴 \1 每个切片一块"),
    (r"^one row: ", "一行："),
    (r", (\d+×\d+)$", r"，\1"),  # the sizes, last
)
_STRUCTURE_ZH = tuple((re.compile(pattern), zh) for pattern, zh in STRUCTURE_PATTERNS_ZH)


@functools.lru_cache(maxsize=1024)
def structure_text(text: str, lang: str = DEFAULT_LANG) -> str:
    """A local Jacobian's structure (``Structure.text``) in ``lang``.

    >>> structure_text("ones: sums over axes 0, 1, 1×6", "zh")
    '全 1：沿轴 0, 1 求和，1×6'
    >>> structure_text("diag(1 − y²), 3×3", "en")
    'diag(1 − y²), 3×3'
    """
    if lang != "zh":
        return text
    for pattern, zh in _STRUCTURE_ZH:
        text = pattern.sub(zh, text)
    return text


def op_note(name: str, lang: str = DEFAULT_LANG) -> str:
    """An operation's one-line note in ``lang``.

    >>> op_note("add", "zh")
    '加法把上游梯度原样传给两个输入。'
    """
    return t(f"op.{name}.note", lang)


# -- error messages: one table over the English -----------------------------------------------
#
# The engine and the chain page still word their messages in English, in the
# code that finds the problem (the program language's are Messages). Their Chinese is this
# table: a regular expression over the whole English text, and a Chinese template that
# puts the captured values back (names, numbers, shapes and code as they are). A group
# named ``m_…`` is an English phrase itself translated through this table ("axis", a
# nested message). The first pattern that matches the whole text wins, so a specific one
# comes before a general one. tests/test_i18n_errors.py runs every bad program of the
# tests through it.

_SHAPE = r"\(.*?\)"

ERROR_PATTERNS_ZH: tuple[tuple[str, str], ...] = (
    # The program language's messages are Messages (engine/i18n/language.py). The
    # engine's limits below may still name a phrase of the language's ("this list",
    # "ones(...)", passed to engine.core.tensor.charge) until they are Messages too.
    # -- the engine: arguments and limits (engine/core/tensor.py) --
    (r"None \(a new axis\) is not supported in an index", "索引中不支持 None（新轴）"),
    (r"(?P<m_what>.+) must be an integer, not (?P<value>.+)", "{m_what}必须是整数，不能是 {value}"),
    (r"axis", "轴"),
    (
        r"the result of (?P<op>\S+) would have (?P<n>[\d,]+) elements \((?P<dims>.*)\), "
        r"more than the limit of (?P<limit>[\d,]+)",
        "{op} 的结果将有 {n} 个元素（{dims}），超过了 {limit} 个的上限",
    ),
    (
        r"(?P<m_what>.+) would have no elements \((?P<dims>.*)\), but its other axes multiply "
        r"to (?P<n>[\d,]+), more than the limit of (?P<limit>[\d,]+)",
        "{m_what}的形状 ({dims}) 没有元素，但其余各轴的长度之积为 {n}，超过了 {limit} 个的上限",
    ),
    (
        r"(?P<m_what>.+) would bring the program's arrays past the limit of (?P<limit>[\d,]+) "
        r"elements in all",
        "{m_what}会使程序中所有数组的元素总数超过 {limit} 个的上限",
    ),
    (r"this list", "这个列表"),
    (r"the result of (?P<op>\S+)", "{op} 的结果"),
    (r"(?P<call>\w+\(\.\.\.\))", "{call} "),
    # -- the engine: shapes and arguments (engine/core/ops.py, engine/core/tensor.py) --
    (
        rf"shapes (?P<a>{_SHAPE}) and (?P<b>{_SHAPE}) cannot be broadcast together for "
        r"(?P<op>\S+): axis (?P<axis>-?\d+) has (?P<da>\d+) and (?P<db>\d+)",
        "形状 {a} 和 {b} 无法为 {op} 广播到一起：轴 {axis} 上分别是 {da} 和 {db}",
    ),
    (
        rf"shapes (?P<a>{_SHAPE}) and (?P<b>{_SHAPE}) cannot be multiplied with (?P<op>\S+): "
        r"(?P<m_why>.+)",
        "形状 {a} 和 {b} 无法用 {op} 相乘：{m_why}",
    ),
    (
        r"both operands need at least one axis \(use \* for a scalar\)",
        "两个操作数都至少需要一个轴（标量请用 *）",
    ),
    (
        r"the last axis of the left \((?P<k>\d+)\) must equal the (?P<m_where>.+) of the right "
        r"\((?P<k2>\d+)\)",
        "左边的最后一个轴（{k}）必须等于右边的{m_where}（{k2}）",
    ),
    (r"first axis", "第一个轴"),
    (r"second-to-last axis", "倒数第二个轴"),
    (
        rf"the batch axes (?P<a>{_SHAPE}) and (?P<b>{_SHAPE}) cannot be broadcast together "
        r"\(batch axis (?P<axis>-?\d+) has (?P<da>\d+) and (?P<db>\d+)\)",
        "批次轴 {a} 和 {b} 无法广播到一起（批次轴 {axis} 上分别是 {da} 和 {db}）",
    ),
    (
        r"dot takes 0-, 1- and 2-D operands; use @ for batched \(N-D\) products",
        "dot 只接受零维、一维和二维操作数；批量（N 维）乘积请用 @",
    ),
    (
        rf"axis (?P<axis>-?\d+) is out of range for (?P<name>\w+) of shape (?P<shape>{_SHAPE}) "
        r"\((?P<n>\d+) axes\)",
        "轴 {axis} 超出了范围：{name} 的形状是 {shape}（{n} 个轴）",
    ),
    (
        r"axis (?P<axis>-?\d+) is out of range for an array with (?P<n>\d+) axes",
        "轴 {axis} 超出了范围：数组只有 {n} 个轴",
    ),
    (
        rf"axis (?P<axis>-?\d+) is out of range for stack of shape (?P<shape>{_SHAPE}) "
        r"\(the result has (?P<n>\d+) axes\)",
        "轴 {axis} 超出了范围：对形状为 {shape} 的数组做 stack，结果有 {n} 个轴",
    ),
    (r"axis (?P<axes>\[.*\]) names the same axis twice", "axis {axes} 把同一个轴写了两次"),
    (
        r"transpose axes (?P<axes>\[.*\]) must be a permutation of 0\.\.(?P<high>-?\d+) for an "
        r"array with (?P<n>\d+) axes",
        "transpose 的轴 {axes} 必须是 0..{high} 的一个排列（数组有 {n} 个轴）",
    ),
    (
        rf"transpose axes (?P<axes>{_SHAPE}) do not fit shape (?P<shape>{_SHAPE}): they must be "
        r"a permutation of 0\.\.(?P<high>-?\d+)",
        "transpose 的轴 {axes} 与形状 {shape} 不符：它们必须是 0..{high} 的一个排列",
    ),
    (r"reshape accepts at most one -1", "reshape 最多只接受一个 -1"),
    (rf"shape (?P<shape>{_SHAPE}) has a negative entry", "形状 {shape} 中有负数"),
    (
        rf"cannot reshape (?P<n>\d+) elements into shape (?P<shape>{_SHAPE})",
        "无法把 {n} 个元素改成形状 {shape}",
    ),
    (
        rf"cannot reshape shape (?P<a>{_SHAPE}) \((?P<n>\d+) elements\) into shape "
        rf"(?P<b>{_SHAPE}) \((?P<m>\d+) elements\): the number of elements must stay the same",
        "无法把形状 {a}（{n} 个元素）改成形状 {b}（{m} 个元素）：元素个数必须保持不变",
    ),
    (r"an index can contain at most one \.\.\.", "一个索引中最多只能有一个 ..."),
    (
        rf"too many indices: (?P<n>\d+) for an array with (?P<m>\d+) axes (?P<shape>{_SHAPE})",
        "索引太多：数组 {shape} 只有 {m} 个轴，却给了 {n} 个索引",
    ),
    (
        rf"too many indices for shape (?P<shape>{_SHAPE}): (?P<n>\d+) for (?P<m>\d+) axes",
        "对形状 {shape} 来说索引太多：只有 {m} 个轴，却给了 {n} 个索引",
    ),
    (r"at most one integer list per index", "每个索引中最多只能有一个整数列表"),
    (r"an integer list index must be flat, like \[0, 2\]", "整数列表索引必须是一维的，例如 [0, 2]"),
    (
        r"index (?P<index>-?\d+) is out of range for axis (?P<axis>\d+) of size (?P<n>\d+)",
        "索引 {index} 超出了轴 {axis} 的范围（大小为 {n}）",
    ),
    (
        rf"index (?P<index>-?\d+) is out of range for axis (?P<axis>\d+) of shape "
        rf"(?P<shape>{_SHAPE}) \(size (?P<n>\d+)\)",
        "索引 {index} 超出了形状 {shape} 的轴 {axis} 的范围（大小为 {n}）",
    ),
    (
        rf"(?P<name>max|min) of an empty array \(shape (?P<shape>{_SHAPE})\) is undefined: it "
        r"needs at least one entry",
        "对空数组（形状 {shape}）求 {name} 没有定义：至少需要一个元素",
    ),
    (
        rf"shape (?P<shape>{_SHAPE}) cannot be concatenated: concat needs at least one axis "
        r"\(use stack for scalars\)",
        "形状 {shape} 无法连接：concat 至少需要一个轴（标量请用 stack）",
    ),
    (
        rf"shapes (?P<a>{_SHAPE}) and (?P<b>{_SHAPE}) cannot be concatenated along axis "
        r"(?P<axis>-?\d+): (?P<m_why>.+)",
        "形状 {a} 和 {b} 无法沿轴 {axis} 连接：{m_why}",
    ),
    (r"they have (?P<n>\d+) and (?P<m>\d+) axes", "它们分别有 {n} 个和 {m} 个轴"),
    (r"axis (?P<axis>\d+) has (?P<n>\d+) and (?P<m>\d+)", "轴 {axis} 上分别是 {n} 和 {m}"),
    (
        rf"shapes (?P<a>{_SHAPE}) and (?P<b>{_SHAPE}) cannot be stacked: stack needs equal shapes",
        "形状 {a} 和 {b} 无法堆叠：stack 需要相同的形状",
    ),
    (
        rf"shapes (?P<a>{_SHAPE}) and (?P<b>{_SHAPE}) must be equal for mse: it compares entry "
        r"by entry and does not broadcast",
        "mse 要求形状 {a} 和 {b} 相同：它逐个元素比较，不做广播",
    ),
    (r"(?P<name>concat|stack) needs at least one array", "{name} 至少需要一个数组"),
    (
        r"cross_entropy labels must be whole numbers \(class indices\)",
        "cross_entropy 的标签必须是整数（类别索引）",
    ),
    (
        r"label (?P<label>-?\d+) is out of range for (?P<n>\d+) classes \(labels are "
        r"(?P<low>-?\d+) to (?P<high>-?\d+)\)",
        "标签 {label} 超出了 {n} 个类别的范围（标签是 {low} 到 {high}）",
    ),
    (
        r"cross_entropy takes 1-D logits \(one sample\) or 2-D logits \(one row per sample\), "
        rf"not logits of shape (?P<shape>{_SHAPE})",
        "cross_entropy 接受一维 logits（一个样本）或二维 logits（每个样本一行），"
        "不接受形状为 {shape} 的 logits",
    ),
    (
        rf"logits of shape (?P<a>{_SHAPE}) and labels of shape (?P<b>{_SHAPE}) do not match for "
        rf"cross_entropy: it needs labels of shape (?P<c>{_SHAPE}), one per sample",
        "cross_entropy 中形状为 {a} 的 logits 与形状为 {b} 的标签不匹配：它需要形状为 {c} 的标签，"
        "每个样本一个",
    ),
    # -- the engine: the backward pass and Jacobians (engine/core/autodiff.py) --
    (
        r"this tensor does not depend on anything that needs a gradient",
        "这个张量不依赖任何需要梯度的东西",
    ),
    (
        rf"the seed gradient has shape (?P<a>{_SHAPE}) but the output has shape (?P<b>{_SHAPE})",
        "种子梯度的形状是 {a}，而输出的形状是 {b}",
    ),
    (
        r"the Jacobian is taken with respect to a tensor that needs a gradient",
        "雅可比矩阵只能对需要梯度的张量求",
    ),
    (
        r"mode must be 'reverse' or 'forward', not (?P<mode>.+)",
        "mode 必须是 'reverse' 或 'forward'，不能是 {mode}",
    ),
    # -- the chain-rule page's sizes (engine/views/chain.py) --
    (
        r"type at least two sizes, the input's first and the output's last",
        "至少输入两个大小：输入的在前，输出的在后",
    ),
    (r"at most (?P<n>\d+) sizes", "最多 {n} 个大小"),
    (r"(?P<item>'.*'|\".*\") is not a whole number", "{item} 不是整数"),
    (r"each size must be between 1 and (?P<n>[\d,]+)", "每个大小必须在 1 到 {n} 之间"),
    # -- the offline slides (engine/views/slides.py) --
)
_ERRORS_ZH = tuple((re.compile(pattern, re.DOTALL), zh) for pattern, zh in ERROR_PATTERNS_ZH)


class UntranslatedError(LookupError):
    """A message (or a phrase in one) that no pattern of ERROR_PATTERNS_ZH matches."""


def _translate(text: str, strict: bool) -> str | None:
    for pattern, zh in _ERRORS_ZH:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        values = {}
        for name, value in match.groupdict().items():
            value = value or ""
            if name.startswith("m_"):
                value = _translate(value, strict) or value
            values[name] = value
        return zh.format(**values)
    if strict:
        raise UntranslatedError(text)
    return None


def message_text(message: str | Message, lang: str = DEFAULT_LANG, *, strict: bool = False) -> str:
    """One English message (an error, a hint) in ``lang``.

    Unknown to the table, it stays English (``strict=True`` raises UntranslatedError).

    >>> message_text("at most 6 sizes", "zh")
    '最多 6 个大小'
    >>> message_text("axis must be an integer, not 1.5", "zh")
    '轴必须是整数，不能是 1.5'
    """
    if isinstance(message, Message):
        return message.text(lang)
    if lang != "zh":
        return message
    return _translate(message, strict) or message


def error_text(
    error: object, lang: str = DEFAULT_LANG, *, strict: bool = False
) -> tuple[str, str | None]:
    """(message, hint) of an error in ``lang``: a ProgramError, any exception, or a message.

    A :class:`Message` is worded from the catalogue; finished English through the table.
    """
    if isinstance(error, (str, Message)):
        message, hint = error, None
    else:
        message = getattr(error, "message", None) or str(error)
        hint = getattr(error, "hint", None)
    translated = message_text(message, lang, strict=strict)
    return translated, None if hint is None else message_text(hint, lang, strict=strict)
