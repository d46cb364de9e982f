"""Two app processes behind nginx (``python -m deploy``), in a real Chromium.

Sessions with different route cookies land on both processes; when one process stops, a
session's link (program and step in the address) reopens that program at that step on the
other one. Needs Debian's nginx: skipped without it on a developer's machine, a failure
with CI=true (.ci/run installs it).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from browser_support import (
    GRAPH,
    REPO_ROOT,
    assert_no_exception,
    assert_no_problems,
    attach_collectors,
    free_port,
    in_ci,
    wait_graph,
    wait_idle,
)
from playwright.sync_api import expect

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from deploy import cluster

PROGRAM = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z\ng = f * f"  # three steps
STARTUP_S = 120


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> dict:
    """``python -m deploy --processes 2`` on loopback; yields its state (pids, ports, URL)."""
    if cluster.find_nginx() is None:
        message = "nginx is not installed (apt-get install nginx)"
        if in_ci():
            pytest.fail(message + " and CI=true requires it", pytrace=False)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("deploy")
    state_file = folder / "state.json"
    command = [sys.executable, "-m", "deploy", "--processes", "2", "--address", "127.0.0.1"]
    command += ["--port", str(free_port()), "--prefix", str(folder / "nginx")]
    command += ["--state", str(state_file)]
    log = folder / "deploy.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + STARTUP_S
        while not state_file.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"python -m deploy did not start:\n{log.read_text()}", pytrace=False)
            time.sleep(0.2)
        state = json.loads(state_file.read_text())
        state["log"] = log
        yield state
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def upstream_port(headers) -> int:
    """The port of the process that answered last, from nginx's ``X-Upstream`` header
    (``127.0.0.1:8501``, or ``127.0.0.1:8501, 127.0.0.1:8502`` after a retry)."""
    return int(headers["x-upstream"].split(",")[-1].strip().rpartition(":")[2])


def route_to(url: str, route: str) -> int:
    request = urllib.request.Request(
        f"{url}/_stcore/health", headers={"Cookie": f"chainrule_route={route}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return upstream_port(response.headers)


def sockets_on(port: int) -> int:
    """Established TCP connections to loopback ``port`` (nginx's side of each websocket)."""
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        if local.endswith(f":{port:04X}") and state == "01":
            count += 1
    return count


def test_sessions_spread_over_both_processes_and_a_link_survives_one_stopping(deployed, browser):
    url = deployed["url"]
    ports = [app["port"] for app in deployed["apps"]]
    # nginx sets the cookie itself on a first visit…
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
        assert response.read() == b"ok"
        cookies = response.headers.get_all("Set-Cookie")
        assert any(re.match(r"chainrule_route=\w+; Path=/", c) for c in cookies), cookies
    # …and a student's cookie picks the process; find one student for each process.
    students: dict[int, str] = {}
    for i in range(64):
        students.setdefault(route_to(url, f"student-{i}"), f"student-{i}")
        if len(students) == 2:
            break
    assert sorted(students) == sorted(ports), students

    link = url + "/?" + urlencode({"program": PROGRAM, "step": 1})
    pages = {}
    for port, route in students.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": "chainrule_route", "value": route, "url": url}])
        page = context.new_page()
        response = page.goto(link)
        assert upstream_port(response.headers) == port
        wait_idle(page)
        wait_graph(page, 1)
        assert_no_exception(page)
        pages[port] = page
    for port in ports:  # each process holds a websocket (a session) of its own
        assert sockets_on(port) >= 1, (port, deployed)

    # One student steps on; the address follows.
    doomed, survivor = ports
    page = pages[doomed]
    page.locator('.crv-bar button[aria-label="Next"]').click()
    wait_graph(page, 2)
    page.wait_for_url(re.compile(r"[?&]step=2(&|$)"))
    expect(page.get_by_role("heading", name=re.compile(r"^Step 2 of 3"))).to_have_count(1)
    shared = page.url

    # Their process stops; the link, opened again with the same cookie, reaches the other.
    app = next(a for a in deployed["apps"] if a["port"] == doomed)
    os.kill(app["pid"], signal.SIGTERM)
    deadline = time.monotonic() + 30
    while cluster.healthy(f"http://127.0.0.1:{doomed}") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not cluster.healthy(f"http://127.0.0.1:{doomed}")

    reopened = page.context.new_page()
    problems = attach_collectors(reopened, url)
    response = reopened.goto(shared)
    assert upstream_port(response.headers) == survivor
    wait_idle(reopened)
    wait_graph(reopened, 2)
    expect(reopened.get_by_role("heading", name=re.compile(r"^Step 2 of 3"))).to_have_count(1)
    editor = reopened.locator(".st-key-main_editor textarea")
    assert editor.input_value() == PROGRAM
    assert reopened.locator(GRAPH).get_attribute("data-step") == "2"
    assert_no_exception(reopened)
    assert_no_problems(problems)
    # The other student, on the survivor all along, still steps.
    other = pages[survivor]
    other.locator('.crv-bar button[aria-label="Next"]').click()
    wait_graph(other, 2)
    access = (Path(deployed["prefix"]) / "access.log").read_text()
    assert f"upstream=127.0.0.1:{doomed}" in access and f"upstream=127.0.0.1:{survivor}" in access
    for context in {p.context for p in [*pages.values(), reopened]}:
        context.close()
