"""Extraction speed of the sheet, XML, JSON and archive readers on generated deliveries (one line per case).

Usage: python bench/extract_formats.py     (figures are wall-clock on a shared machine: indicative only)
"""

from __future__ import annotations

import io
import json
import sys
import time
import zipfile
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from archive_fixtures import tar_of, zip_of  # noqa: E402

from analyzer.extract import Limits, extract_bytes  # noqa: E402

NOTE_ZH = "眼睛位置太高了，往下移"
NOTE_KO = "눈 위치가 너무 높습니다. 아래로 옮겨주십시오."


def _xlsx(rows: int) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Retakes")
    sheet.append(["镜头", "修改意见", "번역", "修改人", "日期"])
    for i in range(rows):
        sheet.append([f"C{i:04d}", NOTE_ZH, NOTE_KO, "王", "2024-03-01"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(rows: int) -> bytes:
    lines = ["镜头,备注,번역"] + [f"C{i:04d},{NOTE_ZH},{NOTE_KO}" for i in range(rows)]
    return "\n".join(lines).encode("gb18030")


def _xml(items: int) -> bytes:
    body = "".join(f'<cut id="C{i}" comment="{NOTE_ZH}"><item>{NOTE_KO}</item></cut>' for i in range(items))
    return f"<review>{body}</review>".encode()


def _json_notes(items: int) -> bytes:
    notes = [
        {"id": f"n{i}", "author": "王", "time": "2024-03-01", "text": NOTE_ZH if i % 2 else NOTE_KO}
        for i in range(items)
    ]
    return json.dumps({"shot": "C012", "notes": notes}, ensure_ascii=False).encode()


def _json_by_cut(items: int) -> bytes:
    """One wide object (cut -> note): each object is looked at once, so this stays linear."""
    return json.dumps({"notes": {f"C{i:05d}": NOTE_ZH for i in range(items)}}, ensure_ascii=False).encode()


def main() -> None:
    notes = {f"ep01/c{i:04d}/notes.txt": f"{NOTE_ZH}\n{NOTE_KO}\n".encode() for i in range(2000)}
    cases = [
        ("retakes.xlsx (5000 rows)", _xlsx(5000)),
        ("retakes.csv GB18030 (5000 rows)", _csv(5000)),
        ("review.xml (5000 cuts)", _xml(5000)),
        ("review.json (10000 note objects)", _json_notes(10000)),
        ("notes.json (10000 keys, 1 object)", _json_by_cut(10000)),
        ("delivery.zip (2000 note files)", zip_of(notes, compression=zipfile.ZIP_DEFLATED)),
        ("delivery.tgz (2000 note files)", tar_of(notes)),
    ]
    for name, data in cases:
        started = time.perf_counter()
        extractions = list(extract_bytes(name.split()[0], None, data, Limits(), depth=0))
        seconds = time.perf_counter() - started
        count = sum(len(e.comments) for e in extractions)
        print(
            f"{name:34} {len(data) / 1e6:6.2f} MB  {count:6d} notes  {seconds:6.2f} s  {count / seconds:8.0f} notes/s"
        )


if __name__ == "__main__":
    main()
