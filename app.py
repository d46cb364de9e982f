"""Chainrule's main page: a program, its computation graph, and its backward pass step by step.

Run with ``streamlit run app.py``. This page holds widgets and layout only:
what it shows is computed by ``engine`` (session, urls, render, graphview), the
shared widgets are in ``ui.py``, and every user-facing string is in ``engine.i18n``.

The graph comes first: beside the editor on the normal page, alone above the
step's three quantities when presenting. The browser steps the graph by itself;
each step it takes comes back here and the step panel below follows.
"""

from __future__ import annotations

import streamlit as st

import ui
import ui_classroom
import ui_exports
from engine.views import budget as time_budget
from engine.views import classroom, render, session, steps
from engine.views.session import RunOk
from ui import t

PREFIX = "main_"

# The room sees the graph; the sidebar is one click away.
lang = ui.open_page(PREFIX, "ui.page_title", "🔗", initial_sidebar_state="collapsed")

presenting = ui_classroom.presenting(PREFIX)
chrome = st.container()  # title and toggles: on top, or below everything when presenting
if presenting:
    main = st.container()
    chrome = st.container()
with chrome:
    with st.container(horizontal=True, vertical_alignment="center", gap="large"):
        st.title(t("ui.page_title"), width="content")
        room = ui_classroom.controls(PREFIX)  # presentation mode, quiz mode
    if not room.present:
        st.caption(t("ui.intro"))
    ui.show_url_notes(PREFIX)
if not presenting:
    main = st.container()

with main:
    editor_column, graph_column, panel_area = ui_classroom.layout(PREFIX, room)
    with editor_column:
        result = ui.program_editor(PREFIX, height=ui_classroom.editor_height(room))

    if isinstance(result, RunOk):
        program, trace, n_steps = result.program, result.trace, result.n_steps
        step = ui.current_step(PREFIX, result)
        panel = None
        if step > 0:  # the inputs the page shows, within the panel's time budget
            panel = steps.step_panel(
                result.graph,
                step,
                lang=lang,
                first_input=ui_classroom.first_input(PREFIX, result, step),
                deadline=time_budget.deadline("panel"),
            )
        quiz = ui_classroom.step_quiz(PREFIX, result, panel, room)

        # -- the graph: stepped in the browser; the panel below follows --------------------------
        with graph_column:
            ui.graph_view(
                PREFIX,
                result,
                hide=ui_classroom.graph_hide(PREFIX, result, room),
                height=ui_classroom.graph_height(room),
                aspect=ui_classroom.graph_aspect(room),
            )
        if not room.present:  # where the pass is in the program
            with editor_column:
                st.html(ui.source_listing(result.source, session.current_span(result, step)))

        # -- this step: upstream, and per input local and downstream ----------------------------
        with panel_area, st.container(key=PREFIX + "panel"):
            if panel is None:
                st.subheader(t("ui.step_status", step=0, n=n_steps))
                st.markdown(t("ui.step_zero") if n_steps else t("ui.no_steps"))
            else:
                st.subheader(
                    t(
                        "ui.step_node",
                        step=step,
                        n=n_steps,
                        name=panel.name,
                        expression=panel.expression,
                    )
                )
                if not quiz.hidden.note:  # the rule in words would give the answer away
                    st.caption(panel.note)
            ui_classroom.score(PREFIX, quiz)
            if room.present and quiz.target is None and panel is not None:
                # For the room: each input's chain rule as one equation in the graph's colours.
                for edge in panel.edges:
                    if edge.downstream is not None:
                        st.latex(render.chain_equation(panel, edge))
                    else:
                        st.markdown(t("ui.panel_edge_constant", name=edge.input_name))
                ui_classroom.more_inputs(PREFIX, panel, result)
            else:
                ui_classroom.step_columns(panel, result, quiz, room)
            ui_classroom.quiz_buttons(PREFIX, quiz)

        if not room.present:  # presentation mode: no secondary chrome
            # -- every variable, and the numerical check -------------------------------------------
            st.divider()
            table_column, check_column = st.columns([3, 2], gap="large")
            with table_column:
                st.subheader(t("ui.variables"))
                st.caption(t("ui.variables_caption", step=quiz.table_step(step)))
                rows = render.variables_table(
                    trace,
                    program.variables,
                    step=quiz.table_step(step),
                    lang=lang,
                    labels=program.labels,
                )
                st.dataframe(
                    rows,
                    hide_index=True,
                    width="stretch",
                    column_config=render.column_names(rows, lang),
                )
            with check_column:
                ui_exports.gradient_check(PREFIX, result)

            # -- share and export ---------------------------------------------------------------
            st.divider()
            share_column, export_column = st.columns([3, 2], gap="large")
            with share_column:
                st.subheader(t("ui.share"))
                st.caption(t("ui.share_caption"))
                link = ui.share_link(PREFIX, result, classroom.quiz_params(room.quiz_target))
                st.code(link, language=None, wrap_lines=True)
            with export_column:
                st.subheader(t("ui.export"))
                ui_exports.export_buttons(PREFIX, result, step, hide=quiz.hide)
                ui_classroom.slides_button(PREFIX, result)

ui.sync_url(PREFIX, result)
