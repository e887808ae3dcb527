"""SARIF 2.1.0 for code-scanning dashboards: rule metadata and help from the rule registry, physical locations.

An archive member is an artifact whose `parentIndex` names the archive; files that could not be read
become tool notifications, so a dashboard shows them without counting them as findings.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from analyzer._version import __version__
from analyzer.baseline import fingerprint
from analyzer.detect import RULES
from analyzer.detect.base import Rule
from analyzer.model import Finding
from analyzer.report import Report

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"high": "error", "medium": "warning", "low": "note", "info": "note"}
# GitHub code scanning ranks security results by this property (CVSS-like, 0-10).
SECURITY_SEVERITY = {"high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
_LINE = re.compile(r"^line (\d+)$")


def _uri(path: str) -> str:
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(path.replace(os.sep, "/"))


def _help_text(rule: Rule) -> str:
    """A rule module's docstring says what it flags and why: that is its help."""
    module = sys.modules.get(rule.check.__module__)
    doc = (module.__doc__ if module else None) or rule.description
    return " ".join(doc.split())


def _rule_dict(rule: Rule) -> dict[str, Any]:
    name = "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", rule.id))
    help_text = _help_text(rule)
    return {
        "id": rule.id,
        "name": name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description},
        "help": {"text": help_text, "markdown": f"**{rule.title}**\n\n{help_text}"},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {
            "tags": ["security", rule.id.split(".")[0]],
            "security-severity": SECURITY_SEVERITY.get(rule.severity, "5.5"),
        },
    }


class _Artifacts:
    """The run's artifacts table: one entry per file, and per archive member with its archive as parent."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self.index: dict[tuple[str, str | None], int] = {}

    def get(self, path: str, member: str | None) -> int:
        key = (path, member)
        if key in self.index:
            return self.index[key]
        if member is None:
            entry: dict[str, Any] = {"location": {"uri": _uri(path)}}
            if not os.path.isabs(path):
                entry["location"]["uriBaseId"] = "SRCROOT"
        else:
            parent_member, _, inner = member.rpartition("!")
            parent = self.get(path, parent_member or None)
            entry = {"location": {"uri": quote(inner)}, "parentIndex": parent}
        self.entries.append(entry)
        self.index[key] = len(self.entries) - 1
        return self.index[key]

    def location(self, path: str, member: str | None, locator: str | None) -> dict[str, Any]:
        index = self.get(path, member)
        artifact = dict(self.entries[index]["location"], index=index)
        physical: dict[str, Any] = {"artifactLocation": artifact}
        if locator and (line := _LINE.match(locator)):
            physical["region"] = {"startLine": int(line.group(1))}
        location: dict[str, Any] = {"physicalLocation": physical}
        if locator:
            location["logicalLocations"] = [{"fullyQualifiedName": locator, "kind": "element"}]
        return location


def _result(f: Finding, rule_index: dict[str, int], artifacts: _Artifacts) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "level": LEVELS.get(f.severity, "warning"),
        "message": {"text": f.message},
        "locations": [artifacts.location(f.path, f.member, f.locator)],
        "partialFingerprints": {"analyzerFingerprint/v1": fingerprint(f)},
        "properties": {"severity": f.severity, "confidence": f.confidence, "findingId": f.id, "evidence": f.evidence},
    }
    if f.rule in rule_index:
        result["ruleIndex"] = rule_index[f.rule]
    ko_path = f.evidence.get("ko_path")
    if isinstance(ko_path, str) and (ko_path, f.evidence.get("ko_member")) != (f.path, f.member):
        related = artifacts.location(ko_path, f.evidence.get("ko_member"), f.evidence.get("ko_locator"))
        result["relatedLocations"] = [{"id": 1, **related, "message": {"text": "the Korean translation"}}]
    return result


def sarif_dict(report: Report) -> dict[str, Any]:
    rules = list(RULES)
    rule_index = {rule.id: i for i, rule in enumerate(rules)}
    artifacts = _Artifacts()
    results = [_result(f, rule_index, artifacts) for f in report.findings]
    notifications = [
        {
            "level": "error" if row.status == "error" else "note",
            "message": {"text": f"{row.status}: {row.error}"},
            "locations": [artifacts.location(row.path, row.member, None)],
        }
        for row in report.files
        if row.status == "error"
    ]
    root = Path(os.getcwd()).as_uri() + "/"
    run = {
        "tool": {
            "driver": {
                "name": "analyzer",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule_dict(rule) for rule in rules],
            }
        },
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "originalUriBaseIds": {"SRCROOT": {"uri": root}},
        "artifacts": artifacts.entries,
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {"summary": report.summary()},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def write(report: Report, out: TextIO, verbosity: int = 0) -> None:
    json.dump(sarif_dict(report), out, ensure_ascii=False, indent=2)
    out.write("\n")
