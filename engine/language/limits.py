"""How much one program may ask for: the limits, the variables that set them, their errors.

Only the operator sets the limits (``Limits.from_env()``), never a program; each
is checked before the work that would exceed it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from engine.i18n import Message
from engine.language.errors import ProgramError, Span

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


#: Python's parser reads at most this many nested brackets.
PYTHON_MAX_NESTING = 200


def too_deep(limits: Limits, span: Span | None = None, by_python: bool = False) -> ProgramError:
    """The depth limit error; ``by_python`` when Python itself gave up first."""
    span = span or Span(1, 1, 1, 2)
    if by_python and limits.max_depth > PYTHON_MAX_NESTING:
        message = Message("language.program.too_deep_for_python")
    else:
        message = Message("language.program.too_deep", limit=limits.max_depth)
    return ProgramError.at("limit", message, span, Message("language.hint.split_statement"))


def out_of_time_message(seconds: float | None, backward: bool = False) -> Message:
    """The message of a run stopped by its time budget (``engine.views.budget``).

    >>> str(out_of_time_message(10.0))
    'the program took more than 10 seconds to run and was stopped here'
    """
    key = "language.limit.out_of_time_backward" if backward else "language.limit.out_of_time"
    return Message(key, seconds=seconds or 0)


#: The hint of a run stopped by its time budget.
RUN_TIME_HINT = Message("language.hint.run_seconds")
ELEMENTS_HINT = Message("language.hint.smaller_arrays")
TOTAL_HINT = Message("language.hint.fewer_arrays")


def out_of_memory() -> ProgramError:
    """The error of a program that needed more memory than the machine (or the process
    running it, ``engine.views.isolation``) had.

    >>> str(out_of_memory())
    'line 1, col 1: the program needs more memory than is available'
    """
    return ProgramError("limit", Message("language.program.out_of_memory"), hint=ELEMENTS_HINT)
