"""Break-out attempts against the program language, and features refused on purpose.

Every attempt sits on line 2 or later of a program whose first line is
harmless, and must fail with the expected kind at the expected line, before
anything it names is looked up, called or allocated.
"""

from __future__ import annotations

import ast
import builtins
import re
import time
from pathlib import Path

import pytest

import engine.language as language
from engine.language import ProgramError, parse_program

HARMLESS = "x = [1.0, 2.0]\n"


def refused(attempt: str, line: int = 2) -> ProgramError:
    source = HARMLESS + attempt
    start = time.perf_counter()
    with pytest.raises(ProgramError) as caught:
        parse_program(source)
    assert time.perf_counter() - start < 1.0, attempt
    err = caught.value
    assert err.line == line, (attempt, str(err))
    return err


@pytest.fixture(autouse=True)
def no_eval_exec_or_real_compile(monkeypatch):
    """Sabotage eval/exec, and compile for anything but an ast: no attempt may reach them."""
    real_compile = builtins.compile

    def only_ast(source, filename, mode, flags=0, *args, **kwargs):
        assert flags & ast.PyCF_ONLY_AST, "compile() was asked for code, not an ast"
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec was called")

    monkeypatch.setattr(builtins, "compile", only_ast)
    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    monkeypatch.setattr(builtins, "open", forbidden)


# -- dunder attributes and other attributes ----------------------------------


@pytest.mark.parametrize(
    ("attempt", "attribute"),
    [
        ("y = x.__class__", "__class__"),
        ("y = ().__class__.__bases__[0].__subclasses__()", "__subclasses__"),
        ("y = x.T.__class__.__mro__", "__mro__"),
        ("y = exp.__globals__", "__globals__"),
        ("y = pi.__class__", "__class__"),
        ("y = [].__class__.__base__", "__base__"),
        ("y = x.data", "data"),
        ("y = x.grad", "grad"),
        ("y = x.backward()", "backward"),
        ("y = __builtins__.open", "open"),
        ("y = randn(2, seed=__import__('os').getpid())", "getpid"),
        ("y = type.__subclasses__(type)", "__subclasses__"),
        ("y = __import__('os').system('echo hacked')", "system"),
    ],
)
def test_no_attribute_but_T(attempt, attribute):
    err = refused(attempt)
    assert err.kind == "unsupported"
    assert str(err.message) == f"attribute .{attribute} is not supported: only .T"


def test_a_decorated_def_is_refused_at_the_def_line_as_python_reports_it():
    err = refused("@exp\ndef f():\n    pass", line=3)
    assert (err.kind, str(err.message)) == ("unsupported", "def is not supported")


def test_assigning_an_attribute_is_refused():
    assert refused("x.T = 1").kind == "unsupported"


def test_no_attribute_is_looked_up_in_the_reader_source():
    package = Path(language.__file__).parent
    text = "\n".join(path.read_text(encoding="utf-8") for path in package.glob("*.py"))
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for forbidden in ("getattr(", "setattr(", "eval(", "exec(", "__import__", "importlib"):
        assert forbidden not in code, forbidden
    assert re.search(r"(?<![.\w])compile\(", code) is None  # re.compile is fine


# -- builtins and imports ----------------------------------------------------


@pytest.mark.parametrize(
    "attempt",
    [
        "y = __import__('os')",
        "y = open('/etc/passwd')",
        "y = getattr(x, 'T')",
        "y = eval('1 + 1')",
        "y = exec('import os')",
        "y = compile('1', 'f', 'eval')",
        "y = globals()",
        "y = locals()",
        "y = vars()",
        "y = breakpoint()",
        "y = exit()",
        "y = print(x)",
        "y = input()",
        "y = type(x)",
        "y = ｅｖａｌ('1')",  # fullwidth: NFKC makes it `eval`
    ],
)
def test_builtins_are_unknown_functions(attempt):
    assert refused(attempt).kind == "unknown-function"


@pytest.mark.parametrize(
    "attempt", ["y = __builtins__", "y = __import__", "y = os", "y = np", "y = __name__"]
)
def test_builtins_are_unknown_names(attempt):
    assert refused(attempt).kind == "unknown-name"


@pytest.mark.parametrize(
    "attempt",
    [
        "import os",
        "from os import system",
        "import numpy as np",
        "from engine import tensor",
    ],
)
def test_imports_are_refused(attempt):
    err = refused(attempt)
    assert (err.kind, str(err.message)) == ("unsupported", "import is not supported")


def test_a_dunder_name_is_just_a_variable_name():
    # Names live in the program's own table; nothing Python-level is reached.
    program = parse_program("__builtins__ = 1.0\n__class__ = __builtins__ * 2")
    assert float(program.output.data) == 2.0


# -- code constructs ---------------------------------------------------------


@pytest.mark.parametrize(
    ("attempt", "message"),
    [
        ("f = lambda: 0", "lambda is not supported"),
        ("y = (lambda: 0)()", "only a function can be called, by its name, like exp(x)"),
        ("y = [i for i in x]", "a list comprehension is not supported"),
        ("y = {i for i in x}", "a set comprehension is not supported"),
        ("y = {i: i for i in x}", "a dictionary comprehension is not supported"),
        ("y = sum(i for i in x)", "a generator expression is not supported"),
        ('y = f"{x}"', "an f-string is not supported"),
        ("y = (z := 1)", "the walrus operator := is not supported"),
        ("y = exp(*x)", "starred arguments (*a) are not supported"),
        ("y = sum(x, **{'axis': 0})", "** arguments are not supported"),
        ("y = 1 if x else 0", "a conditional expression (a if c else b) is not supported"),
        ("y = x > 0", "a comparison is not supported"),
        ("y = x and x", "and/or is not supported"),
        ("y = not x", "the operator not is not supported"),
        ("y = ~x", "the operator ~ is not supported"),
        ("y = {'a': 1}", "a dictionary is not supported"),
        ("y = (1, 2)", "a tuple is not supported"),
        ("y = await x", "await is not supported"),
        ("y = yield x", "yield is not supported"),
        ("def f():\n    return 1", "def is not supported"),
        ("class A:\n    pass", "class is not supported"),
        ("with x as y:\n    pass", "with is not supported"),
        ("for i in x:\n    pass", "a for loop is not supported"),
        ("while x:\n    pass", "a while loop is not supported"),
        ("if x:\n    pass", "an if statement is not supported"),
        ("try:\n    pass\nexcept Exception:\n    pass", "try is not supported"),
        ("match x:\n    case _:\n        pass", "match is not supported"),
        ("del x", "del is not supported"),
        ("assert x", "assert is not supported"),
        ("global x", "global is not supported"),
        ("raise x", "raise is not supported"),
        ("pass", "pass is not supported"),
        ("x += 1", "augmented assignment += is not supported"),
        ("y: float = 1.0", "an annotation is not supported"),
        ("a, b = 1, 2", "unpacking is not supported"),
        ("x[0] = 5", "assigning to part of an array is not supported"),
        ("a = b = 1", "chained assignment (a = b = ...) is not supported"),
    ],
)
def test_code_constructs_are_refused_by_name(attempt, message):
    err = refused(attempt)
    assert (err.kind, str(err.message)) == ("unsupported", message)


# -- strings -----------------------------------------------------------------


@pytest.mark.parametrize(
    "attempt",
    [
        "y = 'abc'",
        'y = b"abc"',
        "y = '%s' % x",
        "y = x['T']",
        "y = sum(x, axis='0')",
        '"""a docstring"""',
        "y = 1j",
    ],
)
def test_strings_bytes_and_complex_numbers_are_refused(attempt):
    assert refused(attempt).kind in {"unsupported", "argument"}


def test_a_string_argument_is_never_evaluated():
    # The unknown function is refused before its arguments are looked at.
    err = refused("y = system('rm -rf /')")
    assert (err.kind, err.col) == ("unknown-function", 5)


# -- huge numbers, huge allocations, deep nesting ----------------------------


@pytest.mark.parametrize(
    "attempt",
    [
        "y = 9**9**9**9",
        "y = 2**10**10",
        "y = 10**10**10**10",
        "y = (10**400) * x",
        "y = x ** 10**10",
    ],
)
def test_huge_powers_are_float64_at_once(attempt):
    start = time.perf_counter()
    parse_program(HARMLESS + attempt)
    assert time.perf_counter() - start < 0.5


def test_huge_hex_literal_is_a_float_not_a_big_integer():
    start = time.perf_counter()
    program = parse_program("y = 0x" + "f" * 4000)
    assert float(program.output.data) == float("inf")
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize(
    "attempt",
    [
        "y = zeros(10**6, 10**6)",
        "y = ones(10**9)",
        "y = x * ones(10**7)",
        "y = randn(10**5, 10**5, seed=1)",
        "y = eye(10**7)",
        "y = arange(10**10)",
        "y = linspace(0, 1, 10**10)",
        "y = full(10**4, 10**4, value=1)",
        "y = ones(1000, 1000) * ones(1000, 1, 1)",
        "y = reshape(ones(1000, 1000), 1000, 1000) + ones(2, 1, 1)",
    ],
)
def test_huge_allocations_are_refused_from_shapes(attempt):
    assert refused(attempt).kind == "limit"


@pytest.mark.parametrize(
    "attempt",
    [
        "y = " + "(" * 5000 + "x" + ")" * 5000,
        "y = " + "[" * 500 + "1" + "]" * 500,
        "y = " + "-" * 3000 + "x",
        "y = " + "exp(" * 150 + "x" + ")" * 150,
        "y = " + "x+" * 3000 + "x",
    ],
)
def test_deep_nesting_is_a_limit(attempt):
    assert refused(attempt, line=refused_line(attempt)).kind == "limit"


def refused_line(attempt: str) -> int:
    # Python's own parser may give up first without a position: then line 1 is reported.
    try:
        ast.parse(attempt)
    except (SyntaxError, RecursionError, MemoryError) as error:
        return 2 if isinstance(error, SyntaxError) and error.lineno else 1
    return 2
