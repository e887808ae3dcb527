"""jieba's prefix dictionary in flat arrays: the same words and frequencies in about 12 MB instead of 62 MB, read in
milliseconds instead of most of a second.

jieba keeps its dictionary as a dict of half a million strings (each word and each prefix of a word, a prefix alone
with frequency 0), which its cache rebuilds object by object on every load. `CompactFrequencies` answers what
jieba asks of that dict (`in`, `[]`, `get`) from one bytes string of the UTF-8 keys, their offsets and
frequencies, and an open-addressing table keyed by CRC-32 whose every hit is checked against the key's bytes: the
same answer for each of jieba's keys and for every other string, so jieba segments exactly as before
(tests/test_jieba_dictionary.py). It is written once from jieba's own dict into the user's cache folder, beside
jieba's cache, and rewritten when jieba or its dictionary file changes; words added at run time
(`jieba.add_word`) go into a small dict on top.
"""

from __future__ import annotations

import array
import hashlib
import os
import struct
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path

FILE_NAME = "dictionary.bin"
_MAGIC = b"AZJF"
_VERSION = 1
# magic, version, source key (sha1), keys, table slots, key bytes, total frequency, short keys, big-endian
_HEADER = struct.Struct("<4sI20sIIIQIB")
_SEEN = 16384  # look-ups remembered (about 2 MB at most)


class CompactFrequencies(MutableMapping[str, int]):
    """word or word prefix -> frequency, as jieba's `Tokenizer.FREQ` dict holds them (see the module's docstring)."""

    __slots__ = ("_keys", "_offsets", "_frequencies", "_table", "_mask", "_chars", "_added", "_removed", "_seen")

    def __init__(
        self,
        keys: bytes,
        offsets: array.array[int],
        frequencies: array.array[int],
        table: array.array[int],
        short: Iterable[int],
    ) -> None:
        """`short`: the numbers of the keys of at most four bytes (the one-character keys are among them)."""
        self._keys = keys  # every key's UTF-8 bytes, back to back; key i is keys[offsets[i]:offsets[i + 1]]
        self._offsets = offsets
        self._frequencies = frequencies
        self._table = table  # slot -> key number + 1, 0 for an empty slot; a power of two long
        self._mask = len(table) - 1
        self._added: dict[str, int] = {}  # jieba.add_word and the like, over the stored keys
        self._removed: set[str] = set()
        # What was looked up, up to a bound: jieba asks `frag in FREQ`, then FREQ[frag], and notes repeat words.
        self._seen: dict[str, int] = {}
        # jieba's segmenter looks each character up first: those from a plain dict (12k of the 500k keys)
        self._chars = {key: i for i in short if len(key := self._key(i)) == 1}

    def _key(self, index: int) -> str:
        return self._keys[self._offsets[index] : self._offsets[index + 1]].decode("utf-8")

    def _index(self, key: str) -> int:
        """The stored key's number, or -1."""
        if len(key) == 1:
            return self._chars.get(key, -1)
        found = self._seen.get(key)
        if found is not None:
            return found
        data = key.encode("utf-8", "surrogatepass")
        table, offsets, keys, mask = self._table, self._offsets, self._keys, self._mask
        slot = zlib.crc32(data) & mask
        while True:
            number = table[slot]
            if not number:
                found = -1
                break
            if keys[offsets[number - 1] : offsets[number]] == data:
                found = number - 1
                break
            slot = (slot + 1) & mask
        if len(self._seen) < _SEEN:
            self._seen[key] = found
        return found

    def __contains__(self, key: object) -> bool:
        if self._added and key in self._added:
            return True
        if not isinstance(key, str) or self._index(key) < 0:
            return False
        return not self._removed or key not in self._removed

    def __getitem__(self, key: str) -> int:
        if self._added and key in self._added:
            return self._added[key]
        index = self._index(key) if isinstance(key, str) else -1
        if index < 0 or (self._removed and key in self._removed):
            raise KeyError(key)
        return self._frequencies[index]

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        if self._added and key in self._added:
            return self._added[key]
        index = self._index(key) if isinstance(key, str) else -1
        if index < 0 or (self._removed and key in self._removed):
            return default
        return self._frequencies[index]

    def __setitem__(self, key: str, value: int) -> None:
        self._added[key] = value
        self._removed.discard(key)

    def __delitem__(self, key: str) -> None:
        if key in self._added:
            del self._added[key]
            if self._index(key) >= 0:
                self._removed.add(key)
        elif key in self:
            self._removed.add(key)
        else:
            raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        for index in range(len(self._frequencies)):
            key = self._key(index)
            if key not in self._removed and key not in self._added:
                yield key
        yield from self._added

    def __len__(self) -> int:
        stored = len(self._frequencies) - len(self._removed)
        return stored + sum(1 for key in self._added if self._index(key) < 0 or key in self._removed)


def source_key(jieba: object) -> bytes:
    """What the stored dictionary was made from: jieba's version and its dictionary file (path, size, mtime)."""
    tokenizer = jieba.dt  # type: ignore[attr-defined]
    path = tokenizer.dictionary or os.path.join(os.path.dirname(jieba.__file__), "dict.txt")  # type: ignore[attr-defined]
    stat = os.stat(path)
    made_from = f"{jieba.__version__}\0{os.path.abspath(path)}\0{stat.st_size}\0{stat.st_mtime_ns}"  # type: ignore[attr-defined]
    return hashlib.sha1(made_from.encode("utf-8", "surrogateescape")).digest()


def build(
    frequencies: Mapping[str, int],
) -> tuple[bytes, array.array[int], array.array[int], array.array[int], array.array[int]]:
    """The arguments of a CompactFrequencies holding `frequencies` (ValueError if one is beyond 32 bits)."""
    if array.array("I").itemsize != 4:
        raise ValueError("this platform's C unsigned int is not 32 bits")
    size = 1 << max(2 * len(frequencies) - 1, 1).bit_length()  # at most half full: few probes per look-up
    mask = size - 1
    table = array.array("I", bytes(4 * size))
    offsets = array.array("I", [0])
    values = array.array("I")
    parts: list[bytes] = []
    end = 0
    for number, (key, value) in enumerate(frequencies.items(), start=1):
        if not 0 <= value < 2**32:
            raise ValueError(f"frequency {value} of {key!r} does not fit the compact dictionary")
        data = key.encode("utf-8", "surrogatepass")
        parts.append(data)
        end += len(data)
        offsets.append(end)
        values.append(value)
        slot = zlib.crc32(data) & mask
        while table[slot]:
            slot = (slot + 1) & mask
        table[slot] = number
    short = array.array("I", (i for i in range(len(values)) if offsets[i + 1] - offsets[i] <= 4))
    return b"".join(parts), offsets, values, table, short


def write(path: Path, frequencies: Mapping[str, int], total: int, made_from: bytes) -> CompactFrequencies:
    """Store `frequencies` and jieba's `total` in `path` (atomically); the stored dictionary, as `read` gives it."""
    keys, offsets, values, table, short = build(frequencies)
    header = _HEADER.pack(
        _MAGIC, _VERSION, made_from, len(values), len(table), len(keys), total, len(short), sys.byteorder == "big"
    )
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(header)
            out.write(keys)
            for numbers in (offsets, values, table, short):
                numbers.tofile(out)
        os.replace(partial, path)  # a reader sees the old file, none, or this one whole
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return CompactFrequencies(keys, offsets, values, table, short)


def read(path: Path, made_from: bytes) -> tuple[CompactFrequencies, int] | None:
    """(the stored dictionary, jieba's total) from `path`, or None when it is missing, made from another jieba or
    dictionary file, or not whole. Read straight into its arrays (no copy of the whole file in memory)."""
    if array.array("I").itemsize != 4:
        return None
    try:
        with open(path, "rb") as handle:
            header = handle.read(_HEADER.size)
            if len(header) < _HEADER.size:
                return None
            magic, version, key, count, slots, key_bytes, total, short_keys, big = _HEADER.unpack(header)
            if magic != _MAGIC or version != _VERSION or key != made_from or big != (sys.byteorder == "big"):
                return None
            expected = _HEADER.size + key_bytes + 4 * (2 * count + 1 + slots + short_keys)
            if slots & (slots - 1) or slots <= count or os.fstat(handle.fileno()).st_size != expected:
                return None
            keys = handle.read(key_bytes)
            numbers = []
            for length in (count + 1, count, slots, short_keys):
                part = array.array("I")
                part.fromfile(handle, length)
                numbers.append(part)
    except (OSError, EOFError):
        return None
    offsets, values, table, short = numbers
    if len(keys) != key_bytes or offsets[-1] != key_bytes or max(table) > count or max(short, default=0) >= count:
        return None
    return CompactFrequencies(keys, offsets, values, table, short), total
