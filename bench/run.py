"""Run the benchmark suite and print a Markdown report.

    python -m bench                  # the full suite: 21 rounds, then peak memory
    python bench/run.py --quick      # 5 rounds, 10 ms batches: a smoke run
    python -m bench --only W2,W6     # some workloads (--only may repeat)
    python -m bench --output r.md    # also write the report to a file

Progress goes to stderr, the report to stdout. The exit status is 1 when a
contender's gradients differ from numpy by hand's, and with ``--strict`` also
when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `engine` importable
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.harness import (
    RETRY_FACTOR,
    CaseResult,
    Mismatch,
    Settings,
    format_seconds,
    run_case,
    target_status,
)
from bench.machine import blas_env, blas_summary, cpu_model, fix_allocator
from bench.peak_memory import MemoryResult, run_all
from bench.workloads import CASES, MEMORY_CASES


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, help="rounds per case (default 21; --quick: 5)")
    parser.add_argument("--quick", action="store_true", help="5 rounds of 10 ms batches")
    parser.add_argument(
        "--only", action="append", default=[], help="workloads to run, e.g. W2 or W1,W6"
    )
    parser.add_argument("--pause", type=float, default=0.2, help="seconds before each batch")
    parser.add_argument(
        "--threads",
        type=int,
        help="BLAS/OpenMP threads for every contender (default: the libraries' own, one per core)",
    )
    parser.add_argument(
        "--busy-limit",
        type=float,
        default=0.25,
        help="run a round again when other processes used more CPU cores than this during it"
        " (at most 3× the rounds; default 0.25; inf keeps every round)",
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory children")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    args.only = {w.strip().upper() for item in args.only for w in item.split(",") if w.strip()}
    known = {case.workload for case in CASES}
    if args.only - known:
        parser.error(f"unknown workload(s) {sorted(args.only - known)}; known: {sorted(known)}")
    if args.rounds is not None and args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


def machine_lines(allocator: str, settings: Settings) -> list[str]:
    import numpy as np

    try:
        import torch

        torch_text = f"{torch.__version__}, {torch.get_num_threads()} intra-op threads"
    except ImportError:
        torch_text = "not installed: its rows are skipped"
    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    return [
        f"- machine: {os.cpu_count()} CPUs (`nproc` {len(os.sched_getaffinity(0))}),"
        f" {cpu_model()}, load average at start {load}",
        f"- Python {platform.python_version()}, numpy {np.__version__},"
        f" BLAS {blas_summary()}; {blas_env()}",
        f"- PyTorch: {torch_text}",
        f"- {allocator}",
        "- gc: objects made before timing are frozen (gc.freeze); each timed batch ends with"
        " gc.collect() inside the timing",
        f"- {settings.rounds} rounds, contender order rotated each round;"
        f" {settings.pause:g} s pause before each batch (OpenBLAS threads spin after a call);"
        f" batches calibrated once to ≥ {settings.batch_seconds * 1e3:g} ms, times per step",
        f"- a round in which other processes used more than {settings.busy_limit:g} CPU cores"
        f" is run again (at most {RETRY_FACTOR}× the rounds in all)",
    ]


def time_table(results: list[CaseResult]) -> list[str]:
    lines = [
        "| workload | contender | median | min – max | × baseline (median of rounds)"
        " | target | met? |",
        "| --- | --- | ---: | ---: | ---: | --- | --- |",
    ]
    for result in results:
        case = result.case
        targets = {t.contender: t for t in case.targets}
        for name, timing in result.timings.items():
            label = f"{name} (baseline)" if name == case.baseline else name
            spread = (
                f"{format_seconds(min(timing.per_step))} – {format_seconds(max(timing.per_step))}"
            )
            ratio = f"{statistics.median(timing.ratios):.2f}" if timing.ratios else "—"
            target, met = "", ""
            if name in targets:
                target = targets[name].text(case.baseline)
                met = "met" if target_status(targets[name], timing)[1] else "**missed**"
            lines.append(
                f"| {case.key} | {label} | {format_seconds(timing.median)} | {spread} | {ratio}"
                f" | {target} | {met} |"
            )
        for name, note in result.skipped.items():
            target = targets[name].text(case.baseline) if name in targets else ""
            met = "not measured" if target else ""
            lines.append(f"| {case.key} | {name} | skipped: {note} | | | {target} | {met} |")
    return lines


def memory_table(results: list[MemoryResult]) -> list[str]:
    lines = [
        "| workload | contender | baseline RSS | extra peak | target | met? |",
        "| --- | --- | ---: | ---: | --- | --- |",
    ]
    for r in results:
        if r.extra_mib is None:
            lines.append(f"| {r.workload} | {r.contender} | | | | skipped: {r.note} |")
            continue
        target = f"≤ {r.limit_mib:g} MiB" if r.limit_mib is not None else ""
        met = {None: "", True: "met", False: "**missed**"}[r.met]
        note = f" ({r.note})" if r.note else ""
        lines.append(
            f"| {r.workload} | {r.contender} | {r.baseline_mib:.1f} MiB | {r.extra_mib:.1f} MiB"
            f" | {target} | {met}{note} |"
        )
    return lines


def target_lines(results: list[CaseResult], memory: list[MemoryResult]) -> tuple[list[str], int]:
    lines, missed = [], 0
    for result in results:
        case = result.case
        for target in case.targets:
            timing = result.timings.get(target.contender)
            if timing is None:
                lines.append(f"- {case.key} {target.contender}: not measured (skipped)")
                continue
            value, met = target_status(target, timing)
            shown = f"{value:.2f}×" if target.kind == "ratio" else format_seconds(value)
            missed += not met
            lines.append(
                f"- {case.key} {target.contender} {target.text(case.baseline)}: {shown}"
                f" → {'met' if met else 'MISSED'}"
            )
    for r in memory:
        if r.limit_mib is None:
            continue
        if r.extra_mib is None:
            lines.append(f"- {r.workload} {r.contender} extra peak memory: not measured ({r.note})")
            continue
        missed += not r.met
        lines.append(
            f"- {r.workload} {r.contender} extra peak memory ≤ {r.limit_mib:g} MiB:"
            f" {r.extra_mib:.1f} MiB → {'met' if r.met else 'MISSED'}"
        )
    return lines, missed


def report(
    header: list[str], results: list[CaseResult], memory: list[MemoryResult], busy_limit: float
) -> tuple[str, int]:
    targets, missed = target_lines(results, memory)
    lines = ["# Chainrule benchmark", "", *header, "", "## Time per step", ""]
    lines += time_table(results)
    if memory:
        lines += ["", "## Extra peak memory (fresh process per contender)", ""]
        lines += memory_table(memory)
    lines += ["", "## Targets", "", *targets, "", "## Workloads and gradient checks", ""]
    for result in results:
        lines.append(f"- {result.case.key}: {result.case.title}. Check: {result.check}.")
    lines += ["", "## Machine load per round", ""]
    lines += [
        "Per case, one number per round: the 1-minute load average at the round's start,"
        " and the CPU (in cores) that *other* processes used during the round"
        " (machine busy time from /proc/stat minus this process's own)."
        f" Rounds marked * had others above {busy_limit:g} cores and were run again.",
        "",
    ]
    busy_cases = []
    for result in results:
        if not result.rounds:
            continue
        loads = " ".join(f"{r.load:.2f}" for r in result.rounds)
        others = " ".join(f"{r.others:.2f}{'*' if r.busy else ''}" for r in result.rounds)
        quiet = sum(not r.busy for r in result.rounds)
        lines.append(f"- {result.case.key} ({quiet} quiet of {len(result.rounds)}):")
        lines.append(f"  load {loads}; others' CPU {others}")
        if max(r.steal for r in result.rounds) > 0.05:
            steal = " ".join(f"{r.steal:.2f}" for r in result.rounds)
            lines.append(f"  - hypervisor steal: {steal}")
        if result.used_busy:
            busy_cases.append(result.case.key)
    if busy_cases:
        lines += [
            "",
            f"**Warning**: too few quiet rounds in {', '.join(busy_cases)}: the table uses every"
            " round, in which the contenders were time-sliced with other processes and"
            " multi-threaded steps (OpenBLAS, PyTorch's OpenMP) stall when a core is taken."
            " Rerun on a quiet machine (or, as a fallback, with --threads 1).",
        ]
    return "\n".join(lines) + "\n", missed


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.threads and os.environ.get("OPENBLAS_NUM_THREADS") != str(args.threads):
        # Thread pools are sized when the libraries load: start again with the variables set.
        count = str(args.threads)
        env = dict(os.environ, OPENBLAS_NUM_THREADS=count, OMP_NUM_THREADS=count)
        env["MKL_NUM_THREADS"] = count
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
        argv = sys.argv[1:] if argv is None else argv
        os.execve(sys.executable, [sys.executable, "-m", "bench", *argv], env)
    allocator = fix_allocator()  # first: before the data and parameters are allocated
    rounds = args.rounds or (5 if args.quick else 21)
    settings = Settings(
        rounds=rounds,
        batch_seconds=0.01 if args.quick else 0.02,
        pause=args.pause,
        busy_limit=args.busy_limit,
    )

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    header = machine_lines(allocator, settings)
    cases = [case for case in CASES if not args.only or case.workload in args.only]
    results = []
    started = time.perf_counter()
    for case in cases:
        log(f"{case.key}: {case.title}")
        try:
            results.append(run_case(case, settings, log))
        except Mismatch as exc:
            log(f"GRADIENT MISMATCH, stopping the suite: {exc}")
            return 1
    memory = []
    if not args.no_memory:
        workloads = [w for w in MEMORY_CASES if not args.only or w in args.only]
        memory = run_all(workloads, log)
    log(f"done in {time.perf_counter() - started:.0f} s")
    text, missed = report(header, results, memory, settings.busy_limit)
    print(text)
    if args.output:
        args.output.write_text(text)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
