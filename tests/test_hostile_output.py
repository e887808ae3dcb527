"""A hostile delivery cannot hide findings from the reviewer, run code through the cache, or leak files by links.

Each case builds the hostile input in code: escape sequences and rich markup in notes and names, spreadsheet
formulas in member names, a poisoned cache file, staged links to /etc/passwd, /proc/self/environ and /dev/zero.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest
from conftest import age_files, git, run_cli, run_on_terminal

RELAY = "眼睛位置太高了，往下移 → 눈 위치가 너무 높습니다. 아래로 옮겨주십시오."
ESCAPES = "\x1b[F\x1b[K\x1b]52;c;ZXZpbA==\x07\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\\u202egnp.txt"


@pytest.fixture
def hostile_names(tmp_path: Path) -> Path:
    dump = tmp_path / "dump"
    vendor = dump / "[red]SEK Studio[conceal] hidden[/conceal]"
    vendor.mkdir(parents=True)
    (vendor / "c001_notes.txt").write_text(f"{RELAY}\n{ESCAPES} 头太大了\n", encoding="utf-8")
    (vendor / "c002\x1b[2J_notes.txt").write_text(RELAY + "\n", encoding="utf-8")
    (vendor / "broken\x1b[2J.json").write_text("{not json", encoding="utf-8")
    return dump


@pytest.mark.parametrize("quiet", [[], ["--quiet"], ["--verbose"]])
def test_no_escape_sequence_or_markup_from_the_delivery_reaches_the_terminal(hostile_names, quiet):
    piped = run_cli("scan", str(hostile_names), *quiet, cwd=hostile_names.parent)
    on_terminal = run_on_terminal(["scan", str(hostile_names), *quiet], hostile_names.parent, columns=200)
    for shown in (piped.stdout, on_terminal):
        # the only ESC bytes on the terminal are rich's own colour codes (SGR: ESC [ ... m)
        assert "\x1b[2J" not in shown and "\x1b]" not in shown and "\x1b[F" not in shown and "\x1b[K" not in shown
        assert "\u202e" not in shown and "\x07" not in shown
        assert "\\x1b[2J" in shown  # the name is shown, its control character escaped
    # rich markup in a folder name is text: nothing is concealed or coloured by it
    assert "[red]SEK Studio[conceal] hidden[/conceal]" in piped.stdout.replace("\n", "")
    assert piped.stdout.count("relay.zh-ko-pair") >= 2


def test_csv_cells_never_start_a_formula(tmp_path):
    archive = tmp_path / "delivery.zip"
    with zipfile.ZipFile(archive, "w") as package:
        for name in ('=HYPERLINK("http://evil.example","click").txt', "@SUM(1+1).txt", "+cmd.txt", "-2+3.txt"):
            package.writestr(name, RELAY + "\n")
    result = run_cli("scan", str(archive), "--format", "csv", "--csv-bom", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert len(rows) == 5
    for row in rows[1:]:
        assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row), row
    assert {row[5] for row in rows[1:]} == {
        '\'=HYPERLINK("http:/evil.example","click").txt',  # a member name never holds an empty folder
        "'@SUM(1+1).txt",
        "'+cmd.txt",
        "'-2+3.txt",
    }


class _Payload:
    """What an attacker would store in a shared cache if the cache unpickled its entries."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, (f"touch {self.marker}",))


def test_a_poisoned_cache_runs_no_code_and_is_analysed_again(tmp_path):
    dump = tmp_path / "dump"
    (dump / "c001").mkdir(parents=True)
    (dump / "c001" / "c001_notes.txt").write_text(RELAY + "\n", encoding="utf-8")
    age_files(dump)
    cache = tmp_path / "team-cache.sqlite"
    first = run_cli("scan", str(dump), "--format", "json", "--cache", str(cache))
    marker = tmp_path / "PWNED"
    with sqlite3.connect(cache) as db:
        stored = db.execute("SELECT count(*) FROM cache_results").fetchone()[0]
        assert stored == 1
        db.execute("UPDATE cache_results SET result = ?", (pickle.dumps(_Payload(str(marker))),))
    again = run_cli("scan", str(dump), "--format", "json", "--cache", str(cache))
    assert not marker.exists()
    assert again.returncode == 1 and json.loads(again.stdout)["findings"] == json.loads(first.stdout)["findings"]


def test_a_cache_of_another_shape_is_a_usage_error(tmp_path):
    cache = tmp_path / "other.sqlite"
    with sqlite3.connect(cache) as db:
        db.execute("CREATE TABLE cache_results (key TEXT, payload BLOB)")
    (tmp_path / "c001_notes.txt").write_text(RELAY + "\n", encoding="utf-8")
    result = run_cli("scan", "c001_notes.txt", "--cache", str(cache), cwd=tmp_path)
    assert result.returncode == 2 and "other columns" in result.stderr and "Traceback" not in result.stderr


def _repository_with_links(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    cut = repo / "ep01" / "c001"
    cut.mkdir(parents=True)
    git(repo, "init", "-q")
    (cut / "c001.txt").write_text(RELAY + "\n", encoding="utf-8")
    os.symlink("/etc/passwd", cut / "c001_zh.txt")
    os.symlink("/proc/self/environ", cut / "c001_ko.txt")
    os.symlink("/dev/zero", cut / "c001_notes.txt")
    git(repo, "add", "-A")
    return repo


def test_scan_staged_follows_no_link_out_of_the_repository(tmp_path):
    repo = _repository_with_links(tmp_path)
    started = time.perf_counter()
    result = run_cli("scan", "--staged", "--format", "json", cwd=repo)
    assert time.perf_counter() - started < 60
    report = json.loads(result.stdout)
    rows = {os.path.basename(f["path"]): f for f in report["files"]}
    for link in ("c001_zh.txt", "c001_ko.txt", "c001_notes.txt"):
        assert rows[link]["status"] == "skipped" and "link" in rows[link]["error"]
    assert rows["c001.txt"]["status"] == "ok"
    assert "root:" not in result.stdout and "PATH=" not in result.stdout
    assert [f["rule"] for f in report["findings"]] == ["relay.zh-ko-pair"]


def test_the_hook_follows_no_link_out_of_the_repository(tmp_path):
    repo = _repository_with_links(tmp_path)
    git(repo, "commit", "-qm", "links")
    started = time.perf_counter()
    result = run_cli("hook", "ep01/c001/c001.txt", "--format", "json", cwd=repo)
    assert time.perf_counter() - started < 60
    report = json.loads(result.stdout)
    rows = {os.path.basename(f["path"]): f["status"] for f in report["files"]}
    assert rows == {"c001.txt": "ok", "c001_zh.txt": "skipped", "c001_ko.txt": "skipped", "c001_notes.txt": "skipped"}
    assert "root:" not in result.stdout and "PATH=" not in result.stdout
