"""watchlist.entity and `analyzer watchlist import` on small files in the real OFAC SDN CSV and FtM JSON formats."""

from __future__ import annotations

import csv
import io
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rule_helpers import by_rule, note, scan_notes

from analyzer.text.normalize import INVISIBLE
from analyzer.watchlist import LEGAL_SUFFIXES, match
from analyzer.watchlist.importers import ImportError_, read_watchlist_file, read_watchlist_files

# The names the watchlist is specified with (issue 6): OFAC SDN uid 34022 and the SDN entries linked to it.
SPECIFIED = {
    "SEK STUDIO": "SEK STUDIO",
    "APRIL 26 CHILDREN'S ANIMATION FILM STUDIO": "SEK STUDIO",
    "SCIENTIFIC EDUCATION KOREA STUDIO": "SEK STUDIO",
    "4.26아동영화촬영소": "SEK STUDIO",
    "조선4.26만화영화촬영소": "SEK STUDIO",
    "MOXING CARTOON": "MOXING CARTOON",
    "NINGS CARTOON STUDIO": "NINGS CARTOON STUDIO",
    "CHONGQING NINGSE CARTOON & ANIMATION DEVELOPMENT CO., LTD.": "NINGS CARTOON STUDIO",
    "FUNSAGA PTE LTD.": "FUNSAGA PTE LTD.",
    "KINOATIS LLC": "KINOATIS LLC",
    "EVERLASTING EMPIRE LIMITED": "EVERLASTING EMPIRE LIMITED",
    "TIAN FANG HONG KONG HOLDINGS LIMITED": "TIAN FANG HONG KONG HOLDINGS LIMITED",
    "SHANGHAI HONGMAN ANIMATION DESIGN STUDIO": "SHANGHAI HONGMAN ANIMATION DESIGN STUDIO",
}


def test_every_specified_name_matches_its_entity_exactly_and_in_a_sentence():
    for name, entity in SPECIFIED.items():
        assert [(m.entry.entity, m.score) for m in match(name)] == [(entity, 100.0)], name
        assert [m.entry.entity for m in match(f"外包给 {name.title()} 的作品")] == [entity], name
    sek = [m for m in match("4.26아동영화촬영소") if m.entry.entity == "SEK STUDIO"][0]
    assert "34022" in sek.entry.source


def test_latin_hangul_and_hanja_forms_match_with_source():
    notes = [
        note("Outsourced to Sek-Studio Ltd.", locator="line 1"),
        note("조선 4.26 만화영화촬영소 작품", locator="line 2"),
        note("朝鮮4.26漫畵映畵撮影所", locator="line 3"),
    ]
    found = by_rule(scan_notes(*notes), "watchlist.entity")
    assert {f.locator for f in found} == {"line 1", "line 2", "line 3"}
    assert all("34022" in f.evidence["source"] for f in found)
    assert {f.evidence["form"] for f in found} == {"primary", "ko", "hanja"}


def test_author_and_file_name_are_checked():
    found = by_rule(scan_notes(note("线条太粗", author="Funsaga Pte. Ltd.")), "watchlist.entity")
    assert found and found[0].evidence["where"] == "author"
    named = by_rule(scan_notes(note("线条太粗", path="d/kinoatis_llc_delivery.txt")), "watchlist.entity")
    assert named and named[0].evidence["where"] == "file-name"


def test_head_of_a_long_name_is_a_medium_match():
    found = by_rule(scan_notes(note("请联系 Nings Cartoon 的负责人")), "watchlist.entity")
    assert [f.evidence["entity"] for f in found] == ["NINGS CARTOON STUDIO"]
    assert found[0].severity == "medium"


def test_similar_but_different_names_do_not_match():
    notes = [
        note("Studio Ghibli", locator="line 1"),
        note("SEK", locator="line 2"),
        note("animation studio", locator="line 3"),
        note("Shanghai animation design studio", locator="line 4"),
        note("Kino art LLC", locator="line 5"),
        note("Everlasting Love Limited", locator="line 6"),  # shares only the first word of EVERLASTING EMPIRE
        note("Hong Kong Holdings Limited", locator="line 7"),
        note("Moxing", locator="line 8"),
    ]
    assert by_rule(scan_notes(*notes), "watchlist.entity") == []


def test_underscores_separate_words_in_notes_and_file_names():
    assert [m.entry.entity for m in match("see sek_studio_ep3 folder")] == ["SEK STUDIO"]
    named = by_rule(scan_notes(note("线条太粗", path="d/Funsaga_Pte_Ltd_batch3.txt")), "watchlist.entity")
    assert [f.evidence["entity"] for f in named] == ["FUNSAGA PTE LTD."]


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _sdn_rows() -> list[list[str]]:
    """sdn.csv rows as OFAC writes them: ent_num, SDN_Name, SDN_Type, Program, 7 vessel/title fields, Remarks."""
    return [
        ["34022", "SEK STUDIO", "-0- ", "DPRK3", "-0- "] + ["-0- "] * 6 + ["Linked To: KOREA ..."],
        ["99001", "ACME TRADING LLC", "-0- ", "SDGT", "-0- "] + ["-0- "] * 6 + ["-0- "],
        ["99002", "PAEKTU TEST STUDIO", "-0- ", "IRAN", "-0- "] + ["-0- "] * 6 + ["Linked To: SEK STUDIO."],
        ["99003", "HARBOUR TEST FRONT", "-0- ", "SDGT", "-0- "] + ["-0- "] * 6 + ["Website www.example.org; "],
    ]


def _alt_rows() -> list[list[str]]:
    """alt.csv rows: ent_num, alt_num, alt_type, alt_name, alt_remarks."""
    return [
        ["34022", "1", "aka", "APRIL 26 CHILDREN'S ANIMATION FILM STUDIO", "-0- "],
        ["99001", "2", "aka", "ACME", "-0-"],
    ]


def _sdn_csv() -> str:
    return _csv(_sdn_rows() + _alt_rows()[:1])


def test_sdn_csv_keeps_dprk_and_linked_entries_with_aliases():
    rows = read_watchlist_file(_sdn_csv().encode(), linked_to=("SEK STUDIO",))
    names = {r.name: r for r in rows}
    assert set(names) == {"SEK STUDIO", "PAEKTU TEST STUDIO", "APRIL 26 CHILDREN'S ANIMATION FILM STUDIO"}
    assert names["APRIL 26 CHILDREN'S ANIMATION FILM STUDIO"].entity == "SEK STUDIO"
    assert names["SEK STUDIO"].source.startswith("OFAC SDN uid 34022")
    assert len(read_watchlist_file(_sdn_csv().encode(), everything=True)) == 5


def test_sdn_release_in_separate_files_keeps_aliases_and_overflowing_remarks():
    """sdn.csv, alt.csv and sdn_comments.csv as downloaded: aliases and remarks are joined by uid across files,
    the Ctrl-Z OFAC ends its files with is ignored, and add.csv (addresses) is accepted but carries no names."""
    files = [
        ("alt.csv", (_csv(_alt_rows()) + "\x1a").encode()),  # the alias file first: order does not matter
        ("sdn.csv", (_csv(_sdn_rows()) + "\x1a").encode()),
        ("sdn_comments.csv", _csv([["99003", "Linked To: SEK STUDIO."]]).encode()),
        ("add.csv", _csv([["34022", "25", "-0- ", "Pyongyang", "Korea, North", "-0- "]]).encode()),
    ]
    rows = read_watchlist_files(files, linked_to=())
    names = {r.name: r.entity for r in rows}
    assert names == {
        "SEK STUDIO": "SEK STUDIO",
        "APRIL 26 CHILDREN'S ANIMATION FILM STUDIO": "SEK STUDIO",
        "PAEKTU TEST STUDIO": "PAEKTU TEST STUDIO",  # linked to a DPRK entry of the same release
        "HARBOUR TEST FRONT": "HARBOUR TEST FRONT",  # its link is in the remarks overflow
    }
    assert read_watchlist_files(files[1:2]) and not any(r.form == "aka" for r in read_watchlist_files(files[1:2]))


def test_ftm_json_lines():
    entities = [
        {
            "id": "ofac-34022",
            "schema": "Organization",
            "datasets": ["us_ofac_sdn"],
            "properties": {"name": ["SEK Studio"], "alias": ["April 26 Animation Studio"], "country": ["kp"]},
        },
        {"id": "x-1", "schema": "Company", "properties": {"name": ["Unrelated GmbH"], "country": ["de"]}},
    ]
    text = "\n".join(json.dumps(e) for e in entities)
    rows = read_watchlist_file(text.encode())
    assert {r.name for r in rows} == {"SEK Studio", "April 26 Animation Studio"}
    assert rows[0].source.startswith("OpenSanctions ofac-34022")


def test_ftm_fronts_outside_the_dprk_are_kept_by_their_sanction_or_their_link():
    """A Chinese front has country cn: its DPRK programme sits on a separate Sanction entity (or nested in the
    entity, as in the nested export), or it is linked to a DPRK entity by an UnknownLink."""
    entities = [
        {"id": "sek", "schema": "Organization", "properties": {"name": ["SEK Studio"], "country": ["kp"]}},
        {"id": "front-a", "schema": "Company", "properties": {"name": ["Test Front A Ltd"], "country": ["cn"]}},
        {
            "id": "sanction-a",
            "schema": "Sanction",
            "properties": {"entity": ["front-a"], "program": ["DPRK3"], "authority": ["OFAC"]},
        },
        {"id": "front-b", "schema": "Company", "properties": {"name": ["Test Front B Ltd"], "country": ["hk"]}},
        {"id": "link-b", "schema": "UnknownLink", "properties": {"subject": ["front-b"], "object": ["sek"]}},
        {
            "id": "front-c",
            "schema": "Company",
            "properties": {
                "name": ["Test Front C"],
                "sanctions": [{"schema": "Sanction", "properties": {"programId": ["US-DPRK3"]}}],
            },
        },
        {"id": "other", "schema": "Company", "properties": {"name": ["Other Trading"], "country": ["cn"]}},
        {"id": "sanction-o", "schema": "Sanction", "properties": {"entity": ["other"], "program": ["SDGT"]}},
    ]
    rows = read_watchlist_files([("entities.ftm.json", json.dumps(entities).encode())])
    assert {r.entity for r in rows} == {"SEK Studio", "Test Front A Ltd", "Test Front B Ltd", "Test Front C"}
    assert "DPRK3" in next(r.source for r in rows if r.entity == "Test Front A Ltd")
    everything = read_watchlist_files([("entities.ftm.json", json.dumps(entities).encode())], everything=True)
    assert "Other Trading" in {r.entity for r in everything}


def test_bad_files_are_refused_with_a_reason():
    for data in (b"name,other\nfoo,bar\n", b'{"not": "ftm"}'):
        try:
            read_watchlist_file(data)
        except ImportError_ as err:
            assert "not" in str(err)
        else:
            raise AssertionError("accepted a file that is neither SDN nor FtM")


def _models_copy(tmp_path):
    """A models folder for a subprocess: the real tables, and a watchlist folder of its own to import into."""
    from conftest import ROOT

    models = tmp_path / "models"
    models.mkdir()
    for part in (ROOT / "models").iterdir():
        if part.name != "watchlist":
            (models / part.name).symlink_to(part)
    (models / "watchlist").mkdir()
    (models / "watchlist" / "ofac-sek.tsv").write_text(
        (ROOT / "models" / "watchlist" / "ofac-sek.tsv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return models


def test_import_command_writes_a_watchlist_the_rule_uses(tmp_path, cli):
    from conftest import run_python

    sdn, alt = tmp_path / "sdn.csv", tmp_path / "alt.csv"
    sdn.write_text(_csv(_sdn_rows()), encoding="utf-8")
    alt.write_text(_csv(_alt_rows()), encoding="utf-8")
    target = tmp_path / "out" / "imported.tsv"
    result = cli("watchlist", "import", str(sdn), str(alt), "-o", str(target))
    assert result.returncode == 0, result.stderr
    written = target.read_text(encoding="utf-8")
    assert "PAEKTU TEST STUDIO" in written and "APRIL 26 CHILDREN'S ANIMATION FILM STUDIO" in written
    assert "ACME" not in written

    env = {"ANALYZER_MODELS_DIR": str(_models_copy(tmp_path))}  # the default target, and a scan that reads it
    result = run_python("-m", "analyzer", "watchlist", "import", str(sdn), str(alt), env=env)
    assert result.returncode == 0, result.stderr
    (tmp_path / "dump").mkdir()
    (tmp_path / "dump" / "c001_notes.txt").write_text("交给 Paektu Test Studio 处理\n", encoding="utf-8")
    scan = run_python("-m", "analyzer", "scan", str(tmp_path / "dump"), "--format", "json", env=env)
    hits = [f for f in json.loads(scan.stdout)["findings"] if f["rule"] == "watchlist.entity"]
    assert [h["evidence"]["entity"] for h in hits] == ["PAEKTU TEST STUDIO"]
    assert "OFAC SDN uid 99002" in hits[0]["evidence"]["source"] and "imported.tsv" in hits[0]["evidence"]["source"]


def test_import_command_refuses_missing_unreadable_and_unrelated_files(tmp_path, cli):
    bad = cli("watchlist", "import", str(tmp_path / "missing.csv"))
    assert bad.returncode == 2 and "missing.csv" in bad.stderr and "Traceback" not in bad.stderr
    unrelated = tmp_path / "unrelated.json"
    unrelated.write_text(json.dumps({"id": "x", "schema": "Company", "properties": {"name": ["Acme"]}}), "utf-8")
    target = tmp_path / "imported.tsv"
    result = cli("watchlist", "import", str(unrelated), "-o", str(target))
    assert result.returncode == 2 and "no DPRK-related entries" in result.stderr and not target.exists()
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": "Company", "properties": ', "utf-8")
    result = cli("watchlist", "import", str(broken), "-o", str(target))
    assert result.returncode == 2 and "broken.json" in result.stderr and "Traceback" not in result.stderr


def test_a_name_with_invisible_characters_is_spelled_as_the_notes_are_read():
    from analyzer.watchlist import normalise
    from analyzer.watchlist.importers import one_line

    hidden = "SEK\u00ad Stu\u200bdio\u3000Pyongyang"
    assert one_line(hidden) == "SEK Studio Pyongyang"
    assert normalise(hidden) == normalise("SEK Studio Pyongyang")
    assert one_line("Korea\ud800 April 26") == "Korea\ufffd April 26"  # a lone surrogate cannot be written as UTF-8


def test_the_names_worth_scoring_are_those_sharing_enough_letter_pairs_with_the_text():
    """The pair index picks exactly the names the plain definition does: the key's (or head's) letter pairs that
    the text holds, against how many the name needs; on every name, misspelt ones and ordinary notes."""
    import random

    from analyzer.watchlist import MIN_NAME, _bigrams, _candidates, _worth_scoring, names, normalise

    def by_definition(key: str) -> set[str]:
        pairs = _bigrams(key)
        chosen = {e.entity for e in names() if len(e.key) < MIN_NAME and e.key in key}
        for entry, grams, needed, head, head_needed in _candidates():
            if len(grams & pairs) >= needed or (head and len(head & pairs) >= head_needed):
                chosen.add(entry.entity)
        return chosen

    rng = random.Random(11)
    keys = [normalise(t) for t in ("第31帧手太小了，请调整一下", "31프레임 손 너무 작습니다.", "c001 layout", "")]
    for entry in names():
        for _ in range(40):
            letters = list(entry.key)
            for _ in range(rng.randint(0, 6)):
                letters[rng.randrange(len(letters))] = rng.choice("abcdefghijklmnopqrstuvwxyz0123456789")
            keys.append("".join(letters)[rng.randint(0, 3) :] + "".join(rng.choices("xyzq", k=rng.randint(0, 8))))
    assert sum(1 for key in keys if by_definition(key)) > len(names()) * 10  # many do, many do not
    for key in keys:
        assert _worth_scoring(key) == by_definition(key), key


WIDE_COMMA_TEXT = list("，,、。 ̀́̈ᅡᆨ가각AaＡｓſ가́\u200b\u3000①㈜ﬁ〈《") + ["\u0345", "\u1100", "\u11a8", "\u0327"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(WIDE_COMMA_TEXT), max_size=12).map("".join))
def test_a_full_width_comma_written_as_a_comma_before_nfkc_changes_nothing(text):
    """_folded writes the full-width comma as the comma it decomposes to before NFKC: the same NFKC, next to
    combining marks, jamo and other compatibility characters too."""
    import unicodedata

    from analyzer.watchlist import _folded

    assert unicodedata.normalize("NFKC", text.replace("，", ",")) == unicodedata.normalize("NFKC", text)
    if not text.isascii():
        expected = unicodedata.normalize("NFKC", INVISIBLE.sub("", text)).casefold().replace("&", " and ")
        assert _folded(text) == (LEGAL_SUFFIXES.sub(" ", expected) if re.search("[A-Za-z]", expected) else expected)
