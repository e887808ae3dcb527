"""Extraction speed of the sheet, XML, JSON and archive readers on generated deliveries (one line per case), then
notes planted / found / junk for the mail and archive formats (and renamed files), and the cost of detection.

Usage: python bench/extract_formats.py     (figures are wall-clock on a shared machine: indicative only)
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import mailbox
import sys
import tempfile
import time
import zipfile
from email.encoders import encode_base64
from email.header import Header
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import zstandard  # noqa: E402
from archive_fixtures import lzh_of, rar5_stored, tar_of, zip_of  # noqa: E402

from analyzer.extract import HEAD_BYTES, Limits, extract_bytes, find_extractor  # noqa: E402

TESTS = Path(__file__).resolve().parent.parent / "tests"

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


# Planted notes: (Chinese, Korean) relay pairs in the encodings mail and archives carry them in.
PAIRS = [
    ("头太大了，请缩小一点", "머리가 너무 큽니다. 조금 줄여주십시오."),
    ("眼睛位置太高了，往下移", "눈 위치가 너무 높습니다. 아래로 옮겨주십시오."),
    ("线条太粗，请修细", "선이 너무 굵습니다. 가늘게 고쳐주십시오."),
    ("朱镕基的镕字", "똠방각하 쌰"),  # GBK-only and CP949-only characters under GB2312/EUC-KR labels
]
# (declared, written) for the Chinese and the Korean part: mailers label GBK "gb2312" and CP949 "euc-kr".
MAIL_CODECS = [
    (("gb2312", "gbk"), ("euc-kr", "cp949")),
    (("gbk", "gbk"), ("ks_c_5601-1987", "cp949")),
    (("gb2312", "gbk"), ("iso-2022-kr", "iso2022_kr")),
    (("big5", "cp950"), ("utf-8", "utf-8")),
]


def _part(text: str, subtype: str, declared: str, written: str) -> Message:
    part = Message()
    part["Content-Type"] = f'text/{subtype}; charset="{declared}"'
    part.set_payload(text.encode(written))
    encode_base64(part)
    return part


def _mail(index: int) -> tuple[MIMEMultipart, list[str]]:
    zh, ko = PAIRS[index % len(PAIRS)]
    (zh_declared, zh_written), (ko_declared, ko_written) = MAIL_CODECS[index % len(MAIL_CODECS)]
    if zh_written == "cp950":
        zh = zh.translate(str.maketrans("头缩请线条细镕", "頭縮請線條細鎔"))
    if ko_written == "iso2022_kr":  # ISO-2022-KR is KS X 1001 only
        ko = PAIRS[0][1]
    message = MIMEMultipart()
    message["Subject"] = Header(f"C{index:03d} 修改意见", "gb2312")
    message["From"] = "=?utf-8?b?546L5bCP5piO?= <wang@example.cn>"
    message["Date"] = "Fri, 01 Mar 2024 18:20:00 +0800"
    message.attach(_part(zh, "plain", zh_declared, zh_written))
    message.attach(_part(f"<p>{ko}</p><script>var note = 'C000';</script>", "html", ko_declared, ko_written))
    attached = MIMEApplication(zip_of({"notes.txt": f"{zh}\n{ko}\n".encode()}), "zip")
    attached.add_header("Content-Disposition", "attachment", filename="notes.zip")
    message.attach(attached)
    return message, [f"C{index:03d} 修改意见", zh, ko, zh, ko]


def _mbox(count: int) -> tuple[bytes, list[str]]:
    planted: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        box = mailbox.mbox(Path(folder) / "review.mbox")
        for index in range(count):
            message, notes = _mail(index)
            box.add(message)
            planted += notes
        box.flush()
        return (Path(folder) / "review.mbox").read_bytes(), planted


def _quality_cases() -> list[tuple[str, bytes, list[str]]]:
    note = "\n".join(f"{zh}\n{ko}" for zh, ko in PAIRS).encode("gb18030")
    planted = [text for pair in PAIRS for text in pair]
    mail, mail_notes = _mail(0)
    box, box_notes = _mbox(200)
    compressed = {
        "notes.txt.gz": gzip.compress(note),
        "notes.txt.bz2": bz2.compress(note),
        "notes.txt.xz": lzma.compress(note),
        "notes.txt.zst": zstandard.ZstdCompressor().compress(note),
    }
    msg = (TESTS / "data" / "msg" / "hello-cjk.msg").read_bytes()
    return [
        ("retake.eml", mail.as_bytes(), mail_notes),
        ("review.mbox (200 messages)", box, box_notes),
        ("hello.msg (Outlook)", msg, ["Hello +CJK", "Hello", "C 你好", "J こんにちは", "K 안녕하세요"]),
        ("delivery.rar (stored)", rar5_stored([(f"c{i}/notes.txt", note) for i in range(50)]), planted * 50),
        ("solid.rar (WinRAR, unar)", (TESTS / "data" / "rar" / "rar5-solid.rar").read_bytes(), ["000", "511"] * 2),
        ("delivery.lzh (jLHA)", lzh_of({f"c{i}/notes.txt": note for i in range(20)}), planted * 20),
        *((name, data, planted) for name, data in compressed.items()),
        ("renamed: notes.txt (a zip)", zip_of({"c1/notes.txt": note}), planted),
        ("renamed: mail.dat (a .msg)", msg, ["Hello +CJK", "Hello", "C 你好", "J こんにちは", "K 안녕하세요"]),
        ("renamed: notes.txt (a RAR)", rar5_stored([("notes.txt", note)]), planted),
    ]


def quality() -> None:
    print(f"\n{'case':34} {'planted':>7} {'found':>6} {'junk':>5} {'seconds':>8}")
    for label, data, planted in _quality_cases():
        name = label.split()[0] if not label.startswith("renamed") else label.split()[1]
        started = time.perf_counter()
        extractions = list(extract_bytes(name, None, data, Limits(), depth=0))
        seconds = time.perf_counter() - started
        texts = [c.text for e in extractions for c in e.comments]
        found = sum(min(texts.count(t), planted.count(t)) for t in set(planted))
        # Every line of the solid sample is a line of its content; elsewhere anything not planted is junk.
        junk = 0 if label.startswith("solid") else sum(1 for t in texts if t not in planted)
        print(f"{label:34} {len(planted):7d} {found:6d} {junk:5d} {seconds:8.2f}")


def detection_cost() -> None:
    """find_extractor on every file: by name with the first bytes, for common names and contents."""
    heads = {
        "c012.png": b"\x89PNG\r\n\x1a\n" + bytes(254),
        "notes.txt": "头太大了，请缩小一点\n".encode() * 20,
        "notes.json": b'{"notes": ["x"]}' * 20,
        "README": b"plain words " * 30,
        "mail.dat": (TESTS / "data" / "msg" / "hello-cjk.msg").read_bytes(),
    }
    rounds = 100_000
    print()
    for name, data in heads.items():
        head = data[:HEAD_BYTES]
        started = time.perf_counter()
        for _ in range(rounds):
            find_extractor(name, head)
        micros = (time.perf_counter() - started) / rounds * 1e6
        print(f"find_extractor({name!r:12}, head) {micros:6.2f} us")


if __name__ == "__main__":
    main()
    quality()
    detection_cost()
