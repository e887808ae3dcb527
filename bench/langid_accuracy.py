"""Language identification on FLORES-200 dev, full length and cut short, beside seeded langdetect; and speed.

Usage: python bench/langid_accuracy.py [--data ../shared/data/flores200-dev] [--lines N] [--no-langdetect]
       [--mixed-only] [--mixed-lines N]

Chinese (Simplified and Traditional), Korean and Japanese lines are cut to their first 2, 4, 8
and 16 characters, English lines to their first 2, 4, 8 and 16 words. A cut with no letter of
its language's script (a Korean line starting "JAS 39C" cut to "JA") is left out and counted.
The language we answer for an item is the one whose segments cover the most characters.

Two columns for us: "alone" segments each item with no context, as a lone note; "in file"
segments it as a note of a file made of the items of its set (the same cut of the same
FLORES file), with the file's hint (analyzer.segment.file_hint), as a scan does. Kanji-only
Japanese cuts can only be told by context: "shared" counts the items of a Chinese or Japanese set
that occur verbatim in a set of the other language (日本, 野生動物), which no context-free labeller
can get right on both sides.

The Japanese-odds thresholds (analyzer/segment/han.py) were chosen on the even lines, so the
odd lines are the held-out half and are reported on their own. No table in models/ is built
from FLORES. Speed: the segmentation pass (no spaCy) over the cut items, best of 3 runs, with
langdetect's cache cleared before each run; Latin runs with no English evidence (mostly names)
go to langdetect, which costs tens of milliseconds each, so the zh/ko/ja figure is given apart.
Speed is counted in CPU seconds of this process (time.process_time), so other work on a shared
machine slows it less than wall time would; it is still noisy, so the load average is printed.

Mixed-language lines (bench/mixed_lines.py): two FLORES clauses of two languages joined by a space or
punctuation (zh+ko, ja+zh, en+zh, ko+en ..., seeded), scored by letter accuracy: the share of letters
whose segment has the language of the clause they come from. Seeded langdetect labels a whole line.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

from mixed_lines import KINDS, MixedLine, build, letter_labels

from analyzer.segment import file_hint, segment
from analyzer.segment.latin import langdetect_best
from analyzer.segment.variant import has_variant_form

ROOT = Path(__file__).resolve().parent.parent
FILES = {"zho_Hans": "zh", "zho_Hant": "zh", "kor_Hang": "ko", "jpn_Jpan": "ja", "eng_Latn": "en"}
LENGTHS = (2, 4, 8, 16)
SCRIPT_OF = {
    "zh": re.compile(r"[\u3400-\u9fff\uf900-\ufaff]"),
    "ja": re.compile(r"[\u3040-\u30ff\u3400-\u9fff]"),
    "ko": re.compile(r"[\uac00-\ud7a3]"),
    "en": re.compile(r"[A-Za-z]"),
}
# Issue 4: zh, ko, ja >= 99.5% at every cut of 2 characters or more; English >= 99% from 2 words.
TARGETS = {"zh": 99.5, "ko": 99.5, "ja": 99.5, "en": 99.0}
SPEED_TARGET = 50_000


def clean(line: str) -> str:
    """A FLORES line without its CSV quoting (Korean has "..."" ..." on some lines)."""
    line = line.strip()
    if line.startswith('"') and line.endswith('"') and '""' in line:
        line = line[1:-1]
    return line.replace('""', '"')


def load(data: Path, name: str, limit: int | None) -> list[str]:
    lines = (data / f"{name}.dev").read_text(encoding="utf-8").splitlines()
    return [clean(line) for line in lines[:limit]]


def cut(line: str, lang: str, length: int | None) -> str:
    if length is None:
        return line
    if lang == "en":
        return " ".join(line.split()[:length])
    return line[:length]


def ours(text: str, hint: str | None = None) -> tuple[str, str | None]:
    cover: Counter[str] = Counter()
    variant = None
    for seg in segment(text, hint=hint):
        cover[seg.lang] += seg.end - seg.start
        variant = variant or seg.variant
    return (cover.most_common(1)[0][0] if cover else "und"), variant


def percent(part: int, whole: int) -> float:
    return 100.0 * part / (whole or 1)


def our_labels(text: str) -> list[str | None]:
    """The language of the segment each character falls in (None outside every segment)."""
    labels: list[str | None] = [None] * len(text)
    for seg in segment(text):
        labels[seg.start : seg.end] = [seg.lang] * (seg.end - seg.start)
    return labels


def langdetect_labels(text: str) -> list[str | None]:
    """Seeded langdetect's one language for the whole line, on every character."""
    return [langdetect_best(text)[0]] * len(text)


def report_mixed(corpus: dict[str, list[str]], per_kind: int, with_langdetect: bool) -> None:
    """Letter accuracy on mixed-language lines, per kind, on even (tuning) and odd (held-out) FLORES lines."""
    print(f"mixed-language lines ({per_kind} per kind and half, seeded): letter accuracy")
    print("target: >= 99% overall, >= 98% for Japanese+Chinese lines")
    print(f"{'kind':7} {'even':>7} {'odd':>7} {'langdet odd':>11}  misread odd lines (first)")
    totals: dict[str, list[int]] = {}
    halves = {parity: build(corpus, parity, per_kind) for parity in (0, 1)}
    for first, second in KINDS:
        kind = f"{first}+{second}"
        row = []
        example = ""
        for parity, labeller in ((0, our_labels), (1, our_labels), (1, langdetect_labels)):
            if labeller is langdetect_labels and not with_langdetect:
                row.append(None)
                continue
            right = total = 0
            for line in (m for m in halves[parity] if m.kind == kind):
                r, t = letter_labels(line, labeller)
                right, total = right + r, total + t
                if parity == 1 and labeller is our_labels and r < t and not example:
                    example = _shown(line)
                key = ("ours" if labeller is our_labels else "langdetect") + f"/{parity}"
                totals.setdefault(key, [0, 0])
                totals[key][0] += r
                totals[key][1] += t
            row.append(percent(right, total))
        cells = " ".join("      -" if v is None else f"{v:6.2f}%" for v in row[:2])
        detect = "          -" if row[2] is None else f"{row[2]:10.2f}%"
        print(f"{kind:7} {cells} {detect}  {example}")
    overall = {key: percent(*value) for key, value in totals.items()}
    detect = f"{overall['langdetect/1']:10.2f}%" if "langdetect/1" in overall else "          -"
    print(f"{'all':7} {overall['ours/0']:6.2f}% {overall['ours/1']:6.2f}% {detect}")


def _shown(line: MixedLine) -> str:
    return "[" + " | ".join(f"{line.text[s.start : s.end]}={s.lang}" for s in segment(line.text)) + "]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "flores200-dev")
    parser.add_argument("--lines", type=int, default=None, help="use only the first N lines of each file")
    parser.add_argument("--no-langdetect", action="store_true", help="skip the (slow) langdetect column")
    parser.add_argument("--mixed-only", action="store_true", help="only the mixed-language lines")
    parser.add_argument("--mixed-lines", type=int, default=300, help="mixed lines per kind and half (default 300)")
    args = parser.parse_args()

    corpus = {name: load(args.data, name, args.lines) for name in FILES}
    report_mixed(corpus, args.mixed_lines, not args.no_langdetect)
    if args.mixed_only:
        return
    print()
    # The cuts of each language, for the items that occur verbatim in both Chinese and Japanese.
    cuts: dict[tuple[str, int | None], set[str]] = defaultdict(set)
    for name, lang in FILES.items():
        for length in (*LENGTHS, None):
            cuts[(lang, length)].update(cut(line, lang, length) for line in corpus[name])

    right: dict[tuple[str, int | None], Counter[str]] = defaultdict(Counter)
    items: list[tuple[str, str]] = []
    skipped: Counter[tuple[str, int | None]] = Counter()
    for name, lang in FILES.items():
        for length in (*LENGTHS, None):
            key = (name, length)
            r = right[key]
            kept = [(n, cut(line, lang, length)) for n, line in enumerate(corpus[name])]
            kept = [(n, text) for n, text in kept if SCRIPT_OF[lang].search(text)]
            skipped[key] = len(corpus[name]) - len(kept)
            hint = file_hint([text for _, text in kept])
            rival = {"zh": "ja", "ja": "zh"}.get(lang)
            for number, text in kept:
                if length is not None:  # the speed figure is for short segments
                    items.append((text, lang))
                got, variant = ours(text)
                in_file = ours(text, hint)[0] if hint else got
                held = number % 2 == 1
                r["n"] += 1
                r["alone"] += got == lang
                r["file"] += in_file == lang
                r["held_n"] += held
                r["held_alone"] += held and got == lang
                r["held_file"] += held and in_file == lang
                r["shared"] += rival is not None and text in cuts[(rival, length)]
                if lang == "zh":
                    decidable = has_variant_form(text)
                    r["variant"] += variant == name[-4:]
                    r["variant_n"] += decidable
                    r["variant_decidable"] += decidable and variant == name[-4:]
                if not args.no_langdetect:
                    r["langdetect"] += langdetect_best(text)[0] == lang

    print("accuracy on FLORES-200 dev: ours alone | ours in its file | the same on odd (held-out) lines")
    print("| items also in the other of zh/ja | seeded langdetect | items left out")
    print("target: zh/ko/ja >= 99.5% from 2 characters, en >= 99% from 2 words")
    header = f"{'set':9} {'cut':>4} {'n':>4} {'alone':>7} {'in file':>7} {'odd alone':>9} {'odd file':>8}"
    print(header + f" {'shared':>6} {'langdet':>7} {'out':>4}  notes")
    misses = []
    for name, lang in FILES.items():
        for length in (*LENGTHS, None):
            r = right[(name, length)]
            n = r["n"]
            label = "full" if length is None else f"{length}{'w' if lang == 'en' else 'c'}"
            alone, in_file = percent(r["alone"], n), percent(r["file"], n)
            detect = "-" if args.no_langdetect else f"{percent(r['langdetect'], n):.2f}"
            notes = []
            if lang == "zh":
                notes.append(
                    f"variant {percent(r['variant'], n):.1f}% "
                    f"({percent(r['variant_decidable'], r['variant_n']):.1f}% of the {r['variant_n']} "
                    "with a Hans- or Hant-only form)"
                )
            for column, value in (("alone", alone), ("in file", in_file)):
                if value < TARGETS[lang]:
                    misses.append(f"{name} {label} {column} {value:.2f}% < {TARGETS[lang]}%")
            print(
                f"{name:9} {label:>4} {n:>4} {alone:>6.2f}% {in_file:>6.2f}% "
                f"{percent(r['held_alone'], r['held_n']):>8.2f}% {percent(r['held_file'], r['held_n']):>7.2f}% "
                f"{r['shared']:>6} {detect:>7} {skipped[(name, length)]:>4}  " + "; ".join(notes)
            )
    print("below target: " + ("; ".join(misses) if misses else "none"))

    cjk = [text for text, lang in items if lang != "en"]
    load_average = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nload average before the speed runs: {load_average} ({os.cpu_count()} cores)")
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
        verdict = "meets" if best >= SPEED_TARGET else "BELOW"
        print(
            f"speed: {best:>9,.0f} segments/s over {len(texts):,} {label} ({calls} langdetect calls); "
            f"{cached:,.0f}/s with those answers cached (CPU time of one core, no spaCy; "
            f"{verdict} the {SPEED_TARGET:,}/s target)"
        )


if __name__ == "__main__":
    main()
