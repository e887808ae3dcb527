"""OCR of Chinese and Korean notes on rendered sketches: accuracy per engine and condition, relay pairs found, speed.

For each engine and condition (bench/ocr_sketches.py: clean, jpeg-noise, rotated, small-crossing) it prints the
character accuracy 1 - CER of the Chinese and of the Korean lines (NFKC, whitespace ignored; Korean also with
its spaces), and the share of note images on which a `relay.zh-ko-pair` is found: for the shipped engine through
the real pipeline (each image written to a temporary folder, `analyzer.scan([...], ocr=True)`), for the others
by passing their lines as OCR notes through the same analysis (segment, align, rules). Then images/s of the
shipped reader (decoding included) on note images, on small notes crossed by strokes and on sketches without
text, wall-clock and CPU time, each image read `--repeat` times (median and fastest reported: the machine is
shared).

The measured set is FLORES-200 dev lines 600-996 with seeds from 100000; everything was tuned on lines 0-599
with seeds from 0 (`--tune` prints that set). Notes are sentences of at most 32 Chinese characters.
Usage: .venv/bin/python bench/ocr_bench.py [--images 30] [--engines shipped,kor,...] [--tune] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract on one core, as in a scan's worker

import flores  # noqa: E402
from ocr_sketches import CONDITIONS, Sketch, render  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

FLORES_DIRS = (flores.FLORES, Path("/work/shared/data/flores200-dev"))
NOTE_LENGTH = 32  # Chinese characters at most: note-sized sentences
TUNE_SEED, REPORT_SEED = 0, 100_000


@dataclass(frozen=True)
class Line:
    box: tuple[int, int, int, int]  # x, y, w, h
    text: str
    confidence: float


def pairs_for(tune: bool) -> list[tuple[str, str]]:
    root = next(d for d in FLORES_DIRS if (d / "zho_Hans.dev").is_file())
    zh, ko = flores.load(root)
    lines = range(flores.FIT_LINES) if tune else range(flores.FIT_LINES, len(zh))
    return [(zh[i], ko[i]) for i in lines if len(zh[i]) <= NOTE_LENGTH]


# --- engines: each reads an image file's bytes into lines ---------------------------------------------------


def shipped(**settings: object) -> Callable[[bytes], list[Line]]:
    """analyzer.ocr's reader (PP-OCR detector, PP-OCR Chinese, Tesseract Hangul), with `settings` changed."""
    import io

    from PIL import Image

    from analyzer.ocr import OcrSettings, read_lines

    chosen = OcrSettings(**settings)  # type: ignore[arg-type]

    def read(data: bytes) -> list[Line]:
        return [Line(x.box, x.text, x.confidence) for x in read_lines(Image.open(io.BytesIO(data)), chosen)]

    return read


def tesseract_page(data: bytes) -> list[Line]:
    """Tesseract alone, off the shelf: the whole page, its own layout analysis, `kor+chi_sim`."""
    import io

    import tesserocr
    from PIL import Image

    from analyzer.ocr.setup import tessdata_dir

    api = _cached("page", lambda: tesserocr.PyTessBaseAPI(path=f"{tessdata_dir()}/", lang="kor+chi_sim"))
    api.SetImage(Image.open(io.BytesIO(data)))
    api.Recognize()
    level, lines = tesserocr.RIL.TEXTLINE, []
    for line in tesserocr.iterate_level(api.GetIterator(), level):
        try:
            box, text = line.BoundingBox(level), (line.GetUTF8Text(level) or "").strip()
        except RuntimeError:  # no text at all
            break
        if box and text:
            lines.append(Line((box[0], box[1], box[2] - box[0], box[3] - box[1]), text, line.Confidence(level) / 100))
    return lines


def rapidocr_page(data: bytes) -> list[Line]:
    """RapidOCR off the shelf (PP-OCRv4 detector, direction classifier, Chinese recogniser): no Korean model."""
    from rapidocr_onnxruntime import RapidOCR

    engine = _cached("rapidocr", RapidOCR)
    result, _ = engine(data)
    lines = []
    for corners, text, score in result or []:
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        lines.append(Line((int(min(xs)), int(min(ys)), int(max(xs) - min(xs)), int(max(ys) - min(ys))), text, score))
    return lines


_CACHE: dict[str, object] = {}


def _cached(name: str, build: Callable[[], object]) -> object:
    if name not in _CACHE:
        _CACHE[name] = build()
    return _CACHE[name]


def perfect(sketch: Sketch) -> list[Line]:
    """The rendered lines themselves, as a perfect reader would give them: what the analysis can find at best."""
    lines = []
    for truth in sketch.lines:
        x0, y0, x1, y1 = truth.box
        lines.append(Line((x0, y0, x1 - x0, y1 - y0), truth.text, 1.0))
    return lines


ENGINES: dict[str, tuple[str, Callable[[], Callable[[bytes], list[Line]]]]] = {
    "truth": ("the rendered text as if read perfectly (the analysis alone)", lambda: perfect),  # type: ignore[dict-item]
    "tesseract": ("Tesseract kor+chi_sim on the whole page", lambda: tesseract_page),
    "rapidocr": ("RapidOCR PP-OCRv4 off the shelf (Chinese model only)", lambda: rapidocr_page),
    "lines-kor": ("PP-OCR lines; Korean by Tesseract kor", lambda: shipped(korean_model="kor")),
    "lines-grey": ("PP-OCR lines; Korean by Tesseract Hangul, grey only", lambda: shipped(separate_ink=False)),
    "lines-1280": ("shipped, with the detector at 1280 px instead of 960", lambda: shipped(detector_side=1280)),
    "lines-pencil": ("shipped, but pencil strokes across a line left in", lambda: shipped(remove_pencil=False)),
    "shipped": ("PP-OCR lines; Korean by Tesseract Hangul on grey less pencil strokes and ink views", shipped),
}


# --- scoring --------------------------------------------------------------------------------------------------


def _flat(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _spaced(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def read_by_line(sketch: Sketch, lines: Sequence[Line]) -> list[str]:
    """What was read of each rendered line: the recognised lines whose centre lies in it, left to right."""
    found: list[list[Line]] = [[] for _ in sketch.lines]
    for line in lines:
        x, y, w, h = line.box
        for index, truth in enumerate(sketch.lines):
            if truth.contains(x + w / 2, y + h / 2):
                found[index].append(line)
                break
    return [" ".join(x.text for x in sorted(group, key=lambda x: x.box[0])) for group in found]


@dataclass
class Tally:
    errors: dict[str, int]
    chars: dict[str, int]
    relays: int = 0
    images: int = 0

    @classmethod
    def new(cls) -> Tally:
        return cls({"zh": 0, "ko": 0, "ko spaced": 0}, {"zh": 0, "ko": 0, "ko spaced": 0})

    def add(self, sketch: Sketch, lines: Sequence[Line]) -> None:
        self.images += 1
        for truth, read in zip(sketch.lines, read_by_line(sketch, lines)):
            self.errors[truth.lang] += Levenshtein.distance(_flat(truth.text), _flat(read))
            self.chars[truth.lang] += len(_flat(truth.text))
            if truth.lang == "ko":
                self.errors["ko spaced"] += Levenshtein.distance(_spaced(truth.text), _spaced(read))
                self.chars["ko spaced"] += len(_spaced(truth.text))

    def accuracy(self, key: str) -> float:
        return 1 - self.errors[key] / max(self.chars[key], 1)


def relay_found(sketch: Sketch, lines: Sequence[Line]) -> bool:
    """Whether the analysis finds a relay pair among `lines` read as the OCR notes of the sketch's image."""
    from analyzer.extract import comment_id
    from analyzer.model import Comment, FileRow
    from analyzer.run.analyze import analyze_notes

    path = f"{sketch.name}{sketch.suffix}"
    comments = []
    for number, line in enumerate(sorted(lines, key=lambda x: (x.box[1], x.box[0])), start=1):
        locator = f"OCR line {number} ({', '.join(map(str, line.box))})"
        comments.append(
            Comment(
                comment_id(path, None, locator, line.text),
                path,
                None,
                locator,
                line.text,
                source="ocr",
                confidence=line.confidence,
            )
        )
    row = FileRow(path, None, "png", "ok", comments=len(comments))
    return any(f.rule == "relay.zh-ko-pair" for f in analyze_notes([row], comments).findings)


def relay_share_through_scan(sketches: Sequence[Sketch]) -> float:
    """The share of sketches on which `analyzer.scan(..., ocr=True)` reports a relay pair (one unit each)."""
    import analyzer

    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as folder:
        for index, sketch in enumerate(sketches):
            Path(folder, f"s{index:04d}{sketch.suffix}").write_bytes(sketch.data)
        report = analyzer.scan([folder], ocr=True)
        flagged = {os.path.basename(f.path) for f in report.findings if f.rule == "relay.zh-ko-pair"}
    return len(flagged) / max(len(sketches), 1)


# --- speed ----------------------------------------------------------------------------------------------------


def timings(sketches: Sequence[Sketch], repeat: int) -> tuple[list[float], list[float]]:
    """Per image: the median wall and CPU seconds of `repeat` reads of its file (decode + OCR)."""
    from analyzer.ocr import ocr_notes

    walls, cpus = [], []
    for sketch in sketches:
        wall, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            ocr_notes(sketch.data)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        walls.append(statistics.median(wall))
        cpus.append(statistics.median(cpu))
    return walls, cpus


def _speed_line(label: str, walls: list[float], cpus: list[float]) -> str:
    return (
        f"{label:<22} {1 / statistics.median(walls):6.1f} images/s wall (median {statistics.median(walls):.3f} s, "
        f"fastest {min(walls):.3f} s, slowest {max(walls):.3f} s); CPU median {statistics.median(cpus):.3f} s, "
        f"slowest {max(cpus):.3f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=30, help="note images per condition (default 30)")
    parser.add_argument("--engines", default=",".join(ENGINES), help=f"comma-separated, of {', '.join(ENGINES)}")
    parser.add_argument("--tune", action="store_true", help="the tuning set (lines 0-599, seeds from 0) instead")
    parser.add_argument("--repeat", type=int, default=3, help="reads per image when timing (default 3)")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args()

    from analyzer.ocr import require

    require()
    pairs = pairs_for(args.tune)
    first = TUNE_SEED if args.tune else REPORT_SEED
    sketches = {c: [render(first + i, c, pairs) for i in range(args.images)] for c in CONDITIONS}
    print(f"{'tuning' if args.tune else 'measured'} set: {len(pairs)} FLORES pairs, {args.images} images per condition")
    print(f"{'engine':<11} {'condition':<15} {'zh 1-CER':>8} {'ko 1-CER':>8} {'ko spaced':>9} {'relay found':>11}")
    for name in args.engines.split(","):
        description, build = ENGINES[name]
        print(f"# {name}: {description}")
        read = build()
        for condition, group in sketches.items():
            tally = Tally.new()
            for sketch in group:
                lines = read(sketch) if name == "truth" else read(sketch.data)  # type: ignore[arg-type]
                tally.add(sketch, lines)
                tally.relays += relay_found(sketch, lines)
            share = tally.relays / max(tally.images, 1)
            via = ""
            if name == "shipped":
                share, via = relay_share_through_scan(group), " (analyzer.scan)"
            print(
                f"{name:<11} {condition:<15} {tally.accuracy('zh'):8.3f} {tally.accuracy('ko'):8.3f} "
                f"{tally.accuracy('ko spaced'):9.3f} {share:11.2f}{via}",
                flush=True,
            )
    if not args.no_timing:
        blank = [render(first + i, "blank", pairs) for i in range(args.images)]
        print(f"speed of analyzer.ocr.ocr_notes on one core, {args.repeat} reads per image:")
        print(_speed_line("note images (clean)", *timings(sketches["clean"], args.repeat)), flush=True)
        print(_speed_line("small-crossing notes", *timings(sketches["small-crossing"], args.repeat)), flush=True)
        print(_speed_line("sketches without text", *timings(blank, args.repeat)))
        by_size = [s for s in sketches["clean"] if s.image().size == (1920, 1080)]
        if by_size:
            print(_speed_line("notes at 1920x1080", *timings(by_size, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
