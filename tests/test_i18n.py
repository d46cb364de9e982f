"""Translations: every key in both languages, the same placeholders, the fixed terms."""

import string

import pytest

from engine.i18n import LANGUAGES, TERMS, TEXT, t
from engine.lessons import LESSONS


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
