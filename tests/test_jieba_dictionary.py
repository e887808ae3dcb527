"""jieba's compact dictionary (analyzer/engines/jieba_dictionary.py) answers as jieba's own dict does: for each of
its keys, for strings that are not keys, and so in jieba's segmentation of notes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from analyzer.engines import jieba_dictionary
from analyzer.engines.chinese import _cache_folder, jieba

MADE_FROM = b"k" * 20
# A word, its prefixes (frequency 0, as jieba stores them), ASCII, a character beyond the BMP, a prefix-only key.
SMALL = {"头": 5, "头发": 3, "头发丝": 1, "镜": 0, "镜头": 9, "a": 1, "ab": 0, "abc": 4, "𠀀": 2, "𠀀𠀁": 6}
NOT_KEYS = ["", "头发丝丝", "镜头头", "头 ", "b", "abcd", "𠀁", "发", "丝", "头发丝\n"]
NOTES = [
    "头太大了，请缩小一点",
    "第31帧手太小了，请调整一下",
    "这个镜头保持原样，不要修改",
    "眼睛位置太高了，请往下移动两个像素",
    "背景颜色不对，请参考设定稿重新上色",
    "第12到18帧口型不对，请按原画重新画中间画",
    "角色的头发在第5帧消失了，请补上",
    "请把SEK Studio的外包作品和原稿对照一下，2017年8月之前交付",
    "衣服的阴影太深，请调浅一点，线条也要更细",
    "Cut 045 的动作太快了，请加两张中间画",
]


def _stored(path: Path, frequencies: dict[str, int], total: int) -> list[jieba_dictionary.CompactFrequencies]:
    written = jieba_dictionary.write(path, frequencies, total, MADE_FROM)
    read = jieba_dictionary.read(path, MADE_FROM)
    assert read is not None and read[1] == total
    return [written, read[0]]


def test_every_key_and_no_other_string(tmp_path: Path) -> None:
    for stored in _stored(tmp_path / jieba_dictionary.FILE_NAME, SMALL, 36):
        assert len(stored) == len(SMALL) and dict(stored.items()) == SMALL
        for key, value in SMALL.items():
            assert key in stored and stored[key] == value and stored.get(key) == value
        for other in NOT_KEYS:
            assert other not in stored and stored.get(other) is None and stored.get(other, 1) == 1
            with pytest.raises(KeyError):
                stored[other]


def test_words_added_at_run_time_go_on_top(tmp_path: Path) -> None:
    stored = _stored(tmp_path / jieba_dictionary.FILE_NAME, SMALL, 36)[1]
    stored["新词"] = 7  # jieba.add_word writes the word and its prefixes so
    stored["头"] = 1
    del stored["镜头"]
    assert stored["新词"] == 7 and stored["头"] == 1 and "镜头" not in stored and stored.get("镜头") is None
    assert len(stored) == len(SMALL) and set(stored) == set(SMALL) - {"镜头"} | {"新词"}


def test_a_file_made_from_another_dictionary_or_cut_short_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / jieba_dictionary.FILE_NAME
    jieba_dictionary.write(path, SMALL, 36, MADE_FROM)
    assert jieba_dictionary.read(path, b"x" * 20) is None
    whole = path.read_bytes()
    path.write_bytes(whole[:-1])
    assert jieba_dictionary.read(path, MADE_FROM) is None
    path.write_bytes(whole[:10])
    assert jieba_dictionary.read(path, MADE_FROM) is None
    assert jieba_dictionary.read(tmp_path / "missing.bin", MADE_FROM) is None


def test_jiebas_whole_dictionary_segments_as_before(tmp_path: Path) -> None:
    """All of jieba's half a million keys kept, and jieba's segmentation (with and without its HMM) unchanged."""
    import jieba as module

    own = module.Tokenizer()
    own.tmp_dir = _cache_folder()  # jieba's own parsed dictionary, as the analyzer caches it
    own.initialize()
    stored = _stored(tmp_path / jieba_dictionary.FILE_NAME, own.FREQ, own.total)[1]
    assert len(stored) == len(own.FREQ)
    assert all(stored.get(key) == value for key, value in own.FREQ.items())
    rng = random.Random(5)
    keys = list(own.FREQ)
    for key in rng.sample(keys, 2000):  # strings one character longer are mostly not keys
        longer = key + rng.choice("的了头镜发a1")
        assert (longer in stored) == (longer in own.FREQ) and stored.get(longer) == own.FREQ.get(longer)
    compact = module.Tokenizer()
    compact.FREQ, compact.total, compact.initialized = stored, own.total, True
    for note in NOTES:
        for hmm in (False, True):
            assert list(compact.tokenize(note, HMM=hmm)) == list(own.tokenize(note, HMM=hmm)), note


def test_the_analyzer_reads_jieba_from_the_compact_dictionary() -> None:
    tokenizer = jieba().dt
    assert isinstance(tokenizer.FREQ, jieba_dictionary.CompactFrequencies)  # written on first use if it was not
    assert [(a, b) for _, a, b in jieba().tokenize("头太大了，请缩小一点", HMM=False)][-2:] == [(6, 8), (8, 10)]
