"""North Korean evidence rules on real notes: true positives and the known false-positive traps."""

from __future__ import annotations

from rule_helpers import by_rule, note, scan_notes

import analyzer.dialect


def test_orthography_flags_nk_spelling_with_markers_and_caveat():
    found = by_rule(
        scan_notes(note("로동자들이 래일까지 그림을 다시 그려야 할것입니다. 일이 잘 되였습니다.")), "dprk.orthography"
    )
    assert len(found) == 1
    f = found[0]
    kinds = {m["kind"] for m in f.evidence["markers"]}
    assert {"initial-rl", "yeo-ending", "attached-dependent-noun"} <= kinds
    texts = {m["text"] for m in f.evidence["markers"]}
    assert {"로동자", "래일", "되였"} <= texts
    assert "ethnic Koreans in China" in f.message and f.evidence["caveat"]
    assert f.severity == "medium" and 0 < f.confidence <= 1


def test_orthography_quotes_and_loanwords_are_specific():
    f = by_rule(scan_notes(note("≪콤퓨터≫ 프로그람을 고쳐주십시오.")), "dprk.orthography")[0]
    assert {"nk-quotes", "nk-loanword"} <= {m["kind"] for m in f.evidence["markers"]}
    assert f.severity == "medium"


def test_orthography_ignores_surname_ri_loanwords_and_standard_spelling():
    notes = [
        note("리철호 감독님께 보내주십시오. 그럴 리가 없습니다.", locator="line 1"),
        note("라디오 리스트와 뉴스 로고를 확인하십시오.", locator="line 2"),
        note("노동자가 내일 이용할 것입니다. 기여를 많이 했습니다.", locator="line 3"),
        note("눈 위치가 너무 높습니다. 아래로 옮겨주십시오.", locator="line 4"),
    ]
    assert by_rule(scan_notes(*notes), "dprk.orthography") == []


def test_orthography_no_saisiot():
    f = by_rule(scan_notes(note("나무잎이 너무 큽니다. 귀구멍을 그려주십시오.")), "dprk.orthography")[0]
    assert {m["text"] for m in f.evidence["markers"] if m["kind"] == "no-saisiot"} == {"나무잎", "귀구멍"}


def test_lexicon_names_words_with_south_korean_form_and_source():
    f = by_rule(scan_notes(note("인차 곽밥을 먹고 닭알도 삶았습니다.")), "dprk.lexicon")[0]
    words = {w["text"]: w for w in f.evidence["words"]}
    assert set(words) == {"인차", "곽밥", "닭알"}
    assert words["닭알"]["south_korean"] == "달걀" and "words.tsv" in words["닭알"]["source"]
    assert f.severity == "medium"


def test_lexicon_institution_from_nk_handic():
    f = by_rule(scan_notes(note("숙천농업대학에서 보낸 자료입니다.")), "dprk.lexicon")[0]
    assert f.evidence["words"][0]["kind"] == "nk-institution"
    assert "BSD-3-Clause" in f.evidence["words"][0]["source"]


def test_lexicon_skips_south_korean_homographs():
    assert by_rule(scan_notes(note("로고와 이발소 간판을 다시 그려주십시오.")), "dprk.lexicon") == []


def test_juche_date_converts_and_checks_the_written_year():
    f = by_rule(scan_notes(note("주체113(2024)년 3월 1일 수정")), "dprk.juche-date")[0]
    assert f.evidence["dates"][0]["gregorian_year"] == 2024 and f.confidence >= 0.8
    bare = by_rule(scan_notes(note("주체105년 작업분")), "dprk.juche-date")[0]
    assert bare.evidence["dates"][0]["gregorian_year"] == 2016


def test_juche_idea_is_not_a_date():
    assert by_rule(scan_notes(note("주체사상 관련 그림이 아닙니다. 1번 컷")), "dprk.juche-date") == []


def test_timezone_pyongyang_window():
    inside = note("修改", timestamp="2016-05-10T14:20:00+08:30")
    f = by_rule(scan_notes(inside), "dprk.timezone")[0]
    assert f.severity == "medium" and f.evidence["timestamps"][0]["offset"] == "+08:30"


def test_timezone_outside_window_is_low_and_plus_nine_is_info_only_beside_chinese():
    after = by_rule(scan_notes(note("修改", timestamp="2019-01-01T10:00:00+08:30")), "dprk.timezone")[0]
    assert after.severity == "low"
    korea = by_rule(scan_notes(note("头太大了", timestamp="2024-01-01T10:00:00+09:00")), "dprk.timezone")[0]
    assert korea.severity == "info" and "weak" in korea.message
    assert by_rule(scan_notes(note("머리가 큽니다", timestamp="2024-01-01T10:00:00+09:00")), "dprk.timezone") == []
    assert by_rule(scan_notes(note("头太大了", timestamp="2016-05-10T10:00:00+08:00")), "dprk.timezone") == []


def test_timezone_exif_offset_time_and_exif_dates():
    date = note("2017:03:02 11:00:00", locator="exif:DateTimeOriginal", source="metadata")
    offset = note("+08:30", locator="exif:OffsetTimeOriginal", source="metadata")
    f = by_rule(scan_notes(date, offset), "dprk.timezone")[0]
    assert f.evidence["timestamps"][0]["date"] == "2017-03-02"


def test_weak_evidence_does_not_raise_a_pair_to_high():
    pair = [
        note("头太大了，请缩小一点", locator="line 1", timestamp="2024-01-01T10:00:00+09:00"),
        note("머리가 너무 큽니다. 조금 줄여주십시오.", locator="line 2"),
    ]
    found = scan_notes(*pair)
    assert by_rule(found, "relay.zh-ko-pair")[0].severity == "medium"
    strong = [note("头太大了，请缩小一点", locator="line 1", timestamp="2016-05-10T10:00:00+08:30"), pair[1]]
    assert by_rule(scan_notes(*strong), "relay.zh-ko-pair")[0].severity == "high"


def test_zh_punct_inside_korean():
    f = by_rule(scan_notes(note("머리가 너무 큽니다，조금 줄여주십시오。")), "translationese.zh-punct")[0]
    assert {m["mark"] for m in f.evidence["marks"]} == {"，", "。"}
    assert by_rule(scan_notes(note("“머리”가 너무 큽니다. 头太大了，请缩小")), "translationese.zh-punct") == []


def test_evidence_in_another_file_of_the_same_sketch_raises_the_pair():
    zh = note("头太大了，请缩小一点", path="d/v1/c030_zh.txt")
    ko = note("머리가 너무 큽니다. 조금 줄여주십시오.", path="d/v1/c030_ko.txt")
    stamp = note("2017-01-05T09:00:00+08:30", path="d/v1/c030.json", locator="/created", source="metadata")
    other = note("2017-01-05T09:00:00+08:30", path="d/v1/c031.json", locator="/created", source="metadata")
    assert by_rule(scan_notes(zh, ko, stamp), "relay.zh-ko-pair")[0].severity == "high"
    assert by_rule(scan_notes(zh, ko, other), "relay.zh-ko-pair")[0].severity == "medium"


def test_south_korean_prose_gets_no_orthography_finding(shared_data):
    """FLORES-200 Korean is South Korean news-style prose: the rule should stay silent on (almost) all of it."""
    lines = (shared_data / "flores200-dev" / "kor_Hang.dev").read_text(encoding="utf-8").splitlines()[:300]
    notes = [note(line.replace('""', '"'), locator=f"line {i}") for i, line in enumerate(lines, start=1)]
    flagged = by_rule(scan_notes(*notes), "dprk.orthography")
    assert len(flagged) <= 1, [f.evidence["markers"] for f in flagged]


# Every example the rules are specified with (issue 6), each in a note of its own.
ORTHOGRAPHY_EXAMPLES = [
    ("initial-rl", "로동", "로동을 열심히 합니다."),
    ("initial-rl", "녀자", "녀자가 서 있습니다."),
    ("initial-rl", "리용", "이 그림을 리용하십시오."),
    ("initial-rl", "래일", "래일 보내주십시오."),
    ("initial-rl", "력량", "력량을 키워야 합니다."),
    ("yeo-ending", "되여", "그림이 잘 되여 있습니다."),
    ("yeo-ending", "개여", "옷을 개여 놓았습니다."),
    ("no-saisiot", "나무잎", "나무잎을 그려주십시오."),
    ("no-saisiot", "귀구멍", "귀구멍을 그려주십시오."),
    ("nk-quotes", "≪작품≫", "≪작품≫을 보십시오."),
    *[
        ("nk-loanword", word, f"{word}를 그려주십시오.")
        for word in ("콤퓨터", "프로그람", "쏘프트웨어", "뜨락또르", "땅크", "로씨야")
    ],
]


def test_every_specified_spelling_example_is_a_finding_with_its_marker():
    notes = [note(text, locator=f"line {i}") for i, (_, _, text) in enumerate(ORTHOGRAPHY_EXAMPLES)]
    found = {f.locator: f for f in by_rule(scan_notes(*notes), "dprk.orthography")}
    for i, (kind, word, text) in enumerate(ORTHOGRAPHY_EXAMPLES):
        f = found.get(f"line {i}")
        assert f is not None, text
        assert (kind, word) in {(m["kind"], m["text"]) for m in f.evidence["markers"]}, text
        assert f.severity == ("medium" if kind in ("nk-quotes", "nk-loanword") else "low"), text


def test_specified_spacing_examples_are_markers():
    import analyzer

    for text, word in (("할수 있다", "할수"), ("될것이다", "될것이다"), ("하고있다", "하고있다")):
        kinds = {(m.kind, m.text) for m in analyzer.dialect_score(text).markers}
        assert kinds & {("attached-dependent-noun", word), ("attached-auxiliary", word)}, text


def test_spacing_alone_needs_two_attached_forms_or_a_flagged_sentence():
    casual = [note("보고있어요", locator="line 1"), note("수정할것입니다", locator="line 2")]
    assert by_rule(scan_notes(*casual), "dprk.orthography") == []
    nk = "이 장면은 다음주까지 다시 그려야 할것입니다. 움직임을 자연스럽게 할수 있도록 지금 고치고있습니다."
    sk = "이 장면은 다음 주까지 다시 그려야 할 것입니다. 움직임을 자연스럽게 할 수 있도록 지금 고치고 있습니다."
    f = by_rule(scan_notes(note(nk)), "dprk.orthography")[0]
    assert f.severity == "low" and {m["kind"] for m in f.evidence["markers"]} == {
        "attached-dependent-noun",
        "attached-auxiliary",
    }
    assert by_rule(scan_notes(note(sk)), "dprk.orthography") == []


def test_south_korean_title_marks_are_no_dprk_evidence():
    assert by_rule(scan_notes(note("《아기상어》 3화 수정 부탁드립니다.")), "dprk.orthography") == []
    f = by_rule(scan_notes(note("《아기상어》 3화의 래일 작업분입니다.")), "dprk.orthography")[0]
    assert f.severity == "low"  # the title is shown as context, the spelling is the evidence
    assert {m["kind"] for m in f.evidence["markers"]} == {"angle-quotes", "initial-rl"}


LEXICON_EXAMPLES = [
    "일없다",
    "인차",
    "곽밥",
    "손기척",
    "닭알",
    "남새",
    "위생실",
    "원주필",
    "낮전",
    "낮후",
    "가락지빵",
    "살까기",
]


def test_every_specified_lexicon_example_is_found_with_its_south_korean_form():
    notes = [note(f"{word} 그림을 확인하십시오.", locator=f"line {i}") for i, word in enumerate(LEXICON_EXAMPLES)]
    found = {f.locator: f for f in by_rule(scan_notes(*notes), "dprk.lexicon")}
    for i, word in enumerate(LEXICON_EXAMPLES):
        words = found[f"line {i}"].evidence["words"]
        assert word.startswith(words[0]["text"]) and words[0]["south_korean"], word
        assert "words.tsv" in words[0]["source"]


def test_juche_after_the_word_juche_is_not_always_a_date():
    notes = [
        note("운영 주체 2년 연장 계약", locator="line 1"),
        note("사업주체3년 계획", locator="line 2"),
        note("참여 주체 100명", locator="line 3"),
    ]
    assert by_rule(scan_notes(*notes), "dprk.juche-date") == []
    old = by_rule(scan_notes(note("주체39(1950)년 작품")), "dprk.juche-date")[0]
    assert old.evidence["dates"][0]["gregorian_year"] == 1950  # a matching Gregorian year vouches for it
    wrong = by_rule(scan_notes(note("주체113(2023)년 수정")), "dprk.juche-date")[0]
    assert wrong.confidence < 0.8


def test_a_juche_date_starts_with_one_of_the_letters_the_rule_looks_for_first():
    """juche_years skips a text without 주체, 主, J or j: no other character starts a match (the pattern ignores
    case) and only 체 follows 주 in one, checked over every code point; and dates in each spelling are still found."""
    import sys

    from analyzer.detect.rules.juche_date import JUCHE_DATE, juche_years

    starts = {"주": "주체113년", "主": "主体113年", "J": "Juche 113", "j": "juche 113"}
    for first, date in starts.items():
        assert juche_years(f"수정 {date}")[0]["gregorian_year"] == 2024, first
    for code in range(sys.maxunicode + 1):  # 주 and 主 have no other case: only Juche's J could have one
        if not 0xD800 <= code < 0xE000 and chr(code) not in starts:
            assert not JUCHE_DATE.match(chr(code) + "uche 113"), hex(code)
        if not 0xD800 <= code < 0xE000 and chr(code) != "체":
            assert not JUCHE_DATE.match("주" + chr(code) + " 113"), hex(code)
    assert juche_years("수정해 주십시오 113년") == []


def test_timezone_from_a_real_jpeg_exif_and_an_xmp_sidecar(tmp_path):
    from media import jpeg
    from PIL import Image

    import analyzer

    exif = Image.Exif()
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = "2017:03:02 11:00:00"  # DateTimeOriginal
    sub[0x9011] = "+08:30"  # OffsetTimeOriginal
    (tmp_path / "c040.jpg").write_bytes(jpeg(exif=exif))
    (tmp_path / "c041.xmp").write_text(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmp:ModifyDate="2018-05-04T22:00:00+08:30"/></rdf:RDF></x:xmpmeta>',
        encoding="utf-8",
    )
    found = {f.path.rsplit("/", 1)[-1]: f for f in analyzer.scan([str(tmp_path)]).findings if f.rule == "dprk.timezone"}
    assert set(found) == {"c040.jpg", "c041.xmp"}
    assert found["c040.jpg"].evidence["timestamps"][0]["date"] == "2017-03-02"
    assert all(f.severity == "medium" for f in found.values())


def test_watchlisted_author_in_the_sketch_raises_the_pair_and_says_why():
    zh = note("头太大了，请缩小一点", path="d/v1/c050_zh.txt", author="Nings Cartoon Studio")
    ko = note("머리가 너무 큽니다. 조금 줄여주십시오.", path="d/v1/c050_ko.txt")
    pair = by_rule(scan_notes(zh, ko), "relay.zh-ko-pair")[0]
    assert pair.severity == "high" and "North Korean evidence" in pair.message
    plain = note("头太大了，请缩小一点", path="d/v1/c050_zh.txt")
    assert by_rule(scan_notes(plain, ko), "relay.zh-ko-pair")[0].severity == "medium"


# Written for these tests: short editing notes, each too short to flag alone.
NK_NOTES_FILE = [
    "다음장면부터 배경색을 바꾸시오",
    "인물얼굴모양을 다시 고치시오",
    "화면왼쪽에서 들어오는 속도가 빠르오",
]
SK_NOTES_FILE = [
    "다음 장면부터 배경 색을 바꾸세요",
    "인물 얼굴 모양을 다시 고치세요",
    "화면 왼쪽에서 들어오는 속도가 빠릅니다",
]
# How South Korean notes ask: -어 주세요 attached, short imperatives, loanword compounds.
SK_CASUAL_NOTES = [
    "눈 위치가 너무 높습니다",
    "아래로 옮겨주십시오",
    "색감 확인 부탁드립니다",
    "배경 다시 그려주세요",
    "수정 부탁드립니다",
    "캐릭터 표정이 어색해요",
    "립싱크 타이밍 맞춰주세요",
    "이펙트레이어 정리해주세요",
]


def notes_file(texts: list[str], path: str):
    return [note(text, path=path, locator=f"line {i}") for i, text in enumerate(texts, start=1)]


def test_a_file_of_short_north_korean_notes_is_flagged_as_a_whole():
    found = by_rule(scan_notes(*notes_file(NK_NOTES_FILE, "d/v1/c001_notes.txt")), "dprk.orthography")
    assert [(f.locator, f.evidence["scope"], f.evidence["notes"]) for f in found] == [(None, "file", 3)]
    assert found[0].evidence["nk_score"] >= analyzer.dialect.file_threshold()
    assert {n["locator"] for n in found[0].evidence["note_scores"]} <= {"line 1", "line 2", "line 3"}
    assert "read together" in found[0].message and found[0].severity == "low"
    assert by_rule(scan_notes(*notes_file(SK_NOTES_FILE, "d/v1/c001_notes.txt")), "dprk.orthography") == []


def test_south_korean_editing_notes_are_not_flagged_note_by_note_or_as_a_file():
    assert by_rule(scan_notes(*notes_file(SK_CASUAL_NOTES, "d/v1/c002_notes.txt")), "dprk.orthography") == []
    assert analyzer.dialect.notes_score(SK_CASUAL_NOTES).nk_score < analyzer.dialect.file_threshold()


def test_a_single_note_or_one_word_labels_are_not_read_as_a_file():
    assert by_rule(scan_notes(note("《아기상어》 3화 수정 부탁드립니다.")), "dprk.orthography") == []
    # South Korean labels attach compounds too; a one-word note has no space to leave out.
    labels = ["캐릭터디자인수정본", "이펙트레이어정리", "종합선물세트", "배경레이아웃확인", "원화수정요청"]
    assert by_rule(scan_notes(*notes_file(labels, "d/v1/c003_notes.txt")), "dprk.orthography") == []
