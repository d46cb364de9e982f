"""The catalogue is the one place for words: no user-facing message is built outside it.

Read from the source (``ast``): every error a user can meet is raised with a
``Message`` (a catalogue key and its parameters), never with a finished sentence;
every key the code names exists in ``engine.i18n`` in both languages; and the
catalogue stays below the engine (it imports nothing of it).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from engine.i18n import LANGUAGES, TEXT

REPO_ROOT = Path(__file__).resolve().parent.parent
ENGINE = REPO_ROOT / "engine"
#: Every Python file that words something for a user, outside the catalogue itself.
SOURCES = sorted(
    path
    for path in [*ENGINE.rglob("*.py"), REPO_ROOT / "app.py", *REPO_ROOT.glob("ui*.py")]
    + [*(REPO_ROOT / "pages").glob("*.py"), *(REPO_ROOT / "widgets").rglob("*.py")]
    if "i18n" not in path.relative_to(REPO_ROOT).parts
)
#: The errors a user of the app, the command line or the library can meet, and the
#: helpers that build them: none of their arguments may be a sentence.
USER_ERRORS = {
    "EngineError",
    "ShapeError",
    "ArgumentError",
    "LimitError",
    "ProgramError",
    "ProgramWarning",
    "AnswerError",
}


def _trees() -> list[tuple[str, ast.Module]]:
    return [
        (str(path.relative_to(REPO_ROOT)), ast.parse(path.read_text("utf-8"))) for path in SOURCES
    ]


TREES = _trees()


def _called(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        inner = func.value
        owner = inner.id if isinstance(inner, ast.Name) else ""
        return f"{owner}.{func.attr}" if owner else func.attr
    return ""


def _is_sentence(node: ast.expr) -> bool:
    """English built on the spot: an f-string, a literal with a space, or text glued or
    formatted from such pieces."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return " " in node.value.strip()
    if isinstance(node, ast.BinOp):
        return _is_sentence(node.left) or _is_sentence(node.right)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("format", "join")
    ):
        return _is_sentence(node.func.value) or any(_is_sentence(a) for a in node.args)
    return False


def _sentences_given_to_user_errors() -> list[str]:
    found = []
    for name, tree in TREES:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = _called(node)
            target = called.split(".")[-1] if called.startswith(tuple(USER_ERRORS)) else called
            if called.split(".")[0] not in USER_ERRORS and target not in USER_ERRORS:
                continue
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if _is_sentence(arg):
                    found.append(f"{name}:{node.lineno}: {ast.unparse(arg)[:70]}")
    return found


def test_no_user_facing_error_is_worded_outside_the_catalogue():
    found = _sentences_given_to_user_errors()
    assert not found, "words built outside engine/i18n:\n" + "\n".join(found)


def _keys_named() -> list[tuple[str, int, str, bool]]:
    """(file, line, key or key prefix, exact) for every Message(...) and t(...) in the code."""
    named = []
    for name, tree in TREES:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            if _called(node).split(".")[-1] not in ("Message", "t", "text"):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                named.append((name, node.lineno, first.value, True))
            elif isinstance(first, ast.JoinedStr) and first.values:
                head = first.values[0]
                if isinstance(head, ast.Constant) and isinstance(head.value, str):
                    named.append((name, node.lineno, head.value, False))
    return named


def test_every_key_the_code_names_is_in_the_catalogue():
    named = _keys_named()
    assert len(named) > 300  # the scan sees the code's keys (a broken scan finds none)
    missing = [
        f"{name}:{line}: {key!r}"
        for name, line, key, exact in named
        if (key not in TEXT if exact else not any(k.startswith(key) for k in TEXT))
        # t() of the pages and `text()` helpers take keys; other calls named so may not
        and ("." in key and " " not in key)
    ]
    assert not missing, "keys not in engine/i18n:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", sorted((ENGINE / "i18n").glob("*.py")), ids=lambda p: p.name)
def test_the_catalogue_imports_nothing_of_the_engine(path):
    tree = ast.parse(path.read_text("utf-8"))
    imported = [
        node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("engine")
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name.startswith("engine")
    ]
    assert all(module == "engine.i18n" for module in imported), imported


def test_every_entry_of_the_catalogue_has_both_languages():
    assert all(set(entry) == set(LANGUAGES) for entry in TEXT.values())
