"""Notes expected / found / junk per document format, on files made by the producing libraries and LibreOffice.

Usage: python bench/extract_documents.py     (needs LibreOffice `soffice` for .doc, .ppt, .odp, .xls, .rtf
and LibreOffice's PDF; those rows are left out without it)

Expected: the notes planted in each file (tests/office_fixtures.py). Found: planted notes reported with
source "note" (text equal, or the planted text inside a longer note). Junk: "note" rows that hold none of
the planted notes (template prompts, generator strings and properties must come out as metadata).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from office_fixtures import (  # noqa: E402
    KO,
    KO2,
    ZH,
    ZH2,
    convert,
    deck_pptx,
    retake_ods,
    retake_pdf,
    retake_xlsx,
    review_docx,
    review_odt,
    soffice_missing,
)

from analyzer.extract import Limits, extract_bytes  # noqa: E402

REVIEW = [ZH, KO, ZH2, KO2, "线条太粗", "旧的说明", "第2集 修改单"]  # body, change, comment, footnote, header
DECK = ["C012 修改", ZH, KO, ZH2]  # title, body, text box, speaker notes
SHEET = [ZH, KO, ZH2]  # note columns and the cell comment


def cases() -> list[tuple[str, bytes, list[str]]]:
    out = [
        ("review.docx", review_docx(), [ZH, KO, KO2, ZH2, "旧的说明", "Keep", "C013", "线条太粗", "第2集 修改单"]),
        ("review.odt", review_odt(), REVIEW),
        ("deck.pptx", deck_pptx(), [*DECK, KO2]),
        ("retakes.ods", retake_ods(), SHEET),
        ("retake.pdf", retake_pdf(), [ZH, KO, ZH2, KO2, "线条太粗", "Layout approved.", "口型对不上", "已 确认 &通过"]),
    ]
    if soffice_missing() is None:
        out += [
            ("review.doc", convert(review_odt(), ".odt", "doc"), REVIEW),
            ("review.rtf", convert(review_odt(), ".odt", "rtf"), REVIEW),
            ("review-lo.docx", convert(review_odt(), ".odt", "docx"), REVIEW),
            ("review-lo.pdf", convert(review_odt(), ".odt", "pdf"), REVIEW),
            ("deck.odp", convert(deck_pptx(), ".pptx", "odp"), [*DECK, KO2]),
            ("deck.ppt", convert(deck_pptx(), ".pptx", "ppt"), DECK),
            ("retakes.xls", convert(retake_xlsx(), ".xlsx", "xls"), SHEET),
        ]
    else:
        print(f"(legacy formats left out: {soffice_missing()})")
    return out


def main() -> None:
    print(f"{'file':16} {'format':6} {'expected':>8} {'found':>6} {'junk':>5} {'metadata':>8} {'ms':>7}  missed")
    for name, data, expected in cases():
        started = time.perf_counter()
        extractions = list(extract_bytes(name, None, data, Limits(), depth=0))
        seconds = time.perf_counter() - started
        notes = [c.text for e in extractions for c in e.comments if c.source == "note"]
        metadata = sum(1 for e in extractions for c in e.comments if c.source != "note")
        found = [t for t in expected if any(t == n or t in n for n in notes)]
        junk = [n for n in notes if not any(t == n or t in n for t in expected)]
        missed = [t for t in expected if t not in found]
        fmt = extractions[0].row.format or "-"
        print(
            f"{name:16} {fmt:6} {len(expected):8d} {len(found):6d} {len(junk):5d} {metadata:8d} "
            f"{seconds * 1000:7.1f}  {', '.join(missed)}"
        )
        for text in junk:
            print(f"{'':16} junk: {text[:60]!r}")


if __name__ == "__main__":
    main()
