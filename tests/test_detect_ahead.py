"""Reading a window of units ahead (`detect.read_ahead`): dprk.orthography's Korean tagging done back to back before
the units are analysed gives every unit the findings it gets rule by rule, from the same tagger calls in the same
order (Komoran's tags can depend on the calling thread's history: BENCHMARKS.md)."""

from __future__ import annotations

import json

import pytest
from conftest import run_python

# Notes written for these tests, one list of (path, text) per unit (a cut folder), analysed in this order: -여/-였,
# the initial ㄹ, attached dependent nouns (all read through the tagger), a note repeated from an earlier unit, a
# noun before the copula (때였다) and a name (리상호) that the rule tags word by word, an emoji, South Korean notes;
# then a notes file of short North Korean lines that is flagged only read together (its score decides whether the
# rule reads the file's notes together: the read-ahead stops there, and goes on once the rule has read it), and
# units after it.
UNITS = [
    [
        ("ep01/c000/note.txt", "第31帧手太小了，请调整一下"),
        ("ep01/c000/note.xmp", "로동자들이 래일까지 그림을 다시 그려야 할것입니다. 일이 잘 되였습니다."),
    ],
    [("ep01/c001/note.xmp", "31프레임 손 너무 작습니다. 조정해 주십시오.")],
    [
        ("ep01/c002/note.xmp", "로동자들이 래일까지 그림을 다시 그려야 할것입니다. 일이 잘 되였습니다."),
        ("ep01/c002/note.json", "그때였다. 리상호 동무가 카메라앞에서 웃었다 🙂 수정해 주십시오."),
    ],
    [
        ("ep01/c003_notes.txt", "다음장면부터 배경색을 바꾸시오"),
        ("ep01/c003_notes.txt", "인물얼굴모양을 다시 고치시오"),
        ("ep01/c003_notes.txt", "화면왼쪽에서 들어오는 속도가 빠르오"),
    ],
    [("ep01/c004/note.xmp", "머리가 너무 큽니다. 조금 줄여주십시오.")],
    [("ep01/c005/note.xmp", "사업을 더 잘하여 나가야 하겠습니다. 리용할수 있다.")],
]

# Analyses the units of argv[2] one by one in a fresh process (the tagger's history starts empty), after reading
# them all ahead when argv[1] is "ahead" (or in reverse order when it is "reversed", which the rule then does not
# follow); prints each unit's findings and every line Komoran tagged, with how many units were analysed before.
ANALYSIS = """
import json, sys
from analyzer.detect import read_ahead
from analyzer.engines import korean
from analyzer.model import Comment, FileRow
from analyzer.run.analyze import analyze_segmented
from analyzer.segment import segment_comments

korean.komoran()
tagged, analysed = [], [0]
tokens = korean.KomoranTagger._tokens
korean.KomoranTagger._tokens = lambda self, line: tagged.append((line, analysed[0])) or tokens(self, line)
units = []
for n, notes in enumerate(json.loads(sys.argv[2])):
    comments = [Comment(f"u{n}n{i}", path, None, f"line {i}", text) for i, (path, text) in enumerate(notes, 1)]
    rows = [FileRow(path, None, "text", "ok", comments=1) for path in dict.fromkeys(c.path for c in comments)]
    units.append((rows, segment_comments(comments)))
if sys.argv[1] == "ahead":
    read_ahead([segmented for _, segmented in units])
elif sys.argv[1] == "reversed":
    read_ahead([segmented for _, segmented in units][::-1])
found = []
for rows, segmented in units:
    found.append([repr(f) for f in analyze_segmented(rows, segmented).findings])
    analysed[0] += 1
print(json.dumps({"findings": found, "tagged": tagged}, ensure_ascii=False))
"""


def analysed(mode: str) -> dict[str, list]:
    result = run_python("-c", ANALYSIS, mode, json.dumps(UNITS, ensure_ascii=False))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def rule_by_rule() -> dict[str, list]:
    return analysed("rules")


def test_read_ahead_gives_the_findings_and_tagger_calls_of_rule_by_rule(rule_by_rule):
    ahead = analysed("ahead")
    assert ahead["findings"] == rule_by_rule["findings"]
    assert [line for line, _ in ahead["tagged"]] == [line for line, _ in rule_by_rule["tagged"]]
    # The findings are the rule's real ones: notes flagged one by one, and the notes file as a whole.
    orthography = [f for unit in rule_by_rule["findings"] for f in unit if "dprk.orthography" in f]
    assert len(orthography) >= 4 and sum("'scope': 'file'" in f for f in orthography) == 1
    # Rule by rule, each unit's lines are tagged in its turn (a word of the first note, its line, ..., the notes file's
    # three lines, then read together); read ahead, those of the units up to the notes file before any is analysed,
    # the file's notes read together in its turn, then the lines of the units after it.
    notes_file = " ".join(text for _, text in UNITS[3])
    assert [line for line, _ in ahead["tagged"]][-3:] == [notes_file, UNITS[4][0][1], UNITS[5][0][1]]
    assert [turn for _, turn in rule_by_rule["tagged"]] == [0, 0, 1, 2, 2, 2, 3, 3, 3, 3, 4, 5]
    assert [turn for _, turn in ahead["tagged"]] == [0] * 9 + [3, 3, 3]


def test_units_read_ahead_in_another_order_get_the_same_findings(rule_by_rule):
    """The rule asks for another text than the next one read ahead: what was read ahead is dropped, and each note
    is read as it comes (through the tagger's caches, which the read-ahead filled)."""
    assert analysed("reversed")["findings"] == rule_by_rule["findings"]
