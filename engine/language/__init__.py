"""The program language: a whitelisted reader of small Python-syntax programs.

A program is read with :func:`ast.parse` and then walked through ONE dispatch
table of the node types it may contain (``evaluate.HANDLERS``); every operator and
function comes from ONE table (:data:`OPERATIONS`, ``table``). Anything else is
refused by name ("lambda is not supported"). Nothing reaches ``eval``, ``exec`` or
``compile``, and no attribute but ``.T`` is ever looked up: the reader only
compares strings with its own tables.

The result is a :class:`Program`: the output tensor, every named variable,
the gradient-receiving leaves, and the source span of every node. Every
problem is one :class:`ProgramError` with a kind, a one-sentence message, a
position and a hint; limits (:class:`Limits`) are checked before the work.

The modules, from the bottom up: ``errors`` (spans, errors, warnings and how they
are shown), ``limits``, ``source`` (the text as Python reads it), ``table`` (the
whitelist), ``lookalikes``, ``arguments`` and ``evaluate`` (the evaluator),
``program`` (:func:`parse_program`).

>>> program = parse_program("x = [1.0, -2.0]\\nL = sum(x ** 2)")
>>> float(program.output.data)
5.0
>>> program.output.backward()
>>> program.leaves["x"].grad
array([ 2., -4.])
>>> parse_program("y = tanh(x)")
Traceback (most recent call last):
...
engine.language.errors.ProgramError: line 1, col 10: unknown name `x`

The reference (every form, limit and decision) is the "Language reference" in README.md.
"""

from engine.language.errors import (
    ERROR_KINDS,
    ProgramError,
    ProgramWarning,
    Span,
    typed_lines,
    visible_controls,
)
from engine.language.limits import (
    DEFAULT_MAX_CHARS,
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_ELEMENTS,
    DEFAULT_MAX_OPS,
    DEFAULT_MAX_PASS_ELEMENTS,
    DEFAULT_MAX_TOTAL_ELEMENTS,
    ENV_VARIABLES,
    RUN_TIME_HINT,
    Limits,
    out_of_memory,
    out_of_time_message,
)
from engine.language.lookalikes import LOOKALIKES
from engine.language.program import Program, parse_program, recorded_pass_elements
from engine.language.table import FUNCTION_NAMES, OPERATIONS

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
    "LOOKALIKES",
    "OPERATIONS",
    "RUN_TIME_HINT",
    "Limits",
    "Program",
    "ProgramError",
    "ProgramWarning",
    "Span",
    "out_of_memory",
    "out_of_time_message",
    "parse_program",
    "recorded_pass_elements",
    "typed_lines",
    "visible_controls",
]
