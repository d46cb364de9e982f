"""The same program in PyTorch: golden scripts, every operation translated, and PyTorch's
gradients equal to the engine's.

The tests marked ``torch`` run the generated scripts under PyTorch (skipped when torch is
not installed) and compare every printed gradient with the engine's to 1e-12, over every
example and lesson, every program written anywhere in the test suite, every op case of the
registry (each input once a constant), random expression graphs and random programs. A
script is run here with ``exec`` in a namespace of its own: the test runs the script it
checks, the app never does.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from op_cases import CASES
from test_autodiff_properties import graphs
from test_language_fuzz import LIMITS as FUZZ_LIMITS
from test_language_fuzz import generated_program

from engine.core.ops import OPS
from engine.core.tensor import Tensor, apply
from engine.i18n import t
from engine.language import Limits, Program, ProgramError, parse_program
from engine.views.examples import EXAMPLES, example
from engine.views.lessons import LESSONS
from engine.views.torch_export import WIDTH, torch_script

TESTS = Path(__file__).resolve().parent
EXACT = dict(rtol=1e-12, atol=1e-12)

CIRCUIT = example("cs231n-circuit").program


def program_of(leaves: dict[str, Tensor], output: Tensor) -> Program:
    """A Program for a graph built with the Python API (no source text)."""
    for name, leaf in leaves.items():
        leaf.name = name
    return Program(
        source="",
        output=output,
        output_name="out",
        variables={**leaves, "out": output},
        leaves=dict(leaves),
        labels=set(),
        spans={},
        seeded_with_ones=output.shape != (),
        n_ops=0,
    )


def op_program(name: str, xs: tuple, params: dict, constant: int | None = None) -> Program:
    """One registry op applied to leaves ``a``, ``b``, … (input ``constant`` a constant)."""
    leaves, inputs = {}, []
    for i, x in enumerate(xs):
        if i == constant:
            inputs.append(Tensor(x, requires_grad=False))
        else:
            leaves["abcdefgh"[i]] = Tensor(x)
            inputs.append(leaves["abcdefgh"[i]])
    with np.errstate(all="ignore"):
        return program_of(leaves, apply(name, inputs, params))


def op_programs() -> list[tuple[str, Program]]:
    """Every case of every op, each input a leaf, then each input once a constant."""
    programs = []
    for name, cases in CASES.items():
        for number, case in enumerate(cases):
            label = f"{name}-{number}-{case.label}"
            programs.append((label, op_program(name, case.xs, case.p)))
            if len(case.xs) > 1:
                for i in range(len(case.xs)):
                    programs.append((f"{label}-const{i}", op_program(name, case.xs, case.p, i)))
    return programs


# -- running a script and the engine ------------------------------------------------------------


def run_script(script: str) -> dict[str, np.ndarray]:
    """Run a generated script in a namespace of its own; its printed gradients by name."""
    printed = io.StringIO()
    with (
        contextlib.redirect_stdout(printed),
        warnings.catch_warnings(),
        np.errstate(all="ignore"),
    ):
        warnings.simplefilter("ignore")
        exec(compile(script, "<pytorch script>", "exec"), {"__name__": "exported"})
    return read_printed(printed.getvalue())


def read_printed(text: str) -> dict[str, np.ndarray]:
    """``name [values]`` lines back to arrays (nan and ±inf as Python prints them)."""
    gradients = {}
    for line in text.splitlines():
        name, values = line.split(" ", 1)
        values = re.sub(r"\bnan\b", "NaN", re.sub(r"\binf\b", "Infinity", values))
        gradients[name] = np.array(json.loads(values), dtype=np.float64)
    return gradients


def engine_gradients(program: Program) -> dict[str, np.ndarray]:
    """The engine's gradient of every leaf (zeros for one that does not reach the output)."""
    for leaf in program.leaves.values():
        leaf.grad = None
    if program.output.requires_grad:
        with np.errstate(all="ignore"):
            program.output.backward()
    return {
        name: np.zeros(leaf.shape) if leaf.grad is None else leaf.grad
        for name, leaf in program.leaves.items()
    }


def assert_pytorch_agrees(program: Program) -> None:
    script = torch_script(program)
    theirs = run_script(script)
    ours = engine_gradients(program)
    assert list(theirs) == list(ours), script
    for name, gradient in ours.items():
        if gradient.size == 0:  # tolist() of an empty array keeps no shape
            assert theirs[name].size == 0, (name, script)
            continue
        np.testing.assert_allclose(theirs[name], gradient, **EXACT, err_msg=f"{name}\n{script}")


# -- the programs to compare -----------------------------------------------------------------------

#: Programs of the test suite that would make scripts too large to run many times here.
SUITE_LIMITS = Limits(max_elements=5_000, max_ops=400, max_total_elements=20_000)


def suite_programs() -> list[str]:
    """Every string written in the test suite that is a valid program, once each."""
    found: dict[str, None] = {}
    for path in sorted(TESTS.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.setdefault(node.value)
    programs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for source in found:
            try:
                parse_program(source, SUITE_LIMITS)
            except (ProgramError, ValueError, TypeError):
                continue
            programs.append(source)
    return programs


SUITE = suite_programs()
LESSON_PROGRAMS = list(dict.fromkeys(step.program for lesson in LESSONS for step in lesson.steps))


def test_the_suite_holds_many_programs():
    """The scan finds the programs written in the tests (a guard against an empty scan)."""
    assert len(SUITE) >= 150
    assert CIRCUIT in SUITE or any("q = x + y" in source for source in SUITE)


# -- golden scripts ------------------------------------------------------------------------------

CIRCUIT_SCRIPT = """\
# Chainrule's program, as a plain PyTorch script: float64 throughout, the same leaf
# values, the same seed at the output, and every leaf's gradient printed at the end.
#
#     # CS231n: f = (x + y) * z
#     x = -2
#     y = 5
#     z = -4
#     q = x + y
#     f = q * z

import torch

# Leaves: they receive a gradient.
x = torch.tensor(-2.0, dtype=torch.float64, requires_grad=True)
y = torch.tensor(5.0, dtype=torch.float64, requires_grad=True)
z = torch.tensor(-4.0, dtype=torch.float64, requires_grad=True)

# The operations, in the program's order.
q = x + y
f = q * z

# Backward from f, a scalar: seeded with 1.
f.backward()

# Every leaf's gradient: its name, then its values.
print("x", x.grad.tolist())
print("y", y.grad.tolist())
print("z", z.grad.tolist())
"""


def test_the_cs231n_circuit_golden():
    assert torch_script(parse_program(CIRCUIT)) == CIRCUIT_SCRIPT


def test_the_sigmoid_neuron_keeps_the_expression_and_its_precedence():
    script = torch_script(parse_program(example("cs231n-sigmoid").program))
    assert "f = 1.0 / (1.0 + torch.exp(-(w[0] * x[0] + w[1] * x[1] + w[2])))\n" in script


TRICKY = """\
x = [[1.0, -2.0, 3.0], [0.0, 3.0, 3.0]]
W = randn(3, 2, seed=4)
y = [0, 2]
u = [5.0]
r = x[::-1, [0, 0]]
t = reshape(arange(24), 2, 3, 4) * x[0, 0]
c = t[:, 0, ..., [1, 2, -1]]
m = max(x, axis=1, keepdims=True)
s = sum(x, axis=[])
p = maximum(x, 0) ** 2
d = dot(2, x[1]) - -x[0] ** 3
j = concat(x, ones(2, 3), axis=1)
k = stack([x, 2 * x], axis=2)
n = reshape(transpose(x), -1) @ reshape(W, 6)
o = softmax(x @ W, axis=0) * (log_softmax(x.T, axis=-1).T @ W)
S = sum(s * p) + sum(d) + sum(j) + sum(k) + n + sum(o)
L = cross_entropy(x, y) + mean(r) + sum(c) + sum(m) + S
"""


def test_each_kind_of_statement_golden():
    script = torch_script(parse_program(TRICKY))
    operations = script.split("# The operations, in the program's order.\n")[1].split("\n\n")[0]
    assert operations == (
        "r = x.flip(0)[:, [0, 0]]\n"
        "const_2 = torch.tensor([[[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0], "
        "[8.0, 9.0, 10.0, 11.0]],\n"
        "                        [[12.0, 13.0, 14.0, 15.0],\n"
        "                         [16.0, 17.0, 18.0, 19.0],\n"
        "                         [20.0, 21.0, 22.0, 23.0]]],\n"
        "                       dtype=torch.float64)\n"
        "t = const_2 * x[0, 0]\n"
        "c = t[:, [0], [1, 2, -1]].movedim(1, 0)\n"
        "m = torch.amax(x, dim=1, keepdim=True)\n"
        "s = x\n"
        "p = torch.maximum(x, torch.tensor(0.0, dtype=torch.float64)) ** 2.0\n"
        "d = 2.0 * x[1] - -x[0] ** 3.0\n"
        "const_13 = torch.tensor([[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]], dtype=torch.float64)\n"
        "j = torch.cat([x, const_13], dim=1)\n"
        "k = torch.stack([x, 2.0 * x], dim=2)\n"
        "n = x.T.reshape(6) @ W.reshape(6)\n"
        "o = torch.softmax(x @ W, dim=0) * (torch.log_softmax(x.T, dim=1).T @ W)\n"
        "S = torch.sum(s * p) + torch.sum(d) + torch.sum(j) + torch.sum(k) + n + torch.sum(o)\n"
        "L = torch.nn.functional.cross_entropy(x, y.long()) + torch.mean(r) + torch.sum(c)"
        " + torch.sum(m) + S"
    )
    assert "y = torch.tensor([0.0, 2.0], dtype=torch.float64)\n" in script  # a constant
    assert "# W = randn(3, 2, seed=4), its values written out:\nW = torch.tensor([[" in script
    assert "# u does not reach L:" in script
    assert 'print("u", torch.zeros_like(u).tolist())' in script
    assert 'print("x", x.grad.tolist())' in script and 'print("y"' not in script


def test_a_non_scalar_output_is_seeded_with_ones():
    script = torch_script(parse_program("x = [1.0, 2.0]\ny = x * 3"))
    assert "y.backward(torch.ones_like(y))\n" in script
    assert t("torch.seed_ones", output="y", shape=(2,)).split()[0] in script


def test_names_the_script_uses_are_renamed_but_printed_as_typed():
    script = torch_script(parse_program("torch = [1.0, 2.0]\nprint = sum(torch * 2)"))
    assert "torch_ = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)" in script
    assert "print_ = torch.sum(torch_ * 2.0)\n" in script and "print_.backward()\n" in script
    assert 'print("torch", torch_.grad.tolist())' in script


def test_aliases_folded_constants_and_exact_numbers():
    script = torch_script(parse_program("a = [0.1, 1e-300, 2.5e300]\nb = a\nc = b * pi - 1e400"))
    assert "a = torch.tensor([0.1, 1e-300, 2.5e+300], dtype=torch.float64" in script
    assert "b = a\nc = a * 3.141592653589793 - torch.inf\n" in script  # its first name
    assert 'print("a", a.grad.tolist())\nprint("b", b.grad.tolist())' in script


def test_a_constant_output_sends_nothing_back():
    source = "z = [[1.0, 2.0]]\ny = [1]\nL = cross_entropy(z, y)\nout = y * 2"
    script = torch_script(parse_program(source))
    assert ".backward(" not in script
    assert t("torch.seed_constant", output="out").split(":")[0] in script
    assert 'print("z", torch.zeros_like(z).tolist())' in script


def test_long_leaves_wrap_within_the_width():
    script = torch_script(parse_program("W = randn(7, 9, seed=1)\nL = sum(W ** 2)"))
    assert max(len(line) for line in script.splitlines()) <= WIDTH
    indent = " " * len("W = torch.tensor(")
    assert f"\n{indent}dtype=torch.float64, requires_grad=True)\n" in script


def test_the_comments_follow_the_language():
    script = torch_script(parse_program(CIRCUIT), lang="zh")
    assert t("torch.leaves", "zh") in script and t("torch.leaves", "en") not in script
    code = [line for line in script.splitlines() if not line.startswith("#")]
    assert code == [line for line in CIRCUIT_SCRIPT.splitlines() if not line.startswith("#")]


def test_the_source_in_the_header_cannot_break_out_of_its_comment():
    script = torch_script(parse_program("x = 2  # a \x0b\x1b[31m comment\u2028\ny = x * x"))
    header = script.split("import torch")[0]
    assert all(line.startswith("#") or not line for line in header.splitlines())
    assert "\\x1b" in header and "\x1b" not in header
    compile(script, "<pytorch script>", "exec")


def test_the_readme_shows_the_script_as_it_is_written():
    readme = (TESTS.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### `torch`: the same program in PyTorch")[1]
    block = section.split("```sh\n")[1].split("```")[0]
    command, rest = block.split("\n", 1)
    script, run = rest.split("$ ", 1)
    source = command.split("'")[1].encode().decode("unicode_escape")
    assert script == torch_script(parse_program(source))
    gradients = engine_gradients(parse_program(source))
    assert run.split("\n", 1)[1] == "".join(f"{k} {v.tolist()}\n" for k, v in gradients.items())


@pytest.mark.parametrize("name", sorted(OPS))
def test_every_registry_op_has_a_translation(name):
    assert CASES[name], f"no op case for {name}"
    for case in CASES[name]:
        script = torch_script(op_program(name, case.xs, case.p))
        compile(script, "<pytorch script>", "exec")


def test_every_script_compiles():
    for source in [*(e.program for e in EXAMPLES), *SUITE]:
        compile(torch_script(parse_program(source, SUITE_LIMITS)), "<pytorch script>", "exec")


# -- PyTorch agrees (marker torch) -----------------------------------------------------------------

torch_marker = pytest.mark.torch


@pytest.fixture(scope="module", autouse=False)
def torch():
    return pytest.importorskip("torch")


@torch_marker
@pytest.mark.parametrize("source", [e.program for e in EXAMPLES], ids=[e.key for e in EXAMPLES])
def test_pytorch_agrees_on_every_example(torch, source):
    assert_pytorch_agrees(parse_program(source))


@torch_marker
@pytest.mark.parametrize("source", LESSON_PROGRAMS)
def test_pytorch_agrees_on_every_lesson_program(torch, source):
    assert_pytorch_agrees(parse_program(source))


@torch_marker
@pytest.mark.parametrize("number", range(len(SUITE)))
def test_pytorch_agrees_on_the_test_suites_programs(torch, number):
    assert_pytorch_agrees(parse_program(SUITE[number], SUITE_LIMITS))


OP_PROGRAMS = op_programs()


@torch_marker
@pytest.mark.parametrize("number", range(len(OP_PROGRAMS)), ids=[k for k, _ in OP_PROGRAMS])
def test_pytorch_agrees_on_every_op_case(torch, number):
    assert_pytorch_agrees(OP_PROGRAMS[number][1])


@torch_marker
def test_pytorch_agrees_on_the_tricky_program(torch):
    assert_pytorch_agrees(parse_program(TRICKY))


RANDOM = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@torch_marker
@RANDOM
@given(graphs())
def test_pytorch_agrees_on_random_expression_graphs(torch, case):
    leaves, out = case
    named = {f"{leaf.name}_{i}": leaf for i, leaf in enumerate(leaves)}
    assert_pytorch_agrees(program_of(named, out))


@torch_marker
@settings(RANDOM, max_examples=20)  # most fuzzed texts are not programs: finding 20 takes a while
@given(generated_program())
def test_pytorch_agrees_on_the_fuzzers_programs(torch, source):
    try:
        program = parse_program(source, FUZZ_LIMITS)
    except ProgramError:
        assume(False)
    assert_pytorch_agrees(program)


# -- random programs that use every function of the language ---------------------------------------

SHAPES = [(), (3,), (2, 3), (3, 2), (2, 1, 3)]
SLICES = {":": slice(None), "::-1": slice(None, None, -1), "1:": slice(1, None)}
SLICES |= {":-1": slice(None, -1), "::2": slice(None, None, 2), "1::-2": slice(1, None, -2)}


@st.composite
def typed_programs(draw) -> str:
    """Valid programs: random leaves (randn, or small integers, for ties and kinks at 0)
    and statements that each apply one function of the language to earlier variables."""
    lines: list[str] = []
    variables: list[tuple[str, tuple]] = []

    def new_leaf(shape: tuple) -> str:
        name = f"v{len(lines)}"
        if draw(st.booleans()):
            dims = ", ".join(map(str, shape))
            rhs = f"randn({dims}{', ' if dims else ''}seed={draw(st.integers(0, 9))})"
        else:
            size = int(np.prod(shape))
            values = draw(
                st.lists(st.sampled_from([-1.0, 0.0, 1.0, 2.0]), min_size=size, max_size=size)
            )
            rhs = repr(np.reshape(values, shape).tolist())
        lines.append(f"{name} = {rhs}")
        variables.append((name, shape))
        return name

    def same_shape(shape: tuple, a: str) -> str:
        """Another array of this shape: a variable that has it, or one made from a."""
        names = [n for n, s in variables if s == shape and n != a]
        return draw(st.sampled_from(names)) if names and draw(st.booleans()) else f"{a} * 2 - 1"

    def axis_list(ndim: int) -> str:
        chosen = (
            draw(st.lists(st.integers(0, ndim - 1), unique=True, max_size=ndim)) if ndim else []
        )
        return "[" + ", ".join(str(a - ndim if draw(st.booleans()) else a) for a in chosen) + "]"

    for _ in range(draw(st.integers(1, 3))):
        new_leaf(draw(st.sampled_from(SHAPES)))
    for _ in range(draw(st.integers(1, 5))):
        a, shape = draw(st.sampled_from(variables))
        ndim = len(shape)
        kind = draw(
            st.sampled_from(
                [
                    "unary",
                    "binary",
                    "binary",
                    "reduce",
                    "normalise",
                    "transpose",
                    "reshape",
                    "index",
                    "index",
                    "matmul",
                    "dot",
                    "join",
                    "mse",
                    "cross_entropy",
                ]
            )
        )
        zeros = np.zeros(shape)
        if kind == "unary":
            f = draw(st.sampled_from(["exp", "tanh", "sigmoid", "sin", "cos", "relu", "abs", "-"]))
            expr = f"-{a}" if f == "-" else f"{f}({a})"
            if draw(st.booleans()):
                expr = f"{draw(st.sampled_from(['log', 'sqrt']))}(abs({a}) + 0.5)"
            result = zeros
        elif kind == "binary":
            partners = [n for n, s in variables if _fits(s, shape)]
            last = repr([float(i % 3 - 1) for i in range(shape[-1])]) if ndim else "1.0"
            b = draw(st.sampled_from([*partners, "2", "0", "-0.5", last]))
            op = draw(st.sampled_from(["+", "-", "*", "/", "**", "maximum", "minimum"]))
            if op == "/":
                expr = f"{a} / ({b} * {b} + 1)"
            elif op == "**":
                expr = draw(st.sampled_from([f"(abs({a}) + 0.5) ** {b}", f"{a} ** 2", f"{a} ** 3"]))
            elif op in ("maximum", "minimum"):
                expr = f"{op}({a}, {b})"
            else:
                expr = f"{a} {op} {b}"
            result = zeros + _value(b, variables)
        elif kind == "reduce":
            f = draw(st.sampled_from(["sum", "mean", "max", "min", "logsumexp"]))
            keepdims = draw(st.booleans())
            if draw(st.booleans()) or not ndim:
                axis, axes = "", None
            elif draw(st.booleans()):
                number = draw(st.integers(-ndim, ndim - 1))
                axis, axes = f", axis={number}", number
            else:
                text = axis_list(ndim)
                axis, axes = f", axis={text}", tuple(ast.literal_eval(text))
            expr = f"{f}({a}{axis}{', keepdims=True' if keepdims else ''})"
            result = np.sum(zeros, axis=axes, keepdims=keepdims)
        elif kind == "normalise" and ndim:
            f = draw(st.sampled_from(["softmax", "log_softmax"]))
            expr = f"{f}({a}, axis={draw(st.integers(-ndim, ndim - 1))})"
            result = zeros
        elif kind == "transpose":
            perm = draw(st.permutations(range(ndim)))
            expr = draw(st.sampled_from([f"{a}.T", f"transpose({a}, axes={list(perm)})"]))
            result = zeros.T if expr.endswith(".T") else np.transpose(zeros, perm)
        elif kind == "reshape":
            target = draw(st.sampled_from([(-1,), shape[::-1], (1, *shape)]))
            expr = f"reshape({a}, {list(target)})"
            result = zeros.reshape(target)
        elif kind == "index" and ndim:
            items, texts, listed = [], [], False
            for n in shape:
                choice = draw(st.sampled_from(["int", "slice", "list"]))
                if choice == "list" and not listed:
                    entries = draw(st.lists(st.integers(-n, n - 1), min_size=1, max_size=3))
                    items.append(np.array(entries))
                    texts.append(repr(entries))
                    listed = True
                elif choice == "int":
                    number = draw(st.integers(-n, n - 1))
                    items.append(number)
                    texts.append(str(number))
                else:
                    text = draw(st.sampled_from(sorted(SLICES)))
                    items.append(SLICES[text])
                    texts.append(text)
            if draw(st.booleans()):  # a ... for some of the axes (or none)
                start = draw(st.integers(0, ndim))
                stop = draw(st.integers(start, ndim))
                items[start:stop] = [Ellipsis]
                texts[start:stop] = ["..."]
            expr = f"{a}[{', '.join(texts)}]"
            result = zeros[tuple(items)]
        elif kind == "matmul" and ndim:
            w = new_leaf((shape[-1], draw(st.integers(1, 3))))
            expr = f"{a} @ {w}"
            result = zeros @ np.zeros(variables[-1][1])
        elif kind == "dot" and ndim <= 2:
            w = new_leaf(() if not ndim or draw(st.booleans()) else (shape[-1],))
            expr = f"dot({a}, {w})"
            result = np.dot(zeros, np.zeros(variables[-1][1]))
        elif kind == "join" and ndim:
            b = same_shape(shape, a)
            if draw(st.booleans()):
                axis = draw(st.integers(0, ndim - 1))
                expr = f"concat({a}, {b}, axis={axis})"
                result = np.concatenate([zeros, zeros], axis=axis)
            else:
                axis = draw(st.integers(0, ndim))
                expr = f"stack([{a}, {b}], axis={axis})"
                result = np.stack([zeros, zeros], axis=axis)
        elif kind == "mse":
            expr = f"mse({a}, {same_shape(shape, a)})"
            result = np.float64(0)
        elif kind == "cross_entropy" and ndim in (1, 2):
            classes = shape[-1]
            if ndim == 1:
                labels = str(draw(st.integers(0, classes - 1)))
            else:
                values = draw(
                    st.lists(st.integers(0, classes - 1), min_size=shape[0], max_size=shape[0])
                )
                labels = repr(values)
                if draw(st.booleans()):  # a label variable
                    lines.append(f"t{len(lines)} = {labels}")
                    labels = f"t{len(lines) - 1}"
            expr = f"cross_entropy({a}, {labels})"
            result = np.float64(0)
        else:
            continue
        name = f"n{len(lines)}"
        lines.append(f"{name} = {expr}")
        variables.append((name, np.shape(result)))
    if draw(st.booleans()):
        lines.append(f"L = sum({variables[-1][0]})")
    return "\n".join(lines)


def _fits(shape: tuple, other: tuple) -> bool:
    try:
        np.broadcast_shapes(shape, other)
    except ValueError:
        return False
    return True


def _value(text: str, variables: list[tuple[str, tuple]]) -> np.ndarray:
    shapes = dict(variables)
    return np.zeros(shapes[text]) if text in shapes else np.asarray(ast.literal_eval(text))


def test_random_programs_are_valid():
    """The generator below makes valid programs (else the PyTorch test would check little)."""

    @settings(max_examples=40, deadline=None, database=None)
    @given(typed_programs())
    def check(source):
        parse_program(source)

    check()


@torch_marker
@settings(RANDOM, max_examples=150)
@given(typed_programs())
def test_pytorch_agrees_on_random_programs_of_every_function(torch, source):
    assert_pytorch_agrees(parse_program(source))
