"""The delivery summary: one row per top-level folder of the dump, with counts and the strongest evidence."""

from __future__ import annotations

from analyzer.model import FileRow, Finding
from analyzer.report.deliveries import delivery_summary


def _finding(path: str, rule: str, severity: str, confidence: float) -> Finding:
    return Finding(f"f{rule}{path}", rule, severity, confidence, path, None, "line 1", f"{rule} at {path}", {})


def test_groups_by_vendor_folder_and_picks_the_strongest_finding():
    files = [
        FileRow("dump/vendorA/ep1/c1.txt", None, "text", "ok"),
        FileRow("dump/vendorA/ep1/c2.txt", None, "text", "error", "bad"),
        FileRow("dump/vendorB/c9.zip", "c9/notes.txt", "text", "ok"),
        FileRow("dump/manifest.txt", None, "text", "ok"),
    ]
    findings = [
        _finding("dump/vendorA/ep1/c1.txt", "relay.zh-ko-pair", "medium", 0.95),
        _finding("dump/vendorA/ep1/c1.txt", "dprk.timezone", "medium", 0.9),
        _finding("dump/vendorB/c9.zip", "watchlist.entity", "high", 0.8),
    ]
    rows = {d["delivery"]: d for d in delivery_summary(files, (), findings)}
    assert set(rows) == {"dump", "dump/vendorA", "dump/vendorB"}
    a, b = rows["dump/vendorA"], rows["dump/vendorB"]
    assert (a["files"], a["errors"], a["findings"]) == (2, 1, 2)
    assert a["strongest"]["rule"] == "relay.zh-ko-pair" and a["north_korean_evidence"] == ["dprk.timezone"]
    assert b["highest_severity"] == "high" and b["strongest"]["rule"] == "watchlist.entity"
    assert rows["dump"]["strongest"] is None and rows["dump"]["findings"] == 0


def test_separate_roots_are_separate_deliveries():
    files = [FileRow("/in/a/x.txt", None, "text", "ok"), FileRow("other/b/y.txt", None, "text", "ok")]
    assert [d["delivery"] for d in delivery_summary(files, (), [])] == ["/in", "other"]
