"""Extra peak memory of one step, each contender in a fresh process.

A process's peak RSS cannot be reset from Python's ``resource`` module, and
a contender that ran earlier in the same process would leave its heap behind,
so each (workload, contender) pair runs in a child of its own:

1. fix the allocator thresholds (as in the timing run), import, make the data
   and the parameters (the factory does both);
2. read the baseline ``VmRSS``, then reset ``VmHWM`` to it (Linux: write 5 to
   ``/proc/self/clear_refs``; where refused, VmHWM still holds the peak of the
   imports, and the child says so);
3. run the step three times (the first one's allocations are part of the
   peak a user sees) and read ``VmHWM``.

The extra peak is ``VmHWM - baseline``: what the step needs on top of the
data and parameters it works on.

Run one child by hand: ``python -m bench.peak_memory W4 engine``.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = 3


@dataclass
class MemoryResult:
    workload: str
    contender: str
    baseline_mib: float | None = None
    extra_mib: float | None = None
    limit_mib: float | None = None
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.extra_mib is None or self.limit_mib is None:
            return None
        return self.extra_mib <= self.limit_mib


def measure(workload: str, contender: str) -> dict:
    """In this (fresh) process: the baseline RSS and the extra peak of STEPS steps."""
    from bench.harness import Unavailable
    from bench.machine import fix_allocator, proc_status_kib, reset_peak_rss
    from bench.workloads import MEMORY_CASES

    allocator = fix_allocator()
    try:
        made = MEMORY_CASES[workload][contender]()
    except Unavailable as exc:
        return {"skipped": str(exc)}
    gc.collect()
    baseline = proc_status_kib("VmRSS")["VmRSS"]
    reset = reset_peak_rss()
    for _ in range(STEPS):
        made.step()
    peak = proc_status_kib("VmHWM")["VmHWM"]
    return {
        "baseline_kib": baseline,
        "peak_kib": peak,
        "peak_reset": reset,
        "allocator": allocator,
    }


def run_child(workload: str, contender: str, limit_mib: float | None) -> MemoryResult:
    result = MemoryResult(workload, contender, limit_mib=limit_mib)
    completed = subprocess.run(
        [sys.executable, "-m", "bench.peak_memory", workload, contender],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"peak memory child for {workload} {contender} failed:\n{completed.stderr}"
        )
    data = json.loads(completed.stdout.strip().splitlines()[-1])
    if "skipped" in data:
        result.note = data["skipped"]
        return result
    result.baseline_mib = data["baseline_kib"] / 1024
    result.extra_mib = max(0, data["peak_kib"] - data["baseline_kib"]) / 1024
    if not data["peak_reset"]:
        result.note = "VmHWM could not be reset: the peak may be the imports'"
    return result


def run_all(workloads: list[str], log) -> list[MemoryResult]:
    from bench.workloads import MEMORY_CASES, MEMORY_LIMITS_MIB

    results = []
    for workload in workloads:
        for contender in MEMORY_CASES[workload]:
            log(f"  peak memory: {workload} {contender}")
            limit = (
                MEMORY_LIMITS_MIB[workload] if contender == "engine" else None
            )  # engine's target
            results.append(run_child(workload, contender, limit))
    return results


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit("usage: python -m bench.peak_memory WORKLOAD CONTENDER  (e.g. W4 engine)")
    print(json.dumps(measure(argv[0], argv[1])))


if __name__ == "__main__":
    main(sys.argv[1:])
