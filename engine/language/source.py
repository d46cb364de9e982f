"""The program as Python reads it, and the way back to the program as typed.

:class:`Source` parses the text (after the byte-order mark, line ends and a uniform
indent are dealt with) and turns Python's positions and syntax errors into spans of
the program as typed; :func:`check_tree` and the scans below read the tree before
any work is done.
"""

from __future__ import annotations

import ast
import re
import warnings

from engine.i18n import Message
from engine.language.errors import ProgramError, Span, typed_lines
from engine.language.limits import PYTHON_INT_MAX_DIGITS, Limits, too_deep

#: A node Python gives a position: a statement, an expression, a keyword argument.
Located = ast.stmt | ast.expr | ast.keyword


class Source:
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

    def span(self, node: Located) -> Span:
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
                Message("language.program.surrogate"),
                self.find(_SURROGATE),
                Message("language.hint.retype"),
            ) from None
        except (RecursionError, MemoryError):
            # Python's own parser gives up on very deep programs before we can count.
            raise too_deep(limits, by_python=True) from None
        self._check_uniform_indent(tree)
        return tree

    def _syntax_error(self, error: SyntaxError, limits: Limits) -> ProgramError:
        message = str(error.msg)
        if message.startswith("Exceeds the limit"):
            return _long_integer(self.find(_LONG_INTEGER), message)
        if "null bytes" in message:
            return ProgramError.at(
                "syntax",
                Message("language.program.null"),
                self.find(_NULL),
                Message("language.hint.pasted"),
            )
        line = error.lineno or 1
        length = 1
        if error.end_lineno == line and error.end_offset and error.offset:
            length = error.end_offset - error.offset
        span = self.char_span(line, error.offset, length)
        if message == "too many nested parentheses":
            return too_deep(limits, span, by_python=True)
        hint = _SYNTAX_HINTS.get(message.split(" (")[0])
        if message.startswith("invalid non-printable character U+00A0"):
            hint = Message("language.hint.nbsp")
        return ProgramError.at("syntax", python_message(message), span, hint)

    def _check_uniform_indent(self, tree: ast.Module) -> None:
        """Every statement that starts a line must have lost the first statement's indent."""
        if not self.indent:
            return
        for statement in tree.body:
            if statement.col_offset == 0 and self.removed[statement.lineno - 1] == 0:
                raise ProgramError.at(
                    "syntax",
                    Message("language.program.uneven_indent"),
                    self.span(statement),
                    Message("language.hint.same_column"),
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
    "unexpected indent": Message("language.hint.same_column"),
    "unindent does not match any outer indentation level": Message("language.hint.same_column"),
    "unterminated string literal": Message("language.hint.comment"),
    "unterminated triple-quoted string literal": Message("language.hint.comment"),
}

#: Python's own syntax errors that the language knows, in Python's words, each with its
#: key (``language.python.*``); the first whose pattern matches the whole message wins.
#: Python's messages are many and change between versions: any other is shown as Python
#: says it (``language.python_says``, with a lead-in in Chinese).
_PYTHON_MESSAGES = tuple(
    (re.compile(pattern), f"language.python.{key}")
    for pattern, key in (
        (r"invalid syntax", "invalid_syntax"),
        (r"invalid syntax\. Perhaps you forgot a comma\?", "comma"),
        (r"invalid syntax\. Maybe you meant '==' or ':=' instead of '='\?", "equals"),
        (r"'(?P<p>[(\[{])' was never closed", "never_closed"),
        (r"unmatched '(?P<p>[)\]}])'", "unmatched"),
        (
            r"closing parenthesis '(?P<a>.)' does not match opening parenthesis '(?P<b>.)'",
            "mismatched",
        ),
        (
            r"closing parenthesis '(?P<a>.)' does not match opening parenthesis '(?P<b>.)' "
            r"on line (?P<line>\d+)",
            "mismatched_line",
        ),
        (r"expected '(?P<token>[^']*)'", "expected"),
        (r"expected 'else' after 'if' expression", "expected_else"),
        (r"invalid decimal literal", "invalid_decimal"),
        (r"invalid hexadecimal literal", "invalid_hexadecimal"),
        (r"invalid octal literal", "invalid_octal"),
        (r"invalid binary literal", "invalid_binary"),
        (r"invalid digit '(?P<digit>.)' in (?P<base>octal|binary) literal", "invalid_digit"),
        (
            r"expected an indented block after '(?P<keyword>\w+)' statement on line "
            r"(?P<line>\d+)",
            "indented_block",
        ),
        (r"invalid character '(?P<ch>.)' \(U\+(?P<code>[0-9A-F]+)\)", "invalid_character"),
        (r"invalid non-printable character U\+(?P<code>[0-9A-F]+)", "non_printable"),
        (
            r"leading zeros in decimal integer literals are not permitted; "
            r"use an 0o prefix for octal integers",
            "leading_zeros",
        ),
        (r"unexpected indent", "unexpected_indent"),
        (r"unindent does not match any outer indentation level", "unindent"),
        (r"illegal target for annotation", "annotation_target"),
        (r"unterminated string literal \(detected at line (?P<line>\d+)\)", "unterminated_string"),
        (
            r"unterminated triple-quoted string literal \(detected at line (?P<line>\d+)\)",
            "unterminated_triple",
        ),
        (r"unexpected character after line continuation character", "continuation"),
        (r"positional argument follows keyword argument", "positional_after_keyword"),
        (
            r"expression cannot contain assignment, perhaps you meant \"==\"\?",
            "assignment_in_expression",
        ),
    )
)


def python_message(text: str) -> Message:
    """Python's own syntax error as a message: keyed if the language knows it, else as it is.

    >>> python_message("'(' was never closed")
    Message('language.python.never_closed', p='(')
    >>> python_message("f-string: something new").text("zh")
    'Python 无法读取这里：f-string: something new'
    """
    for pattern, key in _PYTHON_MESSAGES:
        match = pattern.fullmatch(text)
        if match:
            params: dict[str, object] = dict(match.groupdict())
            if "base" in params:
                params["base"] = Message(f"language.python.{params['base']}")
            return Message(key, **params)
    return Message("language.python_says", message=text)


def _long_integer(span: Span, detail: str = "") -> ProgramError:
    digits = re.search(r"value has (\d+) digits", detail)
    count = (
        Message("language.program.digits", n=int(digits.group(1)))
        if digits
        else Message("language.program.too_many_digits")
    )
    return ProgramError.at(
        "limit",
        Message("language.program.long_integer", count=count, limit=PYTHON_INT_MAX_DIGITS),
        span,
        Message("language.hint.scientific"),
    )


def check_tree(tree: ast.Module, source: Source, limits: Limits) -> None:
    """Before any work: the nesting depth, and decimal literals too long for Python.

    Depth is the number of expression nodes on the deepest path, the innermost
    name or number included, counted without recursion.
    """
    # Each node with its depth and the outermost expression above it (None outside one).
    stack: list[tuple[ast.AST, int, ast.expr | None]] = [(tree, 0, None)]
    while stack:
        node, depth, outermost = stack.pop()
        if isinstance(node, ast.expr):
            depth += 1
            outermost = outermost or node
            if depth > limits.max_depth:
                # Point at where the too-deep expression starts, not deep inside it.
                raise too_deep(limits, source.span(outermost))
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


# -- what the evaluator needs to know of the whole tree before it starts ----------------------


def label_variables(tree: ast.Module) -> set[str]:
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


def first_assignments(tree: ast.Module) -> dict[str, int]:
    """The line where each name is first assigned, for "used before it is assigned"."""
    lines: dict[str, int] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    lines.setdefault(target.id, target.lineno)
    return lines
