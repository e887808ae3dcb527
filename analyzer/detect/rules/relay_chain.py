"""relay.chain: an English or Japanese note relayed into Chinese, and the Chinese into Korean (two aligned hops).

The second hop is a relay pair from the aligner; the first is scored here
(analyzer.align.pivot) against English/Japanese sentences in the same note, the
notes of the same file, or the sidecars of the same sketch.
"""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.align.sentences import split_sentences
from analyzer.detect.base import BatchView, Rule, finding
from analyzer.model import SEVERITY_RANK, AnalyzedComment, Finding
from analyzer.sketch import sketch_of

SOURCE_LANGS = ("en", "ja")


def _sources(view: BatchView, near: AnalyzedComment) -> Iterator[tuple[AnalyzedComment, str, int, int]]:
    """(comment, lang, start, end) of each English/Japanese sentence in the same note, file or sketch."""
    key = sketch_of(near.comment.path, near.comment.member)
    for analyzed in view.comments:
        c = analyzed.comment
        same_file = (c.path, c.member) == (near.comment.path, near.comment.member)
        if c.source != "note" or not (same_file or sketch_of(c.path, c.member) == key):
            continue
        for seg in analyzed.segments:
            if seg.lang in SOURCE_LANGS:
                for start, end in split_sentences(c.text, seg.start, seg.end):
                    yield analyzed, seg.lang, start, end


def check(view: BatchView) -> Iterator[Finding]:
    from analyzer.align.pivot import PIVOT_THRESHOLD, pivot_score

    pair_severity = {
        (f.path, f.member, f.locator, f.evidence.get("zh")): f.severity
        for f in view.findings
        if f.rule == "relay.zh-ko-pair"
    }
    for pair in view.pairs:
        zh_note = view.comment(pair.src.comment_id)
        best = None
        for analyzed, lang, start, end in _sources(view, zh_note):
            text = analyzed.comment.text[start:end]
            scored = pivot_score(text, lang, pair.src.text)
            if scored.probability >= PIVOT_THRESHOLD and (best is None or scored.probability > best[0].probability):
                best = (scored, analyzed, lang, text)
        if best is None:
            continue
        scored, source, lang, text = best
        zh = zh_note.comment
        ko = view.comment(pair.tgt.comment_id).comment
        second = pair_severity.get((zh.path, zh.member, zh.locator, pair.src.text), "medium")
        confidence = scored.probability * pair.score
        yield finding(
            RULE,
            path=zh.path,
            member=zh.member,
            locator=zh.locator,
            line=zh.line,
            message=f"{'English' if lang == 'en' else 'Japanese'} note relayed into Chinese "
            f"(p={scored.probability:.2f}) and then into Korean (p={pair.score:.2f}): the shape of a "
            "subcontracting chain through China, a lead to check",
            confidence=confidence,
            severity=max(second, "medium", key=lambda s: SEVERITY_RANK[s]),
            evidence={
                "source_lang": lang,
                "source": text,
                "source_path": source.comment.path,
                "source_locator": source.comment.locator,
                "zh": pair.src.text,
                "ko": pair.tgt.text,
                "ko_path": ko.path,
                "ko_locator": ko.locator,
                "hop1": {"score": scored.probability, **scored.evidence},
                "hop2": {"score": pair.score, "scope": pair.scope},
            },
        )


RULE = Rule(
    id="relay.chain",
    title="English/Japanese -> Chinese -> Korean relay chain",
    description="A source-language note, its Chinese rendering, and the Korean rendering of that (two aligned hops).",
    severity="medium",
    check=check,
)
