"""watchlist.entity and `analyzer watchlist import` on small files in the real OFAC SDN CSV and FtM JSON formats."""

from __future__ import annotations

import csv
import io
import json

from rule_helpers import by_rule, note, scan_notes

from analyzer.watchlist.importers import ImportError_, read_watchlist_file


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
    ]
    assert by_rule(scan_notes(*notes), "watchlist.entity") == []


def _sdn_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["34022", "SEK STUDIO", "-0- ", "DPRK3", "-0- "] + ["-0- "] * 6 + ["Linked To: KOREA ..."])
    writer.writerow(["99001", "ACME TRADING LLC", "-0- ", "SDGT", "-0- "] + ["-0- "] * 6 + ["-0- "])
    writer.writerow(["99002", "PAEKTU TEST STUDIO", "-0- ", "IRAN", "-0- "] + ["-0- "] * 6 + ["Linked To: SEK STUDIO."])
    writer.writerow(["34022", "1", "aka", "APRIL 26 CHILDREN'S ANIMATION FILM STUDIO", "-0- "])
    return out.getvalue()


def test_sdn_csv_keeps_dprk_and_linked_entries_with_aliases():
    rows = read_watchlist_file(_sdn_csv().encode(), linked_to=("SEK STUDIO",))
    names = {r.name: r for r in rows}
    assert set(names) == {"SEK STUDIO", "PAEKTU TEST STUDIO", "APRIL 26 CHILDREN'S ANIMATION FILM STUDIO"}
    assert names["APRIL 26 CHILDREN'S ANIMATION FILM STUDIO"].entity == "SEK STUDIO"
    assert names["SEK STUDIO"].source.startswith("OFAC SDN uid 34022")
    assert len(read_watchlist_file(_sdn_csv().encode(), everything=True)) == 4


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


def test_bad_files_are_refused_with_a_reason():
    for data in (b"name,other\nfoo,bar\n", b'{"not": "ftm"}'):
        try:
            read_watchlist_file(data)
        except ImportError_ as err:
            assert "not" in str(err)
        else:
            raise AssertionError("accepted a file that is neither SDN nor FtM")


def test_import_command_writes_a_watchlist_the_rule_uses(tmp_path, cli):
    sdn = tmp_path / "sdn.csv"
    sdn.write_text(_sdn_csv(), encoding="utf-8")
    target = tmp_path / "models" / "watchlist" / "imported.tsv"
    result = cli("watchlist", "import", str(sdn), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert "PAEKTU TEST STUDIO" in target.read_text(encoding="utf-8")
    bad = cli("watchlist", "import", str(tmp_path / "missing.csv"))
    assert bad.returncode == 2 and "missing.csv" in bad.stderr and "Traceback" not in bad.stderr
