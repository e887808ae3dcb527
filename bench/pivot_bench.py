"""The relay chain's first hop (English note -> Chinese note) with jieba's word boundaries: F1 and jieba's memory.

    .venv/bin/python bench/pivot_bench.py [--notes 400]

Seeded English/Chinese instruction pairs built from bench/synthetic_dump.py's parts (a body part, a problem,
a request, a frame number), each scored against its own Chinese note, against one shuffled partner (built
from the same few parts, so it often shares a glossary term: the hard case) and against a Chinese follow-up
note that holds a glossary form inside a longer word (这个镜头保持原样: 头 inside 镜头). Prints recall, false
pairs and F1 of the translation class at PIVOT_THRESHOLD, and the RSS jieba and its dictionary add to a process.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_dump import CHINESE_ONLY  # noqa: E402
from synthetic_dump import _instruction as instruction  # noqa: E402


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=400)
    args = parser.parse_args()
    from analyzer.align.pivot import PIVOT_THRESHOLD, en_zh_score
    from analyzer.engines.chinese import tokenizer

    rng = random.Random(7)
    pairs = [instruction(rng)[::2] for _ in range(args.notes)]  # (zh, en)
    shuffled = [zh for zh, _ in pairs]
    rng.shuffle(shuffled)
    decoys = [rng.choice(CHINESE_ONLY).format(n=rng.randint(1, 240)) for _ in range(args.notes)]
    before = _rss_mb()
    tokenizer()
    after = _rss_mb()
    true_pos = false_neg = false_pos = 0
    for (zh, en), other, decoy in zip(pairs, shuffled, decoys):
        hit = en_zh_score(en, zh).probability >= PIVOT_THRESHOLD
        true_pos, false_neg = true_pos + hit, false_neg + (not hit)
        false_pos += en_zh_score(en, other).probability >= PIVOT_THRESHOLD and other != zh
        false_pos += en_zh_score(en, decoy).probability >= PIVOT_THRESHOLD
    f1 = 2 * true_pos / (2 * true_pos + false_neg + false_pos)
    print(f"{args.notes} English/Chinese pairs, each against a shuffled partner and a decoy note")
    print(f"  recall {true_pos / args.notes:.3f}  false pairs {false_pos}  F1 {f1:.4f}")
    print(f"  jieba with its dictionary (models/jieba/ trie): {after - before:.0f} MB of RSS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
