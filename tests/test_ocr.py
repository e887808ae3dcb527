"""`--ocr`: notes typed on sketch images are read from their pixels, paired, and flagged; offline; lazy; cached.

The images are drawn here with Pillow in Debian's Noto Sans CJK (fonts-noto-cjk), so a reader sees what the
pixels say. These tests need the OCR extra and Tesseract's Hangul model (`make test` installs both).
"""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import NO_NETWORK, run_python
from media import RELAY_KO, RELAY_ZH, clip_database, clip_file, extract
from PIL import Image, ImageDraw, ImageFont
from rapidfuzz.distance import Levenshtein

import analyzer
from analyzer import ocr
from analyzer.cli import main
from analyzer.extract import Limits
from analyzer.extract.formats.krita import MERGED_IMAGE

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC, KR = 2, 1  # faces of the collection: Simplified Chinese, Korean
EYES_ZH, EYES_KO = "眼睛位置太高了", "눈 위치가 너무 높습니다"

pytestmark = pytest.mark.skipif(
    not ocr.available() or not FONT.is_file(), reason=f"OCR needs {', '.join(ocr.missing()) or FONT}"
)


def sketch(lines: list[tuple[str, str]], ink: tuple[int, int, int] = (200, 20, 30), size=(900, 260)) -> Image.Image:
    """A sketch: a few pencil strokes, and the notes typed in `ink` (Chinese in the SC face, Korean in KR)."""
    image = Image.new("RGB", size, (250, 250, 246))
    draw = ImageDraw.Draw(image)
    draw.line([(20, 240), (120, 200), (180, 230), (260, 190)], fill=(90, 90, 90), width=3)
    draw.ellipse((700, 150, 860, 250), outline=(60, 60, 60), width=2)
    top = 30
    for lang, text in lines:
        face = ImageFont.truetype(str(FONT), 32, index=SC if lang == "zh" else KR)
        draw.text((40, top), text, font=face, fill=ink)
        top += 55
    return image


def encoded(image: Image.Image, kind: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def close(read: str, truth: str) -> bool:
    """Read as written up to one character in ten (spaces aside)."""
    flat, want = "".join(read.split()), "".join(truth.split())
    return Levenshtein.distance(flat, want) <= len(want) // 10


@pytest.fixture(scope="module")
def note_png() -> bytes:
    return encoded(sketch([("zh", RELAY_ZH), ("ko", RELAY_KO)]))


def test_a_sketch_with_a_chinese_note_and_its_korean_gives_both_lines_and_a_relay_pair(tmp_path, note_png):
    (tmp_path / "c012.png").write_bytes(note_png)
    report = analyzer.scan([str(tmp_path)], ocr=True)
    lines = [c.comment for c in report.comments]
    assert [c.source for c in lines] == ["ocr", "ocr"]
    assert [c.locator.split(" (")[0] for c in lines] == ["OCR line 1", "OCR line 2"]
    assert close(lines[0].text, RELAY_ZH) and close(lines[1].text, RELAY_KO), [c.text for c in lines]
    assert all(0.5 < c.confidence <= 1 for c in lines)
    x, y, w, h = map(int, lines[0].locator.split(" (")[1].rstrip(")").split(", "))
    assert 30 <= x <= 45 and 20 <= y <= 40 and w > 250 and 25 <= h <= 50  # where the line was drawn
    (relay,) = [f for f in report.findings if f.rule == "relay.zh-ko-pair"]
    assert relay.evidence["read_from"] == "ocr" and "read from the image's pixels" in relay.message
    pair_score = relay.evidence["score"]
    assert relay.confidence == pytest.approx(pair_score * relay.evidence["ocr_confidence"], abs=1e-3)
    rows = json.loads(report.to_json())["comments"]
    assert [row["confidence"] for row in rows] == [c.confidence for c in lines]


def test_without_ocr_the_same_image_has_no_notes_and_json_rows_have_no_confidence(tmp_path, note_png):
    (tmp_path / "c012.png").write_bytes(note_png)
    (tmp_path / "c012_zh.txt").write_text(RELAY_ZH, encoding="utf-8")
    report = analyzer.scan([str(tmp_path)])
    assert [c.comment.source for c in report.comments] == ["note"]
    assert "confidence" not in json.loads(report.to_json())["comments"][0]


@pytest.mark.parametrize(
    "name, options",
    [
        ("c012.jpg", {"quality": 85}),
        ("c012.tif", {}),
        ("c012.webp", {"lossless": True}),
        ("c012.gif", {}),
        ("c012.bmp", {}),
    ],
)
def test_every_image_format_reads_its_drawn_text(name, options):
    kind = {"jpg": "JPEG", "tif": "TIFF", "webp": "WEBP", "gif": "GIF", "bmp": "BMP"}[name.rsplit(".", 1)[1]]
    row, comments = extract(name, encoded(sketch([("zh", EYES_ZH), ("ko", EYES_KO)]), kind, **options), OCR)
    assert row.status == "ok", row.error
    texts = [c.text for c in comments if c.source == "ocr"]
    assert len(texts) == 2 and close(texts[0], EYES_ZH) and close(texts[1], EYES_KO), texts


OCR = Limits(ocr=True)


def test_the_composites_of_psd_krita_and_clip_files_are_read():
    from psd_tools import PSDImage

    picture = sketch([("zh", EYES_ZH), ("ko", EYES_KO)])
    psd = PSDImage.frompil(picture)
    buffer = io.BytesIO()
    psd.save(buffer)
    krita = io.BytesIO()
    with zipfile.ZipFile(krita, "w") as package:
        package.writestr("mimetype", "application/x-krita")
        package.writestr("maindoc.xml", '<DOC><IMAGE name="c012"><layers><layer name="线稿"/></layers></IMAGE></DOC>')
        package.writestr(MERGED_IMAGE, encoded(picture))
    database = sqlite3.connect(":memory:")
    database.deserialize(clip_database([(1, "线稿", 0, 0, None, None)]))
    database.execute(
        "CREATE TABLE CanvasPreview (MainId INTEGER, ImageWidth INTEGER, ImageHeight INTEGER, ImageData BLOB)"
    )
    database.execute("INSERT INTO CanvasPreview VALUES (1, 900, 260, ?)", (encoded(picture),))
    database.commit()
    for name, data in (
        ("c012.psd", buffer.getvalue()),
        ("c012.kra", krita.getvalue()),
        ("c012.clip", clip_file(database.serialize())),
    ):
        row, comments = extract(name, data, OCR)
        texts = [c.text for c in comments if c.source == "ocr"]
        assert row.status == "ok" and len(texts) == 2 and close(texts[1], EYES_KO), (name, row.error, texts)
        assert not [c for c in extract(name, data)[1] if c.source == "ocr"]  # without OCR: metadata only


PENCIL = [  # (x0, y0, x1, y1, grey, width): long pencil lines drawn across the notes, as a sketch's lines run
    (60, 5, 140, 135, 60, 3),
    (170, 135, 250, 0, 50, 2),
    (290, 10, 350, 138, 70, 3),
    (350, 138, 420, 4, 45, 2),
    (440, 2, 500, 138, 60, 3),
    (0, 95, 640, 80, 90, 2),  # one along the Korean line
]
REDRAW_ZH, REDRAW_KO = "眼睛位置太高了，请重新画一下。", "눈 위치가 너무 높습니다. 다시 그려 주세요."


def crossed_notes(pencil: bool = True) -> Image.Image:
    """Black 20 px notes, the Chinese line and its Korean, with dark pencil lines drawn over them."""
    image = Image.new("RGB", (640, 140), (248, 248, 244))
    draw = ImageDraw.Draw(image)
    draw.text((30, 30), REDRAW_ZH, font=ImageFont.truetype(str(FONT), 20, index=SC), fill=(20, 20, 24))
    draw.text((30, 75), REDRAW_KO, font=ImageFont.truetype(str(FONT), 20, index=KR), fill=(20, 20, 24))
    for x0, y0, x1, y1, grey, width in PENCIL if pencil else []:
        draw.line([(x0, y0), (x1, y1)], fill=(grey, grey, grey), width=width)
    return image


def test_black_notes_crossed_by_dark_pencil_are_read_with_the_strokes_taken_out():
    from analyzer.ocr import OcrSettings

    lines = ocr.read_lines(crossed_notes())
    assert [line.lang for line in lines] == ["zh", "ko"], [line.text for line in lines]
    assert close(lines[1].text, REDRAW_KO), lines[1].text
    assert Levenshtein.distance(lines[0].text, REDRAW_ZH) <= 2, lines[0].text
    # The same image read as the strokes are: the Korean line is lost or garbled.
    as_drawn = ocr.read_lines(crossed_notes(), OcrSettings(remove_pencil=False, follow_crossed=False))
    assert not any(line.lang == "ko" and close(line.text, REDRAW_KO) for line in as_drawn)


def test_strokes_are_found_across_a_line_by_their_length_and_only_where_they_cross_it():
    import numpy as np

    from analyzer.ocr.detector import LineBox
    from analyzer.ocr.line_image import cut_line
    from analyzer.ocr.pencil import PENCIL_SHARE, STROKE_LENGTH, darkness, long_strokes, pencil_share, without_pencil

    def korean_line(image: Image.Image) -> np.ndarray:
        box = LineBox(((30, 80), (400, 80), (400, 100), (30, 100)), 1.0)
        return cut_line(np.asarray(image.convert("L")), box)

    typed, crossed = korean_line(crossed_notes(pencil=False)), korean_line(crossed_notes())
    assert pencil_share(typed) < PENCIL_SHARE < pencil_share(crossed)
    assert 14 <= without_pencil(crossed)[1] <= 22  # the text's height: the 20 px type, not the box's 30 px
    # Taken out at the text's height: the pencil's darkness goes, the glyphs' stays (both told by the typed line).
    dark, typed_dark = darkness(crossed).astype(int), darkness(typed).astype(int)
    text = dark - long_strokes(darkness(crossed), round(STROKE_LENGTH * 20))
    pencil_only = (typed_dark < 20) & (dark > 60)
    glyphs_uncrossed = (typed_dark > 100) & (abs(dark - typed_dark) < 10)
    assert pencil_only.sum() > 300 and glyphs_uncrossed.sum() > 300
    assert text[pencil_only].mean() < 0.2 * dark[pencil_only].mean()
    assert text[glyphs_uncrossed].mean() > 0.8 * typed_dark[glyphs_uncrossed].mean()


def test_a_crossed_line_the_detector_cut_short_is_followed_to_its_end():
    import numpy as np

    from analyzer.ocr.detector import LineBox
    from analyzer.ocr.line_ends import follow_crossed_lines

    short = LineBox(((30, 75), (150, 75), (150, 102), (30, 102)), 1.0)  # the first third of the Korean line
    crossed = np.asarray(crossed_notes().convert("L"))
    (followed,) = follow_crossed_lines(crossed, [short])
    x, _, w, _ = followed.bounds
    assert x == 30 and 370 <= x + w <= 395, followed.bounds  # the line ends about x = 385
    typed = np.asarray(crossed_notes(pencil=False).convert("L"))
    assert follow_crossed_lines(typed, [short]) == [short]  # no pencil across it: the detector's box stands


def test_the_pre_check_takes_the_stacked_parts_of_a_hangul_syllable_as_one_glyph():
    import numpy as np

    from analyzer.ocr.gate import has_text_rows

    image = Image.new("L", (700, 120), 250)
    # Every syllable here is two or three parts one above the other (그 = ㄱ over ㅡ, 릇 = ㄹ, ㅡ, ㅅ ...).
    ImageDraw.Draw(image).text(
        (20, 40), "그릇을 들르는 흐름", font=ImageFont.truetype(str(FONT), 24, index=KR), fill=30
    )
    assert has_text_rows(np.asarray(image))


def test_a_sketch_without_text_stops_at_the_pre_check(monkeypatch):
    image = Image.new("RGB", (1920, 1080), "white")
    draw = ImageDraw.Draw(image)
    for k in range(40):
        draw.line([(k * 47, 0), (k * 47 + 300, 1080)], fill=(70, 70, 70), width=3)
        draw.arc((k * 40, 200, k * 40 + 400, 700), 0, 200, fill=(40, 40, 40), width=2)

    def no_detector(*args, **kwargs):
        raise AssertionError("the detector ran on a sketch without text")

    monkeypatch.setattr("analyzer.ocr.reader.detect_lines", no_detector)
    assert ocr.read_lines(image) == []


def test_an_unsure_reading_still_pairs_and_the_pair_says_so_with_a_lower_confidence():
    from analyzer.extract import comment_id
    from analyzer.model import Comment, FileRow
    from analyzer.run.analyze import analyze_notes

    def line(number: int, text: str, confidence: float) -> Comment:
        locator = f"OCR line {number} (40, {number * 50}, 500, 40)"
        return Comment(
            comment_id("c012.png", None, locator, text),
            "c012.png",
            None,
            locator,
            text,
            source="ocr",
            confidence=confidence,
        )

    notes = [line(1, RELAY_ZH, 0.97), line(2, RELAY_KO, 0.45)]
    result = analyze_notes([FileRow("c012.png", None, "png", "ok", comments=2)], notes)
    (relay,) = [f for f in result.findings if f.rule == "relay.zh-ko-pair"]
    assert "confidence 0.45: unsure" in relay.message and relay.evidence["ocr_confidence"] == 0.45
    assert relay.confidence == pytest.approx(relay.evidence["score"] * 0.45, abs=1e-3)
    assert ocr.UNSURE_BELOW > 0.45


def test_an_ocr_scan_opens_no_network_socket(tmp_path, note_png):
    (tmp_path / "c012.png").write_bytes(note_png)
    code = NO_NETWORK + (
        "import analyzer\n"
        "report = analyzer.scan([sys.argv[1]], ocr=True)\n"
        "print(sorted(f.rule for f in report.findings))\n"
    )
    result = run_python("-c", code, str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "relay.zh-ko-pair" in result.stdout


def test_without_ocr_nothing_of_it_is_imported(tmp_path, note_png):
    (tmp_path / "c012.png").write_bytes(note_png)
    code = (
        "import sys\n"
        "from analyzer.cli import main\n"
        "main(['scan', sys.argv[1], '--format', 'json', '-o', sys.argv[2]])\n"
        "heavy = ('analyzer.ocr', 'onnxruntime', 'cv2', 'tesserocr', 'rapidocr_onnxruntime')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    result = run_python("-c", code, str(tmp_path), str(tmp_path / "report.json"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_missing_ocr_dependencies_exit_2_naming_what_to_install(tmp_path, note_png, monkeypatch, capsys):
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "c012.png").write_bytes(note_png)
    real = ocr.setup.find_spec
    monkeypatch.setattr(ocr.setup, "find_spec", lambda name: None if name == "tesserocr" else real(name))
    assert main(["scan", str(dump), "--ocr"]) == 2
    assert "tesserocr" in capsys.readouterr().err and "analyzer[ocr]" in ocr.setup.INSTALL_HINT
    settings = tmp_path / "ocr.toml"
    settings.write_text("ocr = true\n", encoding="utf-8")
    assert main(["scan", str(dump), "--config", str(settings)]) == 2  # asked for in the configuration
    assert main(["hook", "--ocr", str(dump / "c012.png")]) == 2
    with pytest.raises(ocr.OcrUnavailable, match="tesserocr"):
        analyzer.scan([str(dump)], ocr=True)


def test_the_cache_keeps_ocr_results_apart_and_never_reads_an_unchanged_image_twice(tmp_path, note_png, monkeypatch):
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "c012.png").write_bytes(note_png)
    cache = str(tmp_path / "cache.sqlite")
    first = analyzer.scan([str(dump)], ocr=True, cache=cache)
    plain = analyzer.scan([str(dump)], cache=cache)
    assert len(first.comments) == 2 and len(plain.comments) == 0  # OCR results do not answer a scan without OCR

    def read_again(*args, **kwargs):
        raise AssertionError("an unchanged image was recognised again")

    monkeypatch.setattr("analyzer.ocr.reader.read_lines", read_again)
    monkeypatch.setattr("analyzer.ocr.notes.read_lines", read_again)
    again = analyzer.scan([str(dump)], ocr=True, cache=cache)
    assert [c.comment.text for c in again.comments] == [c.comment.text for c in first.comments]
    assert [f.rule for f in again.findings] == [f.rule for f in first.findings]
