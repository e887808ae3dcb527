"""The dialect calibration and evaluation data (read in place, never copied) and its fit / held-out split.

- nk-sk-news-dev (../shared/data): the same 1,000 news sentences in South (ko) and North (nk) Korean norms,
  CC BY-NC-ND: evaluation and calibration only. Sentences 0-499 fit, 500-999 are held out.
- nk-speeches (../shared/data, CC0): NK New Year addresses, the original text only (not the SK commentary).
- flores200-dev Korean (../shared/data, CC BY-SA 4.0): South Korean prose.
- KPC, the Korean Unification Parallel Corpus (Handong AI Lab, github.com/nth221/KoreanUnificationParallelCorpus,
  GNU FDL 1.3): North Korean editions of novels and the Bible beside South Korean ones, `data/experimental/
  kpc-test.tsv`. Pairs whose NK sentence hashes even fit, odd ones are held out (an NK sentence repeats
  beside several SK editions; hashing keeps it on one side). Read from $ANALYZER_KPC_TSV, or from a
  `fetch`ed mirror of the repository; without it the literary figures are left out.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import zlib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared/data beside the checkout (or beside its worktrees folder), or $ANALYZER_SHARED_DATA.
DATA = next(
    (
        p
        for p in (
            Path(os.environ.get("ANALYZER_SHARED_DATA", ROOT.parent / "shared" / "data")),
            ROOT.parent.parent / "shared" / "data",
        )
        if p.is_dir()
    ),
    ROOT.parent / "shared" / "data",
)
KPC_ENV = "ANALYZER_KPC_TSV"
KPC_MIRROR = Path("/work/.mirror/nth221+KoreanUnificationParallelCorpus/repo")
SPLIT = 500
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_CLAUSE_END = re.compile(r"(?<=[,.!?])\s+")


def news(side: str) -> list[str]:
    """`ko` (South Korean norms) or `nk` (the same sentences in North Korean norms)."""
    name = "korean-english-park.dev.ko" if side == "ko" else "northkorean-english.dev.nk"
    lines = (DATA / "nk-sk-news-dev" / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines]


def speech_sentences(limit_per_file: int = 40) -> list[str]:
    out: list[str] = []
    for path in sorted((DATA / "nk-speeches").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "원 문" in text:  # files with an SK commentary (해제) before the original (원문)
            text = text.split("원 문", 1)[1]
        sentences = [re.sub(r"\s+", " ", s).strip() for s in _SENTENCE_END.split(text)]
        out.extend([s for s in sentences if 20 <= len(s) <= 300][:limit_per_file])
    return out


def flores_korean() -> list[str]:
    """FLORES-200 dev Korean (CC BY-SA 4.0): South Korean prose, CSV-style doubled quotes undone."""
    lines = (DATA / "flores200-dev" / "kor_Hang.dev").read_text(encoding="utf-8").splitlines()
    return [line.replace('""', '"') for line in lines]


@cache
def _kpc_rows() -> tuple[tuple[str, str], ...]:
    configured = os.environ.get(KPC_ENV)
    if configured:
        text = Path(configured).read_text(encoding="utf-8")
    elif KPC_MIRROR.is_dir():
        shown = subprocess.run(
            ["git", "-C", str(KPC_MIRROR), "show", "HEAD:data/experimental/kpc-test.tsv"],
            capture_output=True,
            check=False,
        )
        text = shown.stdout.decode("utf-8") if shown.returncode == 0 else ""
    else:
        text = ""
    rows = []
    for line in text.splitlines()[1:]:  # a header row: nk, sk
        nk, _, sk = line.partition("\t")
        if nk.strip() and sk.strip():
            rows.append((nk.strip(), sk.strip()))
    return tuple(rows)


def literature(held_out: bool) -> tuple[list[str], list[str]]:
    """(NK sentences, SK sentences) of the KPC fit half or held-out half, each sentence once; ([], []) without
    the corpus."""
    north: dict[str, None] = {}
    south: dict[str, None] = {}
    for nk, sk in _kpc_rows():
        if zlib.crc32(nk.encode("utf-8")) % 2 == held_out:
            north[nk] = None
            south[sk] = None
    return list(north), list(south)


def has_literature() -> bool:
    return bool(_kpc_rows())


def clauses(sentence: str) -> list[str]:
    """A sentence cut after its commas and stops: the length of an editing note."""
    return [part.strip() for part in _CLAUSE_END.split(sentence) if part.strip()]


def delivery(north: list[str], south: list[str], files: int = 200, seed: int = 21) -> list[tuple[bool, list[str]]]:
    """A generated delivery: `files` notes files, half written to North Korean norms (notes drawn from `north`),
    half to South Korean ones, each of 1-6 notes; a note is a sentence or, one time in two, one of its clauses.
    Returns (is North Korean, notes) per file, seeded."""
    rng = random.Random(seed)
    out = []
    for index in range(files):
        is_north = index % 2 == 0
        pool = north if is_north else south
        notes = []
        for _ in range(rng.randint(1, 6)):
            sentence = rng.choice(pool)
            notes.append(rng.choice(clauses(sentence)) if rng.random() < 0.5 else sentence)
        out.append((is_north, notes))
    return out


def auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    ranked = sorted([(p, 1) for p in positives] + [(n, 0) for n in negatives])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mid = (i + j + 1) / 2  # average 1-based rank of the tie block
        rank_sum += mid * sum(label for _, label in ranked[i:j])
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def tpr_at_fpr(positives: list[float], negatives: list[float], fpr: float = 0.01) -> float:
    """Share of positives scoring above the score that at most `fpr` of the negatives exceed."""
    ranked = sorted(negatives, reverse=True)
    allowed = int(fpr * len(ranked))
    cut = ranked[allowed] if allowed < len(ranked) else float("-inf")
    return sum(p > cut for p in positives) / len(positives)


def documents(sentences: list[str], size: int = 10) -> list[str]:
    return [" ".join(sentences[i : i + size]) for i in range(0, len(sentences) - size + 1, size)]
