"""Which language a run of Han characters belongs to: its neighbours first, then the note, then the model.

Hanja glued to Hangul or standing between Korean words is Korean; kanji beside kana, or
in a note or file that is otherwise Japanese, is Japanese; anything else is Chinese unless
the character-bigram model (hanlang.py) finds strong Japanese evidence. Characters only
Chinese uses (simplified forms, 们, 这) override the neighbours, except kana glued to the run.
"""

from __future__ import annotations

from analyzer.segment.hanlang import japanese_odds
from analyzer.segment.variant import has_chinese_evidence, has_japanese_evidence

# Above this log10 likelihood ratio a Han-only run with no other context reads as Japanese.
# Chosen on the even lines of FLORES dev (bench/langid_accuracy.py reports the odd ones).
JAPANESE_ODDS = 2.0
_BRACKETS = frozenset("()（）[]［］")
_HARD_BREAKS = frozenset("\n→⇒|｜/／")
# A run mixing forms the PRC does not use with forms Taiwan does not use (国際) is rarely Chinese;
# Hong Kong spellings (裏) mix too, so the mix shifts the odds rather than deciding alone.
SHINJITAI_MIX_ODDS = 4.0
# In a Japanese note or file a Han-only run is Japanese unless the model is at least this sure it is
# Chinese (log10 odds). Chosen on the even lines of FLORES dev: none of their 4,365 Japanese Han runs
# scores this low, 71% of their Chinese clauses without Chinese-only characters do.
CHINESE_ODDS_IN_JAPANESE_CONTEXT = -5.0
_LENGTH_CAP = {1: 0.6, 2: 0.75, 3: 0.85}
MAX_HANJA_WORD = 4  # longer Han runs between Korean words are quoted Chinese, not Hanja
# Chinese sentence-final particles: a longer run ending in one is a Chinese clause even when
# its Korean translation follows without a space (眼睛位置太高了눈 위치가 ...).
_CLAUSE_ENDINGS = frozenset("了吗嗎呢吧啊嘛")


def han_language(
    text: str, runs: list[tuple[str, int, int]], i: int, has_hangul: bool, has_kana: bool, hint: str | None
) -> tuple[str, float]:
    """(language, confidence) of the Han run runs[i] in `text`."""
    _, start, end = runs[i]
    prev = runs[i - 1] if i else None
    nxt = runs[i + 1] if i + 1 < len(runs) else None
    before = text[prev[2] : start] if prev else ""
    after = text[end : nxt[1]] if nxt else ""
    han = text[start:end]
    chinese = has_chinese_evidence(han)
    # Hanja glued to Hangul (調整해, 눈(眼)) belongs to the Korean sentence; Korean Hanja has no
    # simplified forms, and a Chinese clause typed right before its translation is not Hanja.
    if not chinese and not _chinese_clause(han) and (_beside(prev, "Hangul", before) or _beside(nxt, "Hangul", after)):
        return "ko", 0.99
    # Kanji glued to kana (確認済み) is Japanese; kanji a space or a comma away is too, unless
    # its characters are ones only Chinese uses (タイミング 确认).
    if _beside(prev, "Kana", before) or _beside(nxt, "Kana", after):
        return "ja", 0.99
    if not chinese and (_near(prev, "Kana", before) or _near(nxt, "Kana", after)):
        return "ja", 0.99
    if (
        prev
        and nxt
        and prev[0] == nxt[0] == "Hangul"
        and not before.strip()
        and not after.strip()
        and end - start <= MAX_HANJA_WORD
        and not chinese
    ):
        return "ko", 0.9
    return han_only_language([han], (has_kana and not has_hangul) or hint == "ja")


def han_only_language(han_runs: list[str], japanese_context: bool) -> tuple[str, float]:
    """(language, confidence) of runs of Han text with no Hangul or kana beside them, read as one note."""
    if any(has_chinese_evidence(han) for han in han_runs):
        return "zh", 0.99
    odds = sum(japanese_odds(han) for han in han_runs)
    if japanese_context:
        return ("zh", 0.9) if odds <= CHINESE_ODDS_IN_JAPANESE_CONTEXT else ("ja", 0.9)
    if has_japanese_evidence("".join(han_runs)):
        odds += SHINJITAI_MIX_ODDS
    # Confidence follows the model's margin, capped by how little a short run can show.
    cap = _LENGTH_CAP.get(sum(len(han) for han in han_runs), 0.95)
    margin = 1.0 / (1.0 + 10.0 ** (-abs(odds - JAPANESE_ODDS)))
    return ("ja" if odds >= JAPANESE_ODDS else "zh"), round(min(cap, max(0.5, margin)), 3)


def _chinese_clause(han: str) -> bool:
    return len(han) > MAX_HANJA_WORD and han[-1] in _CLAUSE_ENDINGS


def _beside(run: tuple[str, int, int] | None, script: str, gap: str) -> bool:
    """`run` is of `script` and touches the Han run: nothing or only brackets between them."""
    return run is not None and run[0] == script and _glued(gap)


def _near(run: tuple[str, int, int] | None, script: str, gap: str) -> bool:
    """`run` is of `script` and in the same clause: no line break, arrow or slash between them."""
    return run is not None and run[0] == script and _HARD_BREAKS.isdisjoint(gap)


def _glued(gap: str) -> bool:
    """Nothing, or only brackets (spaces allowed around them: 표정 (表情)) between Hanja and Hangul."""
    inner = gap.strip()
    return not gap or (bool(inner) and all(ch in _BRACKETS for ch in inner))
