"""A whole class at once over Streamlit's own protocol: N sessions in one light process.

Run ``python -m bench.classload_ws --sessions 10 30 60`` (see bench/README.md). It measures
what ``bench.classload`` measures with headless Chromium pages, without the browsers: each
session is a websocket to ``/_stcore/stream`` that speaks the frontend's protobuf messages
(``BackMsg`` up, ``ForwardMsg`` down, from ``streamlit.proto``) as the browser does, so the
server does exactly the work a browser's page makes it do, and this process stays small
(its own CPU is reported beside the server's). Per N, on a fresh server:

- every session opens the app from a link to a program of its own (``bench.classload``'s
  ``link`` and ``program``), as the page does: the health and host-config requests (the
  XSRF cookie), the websocket with the subprotocols ``streamlit, <xsrf token>``, and a
  first ``rerun_script`` with the link's query string;
- every ``--run-every`` seconds (the first at a random offset) it Runs a new program: the
  editor's text as the text area's widget state and the form's Run button as a trigger,
  in one ``rerun_script``, as Ctrl+Enter in the editor does. **Run → graph** is the time
  from sending it to the graph component's new payload (a ``bidi_component`` delta),
  **Run → page** to the rerun's ``script_finished``;
- in between, about every ``--step-every`` seconds it steps, as a click on the graph's
  Next does: the component's state ``{"step": {"step": k, "seq": seq}}`` as the widget's
  JSON value (the component's ``setStateValue``), First at the end. **step → panel** is
  the time from sending it to the ``script_finished`` of that rerun, whose step panel must
  head "Step k of n".

Every answer is checked, so that a message the server misread cannot pass for a fast one:
a Run must bring a graph whose nodes are the new program's leaves with their shapes and
a panel at step 0, a step a panel heading that step. Errors are ``exception`` elements,
error alerts, a script that did not finish successfully, a failed check, a timeout or a
closed websocket. The protocol client (one session) is ``bench/protocol.py``; this module
drives a class of them and reports. Nothing here is collected by pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.classload import (
    SERVER_ROWS,
    Sample,
    pair,
    process_cpu,
    process_rss,
    program,
    quantile,
    report,
    sample,
    server_family,
    server_pid,
    streamlit_server,
)
from bench.machine import cpu_model, cpu_seconds
from bench.protocol import Session, Tally
from deploy import cluster as deploy_cluster

# -- one N ----------------------------------------------------------------------------------


@dataclass
class Settings:
    seconds: float
    run_every: float
    step_every: float


async def act(session: Session, settings: Settings, deadline: float) -> None:
    """A student: Run a new program every ``run_every`` seconds and step every
    ``step_every`` seconds ± 50 % in between, both from a random start (a class does not
    click in step; ``burst`` measures the moment it does)."""
    rng = random.Random(session.index)
    run = 0
    started = time.monotonic()
    next_run = started + rng.uniform(0, settings.run_every)
    wake = started + rng.uniform(0, settings.step_every)
    while True:
        await asyncio.sleep(max(0.0, min(wake, next_run, deadline) - time.monotonic()))
        if time.monotonic() >= deadline or session.closed:
            return
        if time.monotonic() >= next_run:
            run += 1
            await session.run(program(session.index, run))
            next_run += settings.run_every
        else:
            await session.next_step()
        wake = time.monotonic() + rng.uniform(0.5, 1.5) * settings.step_every


async def burst(sessions: list[Session], errors: list[str]) -> list[float]:
    """The teacher says "click Next": every session steps at the same moment. Returns
    each step's time to its panel."""
    if not sessions:
        return []
    tally, window = Tally(), sessions[0].tally  # counted apart from the window's steps
    for session in sessions:
        session.tally = tally
    await asyncio.gather(*(session.next_step() for session in sessions))
    for session in sessions:
        session.tally = window
    errors += [f"burst: {error}" for error in tally.errors]
    return tally.step_panel_ms


def own_cpu() -> float:
    times = os.times()
    return times.user + times.system


async def open_class(base_url: str, n: int, tally: Tally, spread: float) -> list[Session]:
    """N students open their links over ``spread`` seconds (the teacher says "open it")."""

    async def arrive(i: int) -> Session:
        await asyncio.sleep(spread * i / n)
        session = Session(base_url, i, tally)
        try:
            await session.open(program(i, 0))
        except Exception as error:  # a session that cannot open is an error, not a crash
            session.error(f"open: {type(error).__name__}: {error}")
            session.closed = session.closed or "not opened"
        return session

    return list(await asyncio.gather(*(arrive(i) for i in range(n))))


async def cpu_timeline(pid: tuple[int, ...], found: list, stop: asyncio.Event) -> None:
    """Every second: (seconds, server cores, this client's cores, machine busy cores)."""
    started = last = time.monotonic()
    before = (process_cpu(pid), own_cpu(), cpu_seconds()[0])
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)
        now, after = time.monotonic(), (process_cpu(pid), own_cpu(), cpu_seconds()[0])
        cores = [round((b - a) / (now - last), 2) for a, b in zip(before, after, strict=True)]
        found.append((round(now - started, 1), *cores))
        last, before = now, after


async def measure(n: int, base_url: str, servers: tuple[int, ...], settings: Settings, log) -> dict:
    tally = Tally()
    found = Sample()
    stop = asyncio.Event()

    # A first session warms the server (imports, the component, dot), then the baseline.
    warm = Session(base_url, n + 1, Tally())
    await warm.open(program(n + 1, 0))
    await warm.close()
    await asyncio.sleep(3)
    pid = server_family(servers)  # with the isolation fork server, started by the first run
    rss_base = process_rss(pid)
    sampler = asyncio.create_task(sample(base_url, pid, found, stop))

    log(f"  N={n}: opening {n} sessions")
    cpu_open, client_open = process_cpu(pid), own_cpu()
    sessions = await open_class(base_url, n, tally, min(15.0, 0.25 * n))
    cpu_open, client_open = process_cpu(pid) - cpu_open, own_cpu() - client_open
    await asyncio.sleep(5)  # settle: every session open and idle
    rss_idle = process_rss(pid)

    log(f"  N={n}: {settings.seconds:.0f} s of Runs and steps")
    cores: list[tuple] = []
    cores_task = asyncio.create_task(cpu_timeline(pid, cores, stop))
    busy0, _, _ = cpu_seconds()
    cpu0, client0 = process_cpu(pid), own_cpu()
    started, window = time.monotonic(), time.perf_counter()
    deadline = started + settings.seconds
    live = [s for s in sessions if not s.closed]
    await asyncio.gather(*(act(s, settings, deadline) for s in live))
    elapsed = time.monotonic() - started
    cpu_act = process_cpu(pid) - cpu0
    client_act = own_cpu() - client0
    busy_act = cpu_seconds()[0] - busy0
    log(f"  N={n}: every session steps at once")
    burst_ms = await burst([s for s in live if not s.closed], tally.errors)
    stop.set()
    await sampler
    await cores_task
    rss_end = process_rss(pid)
    for session in sessions:
        if session.closed and session.closed != "not opened":
            session.error(f"disconnected: {session.closed}")
        await session.close()

    actions = tally.runs + tally.steps
    return {
        "sessions": n,
        "opened": len(tally.open_ms),
        "open_p50_ms": quantile(tally.open_ms, 0.5),
        "open_p95_ms": quantile(tally.open_ms, 0.95),
        "runs": tally.runs,
        "runs_checked": tally.runs_checked,
        "run_p50_ms": quantile(tally.run_graph_ms, 0.5),
        "run_p95_ms": quantile(tally.run_graph_ms, 0.95),
        "run_page_p50_ms": quantile(tally.run_page_ms, 0.5),
        "run_page_p95_ms": quantile(tally.run_page_ms, 0.95),
        "steps": tally.steps,
        "steps_checked": tally.steps_checked,
        "step_panel_p50_ms": quantile(tally.step_panel_ms, 0.5),
        "step_panel_p95_ms": quantile(tally.step_panel_ms, 0.95),
        "burst_p50_ms": quantile(burst_ms, 0.5),
        "burst_max_ms": max(burst_ms, default=float("nan")),
        "run_kib": sum(tally.run_bytes) / max(1, len(tally.run_bytes)) / 1024,
        "step_kib": sum(tally.step_bytes) / max(1, len(tally.step_bytes)) / 1024,
        "seconds": elapsed,
        "server_cpu_s": cpu_act,
        "server_cores": cpu_act / elapsed,
        "server_cpu_per_action_ms": 1000 * cpu_act / actions if actions else float("nan"),
        "server_cpu_per_open_ms": 1000 * cpu_open / n,
        "client_cores": client_act / elapsed,
        "client_cpu_per_open_ms": 1000 * client_open / n,
        "machine_cores_busy": busy_act / elapsed,
        "rss_base_mib": rss_base / 2**20,
        "rss_idle_mib": rss_idle / 2**20,
        "rss_peak_mib": max(found.rss_peak, rss_end) / 2**20,
        "rss_end_mib": rss_end / 2**20,
        "rss_per_idle_session_mib": (rss_idle - rss_base) / n / 2**20,
        "health_p50_ms": quantile([h for h in found.health_ms if h == h], 0.5),
        "health_max_ms": max((h for h in found.health_ms if h == h), default=float("nan")),
        "load_end": os.getloadavg()[0],
        "errors": tally.errors,
        "cores_timeline": cores,
        "timeline": [
            (round(t - window, 3), kind, i, round(ms, 1)) for t, kind, i, ms in tally.timeline
        ],
    }


# -- the report ------------------------------------------------------------------------------

ROWS = (
    ("sessions (opened)", lambda r: f"{r['sessions']} ({r['opened']})"),
    ("page open p50 / p95", lambda r: pair(r, "open", 1000, "s", 1)),
    ("Runs / steps in the window", lambda r: f"{r['runs']} / {r['steps']} in {r['seconds']:.0f} s"),
    (
        "checked: Runs with their graph / steps with their panel",
        lambda r: f"{r['runs_checked']} / {r['steps_checked']}",
    ),
    ("Run → graph p50 / p95", lambda r: pair(r, "run")),
    ("Run → page done p50 / p95", lambda r: pair(r, "run_page")),
    ("step → panel p50 / p95", lambda r: pair(r, "step_panel")),
    (
        "the whole class steps at once: panel p50 / last",
        lambda r: f"{r['burst_p50_ms']:.0f} / {r['burst_max_ms']:.0f} ms",
    ),
    ("server CPU per action", lambda r: f"{r['server_cpu_per_action_ms']:.0f} ms"),
    ("server CPU per page opened", lambda r: f"{r['server_cpu_per_open_ms']:.0f} ms"),
    (
        "sent to the session per Run / per step",
        lambda r: f"{r['run_kib']:.0f} / {r['step_kib']:.0f} KiB",
    ),
    (
        "cores: server / this client / other processes",
        lambda r: (
            f"{r['server_cores']:.2f} / {r['client_cores']:.2f} / "
            f"{r['machine_cores_busy'] - r['server_cores'] - r['client_cores']:.2f}"
        ),
    ),
    *SERVER_ROWS,
    ("load average (1 min) at the end", lambda r: f"{r['load_end']:.1f}"),
    ("errors", lambda r: str(len(r["errors"]))),
)


async def one_session(base_url: str, pid: int, steps: int = 40, runs: int = 10) -> str:
    """Server CPU time per step and per Run of a single session, as ``bench.classload
    --one`` measures it with a browser: the same link, steps and programs."""
    tally = Tally()
    session = Session(base_url, 1, tally)
    await session.open(program(1, 0))
    for _ in range(5):  # warm
        await session.next_step()
    before, counted = process_cpu(pid), tally.steps
    for _ in range(steps):
        await session.next_step()
    await asyncio.sleep(0.5)
    per_step = 1000 * (process_cpu(pid) - before) / max(1, tally.steps - counted)
    before = process_cpu(pid)
    for run in range(1, runs + 1):
        await session.run(program(1, run))
    await asyncio.sleep(0.5)
    per_run = 1000 * (process_cpu(pid) - before) / runs
    await session.close()
    return (
        f"one session: server CPU {per_step:.1f} ms per step, {per_run:.1f} ms per Run; "
        f"step → panel p50 {quantile(tally.step_panel_ms, 0.5):.0f} ms; checked "
        f"{tally.runs_checked} of {tally.runs} Runs, {tally.steps_checked} of {tally.steps} "
        f"steps; {len(tally.errors)} errors {tally.errors}"
    )


def renice(pid: int, nice: int) -> None:
    """Give every thread of ``pid`` this nice value (Linux's is per thread; the threads it
    starts later, script runs and ``dot``, inherit it from the thread that starts them)."""
    for task in Path(f"/proc/{pid}/task").iterdir():
        os.setpriority(os.PRIO_PROCESS, int(task.name), nice)


async def run_class(
    n: int, settings: Settings, log, nice: int | None = None, processes: int = 1
) -> dict:
    """One N on a fresh server: one app process, or ``processes`` of them behind deploy/'s
    nginx (the recipe for more than one core; their CPU and memory are summed)."""
    if processes > 1:
        cluster = deploy_cluster.start(processes, deploy_cluster.free_port(), "127.0.0.1")
        try:
            pids = tuple(process.pid for _, process in cluster.apps)
            return await measure(n, cluster.url, pids, settings, log)
        finally:
            cluster.stop()
    with streamlit_server("app.py") as base_url:
        pid = server_pid(int(base_url.rpartition(":")[2]))
        if nice is not None:
            renice(pid, nice)
        return await measure(n, base_url, (pid,), settings, log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.classload_ws", description=__doc__)
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 30, 60])
    parser.add_argument("--seconds", type=float, default=60.0, help="the Runs-and-steps window")
    parser.add_argument("--run-every", type=float, default=30.0)
    parser.add_argument("--step-every", type=float, default=2.0)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--server-nice",
        type=int,
        help="the server's nice value (below 0 needs root): on a shared machine, a server "
        "that other work cannot take its CPU from, as on a machine of its own",
    )
    parser.add_argument(
        "--one", action="store_true", help="only the server CPU per step and per Run, 1 session"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="app processes behind deploy/'s nginx (default 1: one process, no nginx)",
    )
    args = parser.parse_args(argv)
    if args.one:
        with streamlit_server("app.py") as base_url:
            pid = server_pid(int(base_url.rpartition(":")[2]))
            print(asyncio.run(one_session(base_url, pid)))
        return 0
    settings = Settings(args.seconds, args.run_every, args.step_every)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    load = os.getloadavg()
    header = [
        f"machine: {os.cpu_count()} CPUs, {cpu_model()}; load average at start "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        "the server and this client (every session in one asyncio process, Streamlit's "
        "websocket protocol, no browser) share the machine",
        f"each session: opens a link to its own program, Runs a new one every "
        f"{settings.run_every:.0f} s (first at a random offset), steps every "
        f"{settings.step_every:.0f} s ± 50 % (First at the end); window {settings.seconds:.0f} s",
    ]
    if args.processes > 1:
        header.append(
            f"{args.processes} app processes behind nginx (deploy/, session affinity by "
            "cookie); server CPU and RSS are their sums"
        )
    if args.server_nice is not None:
        header.append(f"the server runs at nice {args.server_nice} (this client at 0)")
    results = []
    for n in args.sessions:
        log(f"N={n}: starting a fresh server")
        result = asyncio.run(run_class(n, settings, log, args.server_nice, args.processes))
        results.append(result)
        figures = {
            k: v for k, v in result.items() if k not in ("errors", "timeline", "cores_timeline")
        }
        log(f"N={n}: {json.dumps(figures)}")
        log(f"N={n}: {len(result['errors'])} errors")
    print(report(results, settings, header, rows=ROWS))
    if args.json:
        args.json.write_text(json.dumps({"header": header, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
