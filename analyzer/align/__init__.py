"""Pair each Chinese sentence with its Korean translation: in the same note, in adjacent notes, across sidecars.

Public building blocks: `align` (beads over two sentence lists), `pair_score`
(probability that two texts are translations) and `pair_comments` (the scan's use).

May import: model, text, sketch, resources, engines (the sentence encoder's thread setting, machine translation). Never
detect, report or run.
"""

from __future__ import annotations

import contextlib
import threading
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from analyzer.align import encoder
from analyzer.align.aligner import Analysed, MayPair, align, align_records
from analyzer.align.beads import Bead
from analyzer.align.direction import order_signals, verdict
from analyzer.align.records import KoSide, ZhSide
from analyzer.align.score import (
    Lexical,
    PairScore,
    ko_record,
    pair_model,
    score_records,
    with_translation_similarity,
    zh_record,
)
from analyzer.align.score import pair_score as _pair_score
from analyzer.align.sentences import Sentence
from analyzer.model import NOTE_SOURCES, Comment, Pair, Segment, Span
from analyzer.sketch import sketch_of
from analyzer.text.sentences import split_sentences

__all__ = ["Bead", "PairScore", "align", "pair_score", "pair_ahead", "pair_comments", "pair_threshold"]


@lru_cache(maxsize=256)  # pairs repeat within a unit's pairing rounds, rarely across units
def pair_score(chinese: str, korean: str) -> PairScore:
    """Probability (with evidence) that `korean` is a translation of `chinese`."""
    # HOOK (issue 9): machine-translation similarity when packages are installed; a no-op otherwise.
    return with_translation_similarity(_pair_score(chinese, korean), chinese, korean)


def pair_threshold() -> float:
    """Probability at which a pair is reported (and relay.zh-ko-pair fires): models/align/pair_model.json."""
    return pair_model().threshold


def _sentences(comments: Sequence[tuple[Comment, Sequence[Segment]]]) -> list[Sentence]:
    out: list[Sentence] = []
    note_index: dict[str, int] = defaultdict(int)
    for comment, segments in comments:
        if comment.source not in NOTE_SOURCES:
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


@lru_cache(maxsize=256)  # asked for each sentence of the sidecar round: a file's sentences share it
def _sketch_key(file_key: str) -> str:
    path, member = file_key.split("\x00")
    return sketch_of(path, member or None)


def _span(sentences: Sequence[Sentence], comment_of: dict[str, Comment]) -> Span | None:
    if len({s.comment_id for s in sentences}) != 1:
        return None  # a merged bead across two notes is reported sentence by sentence instead
    first, last = sentences[0], sentences[-1]
    text = comment_of[first.comment_id].text[first.start : last.end]
    return Span(first.comment_id, first.lang, first.start, last.end, text)


@lru_cache(maxsize=1024)  # asked twice per reported pair; a delivery's notes share a few stamps
def _moment(stamp: str | None) -> datetime | None:
    """An ISO 8601 time, made comparable (naive times are taken as UTC); None when absent or unreadable."""
    try:
        moment = datetime.fromisoformat(stamp) if stamp else None
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def _direction(scored: PairScore, zh: Sentence, ko: Sentence, comment_of: dict[str, Comment]) -> dict[str, Any]:
    """Text signals of the pair plus where the two sit: order in the note or file, and note times."""
    if zh.comment_id == ko.comment_id:
        zh_first: bool | None = zh.start < ko.start
        where = "in the note"
    elif zh.file_key == ko.file_key and zh.note_index != ko.note_index:
        zh_first, where = zh.note_index < ko.note_index, "among the notes of the file"
    else:
        zh_first, where = None, ""
    zh_time, ko_time = _moment(comment_of[zh.comment_id].timestamp), _moment(comment_of[ko.comment_id].timestamp)
    zh_earlier = zh_time < ko_time if zh_time and ko_time and zh_time != ko_time else None
    signals = scored.evidence["direction"]["signals"] + order_signals(zh_first, zh_earlier, where)
    return verdict(signals)


def _within_adjacent_notes(zh: list[Sentence], ko: list[Sentence]) -> MayPair:
    """Beads of the adjacent round join sentences of one note and the next, never further apart (and are never
    scored otherwise: a file of thousands of notes then costs a few beads per note)."""

    zh_notes, ko_notes = [s.note_index for s in zh], [s.note_index for s in ko]

    def may_pair(i: int, di: int, j: int, dj: int) -> bool:
        indices = zh_notes[i : i + di] + ko_notes[j : j + dj]
        return max(indices) - min(indices) <= 1

    return may_pair


def _analysis(analysed: Analysed, bead: Bead, z: ZhSide, k: KoSide) -> Lexical | None:
    """The DP's lexical analysis of the bead, when it read the same texts as the reported span (the span of a merge
    keeps the note's own separator between its sentences, which the DP's merged text may not)."""
    found = analysed.get((bead.src[0], len(bead.src), bead.tgt[0], len(bead.tgt)))
    if found is None or found[0].text != z.text or found[1].text != k.text:
        return None
    return found[2]


def _round_key(scope: str, zh: list[Sentence], ko: list[Sentence]) -> RoundKey:
    return scope, tuple((s.text, s.note_index) for s in zh), tuple((s.text, s.note_index) for s in ko)


def _round_records(zh: list[Sentence], ko: list[Sentence]) -> RoundScored:
    return [zh_record(s.text) for s in zh], [ko_record(s.text) for s in ko], {}, {}


def _pair_round(
    zh: list[Sentence],
    ko: list[Sentence],
    scope: str,
    comment_of: dict[str, Comment],
    used: set[Sentence],
    scored_before: Scored | None = None,
) -> list[Pair]:
    pairs: list[Pair] = []
    threshold = pair_threshold()
    may_pair = _within_adjacent_notes(zh, ko) if scope == "adjacent" else None
    if scored_before is None:
        zh_records, ko_records, scored, analysed = _round_records(zh, ko)
    else:
        key = _round_key(scope, zh, ko)
        if key not in scored_before:
            scored_before[key] = _round_records(zh, ko)
        zh_records, ko_records, scored, analysed = scored_before[key]
    # Only one note's own sentences can make a document whose merges the encoder checks (aligner.py): the other rounds
    # align collections of separate notes, whose merges the lexical score settles without loading the encoder.
    check_merges = scope == "note"
    for bead in align_records(zh_records, ko_records, may_pair, scored, check_merges, analysed):
        if not bead.src or not bead.tgt or bead.score < threshold:
            continue
        src_sents = [zh[i] for i in bead.src]
        tgt_sents = [ko[j] for j in bead.tgt]
        src, tgt = _span(src_sents, comment_of), _span(tgt_sents, comment_of)
        if src is None or tgt is None:
            continue
        if len(bead.src) == len(bead.tgt) == 1:  # the records the DP scored
            z, k = zh_records[bead.src[0]], ko_records[bead.tgt[0]]
        else:  # sentences of one note merged: the span's own text, separators included
            z, k = zh_record(src.text), ko_record(tgt.text)
        # The encoder is asked only about what the DP embedded: a unit's encoder work stays bounded (aligner.py).
        embedded = encoder.known(z.text) and encoder.known(k.text)
        scored = score_records(z, k, ask_encoder=embedded, analysed=_analysis(analysed, bead, z, k))
        scored = with_translation_similarity(scored, z.text, k.text)
        direction = _direction(scored, src_sents[0], tgt_sents[0], comment_of)
        evidence = {**scored.evidence, "features": scored.features, "direction": direction}
        pairs.append(Pair(src, tgt, scored.probability, scope, evidence))
        used.update(src_sents + tgt_sents)
    return pairs


def pair_ahead(units: Sequence[Sequence[tuple[Comment, Sequence[Segment]]]]) -> None:
    """Pair units ahead of their turn, so that the sentences the encoder must embed for any of them are embedded in
    one batch (a batch of one sentence costs nearly as much as one of twenty: encoder.py).

    Then call `pair_comments` on each unit, in order: a unit that needed no embedding gets the pairs found here (when
    what it read of the encoder's cache still holds at its turn), one that did is paired at its turn and finds its
    embeddings ready. The pairs are those `pair_comments` alone finds, but for the last bits of an embedding (a
    batch's shape moves them). Results are kept until the next call: pass a chunk of units at a time.
    """
    kept, scored_ahead = _kept_ahead(), _scored_ahead()
    kept.clear()
    scored_ahead.clear()
    if pair_model().stage() is None:
        return  # no encoder: nothing to batch
    wanted: list[str] = []
    for comments in units:
        if len(comments) > AHEAD_NOTES:
            continue
        scored: Scored = {}
        try:
            sentences = _unit_sentences(comments)
            if not sentences:
                continue  # no round could pair anything (most units): at its turn the unit finds that as fast
            with encoder.ahead_of_turn() as reads:
                pairs = _pair_unit(comments, scored, sentences)
        except encoder.Ahead as ahead:
            wanted.extend(ahead.texts)
            scored_ahead[_unit_key(comments)] = (_unit(comments), scored, sentences)
        except Exception:  # noqa: BLE001 - the unit fails again at its turn, where its caller reports the failure
            continue
        else:
            kept[_unit_key(comments)] = (_unit(comments), pairs, reads)
    # An encoder that cannot load fails again at each unit's turn, where its caller reports the failure.
    with contextlib.suppress(Exception):
        encoder.prefetch(wanted)


def pair_comments(comments: Sequence[tuple[Comment, Sequence[Segment]]]) -> list[Pair]:
    """All Chinese->Korean pairs among the notes of one batch (a folder or an archive)."""
    kept, scored_ahead = _kept_ahead(), _scored_ahead()
    key = _unit_key(comments) if kept or scored_ahead else ()
    found = kept.pop(key, None) if kept else None
    if found is not None and found[0] == _unit(comments) and encoder.reads_hold(found[2]):
        return list(found[1])
    ahead = scored_ahead.pop(key, None) if scored_ahead else None
    if ahead is not None and ahead[0] == _unit(comments):
        return _pair_unit(comments, ahead[1], ahead[2])
    return _pair_unit(comments)


# Units with more notes than this are paired at their turn only: pairing one ahead may be repeated at its turn.
AHEAD_NOTES = 32
Unit = tuple[tuple[Comment, tuple[Segment, ...]], ...]
# .kept, from pair_ahead: a unit's comment ids -> the unit, its pairs, and what it read of the encoder's cache.
_ahead = threading.local()
# A pairing round's sentences (scope; Chinese and Korean texts with their note indices, which is all its DP reads)
# -> their records and the beads scored, as align_records takes them: none of it depends on the encoder, so a unit
# paired ahead that needed embeddings reuses it at its turn instead of analysing its sentences again.
RoundKey = tuple[str, tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]
BeadScores = dict[tuple[int, int, int, int], tuple[float, float, float, int]]  # align_records' `scored`
RoundScored = tuple[list[ZhSide], list[KoSide], BeadScores, Analysed]
Scored = dict[RoundKey, RoundScored]


def _kept_ahead() -> dict[tuple[str, ...], tuple[Unit, list[Pair], dict[str, Any]]]:
    if not hasattr(_ahead, "kept"):
        _ahead.kept = {}
    return _ahead.kept


def _scored_ahead() -> dict[tuple[str, ...], tuple[Unit, Scored, list[Sentence]]]:
    """.scored, from pair_ahead: a unit that needed the encoder's embeddings -> what its rounds had analysed, and its
    sentences."""
    if not hasattr(_ahead, "scored"):
        _ahead.scored = {}
    return _ahead.scored


def _unit_key(comments: Sequence[tuple[Comment, Sequence[Segment]]]) -> tuple[str, ...]:
    return tuple([comment.id for comment, _ in comments])


def _unit(comments: Sequence[tuple[Comment, Sequence[Segment]]]) -> Unit:
    """The unit as a value: the pairs kept for it serve only a unit equal to it."""
    return tuple((comment, tuple(segments)) for comment, segments in comments)


def _unit_sentences(comments: Sequence[tuple[Comment, Sequence[Segment]]]) -> list[Sentence]:
    """The sentences of the unit's notes; none when no note has a Chinese or no note a Korean segment."""
    languages = {seg.lang for comment, segments in comments if comment.source in NOTE_SOURCES for seg in segments}
    if "zh" not in languages or "ko" not in languages:
        return []  # no round could pair anything (most units): nothing to split
    return _sentences(comments)


def _pair_unit(
    comments: Sequence[tuple[Comment, Sequence[Segment]]],
    scored: Scored | None = None,
    sentences: list[Sentence] | None = None,
) -> list[Pair]:
    """The unit's pairs; `scored` keeps what its rounds analyse (or holds what they analysed ahead of its turn), and
    `sentences` are the unit's when they are known (_unit_sentences)."""
    sentences = _unit_sentences(comments) if sentences is None else sentences
    if not sentences:
        return []
    comment_of = {c.id: c for c, _ in comments}
    used: set[Sentence] = set()
    pairs: list[Pair] = []
    rounds = (
        ("note", lambda s: s.comment_id),
        ("adjacent", lambda s: s.file_key),
        ("sidecar", lambda s: _sketch_key(s.file_key)),
    )
    for scope, key in rounds:
        if len({s.lang for s in sentences if s not in used}) < 2:
            break  # no Chinese or no Korean sentence left: no round pairs anything (nor needs a sketch's name)
        groups: dict[str, tuple[list[Sentence], list[Sentence]]] = defaultdict(lambda: ([], []))
        for sentence in sentences:
            if sentence not in used:
                groups[key(sentence)][0 if sentence.lang == "zh" else 1].append(sentence)
        for zh, ko in groups.values():
            if zh and ko:
                pairs.extend(_pair_round(zh, ko, scope, comment_of, used, scored))
    return pairs
