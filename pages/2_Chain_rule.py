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
from engine import i18n
from engine.views import chain, jacobians, numbers, paths, render, urls
from engine.views.cache import cached
from engine.views.session import RunOk
from ui import t

PREFIX = "chain_"
X, Y, Z = "x", "y", "z"  # this page's own query parameters


def text(key: str, **values: object) -> str:
    """This page's text ``key`` (``chain.<key>`` in ``engine.i18n``) in the run's language."""
    return t(f"chain.{key}", **values)


# -- cached computations --------------------------------------------------------


@cached
def cached_graph(source: str) -> paths.ProgramGraph:
    return paths.program_graph(ui.cached_run(source).graph)


@cached
def cached_compose(source: str, x: int, y: int, z: int) -> chain.ChainReport:
    return chain.compose(cached_graph(source), z, y, x)


# -- choosing x, y and z --------------------------------------------------------


def read_page_params() -> None:
    """Once per session: keep the address's x/y/z until a program can resolve them."""
    if st.session_state.get(PREFIX + "params_read"):
        return
    params = st.query_params.to_dict()
    st.session_state[PREFIX + "pending"] = {name: urls.param(params, name) for name in (X, Y, Z)}
    st.session_state[PREFIX + "params_read"] = True


def pick(name: str, raw: str | None, allowed: list[str], default: str, notes: list) -> None:
    key = PREFIX + name
    if raw is not None:
        choice = jacobians.choose(raw, allowed, default, "bad-node")
        st.session_state[key] = choice.value
        if choice.note is not None:
            notes.append((name, raw, choice.value))
    elif st.session_state.get(key) not in allowed:
        st.session_state[key] = default


def choose_path(source: str, graph: paths.ProgramGraph, defaults) -> tuple[int, int, int]:
    pending = st.session_state.get(PREFIX + "pending") or {}
    notes: list = []
    label = {node.id: node.label for node in graph.nodes.values()}
    node_of = {node.label: node.id for node in graph.nodes.values()}
    captions = {node.label: node.caption for node in graph.nodes.values()}
    x_default, y_default, z_default = (label[i] for i in defaults)
    # Drawn in reading order x, y, z; z is chosen before y (y's options depend on it).
    x_col, y_col, z_col = st.container(), st.container(), st.container()

    xs = [label[i] for i in paths.x_options(graph)]
    pick(X, pending.get(X), xs, x_default, notes)
    x_label = x_col.selectbox(
        text("x"), xs, key=PREFIX + X, format_func=captions.get, help=text("x_help")
    )
    x = node_of[x_label]

    zs = [label[i] for i in paths.z_options(graph, x)]
    output = graph.nodes[max(graph.nodes)].label  # the program's output is made last
    pick(Z, pending.get(Z), zs, output if output in zs else zs[-1], notes)
    z_label = z_col.selectbox(
        text("z"), zs, key=PREFIX + Z, format_func=captions.get, help=text("z_help")
    )
    z = node_of[z_label]

    middles = paths.valid_middles(graph, x, z)
    every = paths.on_every_path(graph, x, z)
    through = {label[i]: i in every for i in middles}
    ys = list(through)
    y_fallback = y_default if y_default in ys else label[paths.default_middle(graph, x, z)]
    pick(Y, pending.get(Y), ys, y_fallback, notes)
    every_path, bypassed = text("on_every_path"), text("bypassed")
    y_captions = {
        name: f"{captions[name]}  · {every_path if on else bypassed}"
        for name, on in through.items()
    }
    y_label = y_col.selectbox(
        text("y"),
        ys,
        key=PREFIX + Y,
        format_func=y_captions.__getitem__,
        help=text("y_help"),
    )
    if pending:
        st.session_state[PREFIX + "pending"] = None
        st.session_state[PREFIX + "page_notes"] = (source, notes)
    return x, node_of[y_label], z


def show_page_notes(source: str) -> None:
    noted_source, notes = st.session_state.get(PREFIX + "page_notes") or (None, [])
    if noted_source != source:
        return
    for name, value, shown in notes:
        st.info(text("note", name=name, value=urls.literal(value), shown=shown), icon="🔗")


def sync_page_params(values: dict[str, str]) -> None:
    for name, value in values.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value


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
    st.subheader(text("matrices"))
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
                title = text(f"title_{which}", **sizes, **names)
                heatmap(mats[which], rows, cols, title, which)
    diff = f"{report.max_difference:.2g}"
    if report.bypass:
        path = " → ".join(graph.node(i).label for i in paths.bypass_path(graph, x, y, z))
        st.warning(text("bypass", path=path, diff=diff, **names), icon="↪️")
    else:
        st.success(text("equal", diff=diff, **names))


def show_worked_entry(report: chain.ChainReport, graph, x: int, y: int, z: int) -> None:
    zn, yn, xn = graph.node(z).label, graph.node(y).label, graph.node(x).label
    st.subheader(text("index"))
    st.markdown(
        text(
            "index_intro",
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
        i = select_entry(text("entry_i", z=zn), report.z_shape, k, "i")
    with j_col:
        j = select_entry(text("entry_j", x=xn), report.x_shape, n, "j")
    entry = chain.worked_entry(report, i, j)
    st.latex(chain.worked_entry_latex(entry, zn, yn, xn, lang=ui.current_language()))
    st.caption(text("worked_caption", nonzero=len(entry.nonzero), m=m))
    if report.bypass:
        st.markdown(text("worked_check", z=zn, x=xn, direct=f"{entry.direct:.4g}"))
    with st.expander(text("terms")):
        labels = numbers.multi_index_labels(report.y_shape)
        st.dataframe(
            chain.term_rows(entry, labels, limit=500),
            hide_index=True,
            column_config={"product": text("col.product")},
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
        st.info(text("single"))
        return
    a, b = st.columns(2)
    a.metric(text("forward_total"), text("madds", n=forward_total), border=True)
    b.metric(text("reverse_total"), text("madds", n=reverse_total), border=True)
    if forward_total == reverse_total:
        st.markdown(text("same"))
    else:
        cheaper, dearer = sorted((forward_total, reverse_total))
        winner = text("reverse_word") if reverse_total < forward_total else text("forward_word")
        ratio = f"{dearer / cheaper:,.1f}" if cheaper else "∞"
        st.markdown(text("winner", winner=winner, ratio=ratio))
    left, right = st.columns(2)
    for column, title, steps in (
        (left, "steps_forward", forward),
        (right, "steps_reverse", reverse),
    ):
        column.markdown(f"**{text(title)}**")
        column.dataframe(
            [
                {
                    text("col.product"): f"({p.left[0]}×{p.left[1]}) · ({p.right[0]}×{p.right[1]})",
                    text("col.result"): f"{p.result[0]}×{p.result[1]}",
                    text("col.madds"): p.madds,
                }
                for p in steps
            ],
            hide_index=True,
        )


def show_order(graph, x: int, y: int, z: int) -> None:
    st.subheader(text("order"))
    st.markdown(text("order_intro"))
    path = paths.chain_path(graph, x, y, z)
    shown = " → ".join(f"{graph.node(i).label} ({graph.node(i).size:,})" for i in path)
    st.markdown(text("path", y=graph.node(y).label, path=shown))
    show_costs([graph.node(i).size for i in path])
    st.markdown(f"#### {text('demo')}")
    if PREFIX + "sizes" not in st.session_state:
        st.session_state[PREFIX + "sizes"] = ", ".join(str(s) for s in chain.DEMO_SIZES)
    typed = st.text_input(text("sizes"), key=PREFIX + "sizes", help=text("sizes_help"))
    sizes, problem = chain.parse_sizes(typed)
    if problem is not None:
        st.error(i18n.message_text(problem, ui.current_language()))
    else:
        show_costs(sizes)
    st.markdown(text("scalar_loss"))
    st.caption(text("dense_note"))


# -- the page ----------------------------------------------------------------------

ui.setup_page(PREFIX)  # first: this run's language
st.set_page_config(page_title=text("page_title"), page_icon="🔗", layout="wide")
ui.language_control(PREFIX)
read_page_params()
st.title(text("title"))
st.markdown(text("intro"))
ui.show_url_notes(PREFIX)

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
            st.info(text("no_chain"))
        else:
            chosen = choose_path(result.source, graph, defaults)
            show_page_notes(result.source)
            x, y, z = chosen
            report = cached_compose(result.source, x, y, z)
            k, m, n = report.sizes
            st.markdown(
                text(
                    "shapes",
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
                    text(
                        f"too_large_{report.reason}",
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
    sync_page_params({name: graph.node(i).label for name, i in zip((X, Y, Z), chosen, strict=True)})
