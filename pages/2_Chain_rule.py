"""The chain-rule page: ∂z/∂x = ∂z/∂y · ∂y/∂x on a path x → y → z of the program's graph.

Widgets and layout only: every number comes from ``engine.views.chain`` (tested in
tests/test_chain.py) and every word from ``engine.i18n`` (keys ``chain.…``). Page
parameters beyond ``program``/``step``/``lang``: ``x``, ``y`` and ``z``, the labels of
the chosen nodes (a variable's name, or ``op#k`` for an unnamed node, as on the main
page's graph).
"""

from __future__ import annotations

import streamlit as st

import ui
import ui_maths
from engine.views import chain, jacobians, numbers, paths, render, urls
from engine.views.cache import cached
from engine.views.session import RunOk
from ui import t

PREFIX = "chain_"
X, Y, Z = "x", "y", "z"  # this page's own query parameters


# -- cached computations --------------------------------------------------------


@cached
def cached_graph(source: str) -> paths.ProgramGraph:
    return paths.program_graph(ui.cached_run(source).graph)


@cached
def cached_compose(source: str, x: int, y: int, z: int) -> chain.ChainReport:
    return chain.compose(cached_graph(source), z, y, x)


# -- choosing x, y and z --------------------------------------------------------


def choose_path(source: str, graph: chain.ProgramGraph, defaults) -> tuple[int, int, int]:
    """x, y and z: the address's, the ones chosen before, or the defaults."""
    picks = ui_maths.Picks(PREFIX, source)
    label = {node.id: node.label for node in graph.nodes.values()}
    node_of = {node.label: node.id for node in graph.nodes.values()}
    captions = {node.label: node.caption for node in graph.nodes.values()}
    x_default, y_default, z_default = (label[i] for i in defaults)
    # Drawn in reading order x, y, z; z is chosen before y (y's options depend on it).
    x_col, y_col, z_col = st.container(), st.container(), st.container()

    xs = [label[i] for i in paths.x_options(graph)]
    with x_col:
        x_label = picks.select(
            X, t("chain.x"), xs, x_default, "bad-node", captions.__getitem__, t("chain.x_help")
        )
    x = node_of[x_label]

    zs = [label[i] for i in paths.z_options(graph, x)]
    output = graph.nodes[max(graph.nodes)].label  # the program's output is made last
    z_default = output if output in zs else zs[-1]
    with z_col:
        z_label = picks.select(
            Z, t("chain.z"), zs, z_default, "bad-node", captions.__getitem__, t("chain.z_help")
        )
    z = node_of[z_label]

    middles = paths.valid_middles(graph, x, z)
    every = paths.on_every_path(graph, x, z)
    through = {label[i]: i in every for i in middles}
    ys = list(through)
    y_fallback = y_default if y_default in ys else label[paths.default_middle(graph, x, z)]
    every_path, bypassed = t("chain.on_every_path"), t("chain.bypassed")
    y_captions = {
        name: f"{captions[name]}  · {every_path if on else bypassed}"
        for name, on in through.items()
    }
    with y_col:
        y_label = picks.select(
            Y, t("chain.y"), ys, y_fallback, "bad-node", y_captions.__getitem__, t("chain.y_help")
        )
    picks.done()
    return x, node_of[y_label], z


def show_page_notes(source: str) -> None:
    for note in ui_maths.page_notes(PREFIX, source):
        value = urls.literal(note.value)
        st.info(t("chain.note", name=note.name, value=value, shown=note.shown), icon="🔗")


# -- sections -------------------------------------------------------------------


def heatmap(matrix, rows, cols, title: str, key: str) -> None:
    figure = render.heatmap_figure(
        matrix,
        numbers.multi_index_labels(rows),
        numbers.multi_index_labels(cols),
        title,
        ui.current_language(),
    )
    st.plotly_chart(figure, key=PREFIX + key, config={"displaylogo": False})


def show_matrices(report: chain.ChainReport, graph, x: int, y: int, z: int) -> None:
    names = {"x": graph.node(x).label, "y": graph.node(y).label, "z": graph.node(z).label}
    k, m, n = report.sizes
    st.subheader(t("chain.matrices"))
    mats = report.matrices()
    # (which matrix, its rows' shape, its columns' shape, the sizes in its title), two a row
    panels = (
        ("dz_dy", report.z_shape, report.y_shape, {"k": k, "m": m}),
        ("dy_dx", report.y_shape, report.x_shape, {"m": m, "n": n}),
        ("product", report.z_shape, report.x_shape, {"k": k, "n": n}),
        ("direct", report.z_shape, report.x_shape, {"k": k, "n": n}),
    )
    for row in (panels[:2], panels[2:]):
        for column, (which, rows, cols, sizes) in zip(st.columns(2), row, strict=True):
            with column:
                title = t(f"chain.title_{which}", **sizes, **names)
                heatmap(mats[which], rows, cols, title, which)
    diff = f"{report.max_difference:.2g}"
    if report.bypass:
        path = " → ".join(graph.node(i).label for i in paths.bypass_path(graph, x, y, z))
        st.warning(t("chain.bypass", path=path, diff=diff, **names), icon="↪️")
    else:
        st.success(t("chain.equal", diff=diff, **names))


def show_worked_entry(report: chain.ChainReport, graph, x: int, y: int, z: int) -> None:
    zn, yn, xn = graph.node(z).label, graph.node(y).label, graph.node(x).label
    st.subheader(t("chain.index"))
    st.markdown(
        t(
            "chain.index_intro",
            z_shape=paths.format_shape(report.z_shape),
            x_shape=paths.format_shape(report.x_shape),
            y_shape=paths.format_shape(report.y_shape),
        )
    )
    st.latex(chain.index_formula(zn, yn, xn))
    k, m, n = report.sizes
    default_i, default_j = chain.default_entry(report)
    # A new path starts at its most telling entry (the largest in size).
    path_key = (x, y, z, report.z_shape, report.x_shape)
    if st.session_state.get(PREFIX + "entry_path") != path_key:
        st.session_state[PREFIX + "entry_path"] = path_key
        st.session_state[PREFIX + "i"] = default_i
        st.session_state[PREFIX + "j"] = default_j
    i_col, j_col = st.columns(2)
    with i_col:
        i = select_entry(t("chain.entry_i", z=zn), report.z_shape, k, "i")
    with j_col:
        j = select_entry(t("chain.entry_j", x=xn), report.x_shape, n, "j")
    entry = chain.worked_entry(report, i, j)
    st.latex(chain.worked_entry_latex(entry, zn, yn, xn, lang=ui.current_language()))
    st.caption(t("chain.worked_caption", nonzero=len(entry.nonzero), m=m))
    if report.bypass:
        st.markdown(t("chain.worked_check", z=zn, x=xn, direct=f"{entry.direct:.4g}"))
    with st.expander(t("chain.terms")):
        labels = numbers.multi_index_labels(report.y_shape)
        st.dataframe(
            chain.term_rows(entry, labels, limit=500),
            hide_index=True,
            column_config={"product": t("chain.col.product")},
        )


#: Up to this many entries an index is picked from a list of index vectors.
PICKER_OPTIONS = 500


def select_entry(label: str, shape: tuple[int, ...], size: int, key: str) -> int:
    if size <= PICKER_OPTIONS:
        names = numbers.multi_index_labels(shape)
        return st.selectbox(label, range(size), key=PREFIX + key, format_func=names.__getitem__)
    if st.session_state.get(PREFIX + key, 0) >= size:
        st.session_state[PREFIX + key] = 0
    flat = st.number_input(label, 0, size - 1, step=1, key=PREFIX + key)
    st.caption(str(numbers.unravel(int(flat), shape)))
    return int(flat)


def show_costs(sizes: list[int]) -> None:
    forward, reverse = chain.accumulation_steps(sizes)
    forward_total, reverse_total = chain.accumulation_costs(sizes)
    if not forward and not reverse:
        st.info(t("chain.single"))
        return
    a, b = st.columns(2)
    a.metric(t("chain.forward_total"), t("chain.madds", n=forward_total), border=True)
    b.metric(t("chain.reverse_total"), t("chain.madds", n=reverse_total), border=True)
    if forward_total == reverse_total:
        st.markdown(t("chain.same"))
    else:
        cheaper, dearer = sorted((forward_total, reverse_total))
        winner = t("chain.reverse_word" if reverse_total < forward_total else "chain.forward_word")
        ratio = f"{dearer / cheaper:,.1f}" if cheaper else "∞"
        st.markdown(t("chain.winner", winner=winner, ratio=ratio))
    left, right = st.columns(2)
    for column, title, steps in (
        (left, "steps_forward", forward),
        (right, "steps_reverse", reverse),
    ):
        column.markdown(f"**{t(f'chain.{title}')}**")
        column.dataframe(
            [
                {
                    t("chain.col.product"): (
                        f"({p.left[0]}×{p.left[1]}) · ({p.right[0]}×{p.right[1]})"
                    ),
                    t("chain.col.result"): f"{p.result[0]}×{p.result[1]}",
                    t("chain.col.madds"): p.madds,
                }
                for p in steps
            ],
            hide_index=True,
        )


def show_order(graph, x: int, y: int, z: int) -> None:
    st.subheader(t("chain.order"))
    st.markdown(t("chain.order_intro"))
    path = paths.chain_path(graph, x, y, z)
    shown = " → ".join(f"{graph.node(i).label} ({graph.node(i).size:,})" for i in path)
    st.markdown(t("chain.path", y=graph.node(y).label, path=shown))
    show_costs([graph.node(i).size for i in path])
    st.markdown(f"#### {t('chain.demo')}")
    if PREFIX + "sizes" not in st.session_state:
        st.session_state[PREFIX + "sizes"] = ", ".join(str(s) for s in chain.DEMO_SIZES)
    typed = st.text_input(t("chain.sizes"), key=PREFIX + "sizes", help=t("chain.sizes_help"))
    sizes, problem = chain.parse_sizes(typed)
    if problem is not None:
        st.error(problem.text(ui.current_language()))
    else:
        show_costs(sizes)
    st.markdown(t("chain.scalar_loss"))
    st.caption(t("chain.dense_note"))


# -- the page ----------------------------------------------------------------------

ui.open_page(PREFIX, "chain.page_title", "🔗")
ui_maths.read_page_params(PREFIX, (X, Y, Z))
ui.heading("chain.title", "chain.intro", PREFIX)

editor_col, view_col = st.columns(2, gap="large")
with editor_col:
    result = ui.program_editor(PREFIX)

chosen = None
report = None
graph = None
if isinstance(result, RunOk):
    graph = cached_graph(result.source)
    defaults = paths.default_chain(graph, result.program)
    with view_col:
        if defaults is None:
            st.info(t("chain.no_chain"))
        else:
            chosen = choose_path(result.source, graph, defaults)
            show_page_notes(result.source)
            x, y, z = chosen
            report = cached_compose(result.source, x, y, z)
            k, m, n = report.sizes
            st.markdown(
                t(
                    "chain.shapes",
                    z=graph.node(z).label,
                    y=graph.node(y).label,
                    x=graph.node(x).label,
                    z_shape=paths.format_shape(report.z_shape),
                    y_shape=paths.format_shape(report.y_shape),
                    x_shape=paths.format_shape(report.x_shape),
                    k=k,
                    m=m,
                    n=n,
                )
            )
            if report.too_large:
                st.warning(
                    t(
                        f"chain.too_large_{report.reason}",
                        k=k,
                        m=m,
                        n=n,
                        cap=jacobians.CHAIN_MAX_ENTRIES,
                    )
                )

if chosen is not None:
    x, y, z = chosen
    if not report.too_large:
        show_matrices(report, graph, x, y, z)
        show_worked_entry(report, graph, x, y, z)
    show_order(graph, x, y, z)

ui.sync_url(PREFIX, result)
if chosen is not None:
    ui_maths.sync_page_params(
        {name: graph.node(i).label for name, i in zip((X, Y, Z), chosen, strict=True)}
    )
