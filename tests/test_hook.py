"""`analyzer hook FILE...` and `scan --staged`: the files given (or staged) plus their sidecars."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import git, run_cli

from analyzer.commands.hook import with_sidecars

ZH = "口型和对白不一致，请重画\n"
KO = "입모양이 대사와 맞지 않습니다. 다시 그려주십시오.\n"


def _cut(root: Path) -> Path:
    cut = root / "ep02" / "c010"
    cut.mkdir(parents=True)
    (cut / "c010_zh.txt").write_text(ZH, encoding="utf-8")
    (cut / "c010_ko.txt").write_text(KO, encoding="utf-8")
    (cut / "c011_notes.txt").write_text("머리가 너무 큽니다.\n", encoding="utf-8")
    return cut


def test_sidecars_are_files_of_the_same_sketch(tmp_path):
    cut = _cut(tmp_path)
    assert with_sidecars([str(cut / "c010_zh.txt")]) == [str(cut / "c010_ko.txt"), str(cut / "c010_zh.txt")]
    assert with_sidecars([str(cut / "c011_notes.txt"), str(cut / "gone.txt")]) == [str(cut / "c011_notes.txt")]


def test_hook_finds_a_pair_across_sidecars_when_given_one_file(tmp_path):
    _cut(tmp_path)
    result = run_cli("hook", "ep02/c010/c010_zh.txt", cwd=tmp_path)
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith("medium relay.zh-ko-pair  ep02/c010/c010_zh.txt line 1: 口型和对白不一致")
    assert "commit blocked" in result.stderr and "analyzer:allow" in result.stderr


def test_hook_is_silent_on_clean_files_and_honours_fail_on(tmp_path):
    _cut(tmp_path)
    result = run_cli("hook", "ep02/c010/c011_notes.txt", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert run_cli("hook", "--fail-on", "high", "ep02/c010/c010_zh.txt", cwd=tmp_path).returncode == 0
    assert run_cli("hook", cwd=tmp_path).returncode == 0  # pre-commit may call it with no files


def test_hook_uses_the_allowlist_and_fail_on_of_the_configuration_but_prints_text(tmp_path):
    _cut(tmp_path)
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.analyzer]\nformat = "sarif"\noutput = "scan.sarif"\nfail-on = "high"\n', encoding="utf-8")
    assert run_cli("hook", "ep02/c010/c010_zh.txt", cwd=tmp_path).returncode == 0
    assert not (tmp_path / "scan.sarif").exists()
    config.write_text(
        '[tool.analyzer]\nformat = "sarif"\n[tool.analyzer.allowlist]\npaths = ["ep02/**"]\n', encoding="utf-8"
    )
    result = run_cli("hook", "-v", "ep02/c010/c010_zh.txt", cwd=tmp_path)
    assert result.returncode == 0 and "Suppressed (accepted) findings: allowlist:path 1" in result.stdout


def test_scan_staged_reads_the_index_not_the_working_tree(tmp_path):
    cut = _cut(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "ep02/c010/c010_ko.txt", "ep02/c010/c011_notes.txt")
    git(tmp_path, "commit", "-qm", "korean side")
    result = run_cli("scan", "--staged", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0 and json.loads(result.stdout)["files"] == []  # nothing staged
    git(tmp_path, "add", "ep02/c010/c010_zh.txt")
    (cut / "c010_zh.txt").write_text("Clean in the working tree only\n", encoding="utf-8")
    result = run_cli("scan", "--staged", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert sorted(row["path"] for row in report["files"]) == ["ep02/c010/c010_ko.txt", "ep02/c010/c010_zh.txt"]
    [finding] = report["findings"]
    assert finding["evidence"]["zh"] == ZH.strip() and finding["evidence"]["ko_path"] == "ep02/c010/c010_ko.txt"
    inside = run_cli("scan", "--staged", "--format", "json", cwd=cut)  # paths relative to where it runs
    assert {row["path"] for row in json.loads(inside.stdout)["files"]} == {"c010_ko.txt", "c010_zh.txt"}


def test_scan_staged_outside_git_is_a_usage_error(tmp_path):
    result = run_cli("scan", "--staged", cwd=tmp_path)
    assert result.returncode == 2 and "git" in result.stderr and "Traceback" not in result.stderr
