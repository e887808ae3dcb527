"""spaCy pipelines for Chinese (jieba words) and Korean (KoNLPy morphemes), built once, only when asked for.

    from analyzer.engines.spacy_pipelines import zh_doc, ko_doc
    [(t.text, t.lemma_) for t in zh_doc("眼睛位置太高了")]    # 眼睛 位置 太高 了
    [(t.text, t.lemma_, t.tag_) for t in ko_doc("눈 위치를 조정했다")]  # 조정/NNG 했/XSV+EP (lemma 하다) ...
    words("눈 위치가 너무 높습니다", "ko")  # the same tokens as frozen Word records, cached

`spacy.blank("ko")` needs MeCab; the Korean pipeline replaces its tokenizer with Komoran
(analyzer/engines/korean.py), so it needs Java (EngineUnavailable says so when missing).
Chinese lemmas are the words themselves; Korean lemmas are dictionary forms (조정하다 → 하다 for 했).
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

_LOCK = threading.Lock()
# Komoran tags of verb-like stems, whose dictionary form ends in 다.
_PREDICATE_TAGS = frozenset(("VV", "VA", "VX", "VCP", "VCN", "XSV", "XSA"))
KOREAN_TOKENIZER = "analyzer.KomoranTokenizer.v1"
# Characters beyond the BMP (emoji) with their joiners and selectors: Komoran's JVM strings break on them.
_UNREADABLE = re.compile("[\U00010000-\U0010ffff][\U00010000-\U0010ffff\u200d\ufe0e\ufe0f\u20e3]*")


@dataclass(frozen=True, slots=True)
class Word:
    """One token of a spaCy pipeline as plain data: character offsets, text, dictionary form, tag."""

    start: int
    end: int
    text: str
    lemma: str
    tag: str  # Komoran's tag for Korean (NNG, VV+EP, ...); empty for Chinese


class KomoranTokenizer:
    """A spaCy tokenizer whose tokens are Komoran morphemes laid back onto the text.

    Komoran may contract (했 = 하 + 았); a morpheme that is not a substring at the current
    position joins the next piece of text, which takes its tag and lemma.
    """

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Any:
        from spacy.tokens import Doc

        pieces = _pieces(text)
        words: list[str] = []
        spaces: list[bool] = []
        labels: list[tuple[str, str]] = []
        pos = 0
        for start, end, lemma, tag in [*pieces, (len(text), len(text), "", "")]:
            gap = text[pos:start]
            if gap and words and gap[0] == " ":
                spaces[-1] = True  # one plain space is the previous token's trailing space
                gap = gap[1:]
            if gap:  # other whitespace is a token of its own, as in spaCy's tokenizers
                words.append(gap)
                spaces.append(False)
                labels.append((gap, "_SP"))
            if end > start:
                words.append(text[start:end])
                spaces.append(False)
                labels.append((lemma, tag))
            pos = end
        doc = Doc(self.vocab, words=words, spaces=spaces)
        for token, (lemma, tag) in zip(doc, labels):
            token.lemma_ = lemma
            token.tag_ = tag
        return doc

    # spaCy calls these when a pipeline is saved; this tokenizer has no state of its own.
    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> KomoranTokenizer:
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        return None

    def from_disk(self, path: Any, **kwargs: Any) -> KomoranTokenizer:
        return self


def _pieces(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, lemma, tag) of the morphemes of `text`; emoji and other characters beyond the
    BMP, which Komoran cannot take, are one symbol token each (tag SW) and split the text around them."""
    from analyzer.engines.korean import komoran

    tagger = komoran()  # EngineUnavailable without Java, before any text is read
    pieces: list[tuple[int, int, str, str]] = []
    pos = 0
    for symbol in [*_UNREADABLE.finditer(text), None]:
        stop = symbol.start() if symbol else len(text)
        chunk = text[pos:stop]
        if chunk.strip():
            try:
                morphemes = tagger.pos(chunk)
            except Exception:  # noqa: BLE001 - odd input costs its morphology, never the note
                morphemes = []
            pieces += [(pos + start, pos + end, lemma, tag) for start, end, lemma, tag in _align(chunk, morphemes)]
        if symbol:
            pieces.append((symbol.start(), symbol.end(), symbol.group(), "SW"))
            pos = symbol.end()
    return pieces


def _lemma(form: str, tag: str) -> str:
    return form + "다" if tag in _PREDICATE_TAGS else form


def _align(text: str, morphemes: list[tuple[str, str]]) -> list[tuple[int, int, str, str]]:
    """(start, end, lemma, tag) pieces of `text`, one per morpheme where the morpheme is a substring."""
    pieces: list[tuple[int, int, str, str]] = []
    pos = 0
    pending: list[tuple[str, str]] = []  # contracted morphemes waiting for the text they hide in

    def add_gap(end: int) -> None:
        # Non-space text the morphemes skipped (a contraction such as 했) becomes one token.
        nonlocal pending
        start = pos
        while start < end:
            while start < end and text[start].isspace():
                start += 1
            stop = start
            while stop < end and not text[stop].isspace():
                stop += 1
            if stop > start:
                lemma = _lemma(*pending[0]) if pending else text[start:stop]
                tag = "+".join(t for _, t in pending) or "UNK"
                pieces.append((start, stop, lemma, tag))
                pending = []
            start = stop

    for form, tag in morphemes:
        found = text.find(form, pos)
        if found < 0 or text[pos:found].strip() and not pending:
            pending.append((form, tag))
            continue
        if found > pos:
            add_gap(found)
        if pending:
            # The contraction and this morpheme share the characters: tag them together.
            pieces.append((found, found + len(form), _lemma(*pending[0]), "+".join([t for _, t in pending] + [tag])))
            pending = []
        else:
            pieces.append((found, found + len(form), _lemma(form, tag), tag))
        pos = found + len(form)
    add_gap(len(text))
    if pending and pieces:  # a contraction at the very end: it belongs to the last piece
        start, end, lemma, tag = pieces[-1]
        pieces[-1] = (start, end, lemma, "+".join([tag] + [t for _, t in pending]))
    return pieces


@cache
def _register_tokenizer() -> None:
    import spacy

    @spacy.registry.tokenizers(KOREAN_TOKENIZER)
    def create_tokenizer() -> Any:
        return lambda nlp: KomoranTokenizer(nlp.vocab)


@cache
def zh_nlp() -> Any:
    """`spacy.blank("zh")` with the jieba segmenter."""
    with _LOCK:
        import jieba
        import spacy

        jieba.setLogLevel(logging.WARNING)  # jieba announces its dictionary on stderr otherwise
        return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


@cache
def ko_nlp() -> Any:
    """`spacy.blank("ko")` with the Komoran tokenizer; raises EngineUnavailable without Java."""
    from analyzer.engines.korean import check_java

    check_java()
    with _LOCK:
        import spacy

        _register_tokenizer()
        return spacy.blank("ko", config={"nlp": {"tokenizer": {"@tokenizers": KOREAN_TOKENIZER}}})


def zh_doc(text: str) -> Any:
    """Chinese words (jieba) as a spaCy Doc; each token's lemma is the word itself."""
    doc = zh_nlp()(text)
    for token in doc:
        token.lemma_ = token.text
    return doc


def ko_doc(text: str) -> Any:
    """Korean morphemes (Komoran) as a spaCy Doc, with Komoran tags in tag_ and dictionary forms in lemma_."""
    return ko_nlp()(text)


@lru_cache(maxsize=16384)
def words(text: str, lang: str) -> tuple[Word, ...]:
    """The tokens of `text` in the pipeline of `lang` ("zh" or "ko") as plain data, spaces left out.

    What later stages match on: jieba words of a Chinese note (眼睛 位置 太高 了), Komoran morphemes
    of a Korean one with their dictionary forms (높습니다 -> 높다). Cached: notes repeat across a dump.
    """
    return tuple(
        Word(token.idx, token.idx + len(token.text), token.text, token.lemma_, token.tag_)
        for token in doc_for(text, lang)
        if not token.is_space
    )


def doc_for(text: str, lang: str) -> Any:
    """The Doc of `text` in the pipeline of `lang` ("zh" or "ko"); ValueError for other languages."""
    if lang == "zh":
        return zh_doc(text)
    if lang == "ko":
        return ko_doc(text)
    raise ValueError(f"no spaCy pipeline for {lang!r} (only zh and ko)")
