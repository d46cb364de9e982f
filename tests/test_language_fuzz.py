"""Fuzzing the program language: whatever the text, only a Program or a ProgramError comes out.

Three generators: random text, random token sequences, and random mutations
of valid programs. Each input must finish quickly; a ProgramError must have
a known kind, a position inside the program, and render without failing; a
Program must name and place every node and survive a backward pass.
"""

from __future__ import annotations

import time

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.language import ERROR_KINDS, Limits, ProgramError, parse_program
from engine.views.examples import EXAMPLES

# Smaller than the defaults so that the slowest legal program stays fast.
LIMITS = Limits(max_chars=4_000, max_depth=100, max_elements=20_000, max_ops=300)
SECONDS = 2.0

FUZZ = settings(
    max_examples=250,
    deadline=None,  # timed inside, with a margin that survives a busy machine
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

VALID = [example.program for example in EXAMPLES] + [
    "x = [1.0, -2.0, 3.0]\nW = randn(2, 3, seed=0)\nb = [0.0, 1.0]\nh = tanh(W @ x + b)\n"
    "L = sum(h ** 2)",
    "x = [-1.0, -2.0]\nw = [2.0, -3.0, -3.0]\nf = 1 / (1 + exp(-(w[0]*x[0] + w[1]*x[1] + w[2])))",
    "a = reshape(arange(12), 3, 4)\nb = a[:, [0, 2]]\nc = concat([b, b], axis=1)\n"
    "d = stack(c, c, axis=0)\nsum(softmax(d, axis=-1) * log_softmax(d), axis=[0, 1])",
    "z = randn(4, 3, seed=2)\ny = [0, 2, 1, 1]\nL = cross_entropy(z, y) + mse(z, ones(4, 3))",
    "  e = e * 2\n  p = maximum(linspace(-1, 1, 5), 0) * e\n  q = transpose(eye(5) @ p)\n  q.T",
    "x = full(2, 3, value=0.5)\ny = logsumexp(x, axis=1, keepdims=True) - max(x) + min(x)",
]

TOKENS = [
    *("x", "y", "W", "b", "h", "L", "out", "pi", "e", "q", "é", "ｅｘｐ"),
    *("exp", "log", "tanh", "relu", "sum", "max", "mean", "softmax", "reshape", "concat"),
    *("stack", "dot", "mse", "cross_entropy", "zeros", "ones", "full", "eye", "arange"),
    *("linspace", "randn", "rand", "transpose", "maximum", "abs", "sigmoid", "logsumexp"),
    *("0", "1", "2", "-1", "2.5", "1e3", "1e400", "0x10", "10**9", "9**9**9", "[]", "[1, 2]"),
    *("+", "-", "*", "/", "**", "@", "%", "//", "=", "==", ",", ":", ";", ".", ".T", "..."),
    *("(", ")", "[", "]", "{", "}", "axis=", "axis=0", "keepdims=True", "seed=1", "value=2"),
    *("axes=[1, 0]", "True", "None", "lambda", "for", "in", "if", "else", "import", "not"),
    *("'s'", '"""', "#", "\n", "\n  ", "\t", " ", "\r\n", "\ufeff", "\\", "__class__", "*x"),
]

program_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("xyWbhL0123456789.+-*/@()[]{},:;=# \n\t'\"eT_")),
        st.characters(codec="utf-8"),
    ),
    max_size=300,
)
token_program = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


@st.composite
def mutated_program(draw) -> str:
    """A valid program with a few random edits: deletions, insertions, swaps, duplications."""
    text = draw(st.sampled_from(VALID))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "insert", "replace", "duplicate", "swap"]))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        elif kind == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        elif kind == "replace":
            text = text[:at] + draw(st.characters(codec="utf-8")) + text[at + 1 :]
        elif kind == "duplicate":
            end = min(len(text), at + draw(st.integers(1, 40)))
            text = text[:end] + text[at:end] + text[end:]
        else:
            other = draw(st.integers(0, len(text)))
            lo, hi = sorted((at, other))
            text = (
                text[:lo]
                + text[hi : hi + 3]
                + text[lo + 3 : hi]
                + text[lo : lo + 3]
                + text[hi + 3 :]
            )
    return text


FUNCTIONS = [
    *("exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu", "sin", "cos", "maximum"),
    *("minimum", "dot", "sum", "mean", "max", "min", "logsumexp", "softmax", "log_softmax"),
    *("transpose", "reshape", "concat", "stack", "mse", "cross_entropy", "zeros", "ones"),
    *("full", "eye", "arange", "linspace", "randn", "rand", "frobnicate"),
]
small_int = st.integers(-3, 4).map(str)
number = st.one_of(small_int, st.sampled_from(["0.5", "-1.5", "2.0", "1e400", "4/2", "2*3"]))
shape = st.lists(st.integers(0, 4), min_size=0, max_size=3).map(
    lambda dims: ", ".join(map(str, dims))
)
literal_list = st.one_of(
    st.lists(number, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
    st.lists(st.lists(number, min_size=2, max_size=2), max_size=3).map(
        lambda rows: "[" + ", ".join("[" + ", ".join(r) + "]" for r in rows) + "]"
    ),
)
keyword = st.one_of(
    small_int.map(lambda v: f"axis={v}"),
    st.lists(small_int, max_size=3).map(lambda v: f"axis=[{', '.join(v)}]"),
    st.sampled_from(["keepdims=True", "keepdims=False", "keepdims=1", "seed=3", "value=2"]),
    st.lists(small_int, max_size=3).map(lambda v: f"axes=[{', '.join(v)}]"),
)
index_part = st.one_of(
    small_int,
    st.sampled_from([":", "::2", "1:", ":-1", "...", "::-1", "None", "[0, 1]", "[-1, 0, 0]"]),
)


def expressions(names: list[str]):
    atoms = st.one_of(st.sampled_from(names), number, literal_list)

    def extend(inner):
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**", "@"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            inner.map(lambda e: f"-{e}"),
            inner.map(lambda e: f"{e}.T"),
            st.tuples(inner, st.lists(index_part, min_size=1, max_size=3)).map(
                lambda t: f"{t[0]}[{', '.join(t[1])}]"
            ),
            st.tuples(
                st.sampled_from(FUNCTIONS),
                st.lists(st.one_of(inner, shape.filter(bool)), max_size=3),
                st.lists(keyword, max_size=2),
            ).map(lambda t: f"{t[0]}({', '.join(t[1] + t[2])})"),
            st.tuples(st.sampled_from(["concat", "stack"]), st.lists(inner, max_size=3)).map(
                lambda t: f"{t[0]}([{', '.join(t[1])}])"
            ),
        )

    return st.recursive(atoms, extend, max_leaves=8)


@st.composite
def generated_program(draw) -> str:
    """Syntactically valid programs with random shapes, calls, keywords and indices."""
    lines, names = [], []
    for i in range(draw(st.integers(1, 3))):
        dims = draw(shape)
        lines.append(f"v{i} = {draw(st.sampled_from(['randn', 'ones', 'arange']))}({dims})")
        names.append(f"v{i}")
    lines.append("y = [0, 1]")
    names.append("y")
    for i in range(draw(st.integers(1, 4))):
        lines.append(f"n{i} = {draw(expressions(names))}")
        names.append(f"n{i}")
    if draw(st.booleans()):
        lines.append(draw(expressions(names)))
    return "\n".join(lines)


def check(source: str) -> None:
    """The one property: a Program or a ProgramError, quickly, and well-formed either way."""
    start = time.perf_counter()
    try:
        program = parse_program(source, LIMITS)
    except ProgramError as err:
        assert err.kind in ERROR_KINDS
        lines = max(1, source.count("\n") + source.count("\r") - source.count("\r\n") + 1)
        assert 1 <= err.line <= lines, (str(err), source)
        assert err.col >= 1
        assert (err.end_line, err.end_col) >= (err.line, err.col)
        assert str(err.message) and "\n" not in str(err.message)
        assert err.render(source).startswith(str(err))
    else:
        nodes, stack = {}, [program.output]
        while stack:
            tensor = stack.pop()
            if tensor.serial not in nodes:
                nodes[tensor.serial] = tensor
                stack.extend(tensor.inputs)
        for tensor in nodes.values():
            assert tensor.serial in program.spans
            assert tensor.name
        assert program.n_ops <= LIMITS.max_ops
        with np.errstate(all="ignore"):
            program.output.backward()
    assert time.perf_counter() - start < SECONDS, source


@FUZZ
@given(program_text)
def test_random_text_gives_only_program_errors(source):
    check(source)


@FUZZ
@given(token_program)
def test_random_token_sequences_give_only_program_errors(source):
    check(source)


@FUZZ
@given(mutated_program())
def test_mutated_valid_programs_give_only_program_errors(source):
    check(source)


@settings(FUZZ, max_examples=100)  # generating recursive programs is the slow part
@given(generated_program())
def test_generated_programs_give_only_program_errors(source):
    check(source)


def test_the_valid_seed_programs_are_valid():
    for source in VALID:
        parse_program(source, LIMITS)
