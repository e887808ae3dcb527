"""Baselines: `baseline create` then `scan --baseline` reports only new findings; moving a note keeps it accepted."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SAMPLES, run_cli

import analyzer
from analyzer.baseline import evidence_text, fingerprint
from analyzer.model import Finding

RELAY = "眼睛位置太高了，往下移 → 눈 위치가 너무 높습니다. 아래로 옮겨주십시오."
NEW_RELAY = "转身动作太慢 → 돌아서는 동작이 너무 느립니다."


def _delivery(root: Path) -> Path:
    cut = root / "delivery" / "c001"
    cut.mkdir(parents=True)
    (cut / "c001_notes.txt").write_text(f"English note first\n{RELAY}\n", encoding="utf-8")
    return cut / "c001_notes.txt"


def _findings(*args: str, cwd: Path) -> tuple[int, list[dict]]:
    result = run_cli("scan", *args, "--format", "json", cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)["findings"]


def test_fingerprint_ignores_line_numbers_and_spacing_but_not_the_text():
    def relay(locator: str, zh: str, ko_locator: str) -> Finding:
        evidence = {"zh": zh, "ko": "눈 위치가 너무 높습니다", "ko_locator": ko_locator, "score": 0.9}
        return Finding("x", "relay.zh-ko-pair", "medium", 0.9, "a/n.txt", None, locator, "m", evidence)

    base = fingerprint(relay("line 2", "眼睛位置太高了", "line 2"), "/r")
    assert fingerprint(relay("line 40", "眼睛位置太高了 ", "line 41"), "/r") == base
    assert fingerprint(relay("line 2", "眼睛位置太低了", "line 2"), "/r") != base
    assert "line" not in evidence_text(relay("line 2", "眼睛", "line 9"))


def test_baseline_create_then_scan_reports_only_new_findings(tmp_path):
    note = _delivery(tmp_path)
    created = run_cli("baseline", "create", "-o", ".analyzer-baseline.json", "delivery", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert "1 finding(s) recorded" in created.stderr
    data = json.loads((tmp_path / ".analyzer-baseline.json").read_text(encoding="utf-8"))
    assert data["schema"] == "analyzer.baseline/1"
    assert [(e["rule"], e["path"]) for e in data["findings"]] == [("relay.zh-ko-pair", "delivery/c001/c001_notes.txt")]

    code, findings = _findings("delivery", "--baseline", ".analyzer-baseline.json", cwd=tmp_path)
    assert code == 0 and findings == []

    # moved down three lines: same note, still accepted; a new relay note is reported
    note.write_text(f"\n\n\nEnglish note first\n{RELAY}\n{NEW_RELAY}\n", encoding="utf-8")
    code, findings = _findings("delivery", "--baseline", ".analyzer-baseline.json", cwd=tmp_path)
    assert code == 1 and [f["evidence"]["zh"] for f in findings] == ["转身动作太慢"]


def test_baseline_works_from_another_folder_and_counts_copies(tmp_path):
    note = _delivery(tmp_path)
    assert run_cli("baseline", "create", "-o", "base.json", "delivery", cwd=tmp_path).returncode == 0
    code, findings = _findings(".", "--baseline", str(tmp_path / "base.json"), cwd=tmp_path / "delivery")
    assert code == 0 and findings == []
    note.write_text(f"{RELAY}\n{RELAY}\n", encoding="utf-8")  # the accepted note, copied once more
    code, findings = _findings("delivery", "--baseline", "base.json", cwd=tmp_path)
    assert code == 1 and len(findings) == 1


def test_baseline_from_configuration_and_bad_baseline_is_usage_error(tmp_path):
    _delivery(tmp_path)
    assert run_cli("baseline", "create", "-o", "accepted.json", "delivery", cwd=tmp_path).returncode == 0
    (tmp_path / ".analyzer.toml").write_text('baseline = "accepted.json"\n', encoding="utf-8")
    code, findings = _findings("delivery", cwd=tmp_path)
    assert code == 0 and findings == []
    (tmp_path / "accepted.json").write_text("{}", encoding="utf-8")
    result = run_cli("scan", "delivery", cwd=tmp_path)
    assert result.returncode == 2 and "not an analyzer baseline" in result.stderr


def test_declared_evidence_texts_keep_the_fingerprints_of_existing_baselines():
    """Baselines written before rules declared their evidence (their fingerprints took every string that named no
    place) still match: each rule's declared texts are exactly those strings."""
    import re

    from analyzer.baseline import evidence_text, normalise

    place = re.compile(r"(^|_)(path|member|locator|line|offset|start|end|index)$")

    def guessed(finding) -> str:
        texts = [
            normalise(v)
            for k, v in sorted(finding.evidence.items())
            if isinstance(v, str) and not place.search(k) and k != "scope"
        ]
        return "\x1f".join(texts) if texts else normalise(re.sub(r"\d+", "#", finding.message))

    report = analyzer.scan([str(SAMPLES)])
    rules = {f.rule for f in report.findings}
    assert {"relay.zh-ko-pair", "relay.chain", "dprk.orthography", "dprk.timezone", "watchlist.entity"} <= rules
    for finding in report.findings:
        assert evidence_text(finding) == guessed(finding), finding.rule
