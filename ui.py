"""Widgets every page shares: the page frame, the program editor, the URL sync, the error
box, the cached run.

A page calls, in order::

    lang = ui.open_page(PREFIX, "jac.page_title", "🧮")  # the frame: language, page config,
                                                         # styles, sidebar; state read once
    ui.heading("jac.title", "jac.intro", PREFIX)         # title, intro and the address's notes
    result = ui.program_editor(PREFIX)    # examples picker, editor, Run, inline error
    ...                                   # the page's own widgets
    ui.sync_url(PREFIX, result)           # program and step back into the address

Keys are prefixed per page (``"main_"``), so pages never share widget state;
the program last shown on any page, typed or arrived by link, is kept under
:data:`SHARED_PROGRAM` (and its step under :data:`SHARED_STEP`), so a page opened
from the sidebar starts with it. Everything shown is computed by
``engine`` (session, urls, render); this module only lays it out.

Every word comes from ``engine.i18n``: :func:`t` looks a key up in the language of
this run, which :func:`open_page` reads from the address's ``lang`` (else the
language chosen earlier, on any page) and the sidebar's :func:`language_control`
changes for every page.
"""

from __future__ import annotations

import html
from functools import partial

import numpy as np
import streamlit as st
import streamlit.components.v2 as components
from streamlit.errors import StreamlitPageNotFoundError

from engine import i18n
from engine.language import Span
from engine.views import (
    graphview,
    isolation,
    numbers,
    render,
    session,
    steps,
    urls,
    viewer,
)
from engine.views.cache import cached
from engine.views.examples import DEFAULT_EXAMPLE, EXAMPLES
from engine.views.graphview import Scene
from engine.views.session import Run, RunFailed, RunOk

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
    notes say so, see :func:`show_url_notes`)."""
    raw = urls.param(st.query_params.to_dict(), urls.LANG)
    lang = urls.read_lang(raw)[0] if raw is not None else current_language()
    st.session_state[LANG] = lang
    return lang


def _on_language(key: str) -> None:
    lang = st.session_state[key]
    st.session_state[LANG] = lang
    step = st.session_state.get(key.removesuffix("lang") + "step")
    if step is not None and urls.STEP in st.query_params:  # the graph may have moved it since
        st.query_params[urls.STEP] = str(step)
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
.stMainBlockContainer { padding-top: 3.6rem; }  /* just below the app's header */
.stMainBlockContainer h1 { font-size: 2.1rem; padding: 0.25rem 0; }
/* A matrix wider than its column scrolls; a shadow at an edge says there is more that way. */
.katex-display { overflow-x: auto; overflow-y: hidden; padding: 0.2rem 0;
  background:
    linear-gradient(to right, #fff 30%, #fff0) left / 40px 100% no-repeat local,
    linear-gradient(to left, #fff 30%, #fff0) right / 40px 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, #0004, #0000) left / 14px 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, #0004, #0000) right / 14px 100% no-repeat scroll;
}
</style>
"""


# -- the cached run -----------------------------------------------------------------


@cached
def cached_run(source: str) -> Run:
    """One run per program text, shared by every rerun and session.

    ``engine.views.cache`` keeps the object itself, within the server's total of bytes
    (sized by the arrays its program and recorded pass keep): a trace holds
    functions and is never pickled, and it is immutable, so sharing it is safe.
    A new program runs first in a disposable child process (``engine.views.isolation``),
    so one that runs away is stopped there and never slows the other sessions.
    """
    return isolation.run(source)


# -- page state and the address --------------------------------------------------------


def _key(prefix: str, name: str) -> str:
    return prefix + name


def open_page(
    prefix: str,
    title: str,
    icon: str,
    *,
    css: str = CSS,
    program: bool = True,
    **config: object,
) -> str:
    """Every page's frame, called first: this run's language (everything after it speaks
    it), the page's config (``title`` is its i18n key), the styles (``css``), the sidebar
    (pages and language) and, for a page with the program editor (``program``), its state
    read once per session from the address. Returns the language."""
    read_language()
    st.set_page_config(page_title=t(title), page_icon=icon, layout="wide", **config)
    st.html(css)
    if program:
        _read_address(prefix)
    return language_control(prefix)


def heading(title: str, intro: str, prefix: str) -> None:
    """A sub-page's title and intro (i18n keys), and what the address's parameters said."""
    st.title(t(title))
    st.markdown(t(intro))
    show_url_notes(prefix)


def _read_address(prefix: str) -> None:
    """Once per session: the page's program, step and notes from its address."""
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
    st.session_state[ready] = True


def show_url_notes(prefix: str) -> None:
    """Say which parameters of the address were ignored (until the next Run)."""
    for note in st.session_state.get(_key(prefix, "notes"), ()):
        st.info(t(f"ui.note.{note.reason}", value=urls.literal(note.value)), icon="🔗")


def current_step(prefix: str, result: Run) -> int:
    """The page's step, clamped to the program's pass (and stored back clamped)."""
    step = session.clamp_step(st.session_state.get(_key(prefix, "step"), 0), result.n_steps)
    st.session_state[_key(prefix, "step")] = step
    return step


def sync_url(prefix: str, result: Run) -> None:
    """Write the page's program and step into the address, and the language when it is not
    the default and the address has none (a page opened from the sidebar); a ``lang`` the
    address has is left as it is, a bad one too (until the control is used)."""
    step = st.session_state.get(_key(prefix, "step"), 0)
    wanted = urls.view_params(result.source, step)
    # The next page opened from the sidebar starts with this view's program and step.
    st.session_state[SHARED_PROGRAM] = result.source
    st.session_state[SHARED_STEP] = (result.source, step)
    # The step is the graph's to write (it replaces the history entry as it steps); the
    # page writes it only with a new program, or when the address has none. A long
    # program is `programz`, a short one `program`: the other one is removed.
    new_program = any(st.query_params.get(name) != wanted.get(name) for name in urls.PROGRAM_PARAMS)
    if new_program or not _step_in_address_valid(result):
        for name, value in wanted.items():
            if st.query_params.get(name) != value:
                st.query_params[name] = value
        for name in urls.PROGRAM_PARAMS:
            if name not in wanted and name in st.query_params:
                del st.query_params[name]
    if current_language() != urls.DEFAULT_LANG and urls.LANG not in st.query_params:
        st.query_params[urls.LANG] = current_language()


def _step_in_address_valid(result: Run) -> bool:
    """Whether the address's step is one the page could show as it is: present, a whole
    number and not past the end (else the page writes its own step there)."""
    raw = st.query_params.get(urls.STEP)
    if raw is None:
        return False
    step, note = urls.read_step(raw)
    return note is None and raw.strip() == str(step) and step <= result.n_steps


def _link_lang() -> str | None:
    """The ``lang`` of a link to this view: the language shown, when the address names one or
    it is not the default."""
    lang = current_language()
    return lang if urls.LANG in st.query_params or lang != urls.DEFAULT_LANG else None


def share_link(prefix: str, result: Run, extra: dict[str, str] | None = None) -> str:
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
    move_step(prefix, 0)
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


def show_error(result: RunFailed) -> None:
    """The program's error inline: message with line and column, the caret, the hint."""
    rendered = result.error.render(result.source, lang=current_language())
    fence = _fence(rendered)
    st.error(f"{t('ui.error_title')}\n\n{fence}text\n{rendered}\n{fence}", icon="⚠️")


def show_warnings(result: Run) -> None:
    """What runs but may not mean what it seems (look-alike names), with line and column."""
    warnings = result.warnings
    if warnings:
        items = "\n".join(f"- {warning.text(current_language())}" for warning in warnings)
        st.warning(f"{t('ui.warnings_title')}\n\n{items}", icon="👀")


def program_editor(prefix: str, height: int = 300) -> Run:
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
    if isinstance(result, RunFailed):
        show_error(result)
    show_warnings(result)
    return result


# -- the graph view -----------------------------------------------------------------------


@cached
def cached_scene(source: str, lang: str, aspect: float = graphview.SCREEN_ASPECT) -> Scene:
    """The program's graph laid out once for a box of this shape (``dot`` with a time limit,
    else a layout of our own), with every step's labels; shared by every session and step."""
    return graphview.layout(graphview.build_scene(cached_run(source).graph, lang), aspect=aspect)


@cached
def cached_model(source: str, lang: str) -> Scene:
    """The program's graph view without a layout: what the DOT export needs."""
    return graphview.build_scene(cached_run(source).graph, lang)


@cached
def cached_payload(source: str, lang: str, aspect: float) -> dict:
    """What the browser is given once per program, language and box shape (its SVG holds
    every step)."""
    return viewer.payload(cached_scene(source, lang, aspect))


_VIEWER_JS = (
    viewer.script()
    + """
export default function (component) {
  const { data, parentElement, setStateValue } = component;
  if (!data || !data.meta) return;
  let root = parentElement.querySelector(":scope > .crv-host");
  if (!root) {
    root = document.createElement("div");
    root.className = "crv-host";
    parentElement.appendChild(root);
  }
  // The address follows at once and replaces its history entry (Back leaves the program,
  // it does not step). Only step=… is rewritten, so the address stays byte for byte what
  // the server wrote, and the server's own write of the same step adds no history entry.
  const writeStep = (k) => {
    const search = window.location.search;
    const next = /[?&]step=[^&]*/.test(search)
      ? search.replace(/([?&])step=[^&]*/, `$1step=${k}`)
      : `${search}${search ? "&" : "?"}step=${k}`;
    const url = window.location.pathname + next + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  };
  if (!window.__chainruleHistory) {
    // Back or Forward to another program's address: open it afresh, as a link would,
    // rather than let the page and the address pull against each other.
    window.__chainruleHistory = true;
    window.addEventListener("popstate", () => {
      if (document.querySelector(".crv-host")) window.location.reload();
    });
  }
  if (!root.__viewer || root.__key !== data.meta.key) {
    if (root.__viewer) root.__viewer.destroy();
    window.__chainruleBuilds = (window.__chainruleBuilds || 0) + 1;  // tests count these
    root.__viewer = chainruleViewer(root, data, {
      // With the server's move count: after a Run, the same step number is news too.
      onStep: (k) => { writeStep(k); setStateValue("step", { step: k, seq: root.__seq }); },
    });
    root.__key = data.meta.key;
    root.__seq = data.seq;
    root.__hide = JSON.stringify(data.hide);
    return;
  }
  if (root.__seq !== data.seq) {  // the server moved the step (a new run, a link)
    root.__seq = data.seq;
    root.__viewer.setStep(data.step);
  }
  const hide = JSON.stringify(data.hide);
  if (hide !== root.__hide) {
    root.__hide = hide;
    root.__viewer.setHide(data.hide);
  }
}
"""
)

isolation.prestart()  # the fork server new programs run in first (engine.views.isolation)

_VIEWER = components.component(
    "chainrule_graph", js=_VIEWER_JS, css=viewer.stylesheet(), isolate_styles=False
)


def _on_graph_step(prefix: str) -> None:
    """The browser took a step: ``{"step": k, "seq": the server's move it started from}``."""
    state = st.session_state.get(_key(prefix, "graph")) or {}
    reported = state.get("step") if hasattr(state, "get") else None
    step = reported.get("step") if isinstance(reported, dict) else reported
    if isinstance(step, int) and not isinstance(step, bool):
        st.session_state[_key(prefix, "step")] = step


def move_step(prefix: str, step: int) -> None:
    """Move the page's step from the server (a new run, a link): the viewer follows."""
    st.session_state[_key(prefix, "step")] = step
    st.session_state[_key(prefix, "graph_seq")] = (
        st.session_state.get(_key(prefix, "graph_seq"), 0) + 1
    )


def graph_view(prefix: str, result: RunOk, hide: dict | None, height: str, aspect: float) -> int:
    """The stepping graph (a Streamlit component): the browser steps it with no round trip;
    each step it takes comes back here as the page's step (for the panel below). Returns
    the step."""
    step = session.clamp_step(st.session_state.get(_key(prefix, "step"), 0), result.n_steps)
    size = graphview.element_count(result.trace)
    if size > graphview.MAX_DRAWN_ELEMENTS:  # not handed to a browser to freeze on
        st.info(t("ui.graph_too_large", n=size, limit=graphview.MAX_DRAWN_ELEMENTS), icon="🗺️")
        st.session_state[_key(prefix, "step_input")] = step
        st.number_input(
            t("ui.step_slider"),
            min_value=0,
            max_value=result.n_steps,
            key=_key(prefix, "step_input"),
            on_change=lambda: move_step(prefix, st.session_state[_key(prefix, "step_input")]),
        )
        return step
    data = dict(cached_payload(result.source, current_language(), aspect))
    seq = st.session_state.get(_key(prefix, "graph_seq"), 0)
    # The viewer starts from the step of the server's last move or of a new graph; the
    # steps the browser takes after that are its own. So between moves the page sends
    # the very same element, and Streamlit sends the browser a reference to the copy it
    # has (a few bytes), not the graph again (100 KB or more) with every step.
    built = (data["meta"]["key"], seq)
    if st.session_state.get(_key(prefix, "graph_built")) != built:
        st.session_state[_key(prefix, "graph_built")] = built
        st.session_state[_key(prefix, "graph_start")] = step
    start = session.clamp_step(st.session_state[_key(prefix, "graph_start")], result.n_steps)
    data.update(step=start, seq=seq, hide=hide, height=height)
    _VIEWER(
        key=_key(prefix, "graph"),
        data=data,
        default={"step": {"step": start, "seq": seq}},
        on_step_change=partial(_on_graph_step, prefix),
    )
    return step


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
    if value.ndim <= 2 and value.size <= steps.MATRIX_MAX_ENTRIES and value.size > 0:
        st.latex(numbers.latex_matrix(value))
    else:
        shown = text if text is not None else numbers.format_value(value, lang=current_language())
        st.code(shown, language=None)


def show_local(edge: steps.EdgePanel, node: str) -> None:
    """The local Jacobian of one edge: exact matrix, heatmap or structure, by its size."""
    rows, cols = edge.matrix_shape
    structure = edge.structure_text
    derivative = rf"\frac{{\partial {latex_name(node)}}}{{\partial {latex_name(edge.input_name)}}}"
    if edge.display == "matrix":
        shown = edge.local if edge.local_size == 1 else edge.matrix
        st.latex(f"{derivative} = {numbers.latex_matrix(np.reshape(shown, np.shape(shown)))}")
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
