"""Every word the app shows, in English and Simplified Chinese: the one place for them.

``t(key, lang, **values)`` looks a text up and fills its ``{placeholders}``.
A key missing in either language fails the tests; an unknown language falls
back to English. The terms of the chain rule are fixed (see ``TERMS``) and
used the same way in both languages.

The engine, the language and the views build what they say as a :class:`Message` (a key
and its parameters), worded only where it is shown: ``message.text(lang)``, or
:func:`wording` for anything that may also be a plain string.

>>> t("term.upstream", "zh")
'上游梯度'
>>> t("lesson.count", "en", n=2, total=4)
'Lesson 2 of 4'
"""

from __future__ import annotations

from engine.i18n import core as _core
from engine.i18n import examples as _examples
from engine.i18n import hints as _hints
from engine.i18n import language as _language
from engine.i18n import lessons as _lessons
from engine.i18n import maths as _maths
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
for _area in (
    _pages,
    _lessons,
    _views,
    _ops,
    _examples,
    _core,
    _structure,
    _teaching,
    _language,
    _maths,
    _hints,
):
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
