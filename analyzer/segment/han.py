"""Which language a run of Han characters belongs to: its neighbours first, then the note, then the model.

Hanja glued to Hangul or standing between Korean words is Korean; kanji beside kana, or
in a note or file that is otherwise Japanese, is Japanese; anything else is Chinese unless
the character-bigram model (hanlang.py) finds strong Japanese evidence.
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
_LENGTH_CAP = {1: 0.6, 2: 0.75, 3: 0.85}
MAX_HANJA_WORD = 4  # longer Han runs between Korean words are quoted Chinese, not Hanja


def han_language(
    text: str, runs: list[tuple[str, int, int]], i: int, has_hangul: bool, has_kana: bool, hint: str | None
) -> tuple[str, float]:
    """(language, confidence) of the Han run runs[i] in `text`."""
    _, start, end = runs[i]
    prev = runs[i - 1] if i else None
    nxt = runs[i + 1] if i + 1 < len(runs) else None
    before = text[prev[2] : start] if prev else ""
    after = text[end : nxt[1]] if nxt else ""
    # Hanja glued to Hangul (調整해, 눈(眼)) belongs to the Korean sentence.
    if (prev and prev[0] == "Hangul" and _glued(before)) or (nxt and nxt[0] == "Hangul" and _glued(after)):
        return "ko", 0.99
    if (prev and prev[0] == "Kana" and not _HARD_BREAKS & set(before)) or (
        nxt and nxt[0] == "Kana" and not _HARD_BREAKS & set(after)
    ):
        return "ja", 0.99
    han = text[start:end]
    if (
        prev
        and nxt
        and prev[0] == nxt[0] == "Hangul"
        and not before.strip()
        and not after.strip()
        and end - start <= MAX_HANJA_WORD
        and not has_chinese_evidence(han)
    ):
        return "ko", 0.9
    return han_only_language([han], (has_kana and not has_hangul) or hint == "ja")


def han_only_language(han_runs: list[str], japanese_context: bool) -> tuple[str, float]:
    """(language, confidence) of runs of Han text with no Hangul or kana beside them, read as one note."""
    if any(has_chinese_evidence(han) for han in han_runs):
        return "zh", 0.99
    if japanese_context:
        return "ja", 0.9
    odds = sum(japanese_odds(han) for han in han_runs)
    if has_japanese_evidence("".join(han_runs)):
        odds += SHINJITAI_MIX_ODDS
    # Confidence follows the model's margin, capped by how little a short run can show.
    cap = _LENGTH_CAP.get(sum(len(han) for han in han_runs), 0.95)
    margin = 1.0 / (1.0 + 10.0 ** (-abs(odds - JAPANESE_ODDS)))
    return ("ja" if odds >= JAPANESE_ODDS else "zh"), round(min(cap, max(0.5, margin)), 3)


def _glued(gap: str) -> bool:
    """Nothing, or only brackets (spaces allowed around them: 표정 (表情)) between Hanja and Hangul."""
    inner = gap.strip()
    return not gap or (bool(inner) and all(ch in _BRACKETS for ch in inner))
