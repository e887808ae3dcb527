"""Split a note into language runs: Chinese, Korean, Japanese, and the rest.

The text is normalised first (analyzer/text/normalize.py: NFC, invisible characters dropped). Script decides
(Hangul is Korean, Kana is Japanese); Han characters take the language of their context (han.py);
Latin, Cyrillic and other letters go to a quick English check, then a seeded statistical detector
(latin.py). Numbers, cut IDs, punctuation and emoji attach to the neighbouring run.

May import: model, text, resources. Never align, dialect, detect, report or run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from analyzer.model import Comment, Segment
from analyzer.segment.han import han_languages, han_only_language
from analyzer.segment.latin import detect_latin
from analyzer.segment.scripts import OPENING, SCRIPT_RUN, SEPARATORS
from analyzer.segment.variant import chinese_variant
from analyzer.text.normalize import is_normal, normalize
from analyzer.text.scripts import HAN, HANGUL, HAS_HAN, HAS_HANGUL, HAS_KANA, KANA, has_cjk

__all__ = ["segment", "segment_comments", "file_hint", "has_cjk", "normalize"]

_SCRIPT_LANG = {"Hangul": "ko", "Kana": "ja"}
MAX_FRAGMENT_WORDS = 2
_HARD_BREAKS = frozenset("\n→⇒|｜/／=")
_SENTENCE_ENDS = frozenset("。．.！!？?：:；;–—")
_COMMAS = frozenset("，,、")
_WIDE_GAP = re.compile(r"\s\s|\u3000|\s[-~～]|[-~～]\s")
# (script, its letters, any other letter): a note with letters of one CJK script skips the run logic.
_ONLY = tuple(
    (name, re.compile(f"[{chars}]+"), re.compile(rf"[^\W\d_{chars}]"))
    for name, chars in (("Hangul", HANGUL), ("Han", HAN), ("Kana", KANA))
)
_finditer = SCRIPT_RUN.finditer


def segment(text: str, *, hint: str | None = None) -> list[Segment]:
    """Language runs of `text`, in order, covering every letter (offsets in characters of `text`).

    `hint` is the language of the note's surroundings ("ja" for a Japanese notes file):
    it decides Han-only runs that carry no Chinese evidence of their own. Invisible characters and
    decomposed Hangul are read through (analyzer/text/normalize.py); the offsets still point into `text`.
    """
    normalized = normalize(text)
    segments = _segment(normalized.text, hint)
    if not normalized.changed:
        return segments
    mapped = []
    for seg in segments:
        start, end = normalized.original_span(seg.start, seg.end)
        mapped.append(replace(seg, start=start, end=end))
    return mapped


def _segment(text: str, hint: str | None) -> list[Segment]:
    """Language runs of normalised text."""
    single = _single_script(text, hint)
    if single is not None:  # one CJK script: the common short note
        return [single]
    runs = [(m.lastgroup, *m.span()) for m in _finditer(text)]
    if not runs:
        stripped = text.strip()
        if not stripped:
            return []  # empty, blank, or nothing to read
        start = text.index(stripped[0])
        return [Segment(start, start + len(stripped), "und", "Other", 0.0)]
    groups = _groups(text, runs, hint)
    if not groups:  # only identifiers such as "C001"
        start = len(text) - len(text.lstrip())
        return [Segment(start, len(text.rstrip()), "und", "Latin", 0.0)]
    return _finish(text, groups)


def file_hint(texts: Sequence[str]) -> str | None:
    """ "ja" when a file is Japanese: no Hangul, and at least as many notes with kana as notes of Han
    without kana, so its kanji-only notes are Japanese too; a stray の in a Chinese file is not enough."""
    for text in texts:
        if HAS_KANA.search(text):
            break
    else:
        return None  # no kana: not Japanese, known by one search a note (most files)
    with_kana = han_only = 0
    for text in texts:
        if HAS_HANGUL.search(text):
            return None
        if HAS_KANA.search(text):
            with_kana += 1
        elif HAS_HAN.search(text):
            han_only += 1
    return "ja" if with_kana and with_kana >= han_only else None


def segment_comments(comments: Sequence[Comment]) -> list[tuple[Comment, tuple[Segment, ...]]]:
    """Segments of each comment, with the file each comes from as context for Han-only notes.

    A comment whose text normalisation changes comes back with the normalised text (later stages read that)
    and the text as extracted in `original`; its segments' offsets are in the normalised text.
    """
    normalized = [_normalized(c) for c in comments]
    by_file: dict[tuple[str, str | None], list[str]] = {}
    for comment in normalized:
        by_file.setdefault((comment.path, comment.member), []).append(comment.text)
    hints = {key: file_hint(texts) for key, texts in by_file.items()}
    return [(c, _segments(c.text, hints[(c.path, c.member)])) for c in normalized]


# Notes repeat across a delivery (timestamps, set phrases, "OK"): the runs of a short one are kept, bounded in count
# and in length so a dump of long notes cannot fill memory.
SHORT_NOTE = 256  # characters
# Notes repeat more still but for their numbers (第12帧..., 12프레임..., Frame 12: ...). The runs of a text depend on
# where its digits are, never on which digits they are: no script run, separator, bracket, clause mark or Han form
# holds an ASCII digit, a run's neighbours are tested by `isdigit`, and the Latin languages read letters only
# (langdetect reads every digit as a space). So a short note's runs are looked up with its digits written as 0.
_NONZERO_DIGIT = re.compile("[1-9]")


def _segments(text: str, hint: str | None) -> tuple[Segment, ...]:
    """`_segment` as a tuple, from the cache for a short note (keyed with its digits as 0)."""
    if len(text) <= SHORT_NOTE:
        return _short_note_segments(_NONZERO_DIGIT.sub("0", text), hint)
    return tuple(_segment(text, hint))


@lru_cache(maxsize=4096)
def _short_note_segments(text: str, hint: str | None) -> tuple[Segment, ...]:
    return tuple(_segment(text, hint))


def _normalized(comment: Comment) -> Comment:
    if is_normal(comment.text):
        return comment
    found = normalize(comment.text)
    return replace(comment, text=found.text, original=comment.text) if found.changed else comment


def _is_cut_id(text: str, start: int, end: int) -> bool:
    """Short Latin letters glued to digits (C012, S3, ep01) are identifiers, not language."""
    if end - start > 3:
        return False
    return (start > 0 and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit())


def _single_script(text: str, hint: str | None) -> Segment | None:
    """The one segment of a note whose letters are all Hangul, all kana or all Han; else None."""
    for script, letters, others in _ONLY:
        if letters.search(text) is None:
            continue
        if others.search(text) is not None:
            return None  # a note has one first letter: no other script can be the only one
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        if script != "Han":
            return Segment(start, end, _SCRIPT_LANG[script], script, 0.99)
        han = letters.findall(text)
        lang, confidence = han_only_language(han, hint == "ja")
        return Segment(start, end, lang, "Han", confidence, chinese_variant(text) if lang == "zh" else None)
    return None


def _groups(text: str, runs: list[tuple[str, int, int]], hint: str | None) -> list[list]:
    """Runs of one language merged: [lang, script, start, end, confidence]; "?Latin" etc. are decided later."""
    scripts = {run[0] for run in runs}
    has_hangul = "Hangul" in scripts
    has_kana = "Kana" in scripts
    han = han_languages(text, runs, has_hangul, has_kana, hint) if "Han" in scripts else {}
    groups: list[list] = []
    for i, (script, start, end) in enumerate(runs):
        if script in _SCRIPT_LANG:
            lang, confidence = _SCRIPT_LANG[script], 0.99
        elif script == "Han":
            lang, confidence = han[i]
        elif script == "Latin" and _is_cut_id(text, start, end):
            continue  # identifiers attach to a neighbour in _finish
        else:
            lang, confidence = "?" + script, 0.0
        if groups and groups[-1][0] == lang:
            last = groups[-1]
            last[3] = end
            last[4] = max(last[4], confidence)
            if script in _SCRIPT_LANG:
                last[1] = script  # a Korean or Japanese run is named by its phonetic script
            continue
        groups.append([lang, "Hangul" if lang == "ko" else script, start, end, confidence])
    if len(groups) < 2:
        return groups
    # A name or term of one or two Latin words next to a CJK run (纳达尔（Nadal）, 把 layout 调整)
    # belongs to that run's sentence, unless a line break, an arrow or a clause's punctuation stands between
    # them (Retake: 头太大了); a comma does not when the same language stands on both sides (颜色、layout、大小).
    merged: list[list] = []
    for i, group in enumerate(groups):
        prev = merged[-1] if merged else None
        nxt = groups[i + 1] if i + 1 < len(groups) else None
        if group[0][0] == "?" and len(text[group[2] : group[3]].split()) <= MAX_FRAGMENT_WORDS:
            # An acronym or a word of no language (KV, SFX) stays with its sentence whatever the punctuation.
            alone = _reads_as_language(text[group[2] : group[3]])
            enumeration = bool(prev and nxt and prev[0] == nxt[0])
            if prev and prev[0][0] != "?" and _same_clause(text[prev[3] : group[2]], alone, enumeration):
                prev[3] = group[3]
                continue
            if nxt and nxt[0][0] != "?" and _same_clause(text[group[3] : nxt[2]], alone, enumeration):
                nxt[2] = group[2]
                continue
        if prev and prev[0] == group[0]:
            prev[3] = group[3]
            prev[4] = max(prev[4], group[4])
        else:
            merged.append(group)
    return merged


def _reads_as_language(fragment: str) -> bool:
    """A Latin fragment that is a word of a language (Fix, Looks good), not an acronym or a name (KV, Zagreb)."""
    return not fragment.isupper() and detect_latin(fragment)[0] != "und"


def _same_clause(gap: str, alone: bool, enumeration: bool) -> bool:
    """Nothing between a Latin fragment and a CJK run that ends a clause: a line break, an arrow or a slash;
    for a fragment that reads as a language of its own, also punctuation (a comma only outside an
    enumeration), a spaced dash, two spaces or an ideographic space (Fix　头太大了)."""
    if not _HARD_BREAKS.isdisjoint(gap):
        return False
    if not alone:
        return True
    if not _SENTENCE_ENDS.isdisjoint(gap) or _WIDE_GAP.search(gap):
        return False
    return enumeration or _COMMAS.isdisjoint(gap)


def _finish(text: str, groups: list[list]) -> list[Segment]:
    """Widen each run over what is glued to it: digits, cut IDs, punctuation, emoji, brackets."""
    count = len(groups)
    starts = [g[2] for g in groups]
    ends = [g[3] for g in groups]
    lead = text[: starts[0]]
    starts[0] = len(lead) - len(lead.lstrip())
    for i in range(count - 1):
        end, limit = ends[i], starts[i + 1]
        # Up to the first separator or opening bracket, what follows a run is glued to it (了。 12点 C1).
        while end < limit and text[end] not in SEPARATORS and text[end] not in OPENING:
            end += 1
        ends[i] = end
        # After the separators, what precedes the next run opens it (C012 눈, 「目」).
        while end < limit and text[end] in SEPARATORS:
            end += 1
        starts[i + 1] = end
    tail = text[ends[-1] :]
    ends[-1] += len(tail.rstrip())
    segments = []
    for (lang, script, run_start, run_end, confidence), start, end in zip(groups, starts, ends):
        if lang[0] == "?":
            lang, confidence = detect_latin(text[run_start:run_end])
        variant = chinese_variant(text[start:end]) if lang == "zh" else None
        segments.append(Segment(start, end, lang, script, confidence, variant))
    return segments
