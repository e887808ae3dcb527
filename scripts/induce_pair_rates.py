"""Write models/align/evidence_rates.tsv: how often each reading and glossary rendering turns up in translations.

Counted on the fit lines (0..599) of FLORES-200 dev, zho_Hans against kor_Hang; the held-out lines
(600..996) are never read. Only counts are written, no sentence. Run it before bench/calibrate_pairs.py,
which fits the pair model on these lines with the same counts made on each half (cross-fitting).
The counting lives here, with the fitting scripts; analyzer/align/rates.py only reads the table.
Usage: .venv/bin/python scripts/induce_pair_rates.py
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from flores import load, split  # noqa: E402

from analyzer.align import rates  # noqa: E402
from analyzer.align.glossary import glossary  # noqa: E402
from analyzer.align.matching import match  # noqa: E402
from analyzer.align.records import ko_side, zh_side  # noqa: E402
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


def induce(pairs: Iterable[tuple[str, str]]) -> rates.EvidenceRates:
    """Count, over (Chinese, Korean) translation pairs, the evidence that the pair model finds in each."""
    usage = glossary().usage  # the note vocabulary: no rate (features.py leaves it out of gloss_llr)
    chars: Counter[str] = Counter()
    char_found: Counter[str] = Counter()
    terms: Counter[str] = Counter()
    term_found: Counter[str] = Counter()
    koreans = []
    for chinese, korean in pairs:
        z, k = zh_side(chinese, rates.EvidenceRates()), ko_side(korean)
        found = match(z, k)
        read = found.chars | found.words | found.loose
        for i, weight in enumerate(z.weights):
            if weight:
                chars[chinese[i]] += 1
                char_found[chinese[i]] += i in read
        hits = {(start, term) for start, _, term, _ in found.gloss}
        for start, _, term, _ in z.gloss:
            if term in usage:
                continue
            terms[term] += 1
            term_found[term] += (start, term) in hits
        koreans.append(k)
    term_sentences = {
        term: sum(1 for k in koreans if any(f in k.text for f in forms))
        for term, forms in glossary().terms.items()
        if term not in usage
    }
    syllables = sum(len(k.syllables) for k in koreans) / max(len(koreans), 1)
    return rates.EvidenceRates(
        {c: (chars[c], char_found[c]) for c in chars},
        {t: (terms[t], term_found[t]) for t in terms},
        term_sentences,
        len(koreans),
        round(syllables, 3),
    )


def write(counted: rates.EvidenceRates, path: Path, header: Iterable[str]) -> None:
    lines = [f"# {line}" for line in header]
    lines += [f"#sentences\t{counted.sentences}", f"#syllables\t{counted.syllables}"]
    lines += [f"char\t{c}\t{s}\t{f}" for c, (s, f) in sorted(counted.chars.items(), key=lambda kv: (-kv[1][0], kv[0]))]
    for term in sorted(counted.term_sentences, key=lambda t: (-counted.terms.get(t, (0, 0))[0], t)):
        seen, found = counted.terms.get(term, (0, 0))
        lines.append(f"term\t{term}\t{seen}\t{found}\t{counted.term_sentences[term]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def fit_pairs() -> list[tuple[str, str]]:
    zh, ko = load()
    fit, _ = split(zh, ko)
    return [(zh[i], ko[i]) for i in fit]


def main() -> int:
    pairs = fit_pairs()
    counted = induce(pairs)
    out = model_path(*rates.FILE)
    write(counted, out, HEADER)
    print(f"{len(counted.chars)} characters, {len(counted.terms)} glossary terms seen in {len(pairs)} pairs -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
