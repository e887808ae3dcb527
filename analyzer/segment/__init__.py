"""Split a note into language runs: Chinese, Korean, Japanese, and the rest.

Script decides first (Hangul is Korean, Kana is Japanese); Han characters take
the language of their context (Hanja inside a Korean sentence, kanji beside
kana); Latin text goes to a seeded statistical detector. Numbers, cut IDs and
punctuation attach to the neighbouring run.
"""

from __future__ import annotations

from analyzer.model import Segment
from analyzer.segment.latin import detect_latin
from analyzer.segment.scripts import CLOSING, SEPARATORS, ScriptRun, has_cjk, script_runs
from analyzer.segment.variant import chinese_variant, has_chinese_evidence

__all__ = ["segment", "has_cjk"]

_SCRIPT_LANG = {"Hangul": "ko", "Kana": "ja"}
_NON_CJK = frozenset({"Latin", "Cyrillic", "Other"})


def segment(text: str) -> list[Segment]:
    """Language runs of `text`, in order, covering every letter (offsets in characters)."""
    runs = script_runs(text)
    if not runs:
        if text.strip():
            return [Segment(0, len(text), "und", "Other", 0.0)]
        return []
    langs = _assign_languages(text, runs)
    groups = _merge_runs(text, runs, langs)
    if not groups:  # only identifiers such as "C001"
        return [Segment(0, len(text.rstrip()), "und", "Latin", 0.0)]
    return _finish(text, groups)


def _gap(text: str, left: ScriptRun | None, right: ScriptRun | None) -> str:
    start = left.end if left else 0
    end = right.start if right else len(text)
    return text[start:end]


def _is_cut_id(text: str, run: ScriptRun) -> bool:
    """Short Latin letters glued to digits (C012, S3, ep01) are identifiers, not language."""
    if run.script != "Latin" or run.end - run.start > 3:
        return False
    before = text[run.start - 1] if run.start > 0 else ""
    after = text[run.end] if run.end < len(text) else ""
    return before.isdigit() or after.isdigit()


def _assign_languages(text: str, runs: list[ScriptRun]) -> list[str]:
    """A language per run; "" marks runs that are identifiers and attach to a neighbour."""
    note_has_hangul = any(r.script == "Hangul" for r in runs)
    note_has_kana = any(r.script == "Kana" for r in runs)
    langs: list[str] = []
    for i, run in enumerate(runs):
        if run.script in _SCRIPT_LANG:
            langs.append(_SCRIPT_LANG[run.script])
        elif run.script == "Han":
            prev = runs[i - 1] if i > 0 else None
            nxt = runs[i + 1] if i + 1 < len(runs) else None
            langs.append(_han_language(text, run, prev, nxt, note_has_hangul, note_has_kana))
        elif _is_cut_id(text, run):
            langs.append("")
        else:
            langs.append("?")  # decided per merged Latin group below
    return langs


def _han_language(
    text: str,
    run: ScriptRun,
    prev: ScriptRun | None,
    nxt: ScriptRun | None,
    note_has_hangul: bool,
    note_has_kana: bool,
) -> str:
    han = text[run.start : run.end]
    gap_before = _gap(text, prev, run)
    gap_after = _gap(text, run, nxt)
    # Hanja glued to Hangul (調整해, 눈(眼)) belongs to the Korean sentence.
    for neighbour, gap in ((prev, gap_before), (nxt, gap_after)):
        if neighbour and neighbour.script == "Hangul" and gap in ("", "(", ")", "（", "）", "[", "]"):
            return "ko"
    for neighbour, gap in ((prev, gap_before), (nxt, gap_after)):
        if neighbour and neighbour.script == "Kana" and not (set(gap) & set("\n→|")):
            return "ja"
    chinese_evidence = has_chinese_evidence(han)
    if (
        prev
        and nxt
        and prev.script == nxt.script == "Hangul"
        and not gap_before.strip()
        and not gap_after.strip()
        and len(han) <= 4
        and not chinese_evidence
    ):
        return "ko"
    if note_has_kana and not note_has_hangul and not chinese_evidence:
        return "ja"
    return "zh"


def _merge_runs(text: str, runs: list[ScriptRun], langs: list[str]) -> list[tuple[str, str, int, int, int]]:
    """Merge neighbouring runs of one language: (lang, script, start, end, letters)."""
    groups: list[list] = []
    for run, lang in zip(runs, langs):
        if lang == "":
            continue  # identifiers attach in _finish
        script = "Latin" if run.script in _NON_CJK else run.script
        if lang in ("ko", "ja") and run.script == "Han":
            script = "Hangul" if lang == "ko" else "Kana"
        if groups and (groups[-1][0] == lang or (lang == "?" and groups[-1][0] == "?")):
            groups[-1][3] = run.end
            groups[-1][4] += run.end - run.start
            continue
        groups.append([lang, script, run.start, run.end, run.end - run.start])
    # A single short Latin word inside a CJK sentence (把 layout 调整) stays in that sentence.
    merged: list[list] = []
    for i, group in enumerate(groups):
        prev = merged[-1] if merged else None
        nxt = groups[i + 1] if i + 1 < len(groups) else None
        inner = text[group[2] : group[3]]
        if (
            group[0] == "?"
            and prev
            and nxt
            and prev[0] == nxt[0] != "?"
            and " " not in inner
            and "\n" not in text[prev[3] : nxt[2]]
        ):
            prev[3] = group[3]
            continue
        if prev and prev[0] == group[0]:
            prev[3] = group[3]
            prev[4] += group[4]
            continue
        merged.append(group)
    return [tuple(g) for g in merged]


def _finish(text: str, groups: list[tuple[str, str, int, int, int]]) -> list[Segment]:
    """Widen each run over the identifiers and punctuation that belong to it."""
    starts = [g[2] for g in groups]
    ends = [g[3] for g in groups]
    lead = text[: starts[0]]
    starts[0] = len(lead) - len(lead.lstrip())
    for i in range(len(groups)):
        limit = starts[i + 1] if i + 1 < len(groups) else len(text)
        end = ends[i]
        while end < limit and text[end] in CLOSING:
            end += 1
        if i + 1 == len(groups):
            end += len(text[end:].rstrip())
        else:
            gap = text[end:limit]
            cut = max((k for k, ch in enumerate(gap) if ch in SEPARATORS), default=-1)
            # What follows the last separator (a cut ID, an opening bracket) opens the next run.
            starts[i + 1] = end + cut + 1
        ends[i] = end
    segments = []
    for (lang, script, run_start, run_end, letters), start, end in zip(groups, starts, ends):
        if lang == "?":
            lang, confidence = detect_latin(text[run_start:run_end])
        else:
            confidence = _cjk_confidence(lang, letters)
        variant = chinese_variant(text[start:end]) if lang == "zh" else None
        segments.append(Segment(start, end, lang, script, confidence, variant))
    return segments


def _cjk_confidence(lang: str, letters: int) -> float:
    if lang in ("ko", "ja"):
        return 0.99
    # Han-only text: longer runs are more surely Chinese.
    return {1: 0.6, 2: 0.75, 3: 0.85}.get(letters, 0.95)
