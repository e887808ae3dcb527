"""The analyzer's jieba over the shipped trie (models/jieba/) segments exactly as jieba over its own dictionary."""

from __future__ import annotations

import random

import pytest

from analyzer.engines.chinese import jieba, tokenizer
from analyzer.resources import model_path


def _sentences() -> list[str]:
    """Notes made of dictionary words, characters no word starts with, digits, Latin and punctuation (seeded)."""
    words = [w for w in model_path("align", "zh_words.txt").read_text(encoding="utf-8").split() if w[0] != "#"]
    rng = random.Random(7)
    extra = ["，", "。", "！", "C012", "3", "帧", "GPU", "乂", "〇", " ", "-", "头部", "鄂尔多斯"]
    return [
        "".join(rng.choice(words if rng.random() < 0.8 else extra) for _ in range(rng.randint(1, 12)))
        for _ in range(1500)
    ]


@pytest.fixture(scope="module")
def both():
    ours = tokenizer()
    theirs = jieba().dt
    assert type(ours).__name__ == "TrieTokenizer" and ours is not theirs
    return ours, theirs


def test_the_trie_segments_as_jieba_does(both):
    ours, theirs = both
    for text in _sentences():
        assert list(ours.tokenize(text, HMM=False)) == list(theirs.tokenize(text, HMM=False)), text
        assert list(ours.cut(text)) == list(theirs.cut(text)), text  # the HMM path reads FREQ itself


def test_the_trie_segments_flores_as_jieba_does(both, shared_data):
    ours, theirs = both
    lines = (shared_data / "flores200-dev" / "zho_Hans.dev").read_text(encoding="utf-8").splitlines()
    lines += (shared_data / "flores200-dev" / "zho_Hant.dev").read_text(encoding="utf-8").splitlines()
    for text in lines:
        assert list(ours.tokenize(text, HMM=False)) == list(theirs.tokenize(text, HMM=False)), text


def test_the_trie_answers_jiebas_frequency_questions(both):
    ours, theirs = both
    for word in ("头部", "头", "鄂尔多", "鄂尔多斯", "不存在的词语", "x", ""):
        assert ours.FREQ.get(word) == theirs.FREQ.get(word), word
        assert (word in ours.FREQ) == (word in theirs.FREQ), word
    assert ours.total == theirs.total


def test_a_long_note_is_segmented_as_jieba_does(both):
    ours, theirs = both
    text = "头部太大，" * 4000  # 20,000 characters: each position looks at most the longest word ahead
    assert list(ours.tokenize(text, HMM=False)) == list(theirs.tokenize(text, HMM=False))
