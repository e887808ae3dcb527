"""KoNLPy taggers on a JVM started once per process, only when Korean morphology is needed.

Komoran is the default (about 8k sentences/s); Okt (about 2.6k/s) keeps spacing
errors intact, which the North Korean spacing rules rely on.
"""

from __future__ import annotations

import contextlib
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


# Komoran holds about 190 MB of live dictionary. A small young generation whose survivors are promoted at
# once (the dictionary, while it loads), the serial collector and the client compiler keep a JVM near 310 MB
# and have Komoran ready in about 1.4 s (KoNLPy's defaults: 520 MB, 2.1 s), tagging as fast (about 7,000
# six-word FLORES-200 Korean notes/s on one core here). Each worker process has its own JVM.
JVM_OPTIONS = (
    "-Xmx320m",  # 190-230 MB live; a larger heap only fills with promoted garbage before a full collection
    "-Xmn16m",
    "-XX:MaxTenuringThreshold=0",
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-Xss512k",
    "-XX:ReservedCodeCacheSize=32m",
)
JVM_OPTIONS_ENV = "ANALYZER_JVM_OPTIONS"  # replaces JVM_OPTIONS, e.g. "-Xmx2g" for a large user dictionary


def _start_jvm() -> None:
    import gc
    import os

    import jpype
    from konlpy import utils

    if jpype.isJVMStarted():
        return
    import jpype.config

    jpype.config.destroy_jvm = False  # nothing on the Java side to flush: let the process exit without waiting
    java_dir = os.path.join(utils.installpath, "java")
    options = os.environ.get(JVM_OPTIONS_ENV)
    jpype.startJVM(
        jpype.getDefaultJVMPath(),
        "-Dfile.encoding=UTF8",
        *(options.split() if options else JVM_OPTIONS),
        classpath=[java_dir, os.path.join(java_dir, "bin"), os.path.join(java_dir, "*")],
        convertStrings=True,
    )
    # JPype hooks Python's collector to run a full Java collection when Python memory grows; we keep no
    # Java objects alive from Python (tagger output is copied into str), and each of those collections walks
    # Komoran's 190 MB dictionary: about 0.7 s of a short hook run. Java still collects on its own.
    gc.callbacks[:] = [c for c in gc.callbacks if getattr(c, "__module__", None) != "_jpype"]


_taggers: dict[str, Any] = {}


def _tagger(name: str) -> Any:
    """One tagger per process, built once even when a warm-up thread and the scan ask at the same time."""
    if name in _taggers:
        return _taggers[name]
    check_java()
    try:
        from konlpy import tag
    except ImportError as err:  # pragma: no cover - konlpy is a core dependency
        raise EngineUnavailable(f"KoNLPy is not installed: {err}") from err
    import gc

    with _LOCK:
        if name not in _taggers:
            _start_jvm()
            _taggers[name] = getattr(tag, name)()
            gc.freeze()  # the objects of the JVM bridge and of what was loaded before: no need to walk them
    return _taggers[name]


def warm_up_komoran() -> None:
    """Start the JVM and load Komoran in a background thread, so a scan can segment and align meanwhile.

    JPype releases the GIL inside Java, so the dictionary loads on the other core. Errors are left for the
    caller that needs the tagger, which raises them with their message.
    """
    if "Komoran" in _taggers or _warming.is_set():
        return
    _warming.set()

    def load() -> None:
        with contextlib.suppress(Exception):  # komoran() raises it again where the tagger is needed
            komoran()

    threading.Thread(target=load, name="analyzer-komoran-warm-up", daemon=True).start()


_warming = threading.Event()


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
