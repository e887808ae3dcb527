"""relay.chain: English/Japanese -> Chinese -> Korean, two aligned hops; a Chinese note alone is no chain."""

from __future__ import annotations

from rule_helpers import by_rule, note, scan_notes

from analyzer.align.pivot import pivot_score


def _chain(source: str) -> list:
    return by_rule(
        scan_notes(
            note(source, locator="line 1"),
            note("头太大了，请缩小一点", locator="line 2"),
            note("머리가 너무 큽니다. 조금 줄여주십시오.", locator="line 3"),
        ),
        "relay.chain",
    )


def test_english_chain():
    f = _chain("The head is too big, please make it a bit smaller")[0]
    assert f.evidence["source_lang"] == "en" and f.evidence["ko"].startswith("머리가")
    assert {"en": "head", "zh": "头"} in f.evidence["hop1"]["glossary"]


def test_japanese_chain():
    f = _chain("頭が大きすぎる、少し小さくしてください")[0]
    assert f.evidence["source_lang"] == "ja" and f.evidence["hop1"]["shared_han"]


def test_unrelated_english_note_is_no_chain():
    assert _chain("Delivery is due on Friday morning") == []


def test_pivot_scores_matching_above_unrelated():
    assert pivot_score("目の位置が高すぎる", "ja", "眼睛位置太高了").probability > 0.5
    assert pivot_score("背景の色を暗くして", "ja", "眼睛位置太高了").probability < 0.5
