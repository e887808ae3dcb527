"""OpenCC's s2t from one merged dictionary (engines/opencc_s2t.py): the same conversions as OpenCC's own grouped
configuration, and OpenCC's own whenever the prepared form is missing, damaged or turned off."""

from __future__ import annotations

import pytest
from conftest import chinese_texts

opencc = pytest.importorskip("opencc")

from analyzer.align import s2t_targets  # noqa: E402
from analyzer.engines import opencc_s2t, opencc_t2s  # noqa: E402


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(opencc_s2t.CACHE_ENV, str(tmp_path))
    return tmp_path


def _texts(shared_data) -> list[str]:
    """conftest.chinese_texts, and characters of neither."""
    texts, _, _ = chinese_texts(shared_data, 11)
    texts += ["头发 retake C012，干部们\u3000ＡＢＣ 머리 🙂", "", "著名的皇后发型", "\ufa0c\uf900"]
    return texts


def _prepared(folder):
    [prepared] = [p for p in folder.iterdir() if p.name.startswith("s2t-")]
    return prepared


def test_the_merged_dictionary_converts_as_opencc_s2t_does(cache, shared_data):
    merged = opencc_s2t.s2t_converter()
    prepared = _prepared(cache)
    assert {p.name for p in prepared.iterdir()} == {"s2t.json", "s2t.ocd2", "s2t.ocd2.sha256"}
    grouped = opencc.OpenCC("s2t")
    texts = _texts(shared_data)
    assert [merged.convert(t) for t in texts] == [grouped.convert(t) for t in texts]
    assert merged.convert("头发干部") == "頭髮幹部"


@pytest.mark.parametrize("damage", ["flipped", "cut short", "missing"])
def test_a_damaged_merged_dictionary_is_ignored_and_prepared_again(cache, damage):
    opencc_s2t.s2t_converter()
    dictionary = _prepared(cache) / "s2t.ocd2"
    good = dictionary.read_bytes()
    if damage == "missing":
        dictionary.unlink()
    else:
        middle = len(good) // 2
        dictionary.write_bytes(
            good[:middle] + bytes([good[middle] ^ 0x20]) + good[middle + 1 :] if damage == "flipped" else good[:middle]
        )
    converter = opencc_s2t.s2t_converter()
    assert converter.convert("头发干部") == "頭髮幹部"
    assert dictionary.read_bytes() == good


def test_without_a_cache_folder_opencc_converts_with_its_own_configuration(tmp_path, monkeypatch):
    monkeypatch.setenv(opencc_s2t.CACHE_ENV, "off")
    assert opencc_s2t.s2t_converter().convert("头发干部") == "頭髮幹部"
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder would be", encoding="utf-8")
    monkeypatch.setenv(opencc_s2t.CACHE_ENV, str(blocked))
    assert opencc_s2t.s2t_converter().convert("头发干部") == "頭髮幹部"


@pytest.mark.parametrize(
    ("stem", "loader"), [("t2s-keys-", opencc_t2s.key_characters), ("s2t-targets-", s2t_targets.targets)]
)
def test_a_kept_list_is_read_back_and_a_damaged_one_is_listed_again(cache, stem, loader):
    """opencc_s2t.kept_list, through each list's own loader: the t2s keys and the s2t targets."""
    loader.cache_clear()
    try:
        found = loader()
        assert found is not None  # OpenCC and its tool are installed with it
        [listed] = [p for p in cache.iterdir() if p.name.startswith(stem)]
        good = listed.read_bytes()
        loader.cache_clear()
        assert loader() == found  # read back, not listed again
        listed.write_bytes(good.replace("髮".encode(), "发".encode()))  # an entry lost: the digest no longer fits
        loader.cache_clear()
        assert loader() == found
        assert listed.read_bytes() == good
    finally:
        loader.cache_clear()
