"""Which parts of a Chinese sentence reappear in a Korean one: readings, dictionary words, glossary renderings,
transliterated names and Latin names spelled in Hangul."""

from __future__ import annotations

from analyzer.align.records import KoSide, ZhSide
from analyzer.align.sounds import hangul_words
from analyzer.model import record


@record
class Match:
    """Which parts of the Chinese are read or glossed in the Korean."""

    chars: frozenset[int]  # offsets of Chinese characters whose reading occurs in the Korean
    words: frozenset[int]  # offsets inside a matched two-character reading of a dictionary word
    loose: frozenset[int]  # offsets inside a matched two-character reading across a word boundary
    translit: tuple[tuple[int, str], ...]  # transliterated name parts found in the Korean: start, Hangul
    spelled: tuple[str, ...]  # Latin words of the Chinese found spelled in Hangul in the Korean (Lenz: 렌즈)
    glossed: frozenset[int]  # offsets inside a glossary term whose Korean form occurs
    bigrams: tuple[str, ...]  # matched readings of two characters (Korean side)
    word_bigrams: tuple[str, ...]  # those read from a dictionary word somewhere in the Chinese
    gloss: tuple[tuple[int, int, str, str], ...]  # glossary hits: start, end, term, Korean form
    gloss_hits: tuple[int, ...]  # their indices in ZhSide.gloss


def _first_in(forms: tuple[str, ...], text: str) -> str | None:
    """The first of the forms that occurs in the text."""
    for form in forms:
        if form in text:
            return form
    return None


def match(z: ZhSide, k: KoSide) -> Match:
    chars: set[int] = set()
    for form in z.by_form.keys() & k.syllables:
        chars.update(z.by_form[form])
    words: set[int] = set()
    loose: set[int] = set()
    bigrams = tuple(z.by_bigram.keys() & k.bigrams)
    word_bigrams = []
    word_starts = z.word_starts if bigrams else frozenset()  # found on first use: half the sentences never need it
    for bigram in bigrams:
        in_word = False
        for start in z.by_bigram[bigram]:
            if start in word_starts:
                words.update((start, start + 1))
                in_word = True
            else:
                loose.update((start, start + 1))
        if in_word:
            word_bigrams.append(bigram)
    gloss = []
    gloss_hits = []
    glossed: set[int] = set()
    # Plain loops with a break rather than next() over a generator: this runs for every bead the DP scores.
    text = k.text
    for index, (start, end, term, forms) in enumerate(z.gloss):
        for form in forms:  # _first_in, inlined: about ten terms per sentence, met in every bead
            if form in text:
                break
        else:
            form = None
        if form is None and k.southern:  # written the North Korean way: report the text as written (래일)
            southern = _first_in(forms, k.southern)
            if southern:
                at = k.southern.find(southern)
                form = k.text[at : at + len(southern)]
        if form:
            gloss.append((start, end, term, form))
            gloss_hits.append(index)
            glossed.update(range(start, end))
    translit = []
    for start, renderings in z.translit:
        found = _first_in(renderings, k.hangul)
        if found:
            translit.append((start, found))
    spelled = ()
    if z.latin_names:
        spelled = tuple(
            word
            for word, skeleton in z.latin_names
            if word not in k.tokens and any(s.startswith(skeleton) for s in hangul_words(k.text))
        )
    return Match(
        frozenset(chars),
        frozenset(words),
        frozenset(loose),
        tuple(translit),
        spelled,
        frozenset(glossed),
        bigrams,
        tuple(word_bigrams),
        tuple(gloss),
        tuple(gloss_hits),
    )
