"""Dialect score on held-out data: sentence AUC, 10-sentence document AUC, SK sentences flagged, speed.

Held out: nk-sk-news-dev sentences 500-999 (the fit used 0-499). Targets: sentence
AUC ≥ 0.90, document AUC ≥ 0.99, South Korean sentences above the flag threshold ≤ 1%.
Run: .venv/bin/python bench/dialect_bench.py  (needs ../shared/data; timings are noisy on a shared box).
Exits 1 when a target is missed.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dialect_data import DATA, SPLIT, auc, documents, news, speech_sentences  # noqa: E402

from analyzer.dialect import STRONG_KINDS, dialect_score, flag_threshold  # noqa: E402

NAIVE_ATTACHED = re.compile(r"[할될는던한을](?:수|것|때문|데)|(?:하고있|되고있)")


def scores(texts: list[str]) -> list[float]:
    return [dialect_score(t).nk_score for t in texts]


def naive(texts: list[str]) -> list[float]:
    """Baselines: attached-construction regex hits per word, and Hangul syllables per space (fewer spaces = NK)."""
    return [len(NAIVE_ATTACHED.findall(t)) / max(len(t.split()), 1) for t in texts]


def syllables_per_space(texts: list[str]) -> list[float]:
    return [sum("가" <= ch <= "힣" for ch in t) / max(t.count(" "), 1) for t in texts]


def verdict(met: bool) -> str:
    return "ok" if met else "MISSED"


def main() -> int:
    south, north = news("ko")[SPLIT:], news("nk")[SPLIT:]
    dialect_score("준비")  # start the JVM outside the timing
    started = time.perf_counter()
    s_south, s_north = scores(south), scores(north)
    seconds = time.perf_counter() - started
    d_south, d_north = scores(documents(south)), scores(documents(north))
    threshold = flag_threshold()
    flagged_south = sum(p >= threshold for p in s_south) / len(s_south)
    flagged_north = sum(p >= threshold for p in s_north) / len(s_north)
    speeches = speech_sentences()
    flagged_speech = sum(p >= threshold for p in scores(speeches)) / len(speeches)
    sentence_auc, document_auc = auc(s_north, s_south), auc(d_north, d_south)
    targets = [sentence_auc >= 0.90, document_auc >= 0.99, flagged_south <= 0.01]
    print(f"held-out sentences: {len(south)} SK + {len(north)} NK (same content, two norms)")
    print(f"sentence AUC            {sentence_auc:.4f}   (target >= 0.90: {verdict(targets[0])})")
    baseline_regex = auc(naive(north), naive(south))
    baseline_spaces = auc(syllables_per_space(north), syllables_per_space(south))
    print(f"  baselines: attached regex {baseline_regex:.4f}, syllables per space {baseline_spaces:.4f}")
    print(
        f"10-sentence doc AUC     {document_auc:.4f}   (target >= 0.99: {verdict(targets[1])}; "
        f"{len(d_south)}+{len(d_north)} docs)"
    )
    print(f"SK sentences flagged    {flagged_south:.2%}   (target <= 1%: {verdict(targets[2])}; threshold {threshold})")
    print(f"NK sentences flagged    {flagged_north:.2%}   (recall at that threshold, sentence level)")
    print(f"NK speech sentences flagged {flagged_speech:.2%} of {len(speeches)} (fit data, for reference)")
    flores = (DATA / "flores200-dev" / "kor_Hang.dev").read_text(encoding="utf-8").splitlines()
    strong = STRONG_KINDS | {"no-saisiot"}
    spelled = sum(1 for line in flores if {m.kind for m in dialect_score(line).markers} & strong)
    print(f"FLORES SK sentences with NK spelling or vocabulary markers {spelled}/{len(flores)} (fit data)")
    print(f"speed: {2 * len(south) / seconds:.0f} sentences/s (cold caches, shared machine: noisy)")
    return 0 if all(targets) else 1


if __name__ == "__main__":
    sys.exit(main())
