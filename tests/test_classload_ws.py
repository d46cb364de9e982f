"""The class load test's protocol client (bench/classload_ws.py) against a live server.

Two sessions speak Streamlit's websocket protocol for a few seconds, as the load test's
students do: every Run must bring its program's graph and every step its panel. Then two
deliberate protocol mistakes (the Run's trigger and the graph's step sent under ids the
server never drew) must be caught by the same checks, so that a client that stopped
reaching the app could not pass for a fast one.
"""

from __future__ import annotations

import asyncio
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `import bench`, as `python -m bench.classload_ws` does
    sys.path.insert(0, str(ROOT))

from browser_support import streamlit_server  # noqa: E402

from bench.classload_ws import Settings, act, open_class  # noqa: E402
from bench.protocol import GRAPH_KEY, RUN_KEY, Tally  # noqa: E402

WINDOW_S = 5.0
LONE = "x = randn(7, seed=5)\nL = sum(x ** 2)"  # a shape no student's program has


async def drive(base_url: str) -> tuple[Tally, Tally]:
    tally = Tally()
    sessions = await open_class(base_url, 2, tally, spread=0.0)
    deadline = time.monotonic() + WINDOW_S
    settings = Settings(WINDOW_S, run_every=2.0, step_every=0.3)
    await asyncio.gather(*(act(session, settings, deadline) for session in sessions))

    control = Tally()  # the mistakes, counted apart
    session = sessions[0]
    session.tally = control
    session.ids[RUN_KEY] += "-not-drawn"
    await session.run(LONE)
    session.ids[GRAPH_KEY] += "-not-drawn"
    await session.next_step()
    for session in sessions:
        await session.close()
    return tally, control


def test_each_run_brings_its_graph_and_each_step_its_panel():
    # The class runs in a thread of its own: the browser tests' Playwright (sync API) keeps
    # an event loop running in this thread for the whole session.
    with streamlit_server("app.py") as base_url, ThreadPoolExecutor(1) as pool:
        tally, control = pool.submit(asyncio.run, drive(base_url)).result()

    assert tally.errors == []
    assert len(tally.open_ms) == 2
    assert tally.runs >= 2 and tally.runs_checked == tally.runs
    assert tally.steps >= 4 and tally.steps_checked == tally.steps
    assert len(tally.run_graph_ms) == tally.runs and len(tally.step_panel_ms) == tally.steps

    assert control.runs_checked == 0 and control.steps_checked == 0
    assert any("did not send the new program's graph" in e for e in control.errors), control
    assert any("step: sent step" in e for e in control.errors), control
