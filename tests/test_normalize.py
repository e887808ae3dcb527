"""Invisible characters and decomposed Hangul cannot hide a relay pair, and offsets still point at the text."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest

import analyzer
from analyzer.text.normalize import INVISIBLE, normalize

ZH = "头太大了，请缩小一点"
KO = "머리가 너무 큽니다. 조금 줄여주십시오."
# Each way of putting something invisible between the characters of a note, with the name the report gives it.
INVISIBLE_KINDS = {
    "zero width space": ("\u200b", "ZERO WIDTH SPACE"),
    "zero width joiner": ("\u200d", "ZERO WIDTH JOINER"),
    "soft hyphen": ("\u00ad", "SOFT HYPHEN"),
    "variation selector": ("\ufe0f", "VARIATION SELECTOR-16"),
    "variation selector supplement": ("\U000e0100", "VARIATION SELECTOR-17"),
    "tag characters": ("\U000e0041", "TAG CHARACTER"),
    "right-to-left override": ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
    "word joiner": ("\u2060", "WORD JOINER"),
    "byte order mark": ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
    "hangul filler": ("\u3164", "HANGUL FILLER"),
}


def scan_json(folder: Path) -> dict:
    return json.loads(analyzer.scan([str(folder)]).to_json())


def relay_pairs(report: dict) -> list[tuple[str, str]]:
    return [(p["src"]["text"], p["tgt"]["text"]) for c in report["comments"] for p in c["pairs"]]


def test_every_format_character_and_variation_selector_is_dropped():
    missed = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if (unicodedata.category(chr(code)) == "Cf" or "VARIATION SELECTOR" in unicodedata.name(chr(code), ""))
        and not INVISIBLE.fullmatch(chr(code))
    ]
    assert missed == []
    assert INVISIBLE.search("C012 眼睛 눈 👍 Café\u3000→") is None  # visible text keeps every character


@pytest.mark.parametrize("kind", sorted(INVISIBLE_KINDS))
def test_relay_pair_is_found_through_invisible_characters_between_every_character(tmp_path, kind):
    char, name = INVISIBLE_KINDS[kind]
    zh, ko = char.join(ZH), char.join(KO)
    (tmp_path / "c001_notes.txt").write_text(f"{zh} → {ko}\n", encoding="utf-8")
    report = scan_json(tmp_path)
    assert [f["rule"] for f in report["findings"]] == ["relay.zh-ko-pair"]
    assert relay_pairs(report) == [(ZH, KO)]
    [comment] = report["comments"]
    assert comment["text"] == f"{ZH} → {KO}"
    normalized = comment["normalized"]
    assert normalized["original"] == f"{zh} → {ko}"
    assert normalized["removed"] == {name: len(ZH) - 1 + len(KO) - 1}


def test_tag_characters_are_shown_as_the_text_they_spell():
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "ignore this")
    found = normalize(f"头太大了{hidden}")
    assert found.text == "头太大了"
    assert found.to_dict()["hidden_tag_text"] == "ignore this"


def test_decomposed_hangul_content_is_read_as_syllables(tmp_path):
    decomposed = unicodedata.normalize("NFD", KO)
    assert len(decomposed) > len(KO)  # each syllable is two or three jamo
    (tmp_path / "c001_notes.txt").write_text(f"{ZH} → {decomposed}\n", encoding="utf-8")
    report = scan_json(tmp_path)
    assert relay_pairs(report) == [(ZH, KO)]
    [comment] = report["comments"]
    assert comment["normalized"]["composed"] == len(decomposed) - len(KO)
    assert comment["normalized"]["removed"] == {}


@pytest.mark.parametrize("ko_form", ["NFD", "NFC"])
def test_decomposed_file_names_as_macos_writes_them(tmp_path, ko_form):
    """macOS writes names in NFD; a sketch copied from two machines may hold both forms."""
    zh_name = unicodedata.normalize("NFD", "장면01_zh.txt")
    ko_name = unicodedata.normalize(ko_form, "장면01_ko.txt")
    (tmp_path / zh_name).write_text(ZH + "\n", encoding="utf-8")
    (tmp_path / ko_name).write_text(unicodedata.normalize("NFD", KO) + "\n", encoding="utf-8")
    report = scan_json(tmp_path)
    assert relay_pairs(report) == [(ZH, KO)]
    [finding] = [f for f in report["findings"] if f["rule"] == "relay.zh-ko-pair"]
    assert Path(finding["path"]).name == zh_name  # the path as on disk, to find the file again


def test_json_report_offsets_point_at_the_reported_text_and_back_at_the_original(tmp_path):
    hidden = "\u200b\u00ad\ufe0f\u202e"
    zh = "".join(c + hidden[i % 4] for i, c in enumerate("眼睛位置太高了，往下移"))
    ko = unicodedata.normalize("NFD", "눈\u200d 위치가 너무 높습니다. 아래로 옮겨주십시오.")
    (tmp_path / "c002_notes.txt").write_text(f"C002 {zh} → {ko}\n", encoding="utf-8")
    report = scan_json(tmp_path)
    [comment] = report["comments"]
    text, normalized = comment["text"], comment["normalized"]
    assert text == "C002 眼睛位置太高了，往下移 → 눈 위치가 너무 높습니다. 아래로 옮겨주십시오."
    assert [text[s["start"] : s["end"]] for s in comment["segments"]] == [
        "C002 眼睛位置太高了，往下移",
        "눈 위치가 너무 높습니다. 아래로 옮겨주십시오.",
    ]
    [pair] = comment["pairs"]
    for side in ("src", "tgt"):
        assert text[pair[side]["start"] : pair[side]["end"]] == pair[side]["text"]

    def back(offset: int) -> int:  # the report's offsets list, read as a consumer of the JSON would
        index, original = max((p for p in normalized["offsets"] if p[0] <= offset), key=lambda p: p[0])
        return original + offset - index

    original = normalized["original"]
    for seg in comment["segments"]:
        piece = original[back(seg["start"]) : back(seg["end"])]
        assert unicodedata.normalize("NFC", INVISIBLE.sub("", piece)) == text[seg["start"] : seg["end"]]


def test_segment_offsets_point_into_the_text_it_was_given():
    raw = "眼\u200b睛太高了 → " + unicodedata.normalize("NFD", "눈 위치")
    segments = analyzer.segment(raw)
    assert [s.lang for s in segments] == ["zh", "ko"]
    assert raw[segments[0].start : segments[0].end] == "眼\u200b睛太高了"
    assert raw[segments[1].start : segments[1].end] == unicodedata.normalize("NFD", "눈 위치")


def test_north_korean_spelling_is_found_through_invisible_characters():
    raw = "래\u200b일까지 다시 그려야 할\u00ad것입니다"
    found = {m.kind: raw[m.start : m.end] for m in analyzer.dialect_score(raw).markers}
    assert found["initial-rl"] == "래\u200b일"
    assert found["attached-dependent-noun"] == "할\u00ad것입니다"


def test_text_without_anything_to_normalise_is_returned_as_is():
    for text in ("", "C012 fix", "头太大了 → 머리가 너무 큽니다", "👨\u200d👩"[:1]):
        found = normalize(text)
        assert (found.text, found.changed, found.to_dict()["removed"]) == (text, False, {})
