"""Heavy engines (the JVM behind KoNLPy, jieba, spaCy pipelines, translation models), each loaded once per process.

What the engines share lives here and imports nothing heavy: the error an engine raises when it cannot start,
where KoNLPy's bundled Java files are (komoran_model.py and korean.py both need them), and the BLAS setting.

May import: resources, text; extract's archive guard (installing a model package). No pipeline stage imports
from here but the heavy resource it needs.
"""

from __future__ import annotations

import importlib.util
import os
import sys


class EngineUnavailable(RuntimeError):
    """A heavy engine cannot start here; the message says what to install."""


# Komoran's own jars among KoNLPy's: the JVM's class path (the other taggers' jars, 15 MB, are never opened) and
# the compact dictionary loader's compile path.
KOMORAN_JARS = ("komoran-3.0.jar", "aho-corasick.jar", "shineware-common-1.0.jar", "shineware-ds-1.0.jar")


def konlpy_java_dir() -> str:
    """KoNLPy's bundled jars and models, found without importing KoNLPy (its import costs a hook 0.1 s)."""
    spec = importlib.util.find_spec("konlpy")
    if spec is None or not spec.submodule_search_locations:
        raise EngineUnavailable("KoNLPy is not installed (pip install konlpy)")
    return os.path.join(list(spec.submodule_search_locations)[0], "java")


def one_blas_thread() -> None:
    """Keep NumPy's BLAS to one thread in this process (and its workers), before NumPy is first imported.

    JPype imports NumPy when the Korean tagger starts, and the sentence encoder multiplies with it. OpenBLAS
    starts a thread per core that spins while it waits: in a scan every core already runs a worker, and the
    spinning threads made `--jobs 2` slower than one job and doubled the CPU a one-job scan used
    (BENCHMARKS.md). Does nothing once NumPy is loaded, or when the user set the variables."""
    if "numpy" not in sys.modules:
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, "1")
