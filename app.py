"""Chainrule's main page: a program, its computation graph, and its backward pass step by step.

Run with ``streamlit run app.py``. This page holds widgets and layout only:
what it shows is computed by ``engine`` (session, urls, render), the shared
widgets are in ``ui.py``, and every user-facing string is in ``engine.i18n``.
"""

from __future__ import annotations

import streamlit as st

import ui
import ui_classroom
from engine import classroom, render, session
from ui import t

PREFIX = "main_"

ui.setup_page(PREFIX)  # first: this run's language
st.set_page_config(page_title=t("ui.page_title"), page_icon="🔗", layout="wide")
lang = ui.language_control(PREFIX)

st.title(t("ui.page_title"))
room = ui_classroom.controls(PREFIX)  # presentation mode, quiz mode
if not room.present:
    st.markdown(t("ui.intro"))
ui.show_url_notes(PREFIX)

editor_column, step_column = ui_classroom.layout(PREFIX, room)
with editor_column:
    result = ui.program_editor(PREFIX)

if result.ok:
    program, trace, n_steps = result.program, result.trace, result.n_steps
    output = trace.node(trace.output)
    step = ui.current_step(PREFIX, result)
    panel = render.step_panel(trace, step, spans=result.spans, lang=lang) if step > 0 else None
    quiz = ui_classroom.step_quiz(PREFIX, result, panel, room)

    # -- where the pass is: the step, its node and its line in the program -----------------
    with step_column:
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
        if program.seeded_with_ones:
            st.markdown(t("ui.seed_ones", name=output.name, shape=output.shape))
        else:
            st.markdown(t("ui.seed_scalar", name=output.name))
        st.html(ui.source_listing(result.source, session.current_span(result, step)))

    # -- the stepper and the graph ------------------------------------------------------------
    st.subheader(t("ui.graph"))
    step = ui.stepper(PREFIX, n_steps)
    large_font = ui.graph_options(PREFIX)
    focus = session.graph_focus(trace, step)
    dot, svg = ui.graph(PREFIX, result, step, focus, large_font, hide=quiz.hide)

    # -- this step: upstream, and per input local and downstream -------------------------------
    st.subheader(t("ui.panel", step=step, n=n_steps))
    ui_classroom.score(PREFIX, quiz)
    inputs = [] if panel is None else list(panel.edges)
    columns = st.columns(max(2, 1 + len(inputs)), gap="large")
    with columns[0]:
        name = output.name if panel is None else panel.name
        st.markdown(f"**{t('ui.panel_upstream', output=output.name, name=name)}**")
        if panel is None:
            ui.show_array(trace.seed)
            st.caption(t("ui.panel_seed"))
        else:
            ui.show_array(panel.upstream, panel.upstream_text)
            if panel.is_seed:
                st.caption(t("ui.panel_seed_upstream"))
            elif len(panel.contributions) > 1:
                terms = " + ".join(f"{c.text} ({c.consumer})" for c in panel.contributions)
                count = len(panel.contributions)
                st.caption(t("ui.panel_sum_upstream", name=panel.name, count=count) + " " + terms)
    for column, edge in zip(columns[1:], inputs, strict=False):
        with column:
            if edge.downstream is None:
                st.markdown(t("ui.panel_edge_constant", name=edge.input_name))
                continue
            st.markdown(f"**{t('ui.panel_local', node=panel.name, name=edge.input_name)}**")
            if not quiz.hidden.local(edge.index):  # the rule is the answer
                st.caption(t("ui.panel_rule"))
                st.latex(edge.formula)
            ui_classroom.show_local(quiz, edge, panel.name)
            st.markdown(f"**{t('ui.panel_downstream', output=output.name, name=edge.input_name)}**")
            ui_classroom.show_downstream(quiz, edge, output.name)
            st.caption(t("ui.panel_shapes", text=edge.shape_equation))
            if edge.broadcast_text:
                st.warning(t("ui.panel_broadcast", text=edge.broadcast_text), icon="➕")

    ui_classroom.quiz_buttons(PREFIX, quiz)

    if not room.present:  # presentation mode: no secondary chrome
        # -- every variable, and the numerical check ---------------------------------------------
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
            ui.gradient_check(PREFIX, result)

        # -- share and export ----------------------------------------------------------------------
        st.divider()
        share_column, export_column = st.columns([3, 2], gap="large")
        with share_column:
            st.subheader(t("ui.share"))
            st.caption(t("ui.share_caption"))
            link = ui.share_link(PREFIX, result, classroom.quiz_params(room.quiz_target))
            st.code(link, language=None, wrap_lines=False)
        with export_column:
            st.subheader(t("ui.export"))
            ui.export_buttons(PREFIX, result, step, dot, svg)
            ui_classroom.slides_button(PREFIX, result, has_dot=svg is not None)

ui.sync_url(PREFIX, result)
