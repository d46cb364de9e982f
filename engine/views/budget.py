"""Time budgets: how long each piece of the server's work may take before it stops with
a message.

Every budget is a named default here, in seconds, that the operator may change
with an environment variable (read when the work starts, so a test or a server
started with it set sees it):

======================  ==============================  =======
work                    variable                        default
======================  ==============================  =======
run (parse, forward     ``CHAINRULE_RUN_SECONDS``       10
and recorded pass)
step panel              ``CHAINRULE_PANEL_SECONDS``     5
Markdown, slides        ``CHAINRULE_EXPORT_SECONDS``    30
gradient check          ``CHAINRULE_GRADCHECK_SECONDS`` 10
======================  ==============================  =======

The work checks its deadline between its pieces (operations, steps, inputs);
one numpy call is never interrupted, since a Python thread cannot be stopped
from outside, so a budget can be passed by at most one piece (the limits on
elements keep any one piece to well under a second).

>>> seconds("run", {}), seconds("run", {"CHAINRULE_RUN_SECONDS": "2.5"})
(10.0, 2.5)
"""

from __future__ import annotations

import html
import os
import time
from collections.abc import Callable, Mapping

from engine.core.errors import LimitError
from engine.i18n import Message, t

#: The defaults, in seconds.
DEFAULT_SECONDS = {"run": 10.0, "panel": 5.0, "export": 30.0, "gradcheck": 10.0}
#: The operator's variables.
ENV_VARIABLES = {
    "run": "CHAINRULE_RUN_SECONDS",
    "panel": "CHAINRULE_PANEL_SECONDS",
    "export": "CHAINRULE_EXPORT_SECONDS",
    "gradcheck": "CHAINRULE_GRADCHECK_SECONDS",
}


def seconds(work: str, environ: Mapping[str, str] | None = None) -> float:
    """The budget of ``work`` (``"run"``, ``"panel"``, ``"export"``, ``"gradcheck"``), in
    seconds: its variable when set (a positive number), else its default."""
    return positive_number(ENV_VARIABLES[work], DEFAULT_SECONDS[work], "seconds", environ)


def positive_number(
    variable: str, default: float, unit: str, environ: Mapping[str, str] | None = None
) -> float:
    """An operator's setting: ``variable`` when set (a positive, finite number; ``_`` may
    group digits), else ``default``. Anything else stops the app with a message naming it.

    >>> positive_number("X", 4.0, "MiB", {}), positive_number("X", 4.0, "MiB", {"X": "1_024"})
    (4.0, 1024.0)
    """
    environ = os.environ if environ is None else environ
    raw = environ.get(variable, "").strip()
    if not raw:
        return default
    try:
        value = float(raw.replace("_", ""))
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise ValueError(f"{variable} must be a positive number of {unit}, not {raw!r}")
    return value


def deadline(work: str, environ: Mapping[str, str] | None = None) -> float:
    """A ``time.monotonic()`` value: now plus the budget of ``work``."""
    return time.monotonic() + seconds(work, environ)


def check(deadline: float | None, what: Message) -> None:
    """Raise ``LimitError`` (limit ``"seconds"``) when ``deadline`` has passed; ``what`` names
    the work (its message ``budget.out_of_time`` says it ran out of time).

    >>> slides = Message("budget.work.slides")
    >>> check(None, slides), check(time.monotonic() + 60, slides)
    (None, None)
    >>> check(time.monotonic() - 1, slides)
    Traceback (most recent call last):
    ...
    engine.core.errors.LimitError: the slides ran out of time
    """
    if deadline is not None and time.monotonic() > deadline:
        raise LimitError(Message("budget.out_of_time", what=what), limit="seconds")


def made_within_budget(make: Callable[[], str], lang: str, what: str, as_html: bool = False) -> str:
    """``make()`` (an export made when its button is clicked), or, when it runs out of its
    time budget, a short note saying so in ``lang`` (Markdown, or a plain HTML page for
    ``as_html``): the file the user downloads. ``what`` is the i18n key of the export's name.

    >>> def slow():
    ...     check(time.monotonic() - 1, Message("budget.work.slides"))
    >>> made_within_budget(slow, "en", "ui.export_md").splitlines()[0]
    '# Not made'
    >>> made_within_budget(lambda: "done", "en", "ui.export_md")
    'done'
    """
    try:
        return make()
    except LimitError as error:
        if error.limit != "seconds":
            raise
        spent = f"{seconds('export'):g}"
        note = t("ui.export_out_of_time", lang, what=t(what, lang), seconds=spent)
        if as_html:
            return f'<!DOCTYPE html><meta charset="utf-8"><pre>{html.escape(note)}</pre>'
        return note
