"""Which side of a pair is the source: Chinese punctuation left in the Korean, calques, order and time in the notes.

Each signal names the side it points to and what was seen, so a reviewer can check it;
`verdict` weighs them (punctuation and calques count double: they survive only in a translation).
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.align.glossary import glossary
from analyzer.align.matching import Match
from analyzer.align.records import KoSide, ZhSide

CHINESE_PUNCTUATION = "，。、；：！？“”‘’《》【】（）「」"
_STRONG = {"zh-punctuation-in-korean", "calque"}
_CHINESE_PUNCTUATION = re.compile(f"[{re.escape(CHINESE_PUNCTUATION)}]")
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")  # is_han_ideograph's ranges


def _signal(kind: str, points_to: str, detail: str) -> dict[str, str]:
    return {"kind": kind, "points_to": points_to, "detail": detail}


def text_signals(z: ZhSide, k: KoSide, found: Match) -> list[dict[str, str]]:
    """Signals readable from the two texts alone."""
    signals = []
    left = "".join(dict.fromkeys(_CHINESE_PUNCTUATION.findall(k.text)))
    if left:
        signals.append(_signal("zh-punctuation-in-korean", "zh", left))
    han = _HAN.findall(k.text)  # Han characters left in the Korean: seldom any
    hanja = "".join(dict.fromkeys(ch for ch in han if ch in z.text)) if han else ""
    if hanja:
        signals.append(_signal("han-characters-in-korean", "zh", hanja))
    terms = glossary().usage
    for bigram in found.bigrams:
        for start in z.by_bigram[bigram]:
            word = z.simple[start : start + 2]
            forms = terms.get(word)
            # Read character by character where Korean has its own word: 修改 as 수개 instead of 수정.
            if forms and bigram not in forms and not any(f in k.text for f in forms):
                signals.append(_signal("calque", "zh", f"{word} read as {bigram}, Korean usage {forms[0]}"))
    return signals


def order_signals(zh_first: bool | None, zh_earlier: bool | None, where: str) -> list[dict[str, str]]:
    """Order within the note (or between notes) and timestamps; None when unknown or equal."""
    signals = []
    if zh_first is not None:
        side = "zh" if zh_first else "ko"
        signals.append(_signal("order", side, f"{'Chinese' if zh_first else 'Korean'} comes first {where}"))
    if zh_earlier is not None:
        side = "zh" if zh_earlier else "ko"
        signals.append(_signal("time", side, f"{'Chinese' if zh_earlier else 'Korean'} note is older"))
    return signals


def verdict(signals: list[dict[str, str]]) -> dict[str, Any]:
    weight = {"zh": 0, "ko": 0}
    for signal in signals:
        weight[signal["points_to"]] += 2 if signal["kind"] in _STRONG else 1
    source = "zh" if weight["zh"] > weight["ko"] else "ko" if weight["ko"] > weight["zh"] else "unknown"
    return {"source": source, "signals": signals}
