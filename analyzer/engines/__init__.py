"""Heavy engines (the JVM behind KoNLPy, spaCy pipelines, translation models), each loaded lazily once per process.

What the engines share lives here and imports nothing heavy: the error an engine raises when it cannot start,
and where KoNLPy's bundled Java files are (komoran_model.py and korean.py both need them).
"""

from __future__ import annotations

import importlib.util
import os


class EngineUnavailable(RuntimeError):
    """A heavy engine cannot start here; the message says what to install."""


def konlpy_java_dir() -> str:
    """KoNLPy's bundled jars and models, found without importing KoNLPy (its import costs a hook 0.1 s)."""
    spec = importlib.util.find_spec("konlpy")
    if spec is None or not spec.submodule_search_locations:
        raise EngineUnavailable("KoNLPy is not installed (pip install konlpy)")
    return os.path.join(list(spec.submodule_search_locations)[0], "java")
