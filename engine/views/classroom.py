"""In the classroom: predict-then-reveal questions on a step, the score, the projector view.

Pure functions over the engine's records and plain values; the main page only
lays them out (``ui_classroom.py``).

*Quiz mode* hides, at the current step, either the **downstream** gradient of
each input (the learner computes upstream · local) or the **local** gradient
(the Jacobian; the downstream is hidden with it, since upstream and downstream
together would give it away). Each input that receives a gradient is one
:class:`Question`; a whole step is checked at once and counts once in the score.

>>> check_answer("-4", -4.0).kind, check_answer("[3, 1]", [3.0, 2.0]).wrong
('right', ((1,),))
>>> check_answer("3 4 x", [1.0, 2.0]).kind
'unreadable'
>>> read_present("1"), read_present("maybe")
((True, None), (False, Note(parameter='present', value='maybe', reason='not-present')))
>>> read_quiz("local")
('local', None)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.i18n import Message
from engine.views import quiz
from engine.views.urls import Note, cut

#: What quiz mode can hide at the current step.
QUIZ_TARGETS = ("downstream", "local")
DEFAULT_TARGET = "downstream"

#: Offline slides are offered for passes of at most this many steps: every step is a
#: Graphviz layout (about 0.1 s) and an inline SVG (about 250 kB on a 60-node graph).
SLIDES_MAX_STEPS = 40

#: The address parameter of presentation mode (``present=1``).
PRESENT = "present"
_PRESENT_ON = {"1", "true", "yes", "on"}
_PRESENT_OFF = {"0", "false", "no", "off"}
#: The address parameter of quiz mode: what it hides (``quiz=downstream`` or ``quiz=local``).
QUIZ = "quiz"

#: A wrong-entries message lists at most this many multi-indices.
WRONG_LISTED = 8


# -- questions ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Question:
    """One input of the current step: what the learner predicts for it."""

    index: int  # the input's position in the step's operation
    input_name: str
    shape: tuple[int, ...]  # the expected answer's shape
    expected: np.ndarray | None  # None: too large to write out (a described local gradient)


def questions(panel: Any, target: str) -> tuple[Question, ...]:
    """The questions of a step (an ``engine.views.steps.StepPanel``; None at step 0: none).

    One per input that receives a gradient (constants are not asked). For
    ``"local"`` the answer is the exact Jacobian, shape ``out.shape + in.shape``,
    which the panel holds only up to its heatmap limit: beyond it the
    question is kept (its downstream is still hidden) with ``expected`` None.
    """
    if target not in QUIZ_TARGETS:
        raise ValueError(f"quiz target must be one of {QUIZ_TARGETS}, not {target!r}")
    if panel is None:
        return ()
    asked = []
    for edge in _asked_edges(panel.edges):
        if target == "downstream":
            expected, shape = np.asarray(edge.downstream), tuple(edge.in_shape)
        else:
            expected, shape = edge.local, tuple(edge.local_shape)
        asked.append(Question(edge.index, edge.input_name, shape, expected))
    return tuple(asked)


def _asked_edges(edges: Iterable[Any]) -> list[Any]:
    """The edges a step asks about: every input that receives a gradient."""
    return [edge for edge in edges if edge.downstream is not None]


def asked_inputs(edges: Iterable[Any]) -> tuple[int, ...]:
    """The input positions a step asks about, from its edges (a trace ``Step``'s or a
    panel's): every input that receives a gradient; constants are never asked."""
    return tuple(edge.index for edge in _asked_edges(edges))


# -- what a quiz hides ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hidden:
    """What quiz mode keeps out of sight at one step, until it is revealed or answered right.

    Every view of the step asks this one object, so none of them gives the answer away:

    * ``downstream(i)``: input ``i``'s downstream gradient: its value in the panel, the
      ``downstream:`` line of its edge on the graph, and every gradient the step completes
      with it (the input's box, and the upstream on that input's own edges further back;
      the variables table shows the step before, ``table_step``).
    * ``local(i)`` (only when the local is asked): input ``i``'s local Jacobian: its values,
      heatmap and structure (``diag(b)``), the rule's formula (``∂y/∂a = I``) and the
      ``local:`` line of its edge. Its downstream is hidden with it (upstream and
      downstream together would give it away).
    * ``note``: the step's one-line note ("Addition passes the upstream gradient
      through unchanged"), which says the rule in words; hidden for both targets.

    ``graph_hide`` is the same state as ``engine.views.render.dot_source``'s ``hide`` argument.
    """

    target: str | None
    step: int
    inputs: frozenset[int]  # the asked inputs' positions; empty: nothing is hidden

    @property
    def active(self) -> bool:
        return bool(self.inputs)

    def local(self, index: int) -> bool:
        return self.target == "local" and index in self.inputs

    def downstream(self, index: int) -> bool:
        return index in self.inputs

    @property
    def note(self) -> bool:
        return self.active

    def table_step(self, step: int) -> int:
        """The step the variables table may show: the one before, while this one is asked."""
        return step - 1 if self.active else step

    @property
    def graph_hide(self) -> tuple[str, int] | None:
        # Only quiz mode (a target) hides anything.
        return (self.target, self.step) if self.active and self.target is not None else None


def hidden_at(
    target: str | None, step: int, asked: Iterable[int], revealed: bool = False
) -> Hidden:
    """What quiz mode hides at ``step``: the one answer for the panel and the graph.

    ``target`` is ``"downstream"``, ``"local"`` or None (quiz mode off); ``asked`` the
    input positions asked at the step (:func:`asked_inputs` of its edges); ``revealed``
    whether the step was revealed or answered right. Step 0 asks nothing.

    >>> hidden = hidden_at("local", 1, (0, 1))
    >>> hidden.local(0), hidden.downstream(1), hidden.note, hidden.graph_hide
    (True, True, True, ('local', 1))
    >>> hidden_at("downstream", 1, (0,)).local(0), hidden_at("downstream", 1, (0,)).downstream(0)
    (False, True)
    >>> hidden_at("local", 1, (0,), revealed=True).active, hidden_at(None, 1, (0,)).note
    (False, False)
    """
    if target is not None and target not in QUIZ_TARGETS:
        raise ValueError(f"quiz target must be one of {QUIZ_TARGETS}, not {target!r}")
    if target is None or revealed or step <= 0:
        return Hidden(target, step, frozenset())
    return Hidden(target, step, frozenset(asked))


# -- checking ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    """One answer checked by ``engine.views.quiz.check``.

    ``kind``: ``"right"``, ``"wrong"`` (``wrong`` lists the multi-indices that
    are off), ``"unreadable"`` (``detail`` is the parser's reason) or
    ``"wrong-size"`` (``answer_size`` entries instead of ``expected.size``).
    ``detail`` is a message (``engine.i18n.Message``), worded where it is shown.
    Only right and wrong answers count as a try.
    """

    kind: str
    wrong: tuple[tuple[int, ...], ...]
    detail: Message
    expected: np.ndarray
    answer_size: int | None

    @property
    def readable(self) -> bool:
        return self.kind in ("right", "wrong")


def check_answer(text: str, expected: Any) -> Verdict:
    """Check a typed answer against the engine's value, entry by entry (``engine.views.quiz``).

    >>> check_answer("1 2; 3 5", [[1, 2], [3, 4]]).wrong
    ((1, 1),)
    >>> verdict = check_answer("[1, 2, 3]", [1.0, 2.0])
    >>> verdict.kind, verdict.answer_size
    ('wrong-size', 3)
    """
    expected = np.asarray(expected, dtype=np.float64)
    try:
        answer = quiz.parse_answer(text)
    except quiz.AnswerError as error:
        return Verdict("unreadable", (), error.message, expected, None)
    result = quiz.check(text, expected)
    if result.answer is None:  # readable, but not as many entries as expected
        return Verdict("wrong-size", (), result.message, expected, int(answer.size))
    kind = "right" if result.correct else "wrong"
    return Verdict(kind, result.wrong, result.message, expected, int(answer.size))


@dataclass(frozen=True, slots=True)
class StepCheck:
    """Every answer of one step, by input index."""

    verdicts: Mapping[int, Verdict]

    @property
    def readable(self) -> bool:
        """Every answer could be read and has the right number of entries: a try."""
        return bool(self.verdicts) and all(v.readable for v in self.verdicts.values())

    @property
    def correct(self) -> bool:
        return self.readable and all(v.kind == "right" for v in self.verdicts.values())


def check_step(asked: tuple[Question, ...], answers: Mapping[int, str]) -> StepCheck:
    """Check the answer to every question that has a value to compare with."""
    return StepCheck(
        {
            question.index: check_answer(answers.get(question.index, ""), question.expected)
            for question in asked
            if question.expected is not None
        }
    )


def index_text(index: tuple[int, ...]) -> str:
    """A multi-index as a learner writes it.

    >>> index_text((2,)), index_text((1, 0)), index_text(())
    ('[2]', '[1, 0]', '[]')
    """
    return "[" + ", ".join(str(i) for i in index) + "]"


def wrong_entries_text(wrong: tuple[tuple[int, ...], ...], limit: int = WRONG_LISTED) -> str:
    """The wrong entries' multi-indices, the first ``limit`` of them.

    >>> wrong_entries_text(((0,), (2,)))
    '[0], [2]'
    >>> wrong_entries_text(tuple((i,) for i in range(10)), limit=3)
    '[0], [1], [2], …'
    """
    listed = ", ".join(index_text(index) for index in wrong[:limit])
    return listed + (", …" if len(wrong) > limit else "")


# -- the score -----------------------------------------------------------------------------

#: A question's identity in the score: (program text, step, quiz target).
QuestionKey = tuple[str, int, str]


@dataclass(frozen=True, slots=True)
class Score:
    right: int
    attempted: int


def score(record: Mapping[QuestionKey, bool]) -> Score:
    """Right and attempted steps from a record of step -> right at the first try.

    >>> score({("p", 1, "downstream"): True, ("p", 2, "downstream"): False})
    Score(right=1, attempted=2)
    """
    return Score(sum(1 for right in record.values() if right), len(record))


def after_check(
    record: Mapping[QuestionKey, bool], key: QuestionKey, check: StepCheck
) -> dict[QuestionKey, bool]:
    """The record after a Check: a step counts once, at its first readable answer.

    An unreadable answer (or one with the wrong number of entries) is not a try.

    >>> right = StepCheck({0: check_answer("3", 3.0)})
    >>> typo = StepCheck({0: check_answer("3x", 3.0)})
    >>> after_check({}, ("p", 1, "local"), typo)
    {}
    >>> after_check(after_check({}, ("p", 1, "local"), right), ("p", 1, "local"), typo)
    {('p', 1, 'local'): True}
    """
    if key in record or not check.readable:
        return dict(record)
    return {**record, key: check.correct}


def after_reveal(record: Mapping[QuestionKey, bool], key: QuestionKey) -> dict[QuestionKey, bool]:
    """The record after a Reveal: a step revealed before any try counts as missed.

    (A judgement call: otherwise Reveal, then Check, would score every step.)

    >>> after_reveal({}, ("p", 1, "downstream"))
    {('p', 1, 'downstream'): False}
    """
    return {**record} if key in record else {**record, key: False}


# -- presentation mode and slides ---------------------------------------------------------------


def read_present(raw: str | None) -> tuple[bool, Note | None]:
    """Presentation mode from the address: ``present=1`` (or true/yes/on) turns it on.

    Absent or ``0`` (false/no/off) is off; anything else is off with a note.

    >>> read_present(None), read_present(" ON ")
    ((False, None), (True, None))
    """
    if raw is None:
        return False, None
    text = raw.strip().lower()
    if text in _PRESENT_ON:
        return True, None
    if text in _PRESENT_OFF:
        return False, None
    return False, Note(PRESENT, cut(raw), "not-present")


def read_quiz(raw: str | None) -> tuple[str | None, Note | None]:
    """Quiz mode from the address: what it hides, or None when it is off.

    ``quiz=downstream`` or ``quiz=local`` turns it on, hiding that quantity;
    ``quiz=1`` (true/yes/on) hides the default, the downstream. Absent or ``0``
    (false/no/off) is off; anything else is off with a note.

    >>> read_quiz("local"), read_quiz(None), read_quiz(" Downstream "), read_quiz("1")
    (('local', None), (None, None), ('downstream', None), ('downstream', None))
    >>> read_quiz("upstream")
    (None, Note(parameter='quiz', value='upstream', reason='not-quiz'))
    """
    if raw is None:
        return None, None
    text = raw.strip().lower()
    if text in QUIZ_TARGETS:
        return text, None
    if text in _PRESENT_ON:
        return DEFAULT_TARGET, None
    if text in _PRESENT_OFF:
        return None, None
    return None, Note(QUIZ, cut(raw), "not-quiz")


def quiz_params(target: str | None) -> dict[str, str]:
    """The address parameters of a quiz state (none when quiz mode is off).

    >>> quiz_params("local"), quiz_params(None)
    ({'quiz': 'local'}, {})
    """
    return {} if target is None else {QUIZ: target}


def slides_available(n_steps: int) -> str | None:
    """Why slides cannot be made for a pass (``"too-long"``), or None. They need no
    Graphviz: without ``dot`` the viewer lays the graph out itself.

    >>> slides_available(6), slides_available(400)
    (None, 'too-long')
    """
    if n_steps > SLIDES_MAX_STEPS:
        return "too-long"
    return None
