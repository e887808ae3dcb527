"""detect over a batch without notes: only the rules that read file rows run, and nothing is lost by that."""

from __future__ import annotations

from analyzer.detect import RULES, BatchView, detect
from analyzer.model import FileRow
from analyzer.watchlist import names


def _files_without_notes() -> tuple[FileRow, ...]:
    """File rows whose names a rule could react to: a watchlisted name, stamps, a Juche year, Korean and Chinese."""
    listed = names()[0].name
    stems = [listed, f"{listed.upper()}_ko", "2016-03-01T10:00:00+08:30", "주체105년 로동자", "请修改_수정"]
    return tuple(FileRow(f"dump/ep01/c001/{stem}.png", None, "png", "ok", size=68) for stem in stems)


def test_rules_that_need_notes_find_nothing_in_a_batch_of_files_alone():
    files = _files_without_notes()
    for rule in RULES:
        if rule.needs_notes:
            assert list(rule.check(BatchView(files, (), ()))) == [], rule.id


def test_detect_on_files_alone_finds_what_every_rule_finds():
    files = _files_without_notes()
    every: list = []
    for rule in RULES:  # the plain definition: each rule in turn, seeing the findings before it
        every.extend(rule.check(BatchView(files, (), (), tuple(every))))
    found = detect(BatchView(files, (), ()))
    assert found == tuple(every)
    assert {f.rule for f in found} == {"watchlist.entity"}  # the file names name someone
    assert any(not rule.needs_notes for rule in RULES) and any(rule.needs_notes for rule in RULES)
