"""The command line: ``python -m engine grad|trace|dot|torch PROGRAM`` (also ``backprop``).

PROGRAM is a file, or ``-`` for standard input. The contract (what each
command prints and the exit statuses) is in the program-language contract:

* 0: success;
* 2: a problem in the program or in the arguments: ONE line
  ``error: line L, col C: message`` on standard error (then ``; hint`` when the
  error has a hint, so one line says what to do), never a traceback;
* 1: a bug in Chainrule itself (one line ``error: internal error: …``).

A program that runs but may not mean what it seems (two names that differ only
by look-alike letters of different scripts) still succeeds; each such place is
one ``warning: line L, col C: message`` line on standard error.

>>> import os, tempfile
>>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
...     _ = f.write("x = 3\\ny = x * x")
>>> main(["grad", f.name])  # doctest: +ELLIPSIS
{"output": "y", "shape": [], "value": 9.0, "values": {"x": 3.0, "y": 9.0}, "grads": {"x": 6.0, ...}}
0
>>> os.unlink(f.name)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import numpy as np

from engine.i18n import Message

if TYPE_CHECKING:
    from engine.views.session import RunOk

EXAMPLES = """\
examples:
  backprop grad model.txt           gradients of every variable, as one JSON object
  backprop trace model.txt          the backward pass, step by step, as text
  backprop dot model.txt --step 2   the graph as Graphviz DOT after step 2
  backprop torch model.txt          the same program as a plain PyTorch script
  echo 'x = 3; y = x * x' | backprop grad -
  backprop dot model.txt | dot -Tsvg -o graph.svg

exit status: 0 success; 2 a problem in the program or the arguments (one line
"error: line L, col C: message; hint" on standard error); 1 a bug in Chainrule.
"""

_COMMANDS = {
    "grad": (
        "print the output, every variable's value and every gradient as one JSON object",
        """\
Prints {"output", "shape", "value", "values", "grads"}: "values" holds every
named variable (`out` for a bare last expression), "grads" every one that
receives a gradient. Non-finite numbers are the strings "nan", "inf", "-inf".

examples:
  backprop grad model.txt
  echo 'x = [1.0, 2.0]; L = sum(x ** 2)' | backprop grad -
""",
    ),
    "trace": (
        "print the backward pass step by step: upstream, local and downstream",
        """\
For each step, in the order the engine runs them: the node, its upstream
gradient, and for each input the local Jacobian (or its shape and structure
when it is large) and the downstream gradient.

examples:
  backprop trace model.txt
  echo 'x = -2; y = 5; z = -4; f = (x + y) * z' | backprop trace -
""",
    ),
    "dot": (
        "print the computation graph as Graphviz DOT, as of a backward step",
        """\
Every edge is labelled with its upstream, local and downstream gradient as
known after step K ("?" before the step that computes them). Step 0 is
before the first step; the default, or any K past the end, is the whole pass.

examples:
  backprop dot model.txt                 the finished pass
  backprop dot model.txt --step 0        before the first step
  backprop dot model.txt --step 3 | dot -Tsvg -o step3.svg
""",
    ),
    "torch": (
        "print the program as a plain PyTorch script that prints every leaf's gradient",
        """\
The script needs only torch: float64 leaves written out as literals with
requires_grad=True (random leaves as their values), one statement per
statement, the output seeded as Chainrule seeds it, then one line per leaf:
its name and its gradient. Run it to compare PyTorch's numbers with grad's.

examples:
  backprop torch model.txt > model.py && python model.py
  echo 'x = 3; y = x * x' | backprop torch - | python
""",
    ),
}


class UsageError(Exception):
    """A problem with the command's arguments (exit status 2): its message, a Message that
    the command line words in English (``str()``), as it has no language option."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one ``error: line 1, col 1: …`` line, status 2."""

    def error(self, message: str) -> NoReturn:
        # argparse words its own messages, in English
        raise UsageError(Message("cli.usage", message=message, prog=self.prog))


def _step(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        # argparse words it with str(), in its own message
        raise argparse.ArgumentTypeError(Message("cli.step", typed=text))
    return value


def build_parser(prog: str = "backprop") -> argparse.ArgumentParser:
    parser = _Parser(
        prog=prog,
        description="Chainrule on the command line: run a program's backward pass and "
        "print its gradients, a worked solution, its graph or the same program in PyTorch.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="{grad,trace,dot,torch}")
    commands.required = True
    for name, (summary, details) in _COMMANDS.items():
        command = commands.add_parser(
            name,
            help=summary,
            description=summary[0].upper() + summary[1:] + ".",
            epilog=details,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.add_argument("program", metavar="PROGRAM", help="a program file, or - for stdin")
        if name == "dot":
            command.add_argument(
                "--step",
                metavar="K",
                type=_step,
                default=None,
                help="show the graph after K backward steps (default: the whole pass)",
            )
    return parser


def read_program(path: str) -> str:
    """The program's text from a file, or from standard input for ``-``."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as file:
                data = file.read()
        return data.decode("utf-8")
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise UsageError(Message("cli.cannot_read", path=path, reason=reason)) from None
    except UnicodeDecodeError as error:
        raise UsageError(Message("cli.not_utf8", path=path, reason=error.reason)) from None


def jsonable(value: Any) -> Any:
    """A value as JSON-ready numbers and nested lists; nan and ±inf as strings.

    >>> jsonable(np.array([1.0, np.nan, -np.inf]))
    [1.0, 'nan', '-inf']
    """
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return value
    if isinstance(value, np.ndarray | np.generic):
        return jsonable(np.asarray(value, dtype=np.float64).tolist())
    return value


def grad_report(result: RunOk) -> dict[str, Any]:
    """The ``grad`` command's JSON object for a run."""
    program, trace = result.program, result.trace
    node_of = {info.serial: info.id for info in trace.nodes}
    values, grads = {}, {}
    for name, tensor in program.variables.items():
        values[name] = jsonable(tensor.data)
        if name in program.labels or not tensor.requires_grad:
            continue  # a label of cross_entropy is a constant: no gradient
        node = node_of.get(tensor.serial)
        gradient = trace.grads.get(node) if node is not None else None
        if gradient is None:  # it does not reach the output: its gradient is zero
            gradient = np.zeros(np.shape(tensor.data))
        grads[name] = jsonable(gradient)
    output = program.output
    return {
        "output": program.output_name,
        "shape": list(np.shape(output.data)),
        "value": jsonable(output.data),
        "values": values,
        "grads": grads,
    }


def _run(args: argparse.Namespace) -> str:
    from engine.views import graphsvg, session, torch_export, worked

    source = read_program(args.program)
    result = session.run(source)
    if isinstance(result, session.RunFailed):
        raise result.error
    for warning in result.program.warnings:  # it runs, but may not mean what it seems
        print(f"warning: {warning}", file=sys.stderr)
    if args.command == "grad":
        return json.dumps(grad_report(result), ensure_ascii=False)
    if args.command == "torch":
        return torch_export.torch_script(result.program).rstrip("\n")
    if args.command == "trace":
        return worked.worked_solution(result.graph, fmt="text", source=source).rstrip("\n")
    return graphsvg.graph_dot(result.graph, args.step).rstrip("\n")


def _utf8(stream: Any) -> None:
    # A stream that cannot be changed (doctest's, say) keeps its encoding.
    with contextlib.suppress(AttributeError, ValueError, OSError):
        stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    from engine.language import ProgramError

    _utf8(sys.stdout)
    _utf8(sys.stderr)
    invoked_as_module = sys.argv[0].endswith("__main__.py")
    parser = build_parser("python -m engine" if invoked_as_module else "backprop")
    try:
        args = parser.parse_args(argv)
        # Non-finite values are results, not faults (the contract): numpy's
        # RuntimeWarnings, with their server paths, never reach standard error.
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            text = _run(args)
    except ProgramError as error:
        return _fail(error_line(error), 2)
    except UsageError as error:
        return _fail(f"line 1, col 1: {error}", 2)
    except SystemExit as done:  # --help, or argparse giving up in a way not routed above
        return done.code if isinstance(done.code, int) else 0
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: one line, never a traceback
        return _fail(str(Message("cli.internal_error", kind=type(error).__name__, error=error)), 1)
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `backprop trace p.txt | head`: the reader left, nothing is wrong
        # Point stdout at /dev/null so the interpreter's last flush does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def error_line(error: Any) -> str:
    """A program's error as the one line the command prints: its position, message and hint.

    >>> from engine.language import ProgramError
    >>> error_line(ProgramError("argument", "sum takes its axis only as a keyword", 2, 12,
    ...                         hint="write axis=0"))
    'line 2, col 12: sum takes its axis only as a keyword; write axis=0'
    >>> error_line(ProgramError("empty", "the program is empty"))
    'line 1, col 1: the program is empty'
    """
    return f"{error}; {error.hint}" if error.hint else str(error)


def _fail(message: str, status: int) -> int:
    first_line = " ".join(message.split())  # the contract: exactly one line
    print(f"error: {first_line}", file=sys.stderr)
    return status
