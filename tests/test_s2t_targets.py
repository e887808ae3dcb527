"""What OpenCC's s2t can turn each character into (align/s2t_targets.py, listed once per user): a sentence read
through `readings.read_through` has at every character the readings it has through OpenCC's own conversion, and
where nothing can be listed every text is converted."""

from __future__ import annotations

import pytest
from conftest import chinese_texts

opencc = pytest.importorskip("opencc")

from analyzer.align import readings, records, s2t_targets  # noqa: E402
from analyzer.engines.opencc_s2t import CACHE_ENV, read_listing, write_listing  # noqa: E402


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A cache folder of its own: the list is made there at the first ask."""
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


def _listed() -> s2t_targets.Targets:
    found = s2t_targets.targets()
    assert found is not None  # OpenCC and its tool are installed with it
    return found


def test_the_list_is_the_installed_opencc_s(fresh):
    found = _listed()
    becomes, unsafe = found
    assert becomes["发"][0] == "發" and set(becomes["发"]) >= {"發", "髮"} and becomes["这"] == "這"
    assert {"\uf900", "\ud800"} <= unsafe and "发" not in unsafe


def test_every_character_is_read_as_through_opencc(fresh, shared_data):
    _listed()
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


def test_without_a_list_every_text_is_converted(fresh, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "off")
    assert s2t_targets.targets() is None and readings.read_through("调整头发") is None
    read = [weight for _, weight, _ in _readings("调整头发", readings.to_traditional("调整头发"))]
    assert list(records.zh_side("调整头发").weights) == read and all(read)


def test_a_character_whose_readings_depend_on_its_conversion_is_converted(tmp_path):
    tables = {
        "CJK_Compatibility_Ideographs.ocd2": {"\uf900": "豈"},
        "STPhrases.ocd2": {"干部": "幹部", "一发": "一髮", "長長": "长 長長"},
        "STPhrases_GeneratedFromRegionalPhrases.ocd2": {},
        "STCharacters.ocd2": {"发": "發 髮", "干": "幹 乾 干", "这": "這"},
    }
    becomes, unsafe = s2t_targets.listing(tables)
    assert becomes == {"一": "一", "部": "部", "发": "發髮", "干": "幹乾干", "这": "這", "長": "長"}
    assert unsafe == {"\uf900", "長"}
    listed = tmp_path / "targets.txt"
    write_listing(listed, "unsafe\t\uf900長\n" + "\n".join(f"{c}\t{t}" for c, t in becomes.items()))
    assert s2t_targets._parse(read_listing(listed)) == (becomes, unsafe)
    table = readings._ReadThrough(becomes, unsafe | s2t_targets._SURROGATES)
    assert "一发这".translate(table) == "一發這"  # 發 and 髮 read 발 alike
    forms = {readings.char_forms(c) for c in "幹乾干"}
    assert ("干".translate(table) == readings._CONVERT) == (len(forms) > 1)
    assert "長\uf900\x00\udfff".translate(table) == readings._CONVERT * 4
