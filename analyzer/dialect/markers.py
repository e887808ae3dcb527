"""North Korean spelling markers in Korean text, each with its kind and character offsets.

Surface markers (≪≫ quotes, NK loanwords and words, missing 사이시옷) need no
tagger; -여/-였, names beside the initial ㄹ/ㄴ rule and the spacing rules use Komoran,
started only when the text has Hangul.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import attrgetter

from analyzer.dialect.vocabulary import entries, initial_rl_words, yeo_nouns, yeo_stems
from analyzer.engines.korean import EngineUnavailable, komoran  # importing starts no JVM: the first line does
from analyzer.engines.spacy_pipelines import korean_word_morphemes
from analyzer.text.hangul import compose_syllable, syllable_parts
from analyzer.text.scripts import HAS_HANGUL_SYLLABLE

WORD = re.compile(r"[0-9A-Za-z가-힣]+")
_SPACED = re.compile(r"\S+")
_SPACE = re.compile(" ")
# ≪≫ (U+226A/B) is the North Korean quotation mark. 《》 (U+300A/B) quotes in NK print too, but South Korean
# norms use it for titles (《토지》) and Chinese for book titles: it counts as NK only around a quoted sentence.
NK_QUOTES = re.compile(r"≪[^≪≫]*[가-힣][^≪≫]*≫")
ANGLE_QUOTES = re.compile(r"《[^《》]*[가-힣][^《》]*》")
QUOTED_SENTENCE = re.compile(r"[.!?。！？]\s*》$")  # 《모든 것을 전선을 위하여!》: a slogan, not a title
YEO_VOWELS = frozenset({20, 1, 5, 11, 16, 19})  # ㅣ ㅐ ㅔ ㅚ ㅟ ㅢ
# After a noun the syllable 여 is part of the noun (기여를); after a verb stem these never follow -여.
NOUN_FOLLOWERS = frozenset("하를는가의에와로도이")
# Initial-sound rule (두음법칙): the South Korean spelling of a word-initial ㄹ/ㄴ syllable, by vowel.
L_TO_N = frozenset({0, 1, 8, 11, 13, 18})  # ㅏ ㅐ ㅗ ㅚ ㅜ ㅡ: ㄹ -> ㄴ
TO_SILENT = frozenset({2, 6, 7, 12, 17, 20})  # ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ: ㄹ/ㄴ -> ㅇ
_CLOSING = frozenset("!,.?…~!?,.」』\"'")  # after a vocative: 그대여! 그대여, ...
NK_SURNAMES = frozenset("리류라로량렴룡림려륙뢰")  # 李 柳 羅 盧 梁 廉 龍 林 呂 陸 雷: 이 유 나 노 양 ... in the South
COUNTING_WORDS = frozenset(["몇", "한", "두", "세", "네", "다섯", "여러", "수", "십", "백", "천", "만", "억"])
DEPENDENT_NOUNS = frozenset(
    [
        "것",
        "수",
        "데",
        "바",
        "줄",
        "뿐",
        "만큼",
        "듯",
        "척",
        "체",
        "채",
        "터",
        "지",
        "따름",
        "대로",
        "때문",
        "나름",
        "무렵",
    ]
)
# Nouns of time after an adnominal ending, which South Korean norms space like dependent nouns (할 때, 간 적).
TIME_NOUNS = frozenset(["때", "적", "중", "동안", "후", "전", "다음", "뒤", "순간"])
# Nouns of place and time after a noun (카메라 앞, 침묵 속, 그 후, 1년 동안): spaced in South Korean norms,
# attached in North Korean ones (카메라앞에서, 침묵속에서, 그후).
POSITION_NOUNS = frozenset(
    ["앞", "뒤", "속", "안", "밖", "위", "밑", "옆", "곁", "사이", "가운데", "중", "후", "전", "동안", "간"]
    + ["때", "끝"]
)
NOMINAL_TAGS = frozenset(["NNG", "NNP", "NNB", "NP", "NR", "SN", "MM"])
# Morphemes that carry content (nouns, numerals, predicates, adverbs, determiners, foreign words), not endings.
CONTENT_TAGS = frozenset(["NNG", "NNP", "NNB", "NP", "NR", "VV", "VA", "VX", "MAG", "MM", "XR", "SN", "SL", "SH"])
# -고 있다, -지 않다, -게 되다: South Korean norms always space these; -아/어 + auxiliary may be written either way.
STRICT_AUXILIARIES = {"고": {"있", "싶", "말", "나"}, "지": {"않", "못", "말"}, "게": {"되", "하"}}
# -어 주다/드리다 attached is how South Korean notes ask (옮겨주세요, 부탁드립니다), and -어지다 is written attached
# in both norms: these say nothing about the norm and count neither way, nor as content of a word.
REGISTER_AUXILIARIES = frozenset(["주", "드리", "지"])
STRONG_KINDS = frozenset({"nk-quotes", "nk-loanword", "nk-word", "nk-institution", "initial-rl", "yeo-ending"})
KIND_OF_ENTRY = {
    "word": "nk-word",
    "loanword": "nk-loanword",
    "no-saisiot": "no-saisiot",
    "institution": "nk-institution",
}


@dataclass(frozen=True, slots=True)
class Marker:
    kind: str
    text: str
    start: int
    end: int
    note: str = ""  # the South Korean form or the reason, for a reviewer

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end}
        if self.note:
            out["note"] = self.note
        return out


def south_initial(syllable: str) -> str | None:
    """The South Korean spelling of a word-initial syllable under the initial-sound rule, or None."""
    parts = syllable_parts(syllable)
    if parts is None:
        return None
    initial, vowel, final = parts
    if initial == 5 and vowel in L_TO_N:  # ㄹ
        return compose_syllable(2, vowel, final)
    if initial in (5, 2) and vowel in TO_SILENT:  # ㄹ, ㄴ
        return compose_syllable(11, vowel, final)
    return None


def surface_markers(text: str) -> list[Marker]:
    """Markers found without a tagger."""
    return list(_surface_markers(text))


@lru_cache(maxsize=1024)  # the orthography and lexicon rules both read each Korean run
def _surface_markers(text: str) -> tuple[Marker, ...]:
    found: list[Marker] = []
    if "≪" in text:
        found += [Marker("nk-quotes", m.group(), m.start(), m.end()) for m in NK_QUOTES.finditer(text)]
    if "《" in text:
        for m in ANGLE_QUOTES.finditer(text):
            if QUOTED_SENTENCE.search(m.group()):
                found.append(Marker("nk-quotes", m.group(), m.start(), m.end(), "《》 around a quoted sentence"))
            else:  # a title in South Korean norms; shown beside other evidence, never evidence alone
                note = "《》 also marks titles in South Korea"
                found.append(Marker("angle-quotes", m.group(), m.start(), m.end(), note))
    table, sizes_of = entries(), _entry_sizes()
    for word in WORD.finditer(text):
        token = word.group()
        sizes = sizes_of.get(token[:2])
        if sizes is None:
            continue  # no form of two letters or more starts so: most words
        for size in sizes:  # the longest form starting the word
            entry = table.get(token[:size]) if size <= len(token) else None
            if entry is not None:
                note = f"{entry.sk_form} in South Korean" if entry.sk_form else entry.meaning
                found.append(Marker(KIND_OF_ENTRY[entry.kind], token[:size], word.start(), word.start() + size, note))
                break
    return tuple(found)


@cache
def _entry_sizes() -> dict[str, tuple[int, ...]]:
    """The first two letters of each NK form of two letters or more -> the lengths of the forms starting so, longest
    first: a word starting otherwise holds none at its start, and a form at a word's start has one of these lengths
    (tests/test_dialect.py holds this to trying every length from the longest form's down)."""
    sizes: dict[str, set[int]] = {}
    for form in entries():
        if len(form) >= 2:
            sizes.setdefault(form[:2], set()).add(len(form))
    return {head: tuple(sorted(found, reverse=True)) for head, found in sizes.items()}


def _yeo_markers(token: str, offset: int, closes: bool = False) -> list[Marker]:
    """-여/-였 where South Korean writes -어/-었; `closes` when a mark or the end of the text follows the word."""
    stems, nouns = yeo_stems(), yeo_nouns()
    out: list[Marker] = []
    for i in range(1, len(token)):
        if token[i] not in "여였":
            continue
        parts = syllable_parts(token[i - 1])
        if parts is None or parts[2] or parts[1] not in YEO_VOWELS:
            continue
        after = token[i + 1 : i + 2]
        is_honorific = token[i - 1] == "시" and i >= 2  # 하시였다, 이끄시였다
        # The stem starts the word (되였다, 가지였다), or is the verb-forming 되- (리용되였다); a one-syllable
        # stem inside a word is usually a noun plus the copula (상태였다, 때였다), standard South Korean.
        is_stem = (
            token[:i] in stems
            or token[i - 1] == "되"
            or any(len(token[j:i]) >= 2 for j in range(i) if token[j:i] in stems)
        )
        if not (is_honorific or is_stem) or token[: i + 1] in nouns:
            continue
        if i == 1 and _tags(token)[:1] and _tags(token)[0][1] == "NNG":
            continue  # 때였다, 개였다: a one-syllable noun and the copula, not the verb 때다/개다
        if token[i] == "여" and after in NOUN_FOLLOWERS - {"도"}:
            continue
        if _noun_then_copula(token, i, closes):
            continue
        sk = "어" if token[i] == "여" else "었"
        out.append(Marker("yeo-ending", token[: i + 1], offset, offset + i + 1, f"-{sk} in South Korean"))
    return out


def _noun_then_copula(token: str, i: int, closes: bool) -> bool:
    """Standard South Korean 여/였 after a noun: the vocative (형제들이여, 왕이시여; 그대여 before a mark or at the
    end, where `closes`) and the copula's contraction (마찬가지였다, 처지였다: 이었 after a vowel). The verb-forming
    되- and the honorific 시 are never nouns here (되였다, 하시였다), nor is a noun before an auxiliary (개여 놓다)."""
    if token[i] == "여":
        if i + 1 < len(token):
            return False  # the vocative ends the word
        if token.endswith(("이여", "이시여")) and i >= 2:
            return True
        if not closes or token[i - 1] in "되시":
            return False
    elif token[i - 1] in "되시":
        return False
    prefix = _tags(token[:i])
    return len(prefix) == 1 and prefix[0][1] in ("NNG", "NNP", "NNB", "NP")


@lru_cache(maxsize=65536)
def _tags(word: str) -> tuple[tuple[str, str], ...]:
    return tuple(tag for _, _, _, tags in eojeols(word) for tag in tags)


Eojeols = tuple[tuple[int, int, str, tuple[tuple[str, str], ...]], ...]


@lru_cache(maxsize=1024)  # a few KB a line: the rules read a line within a few lines of each other
def eojeols(line: str) -> Eojeols:
    """(start, end, text, morphemes) per space-separated word of `line`, from the Korean pipeline's tokens
    (spacy_pipelines.korean_pieces: one Komoran call per line, contractions kept with their morphemes; each piece's
    morphemes with the word it starts in, as korean_word_morphemes groups them)."""
    texts = _SPACED.findall(line)
    if not texts:
        return ()
    normalized = " ".join(texts)
    try:
        grouped = korean_word_morphemes(normalized, texts)
    except Exception as err:  # noqa: BLE001 - a tagger failure on odd input must not stop a scan
        if isinstance(err, EngineUnavailable):  # no Java: the report must say what it could not look for
            from analyzer.notices import missing

            missing("korean-morphology", str(err))
        return tuple((w.start(), w.end(), w.group(), ()) for w in _SPACED.finditer(line))
    if normalized == line:  # the words stand one space apart (most lines): where each starts follows from them
        found, at = [], 0
        for text, group in zip(texts, grouped):
            found.append((at, at + len(text), text, tuple(group)))
            at += len(text) + 1
        return tuple(found)
    return tuple((w.start(), w.end(), w.group(), tuple(g)) for w, g in zip(_SPACED.finditer(line), grouped))


def _initial_rl(token: str, offset: int) -> Marker | None:
    """The initial-sound rule left unapplied: a word of models/dprk/initial-rl.tsv at the start of `token` (the
    table names the spellings, since Komoran's dictionary holds many North Korean forms as nouns: 로동신문)."""
    if south_initial(token[0]) is None:
        return None
    listed = initial_rl_words()
    for size in range(min(len(token), 4), 1, -1):
        if token[:size] in listed:
            if _personal_name(token):
                return None  # a name (리상호: 이상호), which ethnic Koreans in China spell so too
            note = f"{listed[token[:size]]} in South Korean"
            return Marker("initial-rl", token[:size], offset, offset + size, note)
    return None


def _personal_name(token: str) -> bool:
    """A three-syllable word starting with a surname that Komoran reads, in South Korean spelling, as a name."""
    south = south_initial(token[0])
    return (
        len(token) == 3
        and token[0] in NK_SURNAMES
        and south is not None
        and _tags(south + token[1:]) == ((south + token[1:], "NNP"),)
    )


def _last(tags: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    content = [t for t in tags if not t[1].startswith("S")]
    return content[-1] if content else ("", "")


def _spacing_kind(prev: tuple[str, str], first: tuple[str, str]) -> str:
    """What joins two morphemes: the kind of an attached (or, between words, detached) construction."""
    (prev_form, prev_tag), (form, tag) = prev, first
    if prev_tag == "ETM" and (tag == "NNB" and form in DEPENDENT_NOUNS or tag == "NNG" and form in TIME_NOUNS):
        return "attached-dependent-noun"
    if form == "때문" and prev_tag in ("NNG", "NNP", "NP"):  # 결함때문에: South Korean norms space 결함 때문에
        return "attached-dependent-noun"
    # A one-syllable noun before it is more often a piece of a foreign name the tagger cut up (므/후/야엘).
    if (
        form in POSITION_NOUNS
        and tag in ("NNG", "NNP", "NNB")
        and prev_tag in NOMINAL_TAGS - {"SN", "NR"}  # 3위: a rank after a number, not 위 'above'
        and (len(prev_form) >= 2 or prev_tag in ("MM", "NP"))
    ):
        return "attached-position"
    if tag == "VX" and prev_tag == "EC" and form not in REGISTER_AUXILIARIES:
        strict = form in STRICT_AUXILIARIES.get(prev_form, ())
        return "attached-auxiliary" if strict else "attached-auxiliary-loose"
    if tag in ("NNG", "NNB") and prev_tag in ("SN", "NR"):
        return "attached-unit"
    if tag == "NNB" and prev_tag == "MM" and (prev_form, form) != ("한", "번"):  # 몇분, 두명 (한번 is a word)
        return "attached-counter"
    if (
        tag in ("NNG", "NNP")
        and len(form) >= 2
        and (prev_tag == "XSN" or prev_tag in ("NNG", "NNP") and len(prev_form) >= 2)
    ):
        return "attached-compound"  # 국립연구소, 기계적결함
    return ""


def _final_rieul(syllable: str) -> bool:
    parts = syllable_parts(syllable)
    return parts is not None and parts[2] == 8  # ㄹ: the adnominal -ㄹ of 할, 갈, 그릴


def _su_before_auxiliary(word: str, previous: str, following: str) -> str:
    """Komoran reads some -ㄹ 수 forms as nouns (갈수 'dry season', 그릴 'grill'); before 있다/없다 the surface form
    decides: "attached" for 갈수 있다, "detached" for 그릴 수 있다, "" when it is not that construction."""
    if not following.startswith(("있", "없")):
        return ""
    if len(word) >= 2 and word.endswith("수") and _final_rieul(word[-2]):
        return "attached"
    if word == "수" and previous and _final_rieul(previous[-1]):
        return "detached"
    return ""


Tags = tuple[tuple[str, str], ...]


# The tags a word's first morpheme needs for _spacing_kind to join it to what comes before (or 때문 as its form):
# between words, a word starting otherwise (a verb, an adverb, a symbol: nearly half of them) skips that call.
# tests/test_dialect.py holds this against _spacing_kind for every tag and form it reads.
JOINING_TAGS = frozenset({"NNB", "NNG", "NNP", "VX"})


@lru_cache(maxsize=16384)  # words repeat far more than lines
def _word_reading(
    word: str, tags: Tags
) -> tuple[int, int, str, tuple[str, ...], int, bool, tuple[str, str], bool, bool]:
    """What spacing reads of one word on its own: where its core (the word without the punctuation around it)
    starts and ends in it and its text, the attached constructions between its morphemes, its content
    morphemes, whether it holds a Hangul syllable, its last morpheme that is not a symbol, and whether its first
    morpheme may join the word before (_spacing_kind) and is a particle."""
    core = WORD.search(word)
    start, end, core_text = (core.start(), core.end(), core.group()) if core else (0, len(word), word)
    kinds = tuple(kind for index in range(1, len(tags)) if (kind := _spacing_kind(tags[index - 1], tags[index])))
    syllable = HAS_HANGUL_SYLLABLE.search(word) is not None
    content = sum(1 for form, tag in tags if tag in CONTENT_TAGS and form not in REGISTER_AUXILIARIES)
    joins = bool(tags) and (tags[0][1] in JOINING_TAGS or tags[0][0] == "때문")
    particle = bool(tags) and tags[0][1].startswith("J")
    return start, end, core_text, kinds, content, syllable, _last(tags), joins, particle


def spacing(text: str, words: Eojeols | None = None) -> tuple[list[Marker], dict[str, int]]:
    """Attached constructions as markers, and counts of both attached and detached ones for the score, with the
    content morphemes of the Korean words and how many words hold two or more. `words`: eojeols(text), when the
    caller has it already."""
    markers: list[Marker] = []
    counts: dict[str, int] = {}
    words = eojeols(text) if words is None else words
    last_of_previous: tuple[str, str] | None = None  # of the word before, when it has morphemes
    for position, (start, _, word, tags) in enumerate(words):
        core_start, core_end, core_text, kinds, content, syllable, last, joins, particle = _word_reading(word, tags)
        span = (start + core_start, start + core_end)
        after = words[position + 1][2] if position + 1 < len(words) else ""
        surface = ""
        if after.startswith(("있", "없")):
            surface = _su_before_auxiliary(core_text, words[position - 1][2] if position else "", after)
        if last_of_previous is not None and tags:
            kind = _spacing_kind(last_of_previous, tags[0]) if joins else ""
            if kind or surface == "detached":
                detached = (kind or "attached-dependent-noun").replace("attached-", "detached-")
                counts[detached] = counts.get(detached, 0) + 1
            if particle:
                counts["detached-particle"] = counts.get("detached-particle", 0) + 1
        for kind in kinds:
            counts[kind] = counts.get(kind, 0) + 1
            markers.append(Marker(kind, core_text, *span))
        if surface == "attached" and "attached-dependent-noun" not in kinds:
            counts["attached-dependent-noun"] = counts.get("attached-dependent-noun", 0) + 1
            markers.append(Marker("attached-dependent-noun", core_text, *span, "-ㄹ 수 in South Korean"))
        if syllable:  # how much a word holds: attached words hold more
            counts["content-morphemes"] = counts.get("content-morphemes", 0) + content
            counts["multi-content-words"] = counts.get("multi-content-words", 0) + (content >= 2)
        last_of_previous = last if tags else None
    return markers, counts


def morphology_markers(text: str) -> list[Marker]:
    """-여/-였 and the initial-sound rule (Komoran on the word and on its South Korean spelling)."""
    if not HAS_HANGUL_SYLLABLE.search(text) or not _worth_reading().search(text):
        return []  # no word the loop below reads (most texts)
    found: list[Marker] = []
    rl_initials = _rl_initials()
    for word in WORD.finditer(text):
        token = word.group()
        # What _yeo_markers looks for (여/였 after the first syllable) or the initial-sound rule may have changed; a
        # word with neither holds nothing here (and either is a Hangul syllable: most words are skipped so).
        yeo = token.find("여", 1) > 0 or token.find("였", 1) > 0
        if not yeo and token[0] not in rl_initials:
            continue
        if yeo:
            following = text[word.end() : word.end() + 1]
            closes = not following.strip() and word.end() == len(text.rstrip())
            found.extend(_yeo_markers(token, word.start(), closes or following in _CLOSING))
        if token[0] not in rl_initials:
            continue  # no initial ㄹ/ㄴ for the initial-sound rule to have changed
        before = text[: word.start()].rstrip()
        if before[-1:].isdigit() or (before.rsplit(None, 1) or [""])[-1] in COUNTING_WORDS:
            continue  # 10 년간, 몇 년간: a counter after a number, not a word-initial syllable
        marker = _initial_rl(token, word.start())
        if marker is not None:
            found.append(marker)
    return found


@cache
def _rl_initials() -> frozenset[str]:
    """The syllables that south_initial changes: initial ㄹ or ㄴ (2 and 5) with any vowel and final."""
    return frozenset(
        syllable
        for initial in (2, 5)
        for vowel in range(21)
        for final in range(28)
        if south_initial(syllable := compose_syllable(initial, vowel, final)) is not None
    )


@cache
def _worth_reading() -> re.Pattern[str]:
    """Where morphology_markers has a WORD to read: 여 or 였 after a word's first letter, or a word starting with a
    syllable of _rl_initials (each a letter of WORD)."""
    letter = WORD.pattern[:-1]  # one letter of a WORD
    return re.compile(f"(?<={letter})[여였]|(?<!{letter})[{''.join(sorted(_rl_initials()))}]")


def find_markers(text: str) -> tuple[list[Marker], dict[str, int]]:
    """Every marker in `text` in order of position, and the spacing counts behind the score."""
    return markers_from(text, tagging(text))


Tagging = tuple[list[Marker], Eojeols]
_BY_POSITION = attrgetter("start", "end", "kind")  # (m.start, m.end, m.kind)


def tagging(text: str) -> Tagging | None:
    """What find_markers reads from the tagger for `text`: its morphology markers and eojeols (None without Hangul)."""
    return _tagged(text) if HAS_HANGUL_SYLLABLE.search(text) else None


def markers_from(text: str, tagged: Tagging | None) -> tuple[list[Marker], dict[str, int]]:
    """find_markers(text), given tagging(text): a function of the text and of what the tagger gave for it alone."""
    found = surface_markers(text)
    counts: dict[str, int] = {}
    if tagged is not None:
        morphology, words = tagged
        spaced, counts = spacing(text, words)
        found += morphology + spaced
    return sorted(found, key=_BY_POSITION), counts


class _ReadAhead(threading.local):
    """What read_ahead tagged on this thread (whose history Komoran's tags depend on) for the texts find_markers is
    asked for next: (text, morphology markers, eojeols), in order."""

    def __init__(self) -> None:
        self.texts: deque[tuple[str, list[Marker], Eojeols]] = deque()


_ahead = _ReadAhead()


def read_ahead(texts: Iterable[str]) -> None:
    """Tag now, back to back, the texts that find_markers will be asked for next, in that order, and keep what the
    tagger gave for it (Komoran runs faster than in the rhythm of the rules, whose Python between two lines leaves
    its caches cold). Komoran's tags can depend on the order the calling thread tags lines in (BENCHMARKS.md), so
    the tagger's caches see exactly the calls find_markers makes, in the same order, and find_markers touches them
    no more for these texts; a text asked out of order drops what is left and is tagged as it comes."""
    _ahead.texts.clear()  # what an earlier read-ahead left is for texts that were not asked for
    korean = [text for text in texts if HAS_HANGUL_SYLLABLE.search(text)]  # find_markers tags only these
    if not korean:
        return  # no tagger to start
    try:
        komoran()
    except Exception:  # noqa: BLE001 - no tagger: find_markers says so (analyzer.notices) when a rule asks
        return
    for text in korean:
        _ahead.texts.append((text, morphology_markers(text), eojeols(text)))


def _tagged(text: str) -> tuple[list[Marker], Eojeols]:
    """morphology_markers(text) and eojeols(text): those read ahead when `text` is the next one, else now."""
    if _ahead.texts:
        ahead, morphology, words = _ahead.texts.popleft()
        if ahead == text:
            return morphology, words
        _ahead.texts.clear()
    return morphology_markers(text), eojeols(text)
