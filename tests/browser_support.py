"""Helpers for the browser tests: a live Streamlit server, Chromium, and error collectors.

The fixtures in ``conftest.py`` wrap these; tests import the plain functions
(``wait_idle``, ``assert_no_problems``) from here. Tests that drive a browser
are marked ``browser`` and live in ``tests/test_browser_*.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent

# Debian's Chromium; never a browser that Playwright downloads (there is no internet).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Flags that keep a test server quiet and local: no first-run prompt, loopback only,
# no usage statistics fetched from outside, and no watcher over the whole tree (.venv too).
SERVER_FLAGS = [
    "--server.headless=true",
    "--server.address=127.0.0.1",
    "--browser.gatherUsageStats=false",
    "--server.fileWatcherType=none",
]

HEALTH_TIMEOUT_S = 30.0
IDLE_TIMEOUT_MS = 30_000
IDLE_SELECTOR = '[data-testid="stApp"][data-test-script-state="notRunning"]'

# A deep link to a sub page makes the frontend probe its health and host config
# relative to the page's path first; these two 404s are expected and harmless.
KNOWN_DEEP_LINK_404 = re.compile(r"^/[^/]+/_stcore/(health|host-config)$")

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def in_ci() -> bool:
    """CI sets CI=true: there, a browser test that cannot run is a failure, not a skip."""
    return os.environ.get("CI") == "true"


def find_chromium() -> str | None:
    """The path of Debian's Chromium, or None when it is not installed."""
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def chromium_missing_message() -> str:
    return (
        "Chromium is not installed, so the browser tests cannot run "
        "(install it with `apt-get install -y --no-install-recommends chromium`)"
    )


def free_port() -> int:
    """A port that was free a moment ago (the OS picks it when binding port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def health(base_url: str, timeout: float = 2.0) -> str:
    """The body of the server's health endpoint ("ok" when it is ready)."""
    with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=timeout) as response:
        return response.read().decode("utf-8", "replace").strip()


class ServerError(RuntimeError):
    """The Streamlit server did not start or answer; the message holds its log."""


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _wait_healthy(process: subprocess.Popen, base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(
                f"streamlit exited with status {process.returncode} before it was healthy:\n"
                + log_path.read_text(errors="replace")[-4000:]
            )
        try:
            body = health(base_url, timeout=1.0)
            if body == "ok":
                return
            last_error = f"health said {body!r}"
        except (OSError, urllib.error.URLError) as error:
            last_error = str(error)
        time.sleep(0.1)
    raise ServerError(
        f"{base_url}/_stcore/health did not say 'ok' within {HEALTH_TIMEOUT_S:.0f} s "
        f"({last_error}):\n" + log_path.read_text(errors="replace")[-4000:]
    )


@contextmanager
def streamlit_server(
    app: str = "app.py", cwd: Path = REPO_ROOT, attempts: int = 3
) -> Iterator[str]:
    """Run ``streamlit run APP`` on a free loopback port; yield its base URL.

    Stopped with SIGTERM on exit. The port is picked by binding port 0; another
    process may take it before Streamlit does, so only that failure is retried.
    """
    failures: list[str] = []
    for _ in range(attempts):
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "streamlit", "run", app, f"--server.port={port}"]
        with tempfile.NamedTemporaryFile("w+b", prefix="streamlit-", suffix=".log") as log:
            process = subprocess.Popen(
                command + SERVER_FLAGS,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                _wait_healthy(process, base_url, Path(log.name))
            except ServerError as error:
                _stop(process)
                failures.append(str(error))
                if f"Port {port} is not available" in str(error):
                    continue  # another process took the port first: pick a new one
                break
            try:
                yield base_url
            finally:
                _stop(process)
            return
    raise ServerError("\n\n".join(failures))


@dataclass
class PageProblems:
    """What went wrong in a page, as a person with the browser console open would see it."""

    base_url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"page error: {text}" for text in self.page_errors]
            + [f"HTTP {text}" for text in self.bad_responses]
            + [f"request to an outside host: {url}" for url in self.outside_requests]
        )


def _is_known_404(url: str) -> bool:
    return KNOWN_DEEP_LINK_404.match(urlsplit(url).path) is not None


def attach_collectors(page, base_url: str) -> PageProblems:
    """Record console errors, uncaught page errors, responses >= 400 and outside requests."""
    problems = PageProblems(base_url)

    def on_console(message) -> None:
        if message.type != "error":
            return
        # Chromium also logs every failed load as a console error; the response
        # collector judges those, so a known 404 is allowed in both places.
        location_url = (message.location or {}).get("url", "")
        if message.text.startswith("Failed to load resource") and _is_known_404(location_url):
            return
        problems.console_errors.append(f"{message.text} ({location_url})")

    def on_response(response) -> None:
        if response.status >= 400 and not (response.status == 404 and _is_known_404(response.url)):
            problems.bad_responses.append(f"{response.status} {response.url}")

    def on_request(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname not in LOCAL_HOSTS:
            problems.outside_requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on("response", on_response)
    page.on("request", on_request)
    return problems


def assert_no_problems(problems: PageProblems) -> None:
    found = problems.all()
    assert not found, "the page reported problems:\n" + "\n".join(found)


def assert_no_exception(page) -> None:
    """No app error is shown (Streamlit renders them as `stException`)."""
    shown = page.locator('[data-testid="stException"]').all_inner_texts()
    assert not shown, "the app shows an exception:\n" + "\n---\n".join(shown)


def wait_idle(page, timeout: float = IDLE_TIMEOUT_MS) -> None:
    """Wait until the app's script has finished running (after a load or any interaction)."""
    page.wait_for_selector(IDLE_SELECTOR, timeout=timeout)


def open_app(page, url: str) -> None:
    """Load a URL of the app and wait until its script has run."""
    page.goto(url)
    wait_idle(page)


# -- the graph viewer, as measured on screen ------------------------------------------------

GRAPH = '[data-testid="chainrule-graph"]'

#: Measures, in the page, what a person sees of the graph: the box, every element's screen
#: rectangle, and the on-screen size of every text (its font size times the SVG's scale).
MEASURE_GRAPH = """(root) => {
  root = root || document;
  const stage = root.querySelector('[data-testid="chainrule-graph"]');
  if (!stage) return null;
  const rect = (el) => { const r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  const px = (t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
  const texts = (el) => Array.from(el.querySelectorAll("text"))
    .filter((t) => t.getClientRects().length && t.textContent.trim())
    .map(px);
  const current = Array.from(stage.querySelectorAll(".current")).map((el) => ({
    name: el.getAttribute("data-name"), rect: rect(el), text: texts(el) }));
  const overview = root.querySelector('[data-testid="chainrule-overview"]');
  const shown = overview && !overview.hidden;
  return {
    step: stage.getAttribute("data-step"),
    box: rect(stage),
    view: [window.innerWidth, window.innerHeight],
    current,
    allText: texts(stage),
    nodes: Array.from(stage.querySelectorAll("g.node")).map(rect),
    overview: shown ? Array.from(overview.querySelectorAll("g.node")).map(rect) : null,
  };
}"""


def measure_graph(page) -> dict:
    return page.evaluate(MEASURE_GRAPH)


def inside(rect, view, slack: float = 0.5) -> bool:
    left, top, right, bottom = rect
    return (
        left >= -slack and top >= -slack and right <= view[0] + slack and bottom <= view[1] + slack
    )


#: Clicks a stepper button and resolves with the milliseconds until the graph shows the
#: new step (its data-step changes), timed in the page.
TIME_CLICK = """([label]) => new Promise((resolve) => {
  const stage = document.querySelector('[data-testid="chainrule-graph"]');
  const before = stage.getAttribute("data-step");
  const button = Array.from(document.querySelectorAll(".crv-bar button"))
    .find((b) => b.getAttribute("aria-label") === label);
  const started = performance.now();
  const seen = new MutationObserver(() => {
    if (stage.getAttribute("data-step") !== before) {
      seen.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - started));  // painted
    }
  });
  seen.observe(stage, { attributes: true, attributeFilter: ["data-step"] });
  button.click();
})"""


def wait_graph(page, step: int | None = None, timeout: float = IDLE_TIMEOUT_MS) -> None:
    """Wait for the graph viewer (at ``step``, when given)."""
    selector = GRAPH if step is None else f'{GRAPH}[data-step="{step}"]'
    page.wait_for_selector(selector, timeout=timeout)
