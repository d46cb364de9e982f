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

import base64
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

PROGRAM = "program"
PROGRAM_Z = "programz"  # the program compressed: zlib, then base64url without padding
#: The parameters that can carry the program; a page writes exactly one of them.
PROGRAM_PARAMS = (PROGRAM, PROGRAM_Z)

#: A program whose plain ``program=`` value would be longer than this (percent-encoded)
#: is written as ``programz=`` instead. Streamlit's server refuses a query past about
#: 128 KB (HTTP 400), and a 20,000-character program can take 180 KB plain; and many
#: proxies, chat apps and older browsers cut addresses near 8 KB (Apache's default
#: request line is 8,190 bytes), so up to 8,000 a link stays readable and past it
#: it is compressed (a 20,000-character program of 4-byte characters, which does not
#: compress, is 107 KB as ``programz``).
PLAIN_PROGRAM_MAX = 8_000
#: ``programz`` is never unpacked past this many bytes (a zip bomb in a link stops
#: here; the program length limit refuses anything longer anyway).
PACKED_PROGRAM_MAX_BYTES = 1_000_000
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

#: A bad value is quoted back in its note; a pasted novel is cut to this many characters.
SHOWN_CHARS = 40


@dataclass(frozen=True, slots=True)
class Note:
    """A query parameter that was ignored, and why (``reason`` is an id the page words).

    Reasons: ``"empty-program"``, ``"bad-programz"``, ``"not-a-step"``, ``"unknown-lang"``.
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


def cut(value: str, limit: int = SHOWN_CHARS) -> str:
    """``value`` cut to ``limit`` characters, the last one an ellipsis when it was longer.

    >>> cut("abc"), cut("x" * 50)[-3:], len(cut("x" * 50))
    ('abc', 'xx…', 40)
    """
    return value if len(value) <= limit else value[: limit - 1] + "…"


_BACKTICKS = re.compile("`+")


def literal(value: str, limit: int = SHOWN_CHARS) -> str:
    """A value from the address as Markdown that shows its characters and nothing else.

    THE one way a page echoes what a link carries (``step``, ``lang``, ``present``,
    ``output``, …). The value is cut to ``limit`` characters, written as Python writes
    a string (quotes; newlines, bidirectional and other invisible characters as
    ``\\n``, ``\\u202e``), and put in an inline code span, longer than any run of
    backticks inside it: Markdown reads nothing in a code span, so no link, image,
    HTML, emphasis, maths or bare URL in the value becomes one.

    >>> literal("two")
    "`'two'`"
    >>> literal("![x](http://evil.example/p.png)")
    "`'![x](http://evil.example/p.png)'`"
    >>> print(literal("a`b\\n\\u202e"))
    ``'a`b\\n\\u202e'``
    >>> literal("x" * 100)[-5:]
    "xx…'`"
    """
    text = repr(cut(str(value), limit))
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence}{text}{fence}"


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
        return default, Note(PROGRAM, cut(raw), "empty-program")
    return raw, None


def pack_program(program: str) -> str:
    """A program as the value of ``programz``: UTF-8, zlib, base64url without padding.

    >>> pack_program("x = 1")
    'eNqrULBVMAQABAUBJw'
    >>> unpack_program(pack_program("λ = 2 # 中文")) == "λ = 2 # 中文"
    True
    """
    packed = base64.urlsafe_b64encode(zlib.compress(program.encode("utf-8"), 9))
    return packed.decode("ascii").rstrip("=")


_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


def unpack_program(packed: str) -> str | None:
    """The program a ``programz`` value holds, or None when it holds none.

    Anything but base64url, a damaged stream, more than
    :data:`PACKED_PROGRAM_MAX_BYTES` once unpacked, or bytes that are not UTF-8
    is None: never an exception, never a large allocation.

    >>> unpack_program("not base64!"), unpack_program("eNqr")
    (None, None)
    """
    text = packed.strip()
    if not _BASE64URL.fullmatch(text) or len(text) % 4 == 1:
        return None
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        inflate = zlib.decompressobj()
        raw = inflate.decompress(data, PACKED_PROGRAM_MAX_BYTES)
        if inflate.unconsumed_tail or not inflate.eof:
            return None  # too large, or cut short
        return raw.decode("utf-8")
    except (ValueError, zlib.error):  # binascii.Error and UnicodeDecodeError are ValueErrors
        return None


def program_params(program: str) -> dict[str, str]:
    """The one parameter that carries ``program`` in an address: plain while it is short.

    >>> program_params("x = 1")
    {'program': 'x = 1'}
    >>> list(program_params("x = 1  # " + "中" * 3000))
    ['programz']
    """
    if len(quote(program, safe="")) <= PLAIN_PROGRAM_MAX:
        return {PROGRAM: program}
    return {PROGRAM_Z: pack_program(program)}


def read_shared_program(
    params: Mapping[str, str | Sequence[str]],
) -> tuple[str | None, Note | None]:
    """The program an address carries, plain (``program``) or compressed (``programz``).

    ``program`` is read first; ``programz`` only when there is no ``program``. A
    ``programz`` that holds no program is None with a note.

    >>> read_shared_program({"programz": pack_program("x = 2")})
    ('x = 2', None)
    >>> read_shared_program({"programz": "%%%"})[1].reason
    'bad-programz'
    """
    raw = param(params, PROGRAM)
    if raw is not None:
        return raw, None
    packed = param(params, PROGRAM_Z)
    if packed is None:
        return None, None
    program = unpack_program(packed)
    if program is None:
        return None, Note(PROGRAM_Z, cut(packed), "bad-programz")
    return program, None


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
        return DEFAULT_STEP, Note(STEP, cut(raw), "not-a-step")
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
    return DEFAULT_LANG, Note(LANG, cut(raw), "unknown-lang")


def read_params(params: Mapping[str, str | Sequence[str]], default_program: str) -> UrlState:
    """Everything a page needs from its address, never raising on what it finds there."""
    program_raw, packed_note = read_shared_program(params)
    step_raw = param(params, STEP)
    program, program_note = read_program(program_raw, default_program)
    program_note = program_note or packed_note
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
    return {**program_params(program), STEP: str(max(0, int(step)))}


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
