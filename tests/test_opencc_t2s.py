"""The characters OpenCC's t2s converts at (engines/opencc_t2s.py): a text holding none of them is what OpenCC's t2s
makes of it, and a missing, damaged or turned-off list means every text is converted."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import chinese_texts

opencc = pytest.importorskip("opencc")

from analyzer.align import readings  # noqa: E402
from analyzer.engines import opencc_t2s  # noqa: E402
from analyzer.engines.opencc_s2t import CACHE_ENV, read_listing, write_listing  # noqa: E402


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    opencc_t2s.key_characters.cache_clear()
    yield tmp_path
    opencc_t2s.key_characters.cache_clear()


def _texts(shared_data) -> list[str]:
    """conftest.chinese_texts, those strings in traditional characters too (where a phrase key may be made), and
    characters of neither."""
    texts, words, rng = chinese_texts(shared_data, 12)
    s2t = opencc.OpenCC("s2t")
    texts += [s2t.convert("".join(rng.choice(words) for _ in range(rng.randint(2, 6)))) for _ in range(5_000)]
    texts += ["頭髮 retake C012，幹部們\u3000ＡＢＣ 머리 🙂", "", "一目瞭然", "有序", "流徵", "\ufa0c\uf900", "乾隆"]
    return texts


def test_a_text_without_the_characters_is_what_t2s_makes_of_it(cache, shared_data):
    keys = opencc_t2s.key_characters()
    assert keys is not None and {"頭", "髮", "乾", "\uf900"} <= keys and not {"头", "发", "调", "整"} & keys
    t2s = opencc.OpenCC("t2s")
    texts = _texts(shared_data)
    unchanged = [t for t in texts if keys.isdisjoint(t)]
    assert len(unchanged) > len(texts) // 2  # most simplified text is told without OpenCC
    assert [t2s.convert(t) for t in unchanged] == unchanged
    assert [readings.to_simplified(t) for t in texts] == [
        converted if len(converted := t2s.convert(t)) == len(t) else t for t in texts
    ]


def test_without_a_cache_folder_every_text_is_converted(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "off")
    opencc_t2s.key_characters.cache_clear()
    try:
        assert opencc_t2s.key_characters() is None
    finally:
        opencc_t2s.key_characters.cache_clear()


def test_an_unsafe_list_is_kept_as_unsafe(cache):
    opencc_t2s.key_characters()
    [listed] = [p for p in cache.iterdir() if p.name.startswith("t2s-keys-")]
    assert opencc_t2s._parse(read_listing(listed))[0]
    body = "unsafe\n头"
    listed.write_bytes(f"{opencc_t2s.hashlib.sha256(body.encode()).hexdigest()}\n{body}".encode())
    opencc_t2s.key_characters.cache_clear()
    assert opencc_t2s.key_characters() is None


def test_a_configuration_with_another_kind_of_dictionary_is_refused():
    config = {"conversion_chain": [{"dict": {"type": "group", "dicts": [{"type": "text", "file": "x.txt"}]}}]}
    with pytest.raises(ValueError):
        list(opencc_t2s._dictionaries(config))
    plain = {"name": "n", "conversion_chain": [{"dict": {"type": "ocd2", "file": "a.ocd2"}}]}
    assert list(opencc_t2s._dictionaries(plain)) == ["a.ocd2"]


def test_a_phrase_of_unlisted_characters_that_t2s_converts_makes_the_list_unsafe(tmp_path, monkeypatch):
    tables = {"chars.ocd2": {"頭": "头 頭"}, "phrases.ocd2": {"一坏": "一坯", "有序": "有序"}}
    monkeypatch.setattr(opencc_t2s, "_entries", lambda tool, dictionary, text: tables[dictionary.name])
    chain = [{"dict": {"type": "group", "dicts": [{"type": "ocd2", "file": name} for name in tables]}}]
    (tmp_path / "t2s.json").write_text(json.dumps({"name": "t2s", "conversion_chain": chain}), encoding="utf-8")
    tool, path = Path(sys.executable), tmp_path / "keys.txt"
    text, found = opencc_t2s._make(tmp_path, tool, tmp_path)
    assert found == (False, frozenset({"頭"}))
    write_listing(path, text)
    assert opencc_t2s._parse(read_listing(path)) == (False, frozenset({"頭"}))
    tables["phrases.ocd2"] = {"頭髮": "头发", "有序": "有序"}  # every converted phrase holds a listed character
    text, found = opencc_t2s._make(tmp_path, tool, tmp_path)
    assert found == (True, frozenset({"頭"}))
    write_listing(path, text)
    assert opencc_t2s._parse(read_listing(path)) == (True, frozenset({"頭"}))
