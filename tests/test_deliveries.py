"""The delivery summary: one row per top-level folder of the dump, with counts and the strongest evidence."""

from __future__ import annotations

from analyzer.model import FileRow, Finding
from analyzer.report.deliveries import DeliverySummary, _parts


def delivery_summary(files, notes, findings):
    """The delivery rows of one batch of files, notes and findings (what a whole report adds up)."""
    summary = DeliverySummary()
    summary.add(files, notes, findings)
    return summary.rows()


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


def _dump() -> tuple[list[FileRow], list[Finding]]:
    files = [
        FileRow("dump/vendorA/ep1/c1.txt", None, "text", "ok"),
        FileRow("dump/vendorA/ep2/c2.txt", None, "text", "ok"),
        FileRow("dump/vendorB/c9.zip", "c9/notes.txt", "text", "ok"),
        FileRow("dump/vendorC/x/y/z.txt", None, "text", "error", "bad"),
    ]
    findings = [
        _finding("dump/vendorA/ep1/c1.txt", "dprk.orthography", "low", 0.6),
        _finding("dump/vendorA/ep2/c2.txt", "relay.zh-ko-pair", "high", 0.9),
        _finding("dump/vendorB/c9.zip", "relay.zh-ko-pair", "medium", 0.8),
    ]
    return files, findings


def test_streamed_batches_give_the_summary_of_the_whole_report():
    """JSONL writes batch by batch: the folder all files share is only known at the end, so the running summary
    starts narrow (vendorA/ep1 alone) and merges its rows as later batches widen it."""
    from analyzer.report.deliveries import DeliverySummary

    files, findings = _dump()
    running = DeliverySummary()
    for i, row in enumerate(files):
        running.add([row], [], [f for f in findings if f.path == row.path])
        if i == 0:
            assert [d["delivery"] for d in running.rows()] == ["dump/vendorA/ep1"]
    whole = delivery_summary(files, (), findings)
    assert running.rows() == whole
    assert [d["delivery"] for d in whole] == ["dump/vendorA", "dump/vendorB", "dump/vendorC"]
    assert whole[0]["findings_by_severity"] == {"high": 1, "low": 1} and whole[0]["strongest"]["severity"] == "high"
    assert running.delivery_of("dump/vendorC/x/y/z.txt") == "dump/vendorC"


def test_a_scan_wide_finding_on_a_folder_belongs_to_that_folder():
    """relay.batch-cadence reports on the folder its instructions share, which is no file of the dump."""
    files, findings = _dump()
    cadence = _finding("dump/vendorA", "relay.batch-cadence", "high", 0.7)
    whole_dump = _finding("dump", "relay.batch-cadence", "low", 0.5)
    rows = {d["delivery"]: d for d in delivery_summary(files, (), [*findings, cadence, whole_dump])}
    assert rows["dump/vendorA"]["findings_by_rule"]["relay.batch-cadence"] == 1
    assert rows["dump"]["findings"] == 1 and rows["dump"]["files"] == 0


def test_file_folders_reuse_the_folder_before_and_split_as_parts_do():
    summary = DeliverySummary()
    paths = ["/in/a/x.txt", "/in/a/y.txt", "rel/b\\c.txt", "x.txt", "/x.txt", "a/./b.txt", "a//b.txt"]
    paths += ["\\\\srv\\share\\f.txt", "c:\\d\\e.png", "./z/q.txt", "/in/a/.", "a/b/", "/", "./x", "/in/a/x.txt"]
    assert [summary._file_folder(p) for p in paths] == [tuple(_parts(p))[:-1] for p in paths]
