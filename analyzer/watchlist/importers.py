"""Read official OFAC SDN CSV files (sdn.csv, alt.csv, sdn_comments.csv) or OpenSanctions FollowTheMoney JSON.

Only DPRK-related entries are kept unless `everything` is set: SDN rows whose programme
names DPRK, rows "Linked To:" one of those or to a name already on the watchlist, and
FtM entities in country `kp`, under a DPRK sanction, or linked to such an entity.
The SDN files of one release are read together: alt.csv holds the aliases of sdn.csv rows.
Whatever a file holds, reading it either gives rows or raises ImportError_ with the reason; control
characters in a name (a newline would start a row of its own in imported.tsv) become spaces.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from analyzer.text.normalize import INVISIBLE


class ImportError_(ValueError):
    """The file is not in a format we can read; the message says why."""


@dataclass(frozen=True, slots=True)
class Row:
    entity: str
    name: str
    form: str
    source: str


# Legacy OFAC CSV layouts, by column count (no header row; "-0-" is null; the file may end with a Ctrl-Z).
SDN_COLUMNS, ALT_COLUMNS, ADD_COLUMNS, COMMENT_COLUMNS = 12, 5, 6, 2
LINKED_TO = re.compile(r"Linked To:\s*([^;]+?)\.?\s*(?:;|$)", re.I)
DPRK_PROGRAMME = re.compile(r"DPRK|NORTH KOREA|KOREA, NORTH", re.I)
LINK_SCHEMATA = frozenset(
    {"UnknownLink", "Ownership", "Directorship", "Associate", "Family", "Membership", "Employment", "Representation"}
)
COUNTRY_PROPS = ("country", "jurisdiction", "nationality", "citizenship", "mainCountry")
NAME_PROPS = (("name", "aka"), ("alias", "aka"), ("previousName", "previous"), ("weakAlias", "weak"))


def _clean(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


def one_line(text: str) -> str:
    """A name as one cell of one TSV row, spelled as the delivery's notes are read: invisible characters dropped
    (analyzer/text/normalize.py: a soft hyphen inside a name would never match), control, line- and
    paragraph-separator characters and other spaces as one space, lone surrogates as U+FFFD."""
    if text.isprintable():
        return text
    visible = INVISIBLE.sub("", text)
    return " ".join("".join(_SHOWN.get(unicodedata.category(c), c) for c in visible).split())


_SHOWN = {"Cc": " ", "Zl": " ", "Zp": " ", "Zs": " ", "Cs": "\ufffd"}


def _row(entity: str, name: str, form: str, source: str) -> Row:
    return Row(one_line(entity), one_line(name), one_line(form), one_line(source))


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name).upper()


class _SdnRelease:
    """The rows of one OFAC release, gathered over its files."""

    def __init__(self) -> None:
        self.primaries: dict[str, tuple[str, str, str]] = {}  # uid -> (name, programme, remarks)
        self.aliases: list[tuple[str, str, str]] = []  # (uid, alias type, alias)
        self.comments: dict[str, list[str]] = {}  # uid -> remarks continued in sdn_comments.csv

    def add(self, text: str, name: str) -> None:
        try:
            rows = [r for r in csv.reader(io.StringIO(text.replace("\x1a", ""))) if any(cell.strip() for cell in r)]
        except csv.Error as err:
            raise ImportError_(f"{name}: not a readable CSV file ({err})") from None
        if not rows:
            raise ImportError_(f"{name}: empty file")
        usable = 0
        for r in rows:
            if not (r[0].strip().isascii() and r[0].strip().isdigit()):
                raise ImportError_(f"{name}: not an OFAC SDN file (the first column should be the uid, got {r[0]!r})")
            uid = r[0].strip()
            if len(r) == SDN_COLUMNS:
                self.primaries[uid] = (_clean(r[1]), _clean(r[3]), _clean(r[11]))
            elif len(r) == ALT_COLUMNS:
                if _clean(r[3]):
                    self.aliases.append((uid, _clean(r[2]).lower() or "aka", _clean(r[3])))
            elif len(r) == COMMENT_COLUMNS:  # sdn_comments.csv: the rest of a long remarks field
                self.comments.setdefault(uid, []).append(_clean(r[1]))
            elif len(r) != ADD_COLUMNS:  # add.csv rows carry addresses, no names: accepted and ignored
                continue
            usable += 1
        if not usable:
            raise ImportError_(
                f"{name}: not an OFAC SDN file: expected sdn.csv (12 columns), alt.csv (5) or sdn_comments.csv (2)"
            )

    def remarks(self, uid: str) -> str:
        return " ".join([self.primaries[uid][2], *self.comments.get(uid, [])])

    def rows(self, everything: bool, linked_to: Iterable[str]) -> Iterator[Row]:
        dprk = {uid for uid, (_, programme, _) in self.primaries.items() if DPRK_PROGRAMME.search(programme)}
        anchors = {_key(n) for n in linked_to} | {_key(self.primaries[uid][0]) for uid in dprk}
        kept = set(self.primaries) if everything else set(dprk)
        for uid in self.primaries:
            if any(_key(target) in anchors for target in LINKED_TO.findall(self.remarks(uid))):
                kept.add(uid)
        for uid in sorted(kept, key=int):
            name, programme = self.primaries[uid][:2]
            if name:
                yield _row(name, name, "primary", f"OFAC SDN uid {uid}" + (f" ({programme})" if programme else ""))
        for uid, form, alias in self.aliases:
            if uid in kept or everything:
                entity = self.primaries[uid][0] if uid in self.primaries else alias
                yield _row(entity, alias, form, f"OFAC SDN uid {uid}")


def _entities(text: str, name: str) -> list[dict[str, Any]]:
    stripped = text.strip()
    try:
        if stripped.startswith("["):
            doc = json.loads(stripped)
            return doc if isinstance(doc, list) else []
        if stripped.startswith("{") and "\n{" not in stripped:
            doc = json.loads(stripped)
            entities = doc.get("entities", [doc]) if isinstance(doc, dict) else []
            if not isinstance(entities, list):
                raise ImportError_(f"{name}: 'entities' is not a list")
            return entities
    except json.JSONDecodeError as err:
        raise ImportError_(f"{name}: invalid JSON ({err.msg})") from None
    except RecursionError:
        raise ImportError_(f"{name}: JSON nested too deeply to read") from None
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise ImportError_(f"{name} line {number}: invalid JSON ({err.msg})") from None
            except RecursionError:
                raise ImportError_(f"{name} line {number}: JSON nested too deeply to read") from None
    return out


def _listed(value: Any) -> list[Any]:
    """A FtM property's values: a list, or nothing when a file puts something else there."""
    return value if isinstance(value, list) else []


def _values(props: dict[str, Any], *keys: str) -> list[str]:
    return [v for k in keys for v in _listed(props.get(k)) if isinstance(v, str)]


def _referenced(props: dict[str, Any]) -> set[str]:
    """Entity ids a relation points at (plain ids, or nested entities as in OpenSanctions' nested export)."""
    out: set[str] = set()
    for values in props.values():
        for v in values if isinstance(values, list) else []:
            if isinstance(v, str):
                out.add(v)
            elif isinstance(v, dict) and isinstance(v.get("id"), str):
                out.add(v["id"])
    return out


def _ftm_rows(entities: list[dict[str, Any]], everything: bool, linked_to: Iterable[str]) -> Iterator[Row]:
    by_id = {e["id"]: e for e in entities if isinstance(e.get("id"), str)}
    programmes: dict[str, list[str]] = {}  # target id -> its sanction programmes

    def sanctioned(target: str, sanction: dict[str, Any]) -> None:
        props = sanction.get("properties")
        props = props if isinstance(props, dict) else {}
        programmes.setdefault(target, []).extend(_values(props, "program", "programId", "reason"))

    for e in entities:
        props = e["properties"]
        if e["schema"] == "Sanction":
            for target in _values(props, "entity"):
                sanctioned(target, e)
        for nested in _listed(props.get("sanctions")):  # nested export: the sanction inside its target
            if isinstance(nested, dict) and isinstance(e.get("id"), str):
                sanctioned(e["id"], nested)
    anchors = {_key(n) for n in linked_to}
    kept: set[str] = set()
    for e in entities:
        props, eid = e["properties"], e.get("id", "")
        if not _values(props, "name"):
            continue
        countries = {c.lower() for c in _values(props, *COUNTRY_PROPS)}
        programme = " ".join(_values(props, "program", "programId") + programmes.get(eid, []))
        notes = " ".join(_values(props, "notes", "summary", "description"))
        linked = any(_key(target) in anchors for target in LINKED_TO.findall(notes))
        if everything or "kp" in countries or DPRK_PROGRAMME.search(programme) or linked:
            kept.add(eid)
    for e in entities:  # one hop: the other side of a link to a kept entity
        if e["schema"] in LINK_SCHEMATA:
            ends = _referenced(e["properties"]) & set(by_id)
            if ends & kept:
                kept |= {end for end in ends if _values(by_id[end]["properties"], "name")}
    for e in entities:
        props, eid = e["properties"], e.get("id", "")
        if eid not in kept and not (everything and _values(props, "name")):
            continue
        names = _values(props, "name")
        if not names:
            continue
        datasets = ", ".join(d for d in _listed(e.get("datasets")) if isinstance(d, str)) or "FtM"
        shown = sorted(set(programmes.get(eid, [])))[:3]
        source = f"OpenSanctions {eid or '?'} ({datasets}{'; ' + ', '.join(shown) if shown else ''})"
        yield _row(names[0], names[0], "primary", source)
        for key, form in NAME_PROPS:
            for name in _values(props, key)[1 if key == "name" else 0 :]:
                yield _row(names[0], name, form, source)


def read_watchlist_files(
    files: Sequence[tuple[str, bytes]], everything: bool = False, linked_to: Iterable[str] = ()
) -> list[Row]:
    """Rows from (name, content) pairs: OFAC CSV files read as one release, FtM JSON files as one graph.

    Raises ImportError_ naming the file for anything it cannot read, whatever its bytes.
    """
    try:
        return _read_files(files, everything, linked_to)
    except ImportError_:
        raise
    except (csv.Error, ValueError, TypeError, KeyError, AttributeError, RecursionError) as err:
        names = ", ".join(name for name, _ in files)
        raise ImportError_(f"{names}: not a watchlist file we can read ({type(err).__name__}: {err})"[:300]) from None


def _read_files(files: Sequence[tuple[str, bytes]], everything: bool, linked_to: Iterable[str]) -> list[Row]:
    release = _SdnRelease()
    entities: list[dict[str, Any]] = []
    csv_files = 0
    for name, data in files:
        text = data.decode("utf-8-sig", errors="replace")
        if text.lstrip()[:1] in ("{", "["):
            found = _entities(text, name)
            if not found or not all(
                isinstance(e, dict) and isinstance(e.get("schema"), str) and isinstance(e.get("properties"), dict)
                for e in found
            ):
                raise ImportError_(f"{name}: not a FollowTheMoney file: each entity needs 'schema' and 'properties'")
            entities.extend(found)
        else:
            release.add(text, name)
            csv_files += 1
    linked = tuple(linked_to)
    rows = list(release.rows(everything, linked)) if csv_files else []
    rows += list(_ftm_rows(entities, everything, linked)) if entities else []
    return list(dict.fromkeys(rows))


def read_watchlist_file(data: bytes, everything: bool = False, linked_to: Iterable[str] = ()) -> list[Row]:
    """One file on its own (an sdn.csv without its alt.csv gives primary names only)."""
    return read_watchlist_files([("file", data)], everything, linked_to)
