"""`analyzer.dialect_score` and `analyzer dialect`: the DESIGN.md contract, on NK and SK sentences."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

import analyzer
from analyzer.dialect import flag_threshold


def test_nk_sentence_scores_above_its_south_korean_twin():
    # Written for this test (nk-sk-news-dev is evaluation data only and is never copied here).
    nk = analyzer.dialect_score(
        "새로 들여온 설비들이 래일 아침부터 가동되였을 때 어떻게 동작할것인지를 시험하는데 리용될것이다."
    )
    sk = analyzer.dialect_score(
        "새로 들여온 설비들이 내일 아침부터 가동되었을 때 어떻게 동작할 것인지를 시험하는 데 이용될 것이다."
    )
    assert nk.nk_score > 0.9 > 0.5 > sk.nk_score
    assert {"initial-rl", "yeo-ending", "attached-dependent-noun"} <= {m.kind for m in nk.markers}
    assert nk.nk_score >= flag_threshold() > sk.nk_score
    assert nk.count("attached-dependent-noun") >= 2 and sk.count("attached-dependent-noun") == 0
    assert sk.count("detached-dependent-noun") >= 2


def test_attached_su_is_found_where_the_tagger_reads_a_noun():
    """Komoran reads 그릴 as a noun ('grill') and 갈수 as 'dry season'; before 있다/없다 the spelling decides."""
    for attached, spaced in (
        ("다시 그릴수 있습니까?", "다시 그릴 수 있습니까?"),
        ("내일 갈수 없다", "내일 갈 수 없다"),
    ):
        marked = [m for m in analyzer.dialect_score(attached).markers if m.kind == "attached-dependent-noun"]
        assert [m.text for m in marked] == [attached.split()[1]]
        assert not analyzer.dialect_score(spaced).markers
        assert analyzer.dialect_score(spaced).count("detached-dependent-noun") == 1
    assert not analyzer.dialect_score("갈수기에는 물이 없다").markers


def test_angle_quotes_mark_titles_in_south_korea_and_quotes_in_the_north():
    kinds = {m.kind for m in analyzer.dialect_score("《아기상어》 3화 수정 부탁드립니다.").markers}
    assert "angle-quotes" in kinds and "nk-quotes" not in kinds
    assert "nk-quotes" in {m.kind for m in analyzer.dialect_score("《모든 장면을 다시 그리자!》라고 하였다").markers}
    assert "nk-quotes" in {m.kind for m in analyzer.dialect_score("≪아기상어≫ 3화").markers}


def test_markers_point_into_the_text():
    text = "≪로동신문≫을 보고있다"
    for m in analyzer.dialect_score(text).markers:
        assert text[m.start : m.end] == m.text


def test_text_without_hangul_scores_low_without_markers():
    result = analyzer.dialect_score("The head is too big")
    assert result.markers == () and result.nk_score < 0.1


def test_cli_one_json_object_per_line(cli):
    result = cli("dialect", "-", stdin="로동자들이 래일 온다\n\n노동자들이 내일 온다\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["line"] for line in lines] == [1, 2, 3]
    assert set(lines[0]) == {"line", "nk_score", "markers"}
    assert lines[0]["nk_score"] > lines[2]["nk_score"]
    assert {"kind", "text", "start", "end"} <= set(lines[0]["markers"][0])


def test_cli_missing_file_is_exit_2(cli):
    result = cli("dialect", "no/such/file.txt")
    assert result.returncode == 2 and "no/such/file.txt" in result.stderr


def test_scan_of_chinese_notes_starts_no_jvm(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    (tmp_path / "c001_notes.txt").write_text("头太大了，请缩小一点\n", encoding="utf-8")
    code = "import sys, analyzer; analyzer.scan([sys.argv[1]]); print('jpype' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def kinds_and_texts(text: str) -> set[tuple[str, str]]:
    return {(m.kind, m.text) for m in analyzer.dialect_score(text).markers}


def test_vocatives_and_the_copulas_contraction_are_not_the_north_korean_yeo_ending():
    for text in (
        "조국이여 영원하라",
        "동무들이여 일어나라",
        "왕이시여",
        "그대여, 오라",
        "그것은 마찬가지였다",
        "처지였다",
    ):
        assert "yeo-ending" not in {kind for kind, _ in kinds_and_texts(text)}, text
    for text, word in (("잘 되였다", "되였"), ("옷을 개여 놓았습니다.", "개여"), ("빛내여 나가자", "빛내여")):
        assert ("yeo-ending", word) in kinds_and_texts(text), text


def test_initial_rl_words_the_tagger_knows_as_nouns_are_found():
    for text, word in (
        ("로동신문을 읽었다", "로동"),
        ("력사를 배웠다", "력사"),
        ("림시 정부", "림시"),
        ("리용하십시오", "리용"),
    ):
        assert ("initial-rl", word) in kinds_and_texts(text), text
    # Loanwords, names and South Korean words that only look so.
    for text in ("리서치 결과입니다", "리스트를 보내주세요", "리철호 감독님", "라디오를 켜세요", "로고를 바꾸세요"):
        assert "initial-rl" not in {kind for kind, _ in kinds_and_texts(text)}, text


def test_nouns_of_place_time_and_counters_attached_are_spacing_evidence():
    found = kinds_and_texts("카메라앞에서 두명이 기다릴때는 결함때문에 멈춘다")
    assert {("attached-position", "카메라앞에서"), ("attached-dependent-noun", "결함때문에")} <= found
    assert {("attached-counter", "두명이"), ("attached-dependent-noun", "기다릴때는")} <= found
    assert not {kind for kind, _ in kinds_and_texts("카메라 앞에서 두 명이 기다릴 때는 결함 때문에 멈춘다")} & {
        "attached-position",
        "attached-dependent-noun",
        "attached-counter",
    }


def test_a_text_scored_again_reuses_its_score_only_when_the_tagger_gave_the_same_tags(monkeypatch):
    from analyzer.dialect import markers

    text = "내일까지 수정할수 있는지 알려주십시오."
    first = analyzer.dialect_score(text)
    assert analyzer.dialect_score(text) is first  # tagged the same way: the score kept
    assert first.count("content-morphemes") > 0
    untagged = tuple((start, end, word, ()) for start, end, word, _ in markers.eojeols(text))
    monkeypatch.setattr(markers, "tagging", lambda _: ([], untagged))  # the same text, other tags (none)
    again = analyzer.dialect_score(text)
    assert again is not first and again.count("content-morphemes") == 0


def test_words_spaced_unevenly_keep_their_morphemes_and_offsets():
    from analyzer.dialect.markers import eojeols
    from analyzer.engines.korean import komoran

    even, uneven = "다시 그릴수 있습니까?", "  다시   그릴수\t있습니까?  "
    assert [(w, tags) for _, _, w, tags in eojeols(even)] == [(w, tags) for _, _, w, tags in eojeols(uneven)]
    for start, end, word, _ in eojeols(uneven):
        assert uneven[start:end] == word
    # Komoran's offsets mapped back into each spelling point at the same characters.
    tagged_even, tagged_uneven = komoran().spans(even), komoran().spans(uneven)
    assert [t[:2] for t in tagged_even] == [t[:2] for t in tagged_uneven]
    assert [even[s:e] for *_, s, e in tagged_even] == [uneven[s:e] for *_, s, e in tagged_uneven]


KOREAN_WORD_LETTERS = list("가힣눈위치ㄱㅏ\u1100갂AZaz09_-. ,\n\t≪≫《》·é가") + [
    "\uabff",
    "\ud7a4",
    "\uac00",
    "\ud7a3",
    "１",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(KOREAN_WORD_LETTERS), max_size=30).map("".join))
def test_korean_words_are_the_words_holding_a_syllable(text):
    """korean_words finds in one search what its definition reads: each WORD of the markers holding a syllable."""
    from analyzer.dialect.markers import WORD
    from analyzer.dialect.score import korean_words
    from analyzer.text.scripts import HAS_HANGUL_SYLLABLE

    assert korean_words(text) == [w.group() for w in WORD.finditer(text) if HAS_HANGUL_SYLLABLE.search(w.group())]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(KOREAN_WORD_LETTERS), max_size=30).map("".join))
def test_syllables_of_korean_words_are_counted_from_their_length(text):
    """syllable_count reads the syllables of korean_words from their UTF-8 length: what a findall of syllables
    counts."""
    from analyzer.dialect.score import korean_words, syllable_count
    from analyzer.text.scripts import HANGUL_SYLLABLES

    words = korean_words(text)
    assert syllable_count(words) == len(re.findall(f"[{HANGUL_SYLLABLES}]", "".join(words)))


def test_the_score_from_feature_values_is_the_score_from_named_features():
    """dialect_score weighs feature_values in FEATURES' order: the same float as probability over the named features."""
    from analyzer.dialect.markers import find_markers
    from analyzer.dialect.score import FEATURES, feature_values, features, probability, probability_of

    texts = [
        "로동신문에 따르면 녀자들이 일할수 있다고 하였다.",
        "이 장면은 다시 그려 주십시오",
        "카메라앞에서 보고있어요 ≪조선≫",
        "컷 12 수정 부탁드립니다 ABC",
        "",
    ]
    for text in texts:
        markers, counts = find_markers(text)
        named = features(text, markers, counts)
        assert list(named) == list(FEATURES)
        assert list(named.values()) == feature_values(text, markers, counts)
        assert probability_of(feature_values(text, markers, counts)) == probability(named)


def test_a_word_joins_the_one_before_only_by_a_first_morpheme_of_the_joining_tags():
    """spacing calls _spacing_kind between words only when the next word's first morpheme has a JOINING_TAGS tag
    or is 때문: any other first morpheme joins nothing, whatever comes before it."""
    from analyzer.dialect import markers

    tags = sorted(
        {"ETM", "EC", "EF", "EP", "ETN", "JKS", "JKO", "JKB", "JX", "JC", "MAG", "MAJ", "MM", "IC", "XPN", "XSN"}
        | {"XSV", "XSA", "XR", "SF", "SP", "SS", "SE", "SO", "SW", "SH", "SL", "SN", "NA", "NF", "NV", "VV", "VA"}
        | {"VCP", "VCN", "NP", "NR", "", "X"}
        | markers.NOMINAL_TAGS
        | markers.CONTENT_TAGS
        | markers.JOINING_TAGS
    )
    forms = sorted(
        markers.DEPENDENT_NOUNS
        | markers.TIME_NOUNS
        | markers.POSITION_NOUNS
        | markers.REGISTER_AUXILIARIES
        | set(markers.STRICT_AUXILIARIES)
        | {form for found in markers.STRICT_AUXILIARIES.values() for form in found}
        | {"때문", "한", "번", "학교", "가", "", "연구소"}
    )
    for prev_tag in tags:
        for prev_form in forms:
            for tag in tags:
                if tag in markers.JOINING_TAGS:
                    continue
                for form in forms:
                    if form != "때문":
                        assert markers._spacing_kind((prev_form, prev_tag), (form, tag)) == ""


def test_surface_forms_are_found_by_the_lengths_of_the_forms_of_a_head():
    """_surface_markers tries only the lengths of the NK forms starting as a word does: it finds at each word's
    start the form that trying every length from the longest form's down to two finds."""
    import random

    from analyzer.dialect.markers import WORD, _surface_markers
    from analyzer.dialect.vocabulary import entries

    table = entries()
    longest = max(map(len, table))
    forms = sorted(table)
    rng = random.Random(7)
    pieces = [*forms, *(form[:-1] for form in forms), *(form[:2] for form in forms), "가", "다", "는", "을", "1", "A"]
    for _ in range(3000):
        text = " ".join("".join(rng.choice(pieces) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 4)))
        expected = []
        for word in WORD.finditer(text):
            token = word.group()
            for size in range(min(len(token), longest), 1, -1):
                if token[:size] in table:
                    expected.append((word.start(), word.start() + size, token[:size]))
                    break
        found = [
            (m.start, m.end, m.text) for m in _surface_markers(text) if m.kind not in ("nk-quotes", "angle-quotes")
        ]
        assert found == expected
