"""The dialect calibration data (../shared/data, read in place, never copied) and the held-out split.

nk-sk-news-dev: the same 1,000 sentences in South (ko) and North (nk) Korean norms,
CC BY-NC-ND: evaluation and calibration only. Sentences 0-499 fit, 500-999 are held out.
nk-speeches (CC0): NK New Year addresses, the original text only (not the SK commentary).
flores200-dev Korean (CC BY-SA): more South Korean prose for the fit and the flag threshold.
"""

from __future__ import annotations

import re
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
SPLIT = 500
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def news(side: str) -> list[str]:
    """`ko` (South Korean norms) or `nk` (the same sentences in North Korean norms)."""
    name = "korean-english-park.dev.ko" if side == "ko" else "northkorean-english.dev.nk"
    lines = (DATA / "nk-sk-news-dev" / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines]


def speech_sentences(limit_per_file: int = 40) -> list[str]:
    out: list[str] = []
    for path in sorted((DATA / "nk-speeches").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "원 문" in text:  # files with an SK commentary (해제) before the original (원문)
            text = text.split("원 문", 1)[1]
        sentences = [re.sub(r"\s+", " ", s).strip() for s in _SENTENCE_END.split(text)]
        out.extend([s for s in sentences if 20 <= len(s) <= 300][:limit_per_file])
    return out


def flores_korean() -> list[str]:
    """FLORES-200 dev Korean (CC BY-SA 4.0): South Korean prose, CSV-style doubled quotes undone."""
    lines = (DATA / "flores200-dev" / "kor_Hang.dev").read_text(encoding="utf-8").splitlines()
    return [line.replace('""', '"') for line in lines]


def auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    ranked = sorted([(p, 1) for p in positives] + [(n, 0) for n in negatives])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mid = (i + j + 1) / 2  # average 1-based rank of the tie block
        rank_sum += mid * sum(label for _, label in ranked[i:j])
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def documents(sentences: list[str], size: int = 10) -> list[str]:
    return [" ".join(sentences[i : i + size]) for i in range(0, len(sentences) - size + 1, size)]
