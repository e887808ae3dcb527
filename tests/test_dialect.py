"""`analyzer.dialect_score` and `analyzer dialect`: the DESIGN.md contract, on NK and SK sentences."""

from __future__ import annotations

import json

import analyzer


def test_nk_sentence_scores_above_its_south_korean_twin():
    nk = analyzer.dialect_score(
        "미국의 로후한 비축핵무기들이 발사되였을 때 어떻게 작동할것인가를 모의실험하는데 사용될것이다."
    )
    sk = analyzer.dialect_score(
        "미국의 노후한 비축 핵무기들이 발사되었을 때 어떻게 작동할 것인가를 모의 실험하는 데 사용될 것이다."
    )
    assert nk.nk_score > 0.9 > 0.5 > sk.nk_score
    assert {"initial-rl", "yeo-ending", "attached-dependent-noun"} <= {m.kind for m in nk.markers}


def test_markers_point_into_the_text():
    text = "≪로동신문≫을 보고있다"
    for m in analyzer.dialect_score(text).markers:
        assert text[m.start : m.end] == m.text


def test_text_without_hangul_scores_low_without_markers():
    result = analyzer.dialect_score("The head is too big")
    assert result.markers == () and result.nk_score < 0.1


def test_cli_one_json_object_per_line(cli):
    result = cli("dialect", "-", stdin="로동자들이 래일 온다\n\n노동자들이 내일 온다\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["line"] for line in lines] == [1, 2, 3]
    assert set(lines[0]) == {"line", "nk_score", "markers"}
    assert lines[0]["nk_score"] > lines[2]["nk_score"]
    assert {"kind", "text", "start", "end"} <= set(lines[0]["markers"][0])


def test_cli_missing_file_is_exit_2(cli):
    result = cli("dialect", "no/such/file.txt")
    assert result.returncode == 2 and "no/such/file.txt" in result.stderr


def test_scan_of_chinese_notes_starts_no_jvm(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    (tmp_path / "c001_notes.txt").write_text("头太大了，请缩小一点\n", encoding="utf-8")
    code = "import sys, analyzer; analyzer.scan([sys.argv[1]]); print('jpype' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
