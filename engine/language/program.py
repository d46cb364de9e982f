"""A program: read, checked against the limits, evaluated into a named graph.

:func:`parse_program` is the way in: the text's length, Python's reading of it
(``engine.language.source``), the depth of its expressions, the evaluation inside
the engine's element and time budget (``engine.language.evaluate``), then the size
of the recorded backward pass, each checked before the work.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from engine.core.autodiff import graph_nodes
from engine.core.tensor import Tensor, checked
from engine.i18n import Message
from engine.language.errors import ProgramError, ProgramWarning, Span
from engine.language.evaluate import Evaluator
from engine.language.limits import Limits, out_of_memory, too_deep
from engine.language.lookalikes import lookalike_warnings
from engine.language.source import Source, check_tree


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
            Message("language.program.too_long", n=typed_length, limit=limits.max_chars),
            hint=Message("language.hint.split_program"),
        )
    text = Source(source)
    tree = text.parse(limits)
    if not tree.body:
        raise ProgramError(
            "empty",
            Message("language.program.empty"),
            hint=Message("language.hint.write_statement"),
        )
    check_tree(tree, text, limits)
    budget = checked(
        max_elements=limits.max_elements,
        max_total_elements=limits.max_total_elements,
        deadline=None if seconds is None else time.monotonic() + seconds,
    )
    try:
        # checked() holds for this thread only: other users' programs run beside this one.
        with np.errstate(all="ignore"), budget:
            program = _evaluate(source, Evaluator(text, tree, limits, seconds))
        _check_recorded_pass(program, limits)
        program.warnings = lookalike_warnings(tree, text)
        return program
    except RecursionError:
        raise too_deep(limits, by_python=True) from None
    except MemoryError:
        raise out_of_memory() from None


def _evaluate(typed: str, evaluator: Evaluator) -> Program:
    """Walk the program, and gather what the evaluator made into a :class:`Program`."""
    evaluator.run()
    output_name = evaluator.output_name
    output = evaluator.variables[output_name]
    return Program(
        source=typed,
        output=output,
        output_name=output_name,
        variables=evaluator.variables,
        leaves=evaluator.leaves,
        labels={name for name in evaluator.labels if name in evaluator.variables},
        spans=evaluator.spans,
        seeded_with_ones=output.shape != (),
        n_ops=evaluator.n_ops,
    )


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
                Message("language.limit.pass_elements", n=total, limit=limits.max_pass_elements),
                span,
                Message("language.hint.pass_elements"),
            )


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
