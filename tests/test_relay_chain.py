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


def test_every_chain_of_a_long_notes_file_is_found():
    # 120 English notes, each followed by its Chinese and Korean renderings: more source sentences than are tried
    # against every pair, so each pair looks at the notes near its own (the work grows with the notes).
    parts = [("head", "头", "머리"), ("eyes", "眼睛", "눈"), ("hand", "手", "손"), ("background", "背景", "배경")]
    problems = [("is too big", "太大了", "너무 큽니다"), ("is too small", "太小了", "너무 작습니다")]
    notes = []
    for n in range(120):
        (en, zh, ko), (en_p, zh_p, ko_p) = parts[n % 4], problems[n // 4 % 2]
        notes += [f"C{n:03d} The {en} {en_p}", f"C{n:03d} {zh}{zh_p}", f"C{n:03d} {ko} {ko_p}"]
    findings = scan_notes(*(note(text, locator=f"line {k + 1}") for k, text in enumerate(notes)))
    chains = by_rule(findings, "relay.chain")
    assert sorted(f.evidence["source"][:4] for f in chains) == [f"C{n:03d}" for n in range(120)]
    assert all(f.evidence["source"][:4] == f.evidence["zh"][:4] == f.evidence["ko"][:4] for f in chains)


def test_a_glossary_form_inside_another_word_is_no_evidence():
    # 头 (head) inside 镜头 (a shot) says nothing about "head"; 小 inside 太小 (too small) still means small.
    inside = pivot_score("The head is too dark", "en", "镜头太暗")
    alone = pivot_score("The head is too small", "en", "头太小了")
    assert {"en": "head", "zh": "头"} not in inside.evidence["glossary"]
    assert {"en": "head", "zh": "头"} in alone.evidence["glossary"] and alone.probability > inside.probability


def test_the_pivots_han_scan_finds_the_characters_is_han_ideograph_accepts():
    import re

    from analyzer.text.scripts import HAN_IDEOGRAPHS, is_han_ideograph

    han = re.compile(f"[{HAN_IDEOGRAPHS}]")
    for code in (*range(0x3000, 0xA000), *range(0xF900, 0xFB00), 0x20000, 0x2A6DF):
        assert (han.fullmatch(chr(code)) is not None) == is_han_ideograph(chr(code)), hex(code)
