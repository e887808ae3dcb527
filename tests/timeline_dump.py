"""A generated 30-day delivery-server dump with a known instruction -> return cadence, plus noise."""

from __future__ import annotations

import json
import os
import random
import struct
import zlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

START = date(2024, 1, 1)
INSTRUCTIONS = [
    ("头太大了，请缩小一点", "머리가 너무 큽니다. 조금 줄여주십시오."),
    ("眼睛位置太高了，往下移", "눈 위치가 너무 높습니다. 아래로 옮겨주십시오."),
    ("线条太粗，请画细一点", "선이 너무 굵습니다. 좀 가늘게 그려주십시오."),
    ("转身动作太慢", "돌아서는 동작이 너무 느립니다."),
    ("身体比例不对，腿太短", "몸의 비례가 맞지 않습니다. 다리가 너무 짧습니다."),
]


def tiny_png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80" * 4 for _ in range(4))
    header = struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _write(path: Path, data: bytes, mtime_day: date | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    stamp = datetime(*(mtime_day or date(2023, 6, 1)).timetuple()[:3], 12, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))


def make_dump(root: Path, with_cadence: bool = True, seed: int = 7) -> set[tuple[str, date, date]]:
    """Write the dump; return the expected cycles (cut, instructed day, returned day)."""
    rng = random.Random(seed)
    expected: set[tuple[str, date, date]] = set()
    cut_number = 1
    if with_cadence:
        instruction_days = [START + timedelta(days=d) for d in range(30) if (START + timedelta(days=d)).weekday() < 4]
        for index, day in enumerate(instruction_days[:14]):
            folder = root / day.isoformat() / "instructions"
            for slot in range(3):
                cut = cut_number
                cut_number += 1
                zh, ko = INSTRUCTIONS[(index + slot) % len(INSTRUCTIONS)]
                note = {"cut": f"C{cut:03d}", "notes": [{"text": zh}, {"text": ko}]}
                if slot == 0:  # dated by its metadata, stored in an undated folder
                    note["notes"][0]["time"] = f"{day.isoformat()}T09:00:00+08:00"
                    path = root / "inbox" / f"ep01_c{cut:03d}.json"
                else:
                    path = folder / f"ep01_c{cut:03d}.json"
                _write(path, json.dumps(note, ensure_ascii=False).encode("utf-8"))
                lag = rng.choice((1, 2))
                back = day + timedelta(days=lag)
                if slot == 2:  # dated only by its modification time
                    _write(root / "return_undated" / f"ep01_c{cut:03d}_final.png", tiny_png(), mtime_day=back)
                else:
                    _write(root / back.isoformat() / "return" / f"ep01_c{cut:03d}.png", tiny_png())
                expected.add((f"EP01/C{cut:03d}", day, back))
        # instructed but never returned
        for extra in range(3):
            day = instruction_days[extra]
            note = {"notes": [{"text": "背景颜色太暗"}, {"text": "배경 색깔이 너무 어둡습니다."}]}
            _write(root / day.isoformat() / "instructions" / f"ep01_c{400 + extra:03d}.json", json.dumps(note).encode())
        # returned, but a week late: outside the window
        late = instruction_days[5]
        _write(
            root / late.isoformat() / "instructions" / "ep01_c450.json", json.dumps({"notes": ["头太大了"]}).encode()
        )
        _write(root / (late + timedelta(days=7)).isoformat() / "return" / "ep01_c450.png", tiny_png())
    # noise: stray drawings of other cuts on random days, English notes, undated files
    for n in range(40):
        day = START + timedelta(days=rng.randrange(30))
        _write(root / day.isoformat() / "misc" / f"ep01_c{500 + n:03d}.png", tiny_png())
    for n in range(5):
        day = START + timedelta(days=rng.randrange(30))
        _write(root / day.isoformat() / "misc" / f"readme_{n}.txt", b"Upload complete, please check.\n")
    return expected
