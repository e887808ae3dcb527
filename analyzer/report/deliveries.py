"""The delivery summary: per top-level folder of the dump (a vendor or a delivery), counts and the strongest evidence.

The top-level folder is the first path component below the folder all scanned
files share (scanning `dump/` groups `dump/vendorA/...` and `dump/vendorB/...`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from analyzer.model import SEVERITY_RANK, AnalyzedComment, FileRow, Finding


def _parts(path: str) -> list[str]:
    return [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]


def delivery_of(path: str, common: list[str]) -> str:
    parts = _parts(path)
    below = parts[len(common) :]
    root = "/" if path.startswith("/") else ""
    if len(below) <= 1:  # a file directly in the common folder: its folder is the delivery
        return root + "/".join(common) if common else root or "."
    return root + "/".join(common + below[:1])


def _common(paths: Sequence[str]) -> list[str]:
    split = [_parts(p)[:-1] for p in paths]  # folders only
    if not split:
        return []
    prefix = split[0]
    for parts in split[1:]:
        size = 0
        while size < min(len(prefix), len(parts)) and prefix[size] == parts[size]:
            size += 1
        prefix = prefix[:size]
    return prefix


def _strongest(findings: list[Finding]) -> dict[str, Any] | None:
    if not findings:
        return None
    top = max(findings, key=lambda f: (SEVERITY_RANK.get(f.severity, 0), f.confidence, f.rule))
    where = f"{top.path}!{top.member}" if top.member else top.path
    return {
        "rule": top.rule,
        "severity": top.severity,
        "confidence": top.confidence,
        "path": where,
        "locator": top.locator,
        "message": top.message,
        "finding": top.id,
    }


def delivery_summary(
    files: Sequence[FileRow], comments: Sequence[AnalyzedComment], findings: Sequence[Finding]
) -> list[dict[str, Any]]:
    """One entry per top-level folder, in path order."""
    common = _common([f.path for f in files])
    rows: dict[str, dict[str, Any]] = {}
    found: dict[str, list[Finding]] = {}

    def entry(path: str) -> dict[str, Any]:
        name = delivery_of(path, common)
        return rows.setdefault(name, {"delivery": name, "files": 0, "errors": 0, "comments": 0, "pairs": 0})

    for row in files:
        e = entry(row.path)
        e["files"] += 1
        e["errors"] += row.status == "error"
    for analyzed in comments:
        e = entry(analyzed.comment.path)
        e["comments"] += 1
        e["pairs"] += len(analyzed.pairs)
    for f in findings:
        found.setdefault(entry(f.path)["delivery"], []).append(f)
    out = []
    for name in sorted(rows):
        items = found.get(name, [])
        rules = Counter(f.rule for f in items)
        severities = Counter(f.severity for f in items)
        highest = max(severities, key=lambda s: SEVERITY_RANK.get(s, 0)) if severities else None
        nk_rules = sorted(r for r in rules if r.startswith(("dprk.", "watchlist.")))
        out.append(
            {
                **rows[name],
                "findings": len(items),
                "findings_by_rule": dict(sorted(rules.items())),
                "findings_by_severity": dict(sorted(severities.items())),
                "highest_severity": highest,
                "north_korean_evidence": nk_rules,
                "strongest": _strongest(items),
            }
        )
    return out
