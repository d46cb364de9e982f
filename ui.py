"""Widgets every page shares: the program editor, the URL sync, the error box, the cached run.

A page calls, in order::

    ui.setup_page(PREFIX)                 # the run's language; CSS; state read once
    st.set_page_config(page_title=t(...)) # in that language
    ui.language_control(PREFIX)           # the sidebar's English / 中文
    result = ui.program_editor(PREFIX)    # examples picker, editor, Run, inline error
    ...                                   # the page's own widgets
    ui.sync_url(PREFIX, result)           # program and step back into the address

Keys are prefixed per page (``"main_"``), so pages never share widget state;
the program last shown on any page, typed or arrived by link, is kept under
:data:`SHARED_PROGRAM` (and its step under :data:`SHARED_STEP`), so a page opened
from the sidebar starts with it. Everything shown is computed by
``engine`` (session, urls, render); this module only lays it out.

Every word comes from ``engine.i18n`` (keys ``ui.…`` here): :func:`t` looks one
up in the language of this run, which :func:`setup_page` reads from the
address's ``lang`` (else the language chosen earlier, on any page) and the
sidebar's :func:`language_control` changes for every page.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from engine import i18n, render, session, urls
from engine.examples import DEFAULT_EXAMPLE, EXAMPLES
from engine.language import Span
from engine.session import GradcheckReport, RunResult

#: Session key of the interface language, shared by every page (``en`` or ``zh``).
LANG = "chainrule_lang"


def current_language() -> str:
    """The interface language of this run (set by :func:`read_language`)."""
    return st.session_state.get(LANG, urls.DEFAULT_LANG)


def t(key: str, **values: object) -> str:
    """The text of ``key`` (``engine.i18n``) in this run's language, filled in with ``values``."""
    return i18n.t(key, current_language(), **values)


def read_language() -> str:
    """Once per run: the address's ``lang`` when it has one, else the language chosen
    before on any page, else English. A bad ``lang`` means English (the page's
    notes say so, see :func:`setup_page`)."""
    raw = urls.param(st.query_params.to_dict(), urls.LANG)
    lang = urls.read_lang(raw)[0] if raw is not None else current_language()
    st.session_state[LANG] = lang
    return lang


def _on_language(key: str) -> None:
    lang = st.session_state[key]
    st.session_state[LANG] = lang
    st.query_params[urls.LANG] = lang


#: The app's pages in the sidebar, in order: script (from app.py's folder), label, icon.
PAGES = (
    ("app.py", "nav.main", ":material/account_tree:"),
    ("pages/1_Jacobian.py", "nav.jacobian", ":material/grid_on:"),
    ("pages/2_Chain_rule.py", "nav.chain", ":material/link:"),
    ("pages/3_Lessons.py", "nav.lessons", ":material/school:"),
)


def page_links() -> None:
    """The sidebar's list of pages, named in this run's language.

    Streamlit's own list names pages after their files ("app", "Jacobian", …) in every
    language, so .streamlit/config.toml turns it off (``client.showSidebarNavigation =
    false``; each page keeps its address) and every page draws this one instead. A
    page run on its own (AppTest opening ``pages/1_Jacobian.py``) knows no other page:
    it gets no links.
    """
    with st.sidebar:
        for script, label, icon in PAGES:
            try:
                st.page_link(script, label=t(label), icon=icon)
            except StreamlitPageNotFoundError:
                return


def language_control(prefix: str) -> str:
    """The sidebar's pages and its "English / 中文" switch: the switch changes every page
    and writes ``lang`` into the address (kept when stepping and in the share link).
    Returns the language."""
    key = _key(prefix, "lang")
    st.session_state[key] = current_language()  # the widget shows the run's language
    page_links()
    with st.sidebar:
        st.radio(
            t("ui.language"),
            i18n.LANGUAGES,
            key=key,
            format_func=i18n.LANGUAGE_NAMES.__getitem__,
            on_change=_on_language,
            args=(key,),
            horizontal=True,
        )
    return current_language()


#: Session key of the program last shown on any page (a page opened later starts with it).
SHARED_PROGRAM = "chainrule_program"
#: Session key of (program, step) last shown on any page: a page opened later with the
#: same program starts at that step.
SHARED_STEP = "chainrule_step"

# Readable from the back of a room: a big monospace editor, large code and maths,
# a scrollable graph box. Secondary chrome stays compact.
CSS = """
<style>
[class*="_editor"] textarea {
  font-family: "Source Code Pro", ui-monospace, "DejaVu Sans Mono", monospace;
  font-size: 1.05rem; line-height: 1.45;
}
.cr-source { font-family: "Source Code Pro", ui-monospace, monospace; font-size: 1.05rem;
  line-height: 1.5; background: #f3f5f8; border-radius: 0.5rem; padding: 0.5rem 0.75rem;
  overflow-x: auto; white-space: pre; color: #1a1d21; }
.cr-source .cr-line { display: block; }
.cr-source .cr-number { color: #5b6472; user-select: none; }
.cr-source .cr-marked { background: #fff0c2; font-weight: 600; }
.cr-source mark { background: #ffc94d; color: #1a1d21; border-radius: 0.2rem; }
.katex { font-size: 1.2em; }
.katex-display { overflow-x: auto; overflow-y: hidden; padding: 0.2rem 0; }
</style>
"""


# -- the cached run -----------------------------------------------------------------


@st.cache_resource(max_entries=32, show_spinner=False)
def cached_run(source: str) -> RunResult:
    """One run per program text, shared by every rerun and session.

    ``cache_resource`` keeps the object itself: a trace holds functions and is
    never pickled, and it is immutable, so sharing it is safe.
    """
    return session.run(source)


# The graph of one step: DOT text and Graphviz's SVG, keyed by (program, step, large labels).
# Laying out a 200-node graph takes Graphviz about half a second, so after each step
# the neighbouring steps are laid out in a background thread: a Next or Previous
# click then finds its graph ready. Futures let a click wait for a layout already
# under way instead of starting a second one. Shared by every session, bounded.
# A key is (program, step, large labels, what quiz mode hides at that step or None,
# the language of the labels).
_GraphKey = tuple[str, int, bool, str | None, str]
_GRAPHS: OrderedDict[_GraphKey, Future] = OrderedDict()
_GRAPHS_MAX = 48
_GRAPHS_LOCK = threading.Lock()
_PREFETCH = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chainrule-graph")


def _layout(
    result: RunResult, step: int, large_font: bool, hide: str | None = None, lang: str = "en"
) -> tuple[str, str | None]:
    hidden = None if hide is None else (hide, step)
    dot = render.dot_source(
        result.trace, step, spans=result.spans, large_font=large_font, hide=hidden, lang=lang
    )
    return dot, render.svg(dot)


def _claim(key: _GraphKey) -> tuple[Future, bool]:
    """The future for ``key``, and whether the caller must fill it (it was not there)."""
    with _GRAPHS_LOCK:
        future = _GRAPHS.get(key)
        if future is not None:
            _GRAPHS.move_to_end(key)
            return future, False
        future = Future()
        _GRAPHS[key] = future
        while len(_GRAPHS) > _GRAPHS_MAX:
            _GRAPHS.popitem(last=False)
        return future, True


def _fill(future: Future, key: _GraphKey, result: RunResult) -> None:
    try:
        future.set_result(_layout(result, *key[1:]))
    except BaseException as error:  # the waiting click re-raises it; nothing is cached
        with _GRAPHS_LOCK:
            if _GRAPHS.get(key) is future:
                del _GRAPHS[key]
        future.set_exception(error)


def graph_at(
    result: RunResult, step: int, large_font: bool, hide: str | None = None
) -> tuple[str, str | None]:
    """(DOT, SVG or None without Graphviz) of one step, laid out once and then kept.

    ``hide`` ("downstream" or "local") draws the step as quiz mode asks it.
    """
    key = (result.source, step, large_font, hide, current_language())
    future, mine = _claim(key)
    if mine:
        _fill(future, key, result)
    return future.result()


def prefetch_graphs(
    result: RunResult, steps: list[int], large_font: bool, hide: str | None = None
) -> None:
    """Lay out these steps' graphs in the background, unless they are there already."""
    for step in steps:
        if 0 <= step <= result.n_steps:
            key = (result.source, step, large_font, hide, current_language())
            future, mine = _claim(key)
            if mine:
                _PREFETCH.submit(_fill, future, key, result)


def clear_graph_cache() -> None:
    with _GRAPHS_LOCK:
        _GRAPHS.clear()


@st.cache_data(max_entries=32, show_spinner=False)
def cached_solution(source: str, lang: str) -> str:
    """The whole worked backward pass as Markdown, in ``lang``."""
    result = cached_run(source)
    return render.worked_solution(
        result.trace, fmt="markdown", spans=result.spans, source=source, lang=lang
    )


@st.cache_resource(max_entries=16, show_spinner=False)
def cached_gradcheck(source: str) -> GradcheckReport:
    """The numerical gradient check of a program's leaves (run on demand, then kept)."""
    return session.gradcheck_leaves(cached_run(source).program)


# -- page state and the address --------------------------------------------------------


def _key(prefix: str, name: str) -> str:
    return prefix + name


def setup_page(prefix: str) -> None:
    """Read this run's language; add the shared CSS and, once per session, read the page's
    state from its address. Call it first: everything after it speaks the language."""
    read_language()
    st.html(CSS)
    ready = _key(prefix, "ready")
    if st.session_state.get(ready):
        return
    default = st.session_state.get(SHARED_PROGRAM, DEFAULT_EXAMPLE.program)
    state = urls.read_params(st.query_params.to_dict(), default_program=default)
    st.session_state[SHARED_PROGRAM] = state.program  # a link's program carries over too
    st.session_state[_key(prefix, "source")] = state.program
    st.session_state[_key(prefix, "editor")] = state.program
    step = urls.opening_step(state, st.session_state.get(SHARED_STEP))
    st.session_state[_key(prefix, "step")] = step
    st.session_state[_key(prefix, "notes")] = state.notes
    st.session_state[_key(prefix, "playing")] = False
    st.session_state[ready] = True


def show_url_notes(prefix: str) -> None:
    """Say which parameters of the address were ignored (until the next Run)."""
    for note in st.session_state.get(_key(prefix, "notes"), ()):
        st.info(t(f"ui.note.{note.reason}", value=note.value), icon="🔗")


def current_step(prefix: str, result: RunResult) -> int:
    """The page's step, clamped to the program's pass (and stored back clamped)."""
    step = session.clamp_step(st.session_state.get(_key(prefix, "step"), 0), result.n_steps)
    st.session_state[_key(prefix, "step")] = step
    return step


def sync_url(prefix: str, result: RunResult) -> None:
    """Write the page's program and step into the address, and the language when it is not
    the default and the address has none (a page opened from the sidebar); a ``lang`` the
    address has is left as it is, a bad one too (until the control is used)."""
    step = st.session_state.get(_key(prefix, "step"), 0)
    wanted = urls.view_params(result.source, step)
    # The next page opened from the sidebar starts with this view's program and step.
    st.session_state[SHARED_PROGRAM] = result.source
    st.session_state[SHARED_STEP] = (result.source, step)
    for name, value in wanted.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value
    if current_language() != urls.DEFAULT_LANG and urls.LANG not in st.query_params:
        st.query_params[urls.LANG] = current_language()


def _link_lang() -> str | None:
    """The ``lang`` of a link to this view: the language shown, when the address names one or
    it is not the default."""
    lang = current_language()
    return lang if urls.LANG in st.query_params or lang != urls.DEFAULT_LANG else None


def share_link(prefix: str, result: RunResult, extra: dict[str, str] | None = None) -> str:
    """The full link to this view, in the language shown, with the page's own ``extra``
    parameters."""
    base = st.context.url or ""
    step = st.session_state.get(_key(prefix, "step"), 0)
    return urls.share_url(base, result.source, step, _link_lang(), extra)


# -- the program editor -------------------------------------------------------------------


def _example_key_for(source: str) -> str | None:
    for example in EXAMPLES:
        if example.program == source:
            return example.key
    return None


def _apply(prefix: str, source: str) -> None:
    st.session_state[_key(prefix, "source")] = source
    st.session_state[_key(prefix, "step")] = 0
    st.session_state[_key(prefix, "playing")] = False
    st.session_state[_key(prefix, "notes")] = ()
    st.session_state[SHARED_PROGRAM] = source


def _on_example(prefix: str) -> None:
    key = st.session_state.get(_key(prefix, "example"))
    for example in EXAMPLES:
        if example.key == key:
            st.session_state[_key(prefix, "editor")] = example.program
            _apply(prefix, example.program)


def _on_run(prefix: str) -> None:
    _apply(prefix, st.session_state.get(_key(prefix, "editor"), ""))


def _fence(text: str) -> str:
    """A Markdown code fence longer than any run of backticks in ``text``."""
    longest = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    return "`" * max(3, longest + 1)


def show_error(result: RunResult) -> None:
    """The program's error inline: message with line and column, the caret, the hint."""
    rendered = result.error.render(result.source, lang=current_language())
    fence = _fence(rendered)
    st.error(f"{t('ui.error_title')}\n\n{fence}text\n{rendered}\n{fence}", icon="⚠️")


def program_editor(prefix: str, height: int = 300) -> RunResult:
    """Examples picker, editor and Run; returns the cached run of the program last run.

    The editor's text is never reset by an error: only picking an example
    replaces it. Run (or Ctrl+Enter in the editor) applies it.
    """
    source = st.session_state[_key(prefix, "source")]
    editor_key = _key(prefix, "editor")
    if editor_key not in st.session_state:  # widget state is dropped when a page is left
        st.session_state[editor_key] = source
    st.session_state[_key(prefix, "example")] = _example_key_for(source)
    by_key = {example.key: example for example in EXAMPLES}
    chosen = st.selectbox(
        t("ui.examples"),
        options=list(by_key),
        index=None,
        format_func={key: t(f"example.{key}.title") for key in by_key}.__getitem__,
        placeholder=t("ui.examples_placeholder"),
        key=_key(prefix, "example"),
        on_change=_on_example,
        args=(prefix,),
    )
    if chosen is not None:
        st.caption(t("ui.teaches", teaches=t(f"example.{chosen}.teaches")))
    with st.form(_key(prefix, "editor_form"), border=False):
        st.text_area(t("ui.editor"), key=editor_key, height=height, help=t("ui.editor_help"))
        st.form_submit_button(
            t("ui.run"), type="primary", on_click=_on_run, args=(prefix,), key=_key(prefix, "run")
        )
    result = cached_run(source)
    if result.error is not None:
        show_error(result)
    return result


# -- the stepper --------------------------------------------------------------------------


SPEEDS = (0.5, 1.0, 2.0, 3.0)  # seconds per step


def _go_to(prefix: str, step: int) -> None:
    st.session_state[_key(prefix, "step")] = step
    st.session_state[_key(prefix, "playing")] = False


def _move(prefix: str, move: str, n_steps: int) -> None:
    # From the step as it is when the click arrives: two quick clicks are two steps.
    step = st.session_state.get(_key(prefix, "step"), 0)
    targets = {"first": 0, "previous": step - 1, "next": step + 1, "last": n_steps}
    _go_to(prefix, session.clamp_step(targets[move], n_steps))


def _on_slider(prefix: str) -> None:
    _go_to(prefix, st.session_state[_key(prefix, "step_slider")])


def _on_play(prefix: str, n_steps: int) -> None:
    playing = not st.session_state.get(_key(prefix, "playing"), False)
    if playing and st.session_state.get(_key(prefix, "step"), 0) >= n_steps:
        st.session_state[_key(prefix, "step")] = 0  # play from the start again
    st.session_state[_key(prefix, "playing")] = playing
    st.session_state[_key(prefix, "tick")] = time.monotonic()


def stepper(prefix: str, n_steps: int) -> int:
    """First / previous / next / last, a slider over 0..n and autoplay; returns the step.

    The arrow keys, Home and End press the buttons. Autoplay is a fragment that
    reruns every ``speed`` seconds only while playing; it stops itself at the
    last step and is not rendered at all when paused, so nothing runs in the
    background.
    """
    step = session.clamp_step(st.session_state.get(_key(prefix, "step"), 0), n_steps)
    st.session_state[_key(prefix, "step")] = step
    playing = st.session_state.get(_key(prefix, "playing"), False) and step < n_steps
    st.session_state[_key(prefix, "playing")] = playing

    moves = (  # (name, the step it leads to now, icon, keyboard shortcut)
        ("first", 0, ":material/first_page:", "Home"),
        ("previous", max(0, step - 1), ":material/chevron_left:", "Left"),
        ("next", min(n_steps, step + 1), ":material/chevron_right:", "Right"),
        ("last", n_steps, ":material/last_page:", "End"),
    )
    speed_key = _key(prefix, "speed")
    if speed_key not in st.session_state:
        st.session_state[speed_key] = 1.0
    with st.container(horizontal=True, vertical_alignment="bottom", gap="small"):
        for name, target, icon, shortcut in moves:
            st.button(
                t(f"ui.{name}"),
                key=_key(prefix, name),
                icon=icon,
                on_click=_move,
                args=(prefix, name, n_steps),
                disabled=target == step or n_steps == 0,
                shortcut=shortcut,
                type="primary" if name == "next" else "secondary",
            )
        st.button(
            t("ui.pause") if playing else t("ui.play"),
            key=_key(prefix, "play"),
            icon=":material/pause:" if playing else ":material/play_arrow:",
            on_click=_on_play,
            args=(prefix, n_steps),
            disabled=n_steps == 0,
        )
        st.select_slider(
            t("ui.speed"),
            options=SPEEDS,
            key=speed_key,
            format_func={s: t("ui.seconds", s=s) for s in SPEEDS}.__getitem__,
            width=180,
        )
    if n_steps > 0:
        st.session_state[_key(prefix, "step_slider")] = step
        st.slider(
            t("ui.step_slider"),
            min_value=0,
            max_value=n_steps,
            key=_key(prefix, "step_slider"),
            on_change=_on_slider,
            args=(prefix,),
        )
    if playing:
        _autoplay(prefix, n_steps, st.session_state[speed_key])
    return step


def _autoplay(prefix: str, n_steps: int, seconds: float) -> None:
    @st.fragment(run_every=seconds)
    def tick() -> None:
        # The fragment also runs inside every full rerun; only a timer run (one that
        # comes `seconds` after the last move) advances the step.
        now = time.monotonic()
        if now - st.session_state.get(_key(prefix, "tick"), 0.0) < 0.8 * seconds:
            return
        st.session_state[_key(prefix, "tick")] = now
        step = min(n_steps, st.session_state.get(_key(prefix, "step"), 0) + 1)
        st.session_state[_key(prefix, "step")] = step
        if step >= n_steps:
            st.session_state[_key(prefix, "playing")] = False
        st.rerun()

    tick()


# -- the graph ----------------------------------------------------------------------------


ZOOMS = ("fit", 25, 50, 75, 100, 125, 150, 200)
DEFAULT_ZOOM = "fit"
FIT_MIN_SCALE = 0.75  # "Fit" never draws a graph smaller than this: 12 pt labels stay legible
FIT_MIN_SCALE_LARGE = 0.45  # with large labels (21 pt) the same floor of about 9 pt
_SVG_WIDTH = re.compile(r'<svg[^>]*?\swidth="([0-9.]+)pt"')


def graph(
    prefix: str,
    result: RunResult,
    step: int,
    focus: str,
    large_font: bool,
    hide: str | None = None,
) -> tuple[str, str | None]:
    """The graph at ``step``: server-side SVG in a scrollable, zoomable box when Graphviz's
    ``dot`` is installed, else laid out in the browser. Returns (DOT, SVG or None).

    ``focus`` is the DOT name of the node to keep in view (``op3``, ``v4``); ``hide``
    ("downstream" or "local") is quiz mode's hidden quantity at this step.
    """
    dot, svg = graph_at(result, step, large_font, hide)
    prefetch_graphs(result, [step + 1, step - 1], large_font, hide)
    if svg is None:
        st.caption(t("ui.no_dot"))
        st.graphviz_chart(dot, width="stretch")
        return dot, None
    zoom = st.session_state.get(_key(prefix, "zoom"), DEFAULT_ZOOM)
    floor = FIT_MIN_SCALE_LARGE if large_font else FIT_MIN_SCALE
    st.html(graph_html(svg, zoom, focus, step, floor), unsafe_allow_javascript=True)
    return dot, svg


def graph_html(
    svg: str, zoom: int | str, focus: str, step: int, min_scale: float = FIT_MIN_SCALE
) -> str:
    """The SVG in a scrollable box, zoomed, with the ``focus`` node scrolled into view.

    ``st.html`` sanitises HTML and drops SVG, and ``st.markdown`` would parse a
    megabyte of SVG as Markdown on every step; so the SVG travels as a JSON
    string (``<``, ``>``, ``&`` escaped, which keeps it inert text to the
    sanitiser) and a short script hands it to the browser's own HTML parser.
    The SVG is made from our own DOT, whose labels ``engine.render`` escapes.
    """
    payload = json.dumps(inline_svg(svg))
    for ch, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        payload = payload.replace(ch, escaped)
    # Sizes are inline, not in the page's stylesheet: the script measures the graph as
    # soon as it is in place, and the stylesheet may not have been applied by then.
    if zoom == "fit":
        # Shrink a wide graph to the box, but never below a legible size (then it
        # scrolls); a small graph grows to the box's width, for the back of the room.
        natural = _SVG_WIDTH.search(svg)
        floor = float(natural.group(1)) * 4 / 3 * min_scale if natural else 0.0
        svg_style, zoom_style = f"width: max(100%, {floor:.0f}px); height: auto;", ""
    else:
        svg_style, zoom_style = "", f"zoom: {int(zoom) / 100:g};"
    script = (
        _GRAPH_SCRIPT.replace("__SVG__", payload)
        .replace("__FOCUS__", json.dumps(focus))
        .replace("__SVG_STYLE__", json.dumps(svg_style))
    )
    return (
        f'<div class="cr-graph" style="{_GRAPH_BOX_STYLE}" data-step="{step}" '
        f'data-focus="{html.escape(focus)}"><div style="{zoom_style}"></div></div>{script}'
    )


_GRAPH_BOX_STYLE = (
    "overflow: auto; max-height: 72vh; border: 1px solid #c9ced6; border-radius: 0.5rem; "
    "background: #ffffff; padding: 0.25rem;"
)

# Puts the SVG in its box, then scrolls the box from where the last step left it to
# the focus node (the box is new on every step, so its scroll position is carried over).
_GRAPH_SCRIPT = """<script>
(() => {
  const box = document.currentScript.previousElementSibling;
  box.firstElementChild.innerHTML = __SVG__;
  const svg = box.querySelector("svg");
  if (svg) svg.style.cssText += __SVG_STYLE__;
  const focus = __FOCUS__;
  const last = window.chainruleGraphScroll;  // where the previous step's box was scrolled
  const behavior = last ? "smooth" : "instant";
  box.scrollLeft = last ? last[0] : 0;
  box.scrollTop = last ? last[1] : 0;
  box.addEventListener("scroll", () => {
    window.chainruleGraphScroll = [box.scrollLeft, box.scrollTop];
  });
  const node = Array.from(box.querySelectorAll("g.node")).find(
    (g) => g.querySelector("title")?.textContent === focus);
  let frames = 0;
  const centre = () => {  // once the box is laid out (it may not be on the first frame)
    const b = box.getBoundingClientRect(), n = node.getBoundingClientRect();
    if ((b.width === 0 || n.width === 0) && ++frames < 120) {
      requestAnimationFrame(centre);
      return;
    }
    box.scrollBy({left: n.left - b.left - (b.width - n.width) / 2,
                  top: n.top - b.top - (b.height - n.height) / 2, behavior});
  };
  if (node) requestAnimationFrame(centre);
})();
</script>"""


def inline_svg(svg: str) -> str:
    """Graphviz's SVG without the XML prolog and doctype, which are not HTML."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def graph_options(prefix: str) -> bool:
    """The compact zoom and label-size controls; returns whether labels are large."""
    zoom_key = _key(prefix, "zoom")
    if zoom_key not in st.session_state:
        st.session_state[zoom_key] = DEFAULT_ZOOM
    large_key = _key(prefix, "large_font")
    if large_key not in st.session_state:
        st.session_state[large_key] = False
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
        st.select_slider(
            t("ui.zoom"),
            options=ZOOMS,
            key=zoom_key,
            format_func={z: t("ui.zoom_fit") if z == "fit" else f"{z}%" for z in ZOOMS}.__getitem__,
            width=360,
        )
        large_font = st.toggle(t("ui.large_labels"), key=large_key, help=t("ui.large_labels_help"))
        st.caption(t("ui.graph_legend"), width="stretch")
    return large_font


# -- the step panel ------------------------------------------------------------------------


def source_listing(source: str, span: Span | None) -> str:
    """The program as HTML, numbered, with the current node's line and expression marked."""
    lines = session.source_lines(source, span)
    width = len(str(len(lines))) if lines else 1
    rows = []
    for line in lines:
        number = f'<span class="cr-number">{line.number:>{width}} </span>'
        if line.marked:
            body = (
                f"{html.escape(line.before)}<mark>{html.escape(line.inside)}</mark>"
                f"{html.escape(line.after)}"
            )
            rows.append(f'<span class="cr-line cr-marked">▶{number}{body}</span>')
        else:
            rows.append(f'<span class="cr-line"> {number}{html.escape(line.text)}</span>')
    return f'<div class="cr-source">{"".join(rows)}</div>'


def latex_name(name: str) -> str:
    r"""A variable's name inside LaTeX: ``W_1`` is ``\text{W\_1}``, not a subscript."""
    escaped = "".join("\\" + ch if ch in "_{}#$%&" else ch for ch in name)
    return rf"\text{{{escaped}}}"


def show_array(array: object, text: str | None = None) -> None:
    """A value or gradient: exact LaTeX when small (0-, 1- or 2-D), else its summary text."""
    value = np.asarray(array, dtype=np.float64)
    if value.ndim <= 2 and value.size <= render.MATRIX_MAX_ENTRIES and value.size > 0:
        st.latex(render.latex_matrix(value))
    else:
        shown = text if text is not None else render.format_value(value, lang=current_language())
        st.code(shown, language=None)


def show_local(edge: render.EdgePanel, node: str) -> None:
    """The local Jacobian of one edge: exact matrix, heatmap or structure, by its size."""
    rows, cols = edge.matrix_shape
    structure = edge.structure_text
    derivative = rf"\frac{{\partial {latex_name(node)}}}{{\partial {latex_name(edge.input_name)}}}"
    if edge.display == "matrix":
        shown = edge.local if edge.local_size == 1 else edge.matrix
        st.latex(f"{derivative} = {render.latex_matrix(np.reshape(shown, np.shape(shown)))}")
        if edge.local_size == 1:
            st.caption(t("ui.local_scalar", structure=structure))
        else:
            st.caption(t("ui.local_matrix", structure=structure, rows=rows, cols=cols))
    elif edge.display == "heatmap":
        title = t("ui.heatmap_title", node=node, name=edge.input_name, shape=edge.local_shape)
        figure = render.heatmap_figure(
            edge.matrix, edge.row_labels, edge.col_labels, title, current_language()
        )
        st.plotly_chart(figure, width="stretch", config={"displaylogo": False})
        st.caption(
            t("ui.local_heatmap", structure=structure, size=edge.local_size, rows=rows, cols=cols)
        )
    else:
        st.info(
            t(
                "ui.local_description",
                shape=edge.local_shape,
                size=edge.local_size,
                structure=structure,
            )
        )


# -- the gradient check and the exports ------------------------------------------------------


def _on_gradcheck(prefix: str, source: str) -> None:
    st.session_state[_key(prefix, "gradcheck_for")] = source


def gradient_check(prefix: str, result: RunResult) -> None:
    """A button that checks every leaf numerically; the table stays until the program changes."""
    st.subheader(t("ui.gradcheck"))
    st.button(
        t("ui.gradcheck_button"),
        key=_key(prefix, "gradcheck"),
        help=t("ui.gradcheck_help"),
        on_click=_on_gradcheck,
        args=(prefix, result.source),
        icon=":material/rule:",
    )
    if st.session_state.get(_key(prefix, "gradcheck_for")) != result.source:
        return
    report = cached_gradcheck(result.source)
    rows = render.gradcheck_rows(report.results, current_language())
    if rows:
        st.caption(t("ui.gradcheck_caption"))
        st.dataframe(
            rows,
            hide_index=True,
            width="stretch",
            column_order=("name", "shape", "max_abs_error", "max_rel_error", "verdict"),
            column_config=render.column_names(rows, current_language()),
        )
        if all(row["ok"] for row in rows):
            st.success(t("ui.gradcheck_ok"))
        else:
            st.warning(t("ui.gradcheck_bad"))
    elif not report.skipped:
        st.info(t("ui.gradcheck_none"))
    if report.skipped:
        names = ", ".join(f"`{name}` ({size:,})" for name, size in report.skipped)
        st.caption(t("ui.gradcheck_skipped", names=names))


def export_buttons(prefix: str, result: RunResult, step: int, dot: str, svg: str | None) -> None:
    """Downloads of the graph at this step (SVG when Graphviz is here, DOT always) and the
    whole worked backward pass as Markdown. Downloading never reruns the page."""
    name, n = result.program.output_name, result.n_steps
    if svg is not None:
        st.download_button(
            t("ui.export_svg"),
            data=svg,
            file_name=session.export_name(name, step, n, "svg"),
            mime="image/svg+xml",
            key=_key(prefix, "export_svg"),
            on_click="ignore",
            icon=":material/download:",
        )
    st.download_button(
        t("ui.export_dot"),
        data=dot,
        file_name=session.export_name(name, step, n, "dot"),
        mime="text/vnd.graphviz",
        key=_key(prefix, "export_dot"),
        on_click="ignore",
        icon=":material/download:",
    )
    st.download_button(
        t("ui.export_md"),
        data=cached_solution(result.source, current_language()),
        file_name=session.solution_name(name),
        mime="text/markdown",
        key=_key(prefix, "export_md"),
        on_click="ignore",
        icon=":material/download:",
    )
