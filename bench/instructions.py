"""Instructions per step, counted by valgrind's callgrind: a measure the machine's load
cannot move.

    python -m bench.instructions W1 W3 "W5 build"        # engine and numpy by hand
    python -m bench.instructions "W6 200-node pass" --steps 50

For each case and contender it runs the contender's step ``--steps`` times under
``valgrind --tool=callgrind`` and once with no step at all, in fresh processes
(one BLAS thread, ``PYTHONHASHSEED=0``, the same allocator settings as the suite),
and reports the difference divided by the number of steps: the instructions one
step costs, with the import, the data and the warm-up step taken out. The table
gives each contender's count and its ratio to the case's baseline. Timing ratios
(``python -m bench``) come out 10–40 % above these on this machine: the engine's
objects cost memory traffic that instructions do not show.

Needs valgrind (Debian: ``apt install valgrind``); slow (Python runs about 50×
slower under it): a case takes a minute or two.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

from bench.workloads import CASES

# The child: make the contender, run one warm-up step, then ``steps`` counted ones.
CHILD = """
import sys
from bench.machine import fix_allocator
from bench.workloads import CASES
fix_allocator()
case = {{c.key: c for c in CASES}}[{key!r}]
made = case.contenders[{contender!r}]()
made.step()
for _ in range({steps}):
    made.step()
"""

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the repository
_TOTAL = re.compile(r"^summary:\s*(\d+)", re.MULTILINE)


def count(key: str, contender: str, steps: int) -> int:
    """Instructions of the whole child process (callgrind's summary line)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        env = dict(os.environ, PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        code = CHILD.format(key=key, contender=contender, steps=steps)
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"]
        subprocess.run(
            [*command, sys.executable, "-c", code],
            check=True,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with open(out) as f:
            match = _TOTAL.search(f.read())
    if match is None:
        raise SystemExit(f"no instruction total in callgrind's output for {key} / {contender}")
    return int(match.group(1))


def per_step(key: str, contender: str, steps: int) -> float:
    return (count(key, contender, steps) - count(key, contender, 0)) / steps


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.instructions", description=__doc__)
    parser.add_argument("cases", nargs="+", help='case keys, e.g. W1 W3 "W5 build"')
    parser.add_argument("--steps", type=int, default=20, help="counted steps per run")
    parser.add_argument(
        "--contender",
        action="append",
        help="only these contenders (may repeat); the ratio column then needs the baseline",
    )
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt install valgrind)")
    cases = {case.key.upper(): case for case in CASES}
    print("| case | contender | instructions per step | × baseline |")
    print("| --- | --- | ---: | ---: |")
    for key in args.cases:
        case = cases.get(key.upper())
        if case is None:
            raise SystemExit(f"unknown case {key!r}; known: {', '.join(c.key for c in CASES)}")
        names = [case.baseline] + [n for n in case.contenders if n not in (case.baseline, "torch")]
        if args.contender:
            names = [n for n in names if n in args.contender]
        base = None
        for name in names:
            n = per_step(case.key, name, args.steps)
            if name == case.baseline:
                base = n
            ratio = f"{n / base:.2f}" if base else "—"
            print(f"| {case.key} | {name} | {n / 1e6:.2f} M | {ratio} |", flush=True)


if __name__ == "__main__":
    main()
