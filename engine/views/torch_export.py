"""A program as a plain PyTorch script: the same leaves, the same operations, the same seed.

:func:`torch_script` writes a runnable script that needs nothing but ``torch``:
every leaf is a float64 tensor literal with ``requires_grad=True`` (values
written with ``repr``, so they round-trip exactly: a ``randn(..., seed=k)``
leaf appears as its values), constants have no gradient, each statement of
the program becomes one statement of the script, the output is seeded as
Chainrule seeds it, and each leaf's gradient is printed as its name and its
values (``tolist()``, every digit). Nothing here imports torch or runs the
script: the text is data, for a class to paste into a notebook.

The script is written from the recorded graph, not from the program text, so
it uses the engine's normalised arguments (axes, shapes, folded constants).
Where a torch call differs from the engine's rule, the translation is
written so that the gradients agree:

* ``max``/``min`` reductions are ``torch.amax``/``torch.amin``, which split
  the gradient evenly among tied extrema (``torch.max(x, dim)`` would not);
* ``maximum(x, 0)`` keeps ``torch.maximum`` with a tensor 0 (its tie rule is
  Chainrule's half-and-half; ``clamp`` would give the whole gradient);
* a reduction over no axis (``axis=[]``) is the array itself, because
  torch reads ``dim=()`` as every axis;
* a slice with a negative step (torch has none) flips the axis first;
* an integer next to an integer list becomes a one-entry list, so that torch
  places the list's axis where numpy does (and ``movedim`` fixes the one case
  where numpy counts a ``...`` of no axes as a separation);
* ``dot`` with a 0-d operand is ``*``; other ``dot`` s are ``@``;
* cross-entropy labels become int64 class indices (``y.long()`` for a label
  variable), while every array stays float64.

>>> from engine.language import parse_program
>>> program = parse_program("x = -2\\ny = 5\\nz = -4\\nq = x + y\\nf = q * z")
>>> print(torch_script(program), end="")
# Chainrule's program, as a plain PyTorch script: float64 throughout, the same leaf
# values, the same seed at the output, and every leaf's gradient printed at the end.
#
#     x = -2
#     y = 5
#     z = -4
#     q = x + y
#     f = q * z
<BLANKLINE>
import torch
<BLANKLINE>
# Leaves: they receive a gradient.
x = torch.tensor(-2.0, dtype=torch.float64, requires_grad=True)
y = torch.tensor(5.0, dtype=torch.float64, requires_grad=True)
z = torch.tensor(-4.0, dtype=torch.float64, requires_grad=True)
<BLANKLINE>
# The operations, in the program's order.
q = x + y
f = q * z
<BLANKLINE>
# Backward from f, a scalar: seeded with 1.
f.backward()
<BLANKLINE>
# Every leaf's gradient: its name, then its values.
print("x", x.grad.tolist())
print("y", y.grad.tolist())
print("z", z.grad.tolist())
"""

from __future__ import annotations

import ast
import math
import textwrap
import unicodedata
from dataclasses import dataclass
from types import EllipsisType
from typing import Any

import numpy as np

from engine.core.tensor import Tensor
from engine.i18n import DEFAULT_LANG, t
from engine.language import Program, typed_lines

__all__ = ["WIDTH", "torch_script"]

#: Lines of tensor literals are wrapped to at most this many characters where possible.
WIDTH = 100

#: Comments are wrapped to this many characters.
COMMENT_WIDTH = 88

#: A constant array whose literal is longer than this gets a line (and a name) of its own.
INLINE_CONSTANT = 60

#: Names the script itself uses: a program variable with one of them is renamed.
_RESERVED = frozenset({"torch", "print"})

_F64 = "dtype=torch.float64"

#: An ``index`` node's index, as the engine normalises it: integers, slices, one integer
#: array, and ``...``.
_Index = tuple[int | slice | np.ndarray | EllipsisType, ...]

# Python's precedence, as far as the script needs it (higher binds tighter).
_ARITH, _TERM, _UNARY, _POWER, _NUMBER, _ATOM = 11, 12, 13, 14, 15, 16

_OPERATORS = {  # op -> (symbol, precedence)
    "add": ("+", _ARITH),
    "sub": ("-", _ARITH),
    "mul": ("*", _TERM),
    "div": ("/", _TERM),
    "matmul": ("@", _TERM),
    "pow": ("**", _POWER),
}
_ELEMENTWISE = ("exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu", "sin", "cos")
_REDUCTIONS = {
    "sum": "torch.sum",
    "mean": "torch.mean",
    # judgement call kept: amax/amin split the gradient evenly among tied extrema
    "max": "torch.amax",
    "min": "torch.amin",
    "logsumexp": "torch.logsumexp",
}


@dataclass(frozen=True)
class _Expr:
    """Python source text and the precedence of its outermost operator."""

    text: str
    precedence: int

    def at_least(self, precedence: int) -> str:
        """The text, in parentheses when it binds more loosely than ``precedence``."""
        return self.text if self.precedence >= precedence else f"({self.text})"


def torch_script(program: Program, lang: str = DEFAULT_LANG) -> str:
    """The program as a runnable PyTorch script that prints every leaf's gradient.

    ``lang`` is the language of the script's comments (the code is the same).
    """
    return _Writer(program, lang).script()


class _Writer:
    """One pass over the program's variables, in the order they were assigned."""

    def __init__(self, program: Program, lang: str):
        self.program = program
        self.lang = lang
        self.names: dict[int, str] = {}  # id(tensor) -> its identifier in the script
        self.taken = set(_RESERVED) | set(program.variables)
        self.identifier: dict[str, str] = {}  # program name -> identifier in the script
        for name in program.variables:
            self.identifier[name] = self.fresh(name) if name in _RESERVED else name
        self.uses = _uses(program)
        self.lines: list[str] = []  # the statement being written and what it needs first

    def fresh(self, base: str) -> str:
        """An identifier from ``base`` that the script does not use yet."""
        base = base.replace("#", "_")
        name = base if base not in self.taken else base + "_"
        counter = 1
        while name in self.taken:
            counter += 1
            name = f"{base}_{counter}"
        self.taken.add(name)
        return name

    def say(self, key: str, **values: object) -> list[str]:
        """A translated comment, wrapped to the width of the script."""
        return _comment(t(f"torch.{key}", self.lang, **values))

    # -- the script ------------------------------------------------------------------------
    def script(self) -> str:
        program = self.program
        out = self.say("header")
        source = [line.rstrip() for line in typed_lines(program.source)]
        while source and not source[-1].strip():
            source.pop()
        while source and not source[0].strip():
            source.pop(0)
        if source:
            out += ["#"] + [("#     " + _printable(line)).rstrip() for line in source]
        out += ["", "import torch"]

        leaves: list[str] = []
        constants: list[str] = []
        operations: list[str] = []
        for name, tensor in program.variables.items():
            ident = self.identifier[name]
            if id(tensor) in self.names:  # `y = x`: a second name for the same tensor
                operations.append(f"{ident} = {self.names[id(tensor)]}")
                continue
            if tensor.op is None:
                is_leaf = tensor.requires_grad and name not in program.labels
                (leaves if is_leaf else constants).extend(self.literal(name, ident, tensor))
            else:
                self.lines = []
                text = self.operation(tensor).text
                operations.extend(self.lines + [f"{ident} = {text}"])
            self.names[id(tensor)] = ident

        for key, block in (("leaves", leaves), ("constants", constants)):
            if block:
                out += ["", *self.say(key), *block]
        if operations:
            out += ["", *self.say("operations"), *operations]
        out += ["", *self.seed()]
        out += ["", *self.say("grads"), *self.prints()]
        return "\n".join(out) + "\n"

    def literal(self, name: str, ident: str, tensor: Tensor) -> list[str]:
        """The lines that make a leaf or a constant variable, values written out."""
        lines = []
        written = self.written_as(tensor)
        if written is not None:
            lines += self.say("written_out", statement=f"{name} = {written}")
        requires_grad = tensor.requires_grad and name not in self.program.labels
        lines.append(f"{ident} = {_tensor_literal(tensor.data, requires_grad, len(ident) + 3)}")
        return lines

    def written_as(self, tensor: Tensor) -> str | None:
        """The leaf's right side as typed, when it is more than a number or a list."""
        span = self.program.spans.get(tensor.serial)
        if span is None:
            return None
        lines = typed_lines(self.program.source)[span.line - 1 : span.end_line]
        if not lines:
            return None
        if len(lines) == 1:
            text = lines[0][span.col - 1 : span.end_col - 1]
        else:
            text = "\n".join(
                [lines[0][span.col - 1 :], *lines[1:-1], lines[-1][: span.end_col - 1]]
            )
        text = " ".join(text.split())
        try:
            ast.literal_eval(text)  # a number or a list of numbers: its values say it all
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return _printable(text)
        return None

    def seed(self) -> list[str]:
        output = self.program.output
        name = self.program.output_name
        ident = self.identifier[name]
        if not output.requires_grad:
            return self.say("seed_constant", output=name)
        if output.shape == ():
            return [*self.say("seed_scalar", output=name), f"{ident}.backward()"]
        return [
            *self.say("seed_ones", output=name, shape=output.shape),
            f"{ident}.backward(torch.ones_like({ident}))",
        ]

    def prints(self) -> list[str]:
        program = self.program
        reached = _reached(program.output) if program.output.requires_grad else set()
        lines = []
        for name, tensor in program.leaves.items():
            ident = self.identifier[name]
            label = _string(name)
            if id(tensor) in reached:
                lines.append(f"print({label}, {ident}.grad.tolist())")
            else:
                lines += self.say("unreached", name=name, output=program.output_name)
                lines.append(f"print({label}, torch.zeros_like({ident}).tolist())")
        return lines

    # -- expressions ---------------------------------------------------------------------------
    def operand(self, tensor: Tensor, as_tensor: bool = False) -> _Expr:
        """A node's input: a name, a constant, or the operation written in place.

        ``as_tensor``: the torch call needs a tensor, so a 0-d constant cannot be a number.
        """
        known = self.names.get(id(tensor))
        if known is not None:
            return _Expr(known, _ATOM)
        if tensor.op is None:
            if tensor.requires_grad:
                raise ValueError(f"the leaf {tensor.name or tensor!r} is not a named variable")
            return self.constant(tensor, as_tensor)
        expr = self.operation(tensor)
        if self.uses.get(id(tensor), 0) > 1:  # used twice in one statement: name it once
            ident = self.fresh(tensor.name or tensor.op.name)
            self.lines.append(f"{ident} = {expr.text}")
            self.names[id(tensor)] = ident
            return _Expr(ident, _ATOM)
        return expr

    def constant(self, tensor: Tensor, as_tensor: bool) -> _Expr:
        data = np.asarray(tensor.data, dtype=np.float64)
        if data.ndim == 0 and not as_tensor:
            text = _number(float(data))
            return _Expr(text, _UNARY if text.startswith("-") else _NUMBER)
        literal = _tensor_literal(data, False, 0, wrap=False)
        if len(literal) <= INLINE_CONSTANT:
            return _Expr(literal, _ATOM)
        ident = self.fresh(tensor.name or "const")
        self.lines.append(f"{ident} = {_tensor_literal(data, False, len(ident) + 3)}")
        self.names[id(tensor)] = ident
        return _Expr(ident, _ATOM)

    def operation(self, node: Tensor) -> _Expr:
        op, params, inputs = node.op, node.params, node.inputs
        assert op is not None and params is not None, "an operation's node has both"
        name = op.name
        if name in _OPERATORS:
            return self.operator(name, inputs)
        if name == "dot":  # numpy's dot: with a 0-d operand it is a product, else matmul
            scalar = inputs[0].ndim == 0 or inputs[1].ndim == 0
            return self.operator("mul" if scalar else "matmul", inputs)
        if name == "neg":
            return _Expr("-" + self.operand(inputs[0]).at_least(_UNARY), _UNARY)
        if name in _ELEMENTWISE:
            return _call(f"torch.{name}", self.operand(inputs[0]).text)
        if name in ("maximum", "minimum"):
            # torch.maximum gives each input half the gradient on a tie, as Chainrule does
            a, b = (self.operand(x, as_tensor=True).text for x in inputs)
            return _call(f"torch.{name}", a, b)
        if name in _REDUCTIONS:
            return self.reduction(name, inputs[0], params["axis"], params["keepdims"])
        if name in ("softmax", "log_softmax"):
            return _call(f"torch.{name}", self.operand(inputs[0]).text, f"dim={params['axis']}")
        if name == "transpose":
            return self.transpose(inputs[0], params["axes"])
        if name == "reshape":
            shape = params["shape"]
            args = ", ".join(map(str, shape)) if shape else "()"
            return _Expr(f"{self.operand(inputs[0]).at_least(_ATOM)}.reshape({args})", _ATOM)
        if name == "index":
            return self.index(inputs[0], params["index"])
        if name in ("concat", "stack"):
            parts = ", ".join(self.operand(x, as_tensor=True).text for x in inputs)
            function = "torch.cat" if name == "concat" else "torch.stack"
            return _call(function, f"[{parts}]", f"dim={params['axis']}")
        if name == "mse":
            a, b = (self.operand(x, as_tensor=True).text for x in inputs)
            return _call("torch.nn.functional.mse_loss", a, b)
        if name == "cross_entropy":
            logits = self.operand(inputs[0], as_tensor=True).text
            return _call("torch.nn.functional.cross_entropy", logits, self.labels(params["labels"]))
        raise ValueError(f"no PyTorch translation for the operation {name!r}")

    def operator(self, name: str, inputs: tuple[Tensor, ...]) -> _Expr:
        symbol, precedence = _OPERATORS[name]
        a, b = (self.operand(x, as_tensor=name == "matmul") for x in inputs)
        if name == "pow":  # right-associative; -x ** 2 is -(x ** 2), so a negative base needs ()
            return _Expr(f"{a.at_least(_POWER + 1)} ** {b.at_least(_UNARY)}", _POWER)
        return _Expr(f"{a.at_least(precedence)} {symbol} {b.at_least(precedence + 1)}", precedence)

    def reduction(self, name: str, x: Tensor, axes: tuple[int, ...], keepdims: bool) -> _Expr:
        operand = self.operand(x)
        if not axes:
            # Reducing over no axis is the identity: torch would read dim=() as every axis.
            return operand
        args = [operand.text]
        if name == "logsumexp" or keepdims or len(axes) != x.ndim:
            args.append(f"dim={axes[0]}" if len(axes) == 1 else f"dim={axes}")
        if keepdims:
            args.append("keepdim=True")
        return _call(_REDUCTIONS[name], *args)

    def transpose(self, x: Tensor, axes: tuple[int, ...]) -> _Expr:
        operand = self.operand(x).at_least(_ATOM)
        if axes == (1, 0):
            return _Expr(f"{operand}.T", _ATOM)
        args = ", ".join(map(str, axes)) if axes else "()"
        return _Expr(f"{operand}.permute({args})", _ATOM)

    def index(self, x: Tensor, index: _Index) -> _Expr:
        shape = x.shape
        has_list = any(isinstance(item, np.ndarray) for item in index)
        explicit = sum(1 for item in index if item is not Ellipsis)
        items: list[str] = []
        flips: list[int] = []
        advanced: list[int] = []  # positions of the list and integers, in `items`
        axis = 0
        for item in index:
            if item is Ellipsis:
                count = len(shape) - explicit
                if has_list:  # written out, so that torch sees the axes numpy sees
                    items += [":"] * count
                else:
                    items.append("...")
                axis += count
                continue
            if isinstance(item, slice):
                text, flipped = _slice(item, shape[axis])
                if flipped:
                    flips.append(axis)
                items.append(text)
            elif isinstance(item, np.ndarray):
                advanced.append(len(items))
                entries = [int(v) for v in item]
                items.append(str(entries) if entries else "torch.tensor([], dtype=torch.long)")
            else:
                advanced.append(len(items))
                # torch applies an integer before a list; as a one-entry list it is
                # indexed together with the list, and the list's axis lands where numpy puts it
                items.append(f"[{int(item)}]" if has_list else str(int(item)))
            axis += 1
        receiver = self.operand(x).at_least(_ATOM)
        if flips:
            receiver += f".flip({', '.join(map(str, flips))})"
        text = f"{receiver}[{', '.join(items)}]" if items else f"{receiver}[()]"
        if has_list and _numpy_moves_front(index) and _adjacent(advanced):
            # numpy counts a ... of no axes between the list and an integer as a
            # separation and puts the list's axis first; torch keeps it where it stands
            position = sum(1 for entry in items[: advanced[0]] if ":" in entry)
            if position:
                text += f".movedim({position}, 0)"
        return _Expr(text, _ATOM)

    def labels(self, labels: np.ndarray) -> str:
        """Class indices as int64: a label variable's name where one holds these values."""
        for name in sorted(self.program.labels):
            tensor = self.program.variables.get(name)
            if tensor is None or id(tensor) not in self.names:
                continue
            if tensor.shape == labels.shape and np.array_equal(tensor.data, labels):
                return f"{self.names[id(tensor)]}.long()"
        if labels.size == 0:
            return f"torch.zeros({_shape(labels.shape)}, dtype=torch.long)"
        return f"torch.tensor({labels.tolist()!r})"


# -- helpers ---------------------------------------------------------------------------------


def _call(function: str, *args: str) -> _Expr:
    return _Expr(f"{function}({', '.join(args)})", _ATOM)


def _uses(program: Program) -> dict[int, int]:
    """How many times each node is an input of another, over the whole graph."""
    uses: dict[int, int] = {}
    seen: set[int] = set()
    stack = list(program.variables.values())
    while stack:
        tensor = stack.pop()
        if id(tensor) in seen:
            continue
        seen.add(id(tensor))
        for source in tensor.inputs:
            uses[id(source)] = uses.get(id(source), 0) + 1
            stack.append(source)
    return uses


def _reached(output: Tensor) -> set[int]:
    """The tensors a gradient flows back to from ``output``."""
    reached = {id(output)}
    stack = [output]
    while stack:
        for source in stack.pop().inputs:
            if source.requires_grad and id(source) not in reached:
                reached.add(id(source))
                stack.append(source)
    return reached


def _adjacent(positions: list[int]) -> bool:
    return positions[-1] - positions[0] == len(positions) - 1


def _numpy_moves_front(index: _Index) -> bool:
    """numpy's rule: advanced entries (integers and the list) that are not next to each
    other in the index put their axis first (a ``...`` between them separates them)."""
    return not _adjacent(
        [i for i, item in enumerate(index) if not isinstance(item, slice) and item is not Ellipsis]
    )


def _slice(item: slice, size: int) -> tuple[str, bool]:
    """A slice as source text, and whether the axis must be flipped first.

    torch slices step forward only: ``x[::-1]`` becomes ``x.flip(0)[::1]``, the
    same entries in the same order.
    """
    step = item.step
    if step is not None and step < 0:
        picked = range(*item.indices(size))
        if not picked:
            return "0:0", False
        start, stop = size - 1 - picked[0], size - 1 - picked[-1] + 1
        item = slice(start or None, None if stop == size else stop, -step if step != -1 else None)
        flipped = True
    else:
        flipped = False
    first = "" if item.start is None else str(item.start)
    last = "" if item.stop is None else str(item.stop)
    text = f"{first}:{last}"
    if item.step is not None:
        text += f":{item.step}"
    return text, flipped


def _number(value: float) -> str:
    """A float as Python source that reads back as exactly the same float."""
    if math.isnan(value):
        return "torch.nan"
    if math.isinf(value):
        return "torch.inf" if value > 0 else "-torch.inf"
    return repr(value)


def _shape(shape: tuple[int, ...]) -> str:
    return f"({shape[0]},)" if len(shape) == 1 else f"({', '.join(map(str, shape))})"


def _tensor_literal(data: np.ndarray, requires_grad: bool, column: int, wrap: bool = True) -> str:
    """``torch.tensor(values, dtype=torch.float64[, requires_grad=True])``.

    ``column`` is where the text starts on its line: an array that does not fit
    on the line is wrapped, a row per line, with the keywords on a line of their own.
    """
    data = np.asarray(data, dtype=np.float64)
    keywords = f"{_F64}, requires_grad=True" if requires_grad else _F64
    if data.size == 0:  # a literal [] cannot say (0, 3)
        return f"torch.zeros({_shape(data.shape)}, {keywords})"
    head = "torch.tensor("
    inner = column + len(head)
    values = _values(data.tolist(), inner, WIDTH if wrap else math.inf)
    if "\n" not in values and inner + len(values) + len(keywords) + 3 <= (
        WIDTH if wrap else math.inf
    ):
        return f"{head}{values}, {keywords})"
    return f"{head}{values},\n{' ' * inner}{keywords})"


def _values(values: float | list[Any], column: int, width: float) -> str:
    """A nested list of floats as source, wrapped to ``width``: rows one per line."""
    if not isinstance(values, list):
        return _number(values)
    inner = column + 1
    if values and isinstance(values[0], list):
        rows = [_values(row, inner, width) for row in values]
        flat = "[" + ", ".join(rows) + "]"
        if "\n" not in flat and column + len(flat) <= width:
            return flat
        return "[" + (",\n" + " " * inner).join(rows) + "]"
    numbers = [_number(v) for v in values]
    flat = "[" + ", ".join(numbers) + "]"
    if column + len(flat) <= width:
        return flat
    lines, line = [], ""
    for number in numbers:
        candidate = f"{line}, {number}" if line else number
        if line and inner + len(candidate) + 2 > width:
            lines.append(line)
            candidate = number
        line = candidate
    lines.append(line)
    return "[" + (",\n" + " " * inner).join(lines) + "]"


def _string(name: str) -> str:
    """A variable's name as a Python string literal (non-ASCII letters kept)."""
    return '"' + name + '"' if name.isidentifier() else repr(name)


def _printable(text: str) -> str:
    """Text safe inside a comment: control characters and lone surrogates escaped."""
    return "".join(
        ascii(ch)[1:-1] if ch != "\t" and unicodedata.category(ch) in ("Cc", "Cs") else ch
        for ch in text
    )


def _comment(text: str) -> list[str]:
    """``text`` as comment lines of at most ``COMMENT_WIDTH`` characters."""
    # break_long_words: a Chinese sentence has no spaces to break at
    return ["# " + line for line in textwrap.wrap(text, COMMENT_WIDTH - 2, break_on_hyphens=False)]
