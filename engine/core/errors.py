"""The engine's errors: plain messages without a source position.

The program language catches these and attaches the line and column of the
expression at fault; library users see them as ordinary ``ValueError``\\ s whose
text is the English of their message.

A message is data (``engine.i18n.Message``: a catalogue key and its parameters); it is
kept as ``error.message`` and worded in the reader's language where it is shown.
"""

from __future__ import annotations

from engine.i18n import Message


class EngineError(ValueError):
    """A problem with what the engine was asked to do (not a bug in it)."""

    def __init__(self, message: Message | str) -> None:
        super().__init__(str(message))
        self.message = message


class ShapeError(EngineError):
    """Operand shapes break an operation's rule; the message names both shapes and the rule."""


class ArgumentError(EngineError):
    """A bad non-tensor argument: an axis out of range, a bad index, a bad reshape."""


class LimitError(EngineError):
    """The work would exceed a configured limit; raised before the work is done.

    ``limit`` names which: ``"elements"`` (one array), ``"total_elements"`` (all arrays) or
    ``"seconds"`` (a time budget, ``engine.views.budget``); ``serial`` is the node where the
    work stopped, when it is known (the backward pass says which node it was at).
    """

    def __init__(
        self, message: Message | str, limit: str = "elements", serial: int | None = None
    ) -> None:
        super().__init__(message)
        self.limit = limit
        self.serial = serial
