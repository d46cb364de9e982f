"""The gradient check and the downloads of the main page: the graph (SVG, DOT), the worked
backward pass (Markdown) and the program as a PyTorch script, each made when its button is
clicked.

Every file is computed by ``engine`` (graphsvg, render, torch_export, session), kept in the
server's cache (``engine.views.cache``) by plain values, and named in this run's language.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from engine.views import budget as time_budget
from engine.views import graphsvg, graphview, render, session, torch_export, worked
from engine.views.cache import cached
from engine.views.session import GradcheckReport, RunOk
from ui import cached_model, cached_run, cached_scene, current_language, t

# -- the cached files ----------------------------------------------------------------------


@cached
def cached_solution(source: str, lang: str) -> str:
    """The whole worked backward pass as Markdown, in ``lang``, within the exports' time
    budget (``engine.views.budget``; past it ``LimitError``, and nothing is kept)."""
    result = cached_run(source)
    assert isinstance(result, RunOk), "only a program that ran has a worked solution"
    return worked.worked_solution(
        result.graph,
        fmt="markdown",
        source=source,
        lang=lang,
        deadline=time_budget.deadline("export"),
    )


@cached
def cached_torch_script(source: str, lang: str) -> str:
    """The program as a plain PyTorch script, its comments in ``lang``."""
    result = cached_run(source)
    assert isinstance(result, RunOk), "only a program that ran is exported"
    return torch_export.torch_script(result.program, lang)


@cached
def cached_gradcheck(source: str) -> GradcheckReport:
    """The numerical gradient check of a program's leaves (run on demand, then kept)."""
    result = cached_run(source)
    assert isinstance(result, RunOk), "only a program that ran is checked"
    return session.gradcheck_leaves(result.program)


# -- the gradient check and the exports ------------------------------------------------------


def _on_gradcheck(prefix: str, source: str) -> None:
    st.session_state[prefix + "gradcheck_for"] = source


def gradient_check(prefix: str, result: RunOk) -> None:
    """A button that checks every leaf numerically; the table stays until the program changes."""
    st.subheader(t("ui.gradcheck"))
    st.button(
        t("ui.gradcheck_button"),
        key=prefix + "gradcheck",
        help=t("ui.gradcheck_help"),
        on_click=_on_gradcheck,
        args=(prefix, result.source),
        icon=":material/rule:",
    )
    if st.session_state.get(prefix + "gradcheck_for") != result.source:
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
    elif not report.skipped and not report.stopped:
        st.info(t("ui.gradcheck_none"))
    if report.skipped:
        names = ", ".join(f"`{name}` ({size:,})" for name, size in report.skipped)
        st.caption(t("ui.gradcheck_skipped", names=names))
    if report.stopped:
        names = ", ".join(f"`{name}`" for name in report.stopped)
        seconds = time_budget.seconds("gradcheck")
        st.warning(t("ui.gradcheck_stopped", seconds=seconds, names=names))


def export_buttons(prefix: str, result: RunOk, step: int, hide: str | None = None) -> None:
    """Downloads of the graph at this step (SVG and DOT, in the graph's palette, as quiz mode
    shows it), the whole worked backward pass as Markdown and the program as a PyTorch
    script, each made when its button is clicked. Downloading never reruns the page."""
    name, n = result.program.output_name, result.n_steps
    # Every file is made when its button is clicked, not on every step the page follows.
    lang = current_language()
    hidden = None if hide is None else {"step": step, "quantity": hide}
    if graphview.element_count(result.trace) <= graphview.MAX_DRAWN_ELEMENTS:
        st.download_button(
            t("ui.export_svg"),
            data=lambda: graphsvg.static_svg(cached_scene(result.source, lang), step, hide=hidden),
            file_name=session.export_name(name, step, n, "svg"),
            mime="image/svg+xml",
            key=prefix + "export_svg",
            on_click="ignore",
            icon=":material/download:",
        )
    st.download_button(
        t("ui.export_dot"),
        data=lambda: graphsvg.dot_export(cached_model(result.source, lang), step, hide=hidden),
        file_name=session.export_name(name, step, n, "dot"),
        mime="text/vnd.graphviz",
        key=prefix + "export_dot",
        on_click="ignore",
        icon=":material/download:",
    )
    st.download_button(
        t("ui.export_md"),
        # made when clicked, within the exports' time budget
        data=partial(
            time_budget.made_within_budget,
            partial(cached_solution, result.source, lang),
            lang,
            "ui.export_md",
        ),
        file_name=session.solution_name(name),
        mime="text/markdown",
        key=prefix + "export_md",
        on_click="ignore",
        icon=":material/download:",
    )
    st.download_button(
        t("ui.export_torch"),
        # made when clicked: a large program's literals take a moment to write
        data=partial(cached_torch_script, result.source, lang),
        file_name=session.torch_name(name),
        mime="text/x-python",
        key=prefix + "export_torch",
        on_click="ignore",
        icon=":material/download:",
        help=t("ui.export_torch_help"),
    )
