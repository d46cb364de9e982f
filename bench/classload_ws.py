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
closed websocket. Nothing here is collected by pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from bench.classload import (
    Sample,
    link,
    pair,
    process_cpu,
    process_rss,
    program,
    quantile,
    report,
    sample,
    server_pid,
    streamlit_server,
)
from bench.machine import cpu_model, cpu_seconds

TIMEOUT_S = 30.0
EDITOR_KEY = "main_editor"
RUN_KEY = "main_run"
GRAPH_KEY = "main_graph"
PANEL_HEADING = re.compile(r"^Step \*\*(\d+)\*\* of \*\*(\d+)\*\*")
LEAF = re.compile(r"^(\w+) = randn\(([\d, ]+), seed=\d+\)$", re.MULTILINE)
FINISHED = ForwardMsg.ScriptFinishedStatus
#: The widgets of the main page whose value the frontend keeps and sends with every rerun
#: request, and where that value is in their element; buttons (triggers) and the graph
#: component (no value until it is stepped) have none until the student acts.
VALUE_WIDGETS = {"text_area", "text_input", "checkbox", "radio", "selectbox"}
#: What the browser says about itself in every rerun request (Chromium's, headless, UTC).
CONTEXT = {"timezone": "UTC", "timezone_offset": 0, "locale": "en-US", "color_scheme": "light"}


def expected_leaves(source: str) -> dict[str, str]:
    """The leaves of one of ``bench.classload.program``'s programs, with the shapes the
    graph's inspect texts give them: ``{"x": "(3,)", "W": "(4, 3)", ...}``."""
    found = {}
    for name, dims in LEAF.findall(source):
        sizes = [d.strip() for d in dims.split(",")]
        found[name] = f"({sizes[0]},)" if len(sizes) == 1 else f"({', '.join(sizes)})"
    return found


def _initial_state(element, kind: str, widget_id: str) -> WidgetState | None:
    """The value the frontend holds for a widget the server just drew: the one the server
    set (``set_value``), else the widget's default; None for widgets without a value."""
    if kind not in VALUE_WIDGETS:
        return None
    proto = getattr(element, kind)
    state = WidgetState(id=widget_id)
    if kind == "checkbox":
        state.bool_value = proto.value if proto.set_value else proto.default
    elif kind in ("radio", "selectbox"):
        if proto.set_value and proto.HasField("raw_value"):
            state.string_value = proto.raw_value
        elif not proto.set_value and proto.HasField("default"):
            state.string_value = proto.options[proto.default]
    elif proto.set_value and proto.HasField("value"):
        state.string_value = proto.value
    elif not proto.set_value and proto.HasField("default"):
        state.string_value = proto.default
    return state


def _server_set(element) -> bool:
    return bool(getattr(getattr(element, element.WhichOneof("type")), "set_value", False))


# -- one script run, as the session saw it ----------------------------------------------------


@dataclass
class Rerun:
    """What the server sent for one request, up to its successful ``script_finished``."""

    sent: float
    graph_at: float | None = None
    graph: dict | None = None
    headings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    bytes: int = 0
    finished_at: float | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def panel_step(self) -> tuple[int, int] | None:
        """(step, steps) of the step panel's heading, if the page drew one."""
        for heading in self.headings:
            match = PANEL_HEADING.match(heading)
            if match:
                return int(match[1]), int(match[2])
        return None


@dataclass
class Tally:
    """Everything the sessions measured during one N."""

    open_ms: list[float] = field(default_factory=list)
    run_graph_ms: list[float] = field(default_factory=list)
    run_page_ms: list[float] = field(default_factory=list)
    step_panel_ms: list[float] = field(default_factory=list)
    #: (sent, "run" or "step", session, ms): each action's latency, on this clock
    timeline: list[tuple[float, str, int, float]] = field(default_factory=list)
    run_bytes: list[int] = field(default_factory=list)
    step_bytes: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    runs: int = 0
    steps: int = 0
    runs_checked: int = 0
    steps_checked: int = 0


def _http_get(url: str, headers: dict[str, str]) -> tuple[bytes, list[str]]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
        return response.read(), response.headers.get_all("Set-Cookie") or []


class Session:
    """One student's page, speaking Streamlit's websocket protocol as its frontend does.

    It keeps what the frontend keeps between reruns: the value of every widget the last
    run drew (the user's, else the one the server sent), the query string the server last
    wrote, the page's script hash, and the hashes of the cacheable messages of the last
    ``max_cached_message_age`` runs (the server then sends a reference instead)."""

    def __init__(self, base_url: str, index: int, tally: Tally) -> None:
        self.base_url = base_url
        self.index = index
        self.tally = tally
        self.query_string = urlsplit(link(base_url, index)).query
        self.page_script_hash = ""
        self.widgets: dict[str, WidgetState] = {}
        self.ids: dict[str, str] = {}  # widget key (main_editor, ...) -> its element id
        self.cache: dict[str, tuple[int, bytes]] = {}  # hash -> (last run seen, message)
        self.max_age = 2
        self.finished_runs = 0
        self.rerun: Rerun | None = None
        self.graph: dict | None = None  # the component's latest payload
        self.step = 0
        self.steps = 0
        self.closed: str | None = None
        self._seen_ids: set[str] = set()
        self._ws = None
        self._reader: asyncio.Task | None = None

    def error(self, text: str) -> None:
        self.tally.errors.append(f"session {self.index}: {text}"[:300])

    # -- the connection -----------------------------------------------------------------

    async def open(self, program_text: str) -> bool:
        """Open the page's link: what the page fetches, the websocket, the first run."""
        started = time.perf_counter()
        headers = {"Origin": self.base_url}
        cookie = SimpleCookie()
        for path in ("/", "/_stcore/health", "/_stcore/host-config"):
            _, cookies = await asyncio.to_thread(_http_get, self.base_url + path, headers)
            for text in cookies:
                cookie.load(text)
        xsrf = cookie["_streamlit_xsrf"].value if "_streamlit_xsrf" in cookie else None
        self._ws = await connect(
            "ws" + self.base_url.removeprefix("http") + "/_stcore/stream",
            subprotocols=["streamlit", xsrf or "PLACEHOLDER_AUTH_TOKEN"],
            origin=self.base_url,
            additional_headers={"Cookie": f"_streamlit_xsrf={xsrf}"} if xsrf else None,
            compression="deflate",  # permessage-deflate, as Chromium offers
            max_size=None,
            ping_interval=None,  # a browser sends no pings (the server does)
        )
        self._reader = asyncio.create_task(self._read())
        rerun = await self._request({})
        if rerun is None:
            return False
        shown = rerun.panel_step()
        wanted = urlsplit(link(self.base_url, self.index)).query
        if not self._graph_is(rerun, program_text) or shown is None:
            self.error(f"open: no graph or panel for the link ({rerun.problems})")
            return False
        self.step, self.steps = shown
        if f"step={self.step}" not in wanted:
            self.error(f"open: the panel shows step {self.step}, the link asked {wanted[-8:]}")
        self.tally.open_ms.append((time.perf_counter() - started) * 1000)
        return True

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                self._receive(raw)
        except ConnectionClosed as closed:
            self.closed = f"websocket closed: {closed}"
        except Exception as error:  # a message this client cannot read is an error, reported
            self.closed = f"{type(error).__name__}: {error}"
        else:
            self.closed = "websocket closed by the server"
        if self.rerun is not None:
            self.rerun.done.set()

    # -- the frontend's half of the protocol ----------------------------------------------

    def _receive(self, raw: bytes) -> None:
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        rerun = self.rerun
        if rerun is not None:
            rerun.bytes += len(raw)
        if msg.WhichOneof("type") == "ref_hash":  # a message this page has: from its cache
            seen = self.cache.get(msg.ref_hash)
            if seen is None:
                if rerun is not None:
                    rerun.problems.append(f"a reference to a message never seen: {msg.ref_hash}")
                return
            metadata = ForwardMsg()
            metadata.metadata.CopyFrom(msg.metadata)
            msg = ForwardMsg()
            msg.ParseFromString(seen[1])
            msg.metadata.CopyFrom(metadata.metadata)
            self.cache[msg.hash] = (self.finished_runs + 1, seen[1])
        elif msg.metadata.cacheable:
            self.cache[msg.hash] = (self.finished_runs + 1, raw)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.page_script_hash = msg.new_session.page_script_hash
            self.max_age = msg.new_session.config.max_cached_message_age or self.max_age
            self._seen_ids = set()
        elif kind == "navigation":  # the page this run is of, as the frontend keeps it
            self.page_script_hash = msg.navigation.page_script_hash or self.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element, rerun)
        elif kind == "script_finished":
            self._finished(msg.script_finished, rerun)
        elif kind == "session_event" and rerun is not None:  # a script that did not compile
            rerun.problems.append(f"session event: {msg.session_event}".strip())

    def _element(self, element, rerun: Rerun | None) -> None:
        kind = element.WhichOneof("type")
        if kind == "heading" and rerun is not None:
            rerun.headings.append(element.heading.body)
        elif kind == "exception" and rerun is not None:
            rerun.problems.append(
                f"exception element: {element.exception.type}: {element.exception.message}"
            )
        elif kind == "alert" and element.alert.format == Alert.ERROR and rerun is not None:
            rerun.problems.append(f"error alert: {element.alert.body[:150]}")
        elif kind == "bidi_component" and rerun is not None:
            proto = element.bidi_component
            rerun.graph_at = time.perf_counter()
            rerun.graph = json.loads(proto.json or proto.mixed.json or "null")
        widget_id = getattr(getattr(element, kind), "id", "") if kind else ""
        if widget_id.startswith("$$ID-"):
            self._seen_ids.add(widget_id)
            self.ids[widget_id.rpartition("-")[2]] = widget_id
            initial = _initial_state(element, kind, widget_id)
            if initial is not None and (widget_id not in self.widgets or _server_set(element)):
                self.widgets[widget_id] = initial

    def _finished(self, status: int, rerun: Rerun | None) -> None:
        if status == FINISHED.FINISHED_EARLY_FOR_RERUN:
            return  # another run of the same request follows
        self.finished_runs += 1
        if status == FINISHED.FINISHED_SUCCESSFULLY:  # drop what the page no longer shows
            self.widgets = {k: v for k, v in self.widgets.items() if k in self._seen_ids}
        elif rerun is not None:
            rerun.problems.append(f"script finished with {FINISHED.Name(status)}")
        oldest = self.finished_runs - self.max_age
        self.cache = {k: v for k, v in self.cache.items() if v[0] > oldest}
        if rerun is not None:
            if rerun.graph is not None:
                self.graph = rerun.graph
            rerun.finished_at = time.perf_counter()
            rerun.done.set()

    async def _request(self, extra: dict[str, WidgetState]) -> Rerun | None:
        """Send one ``rerun_script`` (every widget's value, and ``extra`` on top) and wait
        for its run to finish; None (and an error) if it did not within the timeout."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        for widget in {**self.widgets, **extra}.values():
            state.widget_states.widgets.append(widget)
        state.cached_message_hashes.extend(self.cache)
        for name, value in CONTEXT.items():
            setattr(state.context_info, name, value)
        state.context_info.url = self.base_url + "/"
        state.context_info.is_embedded = False
        rerun = self.rerun = Rerun(sent=time.perf_counter())
        try:
            await self._ws.send(msg.SerializeToString())
            await asyncio.wait_for(rerun.done.wait(), TIMEOUT_S)
        except TimeoutError:
            self.error(f"no script_finished within {TIMEOUT_S:.0f} s")
            return None
        except ConnectionClosed as closed:
            self.closed = f"websocket closed: {closed}"
        finally:
            self.rerun = None
        if self.closed:
            self.error(self.closed)
            return None
        for problem in rerun.problems:
            self.error(problem)
        return rerun

    def _graph_is(self, rerun: Rerun, source: str) -> bool:
        """The rerun sent the graph of ``source``: its leaves, with their shapes."""
        graph = rerun.graph
        if not isinstance(graph, dict) or "meta" not in graph:
            return False
        shown = {item["name"]: item["shape"] for item in graph["meta"]["inspect"].values()}
        leaves = expected_leaves(source)
        return all(shown.get(name) == shape for name, shape in leaves.items()) and bool(leaves)

    # -- a student's two actions ------------------------------------------------------------

    async def run(self, source: str) -> None:
        """Type ``source`` into the editor and press Ctrl+Enter (the form's Run)."""
        editor, button = self.ids.get(EDITOR_KEY), self.ids.get(RUN_KEY)
        if editor is None or button is None:
            self.error("Run: the page has no editor or Run button")
            return
        self.widgets[editor] = WidgetState(id=editor, string_value=source)
        old_key = (self.graph or {}).get("meta", {}).get("key")
        rerun = await self._request({button: WidgetState(id=button, trigger_value=True)})
        self.tally.runs += 1
        if rerun is None:
            return
        self.tally.run_page_ms.append((rerun.finished_at - rerun.sent) * 1000)
        self.tally.run_bytes.append(rerun.bytes)
        shown = rerun.panel_step()
        if rerun.graph_at is None or not self._graph_is(rerun, source):
            self.error("Run: the rerun did not send the new program's graph")
            return
        self.tally.run_graph_ms.append((rerun.graph_at - rerun.sent) * 1000)
        self.tally.timeline.append((rerun.sent, "run", self.index, self.tally.run_graph_ms[-1]))
        new_key = rerun.graph["meta"]["key"]
        if new_key == old_key or shown is None or shown[0] != 0:
            self.error(f"Run: graph key {old_key} -> {new_key}, panel {shown} (wanted step 0)")
            return
        self.step, self.steps = shown
        self.tally.runs_checked += 1

    async def next_step(self) -> None:
        """Click the graph's Next (First at the end): the component's state, as its
        ``setStateValue("step", {step, seq})`` sends it."""
        graph = self.ids.get(GRAPH_KEY)
        if graph is None or self.graph is None:
            self.error("step: the page has no graph")
            return
        wanted = self.step + 1 if self.step < self.steps else 0
        value = {"step": {"step": wanted, "seq": self.graph.get("seq", 0)}}
        text = json.dumps(value, separators=(",", ":"))  # JSON.stringify's spacing
        self.widgets[graph] = WidgetState(id=graph, json_value=text)
        rerun = await self._request({})
        self.tally.steps += 1
        if rerun is None:
            return
        self.tally.step_bytes.append(rerun.bytes)
        shown = rerun.panel_step()
        if shown is None or shown[0] != wanted:
            self.error(f"step: sent step {wanted}, the panel shows {shown}")
            return
        self.tally.step_panel_ms.append((rerun.finished_at - rerun.sent) * 1000)
        self.tally.timeline.append((rerun.sent, "step", self.index, self.tally.step_panel_ms[-1]))
        self.step, self.steps = shown
        self.tally.steps_checked += 1


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


async def cpu_timeline(pid: int, found: list, stop: asyncio.Event) -> None:
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


async def measure(n: int, base_url: str, pid: int, settings: Settings, log) -> dict:
    tally = Tally()
    found = Sample()
    stop = asyncio.Event()

    # A first session warms the server (imports, the component, dot), then the baseline.
    warm = Session(base_url, n + 1, Tally())
    await warm.open(program(n + 1, 0))
    await warm.close()
    await asyncio.sleep(3)
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
    (
        "server RSS: before / N idle / peak",
        lambda r: (
            f"{r['rss_base_mib']:.0f} / {r['rss_idle_mib']:.0f} / {r['rss_peak_mib']:.0f} MiB"
        ),
    ),
    ("RSS per idle session", lambda r: f"{r['rss_per_idle_session_mib']:.2f} MiB"),
    ("health p50 / max", lambda r: f"{r['health_p50_ms']:.0f} / {r['health_max_ms']:.0f} ms"),
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


async def run_class(n: int, settings: Settings, log, nice: int | None = None) -> dict:
    """One N on a fresh server."""
    with streamlit_server("app.py") as base_url:
        pid = server_pid(int(base_url.rpartition(":")[2]))
        if nice is not None:
            renice(pid, nice)
        return await measure(n, base_url, pid, settings, log)


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
    if args.server_nice is not None:
        header.append(f"the server runs at nice {args.server_nice} (this client at 0)")
    results = []
    for n in args.sessions:
        log(f"N={n}: starting a fresh server")
        result = asyncio.run(run_class(n, settings, log, args.server_nice))
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
