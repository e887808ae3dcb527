"""The analyzer as spaCy components, and the project's spaCy pipelines with them: `analyzer.nlp("zh"|"ko")`.

Registered by name through the `spacy_factories` entry point (pyproject.toml), so that any spaCy pipeline can
add them once the analyzer is installed:

    nlp = spacy.blank("xx")
    nlp.add_pipe("analyzer_language_runs")   # doc._.language_runs: Spans, span._.lang / _.confidence / _.variant
    nlp.add_pipe("analyzer_relay_pairs")     # doc._.relay_pairs: RelayPair(zh Span, ko Span, score)
    nlp.add_pipe("analyzer_dialect")         # doc._.nk_score (None without Korean), doc._.nk_markers: Spans
    doc = nlp("头太大了，请缩小一点 → 머리가 너무 큽니다. 조금 줄여주십시오.")

The components call the library's building blocks (analyzer.segment, analyzer.align.align, analyzer.dialect)
on the Doc's text; they do not need each other, but read the language runs when an earlier component set them.
spaCy imports this module whenever it builds a pipeline (to find entry-point factories), so it imports nothing
heavy itself. The scan and the pre-commit hook never import it: spaCy costs 1.5 s to import.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

LANGUAGE_RUNS = "analyzer_language_runs"
RELAY_PAIRS = "analyzer_relay_pairs"
DIALECT = "analyzer_dialect"
COMPONENTS = (LANGUAGE_RUNS, RELAY_PAIRS, DIALECT)
_RUNS_GROUP = "language_runs"  # the SpanGroup (doc.spans) holding the runs, which spaCy serialises with the Doc


@dataclass(frozen=True, slots=True)
class RelayPair:
    """A Chinese span of the Doc and the Korean span that translates it, with the probability of that."""

    zh: Span
    ko: Span
    score: float


def _extensions() -> None:
    """The Doc and Span attributes the components set (force: a reload of this module re-registers them)."""
    Doc.set_extension("language_runs", getter=lambda doc: list(doc.spans.get(_RUNS_GROUP, [])), force=True)
    Doc.set_extension("relay_pairs", default=None, force=True)
    Doc.set_extension("nk_score", default=None, force=True)
    Doc.set_extension("nk_markers", default=None, force=True)
    for name in ("lang", "confidence", "variant", "nk_note"):
        Span.set_extension(name, default=None, force=True)


_extensions()


def _runs(doc: Doc) -> list[Span]:
    """The Doc's language runs: set by analyzer_language_runs, else segmented here."""
    if _RUNS_GROUP in doc.spans:
        return list(doc.spans[_RUNS_GROUP])
    return _segment(doc)


def _segment(doc: Doc) -> list[Span]:
    from analyzer.segment import segment

    spans = []
    for seg in segment(doc.text):
        span = doc.char_span(seg.start, seg.end, label=seg.lang, alignment_mode="expand")
        if span is None or not len(span):
            continue
        span._.lang, span._.confidence, span._.variant = seg.lang, seg.confidence, seg.variant
        spans.append(span)
    return spans


class LanguageRuns:
    """analyzer_language_runs: the Doc's runs of one language (analyzer.segment) as a span group, each Span
    labelled with its ISO 639-1 code and carrying span._.lang, span._.confidence and span._.variant."""

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[_RUNS_GROUP] = _segment(doc)
        return doc


class RelayPairs:
    """analyzer_relay_pairs: Chinese runs paired with the Korean runs that translate them (analyzer.align.align
    over the runs in order, beads at or above the scan's pair threshold) in doc._.relay_pairs."""

    def __call__(self, doc: Doc) -> Doc:
        from analyzer.align import align, pair_threshold

        runs = _runs(doc)
        zh = [span for span in runs if span._.lang == "zh"]
        ko = [span for span in runs if span._.lang == "ko"]
        pairs = []
        if zh and ko:
            threshold = pair_threshold()
            for bead in align([span.text for span in zh], [span.text for span in ko]):
                if bead.src and bead.tgt and bead.score >= threshold:
                    zh_span = doc[zh[bead.src[0]].start : zh[bead.src[-1]].end]
                    ko_span = doc[ko[bead.tgt[0]].start : ko[bead.tgt[-1]].end]
                    pairs.append(RelayPair(zh_span, ko_span, round(bead.score, 4)))
        doc._.relay_pairs = pairs
        return doc


class Dialect:
    """analyzer_dialect: how strongly the Doc's Korean runs follow North Korean norms (analyzer.dialect, read
    together) in doc._.nk_score, None without Korean; the markers as Spans labelled with their kind, with the
    South Korean form or the reason in span._.nk_note, in doc._.nk_markers."""

    def __call__(self, doc: Doc) -> Doc:
        from analyzer.dialect import dialect_score, notes_score

        korean = [span for span in _runs(doc) if span._.lang == "ko"]
        markers = []
        for run in korean:
            for marker in dialect_score(run.text).markers:
                start = run.start_char + marker.start
                span = doc.char_span(start, run.start_char + marker.end, label=marker.kind, alignment_mode="expand")
                if span is not None and len(span):
                    span._.nk_note = marker.note
                    markers.append(span)
        doc._.nk_score = notes_score([span.text for span in korean]).nk_score if korean else None
        doc._.nk_markers = markers
        return doc


@Language.factory(LANGUAGE_RUNS)
def make_language_runs(nlp: Language, name: str) -> LanguageRuns:
    return LanguageRuns()


@Language.factory(RELAY_PAIRS)
def make_relay_pairs(nlp: Language, name: str) -> RelayPairs:
    return RelayPairs()


@Language.factory(DIALECT)
def make_dialect(nlp: Language, name: str) -> Dialect:
    return Dialect()


@cache
def nlp(lang: str) -> Any:
    """The project's pipeline for `lang`, built once per process: "zh" is `spacy.blank("zh")` with jieba's words,
    "ko" `spacy.blank("ko")` with Komoran's morphemes (needs Java); both with the three components."""
    from analyzer.engines.spacy_pipelines import blank_pipeline

    pipeline = blank_pipeline(lang)
    for name in COMPONENTS:
        pipeline.add_pipe(name)
    return pipeline
