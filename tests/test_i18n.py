"""Translations: every key in both languages, the same placeholders, the fixed terms."""

import re
import string

import pytest

from engine.i18n import LANGUAGES, TERMS, TEXT, t
from engine.views.examples import EXAMPLES
from engine.views.lessons import LESSONS


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_key_has_every_language_with_the_same_placeholders(key):
    entry = TEXT[key]
    assert set(entry) == set(LANGUAGES), f"{key} lacks {set(LANGUAGES) - set(entry)}"
    assert all(entry[lang].strip() for lang in LANGUAGES)
    assert _fields(entry["en"]) == _fields(entry["zh"]), key


def test_chinese_texts_are_chinese():
    for key, entry in TEXT.items():
        if key.startswith(("lesson.", "term.")):
            assert any("\u4e00" <= ch <= "\u9fff" for ch in entry["zh"]), key


def test_every_lesson_step_has_its_words():
    for lesson in LESSONS:
        assert f"lesson.{lesson.key}.title" in TEXT
        for n in range(1, len(lesson.steps) + 1):
            assert f"lesson.{lesson.key}.{n}" in TEXT


def test_terms_are_the_fixed_vocabulary():
    assert t("term.local", "zh") == "局部梯度"
    assert t("term.generalized_jacobian", "zh") == "广义雅可比矩阵"
    assert t("term.chain_rule", "en") == "chain rule"
    assert len(TERMS) == 7


def test_lessons_use_the_terms_consistently():
    text_zh = " ".join(entry["zh"] for key, entry in TEXT.items() if key.startswith("lesson."))
    for term in (
        "上游梯度",
        "局部梯度",
        "下游梯度",
        "雅可比矩阵",
        "广义雅可比矩阵",
        "链式法则",
        "反向传播",
    ):
        assert term in text_zh


def test_unknown_language_falls_back_to_english():
    assert t("term.upstream", "fr") == "upstream gradient"


# -- every word of the app, not only the lessons ---------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z]{2,}")


def _literal(text: str) -> str:
    """The text without its {placeholders}."""
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(text))


@pytest.mark.parametrize("key", sorted(TEXT))
def test_chinese_is_chinese_wherever_the_english_has_words(key):
    entry = TEXT[key]
    if _WORD.search(_literal(entry["en"])):
        assert _CJK.search(entry["zh"]), f"{key}: {entry['zh']!r}"


#: English term (a regular expression) -> the Chinese every translation of it uses.
FIXED_TERMS = (
    (r"\bupstream\b", "上游梯度"),
    (r"\bdownstream\b", "下游梯度"),
    (r"\blocal\b", "局部"),  # local gradient 局部梯度, local Jacobian 局部雅可比矩阵
    (r"(?<!vector-)Jacobian(?!-vector)", "雅可比矩阵"),  # vector-Jacobian product: 向量-雅可比积
    (r"(?i)chain rule", "链式法则"),
    (r"(?i)backprop", "反向传播"),
)


@pytest.mark.parametrize("key", sorted(TEXT))
def test_the_fixed_terms_are_translated_the_same_way_everywhere(key):
    english, chinese = _literal(TEXT[key]["en"]), TEXT[key]["zh"]
    for term, fixed in FIXED_TERMS:
        if re.search(term, english):
            assert fixed in chinese, f"{key}: {term} is not {fixed} in {chinese!r}"


def test_no_other_words_for_the_fixed_terms():
    chinese = " ".join(entry["zh"] for entry in TEXT.values())
    for variant in (
        "雅克比",
        "上游导数",
        "下游导数",
        "局部导数",
        "反向传递",
        "链式规则",
        "后向传播",
    ):
        assert variant not in chinese


def test_every_example_has_its_title_and_summary_in_both_languages():
    for item in EXAMPLES:
        for words in ("title", "teaches"):
            entry = TEXT[f"example.{item.key}.{words}"]
            assert entry["en"] and not _CJK.search(entry["en"]), (item.key, words)
        assert _CJK.search(t(f"example.{item.key}.teaches", "zh"))
    # and no catalogue entry for an example that is not there
    keys = {key.split(".")[1] for key in TEXT if key.startswith("example.")}
    assert keys == {item.key for item in EXAMPLES}


def _bold_runs_pair_up(text: str) -> bool:
    """CommonMark's rule for ``**``: a run opens when it is left-flanking and closes when it
    is right-flanking; punctuation right before a closing run needs a space or punctuation
    after it ("**它展示了：**文字" stays raw, "**它展示了**：文字" is bold)."""
    import unicodedata

    def punctuation(ch: str) -> bool:
        return unicodedata.category(ch)[0] in "PS"

    for n, match in enumerate(re.finditer(r"\*\*", text)):
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        left = not after.isspace() and (
            not punctuation(after) or before.isspace() or punctuation(before)
        )
        right = not before.isspace() and (
            not punctuation(before) or after.isspace() or punctuation(after)
        )
        if not (left if n % 2 == 0 else right):
            return False
    return True


def test_the_bold_pairs_rule_of_the_check_itself():
    assert _bold_runs_pair_up("**What it shows:** text") and _bold_runs_pair_up(
        "**它展示了**：文字"
    )
    assert not _bold_runs_pair_up("**它展示了：**文字")


@pytest.mark.parametrize("key", sorted(k for k in TEXT if "**" in TEXT[k]["en"] + TEXT[k]["zh"]))
def test_bold_markdown_renders_in_both_languages(key):
    # Placeholders filled with a letter, as they are when shown (an example's summary, a name).
    for lang in LANGUAGES:
        shown = re.sub(r"\{[^{}]*\}", "字" if lang == "zh" else "x", TEXT[key][lang])
        assert _bold_runs_pair_up(shown), (key, lang, TEXT[key][lang])
