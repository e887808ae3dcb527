"""A generated 30-day delivery-server dump with a known instruction -> return cadence, plus noise.

The cadence: on 14 weekdays (Monday to Thursday) three cuts are instructed in Chinese with a Korean
translation under each note, and their finished drawing comes back one or two days later; one day also
carries a sheet naming two more cuts in its notes. Files are dated in all three ways: note times in an
undated folder or in a folder with the wrong date (metadata), dated folders (name), and returns that
only their modification time dates (mtime).

The noise, in both variants: layouts sent along with an instruction (same day, not a return), a return
re-sent a week later, instructions never returned or returned too late, an English note whose cut does
come back (not an instruction), stray drawings of other cuts, English readmes, and a few relay
instructions on random days of which only two happen to come back in time.
"""

from __future__ import annotations

import json
import os
import random
import struct
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

START = date(2024, 1, 1)  # a Monday
DAYS = 30
CADENCE_DAYS = 14
CUTS_PER_DAY = 3
INSTRUCTIONS = [
    ("头太大了，请缩小一点", "머리가 너무 큽니다. 조금 줄여주십시오."),
    ("眼睛位置太高了，往下移", "눈 위치가 너무 높습니다. 아래로 옮겨주십시오."),
    ("线条太粗，请画细一点", "선이 너무 굵습니다. 좀 가늘게 그려주십시오."),
    ("转身动作太慢", "돌아서는 동작이 너무 느립니다."),
    ("身体比例不对，腿太短", "몸의 비례가 맞지 않습니다. 다리가 너무 짧습니다."),
]
UNDATED_MTIME = date(2023, 6, 1)  # files not dated by their mtime carry this one, outside the 30 days


@dataclass
class Dump:
    """What the generator wrote, as the analyzer should find it."""

    root: Path
    cycles: set[tuple[str, date, date]] = field(default_factory=set)  # (cut, instructed, returned)
    unreturned: set[tuple[str, date]] = field(default_factory=set)  # instructed, not back within 1-2 days
    dated: dict[str, tuple[date, str]] = field(default_factory=dict)  # path -> (day, how) for some files
    returns: dict[date, set[str]] = field(default_factory=dict)  # day -> cuts whose instructed work came back
    notes: Counter[date] = field(default_factory=Counter)  # day -> Chinese/Korean instruction notes

    def returned(self, day: date, cut: str) -> None:
        self.returns.setdefault(day, set()).add(cut)

    @property
    def cycle_days(self) -> list[date]:
        return sorted({day for _, day, _ in self.cycles})


def tiny_png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80" * 4 for _ in range(4))
    header = struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _write(path: Path, data: bytes, mtime_day: date | None = None) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    stamp = datetime(*(mtime_day or UNDATED_MTIME).timetuple()[:3], 12, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    return str(path)


def _note(*texts: str, time: str | None = None) -> bytes:
    notes: list[dict[str, str]] = [{"text": t} for t in texts]
    if time:
        notes[0]["time"] = time
    return json.dumps({"notes": notes}, ensure_ascii=False).encode("utf-8")


def _folder(root: Path, day: date, *parts: str) -> Path:
    return root.joinpath(day.isoformat(), *parts)


def make_dump(root: Path, with_cadence: bool = True, relay: bool = True, seed: int = 7) -> Dump:
    """Write the dump under `root`; `relay=False` leaves the Korean translations out of the cadence's notes."""
    rng = random.Random(seed)
    dump = Dump(root)
    if with_cadence:
        _cadence(dump, rng, relay)
    _noise(dump, rng)
    return dump


def _cadence(dump: Dump, rng: random.Random, relay: bool) -> None:
    root = dump.root
    weekdays = [START + timedelta(days=d) for d in range(DAYS) if (START + timedelta(days=d)).weekday() < 4]
    cut = 0
    for index, day in enumerate(weekdays[:CADENCE_DAYS]):
        for slot in range(CUTS_PER_DAY):
            cut += 1
            zh, ko = INSTRUCTIONS[(index + slot) % len(INSTRUCTIONS)]
            texts = (zh, ko) if relay else (zh,)
            name = f"ep01_c{cut:03d}.json"
            if slot == 0:  # dated by its note time, stored in an undated folder
                path = _write(root / "inbox" / name, _note(*texts, time=f"{day.isoformat()}T09:00:00+08:00"))
                dump.dated[path] = (day, "metadata")
            elif slot == 1 and index % 4 == 3:  # re-uploaded into a later day's folder; its note time wins
                late_folder = _folder(root, day + timedelta(days=3), "instructions")
                path = _write(late_folder / name, _note(*texts, time=f"{day.isoformat()}T18:30:00+09:00"))
                dump.dated[path] = (day, "metadata")
            else:
                path = _write(_folder(root, day, "instructions") / name, _note(*texts))
                dump.dated[path] = (day, "name")
            dump.notes[day] += len(texts)
            if slot == 1:  # the layout goes out with its instruction: the same day, not a return
                _write(_folder(root, day, "layout") / f"ep01_c{cut:03d}_lo.png", tiny_png())
            back = day + timedelta(days=rng.choice((1, 2)))
            if slot == 2:  # dated only by its modification time
                path = _write(root / "return_undated" / f"ep01_c{cut:03d}_final.png", tiny_png(), mtime_day=back)
                dump.dated[path] = (back, "mtime")
            else:
                _write(_folder(root, back, "return") / f"ep01_c{cut:03d}.png", tiny_png())
            dump.returned(back, f"EP01/C{cut:03d}")
            if slot == 0 and index % 5 == 0:  # re-sent a week later: the first return counts
                _write(_folder(root, back + timedelta(days=7), "return") / f"ep01_c{cut:03d}.png", tiny_png())
                dump.returned(back + timedelta(days=7), f"EP01/C{cut:03d}")
            dump.cycles.add((f"EP01/C{cut:03d}", day, back))
    # one sheet for two cuts, which only its notes name
    day = weekdays[6]
    sheet = [f"C{n} {text}" for n, (zh, ko) in zip((301, 302), INSTRUCTIONS[:2], strict=True) for text in (zh, ko)]
    sheet = sheet if relay else sheet[::2]
    _write(_folder(root, day, "instructions") / "ep01_sheet.json", _note(*sheet))
    dump.notes[day] += len(sheet)
    for n in (301, 302):
        _write(_folder(root, day + timedelta(days=1), "return") / f"ep01_c{n}.png", tiny_png())
        dump.returned(day + timedelta(days=1), f"EP01/C{n}")
        dump.cycles.add((f"EP01/C{n}", day, day + timedelta(days=1)))
    # instructed but never returned
    for extra in range(3):
        day = weekdays[extra]
        note = _note("背景颜色太暗", "배경 색깔이 너무 어둡습니다.")
        _write(_folder(root, day, "instructions") / f"ep01_c{400 + extra}.json", note)
        dump.notes[day] += 2
        dump.unreturned.add((f"EP01/C{400 + extra}", day))
    # returned, but a week late: outside the window
    late = weekdays[5]
    _write(_folder(root, late, "instructions") / "ep01_c450.json", _note("头太大了", "머리가 너무 큽니다."))
    _write(_folder(root, late + timedelta(days=7), "return") / "ep01_c450.png", tiny_png())
    dump.notes[late] += 2
    dump.returned(late + timedelta(days=7), "EP01/C450")
    dump.unreturned.add(("EP01/C450", late))


def _noise(dump: Dump, rng: random.Random) -> None:
    root = dump.root
    # sporadic relay instructions on random days; only the first two come back within two days
    days = sorted(rng.sample(range(DAYS - 10), 8))
    for n, offset in enumerate(days):
        day = START + timedelta(days=offset)
        cut = f"EP01/C{800 + n}"
        zh, ko = INSTRUCTIONS[n % len(INSTRUCTIONS)]
        _write(_folder(root, day, "extra") / f"ep01_c{800 + n}.json", _note(zh, ko))
        dump.notes[day] += 2
        lag = 1 if n < 2 else rng.choice((3, 5, 8, None))
        if lag is None:
            dump.unreturned.add((cut, day))
            continue
        _write(_folder(root, day + timedelta(days=lag), "return") / f"ep01_c{800 + n}.png", tiny_png())
        dump.returned(day + timedelta(days=lag), cut)
        if lag == 1:
            dump.cycles.add((cut, day, day + timedelta(days=1)))
        else:
            dump.unreturned.add((cut, day))
    # an English note is no relay instruction, though its cut comes back the next day
    day = START + timedelta(days=3)
    _write(_folder(root, day, "notes") / "ep01_c600.json", _note("Please redraw the hands, they are too big."))
    _write(_folder(root, day + timedelta(days=1), "return") / "ep01_c600.png", tiny_png())
    # stray drawings of other cuts on random days, English readmes
    for n in range(40):
        day = START + timedelta(days=rng.randrange(DAYS))
        _write(_folder(root, day, "misc") / f"ep01_c{500 + n}.png", tiny_png())
    for n in range(5):
        day = START + timedelta(days=rng.randrange(DAYS))
        _write(_folder(root, day, "misc") / f"readme_{n}.txt", b"Upload complete, please check.\n")
