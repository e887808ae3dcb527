"""SubRip, ASS and WebVTT subtitles: cue text is read, timings and markup are not."""

from __future__ import annotations

import pytest
from media import RELAY_KO, RELAY_ZH, extract

import analyzer

SRT = (
    "1\r\n00:00:01,000 --> 00:00:03,500\r\n<i>口型和对白不一致，请重画</i>\r\n\r\n"
    "2\r\n00:00:04,000 --> 00:00:06,000\r\n{\\an8}这里的时间太快，加两帧\r\nline two\r\n\r\n"
    "3\r\n00:00:07,000 --> 00:00:08,000\r\n\r\n"
)

ASS = f"""[Script Info]
; 修改意见见第二行
Title: C012
ScriptType: v4.00+

[V4+ Styles]
Format: Name, Fontname, Fontsize
Style: Default,Arial,20

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,{{\\pos(1,1)}}{RELAY_ZH}\\N{RELAY_KO}
Comment: 0,0:00:04.00,0:00:05.00,Default,,0,0,0,,timing: hold two frames, then cut
Dialogue: 0,0:00:06.00,0:00:07.00,Default,,0,0,0,,{{\\i1}}{{\\b1}}
"""


def test_srt_cues_are_notes_located_by_number_and_start_time():
    row, comments = extract("ep01.srt", SRT.encode("gb18030"))
    assert row.status == "ok" and row.format == "srt" and row.encoding == "gb18030"
    assert [(c.locator, c.text, c.timestamp) for c in comments] == [
        ("cue 1 (00:00:01,000)", "口型和对白不一致，请重画", None),
        ("cue 2 (00:00:04,000)", "这里的时间太快，加两帧\nline two", None),
    ]


def test_ass_dialogue_comment_events_and_header_comments():
    row, comments = extract("ep01.ass", ASS.encode("utf-8-sig"))
    assert row.status == "ok" and row.format == "ass"
    assert [(c.locator, c.text) for c in comments] == [
        ("line 2", "修改意见见第二行"),
        ("Dialogue line 12 (0:00:01.00)", f"{RELAY_ZH}\n{RELAY_KO}"),
        ("Comment line 13 (0:00:04.00)", "timing: hold two frames, then cut"),
    ]


def test_bilingual_subtitle_line_is_flagged(tmp_path):
    (tmp_path / "ep01.ass").write_text(ASS, encoding="utf-8")
    report = analyzer.scan([str(tmp_path)])
    assert [f.locator for f in report.findings if f.rule == "relay.zh-ko-pair"] == ["Dialogue line 12 (0:00:01.00)"]


VTT = f"""WEBVTT - C012 retakes

NOTE 修改意见：口型和对白不一致

intro
00:01.000 --> 00:04.000
<v Director>{RELAY_ZH}</v>

00:05.000 --> 00:06.000 align:start
<c.ko>{RELAY_KO}</c>
"""


def test_webvtt_cues_and_note_blocks():
    row, comments = extract("ep01.vtt", VTT.encode())
    assert row.status == "ok" and row.format == "vtt"
    assert [(c.locator, c.text) for c in comments] == [
        ("NOTE 1", "修改意见：口型和对白不一致"),
        ("cue intro (00:01.000)", RELAY_ZH),
        ("cue 2 (00:05.000)", RELAY_KO),
    ]


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("bad.srt", "this is not\na subtitle file\n", "no cue timings"),
        ("bad.ass", "[Script Info]\nTitle: nothing else\n", "no [Events]"),
        ("bad.vtt", "00:01.000 --> 00:02.000\nno header\n", "no WEBVTT header"),
    ],
)
def test_files_that_are_not_subtitles_are_error_rows(name, text, reason):
    row, comments = extract(name, text.encode())
    assert row.status == "error" and reason in row.error and comments == ()


def test_empty_subtitle_file_is_ok_with_no_notes():
    row, comments = extract("empty.srt", b"\n")
    assert row.status == "ok" and comments == ()
