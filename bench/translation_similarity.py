"""Print how the MT-similarity metric separates unrelated sentences from ones sharing words (FLORES-200 dev).

No translation package is needed: it measures `text_similarity` alone on English and Korean sentences,
against a shuffled partner (unrelated) and against the same sentence with 70% of its words swapped out.
Usage: .venv/bin/python bench/translation_similarity.py [../shared/data/flores200-dev]
"""

from __future__ import annotations

import random
import statistics
import sys
from pathlib import Path

from analyzer.align.translation import MT_CENTER, text_similarity


def _swap_words(sentence: str, other: str, keep: float, rng: random.Random) -> str:
    words, others = sentence.split(), other.split()
    return " ".join(w if rng.random() < keep or k >= len(others) else others[k] for k, w in enumerate(words))


def main() -> None:
    folder = Path(
        sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent.parent / "shared/data/flores200-dev"
    )
    print(f"MT_CENTER = {MT_CENTER}")
    for lang, file in (("en", "eng_Latn.dev"), ("ko", "kor_Hang.dev")):
        lines = [line.strip().replace('""', '"') for line in (folder / file).open(encoding="utf-8")]
        rng = random.Random(1)
        n = len(lines)
        unrelated = [text_similarity(lines[i], lines[(i + 1 + rng.randrange(n - 1)) % n], lang) for i in range(n)]
        shared = [text_similarity(s, _swap_words(s, lines[(i + 7) % n], 0.3, rng), lang) for i, s in enumerate(lines)]
        q_un, q_sh = statistics.quantiles(unrelated, n=20), statistics.quantiles(shared, n=20)
        print(
            f"{lang}: {n} sentences; unrelated median {statistics.median(unrelated):.3f} p95 {q_un[-1]:.3f}; "
            f"30% of words shared median {statistics.median(shared):.3f} p05 {q_sh[0]:.3f}"
        )


if __name__ == "__main__":
    main()
