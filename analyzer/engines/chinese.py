"""jieba, the Chinese word segmenter: the analyzer's own segmentation over a memory-mapped trie of jieba's
dictionary, and jieba's module (for spaCy's segmenter) with its dictionary cache in the user's folder.

jieba parses its dictionary into a dict of some 580,000 words and prefixes: 0.7 s from its marshal cache and
about 67 MB in every process (BENCHMARKS.md). `tokenizer()` is a jieba Tokenizer that reads the same words and
frequencies from models/jieba/ (scripts/build_jieba_trie.py), mapped in milliseconds and shared between
processes, and segments exactly as jieba does (tests/test_chinese_words.py). When the installed jieba is not the
version the trie was made from, it is jieba's own tokenizer.

jieba keeps its parsed dictionary as marshal data in the system's temporary folder (/tmp/jieba.cache), a
name any local user can take first and fill; `jieba()` points it at $XDG_CACHE_HOME/analyzer/jieba
(or a private temporary folder when that cannot be made), so only the user's own cache is ever read.
"""

from __future__ import annotations

import array
import json
import logging
import math
import tempfile
import threading
from typing import Any

from analyzer.resources import mapped_trie, model_path, user_cache_folder

_LOCK = threading.RLock()  # tokenizer() may fall back on jieba() while holding it
_ready: Any = None
_tokenizer: Any = None


def tokenizer() -> Any:
    """A jieba Tokenizer over the shipped trie (once per process); jieba's own if the trie does not fit."""
    global _tokenizer
    if _tokenizer is None:
        with _LOCK:
            if _tokenizer is None:
                _tokenizer = _trie_tokenizer() or jieba().dt
    return _tokenizer


def _trie_tokenizer() -> Any:
    """The tokenizer over models/jieba/, or None when the installed jieba is another version."""
    import jieba as module

    meta = json.loads(model_path("jieba", "dict.json").read_text(encoding="utf-8"))
    if meta["source"] != f"jieba {module.__version__} dict.txt":
        logging.getLogger(__name__).warning(
            "jieba %s is not the version of models/jieba (%s): segmenting with jieba's own dictionary",
            module.__version__,
            meta["source"],
        )
        return None
    trie, counts = mapped_trie(model_path("jieba", "dict.marisa"), model_path("jieba", "dict.freq"), "I")
    return _make_class(module.Tokenizer)(trie, counts, meta["total"], meta["longest"])


def _make_class(base: type) -> type:
    class TrieTokenizer(base):  # type: ignore[misc, valid-type]
        """jieba's Tokenizer with get_DAG and calc reading the trie: the same words, frequencies and arithmetic
        as jieba's dict, whose keys also hold every prefix of a word with frequency 0."""

        def __init__(self, trie: Any, counts: array.array[int], total: int, longest: int) -> None:
            super().__init__()
            self.trie, self.counts, self.longest = trie, counts, longest
            self.total = total
            self.FREQ = _Frequencies(trie, counts)  # for jieba code that reads FREQ itself (the HMM path)
            self.initialized = True

        def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # noqa: N802 - jieba's name
            dag: dict[int, list[int]] = {}
            prefixes, longest = self.trie.prefixes, self.longest
            for k in range(len(sentence)):
                dag[k] = [k + len(word) - 1 for word in prefixes(sentence[k : k + longest])] or [k]
            return dag

        def calc(self, sentence: str, dag: dict[int, list[int]], route: dict[int, tuple[float, int]]) -> None:
            size = len(sentence)
            route[size] = (0, 0)
            logtotal = math.log(self.total)
            frequency, log = self.FREQ.get, math.log
            for idx in range(size - 1, -1, -1):
                route[idx] = max(
                    (log(frequency(sentence[idx : x + 1]) or 1) - logtotal + route[x + 1][0], x) for x in dag[idx]
                )

    return TrieTokenizer


class _Frequencies:
    """jieba's FREQ over the trie: a word's frequency, 0 for a prefix of a word, absent otherwise."""

    def __init__(self, trie: Any, counts: array.array[int]) -> None:
        self.trie, self.counts = trie, counts

    def get(self, word: str, default: int | None = None) -> int | None:
        found = self.trie.get(word)
        if found is not None:
            return self.counts[found]
        return 0 if self._prefix(word) else default

    def __getitem__(self, word: str) -> int:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._prefix(word)

    def _prefix(self, word: str) -> bool:
        """Whether some word of the trie starts with `word` (itself included)."""
        return bool(word) and next(self.trie.iterkeys(word), None) is not None


def jieba() -> Any:
    """The jieba module, its default tokenizer initialised (once per process: its dictionary is slow to load).
    spaCy's Chinese segmenter uses it; the analyzer's own segmentation uses `tokenizer()`."""
    global _ready
    if _ready is not None:
        return _ready
    with _LOCK:
        if _ready is None:
            import jieba as module

            module.setLogLevel(logging.WARNING)  # jieba announces its dictionary on stderr otherwise
            module.dt.tmp_dir = _cache_folder()
            module.initialize()
            _ready = module
    return _ready


def _cache_folder() -> str:
    folder = user_cache_folder("jieba")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return str(folder)
    except OSError:  # a read-only home: a folder of this process's own, the cache rebuilt each time
        return tempfile.mkdtemp(prefix="analyzer-jieba-")
