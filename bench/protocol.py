"""Streamlit's websocket protocol spoken as its frontend speaks it, for the class load test.

A ``Session`` is one student's page of the main page (``app.py``) without a browser: it
opens a link as the page does (the health and host-config requests that set the XSRF
cookie, the websocket to ``/_stcore/stream`` with the subprotocols ``streamlit, <xsrf
token>``, a first ``rerun_script``), keeps what the frontend keeps between reruns, and
takes a student's two actions, Run and step, each checked against what the server sent
back. ``bench/classload_ws.py`` drives a class of them; see bench/README.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from bench.classload import link

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


def _jar(cookie: SimpleCookie) -> str:
    """A ``Cookie`` header with every cookie received so far."""
    return "; ".join(f"{name}={morsel.value}" for name, morsel in cookie.items())


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
        cookie: SimpleCookie = SimpleCookie()
        for path in ("/", "/_stcore/health", "/_stcore/host-config"):
            # Every cookie back, as a browser does: behind deploy/'s nginx the route cookie
            # keeps a session on one app process.
            sent = {**headers, "Cookie": _jar(cookie)} if cookie else headers
            _, cookies = await asyncio.to_thread(_http_get, self.base_url + path, sent)
            for text in cookies:
                cookie.load(text)
        xsrf = cookie["_streamlit_xsrf"].value if "_streamlit_xsrf" in cookie else None
        self._ws = await connect(
            "ws" + self.base_url.removeprefix("http") + "/_stcore/stream",
            subprotocols=["streamlit", xsrf or "PLACEHOLDER_AUTH_TOKEN"],
            origin=self.base_url,
            additional_headers={"Cookie": _jar(cookie)} if cookie else None,
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
