"""Write models/align/evidence_rates.tsv: how often each reading and glossary rendering turns up in translations.

Counted on the fit lines (0..599) of FLORES-200 dev, zho_Hans against kor_Hang; the held-out lines
(600..996) are never read. Only counts are written, no sentence. Run it before bench/calibrate_pairs.py,
which fits the pair model on these lines with the same counts made on each half (cross-fitting).
Usage: .venv/bin/python scripts/induce_pair_rates.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from flores import load, split  # noqa: E402

from analyzer.align import rates  # noqa: E402
from analyzer.resources import model_path  # noqa: E402

HEADER = (
    "How often evidence of the pair model turns up in real translations (analyzer/align/rates.py).",
    "char ROW: Han character, Chinese sentences counted with it (each occurrence), occurrences whose",
    "  Sino-Korean reading is found in the Korean translation.",
    "term ROW: glossary term (models/glossary/), occurrences counted, occurrences with a Korean form found in",
    "  the translation, Korean sentences (of #sentences, #syllables distinct syllables on average) holding a form.",
    "Source: induced from FLORES-200 dev lines 0-599, zho_Hans and kor_Hang (NLLB Team, Meta; CC BY-SA 4.0,",
    "  https://creativecommons.org/licenses/by-sa/4.0/), by scripts/induce_pair_rates.py. These counts are",
    "  derived from FLORES-200 and are shared under the same licence, CC BY-SA 4.0. Lines 600-996 are held out.",
)


def fit_pairs() -> list[tuple[str, str]]:
    zh, ko = load()
    fit, _ = split(zh, ko)
    return [(zh[i], ko[i]) for i in fit]


def main() -> int:
    pairs = fit_pairs()
    counted = rates.induce(pairs)
    out = model_path(*rates.FILE)
    rates.write(counted, out, HEADER)
    print(f"{len(counted.chars)} characters, {len(counted.terms)} glossary terms seen in {len(pairs)} pairs -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
