"""Timing contenders side by side in one process, round by round.

A *case* is one comparison (a row group of the table): a few *contenders*
doing the same work, one of them the baseline. The harness

1. checks every contender's result against numpy by hand's (the baseline,
   or the case's reference) and stops the suite if one differs;
2. calibrates, once, how many steps make a timed batch last ``batch_seconds``;
3. freezes every object that exists before timing (``gc.freeze``), so a
   collection only walks what the timed code made;
4. runs ``rounds`` rounds; in each, every contender runs one timed batch, in
   an order rotated by the round so that none always goes first. A round in
   which other processes used more than ``busy_limit`` cores is run again
   (at most ``RETRY_FACTOR`` times as many rounds in all). Before each
   batch it sleeps ``pause`` seconds, because OpenBLAS's worker threads keep
   spinning for about 0.1 s after a call and would steal the second core from
   whichever contender comes next. Each batch ends with ``gc.collect()``
   inside the timing, so a contender pays for the garbage it made and never
   for another's.

The ratio of a contender to the baseline is taken within each round (same
machine load, same heap) and the median of those ratios is reported.
"""

from __future__ import annotations

import gc
import math
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from bench.machine import cpu_seconds


@dataclass
class Contender:
    """One way of doing a case's work.

    ``step`` is the timed unit. ``result`` does the same work once from the
    case's initial state and returns named arrays (gradients, values) to be
    compared with the reference's; it must not change that state.
    """

    step: Callable[[], object]
    result: Callable[[], dict[str, np.ndarray]]
    name: str = ""  # set by the harness from the case's contender table


@dataclass(frozen=True)
class Target:
    """``ratio``: median per-round ratio to the baseline; ``seconds``: median time."""

    kind: str  # "ratio" | "seconds"
    limit: float
    contender: str  # the contender the target is about

    def text(self, baseline: str) -> str:
        if self.kind == "ratio":
            return f"≤ {self.limit:g}× {baseline}"
        return f"≤ {format_seconds(self.limit)}"


class Unavailable(Exception):
    """A contender cannot run here (torch not installed, engine part not written yet)."""


@dataclass
class Case:
    key: str  # "W2", "W5 build", ...
    workload: str  # "W2": what --only selects
    title: str
    baseline: str  # the contender that ratios are taken against ("" for none)
    # name -> factory, called once per run; a factory may raise Unavailable(note):
    contenders: dict[str, Callable[[], Contender]]
    targets: tuple[Target, ...] = ()
    # What every contender's result is checked against; None: the baseline contender.
    reference: Callable[[], Contender] | None = None
    rtol: float = 1e-7
    atol: float = 1e-10


@dataclass
class Timing:
    contender: str
    steps_per_batch: int
    per_step: list[float] = field(default_factory=list)  # seconds, one per round
    ratios: list[float] = field(default_factory=list)  # to the baseline, one per round

    @property
    def median(self) -> float:
        return statistics.median(self.per_step)


@dataclass(frozen=True)
class Round:
    seconds: dict[str, float]  # per step, per contender
    load: float  # 1-minute load average at the start of the round
    others: float  # CPU cores that other processes used during the round
    steal: float  # CPU cores the hypervisor gave to other guests during the round
    busy: bool  # others above Settings.busy_limit: the round is run again


@dataclass
class CaseResult:
    case: Case
    timings: dict[str, Timing]  # from the rounds used
    rounds: list[Round]  # every round run, busy ones included
    used_busy: bool  # quiet rounds too few (< max(3, rounds // 3)): the table uses every round
    skipped: dict[str, str]  # contender -> why it could not run
    check: str  # what was compared and how closely


@dataclass(frozen=True)
class Settings:
    rounds: int = 21
    batch_seconds: float = 0.02
    pause: float = 0.2
    # A round in which other processes used more CPU than this (in cores) is run
    # again, up to RETRY_FACTOR × rounds in all; inf keeps every round.
    busy_limit: float = 0.25


RETRY_FACTOR = 3


class Mismatch(AssertionError):
    """A contender's result differs from the reference: the suite must stop."""


def check_results(case: Case, contenders: list[Contender]) -> str:
    """Check each contender's ``result()`` with the reference's; raise Mismatch if not close."""
    if case.reference is not None:
        reference, want = "numpy by hand", case.reference().result()
    elif case.baseline in {c.name for c in contenders}:
        reference = case.baseline
        want = next(c for c in contenders if c.name == reference).result()
    else:
        for contender in contenders:
            contender.result()  # still run once: a contender may check itself
        return "no reference: each contender checked its own output"
    others = [c for c in contenders if c.name != reference]
    worst = 0.0
    for contender in others:
        name, got = contender.name, contender.result()
        missing = set(want) - set(got)
        if missing:
            raise Mismatch(f"{case.key}: {name} returned no {sorted(missing)} to compare")
        for key, expected in want.items():
            actual = np.asarray(got[key], dtype=np.float64)
            expected = np.asarray(expected, dtype=np.float64)
            if actual.shape != expected.shape:
                raise Mismatch(
                    f"{case.key}: {name}'s {key} has shape {actual.shape},"
                    f" {reference}'s has {expected.shape}"
                )
            try:
                np.testing.assert_allclose(actual, expected, rtol=case.rtol, atol=case.atol)
            except AssertionError as exc:
                message = f"{case.key}: {name}'s {key} differs from {reference}'s\n{exc}"
                raise Mismatch(message) from None
            scale = np.max(np.abs(expected), initial=0.0)
            if scale > 0:
                worst = max(worst, float(np.max(np.abs(actual - expected), initial=0.0)) / scale)
    if not others:
        return "nothing to compare"
    checked = ", ".join(c.name for c in others)
    return f"{checked} match {reference} (max |diff| / max |ref| = {worst:.1e})"


def _batch(step: Callable[[], object], count: int) -> float:
    """Seconds for ``count`` steps plus the collection of their garbage."""
    start = time.perf_counter()
    for _ in range(count):
        step()
    gc.collect()
    return time.perf_counter() - start


def calibrate(step: Callable[[], object], batch_seconds: float) -> int:
    """Steps per batch so that a batch lasts about ``batch_seconds`` (at least one step).

    Called with older objects frozen, so the batch's ``gc.collect()`` costs
    what it will cost in the timed rounds.
    """
    step()  # warm-up: first-call costs (caches, page faults) are not the step's
    count = 1
    while True:
        elapsed = _batch(step, count)
        if elapsed >= batch_seconds / 4 or count >= 1 << 20:
            break
        count *= 4
    return max(1, math.ceil(count * batch_seconds / max(elapsed, 1e-9)))


def run_case(case: Case, settings: Settings, log: Callable[[str], None]) -> CaseResult:
    contenders, skipped = [], {}
    for name, factory in case.contenders.items():
        try:
            contender = factory()
        except Unavailable as exc:
            skipped[name] = str(exc)
            continue
        contender.name = name
        contenders.append(contender)
    if not contenders:
        return CaseResult(case, {}, [], False, skipped, "nothing ran")
    check = check_results(case, contenders)
    log(f"  {case.key}: results checked: {check}")

    rounds: list[Round] = []
    gc.collect()
    gc.freeze()  # objects made before timing (data, parameters, other cases) are never walked
    try:
        counts = {c.name: calibrate(c.step, settings.batch_seconds) for c in contenders}
        while len(rounds) < RETRY_FACTOR * settings.rounds:
            rounds.append(_round(contenders, counts, len(rounds), settings))
            if sum(not r.busy for r in rounds) == settings.rounds:
                break
    finally:
        gc.unfreeze()
        gc.collect()
    quiet = [r for r in rounds if not r.busy]
    used_busy = len(quiet) < max(3, settings.rounds // 3)  # too few to stand alone
    if len(quiet) < settings.rounds:
        using = "all of them" if used_busy else "the quiet ones"
        log(f"  {case.key}: only {len(quiet)} quiet rounds of {len(rounds)}: using {using}")
    timings = {c.name: Timing(c.name, counts[c.name]) for c in contenders}
    for r in rounds if used_busy else quiet:
        for name, seconds in r.seconds.items():
            timings[name].per_step.append(seconds)
            if case.baseline in r.seconds:
                timings[name].ratios.append(seconds / r.seconds[case.baseline])
    return CaseResult(case, timings, rounds, used_busy, skipped, check)


def _round(contenders: list[Contender], counts: dict, index: int, settings: Settings) -> Round:
    """One timed batch per contender, in an order rotated by the round's index."""
    load = os.getloadavg()[0]
    wall_start, (busy_start, steal_start, own_start) = time.perf_counter(), cpu_seconds()
    shift = index % len(contenders)
    seconds = {}
    for contender in contenders[shift:] + contenders[:shift]:
        time.sleep(settings.pause)  # let OpenBLAS's spinning threads go to sleep
        count = counts[contender.name]
        seconds[contender.name] = _batch(contender.step, count) / count
    busy_end, steal_end, own_end = cpu_seconds()
    wall = time.perf_counter() - wall_start
    others = max(0.0, (busy_end - busy_start) - (own_end - own_start)) / wall
    steal = (steal_end - steal_start) / wall
    return Round(seconds, load, others, steal, busy=others > settings.busy_limit)


def format_seconds(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= scale or unit == "ns":
            return f"{seconds / scale:.3g} {unit}"
    raise AssertionError("unreachable")


def target_status(target: Target, timing: Timing) -> tuple[float, bool]:
    value = statistics.median(timing.ratios) if target.kind == "ratio" else timing.median
    return value, value <= target.limit
