"""Configuration found from the working directory upward, flags over file, allowlists and inline `analyzer:allow`."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

from analyzer.config import find_config, load_config

RELAY = "眼睛位置太高了，往下移 → 눈 위치가 너무 높습니다. 아래로 옮겨주십시오."
RELAY_2 = "头太大了，请缩小一点 → 머리가 너무 큽니다. 조금 줄여주십시오."


def _delivery(root: Path) -> Path:
    cut = root / "dump" / "ep01" / "c001"
    cut.mkdir(parents=True)
    (cut / "c001_notes.txt").write_text(f"{RELAY}\n{RELAY_2}\n", encoding="utf-8")
    return root / "dump"


def _scan(*args: str, cwd: Path) -> tuple[int, dict]:
    result = run_cli("scan", *args, "--format", "json", cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def test_pyproject_table_is_found_from_the_working_directory_upward(tmp_path):
    dump = _delivery(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(str(dump / "ep01")) == (None, ())  # a pyproject without [tool.analyzer] does not count
    (tmp_path / "pyproject.toml").write_text('[tool.analyzer]\nfail-on = "high"\n', encoding="utf-8")
    assert find_config(str(dump / "ep01" / "c001"))[0] == str(tmp_path / "pyproject.toml")
    work = tmp_path / "work"
    work.mkdir()
    (work / ".analyzer.toml").write_text('fail-on = "low"\n', encoding="utf-8")
    config = load_config([str(dump / "ep01")], cwd=str(work))
    assert config.source == str(work / ".analyzer.toml") and config.get("fail-on") == "low"


def test_user_config_folder_is_the_last_resort(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    (tmp_path / "xdg" / "analyzer").mkdir(parents=True)
    (tmp_path / "xdg" / "analyzer" / "config.toml").write_text('fail-on = "high"\n', encoding="utf-8")
    assert load_config(["."], cwd=str(tmp_path)).get("fail-on") == "high"
    assert load_config(["."], cwd=str(tmp_path), use_files=False).values == {}


def test_config_sets_fail_on_and_the_flag_overrides_it(tmp_path):
    dump = _delivery(tmp_path)
    (tmp_path / ".analyzer.toml").write_text('[tool.analyzer]\nfail-on = "high"\n', encoding="utf-8")
    code, _ = _scan(str(dump), cwd=tmp_path)
    assert code == 0  # medium findings, configuration fails only on high
    code, _ = _scan(str(dump), "--fail-on", "medium", cwd=tmp_path)
    assert code == 1


def test_explicit_config_file_and_bad_values_are_usage_errors(tmp_path):
    dump = _delivery(tmp_path)
    elsewhere = tmp_path / "ci.toml"
    elsewhere.write_text('[tool.analyzer]\nformat = "csv"\n', encoding="utf-8")
    result = run_cli("scan", str(dump), "--config", str(elsewhere), cwd=tmp_path)
    assert result.stdout.startswith("id,rule,severity")
    elsewhere.write_text('[tool.analyzer]\nfail-on = "sometimes"\n', encoding="utf-8")
    result = run_cli("scan", str(dump), "--config", str(elsewhere), cwd=tmp_path)
    assert result.returncode == 2 and "fail-on must be one of" in result.stderr and "Traceback" not in result.stderr
    elsewhere.write_text("[tool.analyzer\n", encoding="utf-8")
    result = run_cli("scan", str(dump), "--config", str(elsewhere), cwd=tmp_path)
    assert result.returncode == 2 and "invalid TOML" in result.stderr
    result = run_cli("scan", str(dump), "--config", str(tmp_path / "missing.toml"), cwd=tmp_path)
    assert result.returncode == 2 and "missing.toml" in result.stderr


def test_allowlist_by_rule(tmp_path):
    dump = _delivery(tmp_path)
    (tmp_path / ".analyzer.toml").write_text('[allowlist]\nrules = ["relay.zh-ko-pair"]\n', encoding="utf-8")
    code, report = _scan(str(dump), cwd=tmp_path)
    assert code == 0 and report["findings"] == []
    assert report["summary"]["suppressed"] == {"allowlist:rule": 2}


def test_allowlist_by_path_glob_relative_to_the_config(tmp_path):
    dump = _delivery(tmp_path)
    other = dump / "ep02" / "c002"
    other.mkdir(parents=True)
    (other / "c002_notes.txt").write_text(RELAY + "\n", encoding="utf-8")
    (tmp_path / ".analyzer.toml").write_text('[allowlist]\npaths = ["dump/ep01/**"]\n', encoding="utf-8")
    for cwd in (tmp_path, dump):  # the glob is relative to the configuration file, not the working folder
        code, report = _scan(str(dump), cwd=cwd)
        assert [f["path"].rsplit("/", 1)[-1] for f in report["findings"]] == ["c002_notes.txt"]


def test_allowlist_by_text_pattern(tmp_path):
    dump = _delivery(tmp_path)
    (tmp_path / ".analyzer.toml").write_text('[allowlist]\npatterns = ["头太大"]\n', encoding="utf-8")
    _, report = _scan(str(dump), cwd=tmp_path)
    assert [f["evidence"]["zh"] for f in report["findings"]] == ["眼睛位置太高了，往下移"]


def test_inline_allow_inside_a_note(tmp_path):
    dump = _delivery(tmp_path)
    note = dump / "ep01" / "c001" / "c001_notes.txt"
    note.write_text(f"{RELAY} analyzer:allow\n{RELAY_2} analyzer:allow dprk.lexicon\n", encoding="utf-8")
    _, report = _scan(str(dump), cwd=tmp_path)
    # the first note allows every rule; the second only another rule, so its relay pair is still reported
    assert [f["evidence"]["zh"] for f in report["findings"]] == ["头太大了，请缩小一点"]
    assert report["summary"]["suppressed"] == {"inline": 1}


def test_inline_allow_on_the_korean_side_of_a_sidecar_pair(tmp_path):
    cut = tmp_path / "c010"
    cut.mkdir()
    (cut / "c010_zh.txt").write_text("口型和对白不一致，请重画\n", encoding="utf-8")
    (cut / "c010_ko.txt").write_text("입모양이 대사와 맞지 않습니다. 다시 그려주십시오.\n", encoding="utf-8")
    code, report = _scan(str(cut), cwd=tmp_path)
    assert code == 1 and len(report["findings"]) == 1
    (cut / "c010_ko.txt").write_text(
        "입모양이 대사와 맞지 않습니다. 다시 그려주십시오. analyzer:allow relay.zh-ko-pair\n", encoding="utf-8"
    )
    code, report = _scan(str(cut), cwd=tmp_path)
    assert code == 0 and report["findings"] == []
    assert report["summary"]["suppressed"] == {"inline": 1}
