"""Heavy engines (the JVM behind KoNLPy, spaCy pipelines, translation models), each loaded lazily once per process.

May import: resources, text; extract's archive guard (installing a model package). No pipeline stage imports
from here but the heavy resource it needs.
"""

import os as _os
import sys as _sys


def one_blas_thread() -> None:
    """Keep NumPy's BLAS to one thread in this process (and its workers), before NumPy is first imported.

    JPype imports NumPy when the Korean tagger starts, and the sentence encoder multiplies with it. OpenBLAS
    starts a thread per core that spins while it waits: in a scan every core already runs a worker, and the
    spinning threads made `--jobs 2` slower than one job and doubled the CPU a one-job scan used
    (BENCHMARKS.md). Does nothing once NumPy is loaded, or when the user set the variables."""
    if "numpy" not in _sys.modules:
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            _os.environ.setdefault(name, "1")
