"""A whole class at once: N real browser sessions against one ``streamlit run app.py``.

Run ``python -m bench.classload --sessions 10 30 60`` (see bench/README.md). For each N it
starts a fresh server on a free loopback port, opens N headless Chromium pages (Debian's
``/usr/bin/chromium``, several pages per browser), each from a link to a program of its
own, then for ``--seconds`` lets every session act as a student does: Run a new program
of its own every ``--run-every`` seconds (typed into the editor, Ctrl+Enter) and click the
viewer's Next between runs. It reports, per N:

- **Run → graph**: from the Ctrl+Enter keydown to the new program's graph at step 0,
  timed in the page (its clock, a MutationObserver);
- **step → graph**: from the Next click to the graph's ``data-step`` change, painted;
- **step → panel**: from the same click to the server's step panel showing that step (the
  viewer reports the step after 120 ms; the server reruns the page);
- the server's CPU per student action and per page opened, its RSS (idle with N sessions,
  peak, and per idle session), the health endpoint's latency under load, and every error
  (console errors, page errors, ``stException`` elements, timeouts).

The browsers run on the same machine as the server: their CPU is reported beside it.
Nothing here is collected by pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench.machine import cpu_model, cpu_seconds

REPO_ROOT = Path(__file__).resolve().parent.parent
# The project's one way to start a test server and launch Debian's Chromium lives with the
# browser tests; the load test uses the very same flags.
sys.path.insert(0, str(REPO_ROOT / "tests"))
from browser_support import (  # noqa: E402
    CHROMIUM_ARGS,
    GRAPH,
    IDLE_SELECTOR,
    find_chromium,
    streamlit_server,
)

VIEWPORT = {"width": 1280, "height": 800}
PANEL_HEADING = ".st-key-main_panel h3"
EDITOR = ".st-key-main_editor textarea"
TIMEOUT_MS = 30_000
_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


# -- the programs: one per session and run ---------------------------------------------------


def program(session: int, run: int) -> str:
    """Session ``session``'s program at its ``run``-th Run: sizes and seeds vary, so no two
    sessions (and no two runs) share a program, as in a class where everyone types."""
    n, m = 2 + session % 3, 2 + (session + run) % 3
    seed = 1000 * session + run
    lines = [
        f"x = randn({n}, seed={seed})",
        f"W = randn({m}, {n}, seed={seed + 1})",
        f"b = randn({m}, seed={seed + 2})",
        "h = tanh(W @ x + b)",
    ]
    if session % 2:  # half the class has a second layer
        lines += [f"V = randn(2, {m}, seed={seed + 3})", "y = sigmoid(V @ h)", "L = sum(y ** 2)"]
    else:
        lines.append("L = sum(h ** 2)")
    return "\n".join(lines)


def link(base_url: str, session: int) -> str:
    return base_url + "/?" + urlencode({"program": program(session, 0), "step": session % 3})


# -- measuring the server from /proc -------------------------------------------------------


def process_cpu(pid: int | Sequence[int]) -> float:
    """CPU seconds of ``pid`` (or of several, summed) and its waited-for children (``dot``
    runs, the isolation fork server's children), from /proc; 0 for a process gone."""
    if not isinstance(pid, int):
        return sum(process_cpu(one) for one in pid)
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except FileNotFoundError:
        return 0.0
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return (utime + stime + cutime + cstime) / _TICKS


def process_rss(pid: int | Sequence[int]) -> int:
    """Resident set size of ``pid`` (or of several, summed) in bytes; 0 for a process gone."""
    if not isinstance(pid, int):
        return sum(process_rss(one) for one in pid)
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE_SIZE
    except FileNotFoundError:
        return 0


def server_family(pids: int | Sequence[int]) -> tuple[int, ...]:
    """The server processes and their long-lived children (the isolation fork server,
    whose forked children it reaps, so their CPU counts in its own)."""
    pids = (pids,) if isinstance(pids, int) else tuple(pids)
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        if parent in pids and b"engine.views.isolation" in command:
            children.append(int(entry.name))
    return pids + tuple(children)


def server_pid(port: int) -> int:
    """The pid listening on loopback ``port`` (the Streamlit server), from /proc/net/tcp."""
    wanted = f":{port:04X}"
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        parts = line.split()
        if parts[1].endswith(wanted) and parts[3] == "0A":  # LISTEN
            inodes.add(parts[9])
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for fd in (entry / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return int(entry.name)
        except OSError:
            continue
    raise RuntimeError(f"no process listens on port {port}")


def load_cpu(exclude: int) -> float:
    """CPU seconds of this process and all its descendants but ``exclude``'s subtree: the
    load itself (Playwright's driver and every Chromium process it started)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / _TICKS
    total, todo = 0.0, [os.getpid()]
    while todo:
        pid = todo.pop()
        total += times.get(pid, 0.0)
        todo += [child for child, parent in parents.items() if parent == pid and child != exclude]
    return total


# -- one session: what runs in its page ------------------------------------------------------

#: Resolves with the ms from the click to the graph's step change (painted) and to the step
#: panel's heading showing the new step, both on the page's clock.
STEP_JS = """([label, graph, heading, timeout]) => new Promise((resolve) => {
  const stage = document.querySelector(graph);
  const button = Array.from(document.querySelectorAll(".crv-bar button"))
    .find((b) => b.getAttribute("aria-label") === label);
  if (!stage || !button || button.disabled) { resolve({ skipped: true }); return; }
  const before = stage.getAttribute("data-step");
  const result = { graph: null, panel: null, step: null };
  let done = false;
  const finish = (timedOut) => {
    if (done) return;
    done = true; graphSeen.disconnect(); panelSeen.disconnect(); clearTimeout(timer);
    result.timedOut = timedOut;
    resolve(result);
  };
  const started = performance.now();
  const panelOk = () => {
    const h = document.querySelector(heading);
    return result.step !== null && h && h.textContent.startsWith(`Step ${result.step} of`);
  };
  const graphSeen = new MutationObserver(() => {
    if (result.graph === null && stage.getAttribute("data-step") !== before) {
      result.step = stage.getAttribute("data-step");
      requestAnimationFrame(() => {
        result.graph = performance.now() - started;
        if (result.panel !== null) finish(false);
      });
    }
  });
  const panelSeen = new MutationObserver(() => {
    if (result.panel === null && panelOk()) {
      result.panel = performance.now() - started;
      if (result.graph !== null) finish(false);
    }
  });
  graphSeen.observe(stage, { attributes: true, attributeFilter: ["data-step"] });
  panelSeen.observe(document.body, { childList: true, subtree: true, characterData: true });
  const timer = setTimeout(() => finish(true), timeout);
  button.click();
})"""

#: Arms a watcher, before Ctrl+Enter: resolves with the ms from the keydown to a new graph
#: (another element than the one shown now) at step 0.
ARM_RUN_JS = """([graph, timeout]) => {
  const old = document.querySelector(graph);
  window.__runWait = new Promise((resolve) => {
    let started = null;
    const onKey = (event) => {
      if (event.key === "Enter" && event.ctrlKey && started === null) started = performance.now();
    };
    document.addEventListener("keydown", onKey, true);
    const check = () => {
      const now = document.querySelector(graph);
      if (started !== null && now && now !== old && now.getAttribute("data-step") === "0") {
        const ms = performance.now() - started;
        seen.disconnect(); clearTimeout(timer);
        document.removeEventListener("keydown", onKey, true);
        requestAnimationFrame(() => resolve({ ms, timedOut: false }));
        return true;
      }
      return false;
    };
    const seen = new MutationObserver(check);
    seen.observe(document.body, { childList: true, subtree: true, attributes: true,
      attributeFilter: ["data-step"] });
    const timer = setTimeout(() => { seen.disconnect(); resolve({ ms: null, timedOut: true }); },
      timeout);
  });
}"""


@dataclass
class Tally:
    """Everything the sessions measured during one N."""

    open_ms: list[float] = field(default_factory=list)
    run_ms: list[float] = field(default_factory=list)
    step_graph_ms: list[float] = field(default_factory=list)
    step_panel_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    runs: int = 0
    steps: int = 0


def _watch(page, session: int, tally: Tally) -> None:
    def on_console(message) -> None:
        if message.type == "error":
            tally.errors.append(f"session {session}: console error: {message.text[:200]}")

    page.on("console", on_console)
    page.on("pageerror", lambda e: tally.errors.append(f"session {session}: page error: {e}"))


async def open_session(context, base_url: str, session: int, tally: Tally):
    page = await context.new_page()
    _watch(page, session, tally)
    started = time.perf_counter()
    try:
        await page.goto(link(base_url, session), timeout=60_000)
        await page.wait_for_selector(f'{GRAPH}[data-step="{session % 3}"]', timeout=60_000)
        await page.wait_for_selector(IDLE_SELECTOR, timeout=60_000)
    except Exception as error:  # a session that cannot open is an error, not a crash
        first_line = str(error).splitlines()[0] if str(error) else ""
        tally.errors.append(f"session {session}: open: {type(error).__name__}: {first_line}"[:300])
        return page
    tally.open_ms.append((time.perf_counter() - started) * 1000)
    return page


async def run_program(page, session: int, run: int, tally: Tally) -> None:
    editor = page.locator(EDITOR)
    await page.evaluate(ARM_RUN_JS, [GRAPH, TIMEOUT_MS])
    await editor.fill(program(session, run))
    await editor.press("Control+Enter")
    outcome = await page.evaluate("window.__runWait")
    tally.runs += 1
    if outcome["timedOut"]:
        tally.errors.append(f"session {session}: Run {run}: no new graph in {TIMEOUT_MS} ms")
    else:
        tally.run_ms.append(outcome["ms"])


async def step(page, session: int, tally: Tally) -> None:
    label = "Next"
    if await page.locator('.crv-bar button[aria-label="Next"]').is_disabled():
        label = "First"  # at the end: back to the start, as a student would
    outcome = await page.evaluate(STEP_JS, [label, GRAPH, PANEL_HEADING, TIMEOUT_MS])
    if outcome.get("skipped"):
        return
    tally.steps += 1
    if outcome["graph"] is not None:
        tally.step_graph_ms.append(outcome["graph"])
    if outcome["panel"] is not None:
        tally.step_panel_ms.append(outcome["panel"])
    if outcome["timedOut"]:
        tally.errors.append(f"session {session}: step: panel not caught up in {TIMEOUT_MS} ms")


async def act(page, session: int, settings: Settings, deadline: float, tally: Tally) -> None:
    """A student: Run a new program every ``run_every`` seconds (the first at a random
    offset), and click Next every ``step_every`` seconds or so in between."""
    rng = random.Random(session)
    run = 0
    next_run = time.monotonic() + rng.uniform(0, settings.run_every)
    while True:
        now = time.monotonic()
        if now >= deadline:
            return
        try:
            if now >= next_run:
                run += 1
                await run_program(page, session, run, tally)
                next_run += settings.run_every
            else:
                await step(page, session, tally)
        except Exception as error:
            first_line = str(error).splitlines()[0] if str(error) else ""
            tally.errors.append(f"session {session}: {type(error).__name__}: {first_line}"[:300])
        pause = rng.uniform(0.5, 1.5) * settings.step_every
        await asyncio.sleep(max(0.0, min(pause, deadline - time.monotonic(), next_run - now)))


# -- one N ----------------------------------------------------------------------------------


@dataclass
class Settings:
    seconds: float
    run_every: float
    step_every: float
    pages_per_browser: int


@dataclass
class Sample:
    rss_peak: int = 0
    health_ms: list[float] = field(default_factory=list)


def _health_ms(base_url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=30) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


async def sample(
    base_url: str, pid: int | Sequence[int], found: Sample, stop: asyncio.Event
) -> None:
    """Every second: the server's RSS; every other second: the health endpoint's latency."""
    tick = 0
    while not stop.is_set():
        found.rss_peak = max(found.rss_peak, process_rss(pid))
        if tick % 2 == 0:
            try:
                found.health_ms.append(await asyncio.to_thread(_health_ms, base_url))
            except OSError as error:
                found.health_ms.append(float("nan"))
                print(f"  health: {error}", file=sys.stderr)
        tick += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


async def measure(n: int, base_url: str, pid: int, settings: Settings, log) -> dict:
    from playwright.async_api import async_playwright

    tally = Tally()
    found = Sample()
    stop = asyncio.Event()
    async with async_playwright() as playwright:
        browsers = []
        for _ in range(math.ceil(n / settings.pages_per_browser)):
            browsers.append(
                await playwright.chromium.launch(
                    executable_path=find_chromium(), args=CHROMIUM_ARGS
                )
            )
        contexts = [await b.new_context(viewport=VIEWPORT) for b in browsers]

        # A first page warms the server (imports, fonts, the component), then the baseline.
        warm = await contexts[0].new_page()
        await warm.goto(base_url + "/")
        await warm.wait_for_selector(IDLE_SELECTOR, timeout=60_000)
        await warm.close()
        await asyncio.sleep(3)
        rss_base = process_rss(pid)
        sampler = asyncio.create_task(sample(base_url, pid, found, stop))

        # Open: the class arrives over a few seconds (the teacher says "open the link").
        log(f"  N={n}: opening {n} sessions")
        cpu_open = process_cpu(pid)
        spread = min(15.0, 0.25 * n)

        async def arrive(i: int):
            await asyncio.sleep(spread * i / n)
            return await open_session(contexts[i % len(contexts)], base_url, i, tally)

        pages = await asyncio.gather(*(arrive(i) for i in range(n)))
        cpu_open = process_cpu(pid) - cpu_open
        await asyncio.sleep(5)  # settle: every session open and idle
        rss_idle = process_rss(pid)

        # Act: every session Runs and steps for `seconds`.
        log(f"  N={n}: {settings.seconds:.0f} s of Runs and steps")
        busy0, _, _ = cpu_seconds()
        cpu0, browsers0 = process_cpu(pid), load_cpu(pid)
        started = time.monotonic()
        deadline = started + settings.seconds
        await asyncio.gather(*(act(p, i, settings, deadline, tally) for i, p in enumerate(pages)))
        elapsed = time.monotonic() - started
        cpu_act = process_cpu(pid) - cpu0
        browsers_act = load_cpu(pid) - browsers0
        busy_act = cpu_seconds()[0] - busy0

        for i, page in enumerate(pages):
            try:
                shown = await page.locator('[data-testid="stException"]').all_inner_texts()
            except Exception as error:
                shown = [f"{type(error).__name__}: {error}"]
            tally.errors += [f"session {i}: stException: {text[:200]}" for text in shown]
        stop.set()
        await sampler
        rss_end = process_rss(pid)
        for browser in browsers:
            await browser.close()

    actions = tally.runs + tally.steps
    return {
        "sessions": n,
        "opened": len(tally.open_ms),
        "open_p50_ms": quantile(tally.open_ms, 0.5),
        "open_p95_ms": quantile(tally.open_ms, 0.95),
        "runs": tally.runs,
        "run_p50_ms": quantile(tally.run_ms, 0.5),
        "run_p95_ms": quantile(tally.run_ms, 0.95),
        "steps": tally.steps,
        "step_graph_p50_ms": quantile(tally.step_graph_ms, 0.5),
        "step_graph_p95_ms": quantile(tally.step_graph_ms, 0.95),
        "step_panel_p50_ms": quantile(tally.step_panel_ms, 0.5),
        "step_panel_p95_ms": quantile(tally.step_panel_ms, 0.95),
        "seconds": elapsed,
        "server_cpu_s": cpu_act,
        "server_cores": cpu_act / elapsed,
        "server_cpu_per_action_ms": 1000 * cpu_act / actions if actions else float("nan"),
        "server_cpu_per_open_ms": 1000 * cpu_open / n,
        "browser_cores": browsers_act / elapsed,
        "machine_cores_busy": busy_act / elapsed,
        "rss_base_mib": rss_base / 2**20,
        "rss_idle_mib": rss_idle / 2**20,
        "rss_peak_mib": max(found.rss_peak, rss_end) / 2**20,
        "rss_end_mib": rss_end / 2**20,
        "rss_per_idle_session_mib": (rss_idle - rss_base) / n / 2**20,
        "health_p50_ms": quantile([h for h in found.health_ms if h == h], 0.5),
        "health_max_ms": max((h for h in found.health_ms if h == h), default=float("nan")),
        "errors": tally.errors,
    }


# -- the report ------------------------------------------------------------------------------


def pair(r: dict, name: str, scale: float = 1.0, unit: str = "ms", digits: int = 0) -> str:
    p50, p95 = r[name + "_p50_ms"] / scale, r[name + "_p95_ms"] / scale
    return f"{p50:.{digits}f} / {p95:.{digits}f} {unit}"


#: The server's memory and health rows, the same in every class load test's table.
SERVER_ROWS = (
    (
        "server RSS: before / N idle / peak",
        lambda r: (
            f"{r['rss_base_mib']:.0f} / {r['rss_idle_mib']:.0f} / {r['rss_peak_mib']:.0f} MiB"
        ),
    ),
    ("RSS per idle session", lambda r: f"{r['rss_per_idle_session_mib']:.2f} MiB"),
    ("health p50 / max", lambda r: f"{r['health_p50_ms']:.0f} / {r['health_max_ms']:.0f} ms"),
)

ROWS = (
    ("sessions (opened)", lambda r: f"{r['sessions']} ({r['opened']})"),
    ("page open p50 / p95", lambda r: pair(r, "open", 1000, "s", 1)),
    ("Runs / steps in the window", lambda r: f"{r['runs']} / {r['steps']} in {r['seconds']:.0f} s"),
    ("Run → graph p50 / p95", lambda r: pair(r, "run")),
    ("step → graph p50 / p95", lambda r: pair(r, "step_graph")),
    ("step → panel p50 / p95", lambda r: pair(r, "step_panel")),
    ("server CPU per action", lambda r: f"{r['server_cpu_per_action_ms']:.0f} ms"),
    ("server CPU per page opened", lambda r: f"{r['server_cpu_per_open_ms']:.0f} ms"),
    (
        "cores: server / browsers / machine",
        lambda r: (
            f"{r['server_cores']:.2f} / {r['browser_cores']:.2f} / {r['machine_cores_busy']:.2f}"
        ),
    ),
    *SERVER_ROWS,
    ("errors", lambda r: str(len(r["errors"]))),
)


def report(results: list[dict], settings: Settings, header: list[str], rows=ROWS) -> str:
    lines = [f"- {line}" for line in header]
    lines += [
        "",
        "| | " + " | ".join(f"N = {r['sessions']}" for r in results) + " |",
        "| --- |" + " ---: |" * len(results),
    ]
    for name, cell in rows:
        lines.append(f"| {name} | " + " | ".join(cell(r) for r in results) + " |")
    for r in results:
        for error in r["errors"][:10]:
            lines.append(f"\nN = {r['sessions']}: {error}")
        if len(r["errors"]) > 10:
            lines.append(f"\nN = {r['sessions']}: … and {len(r['errors']) - 10} more errors")
    return "\n".join(lines)


async def one_session(base_url: str, pid: int, steps: int = 40, runs: int = 10) -> str:
    """Server CPU time per step and per Run of a single session (no other load on the
    server): the cost of each, apart from any contention."""
    from playwright.async_api import async_playwright

    tally = Tally()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=find_chromium(), args=CHROMIUM_ARGS
        )
        page = await open_session(await browser.new_context(viewport=VIEWPORT), base_url, 1, tally)
        for _ in range(5):  # warm
            await step(page, 1, tally)
        before, counted = process_cpu(pid), tally.steps
        for _ in range(steps):
            await step(page, 1, tally)
        await asyncio.sleep(0.5)
        per_step = 1000 * (process_cpu(pid) - before) / max(1, tally.steps - counted)
        before = process_cpu(pid)
        for run in range(1, runs + 1):
            await run_program(page, 1, run, tally)
            await page.wait_for_selector(IDLE_SELECTOR)
        await asyncio.sleep(0.5)
        per_run = 1000 * (process_cpu(pid) - before) / runs
        await browser.close()
    return (
        f"one session: server CPU {per_step:.1f} ms per step, {per_run:.1f} ms per Run; "
        f"step → panel p50 {quantile(tally.step_panel_ms, 0.5):.0f} ms; "
        f"{len(tally.errors)} errors {tally.errors}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.classload", description=__doc__)
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 30, 60])
    parser.add_argument("--seconds", type=float, default=60.0, help="the Runs-and-steps window")
    parser.add_argument("--run-every", type=float, default=30.0)
    parser.add_argument("--step-every", type=float, default=5.0)
    parser.add_argument("--pages-per-browser", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--one", action="store_true", help="only the server CPU per step and per Run, 1 session"
    )
    args = parser.parse_args(argv)
    if find_chromium() is None:
        parser.error("Chromium is not installed (apt-get install chromium)")
    if args.one:
        with streamlit_server("app.py") as base_url:
            pid = server_pid(int(base_url.rpartition(":")[2]))
            print(asyncio.run(one_session(base_url, pid)))
        return 0
    settings = Settings(args.seconds, args.run_every, args.step_every, args.pages_per_browser)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    load = os.getloadavg()
    header = [
        f"machine: {os.cpu_count()} CPUs, {cpu_model()}; load average at start "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        "the server, the browsers (headless Chromium, "
        f"{settings.pages_per_browser} pages per browser) and this driver share the machine",
        f"each session: opens a link to its own program, Runs a new one every "
        f"{settings.run_every:.0f} s (first at a random offset), clicks Next every "
        f"{settings.step_every:.0f} s ± 50 % (First at the end); window {settings.seconds:.0f} s",
    ]
    results = []
    for n in args.sessions:
        log(f"N={n}: starting a fresh server")
        with streamlit_server("app.py") as base_url:
            pid = server_pid(int(base_url.rpartition(":")[2]))
            result = asyncio.run(measure(n, base_url, pid, settings, log))
        results.append(result)
        log(f"N={n}: {json.dumps({k: v for k, v in result.items() if k != 'errors'})}")
        log(f"N={n}: {len(result['errors'])} errors")
    text = report(results, settings, header)
    print(text)
    if args.json:
        args.json.write_text(json.dumps({"header": header, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
