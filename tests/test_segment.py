"""Segmentation of short, mixed editing notes into language runs."""

from __future__ import annotations

import random
import string

from hypothesis import given, settings
from hypothesis import strategies as st

import analyzer
from analyzer.model import Comment
from analyzer.segment import file_hint, segment_comments
from analyzer.segment.latin import langdetect_best


def runs(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(s.lang, s.text_of(text)) for s in analyzer.segment(text, **kwargs)]


def test_chinese_then_korean_with_cut_id_and_arrow():
    text = "C012 眼睛位置太高了 → 눈 위치가 너무 높습니다"
    assert runs(text) == [("zh", "C012 眼睛位置太高了"), ("ko", "눈 위치가 너무 높습니다")]


def test_cut_id_between_runs_opens_the_next_run():
    text = "头太大了。 C013 머리가 너무 큽니다"
    assert runs(text) == [("zh", "头太大了。"), ("ko", "C013 머리가 너무 큽니다")]


def test_hanja_inside_a_korean_sentence_stays_korean():
    text = "눈(眼)의 위치를 調整해 주세요. 원화 확인 바랍니다."
    assert runs(text) == [("ko", text)]
    between_words = "주인공의 表情 변화가 부족합니다"
    assert runs(between_words) == [("ko", between_words)]
    spaced_brackets = "표정 (表情) 수정 바랍니다"
    assert runs(spaced_brackets) == [("ko", spaced_brackets)]


def test_chinese_sentence_beside_korean_is_not_hanja():
    text = "表情太僵硬 / 표정이 너무 딱딱합니다"
    assert runs(text) == [("zh", "表情太僵硬"), ("ko", "표정이 너무 딱딱합니다")]


def test_chinese_typed_against_its_korean_translation_is_not_hanja():
    clause = "眼睛位置太高了눈 위치가 너무 높습니다"  # a Chinese clause ending in 了, no space before the Korean
    assert runs(clause) == [("zh", "眼睛位置太高了"), ("ko", "눈 위치가 너무 높습니다")]
    simplified = "请调整눈 위치"  # Korean Hanja has no simplified forms
    assert runs(simplified) == [("zh", "请调整"), ("ko", "눈 위치")]
    # Short Hanja words glued to a particle stay Korean, 了 or not (完了 is a Hanja word).
    assert runs("作畫監督을 확인 바랍니다") == [("ko", "作畫監督을 확인 바랍니다")]
    assert runs("修正完了했습니다") == [("ko", "修正完了했습니다")]


def test_kanji_beside_kana_is_japanese():
    text = "目の位置が高すぎる。作画監督確認済"
    assert runs(text) == [("ja", text)]
    assert runs("「目」を大きく") == [("ja", "「目」を大きく")]
    assert runs("確認 してください") == [("ja", "確認 してください")]


def test_characters_only_chinese_uses_are_chinese_a_space_away_from_kana():
    assert runs("タイミング 确认") == [("ja", "タイミング"), ("zh", "确认")]


def test_chinese_clause_a_space_or_a_mark_away_from_japanese_is_told_by_its_characters():
    # No form here is Chinese-only (國 and 劇 are Traditional, Japan writes 国 and 劇): the bigram odds decide.
    assert runs("ゲームをしたり 到某些國家") == [("ja", "ゲームをしたり"), ("zh", "到某些國家")]
    assert runs("ユタ・ジャズの選手が？他們的劇本") == [("ja", "ユタ・ジャズの選手が？"), ("zh", "他們的劇本")]
    text = "月曜日には上院で、在非洲以外的所有地方"
    assert runs(text) == [("ja", "月曜日には上院で、"), ("zh", "在非洲以外的所有地方")]
    # Japanese kanji a mark away from kana stay Japanese, and so do kanji quoted inside the sentence.
    assert runs("背景美術、確認してください") == [("ja", "背景美術、確認してください")]
    assert runs("「典型的」な観光") == [("ja", "「典型的」な観光")]


def test_han_runs_split_by_a_number_are_one_clause():
    text = "2008年11月26日にボートで到着しました"
    assert runs(text) == [("ja", text)]
    assert runs("土曜日の午前1時15分に") == [("ja", "土曜日の午前1時15分に")]
    assert runs("事前に予約が必要です　在 19 世纪或 20 世纪初") == [
        ("ja", "事前に予約が必要です"),
        ("zh", "在 19 世纪或 20 世纪初"),
    ]


def test_kanji_only_line_in_a_japanese_note_is_japanese():
    assert runs("背景美術") == [("zh", "背景美術")]  # alone, the characters lean Chinese
    text = "影の方向を統一してください\n背景美術"
    assert [lang for lang, _ in runs(text)] == ["ja"]


def test_a_chinese_line_in_a_japanese_note_stays_chinese_when_the_characters_say_so():
    text = "影の方向を統一してください\n頭髮的顏色要統一"
    assert runs(text) == [("ja", "影の方向を統一してください"), ("zh", "頭髮的顏色要統一")]


def test_kanji_only_note_takes_the_language_of_its_file():
    def note(i: int, path: str, text: str) -> Comment:
        return Comment(id=f"{path}#{i}", path=path, member=None, locator=f"line {i}", text=text)

    japanese = [note(1, "c012.md", "目の位置が高すぎる"), note(2, "c012.md", "色彩設計")]
    chinese = [note(1, "c004.txt", "眼睛位置太高"), note(2, "c004.txt", "色彩設計")]
    korean = [note(1, "c010.txt", "표정 수정"), note(2, "c010.txt", "表情修改")]
    langs = {(c.path, c.text): [s.lang for s in segs] for c, segs in segment_comments(japanese + chinese + korean)}
    assert langs[("c012.md", "色彩設計")] == ["ja"]
    assert langs[("c004.txt", "色彩設計")] == ["zh"]  # the same characters in a Chinese file
    assert langs[("c010.txt", "表情修改")] == ["zh"]  # a Korean file does not make a Chinese note Korean
    assert analyzer.segment("色彩設計", hint="ja")[0].lang == "ja"
    assert analyzer.segment("色彩設計")[0].lang == "zh"


def test_a_stray_kana_does_not_make_a_chinese_file_japanese():
    assert file_hint(["目の位置が高すぎる", "色彩設計", "影を統一"]) == "ja"
    assert file_hint(["头太大了", "幸福の味", "色彩設計", "表情修改"]) is None
    assert file_hint(["目の位置が高すぎる", "눈 위치"]) is None  # Korean in the file: no hint
    assert file_hint([]) is None


def test_middle_dot_between_parts_of_a_name_is_not_kana():
    text = "喬恩・史都華 / 존 스튜어트"
    assert runs(text) == [("zh", "喬恩・史都華"), ("ko", "존 스튜어트")]
    assert file_hint(["此外，首席法官依凡傑洛斯・克勞西斯入獄。", "野生動物"]) is None


def test_han_only_defaults_to_chinese_unless_the_characters_say_japanese():
    assert runs("主任") == [("zh", "主任")]
    assert runs("调整头部比例") == [("zh", "调整头部比例")]
    assert runs("月曜日") == [("ja", "月曜日")]  # 曜 after 月 is a Japanese word, not a Chinese one
    assert runs("国際会議") == [("ja", "国際会議")]  # 国 (not Taiwan) with 際 (not PRC): shinjitai


def test_chinese_runs_carry_their_variant():
    [simplified] = analyzer.segment("头发的颜色要统一")
    [traditional] = analyzer.segment("頭髮的顏色要統一")
    assert (simplified.variant, traditional.variant) == ("Hans", "Hant")
    assert analyzer.segment("눈 위치")[0].variant is None


def test_full_width_punctuation_and_digits_attach_to_their_run():
    text = "Ｃ０１２：頭太大了！請縮小。（第３幕）"
    [seg] = analyzer.segment(text)
    assert (seg.lang, seg.start, seg.end) == ("zh", 0, len(text))
    mixed = "眼睛太大了！　눈이 너무 큽니다。"
    assert runs(mixed) == [("zh", "眼睛太大了！"), ("ko", "눈이 너무 큽니다。")]


def test_emoji_attach_to_the_neighbouring_run():
    assert runs("👍 좋아요 😀") == [("ko", "👍 좋아요 😀")]
    assert runs("头太大了😅 → 머리가 너무 큽니다🙏") == [("zh", "头太大了😅"), ("ko", "머리가 너무 큽니다🙏")]
    assert runs("👨‍👩‍👧") == [("und", "👨‍👩‍👧")]


def test_empty_and_blank_input_have_no_segments():
    assert analyzer.segment("") == []
    assert analyzer.segment(" \n\t\u3000") == []


def test_identifiers_and_numbers_alone_are_undetermined():
    assert runs("C001") == [("und", "C001")]
    assert runs(" 0012 ") == [("und", "0012")]


def test_latin_term_inside_a_cjk_sentence_stays_in_it():
    assert runs("把 layout 调整一下") == [("zh", "把 layout 调整一下")]
    assert runs("纳达尔（Nadal）赢了") == [("zh", "纳达尔（Nadal）赢了")]


def test_one_and_two_word_english_notes_are_english():
    for note in ("Fix", "Retake", "Looks good", "Redo", "Redraw", "WIP", "TBD", "LGTM", "Inbetween", "Too dark"):
        assert runs(note) == [("en", note)], note


def test_english_note_word_before_a_clause_mark_is_its_own_run():
    assert runs("Retake: 头太大了") == [("en", "Retake:"), ("zh", "头太大了")]
    assert runs("头太大了。Fix") == [("zh", "头太大了。"), ("en", "Fix")]
    assert runs("Looks good　머리 색 좋습니다") == [("en", "Looks good"), ("ko", "머리 색 좋습니다")]
    # Inside an enumeration, and for acronyms, the term stays with its sentence.
    assert runs("颜色、layout、大小都要调整") == [("zh", "颜色、layout、大小都要调整")]
    assert runs("图坦卡蒙墓 (KV62)。 KV") == [("zh", "图坦卡蒙墓 (KV62)。 KV")]


def test_english_and_other_latin_and_cyrillic_text():
    assert runs("Keep the eye line consistent.") == [("en", "Keep the eye line consistent.")]
    assert runs("In April") == [("en", "In April")]
    assert runs("Les yeux sont beaucoup trop grands dans cette scène")[0][0] == "fr"
    assert runs("Глаза слишком большие, переделайте пожалуйста")[0][0] == "ru"
    assert runs("el ojo es muy grande")[0][0] == "es"  # common words, but clearly Spanish ones
    assert runs("de ogen zijn te groot")[0][0] == "nl"
    assert runs("xq") == [("und", "xq")]  # too short to tell
    assert runs("Да") == [("und", "Да")]


def test_scripts_of_one_language_are_told_however_short():
    assert runs("ครับ") == [("th", "ครับ")]
    assert runs("Ναι") == [("el", "Ναι")]
    assert runs("שלום") == [("he", "שלום")]
    assert runs("გამარჯობა") == [("ka", "გამარჯობა")]  # langdetect has no Georgian and says "et"
    assert runs("नमस्ते") == [("und", "नमस्ते")]  # Devanagari writes Hindi, Marathi, Nepali...
    assert runs("Cut 12 ครับ") == [("en", "Cut"), ("th", "12 ครับ")]


def test_english_note_then_chinese_then_korean():
    text = "Retake the mouth shape\n口型和对白不一致，请重画\n입모양이 대사와 맞지 않습니다"
    assert [lang for lang, _ in runs(text)] == ["en", "zh", "ko"]


def test_segmentation_is_deterministic():
    text = "Les yeux sont beaucoup trop grands / 眼睛太大 / 눈이 너무 큽니다"
    first = analyzer.segment(text)
    langdetect_best.cache_clear()  # the French run goes to langdetect again, which must be seeded
    assert analyzer.segment(text) == first
    assert first[0].lang == "fr"


LATIN_NOTES = [
    "Les yeux sont beaucoup trop grands, il faut les refaire",
    "Das Gesicht ist zu groß, bitte kleiner zeichnen",
    "Gli occhi sono troppo grandi, rifare per favore",
    "Los ojos son demasiado grandes, por favor rehacer",
    "Os olhos estão grandes demais, refazer por favor",
    "De ogen zijn te groot, graag opnieuw tekenen",
    "Oczy są za duże, proszę poprawić rysunek",
    "Silmät ovat liian suuret, piirrä uudelleen",
    "Ögonen är för stora, rita om dem tack",
    "Øjnene er for store, tegn dem om",
    "Oči jsou příliš velké, prosím překreslit",
    "Gözler çok büyük, lütfen yeniden çiz",
    "Mắt quá to, vui lòng vẽ lại",
    "Matanya terlalu besar, tolong gambar ulang",
    "Глаза слишком большие, перерисуйте пожалуйста",
    "Τα μάτια είναι πολύ μεγάλα",
    "Szemek túl nagyok, kérem rajzolja újra",
    "Ochii sunt prea mari, refaceți vă rog",
    "Peter Costello Hastings Lenz",
    "fix the colour of the hair please",
]


def test_our_langdetect_profiles_answer_as_langdetects_own():
    """The compact profiles (float32 arrays) give langdetect's own answers: language and probability."""
    from langdetect import DetectorFactory, detector_factory

    from analyzer.segment.latin import _detector_factory

    stock = DetectorFactory()
    stock.load_profile(detector_factory.PROFILES_DIRECTORY)
    ours = _detector_factory()
    assert sorted(ours.langlist) == sorted(stock.langlist) and len(ours.langlist) == 55
    assert ours.word_lang_prob_map.keys() == stock.word_lang_prob_map.keys()
    rng = random.Random(3)
    ngrams = sorted(ours.word_lang_prob_map)
    salads = [" ".join(rng.choice(ngrams) + rng.choice(ngrams) for _ in range(6)) for _ in range(100)]
    for text in LATIN_NOTES + salads:
        answers = []
        for factory in (ours, stock):
            detector = factory.create()
            detector.append(text)
            answers.append([(p.lang, p.prob) for p in detector.get_probabilities()])
        (ours_best, ours_prob), (stock_best, stock_prob) = answers[0][0], answers[1][0]
        assert ours_best == stock_best, text
        assert abs(ours_prob - stock_prob) < 1e-4, text


NOTE_ALPHABET = st.sampled_from(
    list("头太大了請縮小눈위치가너무높습니다目の位置が高すぎる作画監督")
    + list("ＡＢab C012 →/|。，！？（）「」…\n　😀・ครับ")
    + [" "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(NOTE_ALPHABET, max_size=40).map("".join))
def test_segments_are_ordered_disjoint_and_cover_every_letter(text):
    segments = analyzer.segment(text)
    previous_end = 0
    for seg in segments:
        assert previous_end <= seg.start < seg.end <= len(text)
        assert seg.lang and 0.0 <= seg.confidence <= 1.0
        previous_end = seg.end
    covered = {i for seg in segments for i in range(seg.start, seg.end)}
    letters = {i for i, ch in enumerate(text) if ch.isalpha() and ch not in string.whitespace}
    assert letters <= covered


def _with_digits(text: str, rng: random.Random) -> str:
    """`text` with each ASCII digit drawn anew."""
    return "".join(rng.choice(string.digits) if ch in string.digits else ch for ch in text)


DIGIT_NOTES = [
    "第224帧衣服太粗，请修改",
    "189프레임 머리카락 위치가 너무 높습니다. 수정해 주십시오.",
    "211コマ目頭が大きすぎます。少し小さくしてください。",
    "Frame 68: the shoulders is too thick, please redraw it.",
    "C012 眼睛位置太高了 → 눈 위치가 너무 높습니다",
    "头太大了。 C013 머리가 너무 큽니다",
    "2008年11月26日 在 1922 年",
    "千言万语 5分の1",
    "ep01 S3 C12 A1",
    "2024-01-09T10:12:00+08:00",
    "Cut 12 ครับ",
    "12 34",
    "  12 ",
    "把 layout 3 调整",
    "Fix 12　头太大了",
    "KV 4 / 眼睛太大 / 눈이 2 너무 큽니다",
    "see https://example.com/a1b2/c3 and mail x1@y2.com 7",
    "눈(眼)의 위치를 3번 調整해 주세요",
    "확인済み 12 確認済み",
]
DIGIT_NOTES += [f"{note} {n}" for n, note in enumerate(LATIN_NOTES)]
DIGIT_NOTES += [f"{n}{note[:9]}{n}{note[9:]}" for n, note in enumerate(LATIN_NOTES)]


def test_runs_depend_on_where_digits_are_not_which():
    """A short note's runs are cached under its digits written as 0 (segment._segments): every note gets the runs
    of the same note with other digits, whatever language its runs are told by (langdetect too)."""
    from analyzer.segment import _NONZERO_DIGIT, _segment
    from analyzer.segment.scripts import OPENING, SEPARATORS
    from analyzer.segment.variant import _forms

    assert all(set(string.digits).isdisjoint(chars) for chars in (*_forms(), SEPARATORS, OPENING))
    rng = random.Random(5)
    for text in DIGIT_NOTES:
        for hint in (None, "ja"):
            expected = _segment(text, hint)
            langdetect_best.cache_clear()
            assert _segment(_NONZERO_DIGIT.sub("0", text), hint) == expected, text
            for _ in range(3):
                assert _segment(_with_digits(text, rng), hint) == expected, text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(NOTE_ALPHABET, st.sampled_from(list("0123456789 Frame colour"))), max_size=40).map("".join))
def test_generated_notes_segment_the_same_with_other_digits(text):
    from analyzer.segment import _NONZERO_DIGIT, _segment

    for hint in (None, "ja"):
        assert _segment(_NONZERO_DIGIT.sub("0", text), hint) == _segment(text, hint)
