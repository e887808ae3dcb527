"""spaCy pipelines for Chinese (jieba words) and Korean (KoNLPy morphemes), built once, only when asked for.

    from analyzer.engines.spacy_pipelines import zh_doc, ko_doc
    [(t.text, t.lemma_) for t in zh_doc("眼睛位置太高了")]    # 眼睛 位置 太高 了
    [(t.text, t.lemma_, t.tag_) for t in ko_doc("눈 위치를 조정했다")]  # 조정/NNG 했/XSV+EP (lemma 하다) ...
    words("눈 위치가 너무 높습니다", "ko")  # the same tokens as frozen Word records, cached
    korean_words("눈 위치가 너무 높습니다")  # the Korean tokens without importing spaCy (1.5 s)

`spacy.blank("ko")` needs MeCab; the Korean pipeline replaces its tokenizer with Komoran
(analyzer/engines/korean.py), so it needs Java (EngineUnavailable says so when missing).
Chinese lemmas are the words themselves; Korean lemmas are dictionary forms (조정하다 → 하다 for 했).

The North Korean spelling rules (analyzer/dialect/markers.py) read Korean notes through `korean_word_morphemes`:
the morphemes of the Korean pipeline's tokens (`korean_pieces`, the tokenizer on its own, the same tokens as the
Doc: tested) word by word, because importing spaCy would cost a commit hook or a scan worker 1.5 s before its first
note.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from analyzer.engines import korean

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
    morphemes: tuple[tuple[str, str], ...] = ()  # Korean: Komoran's (form, tag) behind the token, 했 = 하 + 았


class KomoranTokenizer:
    """A spaCy tokenizer whose tokens are Komoran morphemes laid back onto the text.

    Komoran may contract (했 = 하 + 았); a morpheme that is not a substring at the current
    position joins the next piece of text, which takes its tag and lemma.
    """

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Any:
        from spacy.tokens import Doc

        pieces = korean_pieces(text)
        words: list[str] = []
        spaces: list[bool] = []
        labels: list[tuple[str, str, Morphemes]] = []
        pos = 0
        for start, end, lemma, tag, morphemes in [*pieces, (len(text), len(text), "", "", ())]:
            gap = text[pos:start]
            if gap and words and gap[0] == " ":
                spaces[-1] = True  # one plain space is the previous token's trailing space
                gap = gap[1:]
            if gap:  # other whitespace is a token of its own, as in spaCy's tokenizers
                words.append(gap)
                spaces.append(False)
                labels.append((gap, "_SP", ()))
            if end > start:
                words.append(text[start:end])
                spaces.append(False)
                labels.append((lemma, tag, morphemes))
            pos = end
        doc = Doc(self.vocab, words=words, spaces=spaces)
        for token, (lemma, tag, morphemes) in zip(doc, labels):
            token.lemma_ = lemma
            token.tag_ = tag
            token._.morphemes = morphemes
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


Morphemes = tuple[tuple[str, str], ...]
Piece = tuple[int, int, str, str, Morphemes]  # start, end, lemma, tag, Komoran's (form, tag) pairs


def korean_pieces(text: str) -> list[Piece]:
    """(start, end, lemma, tag, morphemes) of the tokens of `text`: what `korean_words` holds, as plain tuples
    (the dialect markers read only offsets and morphemes, many thousand lines a scan). Emoji and other characters
    beyond the BMP, which Komoran cannot take, are one symbol token each (tag SW) and split the text around them."""
    tagger = korean.komoran()  # EngineUnavailable without Java, before any text is read
    pieces: list[Piece] = []
    pos = 0
    for symbol in [*_UNREADABLE.finditer(text), None]:
        stop = symbol.start() if symbol else len(text)
        chunk = text[pos:stop]
        if chunk.strip():
            try:
                spans = tagger.spans(chunk)
            except korean.EngineUnavailable:
                raise  # the tagger itself is gone (a damaged dictionary): the report must say so
            except Exception:  # noqa: BLE001 - odd input costs its morphology, never the note
                spans = []
            merged = _merge(spans)
            pieces += merged if not pos else [(pos + start, pos + end, *rest) for start, end, *rest in merged]
        if symbol:
            pieces.append((symbol.start(), symbol.end(), symbol.group(), "SW", ((symbol.group(), "SW"),)))
            pos = symbol.end()
    return pieces


def korean_word_morphemes(line: str, words: list[str]) -> list[list[tuple[str, str]]]:
    """Komoran's (form, tag) morphemes of each word of `line`, whose words (`words`, its runs of non-space) stand one
    space apart: the morphemes of `korean_pieces(line)`, each piece's with the word it starts in (or the word before
    the space it starts at). The same as grouping those pieces, read straight from the tagger's rows without making
    the pieces' lemmas and tags (the dialect markers read only this, for every Korean line of a scan)."""
    tagger = korean.komoran()  # EngineUnavailable without Java, before any text is read
    grouped: list[list[tuple[str, str]]] = [[] for _ in words]
    # Each position of the line: the word holding it (or the space after it), and where that word ends, which
    # bounds a token starting there (KomoranTagger.spans); a position past the end counts as the last one.
    word_at: list[int] = []
    ends: list[int] = []
    at = 0
    for index, word in enumerate(words):
        at += len(word)
        word_at += [index] * (len(word) + 1)
        ends += [at] * (len(word) + 1)
        at += 1
    last = len(word_at) - 1
    if _UNREADABLE.search(line) is not None:  # emoji split the line into several calls: the pieces themselves
        for start, _, _, _, morphemes in korean_pieces(line):
            grouped[word_at[start if start < last else last] if start >= 0 else 0].extend(morphemes)
        return grouped
    current: list[tuple[str, str]] | None = None  # the morphemes of the word the last piece started in
    piece_end = 0  # where that piece ends
    try:
        # Offsets bounded as KomoranTagger.spans bounds them, pieces as _merge makes them: a morpheme starting inside
        # the piece before it, or holding no character of its own, joins that piece (했 = 하 + 았).
        for form, tag, begin_text, end_text in tagger.tokens(line):
            begin, end = int(begin_text), int(end_text)
            position = (begin if begin < last else last) if begin >= 0 else 0
            stop = ends[position]
            if begin > stop:
                begin = stop
            if end > stop:
                end = stop
            if current is not None and (begin < piece_end or end <= begin):
                current.append((form, tag))
                if end > piece_end:
                    piece_end = end
            elif end > begin:
                current = grouped[word_at[position]]
                current.append((form, tag))
                piece_end = end
    except korean.EngineUnavailable:
        raise  # the tagger itself is gone (a damaged dictionary): the report must say so
    except Exception:  # noqa: BLE001 - odd input costs its morphology, never the note (as in korean_pieces)
        return [[] for _ in words]
    return grouped


def _lemma(form: str, tag: str) -> str:
    return form + "다" if tag in _PREDICATE_TAGS else form


def _merge(spans: list[tuple[str, str, int, int]]) -> list[Piece]:
    """One piece per run of morphemes whose spans overlap: a morpheme of its own (위치/NNG), or a contraction
    whose morphemes hide in the same characters (했 = 하/VV + 았/EP), tagged VV+EP, lemma 하다."""
    pieces: list[Piece] = []
    for form, tag, start, end in spans:
        if pieces and (start < pieces[-1][1] or end <= start):
            first, last, lemma, tags, behind = pieces[-1]
            pieces[-1] = (first, max(last, end), lemma, f"{tags}+{tag}", (*behind, (form, tag)))
        elif end > start:
            pieces.append((start, end, _lemma(form, tag), tag, ((form, tag),)))
    return pieces


@cache
def _register_tokenizer() -> None:
    import spacy
    from spacy.tokens import Token

    Token.set_extension("morphemes", default=(), force=True)

    @spacy.registry.tokenizers(KOREAN_TOKENIZER)
    def create_tokenizer() -> Any:
        return lambda nlp: KomoranTokenizer(nlp.vocab)


def blank_pipeline(lang: str) -> Any:
    """A new blank pipeline with the project's tokenizer: "zh" `spacy.blank("zh")` with the jieba segmenter, "ko"
    `spacy.blank("ko")` with the Komoran tokenizer (EngineUnavailable without Java); ValueError otherwise."""
    if lang not in ("zh", "ko"):
        raise ValueError(f"no spaCy pipeline for {lang!r} (only zh and ko)")
    if lang == "ko":
        korean.check_java()
    with _LOCK:
        import spacy

        if lang == "zh":
            from analyzer.engines.chinese import jieba

            jieba()  # spaCy's segmenter uses jieba's default tokenizer: its cache in the user's folder
            return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        _register_tokenizer()
        return spacy.blank("ko", config={"nlp": {"tokenizer": {"@tokenizers": KOREAN_TOKENIZER}}})


@cache
def zh_nlp() -> Any:
    """`spacy.blank("zh")` with the jieba segmenter, shared."""
    return blank_pipeline("zh")


@cache
def ko_nlp() -> Any:
    """`spacy.blank("ko")` with the Komoran tokenizer, shared; raises EngineUnavailable without Java."""
    return blank_pipeline("ko")


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
        Word(
            token.idx,
            token.idx + len(token.text),
            token.text,
            token.lemma_,
            token.tag_,
            token._.morphemes if lang == "ko" else (),
        )
        for token in doc_for(text, lang)
        if not token.is_space
    )


def korean_words(text: str) -> tuple[Word, ...]:
    """`words(text, "ko")` from the Korean pipeline's tokenizer alone, without importing spaCy: the tokens
    the Komoran tokenizer gives the Doc, spaces left out (raises EngineUnavailable without Java)."""
    return tuple(
        Word(start, end, text[start:end], lemma, tag, behind) for start, end, lemma, tag, behind in korean_pieces(text)
    )


def doc_for(text: str, lang: str) -> Any:
    """The Doc of `text` in the pipeline of `lang` ("zh" or "ko"); ValueError for other languages."""
    if lang == "zh":
        return zh_doc(text)
    if lang == "ko":
        return ko_doc(text)
    raise ValueError(f"no spaCy pipeline for {lang!r} (only zh and ko)")
