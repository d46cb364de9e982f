"""Hostile programs (issue 15): peak RSS and wall time of ``backprop trace``, and the
gradient check's time on the 17-product program, for any checkout.

Each program runs as the command line runs it, in a fresh process
(``python -m engine trace FILE``), with the checkout given by ``--repo`` first
on ``PYTHONPATH``; its peak RSS is the child's ``ru_maxrss`` (``os.wait4``).
Point ``--repo`` at an older checkout to get the "before" figures::

    .venv/bin/python bench/hostile.py                      # this checkout
    .venv/bin/python bench/hostile.py --repo /work/main    # another one
    .venv/bin/python bench/hostile.py --uses 1000          # the issue's own count (7.7 GB before)

The gradient check is measured in a child too: the replay of one leaf's
forward pass is timed once, and the time of a check is the number of replays
the checkout's budget lets through times that. A checkout with
``engine.autodiff.gradcheck_work`` (the work budget) is also run for real.

Not a test: nothing here is collected by pytest. The report (Markdown) goes to
stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent


def stack_of_uses(uses: int) -> str:
    """One large leaf, one entry of it taken ``uses`` times: a downstream of x per use."""
    return "x = randn(1000, 1000, seed=0)\nZ = stack(" + ", ".join(["x[0, 0]"] * uses) + ")\n"


def index_rows(count: int) -> str:
    """``count`` index operations on one large tensor, each summed into the loss."""
    lines = ["x = randn(1000, 1000, seed=0)", "s0 = sum(x[0])"]
    lines += [f"s{i} = s{i - 1} + sum(x[{i}])" for i in range(1, count)]
    return "\n".join(lines) + "\n"


def concat_inputs(count: int) -> str:
    """A step with ``count`` inputs."""
    return "x = randn(10, seed=0)\nZ = concat(" + ", ".join(["x"] * count) + ")\n"


def sum_chain(lines: int) -> str:
    """``b = a + sum(x)``, line after line."""
    body = [f"b{i} = b{i - 1} + sum(x)" for i in range(1, lines)]
    return "\n".join(["x = randn(100, seed=0)", "b0 = x * 1", *body]) + "\n"


def seventeen_products() -> str:
    """17 chained products of 1000 × 1000 matrices and a 9,523-entry leaf: 21 nodes, so
    the old count (2 × 9,523 × 21 = 399,966 operation calls) let the leaf be checked."""
    # Unscaled (entries grow about 250-fold a product, still finite): scaling A would
    # make a second 1000 × 1000 constant and pass the limit on all arrays together.
    lines = ["A = rand(1000, 1000, seed=0)", "b = randn(9523, seed=1)"]
    lines += ["H1 = A @ A * sum(b)", *(f"H{i} = H{i - 1} @ A" for i in range(2, 18))]
    return "\n".join(lines) + "\n"


def programs(uses: int) -> dict[str, str]:
    return {
        f"stack of x[0, 0], {uses} uses": stack_of_uses(uses),
        "200 index operations on a 1000 × 1000 x": index_rows(200),
        "a step with 1,000 inputs (concat)": concat_inputs(1000),
        "100 lines of b = a + sum(x)": sum_chain(100),
        "17 chained 1000 × 1000 products": seventeen_products(),
        "zeros(2**62, 0)": "x = zeros(2**62, 0)\n",
        "eye(0, 10**30)": "x = eye(0, 10**30)\n",
        "reshape(zeros(0), 10**30, 0)": "x = [1.0]\ny = reshape(zeros(0), 10**30, 0) + x\n",
    }


def run_trace(repo: Path, source: str, timeout: float) -> dict:
    """``python -m engine trace`` on ``source`` in a fresh process: status, time, peak RSS."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write(source)
    env = {**os.environ, "PYTHONPATH": str(repo)}
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "engine", "trace", f.name],
            cwd=repo,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace").strip().splitlines()
    os.unlink(f.name)
    code = os.waitstatus_to_exitcode(status)
    timed_out = seconds > timeout
    return {
        "status": "killed after timeout" if timed_out else code,
        "seconds": seconds,
        "peak_mib": usage.ru_maxrss / 1024,  # kilobytes on Linux
        "stderr": stderr[0][:110] if stderr else "",
    }


def gradcheck_child() -> None:
    """In a child with the checkout on sys.path: time one replay, then the check."""
    import numpy as np

    from engine import session
    from engine.autodiff import _replay, graph_nodes
    from engine.language import Limits

    result = session.run(seventeen_products(), Limits.from_env())
    program = result.program
    nodes = graph_nodes(program.output, constants=True)
    leaf = program.leaves["b"]
    started = time.perf_counter()
    with np.errstate(all="ignore"):
        _replay(nodes, {leaf.serial: leaf.data})
    replay = time.perf_counter() - started
    n_nodes = program.n_ops + len(program.leaves)
    old_rule = {  # the operation-call count of the checkouts before the work budget
        name: 2 * t.size * n_nodes <= 400_000 for name, t in program.leaves.items()
    }
    report = {"replay_seconds": replay, "n_nodes": n_nodes, "old_rule_checks": old_rule}
    try:
        from engine.autodiff import gradcheck_work
    except ImportError:  # before: the check would run; estimate it from one replay
        replays = sum(2 * t.size for name, t in program.leaves.items() if old_rule[name])
        report["check_seconds_estimated"] = replays * replay
    else:
        report["work_b"] = gradcheck_work(program.output, leaf)
        started = time.perf_counter()
        checked = session.gradcheck_leaves(program)
        report["check_seconds"] = time.perf_counter() - started
        report["skipped"] = checked.skipped
        report["stopped"] = checked.stopped
    print(json.dumps(report))


def run_gradcheck(repo: Path) -> dict:
    done = subprocess.run(
        [sys.executable, str(HERE), "--child", "gradcheck"],
        cwd=repo,
        # The product uses A 17 times: its recorded pass passes the default pass limit.
        env={**os.environ, "PYTHONPATH": str(repo), "CHAINRULE_MAX_PASS_ELEMENTS": "1000000000"},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--uses", type=int, default=200, help="uses of x[0, 0] (issue: 1,000)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per program")
    parser.add_argument("--only", action="append", default=[], help="programs whose name has this")
    parser.add_argument("--no-gradcheck", action="store_true")
    parser.add_argument("--child", choices=["gradcheck"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        gradcheck_child()
        return 0
    repo = args.repo.resolve()
    commit = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    print(f"## `backprop trace` on hostile programs: {repo} ({commit})\n")
    print("| program | exit | wall | peak RSS | standard error |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, source in programs(args.uses).items():
        if args.only and not any(part in name for part in args.only):
            continue
        row = run_trace(repo, source, args.timeout)
        print(
            f"| {name} | {row['status']} | {row['seconds']:.1f} s | {row['peak_mib']:,.0f} MiB | "
            f"{row['stderr'].replace('|', '/')} |",
            flush=True,
        )
    if not args.no_gradcheck:
        print("\n## The gradient check on the 17-product program\n")
        print("```json\n" + json.dumps(run_gradcheck(repo), indent=1) + "\n```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
