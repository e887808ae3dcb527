"""The spaCy pipelines: jieba words for Chinese, Komoran morphemes for Korean, built once and lazily."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from conftest import ROOT, run_python

from analyzer.engines import korean
from analyzer.engines import spacy_pipelines as pipelines


def test_chinese_doc_has_jieba_words_with_lemmas():
    doc = pipelines.zh_doc("眼睛位置太高了，请往下移一点")
    words = [t.text for t in doc]
    assert words[:2] == ["眼睛", "位置"]  # words, not characters
    assert "".join(t.text_with_ws for t in doc) == "眼睛位置太高了，请往下移一点"
    assert all(t.lemma_ == t.text for t in doc)
    assert pipelines.zh_nlp() is pipelines.zh_nlp()


def test_korean_doc_has_morphemes_tags_and_dictionary_forms():
    text = "  머리가  너무 큽니다.\n조금 줄여주십시오."
    doc = pipelines.ko_doc(text)
    assert doc.text == text  # every character, spaces included, is kept
    tokens = {t.text: (t.lemma_, t.tag_) for t in doc}
    assert tokens["머리"] == ("머리", "NNG")
    assert tokens["가"] == ("가", "JKS")
    assert tokens["큽니다"][0] == "크다"  # a contracted predicate gets its dictionary form
    assert tokens["줄여"][0] == "줄이다"
    assert pipelines.ko_nlp() is pipelines.ko_nlp()
    assert pipelines.doc_for("눈", "ko")[0].text == "눈"
    with pytest.raises(ValueError, match="no spaCy pipeline"):
        pipelines.doc_for("目", "ja")


def test_korean_doc_keeps_emoji_as_symbol_tokens():
    text = "좋아요👍🏻 눈 위치 😀\n👨\u200d👩\u200d👧 다시"  # Komoran's JVM strings break on non-BMP characters
    doc = pipelines.ko_doc(text)
    assert doc.text == text
    tokens = [(t.text, t.tag_) for t in doc if not t.is_space]
    assert ("👍🏻", "SW") in tokens and ("😀", "SW") in tokens
    assert ("👨\u200d👩\u200d👧", "SW") in tokens  # a family emoji is one symbol
    assert ("위치", "NNG") in tokens and ("다시", "MAG") in tokens


def test_words_are_plain_data_with_offsets_and_lemmas():
    zh = "C012 眼睛位置太高了"
    zh_words = pipelines.words(zh, "zh")
    assert [w.text for w in zh_words][-4:] == ["眼睛", "位置", "太高", "了"]
    ko = "눈 위치가 너무 높습니다"
    ko_words = pipelines.words(ko, "ko")
    assert [(w.text, w.lemma) for w in ko_words if w.tag == "VA"] == [("높", "높다")]
    for text, found in ((zh, zh_words), (ko, ko_words)):
        assert all(text[w.start : w.end] == w.text and w.text.strip() for w in found)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ko_words[0].lemma = "x"  # type: ignore[misc]


def test_korean_pipeline_without_java_says_what_to_install(monkeypatch):
    monkeypatch.setattr(korean.shutil, "which", lambda name: None)
    korean.check_java.cache_clear()
    pipelines.ko_nlp.cache_clear()
    try:
        with pytest.raises(korean.EngineUnavailable, match="needs Java"):
            pipelines.ko_nlp()
    finally:
        korean.check_java.cache_clear()
        pipelines.ko_nlp.cache_clear()


def test_segmenting_non_cjk_text_loads_no_pipeline():
    code = (
        "import sys, analyzer; analyzer.segment('Keep the eye line consistent'); "
        "import analyzer.engines.spacy_pipelines; "
        "print(','.join(m for m in ('spacy', 'jieba', 'jpype', 'konlpy') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


KOREAN_NOTES = (
    "눈 위치가 너무 높습니다. 아래로 옮겨주십시오.",
    "  머리가   너무\t큽니다.\n\n조금 줄여주십시오.  ",
    "좋아요👍🏻 다시 그려주세요 😀 했다 갔었다 해봐",
    "C012 眼睛位置太高了 → 눈 위치가 너무 높습니다",
)


@pytest.mark.parametrize("text", KOREAN_NOTES)
def test_the_tokenizer_alone_gives_the_korean_pipelines_tokens(text):
    # The dialect rules read korean_words (no spaCy import); it must be what the spaCy Doc holds.
    assert pipelines.korean_words(text) == pipelines.words(text, "ko")
    for word in pipelines.korean_words(text):
        assert text[word.start : word.end] == word.text and word.text.strip()
        assert word.tag == "+".join(tag for _, tag in word.morphemes)


def test_komoran_offsets_are_mapped_back_over_irregular_spacing():
    tagger = korean.komoran()
    text = "  앞   공백\t있음\n 했다"
    spans = tagger.spans(text)
    assert [(m, text[s:e]) for m, _, s, e in spans if m in ("앞", "공백")] == [("앞", "앞"), ("공백", "공백")]
    contraction = [(m, t, text[s:e]) for m, t, s, e in spans if s >= text.index("했")]
    assert contraction[:2] == [("하", "VV", "했"), ("았", "EP", "했")]  # both morphemes hide in 했
    assert tagger.pos(text.replace("\t", " ")) == [(m, t) for m, t, _, _ in spans]


def test_the_dialect_rules_group_the_pipelines_morphemes_by_word():
    from analyzer.dialect.markers import eojeols

    line = "우리는  인식하여야 합니다"
    words = eojeols(line)
    assert [text for _, _, text, _ in words] == ["우리는", "인식하여야", "합니다"]
    assert words[1][3] == (("인식", "NNG"), ("하", "XSV"), ("아야", "EC"))
    tokens = pipelines.korean_words(" ".join(line.split()))
    assert [m for _, _, _, morphemes in words for m in morphemes] == [m for w in tokens for m in w.morphemes]


def test_jieba_keeps_its_dictionary_cache_in_the_users_folder_not_in_the_shared_temporary_one(tmp_path):
    shared_tmp, cache_home = tmp_path / "tmp", tmp_path / "cache"
    shared_tmp.mkdir()
    code = (
        "from analyzer.align.words import jieba_spans\n"
        "print(jieba_spans('头太大了，请缩小一点'))\n"
        "from analyzer.engines.spacy_pipelines import zh_nlp\n"
        "print([t.text for t in zh_nlp()('镜头太近了')])\n"
    )
    done = run_python("-c", code, env={"TMPDIR": str(shared_tmp), "XDG_CACHE_HOME": str(cache_home)})
    assert done.returncode == 0, done.stderr
    assert "(0, 1)" in done.stdout and "'镜头'" in done.stdout
    assert [p.name for p in (cache_home / "analyzer" / "jieba").iterdir()] == ["jieba.cache"]
    assert list(shared_tmp.iterdir()) == []  # /tmp/jieba.cache, a name anyone can take first, is not used


def _pieces_by_word(line: str, words: list[str]) -> list[list[tuple[str, str]]]:
    """The morphemes of korean_pieces grouped by the word each piece starts in (or the word before the space it
    starts at): what korean_word_morphemes gives without making the pieces."""
    word_at = [index for index, word in enumerate(words) for _ in range(len(word) + 1)]
    grouped: list[list[tuple[str, str]]] = [[] for _ in words]
    for start, _, _, _, morphemes in pipelines.korean_pieces(line):
        grouped[word_at[min(start, len(word_at) - 1)] if start >= 0 else 0].extend(morphemes)
    return grouped


def _replayed(monkeypatch, rows: dict[str, list[list[str]]]) -> None:
    """Komoran's rows of each line as recorded (its tags of a line may depend on what it tagged before)."""
    monkeypatch.setattr(korean.KomoranTagger, "_tokens", lambda self, line: [list(row) for row in rows[line]])


def test_morphemes_by_word_are_the_pieces_grouped_by_word(shared_data, monkeypatch):
    news = (shared_data / "nk-sk-news-dev" / "northkorean-english.dev.nk").read_text(encoding="utf-8").splitlines()
    south = (shared_data / "nk-sk-news-dev" / "korean-english-park.dev.ko").read_text(encoding="utf-8").splitlines()
    lines = [" ".join(text.split()) for text in news[:300] + south[:300] + list(KOREAN_NOTES) if text.split()]
    tagger = korean.komoran()
    # what Komoran is given: each line, or each run of it between emoji, its spaces collapsed
    chunks = {" ".join(chunk.split()) for line in lines for chunk in pipelines._UNREADABLE.split(line)}
    _replayed(monkeypatch, {chunk: tagger._tokens(chunk) for chunk in chunks if chunk})
    contractions = 0
    for line in lines:
        words = line.split(" ")
        grouped = pipelines.korean_word_morphemes(line, words)
        assert grouped == _pieces_by_word(line, words), line
        contractions += sum(len(group) > 1 for group in grouped)
    assert contractions > 1000  # words of several morphemes (했 = 하 + 았 among them) were grouped


def test_morphemes_by_word_keep_odd_offsets_as_the_pieces_do(monkeypatch):
    line = "가나 다라 마"
    # a token with no character of its own first (dropped), one past its word's end, contractions, offsets
    # beyond the line and before it: what korean_pieces makes of them decides where each morpheme goes
    rows = [
        ["ㄱ", "NNG", "0", "0"],
        ["가", "NNG", "0", "1"],
        ["았", "EP", "1", "1"],
        ["나다", "NNG", "1", "4"],
        ["다", "VV", "3", "4"],
        ["라", "EF", "4", "5"],
        ["끝", "SF", "9", "12"],
        ["앞", "SF", "-2", "-1"],
        ["마", "NNG", "6", "7"],
    ]
    _replayed(monkeypatch, {line: rows})
    words = line.split(" ")
    grouped = pipelines.korean_word_morphemes(line, words)
    assert grouped == _pieces_by_word(line, words)
    assert grouped[0] == [("가", "NNG"), ("았", "EP"), ("나다", "NNG")]
    _replayed(monkeypatch, {line: [["가", "NNG", "x", "1"]]})  # a row that cannot be read: no morphemes, as pieces
    assert pipelines.korean_word_morphemes(line, words) == _pieces_by_word(line, words) == [[], [], []]
