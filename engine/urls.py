"""The app's addresses: read and write the query parameters of a view.

Every page reads ``program``, ``step`` and ``lang`` (see the app-URL contract):
a link reopens the same program at the same step on any machine. A missing
parameter means its default; a bad one also falls back to its default, and
the page shows a :class:`Note` about it. Nothing here raises on user input.

Pure functions over plain strings, so they are tested without Streamlit.

>>> state = read_params({"program": "x = 2\\nL = x * x", "step": "1"}, default_program="x = 1")
>>> state.program, state.step, state.notes
('x = 2\\nL = x * x', 1, ())
>>> read_params({"step": "two"}, default_program="x = 1").notes[0].reason
'not-a-step'
>>> share_url("http://127.0.0.1:8501/?step=9", "x = 1", 0)
'http://127.0.0.1:8501/?program=x%20%3D%201&step=0'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

PROGRAM = "program"
STEP = "step"
LANG = "lang"

LANGUAGES = ("en", "zh")
DEFAULT_LANG = "en"
DEFAULT_STEP = 0  # before the first backward step: the seed at the output

# A step is written in plain ASCII digits; more digits than this is simply "the
# end of the pass" (any real pass is shorter), and int() never sees a huge string.
_STEP = re.compile(r"[0-9]+")
_STEP_DIGITS = 9
STEP_END = 10**_STEP_DIGITS - 1

# A bad value is quoted back in the note; a pasted novel is cut short.
_SHOWN_CHARS = 40


@dataclass(frozen=True, slots=True)
class Note:
    """A query parameter that was ignored, and why (``reason`` is an id the page words).

    Reasons: ``"empty-program"``, ``"not-a-step"``, ``"unknown-lang"``.
    """

    parameter: str
    value: str
    reason: str


@dataclass(frozen=True, slots=True)
class UrlState:
    """What a page shows for an address: the parameters read, with their fallbacks."""

    program: str
    step: int
    lang: str
    notes: tuple[Note, ...]
    has_program: bool  # the address named a usable program
    has_step: bool  # the address named a usable step


def _shown(value: str) -> str:
    return value if len(value) <= _SHOWN_CHARS else value[: _SHOWN_CHARS - 1] + "…"


def param(params: Mapping[str, str | Sequence[str]], name: str) -> str | None:
    """One parameter's value: the last one when the address repeats it, None when absent.

    >>> param({"step": ["1", "3"]}, "step"), param({}, "step")
    ('3', None)
    """
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    values = list(value)
    return str(values[-1]) if values else None


def read_program(raw: str | None, default: str) -> tuple[str, Note | None]:
    """The program from the address; an empty one falls back to ``default`` with a note.

    The text is kept exactly as given (a bad program is the parser's business:
    the page shows its error next to the user's own text).

    >>> read_program("   ", "x = 1")
    ('x = 1', Note(parameter='program', value='   ', reason='empty-program'))
    """
    if raw is None:
        return default, None
    if not raw.strip():
        return default, Note(PROGRAM, _shown(raw), "empty-program")
    return raw, None


def read_step(raw: str | None) -> tuple[int, Note | None]:
    """The step from the address: a non-negative whole number, else 0 with a note.

    A number past the end is kept: the page shows the finished pass for it.

    >>> read_step("3"), read_step(" 12 "), read_step("-1")[1].reason
    ((3, None), (12, None), 'not-a-step')
    >>> read_step("99999999999999999999")
    (999999999, None)
    """
    if raw is None:
        return DEFAULT_STEP, None
    text = raw.strip()
    if not _STEP.fullmatch(text):
        return DEFAULT_STEP, Note(STEP, _shown(raw), "not-a-step")
    digits = text.lstrip("0") or "0"
    if len(digits) > _STEP_DIGITS:
        return STEP_END, None
    return int(digits), None


def read_lang(raw: str | None) -> tuple[str, Note | None]:
    """The interface language: ``en`` or ``zh``, else ``en`` with a note.

    >>> read_lang("zh"), read_lang("fr")[1].reason
    (('zh', None), 'unknown-lang')
    """
    if raw is None:
        return DEFAULT_LANG, None
    text = raw.strip().lower()
    if text in LANGUAGES:
        return text, None
    return DEFAULT_LANG, Note(LANG, _shown(raw), "unknown-lang")


def read_params(params: Mapping[str, str | Sequence[str]], default_program: str) -> UrlState:
    """Everything a page needs from its address, never raising on what it finds there."""
    program_raw = param(params, PROGRAM)
    step_raw = param(params, STEP)
    program, program_note = read_program(program_raw, default_program)
    step, step_note = read_step(step_raw)
    lang, lang_note = read_lang(param(params, LANG))
    notes = tuple(note for note in (program_note, step_note, lang_note) if note is not None)
    return UrlState(
        program=program,
        step=step,
        lang=lang,
        notes=notes,
        has_program=program_raw is not None and program_note is None,
        has_step=step_raw is not None and step_note is None,
    )


def opening_step(state: UrlState, shared: tuple[str, int] | None) -> int:
    """The step a page opens at: the address's; with no ``step`` in the address (a page
    opened from the sidebar), the step the last page showed for this same program;
    else 0. A bad ``step`` stays 0, as its note says.

    >>> state = read_params({"program": "x = 1"}, default_program="x = 2")
    >>> opening_step(state, ("x = 1", 3)), opening_step(state, ("x = 5", 3))
    (3, 0)
    >>> opening_step(read_params({"step": "2"}, default_program="x = 1"), ("x = 1", 3))
    2
    """
    if state.has_step or any(note.parameter == STEP for note in state.notes):
        return state.step
    if shared is not None and shared[0] == state.program:
        return max(0, int(shared[1]))
    return state.step


def view_params(program: str, step: int) -> dict[str, str]:
    """The parameters a page writes for its view (``lang`` is left as the user set it).

    >>> view_params("x = 1", 2)
    {'program': 'x = 1', 'step': '2'}
    """
    return {PROGRAM: program, STEP: str(max(0, int(step)))}


def share_url(
    base_url: str,
    program: str,
    step: int,
    lang: str | None = None,
    extra: Mapping[str, str] | None = None,
) -> str:
    """The full link to a view: the page's address with program, step (and lang), then the
    page's own parameters in ``extra`` (``quiz=local`` on the main page, say).

    Any query or fragment already on ``base_url`` is replaced; spaces are
    written ``%20`` so the link survives being pasted into chat and e-mail.

    >>> share_url("http://host:8501/Jacobian", "L = 1", 0, lang="zh")
    'http://host:8501/Jacobian?program=L%20%3D%201&step=0&lang=zh'
    >>> share_url("http://host:8501/", "L = 1", 2, extra={"quiz": "local"})
    'http://host:8501/?program=L%20%3D%201&step=2&quiz=local'
    """
    parts = urlsplit(base_url)
    params = view_params(program, step)
    if lang is not None:
        params[LANG] = lang
    params.update(extra or {})
    query = urlencode(params, quote_via=quote, safe="")
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))
