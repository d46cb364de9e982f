"""Every word the app shows, in English and Simplified Chinese: the one place for them.

``t(key, lang, **values)`` looks a text up and fills its ``{placeholders}``.
A key missing in either language fails the tests; an unknown language falls
back to English. The terms of the chain rule are fixed (see ``TERMS``) and
used the same way in both languages.

Beside ``TEXT``: the Chinese of the examples (their English is written next to their
code) and the error messages, hints and quiz verdicts not yet raised as a
:class:`Message` (``error_text``, ``message_text``: one table of patterns over the
English).

>>> t("term.upstream", "zh")
'上游梯度'
>>> t("lesson.count", "en", n=2, total=4)
'Lesson 2 of 4'
"""

from __future__ import annotations

import re

from engine.i18n import core as _core
from engine.i18n import examples as _examples
from engine.i18n import lessons as _lessons
from engine.i18n import ops as _ops
from engine.i18n import pages as _pages
from engine.i18n import structure as _structure
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
for _area in (_pages, _lessons, _views, _ops, _examples, _core, _structure):
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


def op_note(name: str, lang: str = DEFAULT_LANG) -> str:
    """An operation's one-line note in ``lang``.

    >>> op_note("add", "zh")
    '加法把上游梯度原样传给两个输入。'
    """
    return t(f"op.{name}.note", lang)


# -- error messages: one table over the English -----------------------------------------------
#
# The engine, the program language, the quiz and the chain page word their messages in
# English, in the code that finds the problem. Their Chinese is this table: a regular
# expression over the whole English text, and a Chinese template that puts the captured
# values back (names, numbers, shapes and code as they are). A group named ``m_…`` is an
# English phrase itself translated through this table ("one array", "the axis", a nested
# message); a group named ``u_…`` is a function's usage, code whose " or " is translated.
# The first pattern that matches the whole text wins, so a specific one comes before a
# general one. tests/test_i18n_errors.py runs every bad program of the tests through it.

_SHAPE = r"\(.*?\)"
_NAME = r"`(?P<name>[^`]*)`"

ERROR_PATTERNS_ZH: tuple[tuple[str, str], ...] = (
    # -- the program as a whole (engine/language.py) --
    (
        r"the program has (?P<n>[\d,]+) characters, more than the limit of (?P<limit>[\d,]+)",
        "程序有 {n} 个字符，超过了 {limit} 个的上限",
    ),
    (r"the program is empty", "程序是空的"),
    (r"the program needs more memory than is available", "程序需要的内存超过了可用的内存"),
    (
        r"this expression is nested more deeply than Python can read",
        "这个表达式嵌套得太深，Python 无法读取",
    ),
    (
        r"this expression is nested too deeply \(the limit is (?P<n>\d+) levels\)",
        "这个表达式嵌套得太深（上限是 {n} 层）",
    ),
    (
        r"the program contains an invalid character \(a lone surrogate\)",
        "程序中有一个无效字符（单独的代理项）",
    ),
    (r"the program contains a null character", "程序中有一个空字符（NUL）"),
    (r"this statement is not indented like the first one", "这条语句的缩进与第一条语句不同"),
    (
        r"this integer has (?P<m_count>.+), more than the (?P<limit>[\d,]+) Python reads",
        "这个整数有{m_count}，超过了 Python 能读取的 {limit} 位",
    ),
    (r"(?P<n>[\d,]+) digits", " {n} 位数字"),
    (r"too many digits", "太多位数字"),
    # -- Python's own syntax errors (the common ones; others keep Python's words) --
    (r"invalid syntax", "无效的语法"),
    (r"invalid syntax\. Perhaps you forgot a comma\?", "无效的语法。是不是少了一个逗号？"),
    (
        r"invalid syntax\. Maybe you meant '==' or ':=' instead of '='\?",
        "无效的语法。是不是想写 '==' 或 ':='，而不是 '='？",
    ),
    (r"'(?P<p>[(\[{])' was never closed", "'{p}' 没有闭合"),
    (r"unmatched '(?P<p>[)\]}])'", "'{p}' 没有与之配对的左括号"),
    (
        r"closing parenthesis '(?P<a>.)' does not match opening parenthesis '(?P<b>.)'",
        "右括号 '{a}' 与左括号 '{b}' 不配对",
    ),
    (
        r"closing parenthesis '(?P<a>.)' does not match opening parenthesis '(?P<b>.)' "
        r"on line (?P<line>\d+)",
        "右括号 '{a}' 与第 {line} 行的左括号 '{b}' 不配对",
    ),
    (r"expected '(?P<token>[^']*)'", "这里应该有 '{token}'"),
    (r"expected 'else' after 'if' expression", "'if' 表达式后面应该有 'else'"),
    (r"invalid decimal literal", "无效的十进制数"),
    (r"invalid hexadecimal literal", "无效的十六进制数"),
    (r"invalid octal literal", "无效的八进制数"),
    (r"invalid binary literal", "无效的二进制数"),
    (
        r"invalid digit '(?P<digit>.)' in (?P<m_base>octal|binary) literal",
        "{m_base}数中有无效的数字 '{digit}'",
    ),
    (r"octal", "八进制"),
    (r"binary", "二进制"),
    (
        r"expected an indented block after '(?P<keyword>\w+)' statement on line (?P<line>\d+)",
        "第 {line} 行的 '{keyword}' 语句后面应该有一个缩进的代码块",
    ),
    (r"invalid character '(?P<ch>.)' \(U\+(?P<code>[0-9A-F]+)\)", "无效字符 '{ch}'（U+{code}）"),
    (r"invalid non-printable character U\+(?P<code>[0-9A-F]+)", "无效的不可打印字符 U+{code}"),
    (
        r"leading zeros in decimal integer literals are not permitted; "
        r"use an 0o prefix for octal integers",
        "十进制整数不能以 0 开头；八进制整数请用 0o 前缀",
    ),
    (r"unexpected indent", "意外的缩进"),
    (r"unindent does not match any outer indentation level", "取消缩进后与外层的任何缩进都对不齐"),
    (r"illegal target for annotation", "注解的目标不合法"),
    (
        r"unterminated string literal \(detected at line (?P<line>\d+)\)",
        "字符串没有结束（在第 {line} 行发现）",
    ),
    (
        r"unterminated triple-quoted string literal \(detected at line (?P<line>\d+)\)",
        "三引号字符串没有结束（在第 {line} 行发现）",
    ),
    (r"unexpected character after line continuation character", "续行符后面有意外的字符"),
    (r"positional argument follows keyword argument", "位置参数出现在关键字参数之后"),
    (
        r"expression cannot contain assignment, perhaps you meant \"==\"\?",
        '表达式中不能包含赋值，是不是想写 "=="？',
    ),
    # -- statements and names --
    (r"augmented assignment (?P<op>\S+)= is not supported", "不支持增强赋值 {op}="),
    (r"chained assignment \(a = b = \.\.\.\) is not supported", "不支持链式赋值（a = b = ...）"),
    (r"unpacking is not supported", "不支持解包赋值"),
    (r"assigning to part of an array is not supported", "不支持给数组的一部分赋值"),
    (r"assigning to an attribute is not supported", "不支持给属性赋值"),
    (rf"{_NAME} is a function and cannot be assigned", "`{name}` 是一个函数，不能被赋值"),
    (rf"{_NAME} is already assigned on line (?P<line>\d+)", "`{name}` 已经在第 {line} 行赋值过了"),
    (
        r"`out` is the name of the bare last expression, so it cannot also be assigned",
        "`out` 是最后那个单独表达式的名字，所以不能再给它赋值",
    ),
    (
        r"a bare expression is only allowed as the last statement",
        "单独的表达式只能作为最后一条语句",
    ),
    (rf"{_NAME} is a function, not a value", "`{name}` 是一个函数，不是一个值"),
    (
        rf"{_NAME} is used before it is assigned \(on line (?P<line>\d+)\)",
        "`{name}` 在赋值（第 {line} 行）之前就被使用了",
    ),
    (rf"unknown name {_NAME}", "未知的名字 `{name}`"),
    (rf"{_NAME} is a variable, not a function", "`{name}` 是一个变量，不是函数"),
    (rf"{_NAME} is a constant, not a function", "`{name}` 是一个常量，不是函数"),
    (rf"unknown function {_NAME}", "未知的函数 `{name}`"),
    # -- values and expressions --
    (
        r"True and False are only allowed as the value of keepdims",
        "True 和 False 只能用作 keepdims 的值",
    ),
    (r"None is not supported", "不支持 None"),
    (
        r"\.\.\. is only allowed inside an index, like a\[\.\.\., 0\]",
        "... 只能出现在索引中，例如 a[..., 0]",
    ),
    (r"complex numbers are not supported", "不支持复数"),
    (r"strings are not supported", "不支持字符串"),
    (
        r"a list can only hold numbers and constants, not values of variables",
        "列表中只能放数和常量，不能放变量的值",
    ),
    (
        rf"ragged list: this item has shape (?P<a>{_SHAPE}) but the first has shape "
        rf"(?P<b>{_SHAPE})",
        "参差不齐的列表：这一项的形状是 {a}，而第一项的形状是 {b}",
    ),
    (r"the operator (?P<op>\S+) is not supported", "不支持运算符 {op}"),
    (r"attribute \.(?P<attr>\w+) is not supported: only \.T", "不支持属性 .{attr}：只支持 .T"),
    (r"\.T is not a function", ".T 不是函数"),
    (
        r"only a function can be called, by its name, like exp\(x\)",
        "只有函数可以调用，而且要用它的名字调用，例如 exp(x)",
    ),
    (r"starred arguments \(\*a\) are not supported", "不支持星号参数（*a）"),
    (r"\*\* arguments are not supported", "不支持 ** 参数"),
    (r"(?P<m_what>.+) is not supported", "不支持{m_what}"),
    # what a refused construct is called (the _REFUSED table of engine/language.py)
    (
        r"(?P<keyword>import|def|class|return|del|with|match|raise|try|assert|global|nonlocal"
        r"|pass|break|continue|lambda|await|yield)",
        " {keyword}",
    ),
    (r"an annotation", "类型注解"),
    (r"a for loop", " for 循环"),
    (r"a while loop", " while 循环"),
    (r"an if statement", " if 语句"),
    (r"and/or", " and/or"),
    (r"the walrus operator :=", "海象运算符 :="),
    (r"a conditional expression \(a if c else b\)", "条件表达式（a if c else b）"),
    (r"a dictionary", "字典"),
    (r"a set", "集合"),
    (r"a list comprehension", "列表推导式"),
    (r"a set comprehension", "集合推导式"),
    (r"a dictionary comprehension", "字典推导式"),
    (r"a generator expression", "生成器表达式"),
    (r"a comparison", "比较运算"),
    (r"an f-string", " f-string"),
    (r"a starred expression \(\*a\)", "星号表达式（*a）"),
    (r"a tuple", "元组"),
    (r"a slice outside an index", "索引之外的切片"),
    (r"(?P<node>[A-Z]\w+)", " {node}"),  # a Python node type the table above does not name
    # -- indexing --
    (r"only one integer list is allowed in an index", "一个索引中只能有一个整数列表"),
    (r"an index may contain at most one \.\.\.", "一个索引中最多只能有一个 ..."),
    (r"a slice step cannot be 0", "切片的步长不能是 0"),
    (r"None \(a new axis\) is not supported in an index", "索引中不支持 None（新轴）"),
    (
        r"an index must be an integer or a flat list, not an array of shape (?P<shape>.+)",
        "索引必须是整数或一维列表，不能是形状为 {shape} 的数组",
    ),
    # -- functions and their arguments --
    (
        rf"dot takes arrays of at most 2 axes, not shapes (?P<a>{_SHAPE}) and (?P<b>{_SHAPE})",
        "dot 只接受最多 2 个轴的数组，而这里的形状是 {a} 和 {b}",
    ),
    (
        r"(?P<name>\w+) of an array with no elements \(shape (?P<shape>.*)\) is undefined",
        "对没有元素的数组（形状 {shape}）求 {name} 没有定义",
    ),
    (r"axes must be a list of integers", "axes 必须是整数列表"),
    (
        r"(?P<name>\w+) joins arrays, and (?P<number>\S+) is a number: an axis is given by keyword",
        "{name} 连接的是数组，而 {number} 是一个数：轴要用关键字参数给出",
    ),
    (
        r"(?P<name>\w+) joins two or more arrays, but got (?P<n>\d+)",
        "{name} 连接两个或更多数组，但只得到了 {n} 个",
    ),
    (
        r"the labels of cross_entropy must be constant class indices, "
        r"not values computed from variables",
        "cross_entropy 的标签必须是常量类别索引，不能是由变量算出的值",
    ),
    (r"class labels must be integers, not (?P<value>.+)", "类别标签必须是整数，不能是 {value}"),
    (
        r"label (?P<label>-?\d+) is out of range for (?P<n>\d+) classes \((?P<low>-?\d+) to "
        r"(?P<high>-?\d+)\)",
        "标签 {label} 超出了 {n} 个类别的范围（{low} 到 {high}）",
    ),
    (r"full needs value=", "full 需要 value="),
    (r"the size of eye cannot be negative, not (?P<n>-?\d+)", "eye 的大小不能是负数，这里是 {n}"),
    (r"the step of arange cannot be 0", "arange 的步长不能是 0"),
    (r"arange\(\.\.\.\) would have infinitely many elements", "arange(...) 会有无穷多个元素"),
    (r"num cannot be negative, not (?P<n>-?\d+)", "num 不能是负数，这里是 {n}"),
    (r"the seed cannot be negative, not (?P<n>-?\d+)", "种子不能是负数，这里是 {n}"),
    (r"a shape entry cannot be negative, not (?P<n>-?\d+)", "形状的分量不能是负数，这里是 {n}"),
    (r"(?P<name>\w+) has no keyword `(?P<keyword>[^`]*)`", "{name} 没有关键字参数 `{keyword}`"),
    (
        r"(?P<name>\w+) needs (?P<m_what>.+), but got (?P<n>\d+) arguments",
        "{name} 需要{m_what}，但得到了 {n} 个参数",
    ),
    (
        r"(?P<name>\w+) takes (?P<m_what>.+), but got (?P<n>\d+) arguments",
        "{name} 接受{m_what}，但得到了 {n} 个参数",
    ),
    (
        r"(?P<name>\w+) takes its (?P<keyword>\w+) only as a keyword",
        "{name} 的 {keyword} 只能用关键字参数给出",
    ),
    (
        rf"(?P<m_what>.+) must be a constant, not the variable {_NAME}",
        "{m_what}必须是常量，不能是变量 `{name}`",
    ),
    (
        r"(?P<m_what>.+) must be one integer, not an array of shape (?P<shape>.+)",
        "{m_what}必须是一个整数，不能是形状为 {shape} 的数组",
    ),
    (r"(?P<m_what>.+) must be an integer, not (?P<value>.+)", "{m_what}必须是整数，不能是 {value}"),
    (
        r"(?P<m_what>.+) must be one finite number, not (?P<m_shown>.+)",
        "{m_what}必须是一个有限的数，不能是{m_shown}",
    ),
    (r"an array of shape (?P<shape>.+)", "形状为 {shape} 的数组"),
    (r"(?P<value>[-+]?(?:[\d.]+(?:e[-+]?\d+)?|inf|nan))", " {value}"),
    (r"(?P<m_what>.+) must be True or False", "{m_what}必须是 True 或 False"),
    # the arguments named in these messages
    (r"one array", "一个数组"),
    (r"two arrays", "两个数组"),
    (r"an array and a shape", "一个数组和一个形状"),
    (r"two or more arrays", "两个或更多数组"),
    (r"logits and labels", " logits 和标签"),
    (r"one or two sizes", "一个或两个大小"),
    (r"one to three numbers", "一到三个数"),
    (r"a start, a stop and a count", "起点、终点和个数"),
    (r"the axis|an axis|axis", "轴"),
    (r"an index", "索引"),
    (r"a slice bound", "切片的边界"),
    (r"a shape entry", "形状的分量"),
    (r"a bound of arange", "arange 的边界"),
    (r"the start of linspace", "linspace 的起点"),
    (r"the stop of linspace", "linspace 的终点"),
    (r"the size of eye", "eye 的大小"),
    (r"the seed", "种子"),
    (r"(?P<keyword>num|value|keepdims)", "{keyword} "),
    # -- limits --
    (
        r"the program took more than (?P<s>[\d.]+) seconds to run and was stopped here",
        "程序运行超过了 {s} 秒，在这里被停下",
    ),
    (
        r"the backward pass took more than (?P<s>[\d.]+) seconds to run and was stopped here",
        "反向传播运行超过了 {s} 秒，在这里被停下",
    ),
    (
        r"the graph would have more than (?P<n>[\d,]+) operation nodes",
        "计算图将有超过 {n} 个运算节点",
    ),
    (
        r"(?P<m_what>.+) would have no elements \((?P<dims>.*)\), but its other axes multiply "
        r"to (?P<n>[\d,]+), more than the limit of (?P<limit>[\d,]+)",
        "{m_what}的形状 ({dims}) 没有元素，但其余各轴的长度之积为 {n}，超过了 {limit} 个的上限",
    ),
    (
        r"(?P<m_what>.+) would have (?P<n>[\d,]+) elements, more than the limit of "
        r"(?P<limit>[\d,]+)",
        "{m_what}将有 {n} 个元素，超过了 {limit} 个的上限",
    ),
    (
        r"the backward pass would keep (?P<n>[\d,]+) elements by here, more than the limit of "
        r"(?P<limit>[\d,]+)",
        "到这里为止，反向传播将保存 {n} 个元素，超过了 {limit} 个的上限",
    ),
    (r"this list", "这个列表"),
    (r"(?P<call>\w+\(\.\.\.\))", "{call} "),
    # -- hints (engine/language.py) --
    (
        r"split it into smaller programs \(the limit is set by CHAINRULE_MAX_CHARS\)",
        "把它拆成几个更小的程序（上限由 CHAINRULE_MAX_CHARS 设置）",
    ),
    (r"write a statement, e\.g\. x = 2", "写一条语句，例如 x = 2"),
    (
        r"work with smaller arrays \(the limit is set by CHAINRULE_MAX_ELEMENTS\)",
        "使用更小的数组（上限由 CHAINRULE_MAX_ELEMENTS 设置）",
    ),
    (
        r"use fewer or smaller arrays \(the limit is set by CHAINRULE_MAX_TOTAL_ELEMENTS\)",
        "使用更少或更小的数组（上限由 CHAINRULE_MAX_TOTAL_ELEMENTS 设置）",
    ),
    (
        r"use large arrays fewer times: each use keeps a gradient of its size \(the limit is "
        r"set by CHAINRULE_MAX_PASS_ELEMENTS\)",
        "少用几次大的数组：每用一次都要保存一个同样大小的梯度"
        "（上限由 CHAINRULE_MAX_PASS_ELEMENTS 设置）",
    ),
    (
        r"split it into several statements \(the limit is set by CHAINRULE_MAX_DEPTH\)",
        "把它拆成几条语句（上限由 CHAINRULE_MAX_DEPTH 设置）",
    ),
    (
        r"compute less in one program \(the time limit is set by CHAINRULE_RUN_SECONDS\)",
        "在一个程序里少算一些（时间上限由 CHAINRULE_RUN_SECONDS 设置）",
    ),
    (
        r"compute less in one program \(the limit is set by CHAINRULE_MAX_OPS\)",
        "在一个程序里少算一些（上限由 CHAINRULE_MAX_OPS 设置）",
    ),
    (r"delete the character and type it again", "删掉这个字符，再重新输入"),
    (r"delete it; it was probably pasted by accident", "删掉它；它多半是不小心粘贴进来的"),
    (r"start every statement in the same column", "让每条语句都从同一列开始"),
    (r"strings are not supported; # starts a comment", "不支持字符串；# 表示注释的开始"),
    (
        r"a non-breaking space was pasted: replace it with an ordinary space",
        "粘贴进来了一个不换行空格：把它换成普通空格",
    ),
    (
        r"write it as a float in scientific notation, e\.g\. 1e4300 \(which is inf\)",
        "把它写成科学计数法的浮点数，例如 1e4300（它等于 inf）",
    ),
    (
        r"use @ for more axes: a @ b multiplies stacks of matrices",
        "更多的轴请用 @：a @ b 把一叠叠矩阵相乘",
    ),
    (
        r"write them as integers, e\.g\. \[0, 2, 1\], or in a variable made of numbers only",
        "把它们写成整数，例如 [0, 2, 1]，或者放进一个只由数组成的变量",
    ),
    (
        r"a name is assigned once: write a new name, e\.g\. x2 = x \+ 1",
        "每个名字只赋值一次：换一个新名字，例如 x2 = x + 1",
    ),
    (
        r"a name is assigned once: choose a new name, e\.g\. (?P<name>\w+)",
        "每个名字只赋值一次：换一个新名字，例如 {name}",
    ),
    (
        r"the functions are built in, e\.g\. exp\(x\), sum\(x\)",
        "函数都是内置的，例如 exp(x)、sum(x)",
    ),
    (r"write each step as its own statement: h = tanh\(x\)", "把每一步写成单独的语句：h = tanh(x)"),
    (r"write each step as its own statement", "把每一步写成单独的语句"),
    (r"the last statement is the output", "最后一条语句就是输出"),
    (r"write name = expression", "写成 name = expression"),
    (r"write name = expression as its own statement", "把 name = expression 写成单独的语句"),
    (
        r"use maximum/minimum or relu for choices between values",
        "要在值之间做选择，请用 maximum/minimum 或 relu",
    ),
    (r"use maximum/minimum or relu", "请用 maximum/minimum 或 relu"),
    (r"write a list: \[1, 2\]", "写成列表：[1, 2]"),
    (r"write the list out, or use arange/linspace", "把列表逐项写出来，或者用 arange/linspace"),
    (r"pass each array on its own", "把每个数组分别传入"),
    (r"assign one name per statement", "每条语句只给一个名字赋值"),
    (
        r"arrays do not change once made: build a new one, e\.g\. with concat",
        "数组一旦创建就不会改变：请新建一个，例如用 concat",
    ),
    (r"choose another name, e\.g\. (?P<name>\w+)", "换一个名字，例如 {name}"),
    (
        r"rename this variable, or assign the last expression to a name",
        "给这个变量改名，或者把最后一个表达式赋给一个名字",
    ),
    (r"assign it to a name, e\.g\. h = \.\.\.", "把它赋给一个名字，例如 h = ..."),
    (r"leave the argument out to get its default", "省略这个参数，就会使用它的默认值"),
    (
        r"a program holds numbers and arrays only; # starts a comment",
        "程序中只有数和数组；# 表示注释的开始",
    ),
    (r"call it: (?P<u_usage>.+)", "调用它：{u_usage}"),
    (r"assign a name before using it", "先给名字赋值，再使用它"),
    (
        r"assign a name before using it, e\.g\. x = \[1\.0, 2\.0\]",
        "先给名字赋值再使用，例如 x = [1.0, 2.0]",
    ),
    (
        r"`(?P<name>[^`]*)` looks like `(?P<other>[^`]*)` but has (?P<char>.+) where "
        r"`(?P<other2>[^`]*)` has (?P<other_char>.+): did you mean `(?P<other3>[^`]*)`\?",
        "`{name}` 看起来像 `{other}`，但 `{other}` 中的 {other_char} 在这里是 {char}："
        "你是想写 `{other}` 吗？",
    ),
    (r"did you mean `(?P<name>[^`]*)`\?", "你是想写 `{name}` 吗？"),
    (
        r"did you mean `(?P<name>[^`]*)`\? The functions are (?P<names>.+)",
        "你是想写 `{name}` 吗？可用的函数有：{names}",
    ),
    (r"the functions are (?P<names>.+)", "可用的函数有：{names}"),
    (r"the names assigned so far are (?P<names>.+)", "目前已赋值的名字有：{names}"),
    (
        r"to build an array from variables use stack\(a, b\) or concat\(a, b\)",
        "要用变量构造数组，请用 stack(a, b) 或 concat(a, b)",
    ),
    (r"every row of a list must have the same length", "列表的每一行长度必须相同"),
    (r"for a power write a \*\* b", "乘方请写 a ** b"),
    (r"write a / b \(all numbers are floats\)", "写成 a / b（所有的数都是浮点数）"),
    (r"to multiply, write the \* sign: (?P<code>.+)", "要相乘，请写出 * 号：{code}"),
    (r"write (?P<code>.+) without the parentheses", "写成 {code}，不要括号"),
    (
        r"index one axis at a time: a\[\[0, 2\]\]\[:, \[1, 3\]\]",
        "一次只索引一个轴：a[[0, 2]][:, [1, 3]]",
    ),
    (r"use reshape to add an axis", "用 reshape 来增加一个轴"),
    (r"its keywords are (?P<keywords>.+)", "它的关键字参数有：{keywords}"),
    (r"it takes no keywords: (?P<u_usage>.+)", "它不接受关键字参数：{u_usage}"),
    (
        r"max\((?P<args>.+)\) is not relu: use (?P<u_one>maximum\(.+\)) elementwise, "
        r"or (?P<u_two>max\(.+\))",
        "max({args}) 不是 relu：逐元素比较请用 {u_one}，或者用 {u_two}",
    ),
    (
        r"min\((?P<args>.+)\) is not elementwise: use (?P<u_one>minimum\(.+\)) elementwise, "
        r"or (?P<u_two>min\(.+\))",
        "min({args}) 不是逐元素运算：逐元素比较请用 {u_one}，或者用 {u_two}",
    ),
    (r"write the number itself", "直接写出这个数"),
    (r"write (?P<code>\w+=.+|[\w.]+\(.*\))", "写成 {code}"),
    (r"(?P<u_usage>[a-z_]+\(.*\))", "用法：{u_usage}"),
    # -- the quiz's answers (engine/views/quiz.py) --
    (r"Could not read the answer: (?P<m_error>.+)\.", "无法读取答案：{m_error}。"),
    (
        r"type a number, a vector like \[1, 2\] or a matrix like \[\[1, 2\], \[3, 4\]\]",
        "请输入一个数、一个向量（如 [1, 2]）或一个矩阵（如 [[1, 2], [3, 4]]）",
    ),
    (r"the answer is longer than (?P<n>[\d,]+) characters", "答案超过了 {n} 个字符"),
    (r"the rows have different lengths", "各行的长度不同"),
    (r"“(?P<entry>.*)” is not a number", "“{entry}”不是一个数"),
    (
        r"cannot read “(?P<rest>.*)”: use numbers, brackets and commas",
        "无法读取“{rest}”：请只用数、方括号和逗号",
    ),
    (r"put a comma between two numbers", "在两个数之间加一个逗号"),
    (r"put a comma before “\[”", "在“[”前面加一个逗号"),
    (r"a “\]” has no matching “\[”", "“]”没有与之配对的“[”"),
    (r"a comma has no number before it", "逗号前面没有数"),
    (r"a “\[” is never closed", "“[”没有闭合"),
    (r"write one value: a number, a vector or a matrix", "只写一个值：一个数、一个向量或一个矩阵"),
    (
        r"Expected (?P<n>\d+) entries \(shape (?P<m_shape>.+)\), got (?P<m>\d+)\.",
        "应该有 {n} 个元素（形状 {m_shape}），但得到了 {m} 个。",
    ),
    (r"a single number", "单个数"),
    (rf"(?P<shape>{_SHAPE})", "{shape}"),
    (r"Right!", "正确！"),
    (r"Not quite\.", "不太对。"),
    (
        r"(?P<n>\d+) of (?P<m>\d+) entries are off: (?P<entries>.+)\.",
        "{m} 个元素中有 {n} 个不对：{entries}。",
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

#: Python's own syntax errors are many and change between versions: one the table does not
#: know is shown in Python's words after this.
_PYTHON_SAYS_ZH = "Python 无法读取这里：{message}"


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
            elif name.startswith("u_"):
                value = value.replace(") or ", ") 或 ")
            values[name] = value
        return zh.format(**values)
    if strict:
        raise UntranslatedError(text)
    return None


def message_text(message: str | Message, lang: str = DEFAULT_LANG, *, strict: bool = False) -> str:
    """One English message (an error, a hint, a quiz verdict) in ``lang``.

    Unknown to the table, it stays English (``strict=True`` raises UntranslatedError).

    >>> message_text("unknown name `q`", "zh")
    '未知的名字 `q`'
    >>> message_text("exp takes one array, but got 2 arguments", "zh")
    'exp 接受一个数组，但得到了 2 个参数'
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

    Python's own syntax errors that the table does not know keep Python's words after a
    Chinese lead-in (``strict=True`` raises UntranslatedError for them too).
    """
    if isinstance(error, (str, Message)):
        message, hint, kind = error, None, None
    else:
        message = getattr(error, "message", None) or str(error)
        hint, kind = getattr(error, "hint", None), getattr(error, "kind", None)
    if isinstance(message, Message):
        translated = message.text(lang)
    elif lang != "zh":
        translated = message
    else:
        translated = _translate(message, strict)
        if translated is None:
            translated = _PYTHON_SAYS_ZH.format(message=message) if kind == "syntax" else message
    return translated, None if hint is None else message_text(hint, lang, strict=strict)
