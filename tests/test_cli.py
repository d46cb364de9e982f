"""The command line, run as users run it: real processes, `python -m engine` and `backprop`.

The contract is the program-language contract's "The command line" section.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from app_support import dot_statements

from engine import cli
from engine.views import session

REPO_ROOT = Path(__file__).resolve().parent.parent
BACKPROP = Path(sys.executable).parent / "backprop"
ERROR_LINE = re.compile(r"^error: line \d+, col \d+: \S")

SIGMOID = (
    "# CS231n: a two-input sigmoid neuron\n"
    "x = [-1.0, -2.0]\n"
    "w = [2.0, -3.0, -3.0]\n"
    "f = 1 / (1 + exp(-(w[0]*x[0] + w[1]*x[1] + w[2])))\n"
)
CIRCUIT = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z\n"


def engine_run(*args: str, stdin: str | None = None, command=None) -> subprocess.CompletedProcess:
    """Run `python -m engine ARGS` (or another command) from the repository root."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PYTHONIOENCODING": ""}
    return subprocess.run(
        [*(command or [sys.executable, "-m", "engine"]), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO_ROOT,
        env=env,
        timeout=120,
    )


@pytest.fixture
def program_file(tmp_path):
    def write(text: str, name: str = "program.txt") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def assert_one_error_line(done: subprocess.CompletedProcess, status: int = 2) -> str:
    assert done.returncode == status, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert done.stdout == ""
    return lines[0]


def assert_sigmoid_numbers(report: dict) -> None:
    assert report["output"] == "f"
    assert report["shape"] == []
    assert report["value"] == pytest.approx(0.7310585786300049, abs=1e-12)
    grads = report["grads"]
    assert grads["w"] == pytest.approx(
        [-0.19661193324148185, -0.3932238664829637, 0.19661193324148185], abs=1e-12
    )
    assert grads["x"] == pytest.approx([0.3932238664829637, -0.5898357997244456], abs=1e-12)


# -- grad -------------------------------------------------------------------------------------


def test_grad_gives_the_published_sigmoid_neuron_numbers(program_file):
    done = engine_run("grad", program_file(SIGMOID))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    report = json.loads(done.stdout)
    assert_sigmoid_numbers(report)
    assert set(report) == {"output", "shape", "value", "values", "grads"}
    assert list(report["values"]) == ["x", "w", "f"]
    assert report["values"]["x"] == [-1.0, -2.0]
    assert report["values"]["f"] == report["value"]
    assert report["grads"]["f"] == 1.0


def test_grad_reads_standard_input():
    done = engine_run("grad", "-", stdin=SIGMOID)
    assert done.returncode == 0, done.stderr
    assert_sigmoid_numbers(json.loads(done.stdout))


def test_backprop_console_script(program_file):
    if not BACKPROP.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{BACKPROP} is missing: `pip install -e .` installs it")
        pytest.skip(f"{BACKPROP} is not installed (run `pip install -e .`)")
    done = engine_run("grad", program_file(SIGMOID), command=[str(BACKPROP)])
    assert done.returncode == 0, done.stderr
    assert_sigmoid_numbers(json.loads(done.stdout))
    failed = engine_run("grad", "-", stdin="y = tanh(x)\n", command=[str(BACKPROP)])
    assert assert_one_error_line(failed) == (
        "error: line 1, col 10: unknown name `x`; "
        "assign a name before using it, e.g. x = [1.0, 2.0]"
    )


def test_grad_writes_non_finite_numbers_as_strings():
    done = engine_run("grad", "-", stdin="x = [0.0, 1.0]; y = log(x)\n")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)  # standard JSON: no NaN / Infinity tokens
    assert "NaN" not in done.stdout and "Infinity" not in done.stdout
    assert report["value"] == ["-inf", 0.0]
    assert report["values"]["y"] == ["-inf", 0.0]
    assert report["grads"]["x"] == ["inf", 1.0]
    assert report["shape"] == [2]


def test_grad_values_cover_every_variable_and_grads_skip_labels():
    program = (
        "X = [[1.0, 2.0], [0.5, -1.0]]\n"
        "labels = [0, 1]\n"
        "unused = [5.0]\n"
        "W = [[1.0, 0.0], [0.0, 1.0]]\n"
        "logits = X @ W\n"
        "cross_entropy(logits, labels)\n"
    )
    done = engine_run("grad", "-", stdin=program)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["output"] == "out"
    assert list(report["values"]) == ["X", "labels", "unused", "W", "logits", "out"]
    assert "labels" not in report["grads"]
    assert report["grads"]["unused"] == [0.0]  # does not reach the output: zero
    assert set(report["grads"]) == {"X", "unused", "W", "logits", "out"}
    assert len(report["grads"]["W"]) == 2 and len(report["grads"]["W"][0]) == 2


# -- errors -----------------------------------------------------------------------------------

# Every hint of the contract's decisions table, and the line the command prints for it.
CONTRACT_HINTS = [
    (  # positional axis
        "x = [1.0, 2.0]\nL = sum(x, 0)\n",
        "error: line 2, col 12: sum takes its axis only as a keyword; write axis=0",
    ),
    (
        "x = [[1.0, 2.0]]\nL = mean(x, -1)\n",
        "error: line 2, col 13: mean takes its axis only as a keyword; write axis=-1",
    ),
    (
        "x = [1.0, -2.0]\nL = max(x, 0)\n",
        "error: line 2, col 12: max takes its axis only as a keyword; "
        "max(x, 0) is not relu: use maximum(x, 0) elementwise, or max(x, axis=0)",
    ),
    (
        "x = [1.0, -2.0]\nL = min(x, 0)\n",
        "error: line 2, col 12: min takes its axis only as a keyword; "
        "min(x, 0) is not elementwise: use minimum(x, 0) elementwise, or min(x, axis=0)",
    ),
    (  # a number among concat's or stack's arrays, in either form, signed or not
        "a = [1.0]\nb = [2.0]\nL = concat(a, b, 1)\n",
        "error: line 3, col 18: concat joins arrays, and 1 is a number: "
        "an axis is given by keyword; write axis=1",
    ),
    (
        "a = [1.0]\nb = [2.0]\nL = stack([a, b, -1])\n",
        "error: line 3, col 18: stack joins arrays, and -1 is a number: "
        "an axis is given by keyword; write axis=-1",
    ),
    (  # dot of more than two axes points to @
        "a = ones(2, 2, 2)\nb = randn(2, 2, 2)\nL = dot(b, b)\n",
        "error: line 3, col 5: dot takes arrays of at most 2 axes, not shapes (2, 2, 2) and "
        "(2, 2, 2); use @ for more axes: a @ b multiplies stacks of matrices",
    ),
]


@pytest.mark.parametrize(("program", "expected"), CONTRACT_HINTS)
def test_the_contracts_hints_are_on_the_error_line(program, expected):
    for command in ("grad", "trace", "dot"):
        done = engine_run(command, "-", stdin=program)
        assert assert_one_error_line(done) == expected, command


def test_the_console_script_prints_the_hint_too(program_file):
    if not BACKPROP.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{BACKPROP} is missing: `pip install -e .` installs it")
        pytest.skip(f"{BACKPROP} is not installed (run `pip install -e .`)")
    program, expected = CONTRACT_HINTS[0]
    done = engine_run("grad", program_file(program), command=[str(BACKPROP)])
    assert assert_one_error_line(done) == expected


@pytest.mark.parametrize(
    ("program", "expected"),
    [
        ("x = [1.0, 2.0\n", r"^error: line 1, col 5: "),  # a syntax error
        ("x = 2\ny = tanh(q)\n", r"^error: line 2, col 10: unknown name `q`"),
        (
            "a = [1.0, 2.0]\nb = [1.0, 2.0, 3.0]\nc = a @ b\n",
            r"^error: line 3, col 5: shapes \(2,\) and \(3,\) cannot be multiplied with @",
        ),
        ("# nothing but a comment\n", r"^error: line 1, col 1: the program is empty"),
    ],
)
def test_a_problem_in_the_program_is_one_line_and_status_2(program, expected):
    for command in ("grad", "trace", "dot", "torch"):
        done = engine_run(command, "-", stdin=program)
        line = assert_one_error_line(done)
        assert ERROR_LINE.match(line), line
        assert re.match(expected, line), line


@pytest.mark.parametrize(
    ("program", "position"),
    [
        ("x = zeros(2**62, 0)\n", "line 1, col 5"),
        ("x = eye(0, 10**30)\n", "line 1, col 5"),
        ("x = [1.0]\ny = reshape(zeros(0), 10**30, 0) + x\n", "line 2, col 5"),
    ],
)
def test_a_shape_numpy_would_refuse_is_a_program_error_not_an_internal_one(program, position):
    done = engine_run("grad", "-", stdin=program)
    line = assert_one_error_line(done)
    assert line.startswith(f"error: {position}: "), line
    assert "internal error" not in line and "no elements" in line


@pytest.mark.parametrize("command", ["grad", "trace", "dot"])
def test_non_finite_results_leave_standard_error_empty(command):
    """inf and nan are values (the contract): numpy's RuntimeWarnings never reach stderr."""
    program = "x = [0.0, 1e300]\ny = sum(log(x) * x ** 2 / x + exp(x))\n"
    done = engine_run(command, "-", stdin=program)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    if command == "grad":
        assert json.loads(done.stdout)["grads"]["x"] == ["nan", "nan"]


def test_a_missing_file_is_status_2(tmp_path):
    missing = tmp_path / "nowhere.txt"
    line = assert_one_error_line(engine_run("grad", str(missing)))
    assert line == f"error: line 1, col 1: cannot read {missing}: no such file or directory"


def test_a_file_that_is_not_text_is_status_2(program_file, tmp_path):
    path = tmp_path / "binary.txt"
    path.write_bytes(b"x = \xff\xfe\n")
    line = assert_one_error_line(engine_run("trace", str(path)))
    assert line.startswith(f"error: line 1, col 1: cannot read {path}: it is not UTF-8 text")


@pytest.mark.parametrize(
    "args",
    [
        ["dot", "PROGRAM", "--step", "-1"],
        ["dot", "PROGRAM", "--step", "1.5"],
        ["dot", "PROGRAM", "--step", "two"],
        ["dot", "PROGRAM", "--step"],
        ["grad"],
        ["frobnicate", "PROGRAM"],
        [],
        ["grad", "PROGRAM", "--verbose"],
    ],
)
def test_bad_arguments_are_one_line_and_status_2(args, program_file):
    path = program_file(CIRCUIT)
    line = assert_one_error_line(engine_run(*[path if a == "PROGRAM" else a for a in args]))
    assert ERROR_LINE.match(line), line
    assert "--help" in line


def test_an_internal_bug_is_one_line_and_status_1(monkeypatch, capsys, program_file):
    from engine.views import graphsvg

    def broken(*args, **kwargs):
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr(graphsvg, "graph_dot", broken)
    status = cli.main(["dot", program_file(CIRCUIT)])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""
    assert captured.err == "error: internal error: RuntimeError: a bug over two lines\n"


# -- trace ------------------------------------------------------------------------------------


def test_trace_prints_every_step_in_order(program_file):
    done = engine_run("trace", program_file(SIGMOID))
    assert done.returncode == 0, done.stderr
    text = done.stdout
    headers = re.findall(r"^Step (\d+) of (\d+): ", text, re.M)
    assert [int(k) for k, _ in headers] == list(range(1, 14))
    assert {n for _, n in headers} == {"13"}
    for word in ("upstream ∂f/∂", "local ∂", "downstream = upstream · local"):
        assert word in text
    assert "Seed: the upstream of f is 1" in text
    assert re.search(r"^  w +leaf +\(3,\) +\[-0\.1966, -0\.3932, 0\.1966\]", text, re.M)
    assert re.search(r"^  x +leaf +\(2,\) +\[0\.3932, -0\.5898\]", text, re.M)


def test_trace_of_the_circuit_shows_each_gate(program_file):
    done = engine_run("trace", "-", stdin=CIRCUIT)
    assert done.returncode == 0, done.stderr
    assert "Step 1 of 2: f = q * z   [mul, line 5, col 5]" in done.stdout
    assert "downstream = upstream · local = 1 · -4 = -4" in done.stdout
    assert "downstream = upstream · local = 1 · 3 = 3" in done.stdout
    assert "Step 2 of 2: q = x + y   [add, line 4, col 5]" in done.stdout
    assert "downstream = upstream · local = -4 · 1 = -4" in done.stdout


# -- dot --------------------------------------------------------------------------------------


def cards(dot: str) -> dict[tuple[str, str], dict[str, str]]:
    """Each input edge's label in a DOT export, by (tail, head): its upstream, local and
    downstream (a circuit has no two edges between the same two nodes)."""
    edges = [entry for entry in dot_statements(dot) if entry.get("card")]
    return {(entry["tail"], entry["head"]): entry["card"] for entry in edges}


def test_dot_steps(program_file):
    path = program_file(CIRCUIT)
    by_step = {}
    for step in ("0", "1", "2", "99"):
        done = engine_run("dot", path, "--step", step)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("digraph backprop {") and done.stdout.endswith("}\n")
        by_step[step] = done.stdout
    whole = engine_run("dot", path)
    assert whole.returncode == 0
    assert by_step["99"] == by_step["2"] == whole.stdout  # past the end: the finished pass
    assert len({by_step["0"], by_step["1"], by_step["2"]}) == 3
    trace = session.run(CIRCUIT).trace
    x, y, z, q, f = (f"v{trace.by_name(name).id}" for name in "xyzqf")
    op_q, op_f = (f"op{trace.by_name(name).id}" for name in "qf")
    edges = {step: cards(dot) for step, dot in by_step.items()}
    # Every input edge is labelled with its upstream, local and downstream, in that order.
    for labelled in edges.values():
        assert set(labelled) == {(x, op_q), (y, op_q), (q, op_f), (z, op_f)}
        assert all(list(card) == ["upstream", "local", "downstream"] for card in labelled.values())
    # Before the first step only the seed is known ("?" for the rest) ...
    assert edges["0"][(q, op_f)] == {"upstream": "1", "local": "· ?", "downstream": "= ?"}
    assert edges["0"][(x, op_q)] == {"upstream": "?", "local": "· ?", "downstream": "= ?"}
    # ... step 1 runs the multiply gate ...
    assert edges["1"][(q, op_f)] == {"upstream": "1", "local": "· -4", "downstream": "= -4"}
    assert edges["1"][(z, op_f)] == {"upstream": "1", "local": "· 3", "downstream": "= 3"}
    assert edges["1"][(x, op_q)] == {"upstream": "-4", "local": "· ?", "downstream": "= ?"}
    # ... and step 2 the add gate: CS231n's ∂f/∂x = ∂f/∂y = -4.
    for tail in (x, y):
        assert edges["2"][(tail, op_q)] == {"upstream": "-4", "local": "· 1", "downstream": "= -4"}
    assert "?" not in by_step["2"]


def test_dot_output_is_valid_graphviz(program_file):
    import shutil

    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed")
    done = engine_run("dot", program_file(SIGMOID), "--step", "4")
    drawn = subprocess.run(
        ["dot", "-Tsvg"], input=done.stdout, capture_output=True, text=True, timeout=60
    )
    assert drawn.returncode == 0, drawn.stderr
    assert "<svg" in drawn.stdout


# -- torch ------------------------------------------------------------------------------------


def test_torch_prints_the_pytorch_script(program_file):
    from engine.language import parse_program
    from engine.views.torch_export import torch_script

    done = engine_run("torch", program_file(SIGMOID))
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout == torch_script(parse_program(SIGMOID))
    assert engine_run("torch", "-", stdin=SIGMOID).stdout == done.stdout
    assert "f = 1.0 / (1.0 + torch.exp(-(w[0] * x[0] + w[1] * x[1] + w[2])))\n" in done.stdout


@pytest.mark.torch
@pytest.mark.parametrize("program", [SIGMOID, CIRCUIT, "x = [[1.0, 0.0], [2.0, 2.0]]\nm = max(x)"])
def test_the_torch_script_run_by_python_prints_the_grad_commands_gradients(program):
    """The whole path: `backprop torch - | python` against `backprop grad -`."""
    pytest.importorskip("torch")
    script = engine_run("torch", "-", stdin=program).stdout
    ran = engine_run(command=[sys.executable, "-"], stdin=script)
    assert ran.returncode == 0 and ran.stderr == "", ran.stderr
    grads = json.loads(engine_run("grad", "-", stdin=program).stdout)["grads"]
    printed = {
        line.split(" ", 1)[0]: json.loads(line.split(" ", 1)[1]) for line in ran.stdout.splitlines()
    }
    assert printed and set(printed) <= set(grads)  # the leaves; grad also has intermediates
    for name, gradient in printed.items():
        np.testing.assert_allclose(gradient, grads[name], rtol=1e-12, atol=1e-12, err_msg=name)


# -- help -------------------------------------------------------------------------------------


def test_help_shows_examples_for_each_command():
    main_help = engine_run("--help")
    assert main_help.returncode == 0 and main_help.stderr == ""
    assert "examples:" in main_help.stdout
    for command in ("grad", "trace", "dot", "torch"):
        assert f"backprop {command} " in main_help.stdout
        sub = engine_run(command, "--help")
        assert sub.returncode == 0, sub.stderr
        assert "examples:" in sub.stdout
        assert f"backprop {command} " in sub.stdout
        assert "PROGRAM" in sub.stdout
    assert "--step K" in engine_run("dot", "--help").stdout


def test_jsonable():
    import numpy as np

    assert cli.jsonable(np.array([[1.0, np.nan], [np.inf, -np.inf]])) == [
        [1.0, "nan"],
        ["inf", "-inf"],
    ]
    assert cli.jsonable(np.float64(2.5)) == 2.5
    assert json.loads(json.dumps(cli.jsonable(np.array(np.nan)))) == "nan"


def test_look_alike_names_are_a_warning_on_stderr_and_the_run_succeeds():
    done = engine_run("grad", "-", stdin="a = 1.0\n\u0430 = 2.0\nL = a * \u0430\n")
    assert done.returncode == 0
    assert json.loads(done.stdout)["grads"] == {"a": 2.0, "\u0430": 1.0, "L": 1.0}
    assert done.stderr.splitlines() == [
        "warning: line 2, col 1: `\u0430` looks like `a` (line 1) but is a different name: "
        "it has \u0430 U+0430 CYRILLIC where `a` has a U+0061 LATIN"
    ]
