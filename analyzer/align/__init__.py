"""Pair each Chinese sentence with its Korean translation: in the same note, in adjacent notes, across sidecars.

Public building blocks: `align` (beads over two sentence lists), `pair_score`
(probability that two texts are translations) and `pair_comments` (the scan's use).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from analyzer.align.beads import Bead
from analyzer.align.beads import align as align_with
from analyzer.align.score import PAIR_THRESHOLD, PairScore
from analyzer.align.score import pair_score as _pair_score
from analyzer.align.sentences import Sentence, split_sentences
from analyzer.align.translation import with_translation_similarity
from analyzer.model import Comment, Pair, Segment, Span

__all__ = ["Bead", "PairScore", "PAIR_THRESHOLD", "align", "pair_score", "pair_comments"]


@lru_cache(maxsize=8192)
def pair_score(chinese: str, korean: str) -> PairScore:
    """Probability (with evidence) that `korean` is a translation of `chinese`."""
    # HOOK (issue 9): machine-translation similarity when packages are installed; a no-op otherwise.
    return with_translation_similarity(_pair_score(chinese, korean), chinese, korean)


def _probability(chinese: str, korean: str) -> float:
    return pair_score(chinese, korean).probability


def align(src_sentences: Sequence[str], tgt_sentences: Sequence[str]) -> list[Bead]:
    """Beads aligning Chinese sentences (src) with Korean sentences (tgt), in order."""
    return align_with(src_sentences, tgt_sentences, _probability)


def _sentences(comments: Sequence[tuple[Comment, Sequence[Segment]]]) -> list[Sentence]:
    out: list[Sentence] = []
    note_index: dict[str, int] = defaultdict(int)
    for comment, segments in comments:
        if comment.source != "note":
            continue
        file_key = f"{comment.path}\x00{comment.member or ''}"
        index = note_index[file_key]
        note_index[file_key] += 1
        for seg in segments:
            if seg.lang not in ("zh", "ko"):
                continue
            for start, end in split_sentences(comment.text, seg.start, seg.end):
                out.append(Sentence(comment.id, seg.lang, start, end, comment.text[start:end], index, file_key))
    return out


# Suffixes that name a sidecar's language or role rather than its sketch: c010_zh.txt, c010-notes.json.
_SIDECAR_SUFFIX = re.compile(r"[_\-. ](zh|cn|chs|cht|ko|kr|kor|ja|jp|en|notes?|memo|comments?|retakes?|sidecar)$", re.I)


def _sketch_key(file_key: str) -> str:
    """Files of one sketch share a folder and a stem: c010.png, c010_zh.txt, c010_ko.xmp."""
    path, member = file_key.split("\x00")
    name = member or path
    stem = os.path.basename(name).split(".")[0]
    while True:
        shorter = _SIDECAR_SUFFIX.sub("", stem)
        if shorter == stem or not shorter:
            break
        stem = shorter
    return os.path.join(os.path.dirname(name), stem.lower())


def _span(sentences: Sequence[Sentence], text_of: dict[str, str]) -> Span | None:
    if len({s.comment_id for s in sentences}) != 1:
        return None  # a merged bead across two notes is reported sentence by sentence instead
    first, last = sentences[0], sentences[-1]
    text = text_of[first.comment_id][first.start : last.end]
    return Span(first.comment_id, first.lang, first.start, last.end, text)


def _pair_round(
    zh: list[Sentence], ko: list[Sentence], scope: str, text_of: dict[str, str], used: set[Sentence]
) -> list[Pair]:
    pairs: list[Pair] = []
    for bead in align([s.text for s in zh], [s.text for s in ko]):
        if not bead.src or not bead.tgt or bead.score < PAIR_THRESHOLD:
            continue
        src_sents = [zh[i] for i in bead.src]
        tgt_sents = [ko[j] for j in bead.tgt]
        if scope == "adjacent":
            indices = [s.note_index for s in src_sents + tgt_sents]
            if max(indices) - min(indices) > 1:
                continue
        src, tgt = _span(src_sents, text_of), _span(tgt_sents, text_of)
        if src is None or tgt is None:
            continue
        scored = pair_score(src.text, tgt.text)
        pairs.append(Pair(src, tgt, scored.probability, scope, {**scored.evidence, "features": scored.features}))
        used.update(src_sents + tgt_sents)
    return pairs


def pair_comments(comments: Sequence[tuple[Comment, Sequence[Segment]]]) -> list[Pair]:
    """All Chinese->Korean pairs among the notes of one batch (a folder or an archive)."""
    sentences = _sentences(comments)
    text_of = {c.id: c.text for c, _ in comments}
    used: set[Sentence] = set()
    pairs: list[Pair] = []
    rounds = (
        ("note", lambda s: s.comment_id),
        ("adjacent", lambda s: s.file_key),
        ("sidecar", lambda s: _sketch_key(s.file_key)),
    )
    for scope, key in rounds:
        groups: dict[str, tuple[list[Sentence], list[Sentence]]] = defaultdict(lambda: ([], []))
        for sentence in sentences:
            if sentence not in used:
                groups[key(sentence)][0 if sentence.lang == "zh" else 1].append(sentence)
        for zh, ko in groups.values():
            if zh and ko:
                pairs.extend(_pair_round(zh, ko, scope, text_of, used))
    return pairs
