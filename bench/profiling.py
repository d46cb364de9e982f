"""Profile one contender of one case with cProfile: where does its step spend time?

    python -m bench.profiling W3                  # the engine's step in W3
    python -m bench.profiling "W5 build" --top 30
    python -m bench.profiling "W6 200-node pass" --contender "engine trace_backward"

It runs the step repeatedly for about ``--seconds`` under cProfile and prints
the functions with the most own time (tottime), then the most cumulative time.
cProfile adds a roughly constant cost per Python call, so it inflates code
that makes many small calls: read the shares, not the absolute times.
(Named ``profiling`` rather than ``profile``, which would shadow the standard
library module that cProfile imports.)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time

from bench.harness import Unavailable
from bench.machine import fix_allocator
from bench.workloads import CASES


def profile_case(key: str, contender: str, seconds: float, top: int) -> str:
    cases = {case.key.upper(): case for case in CASES}
    case = cases.get(key.upper())
    if case is None:
        raise SystemExit(f"unknown case {key!r}; known: {', '.join(c.key for c in CASES)}")
    if contender not in case.contenders:
        raise SystemExit(f"{case.key} has no contender {contender!r}: {', '.join(case.contenders)}")
    try:
        made = case.contenders[contender]()
    except Unavailable as exc:
        raise SystemExit(f"{case.key} {contender}: {exc}") from exc
    made.step()  # warm-up
    steps, start = 0, time.perf_counter()
    profiler = cProfile.Profile()
    profiler.enable()
    while time.perf_counter() - start < seconds:
        made.step()
        steps += 1
    profiler.disable()
    out = io.StringIO()
    out.write(f"{case.key} / {contender}: {steps} steps profiled\n")
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profiling", description=__doc__)
    parser.add_argument("case", help='a case key from the table, e.g. W3 or "W5 build"')
    parser.add_argument("--contender", default="engine")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args(argv)
    fix_allocator()
    sys.stdout.write(profile_case(args.case, args.contender, args.seconds, args.top))


if __name__ == "__main__":
    main()
