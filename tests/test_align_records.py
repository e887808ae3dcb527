"""The sentence records' shortcuts (issue 23: speed) give exactly what the plain definitions give."""

from __future__ import annotations

import random
import re

from analyzer.align import numerals
from analyzer.align.chance import CHANCE_POINTS, sum_curves
from analyzer.align.glossary import glossary
from analyzer.align.matching import match
from analyzer.align.readings import southern_spelling, syllable_forms, transliteration, zh_words
from analyzer.align.records import (
    _PUNCT_CLASSES,
    _punct,
    _shipped_term_curves,
    _translit_pairs,
    ko_side,
    zh_side,
)
from analyzer.align.score import _outermost, pair_score
from analyzer.align.words import dictionary_spans, words_covering
from analyzer.resources import table


def test_every_syllable_is_spelled_the_south_korean_way_as_the_initial_sound_rule_says():
    for code in range(0xAC00, 0xD7A4):
        syllable = chr(code)
        assert southern_spelling(syllable) == min(syllable_forms(syllable) - {syllable} or {syllable}), syllable
        assert southern_spelling("가" + syllable) == "가" + syllable  # not a word's first syllable
    assert southern_spelling("오늘 래일 녀자 로동") == "오늘 내일 여자 노동"
    assert southern_spelling("다시 그려 주십시오") == "다시 그려 주십시오"


def _random_texts(alphabet: str, count: int = 400) -> list[str]:
    rng = random.Random(23)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(count)]


def test_number_tokens_are_the_same_with_or_without_the_shortcut_for_text_without_digits(monkeypatch):
    # ASCII, full-width and Arabic-Indic digits, Latin letters, units of both languages, separators, Han and Hangul.
    texts = _random_texts("0129０٣aZk,. 万千百亿십천만억米三两帧头개명") + ["三万", "٣万", "１２万", "C012 3억 4천만"]
    fast = [numerals.tokens(text) for text in texts]
    monkeypatch.setattr(numerals, "_TOKEN_CHAR", re.compile(""))  # matches every text: the full path always
    assert fast == [numerals.tokens(text) for text in texts]
    assert numerals.tokens("头太大了，请缩小一点") == frozenset()
    assert numerals.tokens("٣万") == {"30000"}  # a digit of another script still makes a number with units
    assert numerals.chinese_numbers("二三十个，第二〇〇八帧，两个") == {"20", "30", "2008", "2"}


def test_numbers_with_units_are_the_same_with_or_without_the_shortcut_for_text_without_a_unit_after_a_digit(
    monkeypatch,
):
    # Digits of three scripts, decimals, the spaces one number with units may hold, every unit, 千 before 米 (kilo).
    texts = _random_texts("0129０٣.,  \u3000\t万千百亿十십백천만억조米克帧头개") + ["三万", "٣万", "3.4 亿", "160 千米"]
    fast = [numerals._scaled_values(text) for text in texts]
    monkeypatch.setattr(numerals, "_DIGIT_UNIT", re.compile(""))  # matches every text: _SCALED always tried
    assert fast == [numerals._scaled_values(text) for text in texts]
    assert sum(1 for values, _ in fast if values) > len(texts) // 10
    assert numerals._scaled_values("第31帧，3.4 亿") == ({"340000000"}, "第31帧， ")


def test_punctuation_is_counted_per_class_as_the_marks_occur():
    texts = _random_texts("".join(_PUNCT_CLASSES) + "ab头머 .,，。") + [""]
    for text in texts:
        assert _punct(text) == tuple(sum(text.count(mark) for mark in marks) for marks in _PUNCT_CLASSES)


def test_transliterated_name_parts_are_every_two_adjacent_name_characters():
    table = transliteration()
    for text in ["汤姆和玛丽去了巴黎", "请重画", "汤", "", "玛丽亚"]:
        expected = [
            (i, tuple(a + b for a in table[text[i]] for b in table[text[i + 1]]))
            for i in range(len(text) - 1)
            if table.get(text[i]) and table.get(text[i + 1])
        ]
        assert list(_translit_pairs(text)) == expected


def test_the_glossary_miss_curve_sums_every_term_in_order_note_terms_included():
    notes = glossary().usage
    sentences = ["请把头再画小一点，眼睛太大了", "汤姆不知道为什么", "背景颜色太暗，请重画", "动作要流畅"]
    some_note_terms = False
    for text in sentences:
        z = zh_side(text)
        curves = [_shipped_term_curves(term)[0] for _, _, term, _ in z.gloss]
        some_note_terms |= any(term in notes for _, _, term, _ in z.gloss)
        assert z.gloss_miss == sum_curves(curves)  # bit for bit: the zeros left out change no sum
    assert some_note_terms


def test_a_record_sums_its_curves_at_a_grid_point_as_the_whole_curves_have_it():
    # A pair reads two grid points (features.py): the record sums only those, bit for bit the whole curves' values.
    texts = ["请把头再画小一点，眼睛太大了", "汤姆不知道为什么", "", "C012", "動作要流暢", "中"] + _random_texts(
        "头发调整了背景颜色太暗请重画的C0"
    )
    for text in texts:
        z = zh_side(text)
        points = list(range(CHANCE_POINTS))
        random.Random(text).shuffle(points)  # in any order, each point once or twice
        for point in points + points[:3]:
            assert z.at_point(point) == (z.chance[point], z.read_miss[point], z.gloss_miss[point]), (text, point)


def test_a_records_dictionary_words_are_found_when_a_pair_first_reads_them():
    z = zh_side("調整頭部")  # traditional: looked up in its simplified form
    assert z.found_word_starts is None  # not found while the record is built
    assert {0, 2} <= z.word_starts and 1 not in z.word_starts  # 调整 and 头部, not 整头
    assert z.found_word_starts is z.word_starts
    reading_no_bigram = zh_side("调整头部")
    match(reading_no_bigram, ko_side("머리"))  # no two-character reading found: the words are not needed
    assert reading_no_bigram.found_word_starts is None
    assert match(zh_side("调整头部"), ko_side("조정")).word_bigrams == ("조정",)


def test_a_table_is_loaded_once_and_again_after_its_cache_is_cleared():
    calls = []

    @table
    def numbers() -> list[int]:
        calls.append(1)
        return [1, 2, 3]

    first = numbers()
    assert numbers() is first and len(calls) == 1
    numbers.cache_clear()  # type: ignore[attr-defined]
    assert numbers() == [1, 2, 3] and numbers() is not first and len(calls) == 2


def test_words_covering_keeps_the_words_that_hold_an_offset_in_order():
    """The walk along the word spans gives the words the definition names: those holding one of the offsets."""
    words = sorted(zh_words())
    rng = random.Random(11)
    for _ in range(400):
        text = "".join(rng.choice(words) if rng.random() < 0.7 else rng.choice("帧。3C乂") for _ in range(6))
        offsets = frozenset(rng.sample(range(-2, len(text) + 2), rng.randint(0, 5)))
        spans = dictionary_spans(text)
        assert [s for s in spans if not offsets.isdisjoint(range(*s))] == words_covering(text, offsets), text
    assert words_covering("镜头调整一下", {2}) == [(2, 4)] and words_covering("镜头调整一下", set()) == []


def test_only_the_outermost_glossary_hits_are_shown():
    """头部 -> 머리 holds 头 -> 머리: the longer hit is shown; hits side by side or apart are all shown."""
    hits = ((0, 2, "头部", "머리"), (0, 1, "头", "머리"), (2, 4, "太大", "너무 크"), (3, 4, "大", "크"))
    hits += ((5, 6, "画", "그림"),)
    assert _outermost(hits) == [(0, 2, "头部", "머리"), (2, 4, "太大", "너무 크"), (5, 6, "画", "그림")]
    scored = pair_score("头部太大", "머리가 너무 큽니다")
    shown = {g["zh"] for g in scored.evidence["glossary"]}
    assert "头部" in shown and "头" not in shown
