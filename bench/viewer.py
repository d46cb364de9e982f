"""The graph view as a person meets it, measured in headless Chromium (not a timed test).

    python -m bench.viewer [--clicks 24]

Starts `streamlit run app.py` on a free port, opens Debian's Chromium and prints, at
1280x720 and 1440x900: the click-to-graph latency of the stepper (timed in the page,
from the click to the graph showing the new step), the on-screen size of the current
step's text (presenting the default network at step 3), the CS231n circuit's smallest
text, and the same for the offline slides file. Needs the test extra (Playwright).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import (  # noqa: E402
    CHROMIUM_ARGS,
    MEASURE_GRAPH,
    TIME_CLICK,
    find_chromium,
    open_app,
    streamlit_server,
    wait_graph,
)

from engine.views import session  # noqa: E402
from engine.views.examples import example  # noqa: E402
from engine.views.slides import slides_html  # noqa: E402

VIEWS = {"1280x720": (1280, 720), "1440x900": (1440, 900)}


def smallest(state: dict, current: bool) -> float:
    texts = (
        [px for element in state["current"] for px in element["text"]]
        if current
        else state["allText"]
    )
    return min(texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=24, help="stepper clicks to time")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    rows = []
    with streamlit_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        for name, (width, height) in VIEWS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            open_app(page, f"{url}/?step=0")
            wait_graph(page, 0)
            times = []
            labels = ["Next"] * 6 + ["Previous"] * 6
            for i in range(args.clicks):
                times.append(page.evaluate(TIME_CLICK, [labels[i % len(labels)]]))
                page.wait_for_timeout(120)
            rows.append(
                (name, "click to graph, median / worst (ms)",
                 f"{statistics.median(times):.1f} / {max(times):.1f}")
            )  # fmt: skip
            open_app(page, f"{url}/?present=1&step=3")
            wait_graph(page, 3)
            page.wait_for_timeout(500)
            state = page.evaluate(MEASURE_GRAPH)
            box = state["box"]
            share = (box[2] - box[0]) * (box[3] - box[1]) / (width * height)
            rows.append(
                (name, "presenting the default network at step 3: current text (px), box share",
                 f"{smallest(state, True):.1f}, {share:.0%}")
            )  # fmt: skip
            circuit = quote(example("cs231n-circuit").program, safe="")
            open_app(page, f"{url}/?step=1&program={circuit}")
            wait_graph(page, 1)
            page.wait_for_timeout(500)
            state = page.evaluate(MEASURE_GRAPH)
            rows.append(
                (name, "CS231n circuit: smallest graph text (px)", f"{smallest(state, False):.1f}")
            )
            result = session.run(example("two-layer").program)
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "slides.html"
                path.write_text(slides_html(result.graph, source=result.source))
                page.goto(path.as_uri() + "#3")
                page.wait_for_selector('[data-testid="chainrule-graph"][data-step="3"]')
                page.wait_for_timeout(500)
                state = page.evaluate(MEASURE_GRAPH)
            rows.append((name, "slides, step 3: current text (px)", f"{smallest(state, True):.1f}"))
            page.close()
        browser.close()
    print("| view | measure | value |\n| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
