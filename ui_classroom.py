"""The main page in the classroom: presentation mode, quiz mode and offline slides.

``app.py`` calls, in order::

    room = ui_classroom.controls(PREFIX)               # the toggles; present=1 read once
    editor_area, step_area = ui_classroom.layout(PREFIX, room)  # or the editor folded away
    quiz = ui_classroom.step_quiz(PREFIX, result, panel, room)
    ui.graph(..., hide=quiz.hide)                      # the graph with "?" where quiz hides
    ui_classroom.score(PREFIX, quiz)                   # above the step panel
    ui_classroom.show_local(...), show_downstream(...) # a value, or the learner's answer box
    ui_classroom.quiz_buttons(PREFIX, quiz)            # Check and Reveal, below the panel
    ui_classroom.slides_button(PREFIX, result, ...)    # next to the other exports

What is checked and counted is computed by ``engine.views.classroom``; every string is
in ``engine.i18n`` under ``main.`` and shown in the address's language (``lang``).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from functools import partial

import streamlit as st

import ui
from engine import i18n
from engine.views import budget as time_budget
from engine.views import classroom, session, steps, urls
from engine.views.cache import cached
from engine.views.classroom import Question, QuestionKey, StepCheck
from engine.views.session import RunFailed, RunOk
from engine.views.slides import slides_html
from ui import current_language, t


def _key(prefix: str, name: str) -> str:
    return prefix + name


# -- presentation mode ---------------------------------------------------------------------

# Legible from the back of a room, and whole on a 1280x720 projector: the chrome goes,
# the graph takes the top of the screen and the step's three quantities the rest.
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
.stMainBlockContainer { padding-top: 0.5rem; padding-bottom: 1rem; max-width: 100%; }
.stMainBlockContainer [data-testid="stMarkdownContainer"] :is(p, li) { font-size: 1.15rem; }
.stMainBlockContainer [data-testid="stCaptionContainer"] :is(p, li) { font-size: 1rem; }
.stMainBlockContainer [data-testid="stHeadingWithActionElements"] h3 { font-size: 1.45rem;
  padding: 0 0 0.2rem 0; }
.stMainBlockContainer .katex { font-size: 1.12em; }
.stMainBlockContainer .katex-display { margin: 0.2em 0; }
.st-key-__PREFIX__panel { gap: 0.3rem; }
</style>
"""


@dataclass(frozen=True, slots=True)
class Room:
    """The page's classroom settings for this run."""

    present: bool
    quiz_target: str | None  # "downstream" or "local" when quiz mode is on


def _on_present(prefix: str) -> None:
    st.session_state[_key(prefix, "present_note")] = None


def _read_address_once(prefix: str) -> None:
    ready = _key(prefix, "classroom_ready")
    if st.session_state.get(ready):
        return
    params = st.query_params.to_dict()
    present, note = classroom.read_present(urls.param(params, classroom.PRESENT))
    st.session_state[_key(prefix, "present")] = present
    st.session_state[_key(prefix, "present_note")] = note
    target, note = classroom.read_quiz(urls.param(params, classroom.QUIZ))
    st.session_state[_key(prefix, "quiz")] = target is not None
    st.session_state[_key(prefix, "quiz_target")] = target or classroom.DEFAULT_TARGET
    st.session_state[_key(prefix, "quiz_note")] = note
    st.session_state[ready] = True


def presenting(prefix: str) -> bool:
    """Whether presentation mode is on for this run (``present=1`` read once per session)."""
    _read_address_once(prefix)
    return bool(st.session_state.get(_key(prefix, "present")))


def _on_quiz(prefix: str) -> None:
    st.session_state[_key(prefix, "quiz_note")] = None


def _target_name(language: str, target: str) -> str:
    return i18n.t(f"main.quiz.target.{target}", language)


def controls(prefix: str) -> Room:
    """The presentation and quiz toggles (and what quiz mode hides); keeps ``present=1``
    in the address while presentation mode is on, and ``quiz=downstream|local`` while
    quiz mode is."""
    _read_address_once(prefix)
    target_key = _key(prefix, "quiz_target")
    if target_key not in st.session_state:
        st.session_state[target_key] = classroom.DEFAULT_TARGET
    with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
        present = st.toggle(
            t("main.present.toggle"),
            key=_key(prefix, "present"),
            help=t("main.present.help"),
            on_change=_on_present,
            args=(prefix,),
        )
        quiz_on = st.toggle(
            t("main.quiz.toggle"),
            key=_key(prefix, "quiz"),
            help=t("main.quiz.help"),
            on_change=_on_quiz,
            args=(prefix,),
        )
        # Always drawn (greyed out when quiz mode is off), so the choice is kept.
        target = st.radio(
            t("main.quiz.target"),
            classroom.QUIZ_TARGETS,
            key=target_key,
            # The language is bound now: a format function may be called outside this run.
            format_func=partial(_target_name, current_language()),
            horizontal=True,
            disabled=not quiz_on,
            label_visibility="collapsed",
        )
    for name in ("present", "quiz"):
        note = st.session_state.get(_key(prefix, f"{name}_note"))
        if note is not None:
            st.info(t(f"main.{name}.note", value=urls.literal(note.value)), icon="🔗")
    if present:
        st.html(PRESENT_CSS.replace("__PREFIX__", prefix))
        if st.query_params.get(classroom.PRESENT) != "1":
            st.query_params[classroom.PRESENT] = "1"
    elif classroom.PRESENT in st.query_params:
        del st.query_params[classroom.PRESENT]
    room = Room(present, target if quiz_on else None)
    # Quiz mode and its choice stay in the address while it is on: a link opens the quiz.
    wanted = classroom.quiz_params(room.quiz_target)
    if st.query_params.get(classroom.QUIZ) != wanted.get(classroom.QUIZ):
        if wanted:
            st.query_params[classroom.QUIZ] = wanted[classroom.QUIZ]
        else:
            del st.query_params[classroom.QUIZ]
    return room


def layout(prefix: str, room: Room):
    """(where the editor goes, where the graph goes, where the step panel goes): editor
    and graph side by side on the normal page, the panel below; presenting, the graph
    across the screen, the panel, then the editor folded into an expander (open while
    the program has an error)."""
    if room.present:  # the expander is placed after the step panel (see app.py)
        broken = isinstance(ui.cached_run(st.session_state[_key(prefix, "source")]), RunFailed)
        graph, panel, editor = st.container(), st.container(), st.container()
        return editor.expander(t("main.present.program"), expanded=broken), graph, panel
    editor, graph = st.columns([2, 5], gap="medium")
    return editor, graph, st.container()


def editor_height(room: Room) -> int:
    return 240 if room.present else 260


def graph_height(room: Room) -> str:
    """The graph box's height: most of a projector's screen when presenting."""
    return "calc(100vh - 330px)" if room.present else "max(380px, calc(100vh - 300px))"


def graph_aspect(room: Room) -> float:
    """The shape (width / height) of the graph's box: the layout picks its orientation by it."""
    return 2.8 if room.present else 1.25


def graph_hide(prefix: str, result: RunOk, room: Room) -> dict | None:
    """What quiz mode hides on the graph, at every step not yet revealed or answered."""
    if room.quiz_target is None:
        return None
    revealed = st.session_state.get(_key(prefix, "quiz_revealed"), set())
    steps = sorted(step for source, step, target in revealed
                   if source == result.source and target == room.quiz_target)  # fmt: skip
    return {"quantity": room.quiz_target, "revealed": steps}


# -- quiz mode -------------------------------------------------------------------------------


@dataclass
class StepQuiz:
    """Quiz mode at one step: what is asked, and whether the answers are shown yet."""

    prefix: str
    target: str | None  # None: quiz mode off, or nothing to ask at this step
    step: int
    key: QuestionKey | None = None
    asked: dict[int, Question] = field(default_factory=dict)
    shown: bool = True  # revealed, or answered right

    @property
    def hidden(self) -> classroom.Hidden:
        """What the step keeps out of sight, panel and graph alike (``engine.views.classroom``)."""
        return classroom.hidden_at(self.target, self.step, self.asked, revealed=self.shown)

    @property
    def asking(self) -> bool:
        return self.hidden.active

    @property
    def hide(self) -> str | None:
        """What the graph draws as "?" at this step (for ``ui.graph``)."""
        return self.target if self.asking else None

    def hides_local(self, edge: steps.EdgePanel) -> bool:
        return self.hidden.local(edge.index)

    def hides_downstream(self, edge: steps.EdgePanel) -> bool:
        # Hiding the local hides the downstream too: upstream and downstream give it away.
        return self.hidden.downstream(edge.index)

    def table_step(self, step: int) -> int:
        """The step the variables table shows: the one before, while this one is asked."""
        return self.hidden.table_step(step)

    def answer_key(self, index: int) -> str:
        source, step, target = self.key
        digest = f"{zlib.crc32(source.encode('utf-8')):08x}"
        return _key(self.prefix, f"quiz_answer_{digest}_{step}_{target}_{index}")

    @property
    def check(self) -> StepCheck | None:
        return st.session_state.get(_key(self.prefix, "quiz_checks"), {}).get(self.key)


def step_quiz(prefix: str, result: RunOk, panel: steps.StepPanel | None, room: Room) -> StepQuiz:
    step = 0 if panel is None else panel.number
    if room.quiz_target is None:
        return StepQuiz(prefix, None, step)
    asked = classroom.questions(panel, room.quiz_target)
    key = (result.source, step, room.quiz_target)
    revealed = st.session_state.get(_key(prefix, "quiz_revealed"), set())
    return StepQuiz(
        prefix,
        room.quiz_target,
        step,
        key,
        {question.index: question for question in asked},
        shown=key in revealed,
    )


def score(prefix: str, quiz: StepQuiz) -> None:
    """The session's score (right / tried), above the step panel while quiz mode is on."""
    if quiz.target is None:
        return
    now = classroom.score(st.session_state.get(_key(prefix, "quiz_record"), {}))
    with st.container(key=_key(prefix, "quiz_score")):
        st.markdown(
            t("main.quiz.score", right=now.right, attempted=now.attempted),
            help=t("main.quiz.score_help"),
        )
        if quiz.step == 0:
            st.caption(t("main.quiz.step_zero"))
        elif quiz.asking:
            quantity = t(f"main.quiz.target.{quiz.target}")
            st.caption(t("main.quiz.graph_hidden", quantity=quantity))


def _shape_text(shape: tuple[int, ...]) -> str:
    return str(tuple(shape))


def _answer_box(quiz: StepQuiz, question: Question, label: str) -> None:
    key, help_text = quiz.answer_key(question.index), t("main.quiz.answer_help")
    if question.expected.size <= 1:  # a number: one line
        st.text_input(label, key=key, help=help_text)
    else:
        st.text_area(label, key=key, help=help_text, height=80)


def _verdict(quiz: StepQuiz, index: int) -> None:
    """What the last Check said about this input's answer."""
    check = quiz.check
    verdict = None if check is None else check.verdicts.get(index)
    if verdict is None:
        return
    if verdict.kind == "right":
        st.success(t("main.quiz.right"), icon="✅")
    elif verdict.kind == "wrong" and verdict.expected.ndim == 0:
        st.error(t("main.quiz.not_quite"), icon="❌")
    elif verdict.kind == "wrong":
        entries = classroom.wrong_entries_text(verdict.wrong)
        total = verdict.expected.size
        st.error(
            t("main.quiz.wrong_entries", count=len(verdict.wrong), total=total, entries=entries),
            icon="❌",
        )
    elif verdict.kind == "unreadable":
        detail = verdict.detail.text(current_language())  # the parser's reason
        st.warning(t("main.quiz.unreadable", detail=detail), icon="✏️")
    else:
        st.warning(
            t(
                "main.quiz.wrong_size",
                expected=verdict.expected.size,
                shape=_shape_text(verdict.expected.shape),
                got=verdict.answer_size,
            ),
            icon="✏️",
        )


def show_local(quiz: StepQuiz, edge: steps.EdgePanel, node: str) -> None:
    """The local gradient of one edge, or (quiz mode, local hidden) the learner's answer."""
    if not quiz.hides_local(edge):
        ui.show_local(edge, node)
        if quiz.target == "local":
            _verdict(quiz, edge.index)
        return
    question = quiz.asked[edge.index]
    if question.expected is None:
        st.info(t("main.quiz.too_large", size=edge.local_size))
        return
    label = t(
        "main.quiz.answer_local", node=node, name=edge.input_name, shape=_shape_text(question.shape)
    )
    _answer_box(quiz, question, label)
    _verdict(quiz, edge.index)


def show_downstream(quiz: StepQuiz, edge: steps.EdgePanel, output: str) -> None:
    """The downstream gradient of one edge, or (quiz mode) the learner's answer for it."""
    if not quiz.hides_downstream(edge):
        ui.show_array(edge.downstream, edge.downstream_text)
        if quiz.target == "downstream":
            _verdict(quiz, edge.index)
        return
    if quiz.target == "local":
        st.latex(r"\text{?}")
        st.caption(t("main.quiz.downstream_follows"))
        return
    question = quiz.asked[edge.index]
    label = t(
        "main.quiz.answer_downstream",
        output=output,
        name=edge.input_name,
        shape=_shape_text(question.shape),
    )
    _answer_box(quiz, question, label)
    _verdict(quiz, edge.index)


def step_columns(panel: steps.StepPanel | None, result: RunOk, quiz: StepQuiz, room: Room) -> None:
    """The step's upstream, then per input its local (rule and value) and downstream, in
    columns; quiz mode puts the learner's answer boxes where the hidden quantity goes."""
    trace, program = result.trace, result.program
    output = trace.node(trace.output)
    inputs = [] if panel is None else list(panel.edges)
    columns = st.columns(max(2, 1 + len(inputs)), gap="large")
    with columns[0]:
        name = output.name if panel is None else panel.name
        st.markdown(f"**{t('ui.panel_upstream', output=output.name, name=name)}**")
        if panel is None:
            ui.show_array(trace.seed)
            if program.seeded_with_ones:
                st.caption(t("ui.seed_ones", name=output.name, shape=output.shape))
            else:
                st.caption(t("ui.seed_scalar", name=output.name))
        else:
            ui.show_array(panel.upstream, panel.upstream_text)
            if panel.is_seed:
                st.caption(t("ui.panel_seed_upstream"))
            elif len(panel.contributions) > 1:
                terms = " + ".join(f"{c.text} ({c.consumer})" for c in panel.contributions)
                if panel.more_contributions:
                    more = f"{panel.more_contributions:,}"
                    terms += " + " + t("render.more_terms", n=more)
                count = f"{panel.n_contributions:,}"
                caption = t("ui.panel_sum_upstream", name=panel.name, count=count)
                st.caption(caption + " " + terms)
    for column, edge in zip(columns[1:], inputs, strict=False):
        with column:
            if edge.downstream is None:
                st.markdown(t("ui.panel_edge_constant", name=edge.input_name))
                continue
            st.markdown(f"**{t('ui.panel_local', node=panel.name, name=edge.input_name)}**")
            if not quiz.hides_local(edge):  # the rule would give the hidden local away
                if not room.present:
                    st.caption(t("ui.panel_rule"))
                st.latex(edge.formula)
            show_local(quiz, edge, panel.name)
            downstream = t("ui.panel_downstream", output=output.name, name=edge.input_name)
            st.markdown(f"**{downstream}**")
            show_downstream(quiz, edge, output.name)
            st.caption(t("ui.panel_shapes", text=edge.shape_equation))
            if edge.broadcast_text:
                st.warning(t("ui.panel_broadcast", text=edge.broadcast_text), icon="➕")
    more_inputs(quiz.prefix, panel, result)


# -- a step with many inputs -----------------------------------------------------------------


def first_input(prefix: str, result: RunOk, step: int) -> int:
    """Where the step panel's window of inputs starts (0 unless moved at this step)."""
    saved = st.session_state.get(_key(prefix, "inputs_from"))
    if saved is not None and saved[:2] == (result.source, step):
        return saved[2]
    return 0


def _on_inputs(prefix: str, source: str, step: int, first: int) -> None:
    st.session_state[_key(prefix, "inputs_from")] = (source, step, first)


def more_inputs(prefix: str, panel: steps.StepPanel | None, result: RunOk) -> None:
    """For a step with more inputs than the panel builds (``steps.PANEL_INPUTS``): which
    are shown, how many more there are, and buttons for the next ones and the first ones;
    and a warning when the panel's time budget cut the window short."""
    if panel is None or (panel.n_inputs <= len(panel.edges) and panel.complete):
        return
    hidden = panel.n_inputs - len(panel.edges)
    shown = t(
        "main.inputs.window",
        first=f"{panel.first_input + 1:,}",
        last=f"{panel.first_input + len(panel.edges):,}",
        n=f"{panel.n_inputs:,}",
    )
    with st.container(key=_key(prefix, "more_inputs")):
        st.markdown(f"{shown} **{t('render.more_inputs', n=f'{hidden:,}')}**")
        if not panel.complete:
            seconds = time_budget.seconds("panel")
            st.warning(t("main.inputs.out_of_time", seconds=f"{seconds:g}"), icon="⏱️")
        with st.container(horizontal=True, gap="small"):
            if panel.inputs_after:
                after = panel.first_input + len(panel.edges)
                st.button(
                    t("main.inputs.next", n=min(steps.PANEL_INPUTS, panel.inputs_after)),
                    key=_key(prefix, "inputs_next"),
                    icon=":material/navigate_next:",
                    on_click=_on_inputs,
                    args=(prefix, result.source, panel.number, after),
                )
            if panel.inputs_before:
                st.button(
                    t("main.inputs.first"),
                    key=_key(prefix, "inputs_first"),
                    icon=":material/first_page:",
                    on_click=_on_inputs,
                    args=(prefix, result.source, panel.number, 0),
                )


def _on_check(prefix: str, quiz: StepQuiz) -> None:
    asked = tuple(quiz.asked.values())
    answers = {index: st.session_state.get(quiz.answer_key(index), "") for index in quiz.asked}
    check = classroom.check_step(asked, answers)
    st.session_state.setdefault(_key(prefix, "quiz_checks"), {})[quiz.key] = check
    record = st.session_state.get(_key(prefix, "quiz_record"), {})
    st.session_state[_key(prefix, "quiz_record")] = classroom.after_check(record, quiz.key, check)
    if check.correct:  # all right: show the values
        st.session_state.setdefault(_key(prefix, "quiz_revealed"), set()).add(quiz.key)


def _on_reveal(prefix: str, quiz: StepQuiz) -> None:
    record = st.session_state.get(_key(prefix, "quiz_record"), {})
    st.session_state[_key(prefix, "quiz_record")] = classroom.after_reveal(record, quiz.key)
    st.session_state.setdefault(_key(prefix, "quiz_revealed"), set()).add(quiz.key)


def quiz_buttons(prefix: str, quiz: StepQuiz) -> None:
    """Check and Reveal for the step's answers, below the step panel."""
    if quiz.target is None or not quiz.asked:
        return
    if not quiz.asking:
        check = quiz.check
        done = (
            "main.quiz.all_right" if check is not None and check.correct else "main.quiz.revealed"
        )
        st.caption(t(done))
        return
    checkable = any(q.expected is not None for q in quiz.asked.values())
    with st.container(horizontal=True, gap="small"):
        st.button(
            t("main.quiz.check"),
            key=_key(prefix, "quiz_check"),
            type="primary",
            icon=":material/check:",
            on_click=_on_check,
            args=(prefix, quiz),
            disabled=not checkable,
        )
        st.button(
            t("main.quiz.reveal"),
            key=_key(prefix, "quiz_reveal"),
            icon=":material/visibility:",
            on_click=_on_reveal,
            args=(prefix, quiz),
        )


# -- offline slides ----------------------------------------------------------------------------


@cached
def cached_slides(source: str, lang: str) -> str:
    """``engine.views.slides.slides_html`` for this program, made once per program text and
    language (on the first click of the button, in Streamlit's download thread) and kept
    in the server's cache (``engine.views.cache``)."""
    result = ui.cached_run(source)
    assert isinstance(result, RunOk), "the slides are offered for a program that ran"
    return slides_html(
        result.graph,
        source=result.source,
        lang=lang,
        deadline=time_budget.deadline("export"),
    )


def slides_button(prefix: str, result: RunOk) -> None:
    """ "Slides (HTML)": the whole pass in the graph viewer with a panel per step, made when
    clicked. Disabled, with the reason, for a very long pass."""
    reason = classroom.slides_available(result.n_steps)
    st.download_button(
        t("main.slides.button"),
        # made when clicked, within the exports' time budget (else a note saying so)
        data=partial(
            time_budget.made_within_budget,
            partial(cached_slides, result.source, current_language()),
            current_language(),
            "main.slides.button",
            as_html=True,
        )
        if reason is None
        else "",
        file_name=session.slides_name(result.program.output_name),
        mime="text/html",
        key=_key(prefix, "export_slides"),
        on_click="ignore",
        icon=":material/slideshow:",
        help=t("main.slides.help"),
        disabled=reason is not None,
    )
    if reason is not None:
        st.caption(t(f"main.slides.{reason}", max=classroom.SLIDES_MAX_STEPS, n=result.n_steps))
