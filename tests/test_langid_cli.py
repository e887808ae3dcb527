"""`analyzer langid [FILE|-]`: one JSON object per input line, as in DESIGN.md."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, run_cli


def _objects(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_langid_reads_stdin_and_writes_one_object_per_line():
    notes = "C012 眼睛位置太高了 → 눈 위치가 너무 높습니다\n\n頭髮的顏色要統一\n月曜日に確認\nKeep the eye line\n"
    result = run_cli("langid", "-", stdin=notes)
    assert result.returncode == 0, result.stderr
    objects = _objects(result.stdout)
    assert [o["line"] for o in objects] == [1, 2, 3, 4, 5]
    first = objects[0]["segments"]
    assert [(s["lang"], s["start"], s["end"]) for s in first] == [("zh", 0, 12), ("ko", 15, 28)]
    assert first[0]["variant"] == "Hans" and "variant" not in first[1]
    assert all(0.0 <= s["confidence"] <= 1.0 for s in first)
    assert objects[1]["segments"] == []
    assert [(s["lang"], s["variant"]) for s in objects[2]["segments"]] == [("zh", "Hant")]
    assert [s["lang"] for s in objects[3]["segments"]] == ["ja"]
    assert [s["lang"] for s in objects[4]["segments"]] == ["en"]


def test_langid_reads_a_file_and_survives_invalid_utf8(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes("\ufeff头太大了\n".encode() + b"\xff\xfe broken \xc3\n" + "눈 위치\n".encode())
    result = run_cli("langid", str(path))
    assert result.returncode == 0, result.stderr
    objects = _objects(result.stdout)
    assert [o["line"] for o in objects] == [1, 2, 3]
    assert objects[0]["segments"][0]["start"] == 0  # the BOM is not text
    assert objects[2]["segments"][0]["lang"] == "ko"


def test_langid_file_context_makes_kanji_only_lines_of_a_japanese_file_japanese(tmp_path):
    path = tmp_path / "c012_notes.md"
    path.write_text("目の位置が高すぎる\n色彩設計\n", encoding="utf-8")
    plain = _objects(run_cli("langid", str(path)).stdout)
    with_context = _objects(run_cli("langid", "--file-context", str(path)).stdout)
    assert [o["segments"][0]["lang"] for o in plain] == ["ja", "zh"]  # alone, 色彩設計 leans Chinese
    assert [o["segments"][0]["lang"] for o in with_context] == ["ja", "ja"]
    assert "variant" not in with_context[1]["segments"][0]


def test_langid_file_context_ignores_a_stray_kana_in_a_chinese_file(tmp_path):
    path = tmp_path / "c004_notes.txt"
    path.write_text("头太大了\n幸福の味\n色彩設計\n表情修改\n", encoding="utf-8")
    with_context = _objects(run_cli("langid", "--file-context", str(path)).stdout)
    assert [o["segments"][0]["lang"] for o in with_context] == ["zh", "ja", "zh", "zh"]


def test_langid_counts_lines_at_line_feeds_only():
    # NEL (U+0085) and LINE SEPARATOR (U+2028) inside a note, CRLF endings, no final newline.
    notes = "眼睛\u0085눈\r\n\u2028头太大了\r\n머리"
    objects = _objects(run_cli("langid", "-", stdin=notes).stdout)
    assert [o["line"] for o in objects] == [1, 2, 3]
    assert [[s["lang"] for s in o["segments"]] for o in objects] == [["zh", "ko"], ["zh"], ["ko"]]
    assert objects[1]["segments"][0]["start"] == 1  # offsets count the U+2028 before 头


def test_langid_of_a_missing_file_is_a_usage_error():
    result = run_cli("langid", "no/such/notes.txt")
    assert result.returncode == 2
    assert "cannot read no/such/notes.txt" in result.stderr
    assert "Traceback" not in result.stderr


def test_langid_on_non_cjk_text_imports_no_heavy_engine():
    code = (
        "import sys, io; sys.stdin = io.TextIOWrapper(io.BytesIO(b'Keep the eye line\\nC001\\n')); "
        "from analyzer.cli import main; main(['langid']); "
        "heavy = [m for m in ('spacy', 'jieba', 'jpype', 'konlpy') if m in sys.modules]; "
        "print('HEAVY:' + ','.join(heavy), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    [heavy] = [line for line in result.stderr.splitlines() if line.startswith("HEAVY:")]
    assert heavy == "HEAVY:"
    assert '"lang": "en"' in result.stdout
