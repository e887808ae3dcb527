"""Public Chinese-Korean dev data beyond FLORES, read in place from a checkout of Helsinki-NLP/OPUS-MT-testsets.

Fetch step (once, on a connected machine; nothing of it is committed here):
    git clone --depth 1 https://github.com/Helsinki-NLP/OPUS-MT-testsets ../OPUS-MT-testsets
then pass `--testsets ../OPUS-MT-testsets` to bench/align_bench.py and bench/calibrate_pairs.py (or set
ANALYZER_TESTSETS). What is read:
- short conversational pairs: Tatoeba test sets kor-zho (every release, duplicates dropped; Mandarin and
  Cantonese, Simplified and Traditional), plus the zho and kor sentences that translate the same English
  sentence in the eng-zho and eng-kor Tatoeba sets (Mandarin only). Tatoeba sentences are CC BY 2.0 FR.
- news documents: NTREX-128 (newstest2019 references, Korean and Simplified Chinese, 123 documents with their
  own sentence order; Microsoft, CC BY-SA 4.0).
Splits are fixed by hashing (a pair by its Chinese side, a document by its id): `dev` is fitted on, `test` is only
ever measured. Only fitted numbers derived from the dev halves are kept in models/.
"""

from __future__ import annotations

import hashlib
import os
import random
from dataclasses import dataclass
from pathlib import Path

TATOEBA = "testsets/kor-zho"
PIVOT = ("testsets/eng-zho", "testsets/eng-kor")
NTREX = "datasets/microsoft/ntrex/NTREX"
MANDARIN = ("cmn_Hans", "cmn_Hant", "cmn")


@dataclass(frozen=True)
class ShortPair:
    zh: str
    ko: str
    variety: str  # Tatoeba label of the Chinese side: cmn_Hans, cmn_Hant, yue_Hans, yue_Hant


def testsets_path(given: str | Path | None = None) -> Path | None:
    """The OPUS-MT-testsets checkout: the argument, else $ANALYZER_TESTSETS; None when neither exists."""
    for candidate in (given, os.environ.get("ANALYZER_TESTSETS")):
        if candidate and (Path(candidate) / TATOEBA).is_dir():
            return Path(candidate)
    return None


def half(key: str) -> str:
    """'dev' or 'test', fixed by a hash of the key (stable across runs, machines and Python versions)."""
    return "dev" if hashlib.sha1(key.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def _releases(folder: Path, lang: str) -> list[Path]:
    return sorted(p for p in folder.glob(f"tatoeba-test-v*.{lang}") if not p.name.endswith(".labels"))


def short_pairs(root: Path, split: str) -> list[ShortPair]:
    """Short conversational Chinese-Korean pairs of one split ('dev' or 'test'), in a fixed order."""
    found: dict[tuple[str, str], str] = {}
    folder = root / TATOEBA
    for zh_file in _releases(folder, "zho"):
        ko_file = zh_file.with_suffix(".kor")
        labels = _lines(zh_file.with_name(zh_file.name + ".labels"))
        for zh, ko, label in zip(_lines(zh_file), _lines(ko_file), labels):
            if zh and ko and "Latn" not in label:
                found.setdefault((zh, ko), label)
    zh_of: dict[str, set[tuple[str, str]]] = {}
    ko_of: dict[str, set[str]] = {}
    for side, lang, table in ((PIVOT[0], "zho", zh_of), (PIVOT[1], "kor", ko_of)):
        for file in _releases(root / side, lang):
            english = _lines(file.with_suffix(".eng"))
            labels = _lines(file.with_name(file.name + ".labels")) if lang == "zho" else None
            for k, (en, text) in enumerate(zip(english, _lines(file))):
                if lang == "zho":
                    if labels and labels[k] in MANDARIN:
                        table.setdefault(en, set()).add((text, labels[k]))
                else:
                    table.setdefault(en, set()).add(text)
    for en in sorted(zh_of.keys() & ko_of.keys()):
        for zh, label in sorted(zh_of[en]):
            for ko in sorted(ko_of[en]):
                found.setdefault((zh, ko), label)
    return [ShortPair(zh, ko, label) for (zh, ko), label in sorted(found.items()) if half(zh) == split]


@dataclass(frozen=True)
class NewsDocument:
    doc_id: str
    zh: list[str]
    ko: list[str]  # line-aligned with zh: sentence k translates sentence k


def news_documents(root: Path, split: str) -> list[NewsDocument]:
    """NTREX-128 documents of one split, each its Chinese and Korean sentences in their own order."""
    base = root / NTREX
    ids = _lines(base / "DOCUMENT_IDS.tsv")
    zh = _lines(base / "NTREX-128" / "newstest2019-ref.zho_Hans.txt")
    ko = _lines(base / "NTREX-128" / "newstest2019-ref.kor.txt")
    docs: dict[str, NewsDocument] = {}
    for doc_id, z, k in zip(ids, zh, ko):
        if z and k:
            docs.setdefault(doc_id, NewsDocument(doc_id, [], [])).zh.append(z)
            docs[doc_id].ko.append(k)
    return [d for d in docs.values() if half(d.doc_id) == split]


def shuffled_partners(zh: list[str], ko: list[str], per_true: int, seed: int) -> list[tuple[int, int]]:
    """`per_true` wrong partners (i, j) for each pair i, seeded: never a pair whose Chinese or Korean side is the
    same text as pair i's (Tatoeba repeats sentences with other translations)."""
    rng = random.Random(seed)
    partners = []
    for i in range(len(zh)):
        for _ in range(per_true):
            j = rng.randrange(len(zh))
            while zh[j] == zh[i] or ko[j] == ko[i]:
                j = rng.randrange(len(zh))
            partners.append((i, j))
    return partners


def pair_sets(root: Path, split: str) -> dict[str, tuple[list[str], list[str]]]:
    """The split's pair sets by name: 'short' (Tatoeba), 'news' (NTREX sentences), as (Chinese, Korean) lists."""
    short = short_pairs(root, split)
    docs = news_documents(root, split)
    return {
        "short": ([p.zh for p in short], [p.ko for p in short]),
        "news": ([z for d in docs for z in d.zh], [k for d in docs for k in d.ko]),
    }
