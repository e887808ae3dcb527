"""detect over a batch: without notes, only the rules that read file rows run, and nothing is lost by that; what
the views of one batch share."""

from __future__ import annotations

from analyzer.detect import RULES, BatchView, detect
from analyzer.model import AnalyzedComment, Comment, FileRow
from analyzer.segment import segment_comments
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


def _analyzed(batch: str, notes: list[str]) -> tuple[AnalyzedComment, ...]:
    comments = [Comment(f"{batch}{i}", f"dump/{batch}/note.txt", None, f"line {i}", t) for i, t in enumerate(notes)]
    return tuple(AnalyzedComment(c, segs) for c, segs in segment_comments(comments))


def test_korean_notes_are_a_batch_own_and_shared_by_its_views():
    first = _analyzed("a", ["请把手臂画长一点", "팔을 좀 더 길게 그려주십시오", "Fix the arm. 팔을 고쳐주십시오"])
    second = _analyzed("b", ["눈을 크게", "make the eyes bigger"])
    view_a, view_b = BatchView((), first, ()), BatchView((), second, ())
    later_a = BatchView((), first, (), (), view_a._shared)  # a later rule's view of the same batch, as detect makes

    notes_a, notes_b = view_a.korean_notes(), view_b.korean_notes()  # interleaved batches do not evict each other
    assert [n.comment.id for n, _ in notes_a] == ["a1", "a2"]
    assert notes_a[0][1] == [(0, "팔을 좀 더 길게 그려주십시오")]
    text = first[2].comment.text
    assert [text[start:] for start, _ in notes_a[1][1]] == ["팔을 고쳐주십시오"]
    assert [n.comment.id for n, _ in notes_b] == ["b0"]
    assert later_a.korean_notes() is notes_a  # worked out once a batch
    assert BatchView((), first, ()).korean_notes() == notes_a and BatchView((), first, ()).korean_notes() is not notes_a
