"""KoNLPy taggers on a JVM started once per process, only when Korean morphology is needed.

Komoran is the default (about 8k sentences/s); Okt (about 2.6k/s) keeps spacing
errors intact, which the North Korean spacing rules rely on.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from functools import cache
from typing import Any

_LOCK = threading.Lock()


class EngineUnavailable(RuntimeError):
    """A heavy engine cannot start here; the message says what to install."""


@cache
def check_java() -> str:
    """The `java -version` line, or EngineUnavailable with a clear message when Java is missing."""
    java = shutil.which("java")
    if java is None:
        raise EngineUnavailable(
            "Korean morphology needs Java (KoNLPy runs on the JVM): install a JDK or JRE 11+ "
            "(e.g. `apt-get install default-jre-headless`) and make `java` available on PATH"
        )
    result = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    first = (result.stderr or result.stdout).splitlines()
    return first[0] if first else "java"


@cache
def _tagger(name: str) -> Any:
    check_java()
    try:
        from konlpy import tag
    except ImportError as err:  # pragma: no cover - konlpy is a core dependency
        raise EngineUnavailable(f"KoNLPy is not installed: {err}") from err
    with _LOCK:
        return getattr(tag, name)()


def komoran() -> Any:
    """The shared Komoran tagger (starts the JVM on first use)."""
    return _tagger("Komoran")


def okt() -> Any:
    """The shared Okt tagger (starts the JVM on first use)."""
    return _tagger("Okt")


def jvm_started() -> bool:
    """True once any tagger has started the JVM in this process."""
    import sys

    jpype = sys.modules.get("jpype")
    return bool(jpype and jpype.isJVMStarted())
