"""What a program's problems are: positions, errors and warnings, and how they are shown.

A :class:`Span` is where an expression is in the program as typed; a
:class:`ProgramError` is one problem (kind, message, position, hint) and renders
the source line with a caret under the span; a :class:`ProgramWarning` is
something that runs but may not mean what it seems.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from engine.i18n import Message, t, wording


@dataclass(frozen=True, order=True)
class Span:
    """Where an expression is in the program as typed.

    Lines and columns are 1-based; columns count characters (code points, a
    tab is one) before any dedent; ``end_col`` is the column just after the
    last character, as an editor's cursor would show it.
    """

    line: int
    col: int
    end_line: int
    end_col: int


#: The kinds of :class:`ProgramError`, for code that reacts to them.
ERROR_KINDS = (
    "syntax",  # Python cannot read it, or it is indented unevenly
    "unknown-name",  # a name that is not a variable or constant (yet)
    "unknown-function",  # a call to something that is not one of the functions
    "unsupported",  # valid Python that the language refuses on purpose
    "shape",  # operand shapes break an operation's rule
    "argument",  # a bad argument: axis, index, keyword, integer, label, ...
    "limit",  # the program asks for more than a limit allows
    "empty",  # nothing to run
    "name",  # a bad assignment: twice, to a function's name, to `out`
)


class ProgramError(Exception):
    """One problem in a program: kind, one-sentence message, position and hint.

    The message and the hint are Messages (``engine.i18n.Message``: the language builds
    nothing else; a plain string, from a library user, is shown as it is), worded
    where they are shown. ``str(error)`` is ``"line L, col C: message"`` in English;
    :meth:`render` adds the source line with a caret under the span, and the hint.
    """

    def __init__(
        self,
        kind: str,
        message: Message | str,
        line: int = 1,
        col: int = 1,
        end_line: int | None = None,
        end_col: int | None = None,
        hint: Message | str | None = None,
    ):
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown error kind {kind!r}")
        self.kind = kind
        self.message = message
        self.line = line
        self.col = col
        self.end_line = line if end_line is None else end_line
        self.end_col = col + 1 if end_col is None else end_col
        self.hint = hint
        super().__init__(str(self))

    @classmethod
    def at(
        cls, kind: str, message: Message | str, span: Span, hint: Message | str | None = None
    ) -> ProgramError:
        return cls(kind, message, span.line, span.col, span.end_line, span.end_col, hint)

    @property
    def span(self) -> Span:
        return Span(self.line, self.col, self.end_line, self.end_col)

    def __str__(self) -> str:
        return f"line {self.line}, col {self.col}: {self.message}"

    def __reduce__(self) -> tuple[type[ProgramError], tuple[object, ...]]:
        fields = (self.kind, self.message, self.line, self.col)
        return (ProgramError, (*fields, self.end_line, self.end_col, self.hint))

    def render(self, source: str, *, lang: str = "en") -> str:
        """The message, the source line with a caret under the span, then the hint.

        ``lang`` is the language of the message and the hint (``engine.i18n.wording``).

        >>> message = Message("language.unknown_name", name="y")
        >>> hint = Message("language.hint.did_you_mean", name="x")
        >>> error = ProgramError("unknown-name", message, 2, 5, 2, 6, hint)
        >>> print(error.render("x = 1\\nz = y + 1"))
        line 2, col 5: unknown name `y`
            z = y + 1
                ^
        hint: did you mean `x`?
        >>> print(error.render("x = 1\\nz = y + 1", lang="zh"))
        第 2 行，第 5 列：未知的名字 `y`
            z = y + 1
                ^
        提示：你是想写 `x` 吗？
        """
        message = wording(self.message, lang)
        parts = [t("language.located", lang, line=self.line, col=self.col, message=message)]
        lines = typed_lines(source)
        if self.kind != "empty" and 1 <= self.line <= len(lines) and lines[self.line - 1].strip():
            text = lines[self.line - 1]
            start = min(self.col - 1, len(text))
            end = self.end_col - 1 if self.end_line == self.line else len(text)
            end = max(min(end, len(text)), start + 1)
            # Bidirectional controls as markers: the line cannot be shown reordered.
            before, inside = visible_controls(text[:start]), visible_controls(text[start:end])
            text, start, end = (
                before + inside + visible_controls(text[end:]),
                len(before),
                len(before) + len(inside),
            )
            text, start, end = _window(text, start, end)
            # Copy tabs and count wide characters so the caret lines up in a terminal.
            margin = "".join("\t" if ch == "\t" else " " * _width(ch) for ch in text[:start])
            carets = "^" * max(1, sum(_width(ch) for ch in text[start:end]))
            parts += ["    " + text, "    " + margin + carets]
        if self.hint:
            parts.append(t("language.hint", lang, hint=wording(self.hint, lang)))
        return "\n".join(parts)


#: A longer source line is shown as a window of this many characters around the caret.
RENDER_WIDTH = 100


def _window(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Cut a long line down to the part around [start, end), marking each cut with "…"."""
    if len(text) <= RENDER_WIDTH:
        return text, start, end
    left = max(0, min(start - RENDER_WIDTH // 4, len(text) - RENDER_WIDTH))
    right = left + RENDER_WIDTH
    shown = ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")
    shift = left - (1 if left else 0)
    return shown, start - shift, min(end, right) - shift


def _width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def typed_lines(source: str) -> list[str]:
    """The program's lines as typed: no byte-order mark, any of CRLF/CR/LF ends a line.

    Line numbers everywhere (errors, spans, the app's listing) count these lines.

    >>> typed_lines("\\ufeffa\\r\\nb\\rc")
    ['a', 'b', 'c']
    """
    if source.startswith("\ufeff"):
        source = source[1:]
    return source.replace("\r\n", "\n").replace("\r", "\n").split("\n")


#: Bidirectional controls: in a comment they may reorder how an editor or a page shows
#: the line (a right-to-left override reverses it), so a listing shows them as a marker.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)


def visible_controls(text: str) -> str:
    """``text`` with each bidirectional control written as a visible marker ``⟨U+202E⟩``.

    >>> visible_controls("x = 1  # \u202etxet\u202c")
    'x = 1  # ⟨U+202E⟩txet⟨U+202C⟩'
    """
    if BIDI_CONTROLS.isdisjoint(text):
        return text
    return "".join(f"⟨U+{ord(ch):04X}⟩" if ch in BIDI_CONTROLS else ch for ch in text)


@dataclass(frozen=True)
class ProgramWarning:
    """Something in a program that runs but may not mean what it seems; never fatal.

    ``kind`` names it for code that reacts to it (``"lookalike"``, ``"lookalike-builtin"``);
    ``message`` is worded in the language it is shown in.
    """

    kind: str
    line: int
    col: int
    message: Message

    def text(self, lang: str = "en") -> str:
        """``line L, col C: message`` in ``lang``."""
        return t("language.located", lang, line=self.line, col=self.col, message=self.message)

    def __str__(self) -> str:
        return self.text()
