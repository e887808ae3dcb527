"""Small files read back to back ahead of their extraction (`extract.files_read_ahead`): the same rows and notes as
each file read at its turn, for the files it reads, the ones it leaves to their turn and the ones that fail."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT

import analyzer.extract as extract
from analyzer.extract import READ_AHEAD_BYTES, READ_AHEAD_FILE_BYTES, READ_AHEAD_FILES, Limits, files_read_ahead
from analyzer.model import FileRef
from analyzer.run.analyze import extract_unit
from analyzer.run.units import units_of

sys.path.insert(0, str(ROOT / "bench"))
from synthetic_dump import make_dump  # noqa: E402


def _dump(root: Path) -> Path:
    make_dump(root, 200, seed=5)
    folder = root / "extra"
    folder.mkdir()
    (folder / "large_notes.txt").write_text("头太大了，请缩小一点\n" * 8000, encoding="utf-8")  # over a read-ahead file
    (folder / "empty.txt").write_bytes(b"")
    (folder / "empty.unknown").write_bytes(b"")
    (folder / "gone.txt").write_text("头太大了\n", encoding="utf-8")
    (folder / "grows.txt").write_text("头太大了\n", encoding="utf-8")
    (folder / "ok.json").write_text('{"notes": [{"text": "请缩小一点"}]}', encoding="utf-8")
    return root


def test_files_read_ahead_give_the_rows_and_notes_of_files_read_at_their_turn(tmp_path):
    root = _dump(tmp_path / "dump")
    limits = Limits()
    units = list(units_of([str(root)]))
    (root / "extra" / "gone.txt").unlink()  # after discovery: cannot be read, ahead or at its turn
    with (root / "extra" / "grows.txt").open("a", encoding="utf-8") as grown:
        grown.write("请缩小一点\n")
    early = list(files_read_ahead(units, limits))
    assert [len(reads) for reads in early] == [len(unit) for unit in units]
    by_name = {Path(item.path).name: read for unit, reads in zip(units, early) for item, read in zip(unit, reads)}
    assert by_name["large_notes.txt"] is None and by_name["empty.txt"] is None and by_name["empty.unknown"] is None
    assert isinstance(by_name["gone.txt"], FileNotFoundError) and isinstance(by_name["grows.txt"], OSError)
    assert by_name["ok.json"] == (root / "extra" / "ok.json").read_bytes()
    ahead = [extract_unit(unit, limits, reads) for unit, reads in zip(units, early)]
    at_turn = [extract_unit(unit, limits) for unit in units]
    assert ahead == at_turn
    rows = {Path(row.path).name: row for found, _ in ahead for row in found}
    assert rows["gone.txt"].status == "error" and rows["gone.txt"].error.startswith("cannot read: No such file")
    assert rows["grows.txt"].status == "error" and "grew from" in rows["grows.txt"].error
    assert rows["large_notes.txt"].status == "ok" and rows["large_notes.txt"].comments == 8000
    assert rows["empty.unknown"].error == "empty file" and rows["ok.json"].comments == 1
    assert sum(len(notes) for _, notes in ahead) > 200


def test_files_are_read_ahead_a_bounded_run_at_a_time(tmp_path, monkeypatch):
    root = _dump(tmp_path / "dump")
    limits = Limits()
    units = list(units_of([str(root)]))
    read: list[int] = []  # sizes of the files read, in order
    real = extract.read_capped

    def counted(path, expected, *rest):
        read.append(expected)
        return real(path, expected, *rest)

    monkeypatch.setattr(extract, "read_capped", counted)
    small = [
        [item.size for item in unit if isinstance(item, FileRef) and 0 < item.size <= READ_AHEAD_FILE_BYTES]
        for unit in units
    ]
    needed: list[int] = []  # sizes of the small files of the units handed over so far
    for index, _ in enumerate(files_read_ahead(units, limits)):
        needed += small[index]
        assert read[: len(needed)] == needed  # this unit's files are read, and those before it, in order
        assert len(read) - len(needed) < READ_AHEAD_FILES  # a bounded run ahead
        assert sum(read) - sum(needed) < READ_AHEAD_BYTES + max(map(sum, small))
    assert read == needed  # every small file once; the others are left to their turn


def test_a_failure_of_reading_ahead_is_the_failure_of_its_unit_only(tmp_path, monkeypatch):
    """What reading a file ahead raises is raised at its turn: its unit gets the error rows it got when the file
    was read then, and the units around it are analysed."""
    from analyzer.run.analyze import analyze_units

    root = _dump(tmp_path / "dump")
    units = list(units_of([str(root)]))
    broken = next(item.fs_path for item in units[3] if isinstance(item, FileRef))
    real = extract.read_capped

    def failing(path, *rest):
        if path == broken:
            raise RuntimeError("reader bug")
        return real(path, *rest)

    monkeypatch.setattr(extract, "read_capped", failing)
    results = analyze_units(units[:10], Limits())
    assert [r.error for r in results[3].files] == ["analysis failed: RuntimeError: reader bug"] * len(units[3])
    assert all(row.status == "ok" for i, r in enumerate(results) if i != 3 for row in r.files)


def test_a_large_unit_is_read_ahead_only_up_to_the_bounds(tmp_path):
    """One sketch may hold thousands of files: a run reads ahead at most READ_AHEAD_FILES of them and about
    READ_AHEAD_BYTES, the rest at their turn, with the same rows and notes."""
    folder = tmp_path / "dump" / "c010"
    folder.mkdir(parents=True)
    note = "头太大了，请缩小一点\n".encode()
    for i in range(3 * READ_AHEAD_FILES):
        (folder / f"note{i:03}.txt").write_bytes(note * (1 + i % 3))
    for i in range(40):  # 40 files just under the per-file bound: 1 MiB is reached first
        (folder / f"long{i:02}.txt").write_bytes(note * ((READ_AHEAD_FILE_BYTES - 1) // len(note)))
    limits = Limits()
    found = [item for unit in units_of([str(tmp_path / "dump")]) for item in unit]
    for unit in ([item for item in found if "note" in item.path], [item for item in found if "long" in item.path]):
        (reads,) = files_read_ahead([unit], limits)
        early = [read for read in reads if read is not None]
        assert 0 < len(early) <= READ_AHEAD_FILES and len(early) < len(unit)
        assert sum(map(len, early)) < READ_AHEAD_BYTES + READ_AHEAD_FILE_BYTES
        assert extract_unit(unit, limits, reads) == extract_unit(unit, limits)
