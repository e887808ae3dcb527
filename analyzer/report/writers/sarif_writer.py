"""SARIF 2.1.0 for code-scanning dashboards (GitHub's ingestion rules): rule metadata, relative locations, regions.

- Locations are relative to the working directory (uriBaseId SRCROOT), or to the scanned folder a path lies in
  (ROOT1, ROOT2 ...) when it is outside it: never an absolute file:/// URI, which GitHub refuses.
- A note with a line in its file (text, JSON, XMP, XML, CSV ...) gets a line region.
- An archive member is located at the archive (a file GitHub knows), the member named in the message and as
  the logical location.
- A finding whose severity differs from its rule's default (a relay pair raised to high by North Korean
  evidence) is reported under a sub-rule `relay.zh-ko-pair/high`, since dashboards take the severity from the
  rule: it shows as high, not as the rule's medium.
- Files that could not be read become tool notifications, so a dashboard shows them without counting them.
- Streamed: results and notifications wait in temporary files; at most MAX_RESULTS results (GitHub reads no
  more from a run) and MAX_NOTIFICATIONS notifications are embedded, and the run says how many were left out.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from analyzer._version import __version__
from analyzer.baseline import fingerprint
from analyzer.detect import RULES, SCAN_RULES
from analyzer.detect.base import Rule, ScanRule
from analyzer.model import BatchResult, Finding
from analyzer.report import Report
from analyzer.report.serialize import dumps
from analyzer.report.spool import Spool
from analyzer.report.totals import Totals
from analyzer.report.writers.base import WriterOptions

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"high": "error", "medium": "warning", "low": "note", "info": "note"}
# GitHub code scanning ranks security results by this property of their rule (CVSS-like, 0-10).
SECURITY_SEVERITY = {"high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
MAX_RESULTS = 25_000  # GitHub code scanning reads at most this many results of a run
MAX_NOTIFICATIONS = 5_000
_LINE = re.compile(r"^line (\d+)")


def _help_text(rule: Rule | ScanRule) -> str:
    """A rule module's docstring says what it flags and why: that is its help."""
    module = sys.modules.get(rule.check.__module__)
    doc = (module.__doc__ if module else None) or rule.description
    return " ".join(doc.split())


def _rule_dict(rule: Rule | ScanRule, severity: str | None = None) -> dict[str, Any]:
    severity = severity or rule.severity
    name = "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", rule.id))
    help_text = _help_text(rule)
    variant = severity != rule.severity
    return {
        "id": f"{rule.id}/{severity}" if variant else rule.id,
        "name": name + (severity.capitalize() if variant else ""),
        "shortDescription": {"text": rule.title + (f" ({severity})" if variant else "")},
        "fullDescription": {"text": rule.description},
        "help": {"text": help_text, "markdown": f"**{rule.title}**\n\n{help_text}"},
        "defaultConfiguration": {"level": LEVELS.get(severity, "warning")},
        "properties": {
            "tags": ["security", rule.id.split(".")[0]],
            "security-severity": SECURITY_SEVERITY.get(severity, "5.5"),
        },
    }


class _Places:
    """Relative artifact locations: against the working directory, or else the scanned folder a path lies in."""

    def __init__(self, roots: tuple[str, ...]) -> None:
        self.cwd = os.path.abspath(os.getcwd())
        bases = []
        for root in roots:
            folder = os.path.abspath(root if os.path.isdir(root) else os.path.dirname(root) or ".")
            if not _inside(folder, self.cwd) and folder not in bases:
                bases.append(folder)
        self.bases = bases

    def base_ids(self) -> dict[str, Any]:
        ids = {"SRCROOT": {"uri": Path(self.cwd).as_uri() + "/"}}
        for number, base in enumerate(self.bases, 1):
            ids[f"ROOT{number}"] = {"uri": Path(base).as_uri().rstrip("/") + "/"}
        return ids

    def artifact(self, path: str) -> dict[str, Any]:
        absolute = os.path.abspath(path)
        if _inside(absolute, self.cwd):
            return {"uri": _quoted(os.path.relpath(absolute, self.cwd)), "uriBaseId": "SRCROOT"}
        for number, base in enumerate(self.bases, 1):
            if _inside(absolute, base):
                return {"uri": _quoted(os.path.relpath(absolute, base)), "uriBaseId": f"ROOT{number}"}
        # outside every scanned folder (a scan-wide finding naming a common folder): its last parts
        return {"uri": _quoted(os.path.basename(absolute.rstrip(os.sep)) or "."), "uriBaseId": "SRCROOT"}

    def location(self, path: str, member: str | None, locator: str | None, line: int | None = None) -> dict[str, Any]:
        physical: dict[str, Any] = {"artifactLocation": self.artifact(path)}
        if line is None and member is None and locator and (numbered := _LINE.match(locator)):
            line = int(numbered.group(1))
        if line is not None and member is None:
            physical["region"] = {"startLine": line}
        location: dict[str, Any] = {"physicalLocation": physical}
        inside = "!".join(part for part in (member, locator) if part)
        if inside:
            location["logicalLocations"] = [{"fullyQualifiedName": inside, "kind": "member" if member else "element"}]
        return location


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _quoted(relative: str) -> str:
    return quote(relative.replace(os.sep, "/"))


class SarifWriter:
    def __init__(self, out: TextIO, options: WriterOptions | None = None) -> None:
        options = options or WriterOptions()
        self.out = out
        self.places = _Places(options.roots)
        self.rules: list[Rule | ScanRule] = [*RULES, *SCAN_RULES]
        self.rule_dicts = [_rule_dict(rule) for rule in self.rules]
        self.rule_index = {rule.id: i for i, rule in enumerate(self.rules)}
        self.results, self.notifications = Spool(), Spool()
        self.count = {"results": 0, "notifications": 0, "results_left_out": 0, "notifications_left_out": 0}

    def _index(self, f: Finding) -> tuple[str, int | None]:
        """The rule (or severity sub-rule) a result is reported under, and its index in the rules table."""
        base = self.rule_index.get(f.rule)
        if base is None:
            return f.rule, None
        rule = self.rules[base]
        if f.severity == rule.severity:
            return rule.id, base
        variant = f"{rule.id}/{f.severity}"
        if variant not in self.rule_index:
            self.rule_index[variant] = len(self.rule_dicts)
            self.rule_dicts.append(_rule_dict(rule, f.severity))
        return variant, self.rule_index[variant]

    def _result(self, f: Finding) -> dict[str, Any]:
        rule_id, index = self._index(f)
        message = f.message + (f" (in archive member {f.member})" if f.member else "")
        result: dict[str, Any] = {
            "ruleId": rule_id,
            "level": LEVELS.get(f.severity, "warning"),
            "message": {"text": message},
            "locations": [self.places.location(f.path, f.member, f.locator, f.line)],
            "partialFingerprints": {"analyzerFingerprint/v1": fingerprint(f)},
            "properties": {
                "severity": f.severity,
                "confidence": f.confidence,
                "findingId": f.id,
                "security-severity": SECURITY_SEVERITY.get(f.severity, "5.5"),
                "evidence": f.evidence,
            },
        }
        if index is not None:
            result["ruleIndex"] = index
        ev = f.evidence
        ko_path = ev.get("ko_path")
        if isinstance(ko_path, str) and (ko_path, ev.get("ko_member"), ev.get("ko_locator")) != (
            f.path,
            f.member,
            f.locator,
        ):
            related = self.places.location(ko_path, ev.get("ko_member"), ev.get("ko_locator"), ev.get("ko_line"))
            result["relatedLocations"] = [{"id": 1, **related, "message": {"text": "the Korean translation"}}]
        return result

    def add(self, batch: BatchResult) -> None:
        count = self.count
        parts = []
        for f in batch.findings:
            if count["results"] >= MAX_RESULTS:
                count["results_left_out"] += 1
                continue
            parts.append(("," if count["results"] else "") + dumps(self._result(f)))
            count["results"] += 1
        self.results.write("".join(parts))
        parts = []
        for row in batch.files:
            if row.status != "error":
                continue
            if count["notifications"] >= MAX_NOTIFICATIONS:
                count["notifications_left_out"] += 1
                continue
            note = {
                "level": "error",
                "message": {"text": f"{row.status}: {row.error}" + (f" (member {row.member})" if row.member else "")},
                "locations": [self.places.location(row.path, row.member, None)],
            }
            parts.append(("," if count["notifications"] else "") + dumps(note))
            count["notifications"] += 1
        self.notifications.write("".join(parts))

    def finish(self, summary: dict[str, Any], totals: Totals) -> None:
        count = self.count
        left_out = []
        for what, cap in (("results", MAX_RESULTS), ("notifications", MAX_NOTIFICATIONS)):
            if count[f"{what}_left_out"]:
                left_out.append(
                    dumps(
                        {
                            "level": "warning",
                            "message": {
                                "text": f"{count[f'{what}_left_out']} more {what} were left out of this SARIF file "
                                f"(at most {cap} are embedded); the JSON or JSONL report holds them all"
                            },
                        }
                    )
                )
        driver = {
            "name": "analyzer",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": self.rule_dicts,
        }
        out = self.out
        out.write('{"$schema": ' + dumps(SARIF_SCHEMA) + ', "version": "2.1.0", "runs": [{')
        out.write('"tool": {"driver": ' + dumps(driver) + "},\n")
        out.write('"invocations": [{"executionSuccessful": true, "toolExecutionNotifications": [')
        self.notifications.copy_to(out)
        if left_out:
            out.write(("," if count["notifications"] else "") + ",".join(left_out))
        out.write("]}],\n")
        out.write('"originalUriBaseIds": ' + dumps(self.places.base_ids()) + ",\n")
        out.write('"columnKind": "unicodeCodePoints",\n"results": [\n')
        self.results.copy_to(out)
        properties = {
            "summary": summary,
            "resultsLeftOut": count["results_left_out"],
            "notificationsLeftOut": count["notifications_left_out"],
        }
        out.write('\n],\n"properties": ' + dumps(properties) + "}]}\n")
        self.results.close()
        self.notifications.close()


def sarif_dict(report: Report) -> dict[str, Any]:
    """The SARIF log of a whole report, as a dict."""
    import io
    import json

    buffer = io.StringIO()
    report.write("sarif", buffer)
    return json.loads(buffer.getvalue())  # type: ignore[no-any-return]


def write(report: Report, out: TextIO, verbosity: int = 0) -> None:
    report.write("sarif", out, verbosity)
