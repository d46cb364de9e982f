"""The program language: a whitelisted reader of small Python-syntax programs.

A program is read with :func:`ast.parse` and then walked through ONE dispatch
table of the node types it may contain (:data:`_HANDLERS`); every operator and
function comes from ONE table (:data:`OPERATIONS`). Anything else is refused
by name ("lambda is not supported"). Nothing reaches ``eval``, ``exec`` or
``compile``, and no attribute but ``.T`` is ever looked up: the reader only
compares strings with its own tables.

The result is a :class:`Program`: the output tensor, every named variable,
the gradient-receiving leaves, and the source span of every node. Every
problem is one :class:`ProgramError` with a kind, a one-sentence message, a
position and a hint; limits (:class:`Limits`) are checked before the work.

>>> program = parse_program("x = [1.0, -2.0]\\nL = sum(x ** 2)")
>>> float(program.output.data)
5.0
>>> program.output.backward()
>>> program.leaves["x"].grad
array([ 2., -4.])
>>> parse_program("y = tanh(x)")
Traceback (most recent call last):
...
engine.language.ProgramError: line 1, col 10: unknown name `x`

The reference (every form, limit and decision) is the "Language reference" in README.md.
"""

from __future__ import annotations

import ast
import difflib
import math
import os
import re
import time
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from engine.core.autodiff import graph_nodes
from engine.core.errors import ArgumentError, EngineError, LimitError, ShapeError
from engine.core.tensor import (
    Tensor,
    charge,
    checked,
    concat,
    cross_entropy,
    dot,
    extent,
    maximum,
    minimum,
    mse,
    stack,
)
from engine.i18n import error_text, t

__all__ = [
    "DEFAULT_MAX_CHARS",
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_ELEMENTS",
    "DEFAULT_MAX_OPS",
    "DEFAULT_MAX_PASS_ELEMENTS",
    "DEFAULT_MAX_TOTAL_ELEMENTS",
    "ENV_VARIABLES",
    "ERROR_KINDS",
    "FUNCTION_NAMES",
    "OPERATIONS",
    "Limits",
    "Program",
    "ProgramError",
    "ProgramWarning",
    "Span",
    "parse_program",
]

# -- limits ----------------------------------------------------------------------

DEFAULT_MAX_CHARS = 20_000  # characters of the program as typed
DEFAULT_MAX_DEPTH = 100  # expression nodes on the deepest path of the ast
DEFAULT_MAX_ELEMENTS = 1_000_000  # elements in any one tensor, leaf or intermediate
DEFAULT_MAX_OPS = 2_000  # operation nodes in the graph
#: Elements of all arrays a program makes, together (160 MB of float64): without it
#: 2,000 statements of 1,000,000 elements each would fit every other limit and take 16 GB.
DEFAULT_MAX_TOTAL_ELEMENTS = 20_000_000
#: Elements the recorded backward pass keeps (480 MB of float64): each value that
#: needs a gradient, its upstream, and one downstream per use. Three times the total
#: above, so a program that uses each array once always fits; x[0, 0] taken 1,000
#: times from a 1000 × 1000 x keeps 1,000 downstreams of x (8 GB) and does not.
DEFAULT_MAX_PASS_ELEMENTS = 60_000_000

#: Python 3.11 refuses longer decimal integer literals by default; we refuse
#: them at their position whatever the interpreter's setting.
PYTHON_INT_MAX_DIGITS = 4_300

#: The operator's environment variables, one per field of :class:`Limits`.
ENV_VARIABLES = {
    "max_chars": "CHAINRULE_MAX_CHARS",
    "max_depth": "CHAINRULE_MAX_DEPTH",
    "max_elements": "CHAINRULE_MAX_ELEMENTS",
    "max_ops": "CHAINRULE_MAX_OPS",
    "max_total_elements": "CHAINRULE_MAX_TOTAL_ELEMENTS",
    "max_pass_elements": "CHAINRULE_MAX_PASS_ELEMENTS",
}


@dataclass(frozen=True)
class Limits:
    """How much one program may ask for; each limit is inclusive.

    Only the operator sets these (``Limits.from_env()``); a program cannot.

    >>> Limits().max_elements
    1000000
    >>> Limits.from_env({"CHAINRULE_MAX_OPS": "50"}).max_ops
    50
    """

    max_chars: int = DEFAULT_MAX_CHARS
    max_depth: int = DEFAULT_MAX_DEPTH
    max_elements: int = DEFAULT_MAX_ELEMENTS
    max_ops: int = DEFAULT_MAX_OPS
    max_total_elements: int = DEFAULT_MAX_TOTAL_ELEMENTS
    max_pass_elements: int = DEFAULT_MAX_PASS_ELEMENTS

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"Limits.{name} must be a positive integer, not {value!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, overridden by any CHAINRULE_MAX_* variable that is set."""
        environ = os.environ if environ is None else environ
        values = {}
        for field_name, variable in ENV_VARIABLES.items():
            raw = environ.get(variable, "").strip()
            if not raw:
                continue
            try:
                value = int(raw)
            except ValueError:
                value = 0
            if value < 1:
                raise ValueError(f"{variable} must be a positive integer, not {raw!r}")
            values[field_name] = value
        return cls(**values)


# -- positions and errors -----------------------------------------------------------


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

    ``str(error)`` is ``"line L, col C: message"``; :meth:`render` adds the
    source line with a caret under the span, and the hint.
    """

    def __init__(
        self,
        kind: str,
        message: str,
        line: int = 1,
        col: int = 1,
        end_line: int | None = None,
        end_col: int | None = None,
        hint: str | None = None,
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
    def at(cls, kind: str, message: str, span: Span, hint: str | None = None) -> ProgramError:
        return cls(kind, message, span.line, span.col, span.end_line, span.end_col, hint)

    @property
    def span(self) -> Span:
        return Span(self.line, self.col, self.end_line, self.end_col)

    def __str__(self) -> str:
        return f"line {self.line}, col {self.col}: {self.message}"

    def __reduce__(self):
        fields = (self.kind, self.message, self.line, self.col)
        return (ProgramError, (*fields, self.end_line, self.end_col, self.hint))

    def render(self, source: str, *, lang: str = "en") -> str:
        """The message, the source line with a caret under the span, then the hint.

        ``lang`` is the language of the message and the hint (``engine.i18n.error_text``).

        >>> hint = "did you mean `x`?"
        >>> error = ProgramError("unknown-name", "unknown name `y`", 2, 5, 2, 6, hint)
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
        message, hint = error_text(self, lang)
        parts = [t("error.located", lang, line=self.line, col=self.col, message=message)]
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
        if hint:
            parts.append(t("error.hint", lang, hint=hint))
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


# -- look-alike names ---------------------------------------------------------------------

#: Letters of other scripts that look like a Latin letter in common fonts, and that
#: letter. A judgement call, kept small on purpose: Greek letters that mathematicians
#: use as names of their own (α, β, ν, ε, …) are not in it; only those drawn exactly
#: like a Latin capital, and omicron.
LOOKALIKES = {
    **dict(zip("аеорсухіјѕԁԛԝһӏ", "aeopcyxijsdqwhl", strict=True)),  # Cyrillic, small
    **dict(zip("АВЕКМНОРСТХУІЈЅ", "ABEKMHOPCTXYIJS", strict=True)),  # Cyrillic, capital
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧο", "ABEZHIKMNOPTYXo", strict=True)),  # Greek
}


def skeleton(name: str) -> str:
    """What a name looks like: each look-alike letter replaced by the Latin one.

    >>> skeleton("а") == skeleton("a") == "a", skeleton("Wх") == "Wx", skeleton("α")
    (True, True, 'α')
    """
    return "".join(LOOKALIKES.get(ch, ch) for ch in name)


def _script(ch: str) -> str:
    """The script of a letter as Unicode names it: LATIN, CYRILLIC, GREEK, ..."""
    return unicodedata.name(ch, "UNKNOWN").split(" ")[0]


@dataclass(frozen=True)
class ProgramWarning:
    """Something in a program that runs but may not mean what it seems; never fatal.

    ``kind`` names the message (``warning.<kind>`` in ``engine.i18n``) and
    ``params`` fill it, so it is worded in the language it is shown in.
    """

    kind: str
    line: int
    col: int
    params: tuple[tuple[str, str], ...]

    def text(self, lang: str = "en") -> str:
        """``line L, col C: message`` in ``lang``."""
        message = t(f"warning.{self.kind}", lang, **dict(self.params))
        return t("error.located", lang, line=self.line, col=self.col, message=message)

    def __str__(self) -> str:
        return self.text()


def _lookalike_warnings(tree: ast.Module, source: _Source) -> tuple[ProgramWarning, ...]:
    """A warning for each name that looks like an earlier name, or a function or constant,
    but is spelt with letters of another script (Latin `a` and Cyrillic `а`)."""
    first: dict[str, ast.Name] = {}  # each name's first use, in reading order
    names = [node for node in ast.walk(tree) if isinstance(node, ast.Name)]
    for node in sorted(names, key=lambda node: (node.lineno, node.col_offset)):
        first.setdefault(node.id, node)
    known: dict[str, tuple[str, ast.Name | None]] = {
        skeleton(name): (name, None) for name in (*FUNCTION_NAMES, *CONSTANTS)
    }
    warnings_found = []
    for name, node in first.items():
        seen = known.setdefault(skeleton(name), (name, node))
        other, other_node = seen
        if other == name:
            continue
        char, other_char = _differ(name, other)  # the same skeleton: the same length
        span = source.span(node)
        params = {"name": name, "other": other, "char": char, "other_char": other_char}
        if other_node is None:
            kind = "lookalike-builtin"
        else:
            kind, params["line"] = "lookalike", str(source.span(other_node).line)
        warnings_found.append(ProgramWarning(kind, span.line, span.col, tuple(params.items())))
    return tuple(warnings_found)


def _differ(name: str, other: str) -> tuple[str, str]:
    """The first letter where two names of the same skeleton differ, each as
    ``а U+0430 CYRILLIC``."""
    ours, theirs = next((a, b) for a, b in zip(name, other, strict=True) if a != b)
    return (
        f"{ours} U+{ord(ours):04X} {_script(ours)}",
        f"{theirs} U+{ord(theirs):04X} {_script(theirs)}",
    )


def _lookalike_hint(name: str, candidates: Iterable[str]) -> str | None:
    """For an unknown name: the known name it looks like, and the letter that differs."""
    for other in candidates:
        if other != name and skeleton(other) == skeleton(name):
            char, other_char = _differ(name, other)
            return (
                f"`{name}` looks like `{other}` but has {char} where `{other}` has "
                f"{other_char}: did you mean `{other}`?"
            )
    return None


# -- the program ---------------------------------------------------------------------


@dataclass
class Program:
    """A parsed program: a named graph whose every node knows its source span.

    ``variables`` holds every named variable in assignment order (``out`` for a
    bare last expression); ``leaves`` those that receive a gradient; ``labels``
    the label variables of ``cross_entropy`` (constants, no gradient).
    ``spans`` maps ``Tensor.serial`` of every node, leaf and constant input to
    the span of the expression that made it.
    """

    source: str
    output: Tensor
    output_name: str
    variables: dict[str, Tensor]
    leaves: dict[str, Tensor]
    labels: set[str]
    spans: dict[int, Span]
    seeded_with_ones: bool
    n_ops: int
    #: Things that run but may not mean what they seem (look-alike names), in reading order.
    warnings: tuple[ProgramWarning, ...] = ()

    @property
    def constants(self) -> set[str]:
        """The named variables that are constants: the label variables."""
        return self.labels


def parse_program(
    source: str, limits: Limits | None = None, *, seconds: float | None = None
) -> Program:
    """Read a program into a named graph, or raise one :class:`ProgramError`.

    ``limits`` defaults to ``Limits.from_env()``. With ``seconds``, an operation that
    would start after that many seconds stops the program with a limit error at its
    position (``engine.views.session.run`` gives it the run's budget, ``engine.views.budget``).
    """
    if not isinstance(source, str):
        raise TypeError(f"a program is a str, not {type(source).__name__}")
    limits = Limits.from_env() if limits is None else limits
    typed_length = len(source) - source.startswith("\ufeff")  # the BOM counts nowhere
    if typed_length > limits.max_chars:
        raise ProgramError(
            "limit",
            f"the program has {typed_length:,} characters, more than the limit of "
            f"{limits.max_chars:,}",
            hint="split it into smaller programs (the limit is set by CHAINRULE_MAX_CHARS)",
        )
    text = _Source(source)
    tree = text.parse(limits)
    if not tree.body:
        raise ProgramError("empty", "the program is empty", hint="write a statement, e.g. x = 2")
    _check_tree(tree, text, limits)
    budget = checked(
        max_elements=limits.max_elements,
        max_total_elements=limits.max_total_elements,
        deadline=None if seconds is None else time.monotonic() + seconds,
    )
    try:
        # checked() holds for this thread only: other users' programs run beside this one.
        with np.errstate(all="ignore"), budget:
            program = _Evaluator(source, text, tree, limits, seconds).run()
        _check_recorded_pass(program, limits)
        program.warnings = _lookalike_warnings(tree, text)
        return program
    except RecursionError:
        raise _too_deep(limits, by_python=True) from None
    except MemoryError:
        raise ProgramError(
            "limit",
            "the program needs more memory than is available",
            hint="work with smaller arrays (the limit is set by CHAINRULE_MAX_ELEMENTS)",
        ) from None


def recorded_pass_elements(output: Tensor) -> Iterable[tuple[Tensor, int]]:
    """What a recorded backward pass from ``output`` will keep, counted before it runs.

    Yields each node that needs a gradient, in creation order, with the running
    total of elements kept so far: the node's value and its upstream, and for an
    operation one downstream per input that needs a gradient (the recorded pass
    keeps every step's downstream arrays; ``engine.core.autodiff.trace_backward``).

    >>> x = Tensor(np.ones(1000), name="x")
    >>> [total for _, total in recorded_pass_elements((x * x).sum())]
    [2000, 6000, 7002]
    """
    total = 0
    for node in graph_nodes(output, constants=False):
        total += 2 * node.size  # its value and its upstream
        if node.op is not None:
            total += sum(x.size for x in node.inputs if x.requires_grad)
        yield node, total


def _check_recorded_pass(program: Program, limits: Limits) -> None:
    """Refuse, before it runs, a recorded pass that would keep too much (at the node
    where the count passes the limit)."""
    if not program.output.requires_grad:
        return
    for node, total in recorded_pass_elements(program.output):
        if total > limits.max_pass_elements:
            span = program.spans.get(node.serial, Span(1, 1, 1, 2))
            raise ProgramError.at(
                "limit",
                f"the backward pass would keep {total:,} elements by here, more than the "
                f"limit of {limits.max_pass_elements:,}",
                span,
                "use large arrays fewer times: each use keeps a gradient of its size (the "
                "limit is set by CHAINRULE_MAX_PASS_ELEMENTS)",
            )


#: Python's parser reads at most this many nested brackets.
PYTHON_MAX_NESTING = 200


def _too_deep(limits: Limits, span: Span | None = None, by_python: bool = False) -> ProgramError:
    """The depth limit error; ``by_python`` when Python itself gave up first."""
    span = span or Span(1, 1, 1, 2)
    if by_python and limits.max_depth > PYTHON_MAX_NESTING:
        message = "this expression is nested more deeply than Python can read"
    else:
        message = f"this expression is nested too deeply (the limit is {limits.max_depth} levels)"
    return ProgramError.at(
        "limit",
        message,
        span,
        hint="split it into several statements (the limit is set by CHAINRULE_MAX_DEPTH)",
    )


# -- the source: what Python reads, and the way back to what was typed ---------------


class _Source:
    """The program as Python parses it, and the map back to the program as typed.

    The byte-order mark is dropped, CRLF and CR become LF (one line each), and
    a uniformly indented program loses the indentation of its first statement.
    ``removed[i]`` remembers how many characters line ``i + 1`` lost.
    """

    def __init__(self, typed: str):
        lines = typed_lines(typed)
        self.indent = _first_statement_indent(lines)
        n = len(self.indent)
        self.removed = [n if n and line.startswith(self.indent) else 0 for line in lines]
        self.lines = [line[cut:] for line, cut in zip(lines, self.removed, strict=True)]
        self.text = "\n".join(self.lines)

    def column(self, line: int, byte_offset: int) -> int:
        """The 1-based typed column of an ast byte offset (UTF-8) on a 1-based line."""
        if not 1 <= line <= len(self.lines):
            return byte_offset + 1
        text = self.lines[line - 1]
        chars = byte_offset if text.isascii() else len(text.encode()[:byte_offset].decode())
        return chars + self.removed[line - 1] + 1

    def span(self, node: ast.AST) -> Span:
        line = node.lineno
        col = self.column(line, node.col_offset)
        end_line = node.end_lineno or line
        if node.end_col_offset is None:
            return Span(line, col, line, col + 1)
        return Span(line, col, end_line, self.column(end_line, node.end_col_offset))

    def char_span(self, line: int, offset: int | None, length: int = 1) -> Span:
        """A span from a 1-based line and 1-based character offset (as SyntaxError gives)."""
        line = min(max(line, 1), len(self.lines))
        col = max(offset or 1, 1) + self.removed[line - 1]
        return Span(line, col, line, col + max(length, 1))

    def find(self, pattern: re.Pattern[str]) -> Span:
        """The typed span of the first match of a pattern, or line 1, col 1."""
        for number, text in enumerate(self.lines, start=1):
            match = pattern.search(text)
            if match:
                return self.char_span(number, match.start() + 1, len(match.group()))
        return Span(1, 1, 1, 2)

    def segment(self, node: ast.AST) -> str:
        """The node's source text on one line, for hints."""
        return " ".join((ast.get_source_segment(self.text, node) or "").split())

    def parse(self, limits: Limits) -> ast.Module:
        try:
            with warnings.catch_warnings():
                # `x is 1` and the like warn while parsing: never print to the user.
                warnings.simplefilter("ignore")
                tree = ast.parse(self.text, mode="exec")
        except SyntaxError as error:
            raise self._syntax_error(error, limits) from None
        except UnicodeEncodeError:
            raise ProgramError.at(
                "syntax",
                "the program contains an invalid character (a lone surrogate)",
                self.find(_SURROGATE),
                hint="delete the character and type it again",
            ) from None
        except (RecursionError, MemoryError):
            # Python's own parser gives up on very deep programs before we can count.
            raise _too_deep(limits, by_python=True) from None
        self._check_uniform_indent(tree)
        return tree

    def _syntax_error(self, error: SyntaxError, limits: Limits) -> ProgramError:
        message = str(error.msg)
        if message.startswith("Exceeds the limit"):
            return _long_integer(self.find(_LONG_INTEGER), message)
        if "null bytes" in message:
            return ProgramError.at(
                "syntax",
                "the program contains a null character",
                self.find(_NULL),
                hint="delete it; it was probably pasted by accident",
            )
        line = error.lineno or 1
        length = 1
        if error.end_lineno == line and error.end_offset and error.offset:
            length = error.end_offset - error.offset
        span = self.char_span(line, error.offset, length)
        if message == "too many nested parentheses":
            return _too_deep(limits, span, by_python=True)
        hint = _SYNTAX_HINTS.get(message.split(" (")[0])
        if message.startswith("invalid non-printable character U+00A0"):
            hint = "a non-breaking space was pasted: replace it with an ordinary space"
        return ProgramError.at("syntax", message, span, hint)

    def _check_uniform_indent(self, tree: ast.Module) -> None:
        """Every statement that starts a line must have lost the first statement's indent."""
        if not self.indent:
            return
        for statement in tree.body:
            if statement.col_offset == 0 and self.removed[statement.lineno - 1] == 0:
                raise ProgramError.at(
                    "syntax",
                    "this statement is not indented like the first one",
                    self.span(statement),
                    hint="start every statement in the same column",
                )


def _first_statement_indent(lines: list[str]) -> str:
    for line in lines:
        stripped = line.lstrip(" \t")
        if stripped and not stripped.startswith("#"):
            return line[: len(line) - len(stripped)]
    return ""


_SURROGATE = re.compile("[\ud800-\udfff]")
_NULL = re.compile("\x00")
# A decimal integer literal (not part of a name, a float or a hex literal).
_LONG_INTEGER = re.compile(rf"(?<![\w.])\d(?:_?\d){{{PYTHON_INT_MAX_DIGITS},}}(?![\w.])")

_SYNTAX_HINTS = {
    "unexpected indent": "start every statement in the same column",
    "unindent does not match any outer indentation level": (
        "start every statement in the same column"
    ),
    "unterminated string literal": "strings are not supported; # starts a comment",
    "unterminated triple-quoted string literal": "strings are not supported; # starts a comment",
}


def _long_integer(span: Span, detail: str = "") -> ProgramError:
    digits = re.search(r"value has (\d+) digits", detail)
    count = f"{int(digits.group(1)):,} digits" if digits else "too many digits"
    return ProgramError.at(
        "limit",
        f"this integer has {count}, more than the {PYTHON_INT_MAX_DIGITS:,} Python reads",
        span,
        hint="write it as a float in scientific notation, e.g. 1e4300 (which is inf)",
    )


def _check_tree(tree: ast.Module, source: _Source, limits: Limits) -> None:
    """Before any work: the nesting depth, and decimal literals too long for Python.

    Depth is the number of expression nodes on the deepest path, the innermost
    name or number included, counted without recursion.
    """
    stack: list[tuple[ast.AST, int, ast.AST]] = [(tree, 0, tree)]
    while stack:
        node, depth, outermost = stack.pop()
        if isinstance(node, ast.expr):
            depth += 1
            outermost = node if depth == 1 else outermost
            if depth > limits.max_depth:
                # Point at where the too-deep expression starts, not deep inside it.
                raise _too_deep(limits, source.span(outermost))
            if (
                isinstance(node, ast.Constant)
                and type(node.value) is int
                and node.value.bit_length() > 3 * PYTHON_INT_MAX_DIGITS
            ):
                # Only an interpreter with a raised limit gets here: apply the default.
                text = source.segment(node).replace("_", "")
                if text.isdigit() and len(text) > PYTHON_INT_MAX_DIGITS:
                    raise _long_integer(source.span(node), f"value has {len(text)} digits")
        stack.extend((child, depth, outermost) for child in ast.iter_child_nodes(node))


# -- the two tables: node types, and operators/functions -------------------------------

Value = np.ndarray | Tensor  # a constant (folded, never a node) or a graph tensor


@dataclass(frozen=True)
class Operation:
    """One operator or function of the language and the engine operation behind it.

    ``op`` names the registry entry (it also prefixes automatic labels);
    ``compute`` is the engine call (tensors in, tensor out) or, for a
    constructor, the numpy builder; ``read`` reads a call's arguments and
    returns its value; ``usage`` is shown in hints.
    """

    op: str
    usage: str
    compute: Callable[..., Any]
    read: Callable[[_Evaluator, ast.Call, str, Operation], Value] | None = None


# -- reading each family of calls --------------------------------------------------------


def _read_one(ev: _Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    (node,), _ = ev.arguments(call, name, 1, 1, "one array")
    return ev.apply(call, entry, [(ev.expression(node), node)])


def _read_two(ev: _Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    nodes, _ = ev.arguments(call, name, 2, 2, "two arrays")
    operands = [(ev.expression(node), node) for node in nodes]
    if name == "dot":
        shapes = [value.shape for value, _ in operands]
        if any(len(shape) > 2 for shape in shapes):
            raise ev.error(
                "shape",
                f"dot takes arrays of at most 2 axes, not shapes {shapes[0]} and {shapes[1]}",
                call,
                "use @ for more axes: a @ b multiplies stacks of matrices",
            )
    return ev.apply(call, entry, operands)


def _read_reduction(ev: _Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    ev.refuse_positional_axis(call, name)
    (node,), keywords = ev.arguments(call, name, 1, 1, "one array", ("axis", "keepdims"))
    axis = ev.axes(keywords.get("axis"))
    keepdims = ev.boolean(keywords.get("keepdims"), "keepdims")
    value = ev.expression(node)
    if name in ("max", "min") and math.prod(value.shape) == 0:
        raise ev.error(
            "shape",
            f"{name} of an array with no elements (shape {value.shape}) is undefined",
            call,
        )
    return ev.apply(call, entry, [(value, node)], axis=axis, keepdims=keepdims)


def _read_normaliser(ev: _Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    ev.refuse_positional_axis(call, name)
    (node,), keywords = ev.arguments(call, name, 1, 1, "one array", ("axis",))
    axis_node = keywords.get("axis")
    axis = -1 if axis_node is None else ev.integer(axis_node, "the axis")
    return ev.apply(call, entry, [(ev.expression(node), node)], axis=axis)


def _read_transpose(ev: _Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    ev.refuse_positional_axis(call, name, keyword="axes")
    (node,), keywords = ev.arguments(call, name, 1, 1, "one array", ("axes",))
    axes_node = keywords.get("axes")
    axes = None
    if axes_node is not None:
        if not isinstance(axes_node, ast.List):
            raise ev.error("argument", "axes must be a list of integers", axes_node, entry.usage)
        axes = [ev.integer(axis, "an axis") for axis in axes_node.elts]
    return ev.apply(call, entry, [(ev.expression(node), node)], axes=axes)


def _read_reshape(ev: _Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    nodes, _ = ev.arguments(call, name, 2, None, "an array and a shape")
    shape = ev.shape(nodes[1:], reshape=True)
    return ev.apply(call, entry, [(ev.expression(nodes[0]), nodes[0])], shape=shape)


def _read_join(ev: _Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    nodes, keywords = ev.arguments(call, name, 1, None, "two or more arrays", ("axis",))
    # One list argument is always the list of arrays: concat([[1, 2], [3, 4]]) joins two.
    items = nodes[0].elts if len(nodes) == 1 and isinstance(nodes[0], ast.List) else nodes
    for item in items:
        if _number_literal(item):
            number = ev.src.segment(item)
            raise ev.error(
                "argument",
                f"{name} joins arrays, and {number} is a number: an axis is given by keyword",
                item,
                f"write axis={number}",
            )
    if len(items) < 2:
        raise ev.error(
            "argument", f"{name} joins two or more arrays, but got {len(items)}", call, entry.usage
        )
    axis_node = keywords.get("axis")
    axis = 0 if axis_node is None else ev.integer(axis_node, "the axis")
    operands = [(ev.expression(item), item) for item in items]
    return ev.apply(call, entry, operands, axis=axis)


def _read_cross_entropy(ev: _Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    (logits_node, labels_node), _ = ev.arguments(call, name, 2, 2, "logits and labels")
    logits = ev.expression(logits_node)
    labels = ev.expression(labels_node)
    if isinstance(labels, Tensor):
        if labels.requires_grad:
            raise ev.error(
                "argument",
                "the labels of cross_entropy must be constant class indices, not values "
                "computed from variables",
                labels_node,
                "write them as integers, e.g. [0, 2, 1], or in a variable made of numbers only",
            )
        labels = np.asarray(labels.data)
    whole = np.isfinite(labels) & (labels == np.round(labels))
    if not np.all(whole):
        bad = labels[~whole].flat[0]
        raise ev.error(
            "argument",
            f"class labels must be integers, not {_number(float(bad))}",
            labels_node,
        )
    classes = logits.shape[-1] if len(logits.shape) else 0
    if (
        labels.size
        and len(logits.shape) in (1, 2)
        and (labels.min() < 0 or labels.max() >= classes)
    ):
        bad = labels[(labels < 0) | (labels >= classes)].flat[0]
        raise ev.error(
            "argument",
            f"label {int(bad)} is out of range for {classes} classes (0 to {classes - 1})",
            labels_node,
        )
    indices = labels.astype(np.intp)
    return ev.apply(call, entry, [(logits, logits_node)], labels=indices)


def _read_filled(ev: _Evaluator, call: ast.Call, name: str, entry: Operation) -> np.ndarray:
    keywords_allowed = ("value",) if name == "full" else ()
    nodes, keywords = ev.arguments(call, name, 0, None, "a shape", keywords_allowed)
    shape = ev.shape(nodes)
    params: dict[str, float] = {}
    if name == "full":
        if "value" not in keywords:
            raise ev.error("argument", "full needs value=", call, entry.usage)
        params["value"] = ev.number(keywords["value"], "value")
    ev.check_shape(shape, call, f"{name}(...)")
    return np.asarray(entry.compute(shape, **params), dtype=np.float64)


def _read_eye(ev: _Evaluator, call: ast.Call, name: str, entry: Operation) -> np.ndarray:
    nodes, _ = ev.arguments(call, name, 1, 2, "one or two sizes")
    sizes = []
    for node in nodes:
        size = ev.integer(node, "the size of eye")
        if size < 0:
            raise ev.error("argument", f"the size of eye cannot be negative, not {size}", node)
        sizes.append(size)
    n, m = sizes if len(sizes) == 2 else (sizes[0], sizes[0])
    ev.check_shape((n, m), call, "eye(...)")
    return entry.compute(n, m)


def _read_arange(ev: _Evaluator, call: ast.Call, name: str, entry: Operation) -> np.ndarray:
    nodes, _ = ev.arguments(call, name, 1, 3, "one to three numbers")
    numbers = [ev.number(node, "a bound of arange") for node in nodes]
    start, stop, step = (0.0, numbers[0], 1.0) if len(numbers) == 1 else (*numbers, 1.0)[:3]
    if step == 0:
        raise ev.error("argument", "the step of arange cannot be 0", nodes[2])
    count = (stop - start) / step
    if not math.isfinite(count):
        raise ev.error("limit", "arange(...) would have infinitely many elements", call)
    if count <= 0:
        # Built here: numpy sizes arange before it clamps, and refuses arange(-10**30).
        return np.zeros(0)
    ev.check_elements(math.ceil(count), call, "arange(...)")
    return entry.compute(start, stop, step)


def _read_linspace(ev: _Evaluator, call: ast.Call, name: str, entry: Operation) -> np.ndarray:
    nodes, _ = ev.arguments(call, name, 2, 3, "a start, a stop and a count")
    start = ev.number(nodes[0], "the start of linspace")
    stop = ev.number(nodes[1], "the stop of linspace")
    num = 50 if len(nodes) == 2 else ev.integer(nodes[2], "num")  # numpy's default
    if num < 0:
        raise ev.error("argument", f"num cannot be negative, not {num}", nodes[2])
    ev.check_elements(num, call, "linspace(...)")
    return entry.compute(start, stop, num)


def _read_random(ev: _Evaluator, call: ast.Call, name: str, entry: Operation) -> np.ndarray:
    nodes, keywords = ev.arguments(call, name, 0, None, "a shape", ("seed",))
    shape = ev.shape(nodes)
    seed = 0 if "seed" not in keywords else ev.integer(keywords["seed"], "the seed")
    if seed < 0:
        raise ev.error("argument", f"the seed cannot be negative, not {seed}", keywords["seed"])
    ev.check_shape(shape, call, f"{name}(...)")
    return np.asarray(entry.compute(shape, seed), dtype=np.float64)


def _elementwise(op: str, compute: Callable[[Tensor], Tensor]) -> Operation:
    return Operation(op, f"{op}(a)", compute, _read_one)


def _reduction(op: str, compute: Callable[..., Tensor]) -> Operation:
    return Operation(op, f"{op}(a, axis=None, keepdims=False)", compute, _read_reduction)


OPERATIONS: dict[type[ast.AST] | str, Operation] = {
    # operators
    ast.Add: Operation("add", "a + b", lambda a, b: a + b),
    ast.Sub: Operation("sub", "a - b", lambda a, b: a - b),
    ast.Mult: Operation("mul", "a * b", lambda a, b: a * b),
    ast.Div: Operation("div", "a / b", lambda a, b: a / b),
    ast.Pow: Operation("pow", "a ** b", lambda a, b: a**b),
    ast.MatMult: Operation("matmul", "a @ b", lambda a, b: a @ b),
    ast.USub: Operation("neg", "-a", lambda a: -a),
    ast.UAdd: Operation("pos", "+a", lambda a: a),  # +a is a itself: no node
    ast.Subscript: Operation(
        "index", "a[0], a[1:3], a[:, 0], a[[0, 2]]", lambda a, index: a[index]
    ),
    # elementwise
    "exp": _elementwise("exp", lambda a: a.exp()),
    "log": _elementwise("log", lambda a: a.log()),
    "sqrt": _elementwise("sqrt", lambda a: a.sqrt()),
    "abs": _elementwise("abs", lambda a: a.abs()),
    "tanh": _elementwise("tanh", lambda a: a.tanh()),
    "sigmoid": _elementwise("sigmoid", lambda a: a.sigmoid()),
    "relu": _elementwise("relu", lambda a: a.relu()),
    "sin": _elementwise("sin", lambda a: a.sin()),
    "cos": _elementwise("cos", lambda a: a.cos()),
    "maximum": Operation("maximum", "maximum(a, b)", maximum, _read_two),
    "minimum": Operation("minimum", "minimum(a, b)", minimum, _read_two),
    "dot": Operation("dot", "dot(a, b)", dot, _read_two),
    # reductions and normalisers
    "sum": _reduction("sum", lambda a, axis, keepdims: a.sum(axis=axis, keepdims=keepdims)),
    "mean": _reduction("mean", lambda a, axis, keepdims: a.mean(axis=axis, keepdims=keepdims)),
    "max": _reduction("max", lambda a, axis, keepdims: a.max(axis=axis, keepdims=keepdims)),
    "min": _reduction("min", lambda a, axis, keepdims: a.min(axis=axis, keepdims=keepdims)),
    "logsumexp": _reduction(
        "logsumexp", lambda a, axis, keepdims: a.logsumexp(axis=axis, keepdims=keepdims)
    ),
    "softmax": Operation(
        "softmax", "softmax(a, axis=-1)", lambda a, axis: a.softmax(axis), _read_normaliser
    ),
    "log_softmax": Operation(
        "log_softmax",
        "log_softmax(a, axis=-1)",
        lambda a, axis: a.log_softmax(axis),
        _read_normaliser,
    ),
    # shape
    "transpose": Operation(
        "transpose",
        "transpose(a) or transpose(a, axes=[1, 0])",
        lambda a, axes: a.transpose(axes),
        _read_transpose,
    ),
    "reshape": Operation(
        "reshape",
        "reshape(a, 2, 3) or reshape(a, [2, 3])",
        lambda a, shape: a.reshape(shape),
        _read_reshape,
    ),
    "concat": Operation(
        "concat",
        "concat(a, b, axis=0) or concat([a, b], axis=0)",
        lambda *arrays, axis: concat(arrays, axis=axis),
        _read_join,
    ),
    "stack": Operation(
        "stack",
        "stack(a, b, axis=0) or stack([a, b], axis=0)",
        lambda *arrays, axis: stack(arrays, axis=axis),
        _read_join,
    ),
    # losses
    "mse": Operation("mse", "mse(pred, target)", mse, _read_two),
    "cross_entropy": Operation(
        "cross_entropy",
        "cross_entropy(logits, labels)",
        lambda logits, labels: cross_entropy(logits, labels),
        _read_cross_entropy,
    ),
    # constructors: constants, never nodes
    "zeros": Operation("zeros", "zeros(2, 3)", lambda shape: np.zeros(shape), _read_filled),
    "ones": Operation("ones", "ones(2, 3)", lambda shape: np.ones(shape), _read_filled),
    "full": Operation(
        "full", "full(2, 3, value=0.5)", lambda shape, value: np.full(shape, value), _read_filled
    ),
    "eye": Operation("eye", "eye(n) or eye(n, m)", lambda n, m: np.eye(n, m), _read_eye),
    "arange": Operation(
        "arange",
        "arange(stop) or arange(start, stop, step)",
        lambda start, stop, step: np.arange(start, stop, step, dtype=np.float64),
        _read_arange,
    ),
    "linspace": Operation(
        "linspace",
        "linspace(start, stop, num)",
        lambda start, stop, num: np.linspace(start, stop, num),
        _read_linspace,
    ),
    "randn": Operation(
        "randn",
        "randn(2, 3, seed=0)",
        lambda shape, seed: np.random.default_rng(seed).standard_normal(shape),
        _read_random,
    ),
    "rand": Operation(
        "rand",
        "rand(2, 3, seed=0)",
        lambda shape, seed: np.random.default_rng(seed).random(shape),
        _read_random,
    ),
}

#: The function names a program may call (and may not assign).
FUNCTION_NAMES = tuple(key for key in OPERATIONS if isinstance(key, str))

#: The predefined constants; a program may assign each of these names once.
CONSTANTS = {"pi": np.pi, "e": np.e}

_OPERATOR_SYMBOLS = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.BitAnd: "&",
    ast.Invert: "~",
    ast.Not: "not",
}
_OPERATOR_HINTS = {
    ast.BitXor: "for a power write a ** b",
    ast.FloorDiv: "write a / b (all numbers are floats)",
}

#: Valid Python refused on purpose: what to call it, and what to do instead.
_REFUSED: dict[type[ast.AST], tuple[str, str | None]] = {
    ast.Import: ("import", "the functions are built in, e.g. exp(x), sum(x)"),
    ast.ImportFrom: ("import", "the functions are built in, e.g. exp(x), sum(x)"),
    ast.FunctionDef: ("def", "write each step as its own statement: h = tanh(x)"),
    ast.AsyncFunctionDef: ("def", None),
    ast.ClassDef: ("class", None),
    ast.Return: ("return", "the last statement is the output"),
    ast.Delete: ("del", None),
    ast.AnnAssign: ("an annotation", "write name = expression"),
    ast.For: ("a for loop", "write each step as its own statement"),
    ast.AsyncFor: ("a for loop", None),
    ast.While: ("a while loop", None),
    ast.If: ("an if statement", "use maximum/minimum or relu for choices between values"),
    ast.With: ("with", None),
    ast.AsyncWith: ("with", None),
    ast.Match: ("match", None),
    ast.Raise: ("raise", None),
    ast.Try: ("try", None),
    ast.TryStar: ("try", None),
    ast.Assert: ("assert", None),
    ast.Global: ("global", None),
    ast.Nonlocal: ("nonlocal", None),
    ast.Pass: ("pass", None),
    ast.Break: ("break", None),
    ast.Continue: ("continue", None),
    ast.BoolOp: ("and/or", None),
    ast.NamedExpr: ("the walrus operator :=", "write name = expression as its own statement"),
    ast.Lambda: ("lambda", None),
    ast.IfExp: ("a conditional expression (a if c else b)", "use maximum/minimum or relu"),
    ast.Dict: ("a dictionary", None),
    ast.Set: ("a set", "write a list: [1, 2]"),
    ast.ListComp: ("a list comprehension", "write the list out, or use arange/linspace"),
    ast.SetComp: ("a set comprehension", None),
    ast.DictComp: ("a dictionary comprehension", None),
    ast.GeneratorExp: ("a generator expression", None),
    ast.Await: ("await", None),
    ast.Yield: ("yield", None),
    ast.YieldFrom: ("yield", None),
    ast.Compare: ("a comparison", "use maximum/minimum or relu for choices between values"),
    ast.JoinedStr: ("an f-string", "strings are not supported; # starts a comment"),
    ast.FormattedValue: ("an f-string", None),
    ast.Starred: ("a starred expression (*a)", "pass each array on its own"),
    ast.Tuple: ("a tuple", "write a list: [1, 2]"),
    ast.Slice: ("a slice outside an index", None),
}


# -- the evaluator ------------------------------------------------------------------


class _Evaluator:
    """Walks the statements in order, building constants, leaves and nodes."""

    def __init__(
        self,
        typed: str,
        source: _Source,
        tree: ast.Module,
        limits: Limits,
        seconds: float | None = None,
    ):
        self.typed = typed
        self.src = source
        self.tree = tree
        self.limits = limits
        self.seconds = seconds  # the run's time budget, named in its message
        self.variables: dict[str, Tensor] = {}
        self.assigned_on: dict[str, int] = {}  # name -> line of its assignment
        self.leaves: dict[str, Tensor] = {}
        self.spans: dict[int, Span] = {}
        self.n_ops = 0
        self.labels_made = 0  # the per-program counter of automatic labels
        self.pending: list[tuple[Tensor, str]] = []  # tensors of this statement, to name
        self.labels = _label_variables(tree)
        self.first_assignment = _first_assignments(tree)
        self.bare_output = isinstance(tree.body[-1], ast.Expr)
        self.is_last = False

    def run(self) -> Program:
        body = self.tree.body
        for index, statement in enumerate(body):
            self.is_last = index == len(body) - 1
            self.visit(statement)
        output_name = "out" if self.bare_output else body[-1].targets[0].id
        output = self.variables[output_name]
        return Program(
            source=self.typed,
            output=output,
            output_name=output_name,
            variables=self.variables,
            leaves=self.leaves,
            labels={name for name in self.labels if name in self.variables},
            spans=self.spans,
            seeded_with_ones=output.shape != (),
            n_ops=self.n_ops,
        )

    # -- dispatch ------------------------------------------------------------------
    def visit(self, node: ast.AST) -> Any:
        handler = _HANDLERS.get(type(node))
        if handler is None:
            raise self.refused(node)
        return handler(self, node)

    def refused(self, node: ast.AST) -> ProgramError:
        if isinstance(node, ast.AugAssign):
            symbol = _symbol(node.op)
            return self.error(
                "unsupported",
                f"augmented assignment {symbol}= is not supported",
                node,
                "a name is assigned once: write a new name, e.g. x2 = x + 1",
            )
        what, hint = _REFUSED.get(type(node), (type(node).__name__, None))
        return self.error("unsupported", f"{what} is not supported", node, hint)

    def error(self, kind: str, message: str, node: ast.AST, hint: str | None = None):
        return ProgramError.at(kind, message, self.src.span(node), hint)

    # -- statements -------------------------------------------------------------------
    def assign(self, statement: ast.Assign) -> None:
        if len(statement.targets) > 1:
            raise self.error(
                "unsupported",
                "chained assignment (a = b = ...) is not supported",
                statement.targets[1],
                "assign one name per statement",
            )
        target = statement.targets[0]
        if not isinstance(target, ast.Name):
            raise self.bad_target(target)
        name = target.id
        self.check_new_name(name, target)
        value = self.expression(statement.value)
        self.bind(name, value, statement.value, target)

    def bad_target(self, target: ast.expr) -> ProgramError:
        if isinstance(target, ast.Tuple | ast.List | ast.Starred):
            return self.error(
                "unsupported",
                "unpacking is not supported",
                target,
                "assign one name per statement",
            )
        if isinstance(target, ast.Subscript):
            return self.error(
                "unsupported",
                "assigning to part of an array is not supported",
                target,
                "arrays do not change once made: build a new one, e.g. with concat",
            )
        if isinstance(target, ast.Attribute):
            return self.error("unsupported", "assigning to an attribute is not supported", target)
        return self.refused(target)

    def check_new_name(self, name: str, target: ast.Name) -> None:
        if name in OPERATIONS:
            raise self.error(
                "name",
                f"`{name}` is a function and cannot be assigned",
                target,
                f"choose another name, e.g. {name}_value",
            )
        if name in self.variables:
            raise self.error(
                "name",
                f"`{name}` is already assigned on line {self.assigned_on[name]}",
                target,
                f"a name is assigned once: choose a new name, e.g. {name}2",
            )
        if name == "out" and self.bare_output:
            raise self.error(
                "name",
                "`out` is the name of the bare last expression, so it cannot also be assigned",
                target,
                "rename this variable, or assign the last expression to a name",
            )

    def bare_expression(self, statement: ast.Expr) -> None:
        if not self.is_last:
            raise self.error(
                "unsupported",
                "a bare expression is only allowed as the last statement",
                statement.value,
                "assign it to a name, e.g. h = ...",
            )
        value = self.expression(statement.value)
        self.bind("out", value, statement.value, statement.value)

    def bind(self, name: str, value: Value, node: ast.expr, target: ast.expr) -> None:
        if isinstance(value, np.ndarray):
            # A leaf: its right side refers to no variable, so it is one constant array.
            is_label = name in self.labels
            tensor = Tensor(value, name=name, requires_grad=not is_label)
            self.spans[tensor.serial] = self.src.span(node)
            if not is_label:
                self.leaves[name] = tensor
        else:
            tensor = value
            if tensor.op is None and tensor.requires_grad:
                # `y = x` names the same leaf again (no new node): see the reference.
                self.leaves[name] = tensor
        self.name_pending(tensor, name)
        self.variables[name] = tensor
        self.assigned_on[name] = self.src.span(target).line

    def name_pending(self, top: Tensor, name: str) -> None:
        """The statement's top node takes the variable's name; the others get `op#k`."""
        for tensor, label in sorted(self.pending, key=lambda item: item[0].serial):
            if tensor is top:
                tensor.name = name
            else:
                self.labels_made += 1
                tensor.name = f"{label}#{self.labels_made}"
        self.pending.clear()

    # -- expressions ----------------------------------------------------------------------
    def expression(self, node: ast.expr) -> Value:
        if not isinstance(node, ast.expr):
            raise self.refused(node)
        return self.visit(node)

    def constant(self, node: ast.Constant) -> np.ndarray:
        value = node.value
        if isinstance(value, bool):
            raise self.error(
                "unsupported", "True and False are only allowed as the value of keepdims", node
            )
        if isinstance(value, int):
            return _float(value)
        if isinstance(value, float):
            return np.array(value)
        if value is None:
            raise self.error(
                "unsupported",
                "None is not supported",
                node,
                "leave the argument out to get its default",
            )
        if value is Ellipsis:
            raise self.error(
                "unsupported", "... is only allowed inside an index, like a[..., 0]", node
            )
        if isinstance(value, complex):
            raise self.error("unsupported", "complex numbers are not supported", node)
        raise self.error(
            "unsupported",
            "strings are not supported",
            node,
            "a program holds numbers and arrays only; # starts a comment",
        )

    def name(self, node: ast.Name) -> Value:
        if node.id in self.variables:
            return self.variables[node.id]
        if node.id in CONSTANTS:
            return np.array(CONSTANTS[node.id])
        raise self.unknown_name(node)

    def unknown_name(self, node: ast.Name) -> ProgramError:
        name = node.id
        if name in OPERATIONS:
            return self.error(
                "unknown-name",
                f"`{name}` is a function, not a value",
                node,
                f"call it: {OPERATIONS[name].usage}",
            )
        if name in self.first_assignment:
            line = self.first_assignment[name]
            return self.error(
                "unknown-name",
                f"`{name}` is used before it is assigned (on line {line})",
                node,
                "assign a name before using it",
            )
        known = [*self.variables, *(c for c in CONSTANTS if c not in self.variables)]
        close = _suggest(name, known, cutoff=0.5)  # lenient: names are often short (x1, x2)
        lookalike = _lookalike_hint(name, known)
        if lookalike:
            hint = lookalike
        elif close:
            hint = f"did you mean `{close}`?"
        elif self.variables:
            hint = "the names assigned so far are " + ", ".join(list(self.variables)[:12])
        else:
            hint = "assign a name before using it, e.g. x = [1.0, 2.0]"
        return self.error("unknown-name", f"unknown name `{name}`", node, hint)

    def list_literal(self, node: ast.List) -> np.ndarray:
        items: list[tuple[np.ndarray, ast.expr]] = []
        for element in node.elts:
            value = self.expression(element)
            if isinstance(value, Tensor):
                raise self.error(
                    "unsupported",
                    "a list can only hold numbers and constants, not values of variables",
                    element,
                    "to build an array from variables use stack(a, b) or concat(a, b)",
                )
            items.append((value, element))
        if not items:
            return np.zeros(0)
        first = items[0][0].shape
        for value, element in items[1:]:
            if value.shape != first:
                raise self.error(
                    "shape",
                    f"ragged list: this item has shape {value.shape} but the first has "
                    f"shape {first}",
                    element,
                    "every row of a list must have the same length",
                )
        self.check_shape((len(items), *first), node, "this list")
        return np.stack([value for value, _ in items]).astype(np.float64)

    def binary(self, node: ast.BinOp) -> Value:
        entry = OPERATIONS.get(type(node.op))
        if entry is None:
            raise self.error(
                "unsupported",
                f"the operator {_symbol(node.op)} is not supported",
                node,
                _OPERATOR_HINTS.get(type(node.op)),
            )
        left = self.expression(node.left)
        right = self.expression(node.right)
        return self.apply(node, entry, [(left, node.left), (right, node.right)])

    def unary(self, node: ast.UnaryOp) -> Value:
        entry = OPERATIONS.get(type(node.op))
        if entry is None:
            raise self.error(
                "unsupported", f"the operator {_symbol(node.op)} is not supported", node
            )
        operand = self.expression(node.operand)
        if isinstance(node.op, ast.UAdd):
            return operand  # +a is a: no node
        return self.apply(node, entry, [(operand, node.operand)])

    def attribute(self, node: ast.Attribute) -> Value:
        # The only attribute is .T; the name is compared, never looked up.
        if node.attr != "T":
            hint = None
            if node.attr in FUNCTION_NAMES:
                hint = f"write {node.attr}({self.src.segment(node.value)})"
            raise self.error(
                "unsupported", f"attribute .{node.attr} is not supported: only .T", node, hint
            )
        value = self.expression(node.value)
        entry = OPERATIONS["transpose"]
        return self.apply(node, entry, [(value, node.value)], axes=None)

    def call(self, node: ast.Call) -> Value:
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr == "T":
                raise self.error(
                    "unsupported",
                    ".T is not a function",
                    node,
                    f"write {self.src.segment(func)} without the parentheses",
                )
            return self.attribute(func)  # refuses every attribute but .T
        if not isinstance(func, ast.Name):
            raise self.error(
                "unsupported",
                "only a function can be called, by its name, like exp(x)",
                func,
                "to multiply, write the * sign: 2 * (x + 1)",
            )
        entry = OPERATIONS.get(func.id)
        if entry is None:
            raise self.unknown_function(func)
        for argument in node.args:
            if isinstance(argument, ast.Starred):
                raise self.error(
                    "unsupported",
                    "starred arguments (*a) are not supported",
                    argument,
                    "pass each array on its own",
                )
        for keyword in node.keywords:
            if keyword.arg is None:
                raise self.error(
                    "unsupported", "** arguments are not supported", keyword, entry.usage
                )
        return entry.read(self, node, func.id, entry)

    def unknown_function(self, func: ast.Name) -> ProgramError:
        name = func.id
        listing = "the functions are " + ", ".join(FUNCTION_NAMES)
        if name in self.variables or name in CONSTANTS:
            return self.error(
                "unknown-function",
                f"`{name}` is a {'variable' if name in self.variables else 'constant'}, "
                "not a function",
                func,
                f"to multiply, write the * sign: {name} * (...)",
            )
        close = _suggest(name, FUNCTION_NAMES, cutoff=0.7)
        hint = f"did you mean `{close}`? {listing[0].upper()}{listing[1:]}" if close else listing
        hint = _lookalike_hint(name, FUNCTION_NAMES) or hint
        return self.error("unknown-function", f"unknown function `{name}`", func, hint)

    def subscript(self, node: ast.Subscript) -> Value:
        value = self.expression(node.value)
        index = node.slice
        items = index.elts if isinstance(index, ast.Tuple) else [index]
        parts: list[Any] = []
        lists = ellipses = 0
        for item in items:
            part = self.index_part(item)
            if isinstance(part, list):
                lists += 1
                if lists > 1:
                    raise self.error(
                        "unsupported",
                        "only one integer list is allowed in an index",
                        item,
                        "index one axis at a time: a[[0, 2]][:, [1, 3]]",
                    )
            if part is Ellipsis:
                ellipses += 1
                if ellipses > 1:
                    raise self.error("argument", "an index may contain at most one ...", item)
            parts.append(part)
        key = tuple(parts) if isinstance(index, ast.Tuple) else parts[0]
        entry = OPERATIONS[ast.Subscript]
        return self.apply(node, entry, [(value, node.value)], index=key, fault=index)

    def index_part(self, item: ast.expr) -> Any:
        if isinstance(item, ast.Slice):
            bounds = [
                None if bound is None else self.integer(bound, "a slice bound")
                for bound in (item.lower, item.upper, item.step)
            ]
            if bounds[2] == 0:
                raise self.error("argument", "a slice step cannot be 0", item.step)
            return slice(*bounds)
        if isinstance(item, ast.Constant) and item.value is Ellipsis:
            return Ellipsis
        if isinstance(item, ast.Constant) and item.value is None:
            raise self.error(
                "unsupported",
                "None (a new axis) is not supported in an index",
                item,
                "use reshape to add an axis",
            )
        if isinstance(item, ast.List):
            return [self.integer(entry, "an index") for entry in item.elts]
        exact = _int_literal(item)
        if exact is not None:
            return exact
        value = self.constant_value(item, "an index")
        if value.ndim == 0:
            return self.integral(float(value), item, "an index")
        if value.ndim == 1:
            return [self.integral(float(v), item, "an index") for v in value]
        raise self.error(
            "argument",
            f"an index must be an integer or a flat list, not an array of shape {value.shape}",
            item,
        )

    # -- applying operations --------------------------------------------------------------
    def apply(
        self,
        node: ast.expr,
        entry: Operation,
        operands: list[tuple[Value, ast.expr]],
        fault: ast.expr | None = None,
        **params: Any,
    ) -> Value:
        """Run one engine operation: folded if every operand is constant, else a node.

        Engine errors become ProgramErrors at ``fault`` (default: the node).
        """
        constant = all(isinstance(value, np.ndarray) for value, _ in operands)
        if constant:
            tensors = [Tensor(value, requires_grad=False) for value, _ in operands]
            result = self.engine(entry, tensors, params, fault or node)
            return np.asarray(result.data, dtype=np.float64)
        if self.n_ops >= self.limits.max_ops:
            raise self.error(
                "limit",
                f"the graph would have more than {self.limits.max_ops:,} operation nodes",
                node,
                "compute less in one program (the limit is set by CHAINRULE_MAX_OPS)",
            )
        tensors = [self.as_tensor(value, operand) for value, operand in operands]
        result = self.engine(entry, tensors, params, fault or node)
        self.register(result, node, entry.op)
        return result

    def engine(self, entry: Operation, tensors: list[Tensor], params: dict, fault: ast.expr):
        try:
            return entry.compute(*tensors, **params)
        except ShapeError as error:
            raise self.error("shape", error.message, fault) from None
        except LimitError as error:
            raise self.limit_error(error, fault) from None
        except (ArgumentError, EngineError) as error:
            raise self.error("argument", error.message, fault) from None

    def as_tensor(self, value: Value, node: ast.expr) -> Tensor:
        if isinstance(value, Tensor):
            return value
        tensor = Tensor(value, requires_grad=False)  # a constant input: no gradient
        self.spans[tensor.serial] = self.src.span(node)
        self.pending.append((tensor, "const"))
        return tensor

    def register(self, result: Tensor, node: ast.expr, label: str) -> None:
        """Give every tensor the engine just made a span and a place in the naming queue."""
        stack = [result]
        while stack:
            tensor = stack.pop()
            if tensor.serial in self.spans:
                continue
            self.spans[tensor.serial] = self.src.span(node)
            self.pending.append((tensor, tensor.op.name if tensor.op is not None else label))
            if tensor.op is not None:
                self.n_ops += 1
            stack.extend(tensor.inputs)

    # -- arguments -----------------------------------------------------------------------------
    def arguments(
        self,
        call: ast.Call,
        name: str,
        fewest: int,
        most: int | None,
        what: str,
        keywords: tuple[str, ...] = (),
    ) -> tuple[list[ast.expr], dict[str, ast.expr]]:
        """The positional arguments (checked in number) and the allowed keywords."""
        usage = OPERATIONS[name].usage
        given: dict[str, ast.expr] = {}
        for keyword in call.keywords:
            if keyword.arg not in keywords:
                allowed = (
                    f"its keywords are {', '.join(keywords)}"
                    if keywords
                    else f"it takes no keywords: {usage}"
                )
                raise self.error(
                    "argument", f"{name} has no keyword `{keyword.arg}`", keyword, allowed
                )
            given[keyword.arg] = keyword.value
        count = len(call.args)
        if count < fewest:
            raise self.error(
                "argument", f"{name} needs {what}, but got {count} arguments", call, usage
            )
        if most is not None and count > most:
            raise self.error(
                "argument",
                f"{name} takes {what}, but got {count} arguments",
                call.args[most],
                usage,
            )
        return call.args, given

    def refuse_positional_axis(self, call: ast.Call, name: str, keyword: str = "axis") -> None:
        """``sum(x, 0)`` reads like numpy's positional axis; we ask for ``axis=0``."""
        if len(call.args) < 2:
            return
        first, extra = self.src.segment(call.args[0]), call.args[1]
        axis = self.src.segment(extra)
        if keyword == "axes":
            rest = call.args[1:]
            written = axis if len(rest) == 1 else "[" + ", ".join(map(self.src.segment, rest)) + "]"
            hint = f"write axes={written}"
        elif name == "max":
            hint = (
                f"max({first}, {axis}) is not relu: use maximum({first}, {axis}) elementwise, "
                f"or max({first}, axis={axis})"
            )
        elif name == "min":
            hint = (
                f"min({first}, {axis}) is not elementwise: use minimum({first}, {axis}) "
                f"elementwise, or min({first}, axis={axis})"
            )
        else:
            hint = f"write {keyword}={axis}"
        raise self.error("argument", f"{name} takes its {keyword} only as a keyword", extra, hint)

    def constant_value(self, node: ast.expr, what: str) -> np.ndarray:
        """A constant expression's value; a variable in it is an error at the variable."""
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name) and inner.id in self.variables:
                raise self.error(
                    "argument",
                    f"{what} must be a constant, not the variable `{inner.id}`",
                    inner,
                    "write the number itself",
                )
        value = self.expression(node)
        assert isinstance(value, np.ndarray)  # no variable, so nothing but constants
        return value

    def integer(self, node: ast.expr, what: str) -> int:
        """An integer argument: a constant expression with an integer value (2, 2*3, 4/2)."""
        exact = _int_literal(node)  # a plain literal keeps every digit (seeds)
        if exact is not None:
            return exact
        value = self.constant_value(node, what)
        if value.ndim != 0:
            raise self.error(
                "argument", f"{what} must be one integer, not an array of shape {value.shape}", node
            )
        return self.integral(float(value), node, what)

    def integral(self, number: float, node: ast.expr, what: str) -> int:
        if not number.is_integer():  # also refuses inf and nan
            raise self.error("argument", f"{what} must be an integer, not {_number(number)}", node)
        return int(number)

    def number(self, node: ast.expr, what: str) -> float:
        value = self.constant_value(node, what)
        if value.ndim != 0 or not np.isfinite(value):
            shown = f"an array of shape {value.shape}" if value.ndim else _number(float(value))
            raise self.error("argument", f"{what} must be one finite number, not {shown}", node)
        return float(value)

    def boolean(self, node: ast.expr | None, what: str) -> bool:
        if node is None:
            return False
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return node.value
        raise self.error("argument", f"{what} must be True or False", node)

    def axes(self, node: ast.expr | None) -> int | tuple[int, ...] | None:
        if node is None:
            return None
        if isinstance(node, ast.List):
            return tuple(self.integer(entry, "an axis") for entry in node.elts)
        return self.integer(node, "the axis")

    def shape(self, nodes: list[ast.expr], reshape: bool = False) -> tuple[int, ...]:
        """Separate integers or one list: ``zeros(2, 3)`` or ``zeros([2, 3])``."""
        if len(nodes) == 1 and isinstance(nodes[0], ast.List):
            nodes = nodes[0].elts
        dims = []
        for node in nodes:
            dim = self.integer(node, "a shape entry")
            if dim < 0 and not (reshape and dim == -1):
                raise self.error("argument", f"a shape entry cannot be negative, not {dim}", node)
            dims.append(dim)
        return tuple(dims)

    def check_shape(self, shape: tuple[int, ...], node: ast.expr, what: str) -> None:
        """A constructor's shape, before it is built: its elements, and its extent when empty.

        numpy refuses ``zeros((2**62, 0))`` although it has no elements, so the
        non-zero axes of an empty shape are held to the element limit too.
        """
        self.check_elements(math.prod(shape), node, what)
        if math.prod(shape) == 0 and extent(shape) > self.limits.max_elements:
            raise self.error(
                "limit",
                f"{what} would have no elements {shape}, but its other axes multiply to "
                f"{extent(shape):,}, more than the limit of {self.limits.max_elements:,}",
                node,
                _ELEMENTS_HINT,
            )

    def check_elements(self, elements: int, node: ast.expr, what: str) -> None:
        if elements > self.limits.max_elements:
            raise self.error(
                "limit",
                f"{what} would have {elements:,} elements, more than the limit of "
                f"{self.limits.max_elements:,}",
                node,
                "work with smaller arrays (the limit is set by CHAINRULE_MAX_ELEMENTS)",
            )
        try:
            charge(elements, what)
        except LimitError as error:
            raise self.limit_error(error, node) from None

    def limit_error(self, error: LimitError, node: ast.expr) -> ProgramError:
        """A limit the engine reported, at ``node``, with the variable that sets it."""
        if error.limit == "seconds":
            return self.error("limit", out_of_time_message(self.seconds), node, RUN_TIME_HINT)
        hint = _TOTAL_HINT if error.limit == "total_elements" else _ELEMENTS_HINT
        return self.error("limit", error.message, node, hint)


def out_of_time_message(seconds: float | None, backward: bool = False) -> str:
    """The message of a run stopped by its time budget (``engine.views.budget``).

    >>> out_of_time_message(10.0)
    'the program took more than 10 seconds to run and was stopped here'
    """
    what = "the backward pass" if backward else "the program"
    return f"{what} took more than {seconds or 0:g} seconds to run and was stopped here"


#: The hint of a run stopped by its time budget.
RUN_TIME_HINT = "compute less in one program (the time limit is set by CHAINRULE_RUN_SECONDS)"
_ELEMENTS_HINT = "work with smaller arrays (the limit is set by CHAINRULE_MAX_ELEMENTS)"
_TOTAL_HINT = "use fewer or smaller arrays (the limit is set by CHAINRULE_MAX_TOTAL_ELEMENTS)"


#: THE dispatch table: every node type a program may contain, and its handler.
_HANDLERS: dict[type[ast.AST], Callable[[_Evaluator, Any], Any]] = {
    ast.Assign: _Evaluator.assign,
    ast.Expr: _Evaluator.bare_expression,
    ast.Constant: _Evaluator.constant,
    ast.Name: _Evaluator.name,
    ast.List: _Evaluator.list_literal,
    ast.BinOp: _Evaluator.binary,
    ast.UnaryOp: _Evaluator.unary,
    ast.Call: _Evaluator.call,
    ast.Attribute: _Evaluator.attribute,
    ast.Subscript: _Evaluator.subscript,
}


# -- small helpers -----------------------------------------------------------------------


def _suggest(name: str, candidates: Iterable[str], cutoff: float) -> str | None:
    """The closest candidate (ignoring case), for "did you mean …?" hints."""
    by_lower = {candidate.lower(): candidate for candidate in candidates}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=cutoff)
    return by_lower[close[0]] if close else None


def _float(value: int) -> np.ndarray:
    """An integer literal as float64; beyond float range it is inf, as numpy would say."""
    try:
        return np.array(float(value))
    except OverflowError:
        return np.array(math.inf if value > 0 else -math.inf)


def _int_literal(node: ast.expr) -> int | None:
    """The exact value of ``3`` or ``-3`` written as an integer literal, else None."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return sign * node.value
    return None


def _number_literal(node: ast.expr) -> bool:
    """``2``, ``-1``, ``+0.5``: a numeric literal, signed or not."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def _number(value: float) -> str:
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _symbol(op: ast.AST) -> str:
    symbols = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
    symbols[ast.MatMult] = "@"
    return symbols.get(type(op)) or _OPERATOR_SYMBOLS.get(type(op), type(op).__name__)


def _label_variables(tree: ast.Module) -> set[str]:
    """Names passed as the labels of cross_entropy (and names they alias): constants."""
    labels = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "cross_entropy"
            and len(node.args) == 2
            and isinstance(node.args[1], ast.Name)
        ):
            labels.add(node.args[1].id)
    aliases = {
        statement.targets[0].id: statement.value.id
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
        and isinstance(statement.value, ast.Name)
    }
    frontier = list(labels)
    while frontier:
        source = aliases.get(frontier.pop())
        if source is not None and source not in labels:
            labels.add(source)
            frontier.append(source)
    return labels


def _first_assignments(tree: ast.Module) -> dict[str, int]:
    """The line where each name is first assigned, for "used before it is assigned"."""
    lines: dict[str, int] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    lines.setdefault(target.id, target.lineno)
    return lines
