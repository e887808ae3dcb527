"""One definition of a sketch: discovery's units, alignment's sidecar pairs and the rules agree on it."""

from __future__ import annotations

from pathlib import Path

import analyzer
from analyzer.discover import sketch_units, walk_batches
from analyzer.sketch import sketch_name, sketch_of


def test_sidecar_words_are_dropped_from_the_end_only():
    assert sketch_name("ep01/c010_ko.xmp") == "c010"
    assert sketch_name("c010-sidecar.txt") == "c010"
    assert sketch_name("c010_zh_notes.json") == "c010"
    assert sketch_name("zh.txt") == "zh"  # a name that is only a sidecar word stays itself
    assert sketch_name("cut_001.png") != sketch_name("cut_002.png")
    assert sketch_of("dump/ep01/c010_ko.xmp") == "dump/ep01/c010"
    assert sketch_of("dump/ep01.zip", "c010/c010_zh.txt") == "c010/c010"


def test_discovery_groups_the_files_of_one_sketch(tmp_path: Path):
    for name in ("c010.png", "c010_zh.txt", "c010-sidecar.txt", "c011.json", "cut_001.txt", "cut_002.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    units = [
        sorted(Path(f.path).name for f in unit)
        for batch in walk_batches([str(tmp_path)])
        for unit in sketch_units(batch)
    ]
    assert ["c010-sidecar.txt", "c010.png", "c010_zh.txt"] in units
    assert ["cut_001.txt"] in units and ["cut_002.txt"] in units


def test_north_korean_evidence_in_a_dashed_sidecar_raises_the_sketchs_relay_pair(tmp_path: Path):
    # The pair sits in c010_zh.txt / c010_ko.txt; the North Korean evidence (a Juche date) in `c010-sidecar.txt`.
    # Every stage must see one sketch for the pair to be raised to high.
    (tmp_path / "c010_zh.txt").write_text("眼睛位置太高了，往下移一点\n", encoding="utf-8")
    (tmp_path / "c010_ko.txt").write_text("눈 위치가 너무 높습니다. 조금 아래로 옮기십시오.\n", encoding="utf-8")
    (tmp_path / "c010-sidecar.txt").write_text("접수: 주체113(2024)년 1월 9일\n", encoding="utf-8")
    report = analyzer.scan([str(tmp_path)])
    assert any(f.rule == "dprk.juche-date" and f.path.endswith("c010-sidecar.txt") for f in report.findings)
    pairs = [f for f in report.findings if f.rule == "relay.zh-ko-pair"]
    assert [f.severity for f in pairs] == ["high"]
