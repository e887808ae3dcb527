"""Plain note files and JSON / JSON Lines sidecars: line and JSON-pointer locators, note keys, the fallback."""

from __future__ import annotations

import json

import pytest
from extract_helpers import extract, notes

from analyzer.extract import Limits, extract_file
from analyzer.model import FileRef

RELAY_ZH = "头太大了，请缩小一点"
RELAY_KO = "머리가 너무 큽니다. 조금 줄여주십시오."


def _json(doc: object, codec: str = "utf-8") -> bytes:
    return json.dumps(doc, ensure_ascii=False, indent=2).encode(codec)


@pytest.mark.parametrize("name", ["c012.txt", "README.md", "c012.note"])
def test_plain_note_files_give_each_non_blank_line_with_its_number(name):
    [extraction] = extract(name, f"C012 修改\n\n  {RELAY_ZH}  \n{RELAY_KO}\n   \n".encode())
    assert extraction.row.status == "ok" and extraction.row.format == "text" and extraction.row.encoding == "utf-8"
    assert [(c.locator, c.text) for c in extraction.comments] == [
        ("line 1", "C012 修改"),
        ("line 3", RELAY_ZH),  # line numbers count the blank line, as an editor shows them
        ("line 4", RELAY_KO),
    ]


def test_plain_note_in_gb18030_records_the_encoding_and_windows_line_ends():
    [extraction] = extract("c012.note", f"C012 修改\r\n\r\n{RELAY_ZH}\r\n".encode("gb18030"))
    assert extraction.row.encoding == "gb18030"
    assert [(c.locator, c.text) for c in extraction.comments] == [("line 1", "C012 修改"), ("line 3", RELAY_ZH)]


def test_empty_text_file_is_ok_with_no_notes():
    [extraction] = extract("empty.txt", b"")
    assert extraction.row.status == "ok" and extraction.comments == ()


ISSUE_KEYS = ["notes", "comment", "comments", "memo", "instruction", "instructions", "remark", "remarks"]
ISSUE_KEYS += ["备注", "批注", "修改意见", "코멘트", "메모", "지시"]
TAGGED_KEYS = ["Retake-Notes", "retakeNotes", "note_ko", "comment-zh-CN", "zh_text", "画面修改意见"]


@pytest.mark.parametrize("key", ISSUE_KEYS + TAGGED_KEYS)
def test_every_note_key_of_the_issue_is_read_at_its_json_pointer(key):
    # The project title reads as human language: it is left out only because a note key was recognised.
    doc = {"project": "Spring Festival special", "cut": "C012", "frames": 24, "reviewer_id": "u-17", key: RELAY_ZH}
    assert notes("c012.json", _json(doc)) == [(f"/{key}", RELAY_ZH)]


def test_notes_at_any_depth_with_pointer_escaping_and_sibling_time_and_author():
    doc = {
        "episode": {
            "id": "EP02",
            "cuts/shots": [  # "/" in a key is "~1" in a JSON pointer, "~" is "~0"
                {"cut": "C012", "author": "王", "time": "2024-03-01T10:00:00+08:00", "notes": [RELAY_ZH, RELAY_KO]},
                {"cut": "C013", "~draft": {"批注": "线条太粗"}},
            ],
        }
    }
    [extraction] = extract("ep02.json", _json(doc))
    found = [(c.locator, c.text, c.author, c.timestamp) for c in extraction.comments]
    assert found == [
        ("/episode/cuts~1shots/0/time", "2024-03-01T10:00:00+08:00", None, None),  # outside the notes: metadata too
        ("/episode/cuts~1shots/0/notes/0", RELAY_ZH, "王", "2024-03-01T10:00:00+08:00"),
        ("/episode/cuts~1shots/0/notes/1", RELAY_KO, "王", "2024-03-01T10:00:00+08:00"),
        ("/episode/cuts~1shots/1/~0draft/批注", "线条太粗", None, None),
    ]


def test_ids_statuses_and_authors_under_a_note_key_are_not_notes():
    doc = {  # shaped like a review tool's export: each note is an object with bookkeeping beside its text
        "shot": "C012",
        "notes": [
            {
                "id": "n-0001",
                "status": "open",
                "tags": ["eyes", "face"],
                "body": RELAY_ZH,
                "created": "2024-03-01T10:00:00+08:00",
                "author": {"name": "王", "email": "wang@example.com"},
            },
            {"id": "n-0002", "body": "Move the eyes down a little", "user": "kim"},
        ],
    }
    [extraction] = extract("c012.json", _json(doc))
    assert [(c.locator, c.text, c.author, c.timestamp) for c in extraction.comments] == [
        ("/notes/0/body", RELAY_ZH, "王", "2024-03-01T10:00:00+08:00"),
        ("/notes/1/body", "Move the eyes down a little", "kim", None),
    ]


def test_without_any_note_key_every_human_language_string_is_a_note():
    doc = {
        "cut": "C012",
        "zh": RELAY_ZH,
        "ko": RELAY_KO,
        "en": "Make the head smaller",
        "path": "ep02/c012/c012_v3.png",
        "url": "https://review.example.com/c012",
        "hash": "9f86d081884c7d659a2feaa0c55ad015",
        "status": "approved",
    }
    assert notes("c012.json", _json(doc)) == [("/zh", RELAY_ZH), ("/ko", RELAY_KO), ("/en", "Make the head smaller")]


def test_a_lone_time_is_file_metadata_and_a_time_beside_a_note_is_its_timestamp():
    doc = {"created": "2024-03-02", "notes": [{"text": RELAY_ZH, "date": "2024-03-01"}]}
    [extraction] = extract("c012.json", _json(doc))
    assert [(c.locator, c.text, c.source, c.timestamp) for c in extraction.comments] == [
        ("/created", "2024-03-02", "metadata", None),
        ("/notes/0/text", RELAY_ZH, "note", "2024-03-01"),
    ]


def test_json_lines_locators_carry_the_line_number():
    data = "\n".join(
        [json.dumps({"cut": "C012", "comment": RELAY_ZH}, ensure_ascii=False), "", json.dumps({"memo": RELAY_KO})]
    ).encode()
    [extraction] = extract("review.jsonl", data)
    assert extraction.row.format == "jsonl"
    assert [(c.locator, c.text) for c in extraction.comments] == [
        ("line 1:/comment", RELAY_ZH),
        ("line 3:/memo", RELAY_KO),
    ]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("bad.json", b'{"notes": ["a", }', "invalid JSON: Expecting value at line 1 column 17"),
        ("bad.ndjson", b'{"notes": "a b"}\n{"notes": \n', "invalid JSON on line 2"),
        ("deep.json", b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
        ("deep.json", b'{"a":' * 100_000 + b'"x"' + b"}" * 100_000, "nested too deeply"),
    ],
)
def test_broken_json_is_an_error_row_with_the_reason(name, data, reason):
    [extraction] = extract(name, data)
    assert extraction.row.status == "error" and reason in extraction.row.error and extraction.comments == ()


def test_json_in_cp949_with_korean_keys():
    data = _json({"컷": "C012", "코멘트": [{"메모": RELAY_KO, "작성자": "김"}]}, "cp949")
    [extraction] = extract("c012.json", data)
    assert extraction.row.encoding == "cp949"
    assert [(c.locator, c.text, c.author) for c in extraction.comments] == [("/코멘트/0/메모", RELAY_KO, "김")]


@pytest.mark.parametrize(("now", "said"), [("头太大了\n请缩小一点\n", "grew from 13"), ("头\n", "shrank from 13")])
def test_a_file_that_changed_since_discovery_is_an_error_row_saying_so(tmp_path, now, said):
    path = tmp_path / "c001_notes.txt"
    path.write_text("头太大了\n")
    discovered = FileRef(str(path), str(path), path.stat().st_size, str(tmp_path))
    path.write_text(now)
    (extraction,) = extract_file(discovered, Limits(max_file_bytes=1000))
    assert extraction.row.status == "error" and said in extraction.row.error and "scan it again" in extraction.row.error
    assert extraction.comments == ()


def _line_of(lines: list[str], form: str) -> int:
    """The 1-based number of the only line holding `form` (the note as the file writes it)."""
    [number] = [number for number, line in enumerate(lines, start=1) if form in line]
    return number


@pytest.mark.parametrize("ascii_only", [False, True])
def test_each_json_note_gets_the_line_it_is_written_on(ascii_only):
    texts = ["第一条 修改", 'say "크게" <now>', RELAY_ZH, RELAY_KO]
    doc = {"notes": [{"text": t, "author": "王"} for t in texts], "meta": {"comment": "第一条"}}
    data = json.dumps(doc, ensure_ascii=ascii_only, indent=2).encode()
    lines = data.decode().splitlines()
    [extraction] = extract("c012.json", data)
    found = {c.text: c.line for c in extraction.comments}
    for text in [*texts, "第一条"]:
        # quoted, so `第一条` is the meta comment's line, not the first note's (which it starts), found from there on
        assert found[text] == _line_of(lines, json.dumps(text, ensure_ascii=ascii_only)), text


def test_note_lines_are_found_before_the_previous_note_too_and_unknown_encodings_give_none():
    from analyzer.extract.base import Note
    from analyzer.extract.lines import with_lines

    written = ["C012 修改", "", RELAY_ZH, "다시", RELAY_KO, "x & <y>"]
    data = "\n".join(written).encode()
    asked = [
        Note("5", RELAY_KO),
        Note("3", RELAY_ZH),
        Note("line 9", "다시"),
        Note("6", "x &amp; <y>"),
        Note("?", "无"),
    ]
    assert [n.line for n in with_lines(data, "utf-8", asked)] == [5, 3, 9, None, None]
    assert [n.line for n in with_lines(data, None, [Note("6", "x & <y>")])] == [6]
    # The encoding a reader reports can be a description (NUL padding removed): no lines then, as before.
    assert [n.line for n in with_lines(data, "utf-8 (NUL padding removed)", asked)] == [None] * 5
