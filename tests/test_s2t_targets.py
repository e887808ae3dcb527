"""What OpenCC's s2t can turn each character into (align/s2t_targets.py): a sentence read through
`readings.read_through` has at every character the readings it has through OpenCC's own conversion, and a
missing, damaged or turned-off list means every text is converted."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import chinese_texts

opencc = pytest.importorskip("opencc")

from analyzer.align import readings, records, s2t_targets  # noqa: E402
from analyzer.engines.opencc_s2t import CACHE_ENV  # noqa: E402


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    s2t_targets.targets.cache_clear()
    readings._read_through.cache_clear()
    yield tmp_path
    s2t_targets.targets.cache_clear()
    readings._read_through.cache_clear()


def _readings(text: str, traditional: str) -> list[object]:
    """What records.zh_side reads of each character through `traditional`."""
    simple = readings.to_simplified(text)
    return list(map(records._shipped_reading, text, simple, traditional))


def test_every_character_is_read_as_through_opencc(cache, shared_data):
    texts, words, rng = chinese_texts(shared_data, 13)
    t2s = opencc.OpenCC("t2s")
    texts += [t2s.convert("".join(rng.choice(words) for _ in range(rng.randint(2, 6)))) for _ in range(5_000)]
    texts += ["頭髮 retake C012，幹部們\u3000ＡＢＣ 머리 🙂", "", "另一个干部", "\ufa0c\uf900", "乾隆", "发\x00"]
    told = 0
    for text in texts:
        simple = readings.to_simplified(text)
        read = readings.read_through(simple)
        through = _readings(text, readings.to_traditional(simple))
        if read is not None:
            assert _readings(text, read) == through, text
            told += 1
            if simple == text:  # records.zh_side reads each character's own reading
                assert [records._CHAR_READINGS[char] for char in text] == through, text
    assert told > len(texts) // 2  # most text is read without OpenCC


def test_the_list_is_read_back_and_a_damaged_one_is_listed_again(cache):
    found = s2t_targets.targets()
    assert found is not None
    becomes, unsafe = found
    assert becomes["发"][0] == "發" and set(becomes["发"]) >= {"發", "髮"} and becomes["这"] == "這"
    assert {"\uf900", "\ud800"} <= unsafe and "发" not in unsafe
    [listed] = [p for p in cache.iterdir() if p.name.startswith("s2t-targets-")]
    good = listed.read_bytes()
    s2t_targets.targets.cache_clear()
    assert s2t_targets.targets() == found  # read back, not listed again
    listed.write_bytes(good.replace("髮".encode(), "发".encode()))  # a target lost: the digest no longer fits
    s2t_targets.targets.cache_clear()
    assert s2t_targets.targets() == found
    assert listed.read_bytes() == good


def test_without_a_cache_folder_every_text_is_converted(monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "off")
    s2t_targets.targets.cache_clear()
    readings._read_through.cache_clear()
    try:
        assert s2t_targets.targets() is None and readings._read_through() is None
        assert readings.read_through("调整头发") is None
        read = [weight for _, weight, _ in _readings("调整头发", readings.to_traditional("调整头发"))]
        assert list(records.zh_side("调整头发").weights) == read and all(read)
    finally:
        s2t_targets.targets.cache_clear()
        readings._read_through.cache_clear()


def test_a_character_whose_readings_depend_on_its_conversion_is_converted(tmp_path, monkeypatch):
    tables = {
        "CJK_Compatibility_Ideographs.ocd2": {"\uf900": "豈"},
        "STPhrases.ocd2": {"干部": "幹部", "一发": "一髮", "長長": "长 長長"},
        "STPhrases_GeneratedFromRegionalPhrases.ocd2": {},
        "STCharacters.ocd2": {"发": "發 髮", "干": "幹 乾 干", "这": "這"},
    }
    monkeypatch.setattr(s2t_targets, "_entries", lambda tool, dictionary, text: tables[dictionary.name])
    becomes, unsafe = s2t_targets._prepare(tmp_path / "targets.txt", tmp_path, Path(sys.executable))
    assert becomes == {"一": "一", "部": "部", "发": "發髮", "干": "幹乾干", "这": "這", "長": "長"}
    assert {"\uf900", "長", "\udfff"} <= unsafe and not {"发", "干", "一"} & unsafe
    assert s2t_targets._read(tmp_path / "targets.txt") == (becomes, unsafe)
    table = readings._ReadThrough(becomes, unsafe)
    assert "一发这".translate(table) == "一發這"  # 發 and 髮 read 발 alike
    forms = {readings.char_forms(c) for c in "幹乾干"}
    assert ("干".translate(table) == readings._CONVERT) == (len(forms) > 1)
    assert "長\uf900\x00".translate(table) == readings._CONVERT * 3
