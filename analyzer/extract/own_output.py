"""Files the analyzer wrote itself (reports, baselines): not a delivery's notes, so never read as if they were.

`analyzer scan .` in a folder that holds yesterday's report or the team's baseline would otherwise flag the
Chinese and Korean texts those files quote. They are recognised by what only the analyzer writes at their
start: its schema ids, SARIF naming it as the tool, the HTML report's title, the CSV report's header, the
text report's summary line.
"""

from __future__ import annotations

import re

HEAD_BYTES = 4096
_SIGNATURES = (
    ("report", re.compile(rb'^\s*\{[^{}]*?"schema"\s*:\s*"analyzer\.report/\d+"')),
    ("baseline", re.compile(rb'^\s*\{[^{}]*?"schema"\s*:\s*"analyzer\.baseline/\d+"')),
    (
        "SARIF report",
        re.compile(rb'"\$schema"\s*:\s*"[^"]*sarif[^"]*".{0,200}?"driver"\s*:\s*\{\s*"name"\s*:\s*"analyzer"', re.S),
    ),
    ("HTML report", re.compile(rb"^<!DOCTYPE html>\s*<html[^>]*>.{0,400}?<title>analyzer report</title>", re.S)),
    ("text report", re.compile(rb"^analyzer: \d+ files \(\d+ read, \d+ skipped, \d+ errors\), \d+ notes, ")),
    (
        "CSV report",
        re.compile(rb"^(\xef\xbb\xbf)?id,rule,severity,confidence,path,member,locator,message,zh,ko,evidence"),
    ),
)


# Bytes every signature's match holds: a head without them is nobody's output (checked first: most files are not).
_LITERALS = (b"analyzer", b"id,rule,severity")


def written_by_analyzer(head: bytes) -> str | None:
    """What kind of analyzer output a file is, from its first bytes; None for anything else."""
    head = head[:HEAD_BYTES]
    if _LITERALS[0] not in head and _LITERALS[1] not in head:
        return None
    for kind, signature in _SIGNATURES:
        if signature.search(head):
            return kind
    return None
