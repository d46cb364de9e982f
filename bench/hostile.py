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
``engine.core.jacobian.gradcheck_work`` (the work budget) is also run for real.

Three more measurements run the app's own functions in a child process (the
checkout's ``ui.py`` imported without a Streamlit server, its caches working as
in the app):

* ``--rss``: the resident memory after 200 and 1,000 different runs of a large
  program (``ui.cached_run`` and the step panel of step 1, a new seed each time);
* ``--latency``: another session's step (a small program's ``session.run`` and
  ``steps.step_panel``, in a second thread) while one session runs each hostile
  program through ``ui.cached_run``, ``ui.cached_payload`` (the graph laid out)
  and its step panel, against the same step on an idle server;
* ``--panel``: the page of a step with 1,000 inputs (``concat(x, x, …)``) run by
  Streamlit's AppTest, as a browser's step would make it, with a time limit::

    .venv/bin/python bench/hostile.py --rss --latency --panel --no-trace --no-gradcheck

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


def large_program(seed: int, uses: int = 8) -> str:
    """A large program, different for each seed: a 1000 × 1000 leaf, one entry of it taken
    ``uses`` times (a downstream of 8 MB per use in the recorded pass)."""
    return stack_of_uses(uses).replace("seed=0", f"seed={seed}")


def _rss_mib() -> tuple[float, float]:
    """(resident now, peak resident) of this process, in MiB (Linux)."""
    fields = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            fields[name] = value
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _app_modules():
    """The checkout's ``ui`` (its cached functions) and ``engine.views.steps``, quietly."""
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    import ui
    from engine.views import steps

    for name in list(logging.Logger.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)
    return ui, steps


def rss_child(runs: int) -> None:
    """RSS after ``runs`` different large programs through the app's cached run and panel."""
    ui, steps = _app_modules()
    report = {"start_mib": _rss_mib()[0], "at": {}}
    started = time.perf_counter()
    for k in range(1, runs + 1):
        result = ui.cached_run(large_program(k))
        assert isinstance(result, ui.RunOk), result
        steps.step_panel(result.graph, 1)
        if k in (1, 32, 200, 1000) or k == runs:
            now, peak = _rss_mib()
            report["at"][k] = {
                "rss_mib": now,
                "peak_mib": peak,
                "seconds": time.perf_counter() - started,
            }
    print(json.dumps(report))


def _small_step(k: int) -> float:
    """Another session's step: a small program it has not run before, and its step panel."""
    from engine.views import session, steps

    source = f"x = randn(4, seed={k})\nW = randn(3, 4, seed={k + 1})\nL = sum(tanh(W @ x) ** 2)\n"
    started = time.perf_counter()
    result = session.run(source)
    steps.step_panel(result.graph, 2)
    return time.perf_counter() - started


def latency_child(name: str, source: str, timeout: float) -> None:
    """Another session's step latency while this one runs ``source`` (in a thread)."""
    import statistics
    import threading

    ui, steps = _app_modules()
    idle = [_small_step(k) for k in range(20)]
    done = threading.Event()
    outcome: dict = {}

    def hostile() -> None:
        begun = time.perf_counter()
        try:
            result = ui.cached_run(source)
            outcome["run_seconds"] = time.perf_counter() - begun
            outcome["ok"] = isinstance(result, ui.RunOk)
            outcome["error"] = None if outcome["ok"] else str(result.error.message)[:80]
            if isinstance(result, ui.RunOk):  # what a page shows first: the graph, laid
                ui.cached_payload(source, "en", 1.25)  # out once, and a step
                outcome["graph_seconds"] = time.perf_counter() - begun - outcome["run_seconds"]
                steps.step_panel(result.graph, 1)
        except Exception as error:
            outcome["ok"], outcome["error"] = False, f"{type(error).__name__}: {error}"[:80]
        outcome["seconds"] = time.perf_counter() - begun
        done.set()

    threading.Thread(target=hostile, daemon=True).start()
    busy, k = [], 1000
    deadline = time.perf_counter() + timeout
    while not done.is_set() and time.perf_counter() < deadline:
        busy.append(_small_step(k))
        k += 1
    if not done.is_set():
        outcome.update(ok=False, error="still running at the time limit", seconds=timeout)
    now, peak = _rss_mib()
    print(
        json.dumps(
            {
                "program": name,
                **outcome,
                "peak_mib": peak,
                "idle_median_ms": 1000 * statistics.median(idle),
                "busy_median_ms": 1000 * statistics.median(busy) if busy else None,
                "busy_max_ms": 1000 * max(busy) if busy else None,
                "busy_steps": len(busy),
            }
        )
    )
    sys.stdout.flush()
    os._exit(0)  # a hostile thread still running is not waited for


def panel_child(timeout: float) -> None:
    """The page of a 1,000-input step through AppTest: seconds, or the time limit."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path.cwd() / "app.py"), default_timeout=timeout)
    at.query_params["program"] = concat_inputs(1000)
    at.query_params["step"] = "0"
    at.run()
    started = time.perf_counter()
    at.session_state["main_step"] = 1
    try:
        at.run()
        seconds, status = time.perf_counter() - started, "shown"
    except RuntimeError:  # AppTest's timeout
        seconds, status = time.perf_counter() - started, "timed out"
    texts = [element.value for element in at.markdown]
    cue = next((text for text in texts if "more inputs" in text), None)
    # What the browser is given to draw (AppTest does not draw; a browser drawing 1,000
    # columns of matrices took minutes): the page's elements, by kind.
    kinds = ("markdown", "latex", "code", "caption", "plotly_chart", "info", "warning")
    elements = {kind: len(at.get(kind)) for kind in kinds}
    print(json.dumps({"status": status, "seconds": seconds, "cue": cue, "elements": elements}))
    sys.stdout.flush()
    os._exit(0)


def _child(repo: Path, args: list[str], timeout: float, env: dict | None = None) -> dict:
    try:
        done = subprocess.run(
            [sys.executable, str(HERE), *args],
            cwd=repo,
            env={**os.environ, "PYTHONPATH": str(repo), **(env or {})},
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"killed after {timeout:.0f} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        return {"error": (done.stderr.strip().splitlines() or ["no output"])[-1][:120]}
    return json.loads(lines[-1])


def many_products(count: int) -> str:
    """``count`` products of a 100 × 10,000 and a 10,000 × 100 matrix: inside every limit on
    elements (each result has 10,000), about a second of numpy each on a busy 2-core machine,
    so only the run's time budget stops it."""
    lines = ["A = rand(100, 10000, seed=0)", "B = rand(10000, 100, seed=1)"]
    lines += [f"C{i} = A @ B" for i in range(count)]
    return "\n".join(lines) + "\nL = sum(C0)\n"


def programs(uses: int) -> dict[str, str]:
    return {
        "1,000 products (100 × 10,000) @ (10,000 × 100)": many_products(1000),
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

    from engine.core.autodiff import graph_nodes, replay_values
    from engine.language import Limits
    from engine.views import session

    result = session.run(seventeen_products(), Limits.from_env())
    program = result.program
    nodes = graph_nodes(program.output, constants=True)
    leaf = program.leaves["b"]
    started = time.perf_counter()
    with np.errstate(all="ignore"):
        replay_values(nodes, {leaf.serial: leaf.data})
    replay = time.perf_counter() - started
    n_nodes = program.n_ops + len(program.leaves)
    old_rule = {  # the operation-call count of the checkouts before the work budget
        name: 2 * t.size * n_nodes <= 400_000 for name, t in program.leaves.items()
    }
    report = {"replay_seconds": replay, "n_nodes": n_nodes, "old_rule_checks": old_rule}
    try:
        from engine.core.jacobian import gradcheck_work
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
    parser.add_argument("--no-trace", action="store_true", help="skip `backprop trace`")
    parser.add_argument("--rss", action="store_true", help="RSS after 200 and 1,000 runs")
    parser.add_argument("--runs", type=int, default=1000, help="runs for --rss")
    parser.add_argument("--latency", action="store_true", help="another session's step")
    parser.add_argument("--panel", action="store_true", help="a 1,000-input step's page")
    parser.add_argument(
        "--child", choices=["gradcheck", "rss", "latency", "panel"], help=argparse.SUPPRESS
    )
    parser.add_argument("--program", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "gradcheck":
        gradcheck_child()
        return 0
    if args.child == "rss":
        rss_child(args.runs)
        return 0
    if args.child == "latency":
        latency_child(args.program, programs(args.uses)[args.program], args.timeout)
        return 0
    if args.child == "panel":
        panel_child(args.timeout)
        return 0
    repo = args.repo.resolve()
    commit = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    chosen = {
        name: source
        for name, source in programs(args.uses).items()
        if not args.only or any(part in name for part in args.only)
    }
    if not args.no_trace:
        print(f"## `backprop trace` on hostile programs: {repo} ({commit})\n")
        print("| program | exit | wall | peak RSS | standard error |")
        print("| --- | ---: | ---: | ---: | --- |")
        for name, source in chosen.items():
            row = run_trace(repo, source, args.timeout)
            print(
                f"| {name} | {row['status']} | {row['seconds']:.1f} s | "
                f"{row['peak_mib']:,.0f} MiB | {row['stderr'].replace('|', '/')} |",
                flush=True,
            )
    if args.rss:
        print(f"\n## RSS after different runs of a large program: {repo} ({commit})\n")
        print(f"`{large_program(1).splitlines()[0]}` (a new seed each run), 8 uses of x[0, 0].\n")
        row = _child(repo, ["--child", "rss", "--runs", str(args.runs)], 3 * args.timeout)
        print("```json\n" + json.dumps(row, indent=1) + "\n```", flush=True)
    if args.latency:
        print(f"\n## Another session's step while one runs a hostile program: {repo} ({commit})\n")
        print(
            "| program | hostile run | its result | peak RSS | idle step "
            "| step meanwhile (median / max, n) |"
        )
        print("| --- | ---: | --- | ---: | ---: | ---: |")
        for name in chosen:
            row = _child(
                repo,
                [
                    "--child",
                    "latency",
                    "--program",
                    name,
                    "--uses",
                    str(args.uses),
                    "--timeout",
                    str(args.timeout),
                ],
                args.timeout + 120,
            )
            if "error" in row and "program" not in row:
                print(f"| {name} | — | {row['error']} | | | |", flush=True)
                continue
            busy = (
                f"{row['busy_median_ms']:.0f} ms / {row['busy_max_ms']:.0f} ms, {row['busy_steps']}"
                if row["busy_steps"]
                else "none (the run was quicker)"
            )
            result = "ok" if row.get("ok") else (row.get("error") or "")
            phases = f"{row['seconds']:.1f} s (run {row.get('run_seconds', 0):.1f} s"
            if "graph_seconds" in row:
                phases += f", graph {row['graph_seconds']:.1f} s"
            print(
                f"| {name} | {phases}) | {result} | {row['peak_mib']:,.0f} MiB | "
                f"{row['idle_median_ms']:.0f} ms | {busy} |",
                flush=True,
            )
    if args.panel:
        print(f"\n## The page of a step with 1,000 inputs (AppTest): {repo} ({commit})\n")
        row = _child(repo, ["--child", "panel", "--timeout", str(args.timeout)], args.timeout + 120)
        print("```json\n" + json.dumps(row, indent=1) + "\n```", flush=True)
    if not args.no_gradcheck:
        print("\n## The gradient check on the 17-product program\n")
        print("```json\n" + json.dumps(run_gradcheck(repo), indent=1) + "\n```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
