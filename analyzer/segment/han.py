"""Which language a clause of Han characters belongs to: its neighbours first, then the note, then the model.

Hanja glued to Hangul or standing between Korean words is Korean; kanji glued to kana is Japanese; Han a
space or a mark away from kana, or in a note with kana, is decided by the character-bigram model
(hanlang.py) with a prior towards Japanese; anything else is Chinese unless the model finds strong Japanese
evidence. Characters only Chinese uses (simplified forms, 们, 这) override all but kana glued to the run.
"""

from __future__ import annotations

from analyzer.segment.hanlang import japanese_odds
from analyzer.segment.variant import has_chinese_evidence, has_japanese_evidence

# Above this log10 likelihood ratio a Han-only run with no other context reads as Japanese.
# Chosen on the even lines of FLORES dev (bench/langid_accuracy.py reports the odd ones).
JAPANESE_ODDS = 2.0
_BRACKETS = frozenset("()（）[]［］")
# Japanese corner quotes hold a word inside its sentence (「典型的」な観光); Korean text rarely uses them.
_BRACKETS_BY_SCRIPT = {"Hangul": _BRACKETS, "Kana": _BRACKETS | frozenset("「」『』【】")}
_HARD_BREAKS = frozenset("\n→⇒|｜/／")
_CLAUSE_ENDS = _HARD_BREAKS | frozenset("。．.！!？?；;")
_QUOTES = frozenset("「」『』《》〈〉“”‘’\"'()（）[]［］【】")
# A run mixing forms the PRC does not use with forms Taiwan does not use (国際) is rarely Chinese;
# Hong Kong spellings (裏) mix too, so the mix shifts the odds rather than deciding alone.
SHINJITAI_MIX_ODDS = 4.0
# In a Japanese note or file a Han-only run is Japanese unless the model is at least this sure it is
# Chinese (log10 odds). Chosen on the even lines of FLORES dev: none of their 4,365 Japanese Han runs
# scores this low, 71% of their Chinese clauses without Chinese-only characters do.
CHINESE_ODDS_IN_JAPANESE_CONTEXT = -5.0
# Between kana and a Han clause a space or a punctuation mark away, the clause is Chinese when the model's
# log10 odds are at most this. Chosen on the even lines of FLORES dev (bench/langid_accuracy.py, mixed lines).
CHINESE_ODDS_NEAR_KANA = 0.0
CHINESE_ODDS_IN_KANA_NOTE = -1.0  # the same for a clause in a note with kana elsewhere (a line break away)
_LENGTH_CAP = {1: 0.6, 2: 0.75, 3: 0.85}
MAX_HANJA_WORD = 4  # longer Han runs between Korean words are quoted Chinese, not Hanja
# Chinese sentence-final particles: a longer run ending in one is a Chinese clause even when
# its Korean translation follows without a space (眼睛位置太高了눈 위치가 ...).
_CLAUSE_ENDINGS = frozenset("了吗嗎呢吧啊嘛")


def han_languages(
    text: str, runs: list[tuple[str, int, int]], has_hangul: bool, has_kana: bool, hint: str | None
) -> dict[int, tuple[str, float]]:
    """(language, confidence) of each Han run of `runs`, by index: runs of one clause share one decision."""
    decided: dict[int, tuple[str, float]] = {}
    for first, last in _han_clauses(text, runs):
        found = _clause_language(text, runs, first, last, has_hangul, has_kana, hint)
        decided.update((i, found) for i in range(first, last + 1))
    return decided


def _han_clauses(text: str, runs: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """(first, last) indices of Han runs that read as one clause: a number between them (2008年11月26日,
    在 1922 年) or quotes and brackets (以至於「比鄰」天體), and no sentence end or line break."""
    clauses: list[tuple[int, int]] = []
    for i, (script, start, _) in enumerate(runs):
        if script != "Han":
            continue
        if clauses and clauses[-1][1] == i - 1 and _inside_clause(text[runs[i - 1][2] : start]):
            clauses[-1] = (clauses[-1][0], i)
        else:
            clauses.append((i, i))
    return clauses


def _inside_clause(gap: str) -> bool:
    """Two Han runs with `gap` between them are one clause: a number or quotes, no sentence end.
    A space or a comma alone may separate a Chinese clause from Japanese (湖泊　天然の)."""
    inner = gap.strip()
    if not inner or not _CLAUSE_ENDS.isdisjoint(gap):
        return False
    if inner.isdigit():  # spaced on both sides or on neither: 在 1922 年, 11月26日; not 千言万语 5分の1
        return gap[0].isspace() == gap[-1].isspace()
    return all(char in _QUOTES for char in gap)  # a space too may end a Chinese clause before Japanese


def _clause_language(
    text: str,
    runs: list[tuple[str, int, int]],
    first: int,
    last: int,
    has_hangul: bool,
    has_kana: bool,
    hint: str | None,
) -> tuple[str, float]:
    """(language, confidence) of the Han runs runs[first..last], one clause."""
    prev = runs[first - 1] if first else None
    nxt = runs[last + 1] if last + 1 < len(runs) else None
    before = text[prev[2] : runs[first][1]] if prev else ""
    after = text[runs[last][2] : nxt[1]] if nxt else ""
    pieces = [text[start:end] for _, start, end in runs[first : last + 1]]
    han = "".join(pieces)
    chinese = has_chinese_evidence(han)
    # Hanja glued to Hangul (調整해, 눈(眼)) belongs to the Korean sentence; Korean Hanja has no
    # simplified forms, and a Chinese clause typed right before its translation is not Hanja.
    if not chinese and not _chinese_clause(han) and (_beside(prev, "Hangul", before) or _beside(nxt, "Hangul", after)):
        return "ko", 0.99
    # Kanji glued to kana (確認済み) is Japanese.
    if _beside(prev, "Kana", before) or _beside(nxt, "Kana", after):
        return "ja", 0.99
    if (
        prev
        and nxt
        and prev[0] == nxt[0] == "Hangul"
        and not before.strip()
        and not after.strip()
        and len(han) <= MAX_HANJA_WORD
        and not chinese
    ):
        return "ko", 0.9
    # Kanji a space or a punctuation mark away from kana, or elsewhere in a note with kana and no Hangul, is
    # Japanese unless the characters say Chinese: forms only Chinese uses (タイミング 确认), or Chinese
    # character bigrams (ゲームをしたり 到某些國家). In a Japanese file the model must be far surer.
    near = _near(prev, "Kana", before) or _near(nxt, "Kana", after)
    if (near or (has_kana and not has_hangul)) and not chinese:
        odds = sum(japanese_odds(piece) for piece in pieces)
        if hint == "ja":
            threshold = CHINESE_ODDS_IN_JAPANESE_CONTEXT
        else:
            threshold = CHINESE_ODDS_NEAR_KANA if near else CHINESE_ODDS_IN_KANA_NOTE
        return ("ja" if odds > threshold else "zh"), _margin(odds - threshold, len(han))
    return han_only_language(pieces, hint == "ja")


def han_only_language(han_runs: list[str], japanese_context: bool) -> tuple[str, float]:
    """(language, confidence) of runs of Han text with no Hangul or kana beside them, read as one note."""
    if any(has_chinese_evidence(han) for han in han_runs):
        return "zh", 0.99
    odds = sum(japanese_odds(han) for han in han_runs)
    if japanese_context:
        return ("zh", 0.9) if odds <= CHINESE_ODDS_IN_JAPANESE_CONTEXT else ("ja", 0.9)
    if has_japanese_evidence("".join(han_runs)):
        odds += SHINJITAI_MIX_ODDS
    return ("ja" if odds >= JAPANESE_ODDS else "zh"), _margin(odds - JAPANESE_ODDS, sum(len(han) for han in han_runs))


def _margin(odds_over_threshold: float, length: int) -> float:
    """Confidence from the model's margin over its threshold, capped by how little a short run can show."""
    margin = 1.0 / (1.0 + 10.0 ** (-abs(odds_over_threshold)))
    return round(min(_LENGTH_CAP.get(length, 0.95), max(0.5, margin)), 3)


def _chinese_clause(han: str) -> bool:
    return len(han) > MAX_HANJA_WORD and han[-1] in _CLAUSE_ENDINGS


def _beside(run: tuple[str, int, int] | None, script: str, gap: str) -> bool:
    """`run` is of `script` and touches the Han run: nothing or only brackets between them."""
    return run is not None and run[0] == script and _glued(gap, _BRACKETS_BY_SCRIPT[script])


def _near(run: tuple[str, int, int] | None, script: str, gap: str) -> bool:
    """`run` is of `script` and in the same clause: no line break, arrow or slash between them."""
    return run is not None and run[0] == script and _HARD_BREAKS.isdisjoint(gap)


def _glued(gap: str, brackets: frozenset[str]) -> bool:
    """Nothing, or only brackets (spaces allowed around them: 표정 (表情)) between Han and the other script."""
    inner = gap.strip()
    return not gap or (bool(inner) and all(ch in brackets for ch in inner))
