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
from engine.i18n import language as _language
from engine.i18n import lessons as _lessons
from engine.i18n import ops as _ops
from engine.i18n import pages as _pages
from engine.i18n import structure as _structure
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
for _area in (_pages, _lessons, _views, _ops, _examples, _core, _structure, _teaching, _language):
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

ERROR_PATTERNS_ZH: tuple[tuple[str, str], ...] = ()
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
