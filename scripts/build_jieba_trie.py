"""Build models/jieba/: jieba's dictionary (MIT) as a MARISA trie of its words and their frequencies.

jieba parses its 5 MB dict.txt into a dict of some 580,000 words and prefixes on first use: 0.7 s from its
marshal cache and about 67 MB in every process that segments Chinese. The trie holds the same words with a
frequency above zero, memory-mapped in milliseconds; analyzer/engines/chinese.py segments with it exactly as
jieba does with its dict (tests/test_chinese_words.py compares the two).
Usage: python scripts/build_jieba_trie.py [JIEBA_DICT]
"""

from __future__ import annotations

import array
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "models" / "jieba"


def main() -> None:
    import jieba  # the analyzer's own dependency: its version names the dictionary the trie was made from
    import marisa_trie

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(jieba.__file__).resolve().parent / "dict.txt"
    raw = source.read_bytes()
    frequency: dict[str, int] = {}
    total = 0
    for line in raw.splitlines():  # as jieba's gen_pfdict reads it: a later line of a word wins, all lines count
        word, count = line.strip().decode("utf-8").split(" ")[:2]
        frequency[word] = int(count)
        total += int(count)
    words = [word for word, count in frequency.items() if count > 0]  # jieba's DAG skips words of frequency 0
    trie = marisa_trie.Trie(words)
    counts = array.array("I", bytes(4 * len(trie)))
    for word in words:
        counts[trie.key_id(word)] = frequency[word]
    if sys.byteorder != "little":
        counts.byteswap()
    OUT.mkdir(parents=True, exist_ok=True)
    trie.save(str(OUT / "dict.marisa"))
    (OUT / "dict.freq").write_bytes(counts.tobytes())
    meta = {
        "source": f"jieba {jieba.__version__} dict.txt",
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "words": len(words),
        "total": total,
        "longest": max(len(word) for word in words),
        "licence": "jieba's dictionary: MIT, Copyright (c) 2013 Sun Junyi (https://github.com/fxsjy/jieba)",
        "made_by": "scripts/build_jieba_trie.py",
    }
    (OUT / "dict.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(words)} words, total {total}, longest {meta['longest']}: {OUT}")


if __name__ == "__main__":
    main()
