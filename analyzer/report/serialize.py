"""Report records as plain JSON-ready dicts (the `analyzer.report/1` contract)."""

from __future__ import annotations

import json
from typing import Any

import orjson

from analyzer._version import __version__
from analyzer.model import AnalyzedComment, DaySummary, FileRow, Finding, Pair
from analyzer.text.normalize import normalize

SCHEMA = "analyzer.report/1"


def dumps(value: Any, indent: bool = False) -> str:
    """JSON text of a report record (orjson: many times faster than the standard library's encoder)."""
    written = dumps_bytes(value, indent)
    if written is None:  # e.g. a lone surrogate: escaped, so the report stays valid UTF-8
        return json.dumps(value, ensure_ascii=True, indent=2 if indent else None, default=str)
    return written.decode()


def dumps_bytes(value: Any, indent: bool = False) -> bytes | None:
    """`dumps` as UTF-8 bytes, when orjson writes it (None where `dumps` falls back to the standard library)."""
    option = orjson.OPT_INDENT_2 if indent else 0
    try:
        return orjson.dumps(value, option=option, default=str)
    except (TypeError, orjson.JSONEncodeError):
        pass  # a key that is not a string, or a value orjson refuses
    # Keys that are not strings (numbers, say) written as strings, as the standard library writes them: an option
    # asked for only here, since it makes orjson write every record at half its speed (BENCHMARKS.md).
    try:
        return orjson.dumps(value, option=option | orjson.OPT_NON_STR_KEYS, default=str)
    except (TypeError, orjson.JSONEncodeError):
        return None


def header() -> dict[str, Any]:
    return {"schema": SCHEMA, "tool": {"name": "analyzer", "version": __version__}}


def file_dict(row: FileRow) -> dict[str, Any]:
    return {
        "path": row.path,
        "member": row.member,
        "format": row.format,
        "status": row.status,
        "error": row.error,
        "comments": row.comments,
        "encoding": row.encoding,
        "size": row.size,
        "sha256": row.sha256,
    }


def pair_dict(pair: Pair) -> dict[str, Any]:
    return {
        "src": {"lang": pair.src.lang, "start": pair.src.start, "end": pair.src.end, "text": pair.src.text},
        "tgt": {
            "lang": pair.tgt.lang,
            "start": pair.tgt.start,
            "end": pair.tgt.end,
            "text": pair.tgt.text,
            "comment": pair.tgt.comment_id,
        },
        "score": pair.score,
        "scope": pair.scope,
        "evidence": pair.evidence,
    }


def comment_dict(analyzed: AnalyzedComment) -> dict[str, Any]:
    c = analyzed.comment
    out = {
        "id": c.id,
        "path": c.path,
        "member": c.member,
        "locator": c.locator,
        "text": c.text,
        "source": c.source,
        "timestamp": c.timestamp,
        "author": c.author,
        "line": c.line,
        "segments": [_segment_dict(s.start, s.end, s.lang, s.confidence, s.variant) for s in analyzed.segments],
        "pairs": [pair_dict(p) for p in analyzed.pairs],
    }
    # The optional keys after the others, in this order (one dict filled in place, not merged from pieces).
    if c.confidence is not None:
        out["confidence"] = c.confidence
    out.update(normalized_dict(analyzed))
    out.update(translation_dict(analyzed))
    return out


def _segment_dict(start: int, end: int, lang: str, confidence: float, variant: str | None) -> dict[str, Any]:
    if variant:
        return {"start": start, "end": end, "lang": lang, "confidence": confidence, "variant": variant}
    return {"start": start, "end": end, "lang": lang, "confidence": confidence}


def normalized_dict(analyzed: AnalyzedComment) -> dict[str, Any]:
    """What the segment stage changed in the note's text (only when it did): the text as extracted, the
    invisible characters removed by name, how many NFC composed, and offsets back into the original."""
    original = analyzed.comment.original
    return {"normalized": normalize(original).to_dict()} if original is not None else {}


def translation_dict(analyzed: AnalyzedComment) -> dict[str, Any]:
    """The note's machine translation (only when translation packages are installed)."""
    mt = analyzed.translation
    return {"translation": {"lang": mt.lang, "text": mt.text, "via": list(mt.via)}} if mt else {}


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "id": f.id,
        "rule": f.rule,
        "severity": f.severity,
        "confidence": f.confidence,
        "path": f.path,
        "member": f.member,
        "locator": f.locator,
        "line": f.line,
        "message": f.message,
        "evidence": f.evidence,
    }


def day_dict(day: DaySummary) -> dict[str, Any]:
    """The day's fields in order, its cuts as lists (not `dataclasses.asdict`, which deep-copies every cut ID of
    a day's thousands only for them to be replaced)."""
    return {
        "day": day.day,
        "files": day.files,
        "instruction_files": day.instruction_files,
        "instruction_notes": day.instruction_notes,
        "relay_pairs": day.relay_pairs,
        "returned_files": day.returned_files,
        "cuts_instructed": list(day.cuts_instructed),
        "cuts_returned": list(day.cuts_returned),
        "dated_by": dict(day.dated_by),
    }
