"""The Chinese/Japanese bigram table read by bisection gives exactly what the parsed table gives."""

from __future__ import annotations

import pytest

from analyzer.resources import read_tsv
from analyzer.segment import hanlang

ROWS = list(read_tsv(*hanlang.TABLE))


def test_the_table_is_sorted_by_the_bytes_of_its_keys() -> None:
    keys = [key.encode("utf-8") for key, _, _ in ROWS]
    assert keys == sorted(keys) and len(set(keys)) == len(keys) > 100_000


def test_every_key_bisected_has_the_probabilities_of_its_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hanlang, "LOOKUPS_BEFORE_PARSING", len(ROWS) + 1)
    table = hanlang._Table()
    wrong = [key for key, zh, ja in ROWS if table.get(key) != hanlang._probabilities(zh, ja)]
    assert wrong == [] and not table._parsed


def test_keys_not_in_the_table_are_unseen() -> None:
    table = hanlang._Table()
    for key in ("頭頭頭", "a", "\U00020000\U00020000", "\u3004", "\U0010ffff"):
        assert table.get(key) == 0j


def test_after_many_keys_the_whole_table_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hanlang, "LOOKUPS_BEFORE_PARSING", 3)
    table = hanlang._Table()
    asked = ROWS[::5000]
    assert [table.get(key) for key, _, _ in asked] == [hanlang._probabilities(zh, ja) for _, zh, ja in asked]
    assert table._parsed and table.get("頭頭頭") == 0j


def test_japanese_and_chinese_han_lines_still_read_as_before() -> None:
    assert hanlang.japanese_odds("日本語の勉強") > 0 > hanlang.japanese_odds("头太大了请缩小一点")
