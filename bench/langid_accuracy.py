"""Language identification on FLORES-200 dev, full length and cut short, beside seeded langdetect; and speed.

Usage: python bench/langid_accuracy.py [--data ../shared/data/flores200-dev] [--lines N] [--no-langdetect]

Chinese (Simplified and Traditional), Korean and Japanese lines are cut to their first 2, 4, 8
and 16 characters, English lines to their first 2, 4, 8 and 16 words. A cut with no letter of
its language's script (a Korean line starting "JAS 39C" cut to "JA") is left out and counted.
The language we answer for an item is the one whose segments cover the most characters.
The Japanese-odds threshold (analyzer/segment/han.py) was chosen on the even lines, so the
odd lines are the held-out half and are reported on their own. No table in models/ is built
from FLORES. Speed: the segmentation pass (no spaCy) over the cut items, best of 3 runs, with
langdetect's cache cleared before each run; Latin runs with no English evidence (mostly names)
go to langdetect, which costs tens of milliseconds each, so the zh/ko/ja figure is given apart.
Speed is counted in CPU seconds of this process (time.process_time), so other work on a shared
machine slows it less than wall time would; it is still noisy.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

from analyzer.segment import segment
from analyzer.segment.latin import langdetect_best

ROOT = Path(__file__).resolve().parent.parent
FILES = {"zho_Hans": "zh", "zho_Hant": "zh", "kor_Hang": "ko", "jpn_Jpan": "ja", "eng_Latn": "en"}
LENGTHS = (2, 4, 8, 16)
SCRIPT_OF = {
    "zh": re.compile(r"[\u3400-\u9fff\uf900-\ufaff]"),
    "ja": re.compile(r"[\u3040-\u30ff\u3400-\u9fff]"),
    "ko": re.compile(r"[\uac00-\ud7a3]"),
    "en": re.compile(r"[A-Za-z]"),
}


def load(data: Path, name: str, limit: int | None) -> list[str]:
    lines = (data / f"{name}.dev").read_text(encoding="utf-8").splitlines()
    # FLORES Korean has CSV-style doubled quotes on some lines.
    return [line.strip().replace('""', '"') for line in lines[:limit]]


def cut(line: str, lang: str, length: int | None) -> str:
    if length is None:
        return line
    if lang == "en":
        return " ".join(line.split()[:length])
    return line[:length]


def ours(text: str) -> tuple[str, str | None]:
    cover: Counter[str] = Counter()
    variant = None
    for seg in segment(text):
        cover[seg.lang] += seg.end - seg.start
        variant = variant or seg.variant
    return (cover.most_common(1)[0][0] if cover else "und"), variant


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "flores200-dev")
    parser.add_argument("--lines", type=int, default=None, help="use only the first N lines of each file")
    parser.add_argument("--no-langdetect", action="store_true", help="skip the (slow) langdetect column")
    args = parser.parse_args()

    # (name, length) -> counters; "held" counts the odd (held-out) lines only.
    right = defaultdict(Counter)
    items: list[tuple[str, str]] = []
    skipped = Counter()
    ambiguous = Counter()
    texts_by_lang: dict[tuple[str, int | None], set[str]] = defaultdict(set)
    corpus = {name: load(args.data, name, args.lines) for name in FILES}
    for name, lang in FILES.items():
        for length in (*LENGTHS, None):
            for line in corpus[name]:
                texts_by_lang[(lang, length)].add(cut(line, lang, length))
    for name, lang in FILES.items():
        for length in (*LENGTHS, None):
            key = (name, length)
            other = "zh" if lang == "ja" else "ja" if lang == "zh" else None
            for number, line in enumerate(corpus[name]):
                text = cut(line, lang, length)
                if not SCRIPT_OF[lang].search(text):
                    skipped[key] += 1
                    continue
                if length is not None:  # the speed figure is for short segments
                    items.append((text, lang))
                got, variant = ours(text)
                held = number % 2 == 1
                right[key]["n"] += 1
                right[key]["ours"] += got == lang
                right[key]["held_n"] += held
                right[key]["held_ours"] += held and got == lang
                if lang == "zh":
                    right[key]["variant"] += variant == name[-4:]
                if other and text in texts_by_lang[(other, length)]:
                    ambiguous[key] += 1
                if not args.no_langdetect:
                    right[key]["langdetect"] += langdetect_best(text)[0] == lang

    print("accuracy on FLORES-200 dev (ours | ours, odd lines held out | langdetect seeded)")
    print(f"{'set':10} {'cut':>6} {'n':>5} {'ours':>8} {'held-out':>9} {'langdetect':>11} {'left out':>9}  notes")
    for name, lang in FILES.items():
        for length in (*LENGTHS, None):
            r = right[(name, length)]
            n = r["n"] or 1
            label = "full" if length is None else f"{length}{'w' if lang == 'en' else 'c'}"
            detect = "-" if args.no_langdetect else f"{100 * r['langdetect'] / n:.2f}%"
            notes = []
            if lang == "zh":
                notes.append(f"variant {100 * r['variant'] / n:.1f}%")
            if ambiguous[(name, length)]:
                notes.append(f"{ambiguous[(name, length)]} items also occur verbatim in the other of zh/ja")
            print(
                f"{name:10} {label:>6} {r['n']:>5} {100 * r['ours'] / n:>7.2f}% "
                f"{100 * r['held_ours'] / (r['held_n'] or 1):>8.2f}% {detect:>11} {skipped[(name, length)]:>9}  "
                + "; ".join(notes)
            )

    cjk = [text for text, lang in items if lang != "en"]
    print()
    for label, texts in (("all cut items", [text for text, _ in items]), ("zh/ko/ja cut items", cjk)):
        best = 0.0
        for _ in range(3):
            langdetect_best.cache_clear()  # every run pays for its langdetect calls
            started = time.process_time()
            for text in texts:
                segment(text)
            best = max(best, len(texts) / (time.process_time() - started))
        calls = langdetect_best.cache_info().misses
        started = time.process_time()
        for text in texts:  # langdetect answers now cached, as for names repeated across a dump
            segment(text)
        cached = len(texts) / (time.process_time() - started)
        print(
            f"speed: {best:>9,.0f} segments/s over {len(texts):,} {label} ({calls} langdetect calls); "
            f"{cached:,.0f}/s with those answers cached (CPU time of one core, no spaCy)"
        )


if __name__ == "__main__":
    main()
