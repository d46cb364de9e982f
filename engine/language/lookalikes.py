"""Look-alike names: two names drawn alike but spelt with letters of different scripts.

Python reads Latin ``a`` and Cyrillic ``а`` as two names; the program runs, and each
such name gets a warning at its first use (an unknown name gets the same words as
its hint).
"""

from __future__ import annotations

import ast
import unicodedata
from collections.abc import Iterable

from engine.i18n import Message
from engine.language.errors import ProgramWarning
from engine.language.source import Source
from engine.language.table import CONSTANTS, FUNCTION_NAMES

#: Letters of other scripts that look like a Latin letter in common fonts, and that
#: letter. A judgement call, kept small on purpose: Greek letters that mathematicians
#: use as names of their own (α, β, ν, ε, …) are not in it; only those drawn exactly
#: like a Latin capital, and omicron.
LOOKALIKES = {
    **dict(zip("аеорсухіјѕԁԛԝһӏ", "aeopcyxijsdqwhl", strict=True)),  # Cyrillic, small
    **dict(zip("АВЕКМНОРСТХУІЈЅ", "ABEKMHOPCTXYIJS", strict=True)),  # Cyrillic, capital
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧο", "ABEZHIKMNOPTYXo", strict=True)),  # Greek
}


def skeleton(name: str) -> str:
    """What a name looks like: each look-alike letter replaced by the Latin one.

    >>> skeleton("а") == skeleton("a") == "a", skeleton("Wх") == "Wx", skeleton("α")
    (True, True, 'α')
    """
    return "".join(LOOKALIKES.get(ch, ch) for ch in name)


def _script(ch: str) -> str:
    """The script of a letter as Unicode names it: LATIN, CYRILLIC, GREEK, ..."""
    return unicodedata.name(ch, "UNKNOWN").split(" ")[0]


def lookalike_warnings(tree: ast.Module, source: Source) -> tuple[ProgramWarning, ...]:
    """A warning for each name that looks like an earlier name, or a function or constant,
    but is spelt with letters of another script (Latin `a` and Cyrillic `а`)."""
    first: dict[str, ast.Name] = {}  # each name's first use, in reading order
    names = [node for node in ast.walk(tree) if isinstance(node, ast.Name)]
    for node in sorted(names, key=lambda node: (node.lineno, node.col_offset)):
        first.setdefault(node.id, node)
    known: dict[str, tuple[str, ast.Name | None]] = {
        skeleton(name): (name, None) for name in (*FUNCTION_NAMES, *CONSTANTS)
    }
    warnings_found = []
    for name, node in first.items():
        seen = known.setdefault(skeleton(name), (name, node))
        other, other_node = seen
        if other == name:
            continue
        char, other_char = _differ(name, other)  # the same skeleton: the same length
        span = source.span(node)
        params = {"name": name, "other": other, "char": char, "other_char": other_char}
        if other_node is None:
            kind, message = (
                "lookalike-builtin",
                Message("language.warning.lookalike_builtin", **params),
            )
        else:
            line = source.span(other_node).line
            kind, message = "lookalike", Message("language.warning.lookalike", line=line, **params)
        warnings_found.append(ProgramWarning(kind, span.line, span.col, message))
    return tuple(warnings_found)


def _differ(name: str, other: str) -> tuple[str, str]:
    """The first letter where two names of the same skeleton differ, each as
    ``а U+0430 CYRILLIC``."""
    ours, theirs = next((a, b) for a, b in zip(name, other, strict=True) if a != b)
    return (
        f"{ours} U+{ord(ours):04X} {_script(ours)}",
        f"{theirs} U+{ord(theirs):04X} {_script(theirs)}",
    )


def lookalike_hint(name: str, candidates: Iterable[str]) -> Message | None:
    """For an unknown name: the known name it looks like, and the letter that differs."""
    for other in candidates:
        if other != name and skeleton(other) == skeleton(name):
            char, other_char = _differ(name, other)
            return Message(
                "language.hint.lookalike", name=name, other=other, char=char, other_char=other_char
            )
    return None
