"""The North Korean vocabulary tables in models/dprk/, loaded once per process."""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.resources import prepared, read_tsv, table


@dataclass(frozen=True, slots=True)
class Entry:
    """One NK form: its kind (word, loanword, no-saisiot, institution), South Korean form, meaning, source."""

    kind: str
    form: str
    sk_form: str
    meaning: str
    source: str


@table
def entries() -> dict[str, Entry]:
    """NK form -> entry, documented word pairs first (they win over generated rows)."""
    excluded = {row[0] for row in read_tsv("dprk", "lexicon-exclude.tsv")}
    table: dict[str, Entry] = {}
    for row in read_tsv("dprk", "words.tsv"):
        kind, form, sk_form, meaning, source = row[:5]
        table[form] = Entry(kind, form, sk_form, meaning, f"models/dprk/words.tsv ({source})")
    for row in read_tsv("dprk", "nk-handic.tsv"):
        kind, form, sk_form, source = row[:4]
        if kind in ("word", "institution") and form not in excluded and form not in table:
            meaning = f"NK form of '{sk_form}'" if sk_form else "North Korean institution"
            table[form] = Entry(kind, form, sk_form, meaning, f"models/dprk/nk-handic.tsv ({source}, BSD-3-Clause)")
    return table


@table
@prepared(("dprk", "nk-handic.tsv"))
def yeo_stems() -> frozenset[str]:
    """Verb and adjective stems ending in ㅣ ㅐ ㅔ ㅚ ㅟ ㅢ, after which NK writes -여/-였 (NK-HanDic)."""
    return frozenset(row[1] for row in read_tsv("dprk", "nk-handic.tsv") if row[0] == "yeo-stem")


@table
def yeo_nouns() -> frozenset[str]:
    """Forms ending in 여 after such a syllable that are standard South Korean (기여, 끼여)."""
    return frozenset(row[0] for row in read_tsv("dprk", "yeo-nouns.tsv"))


@table
def initial_rl_words() -> dict[str, str]:
    """North Korean words keeping an initial ㄹ/ㄴ -> their South Korean spelling (로동 -> 노동), for the words
    Komoran reads as nouns of their own (models/dprk/initial-rl.tsv, scripts/build_initial_rl.py)."""
    return {row[0]: row[1] for row in read_tsv("dprk", "initial-rl.tsv")}
