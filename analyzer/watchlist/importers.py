"""Read an official OFAC SDN CSV (sdn.csv, alt.csv) or an OpenSanctions FollowTheMoney JSON file into watch names.

Only DPRK-related entries are kept unless `everything` is set: SDN rows whose
programme mentions DPRK or whose remarks link them to a listed entity, FtM entities
with country `kp` or a DPRK programme.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass


class ImportError_(ValueError):
    """The file is not in a format we can read; the message says why."""


@dataclass(frozen=True, slots=True)
class Row:
    entity: str
    name: str
    form: str
    source: str


def _clean(value: str) -> str:
    value = value.strip()
    return "" if value in ("-0-", "-0- ") else value


def from_sdn_csv(text: str, everything: bool = False, linked_to: tuple[str, ...] = ()) -> Iterator[Row]:
    """sdn.csv rows (12 columns) and alt.csv rows (5 columns); aliases follow the primary names they belong to."""
    rows = [r for r in csv.reader(io.StringIO(text)) if r and any(cell.strip() for cell in r)]
    if not rows or not all(len(r) in (5, 12) for r in rows):
        raise ImportError_("not an OFAC SDN file: expected sdn.csv (12 columns) or alt.csv (5 columns) rows")
    for r in rows:
        if not r[0].strip().isdigit():
            raise ImportError_(f"not an OFAC SDN file: first column should be the uid, got {r[0]!r}")
    primaries: dict[str, str] = {}
    for r in rows:
        if len(r) != 12:
            continue
        uid, name, program, remarks = r[0].strip(), _clean(r[1]), _clean(r[3]), _clean(r[11])
        linked = any(entity.upper() in remarks.upper() for entity in linked_to)
        if everything or "DPRK" in program.upper() or linked:
            primaries[uid] = name
            yield Row(name, name, "primary", f"OFAC SDN uid {uid} ({program})")
    for r in rows:
        if len(r) == 5 and (r[0].strip() in primaries or everything):
            uid, alias = r[0].strip(), _clean(r[3])
            if alias:
                entity = primaries.get(uid, alias)
                yield Row(entity, alias, _clean(r[2]).lower() or "aka", f"OFAC SDN uid {uid}")


def _entities(text: str) -> Iterator[dict]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        yield from json.loads(stripped)
        return
    if stripped.startswith("{") and "\n{" not in stripped.strip():
        doc = json.loads(stripped)
        yield from doc.get("entities", [doc]) if isinstance(doc, dict) else []
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as err:
                raise ImportError_(f"line {number}: invalid JSON ({err.msg})") from None


def from_ftm_json(text: str, everything: bool = False) -> Iterator[Row]:
    """OpenSanctions FollowTheMoney entities (JSON lines, an array, or {"entities": [...]})."""
    try:
        entities = list(_entities(text))
    except json.JSONDecodeError as err:
        raise ImportError_(f"invalid JSON: {err.msg}") from None
    if not entities or not all(isinstance(e, dict) and "schema" in e and "properties" in e for e in entities):
        raise ImportError_("not a FollowTheMoney file: each entity needs 'schema' and 'properties'")
    for entity in entities:
        props = entity["properties"]
        countries = [c.lower() for c in props.get("country", []) + props.get("jurisdiction", [])]
        programs = " ".join(props.get("program", []) + props.get("programId", []))
        if not (everything or "kp" in countries or "DPRK" in programs.upper()):
            continue
        names = props.get("name", [])
        if not names:
            continue
        source = f"OpenSanctions {entity.get('id', '?')} ({', '.join(entity.get('datasets', [])) or 'FtM'})"
        yield Row(names[0], names[0], "primary", source)
        for key, form in (("name", "aka"), ("alias", "aka"), ("previousName", "previous"), ("weakAlias", "weak")):
            for name in props.get(key, [])[1 if key == "name" else 0 :]:
                yield Row(names[0], name, form, source)


def read_watchlist_file(data: bytes, everything: bool = False, linked_to: tuple[str, ...] = ()) -> list[Row]:
    text = data.decode("utf-8-sig", errors="replace")
    head = text.lstrip()[:1]
    if head in ("{", "["):
        return list(from_ftm_json(text, everything))
    return list(from_sdn_csv(text, everything, linked_to))
