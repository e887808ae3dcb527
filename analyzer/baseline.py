"""Baselines of accepted findings: fingerprints that survive moving a note (rule + path + normalised evidence text).

A baseline is a multiset: a note accepted once and copied a second time makes the copy a new finding.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from analyzer._version import __version__
from analyzer.errors import BaselineError
from analyzer.model import Finding
from analyzer.userfiles import NotARegularFile, read_bounded

SCHEMA = "analyzer.baseline/1"
# Evidence keys that say where something sits (and so change when a note moves), not what it says.
_PLACE_KEY = re.compile(r"(^|_)(path|member|locator|line|offset|start|end|index)$")
_SPACE = re.compile(r"\s+")
MAX_BASELINE_BYTES = 256 * 1024 * 1024  # ~1M accepted findings; a larger file is no baseline of ours
MAX_COUNT = 1_000_000_000


def normalise(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def evidence_text(finding: Finding) -> str:
    """The finding's evidence texts, normalised; its message when the evidence has no text."""
    texts = [
        normalise(value)
        for key, value in sorted(finding.evidence.items())
        if isinstance(value, str) and not _PLACE_KEY.search(key) and key != "scope"
    ]
    return "\x1f".join(texts) if texts else normalise(re.sub(r"\d+", "#", finding.message))


def portable_path(path: str, base: str) -> str:
    """`path` relative to `base` with forward slashes, so a baseline works from any working folder."""
    return os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")


def fingerprint(finding: Finding, base: str | None = None) -> str:
    base = base or os.getcwd()
    place = portable_path(finding.path, base) + ("!" + finding.member if finding.member else "")
    key = "\x1e".join((finding.rule, place, evidence_text(finding)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _read_json(path: str) -> Any:
    """The baseline's JSON, refusing what is no baseline file: a device or FIFO, an endless or a huge file."""
    try:
        raw = read_bounded(path, MAX_BASELINE_BYTES)
    except NotARegularFile:
        raise BaselineError(f"baseline {path} is not a regular file") from None
    except OSError as err:
        raise BaselineError(f"cannot read baseline {path}: {err.strerror or err}") from None
    if len(raw) > MAX_BASELINE_BYTES:
        raise BaselineError(f"baseline {path} is larger than {MAX_BASELINE_BYTES} bytes")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BaselineError(f"baseline {path} is not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise BaselineError(f"baseline {path} is not valid JSON: {err}") from None
    except RecursionError:
        raise BaselineError(f"baseline {path} is nested too deeply to be a baseline") from None


@dataclass
class Baseline:
    """Accepted fingerprints (with how often each was accepted), relative to the baseline file's folder."""

    base: str
    counts: Counter[str] = field(default_factory=Counter)

    @classmethod
    def load(cls, path: str) -> Baseline:
        data = _read_json(path)
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise BaselineError(f"{path} is not an analyzer baseline (schema {SCHEMA})")
        entries = data.get("findings", [])
        if not isinstance(entries, list):
            raise BaselineError(f"{path}: findings must be a list")
        counts: Counter[str] = Counter()
        for number, entry in enumerate(entries, 1):
            if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
                raise BaselineError(f"{path}: finding {number} has no fingerprint string")
            count = entry.get("count", 1)
            if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
                raise BaselineError(f"{path}: finding {number}: count must be a whole number from 1 to {MAX_COUNT}")
            counts[entry["fingerprint"]] += count
        return cls(os.path.dirname(os.path.abspath(path)), counts)

    def accepts(self, finding: Finding) -> bool:
        """True (and uses up one acceptance) when the finding is in the baseline."""
        key = fingerprint(finding, self.base)
        if self.counts[key] > 0:
            self.counts[key] -= 1
            return True
        return False


def baseline_dict(findings: Iterable[Finding], baseline_path: str) -> dict[str, Any]:
    """The baseline file for `findings`, written to `baseline_path` (paths stored relative to its folder)."""
    base = os.path.dirname(os.path.abspath(baseline_path))
    entries: dict[str, dict[str, Any]] = {}
    for f in findings:
        key = fingerprint(f, base)
        if key in entries:
            entries[key]["count"] += 1
            continue
        place = portable_path(f.path, base)
        entries[key] = {"fingerprint": key, "rule": f.rule, "path": place, "member": f.member, "count": 1}
        entries[key]["text"] = evidence_text(f)[:200]
    ordered = sorted(entries.values(), key=lambda e: (e["path"], e["member"] or "", e["rule"], e["fingerprint"]))
    return {"schema": SCHEMA, "tool": {"name": "analyzer", "version": __version__}, "findings": ordered}
