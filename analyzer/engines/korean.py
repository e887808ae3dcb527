"""Komoran, KoNLPy's Korean tagger, on a JVM started once per process, only when Korean morphology is needed.

About 8k sentences/s. Komoran analyses each space-separated word on its own terms, so attached forms
(할수, 하고있다) come back as the morphemes the North Korean spacing rules count (analyzer/dialect/markers.py).
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import sys
import threading
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from analyzer.engines import KOMORAN_JARS, EngineUnavailable, konlpy_java_dir, one_blas_thread
from analyzer.text.scripts import HAS_HANGUL_SYLLABLE

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["EngineUnavailable", "KomoranTagger", "check_java", "komoran", "konlpy_java_dir", "warm_up_for_files"]

_LOCK = threading.Lock()


@cache
def check_java() -> str:
    """The path of `java`, or EngineUnavailable with a clear message when Java is missing.

    Only looked up (running `java -version` would cost a commit hook a tenth of a second): JPype then loads
    the JVM library itself and says so if it cannot.
    """
    java = shutil.which("java")
    if java is None:
        raise EngineUnavailable(
            "Korean morphology needs Java (KoNLPy runs on the JVM): install a JDK or JRE 11+ "
            "(e.g. `apt-get install default-jre-headless`) and make `java` available on PATH"
        )
    return java


# Komoran loaded its own way holds its whole dictionary as objects; from the compact dictionary of
# komoran_model.py it holds arrays and only the trie nodes tagging has reached (BENCHMARKS.md). A small young
# generation, the serial collector and the client compiler keep the JVM small and flat while it tags
# (KoNLPy's defaults take twice the memory), and tag as fast. Objects are
# promoted at the default age: promoting every survivor at once, which helped Komoran's own loading, made
# the old generation fill with promoted garbage (RSS +25 MB per 30k notes, up to the heap's size).
# Each worker process has its own JVM.
JVM_OPTIONS = (
    "-Xmx320m",  # room for Komoran's own loading (without the compact dictionary) and long notes
    "-Xmn16m",
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-Xss512k",
    "-XX:ReservedCodeCacheSize=32m",
)
# Without the compact dictionary Komoran loads every node as an object that lives as long as the process:
# promoting survivors at once spares copying them between survivor spaces (BENCHMARKS.md: a first hook run,
# before `analyzer models prepare`), at the cost of garbage promoted while a long scan tags, until the heap's
# limit; that scan prepares the compact dictionary for the next one.
OWN_LOADING_OPTIONS = ("-XX:MaxTenuringThreshold=0",)
JVM_OPTIONS_ENV = "ANALYZER_JVM_OPTIONS"  # replaces JVM_OPTIONS, e.g. "-Xmx2g" for a large user dictionary


def _start_jvm(own_loading: bool = False) -> None:
    import gc
    import os

    import jpype

    if jpype.isJVMStarted():
        return
    import jpype.config

    jpype.config.destroy_jvm = False  # nothing on the Java side to flush: let the process exit without waiting
    java_dir = konlpy_java_dir()
    options = os.environ.get(JVM_OPTIONS_ENV)
    jpype.startJVM(
        jpype.getDefaultJVMPath(),
        "-Dfile.encoding=UTF8",
        *(options.split() if options else JVM_OPTIONS + (OWN_LOADING_OPTIONS if own_loading else ())),
        classpath=[os.path.join(java_dir, jar) for jar in KOMORAN_JARS],
        convertStrings=True,
    )
    # JPype hooks Python's collector to run a full Java collection when Python memory grows; we keep no
    # Java objects alive from Python (tagger output is copied into str), and each of those collections walks
    # Komoran's dictionary: most of a short hook run once (BENCHMARKS.md). Java still collects on its own.
    gc.callbacks[:] = [c for c in gc.callbacks if getattr(c, "__module__", None) != "_jpype"]


# One Komoran token in the string form of a token list (a morpheme may itself hold commas or brackets).
_TOKEN = re.compile(r"Token \[morph=(.*?), pos=([A-Z]+), beginIndex=(\d+), endIndex=(\d+)\]")
_LINE = re.compile(r"[^\n]+")
_DAMAGED = "corrupt compact Komoran dictionary"  # CompactKomoran.LazyTrie's message for a number out of range
_WORD = re.compile(r"\S+")


class KomoranTagger:
    """Komoran 3, as bundled with KoNLPy, called directly: `jki` is the Java analyser, `pos` as KoNLPy's.

    `dictionary` says how the dictionary was loaded: "compact" (analyzer/engines/komoran_model.py, from
    `folder`) or "komoran" (Komoran's own loading). `compact` is the compact dictionary's loader class, whose
    `tokens` tags a line in one JVM call (about 13% less time a line than the token list's string form)."""

    def __init__(self, jki: Any, dictionary: str, folder: Path | None = None, compact: Any = None) -> None:
        self.jki = jki
        self.dictionary = dictionary
        self.folder = folder
        self.damage: str | None = None  # why this tagger can no longer tag, once its dictionary proved damaged
        self._rows = compact.tokens if compact is not None else None

    def pos(self, phrase: str) -> list[tuple[str, str]]:
        """(morpheme, tag) pairs, line by line: one JVM call per line, whose token list's string form is read
        back (a third faster than asking each Java token for its fields, and the same pairs)."""
        morphemes: list[tuple[str, str]] = []
        for sentence in phrase.split("\n"):
            if sentence:
                morphemes += [(morph, tag) for morph, tag, _, _ in self._tokens(sentence)]
        return morphemes

    def tokens(self, line: str) -> list[Sequence[str]]:
        """(morpheme, tag, begin, end) of one line as Komoran gives them: offsets as text, counted in the line with
        whitespace runs collapsed (`spans` maps them back)."""
        return self._tokens(line)

    def _tokens(self, line: str) -> list[Sequence[str]]:
        """(morpheme, tag, begin, end) of one line, from one JVM call."""
        try:
            if self._rows is not None and (rows := self._rows(self.jki, line)) is not None:
                found = rows.split("\n")
                found.pop()  # after the last row's line break
                return [row.split("\t") for row in found]
            return _TOKEN.findall(str(self.jki.analyze(line).getTokenList().toString()))
        except Exception as err:
            if self.damage is not None:
                raise EngineUnavailable(self.damage) from err
            if self.folder is not None and _DAMAGED in str(err):
                self._damaged(err)
            raise

    def _damaged(self, err: Exception) -> None:
        """The compact dictionary was damaged after it was checked (its arrays are read as tagging reaches them):
        no line can be trusted to tag. The folder goes, so the next scan prepares it again, and Korean morphology
        is unavailable in this process, which the report says (analyzer.notices)."""
        from analyzer.engines import komoran_model

        assert self.folder is not None
        komoran_model.discard(self.folder)
        self.damage = (
            f"Korean morphology unavailable: Komoran's compact dictionary in {self.folder} is damaged; it was "
            "removed and is prepared again by the next `analyzer scan` or `analyzer models prepare`"
        )
        self.jki = None  # no line tags from a damaged trie, even one whose nodes it does not reach
        raise EngineUnavailable(self.damage) from err

    def spans(self, phrase: str) -> list[tuple[str, str, int, int]]:
        """(morpheme, tag, start, end) with offsets into `phrase`, line by line. Komoran counts its offsets
        in the line with whitespace runs collapsed (and leading spaces dropped), so it is given each line
        that way and its offsets are mapped back; a contraction's morphemes share the span of the text they
        hide in (했: 하 and 았, both 0-1)."""
        found: list[tuple[str, str, int, int]] = []
        for line in _LINE.finditer(phrase):
            text = line.group()
            words = _WORD.findall(text)
            if not words:
                continue
            collapsed = " ".join(words)
            if collapsed == text:  # the usual line (the dialect markers tag lines so): no offset to shift
                found += self._collapsed_spans(collapsed, words, line.start())
                continue
            # Where each word starts in the collapsed line, how far to shift a token starting in it, and where
            # the word ends in `phrase`: a token is kept within the word it starts in (an entry may span two).
            starts, shifts, stops, at = [], [], [], 0
            for word in _WORD.finditer(text):
                starts.append(at)
                shift = line.start() + word.start() - at
                shifts.append(shift)
                at += word.end() - word.start()
                stops.append(at + shift)
                at += 1
            for morph, tag, begin_text, end_text in self._tokens(collapsed):
                begin = int(begin_text)
                i = max(0, bisect_right(starts, begin) - 1)
                shift, stop = shifts[i], stops[i]
                begin, end = begin + shift, int(end_text) + shift
                found.append((morph, tag, begin if begin < stop else stop, end if end < stop else stop))
        return found

    def _collapsed_spans(self, line: str, words: list[str], offset: int) -> list[tuple[str, str, int, int]]:
        """spans of a line whose words stand one space apart, at `offset` in the phrase: each position of the
        line says where the word holding it (or the space after it) ends, which bounds a token starting there."""
        bound: list[int] = []
        at = offset
        for word in words:
            at += len(word)
            bound += [at] * (len(word) + 1)
            at += 1
        last = len(bound) - 1
        found = []
        for morph, tag, begin_text, end_text in self._tokens(line):
            begin, end = int(begin_text), int(end_text)
            stop = bound[begin if begin < last else last] if begin >= 0 else bound[0]
            begin, end = begin + offset, end + offset
            found.append((morph, tag, begin if begin < stop else stop, end if end < stop else stop))
        return found


def _komoran(folder: Path | None) -> KomoranTagger:
    """Komoran from the compact dictionary in `folder` when it is prepared (fast), else loaded as Komoran does
    (slow, see BENCHMARKS.md), which in `analyzer scan` also starts preparing the compact one in the background
    for the next process."""
    import os

    import jpype

    from analyzer.engines import komoran_model

    java_dir = konlpy_java_dir()
    if folder is not None:
        try:
            analyser, compact = komoran_model.load(jpype, java_dir, folder)
            return KomoranTagger(analyser, "compact", folder, compact)
        except Exception as err:  # noqa: BLE001 - a damaged cache must cost speed, never the analysis
            logging.getLogger(__name__).warning(
                "Komoran's compact dictionary in %s failed (%s); loading the original and preparing it again",
                folder,
                err,
            )
            komoran_model.discard(folder)
    komoran_model.prepare_in_background(java_dir)
    analyser = jpype.JClass("kr.co.shineware.nlp.komoran.core.Komoran")
    return KomoranTagger(analyser(os.path.join(java_dir, "data", "models")), "komoran")


_shared: KomoranTagger | None = None


def komoran() -> KomoranTagger:
    """The shared Komoran tagger (starts the JVM on first use), built once even when a warm-up thread and the scan
    ask at the same time. Komoran is called without KoNLPy's Python wrapper, whose import would delay its load."""
    global _shared
    if _shared is not None:
        return _shared
    check_java()
    one_blas_thread()  # JPype imports NumPy
    try:
        import jpype  # noqa: F401
    except ImportError as err:  # pragma: no cover - konlpy (a core dependency) brings JPype
        raise EngineUnavailable(f"JPype is not installed: {err}") from err
    import gc

    from analyzer.engines import komoran_model

    with _LOCK:
        if _shared is None:
            folder = komoran_model.prepared(konlpy_java_dir())  # the compact dictionary, when prepared
            _start_jvm(own_loading=folder is None)
            _shared = _komoran(folder)
            gc.freeze()  # the objects of the JVM bridge and of what was loaded before: no need to walk them
    return _shared


def warm_up_komoran() -> None:
    """Start the JVM and load Komoran in a background thread, so a scan can segment and align meanwhile.

    JPype releases the GIL inside Java, so the dictionary loads on the other core. Errors are left for the
    caller that needs the tagger, which raises them with their message.
    """
    if _shared is not None or _warming.is_set():
        return
    _warming.set()
    if threading.current_thread() is threading.main_thread():
        _import_jpype_without_numpy()

    def load() -> None:
        with contextlib.suppress(Exception):  # komoran() raises it again where the tagger is needed
            komoran()

    threading.Thread(target=load, name="analyzer-komoran-warm-up", daemon=True).start()


def _import_jpype_without_numpy() -> None:
    """Import JPype with NumPy held back: its native module imports NumPy (with the GIL held, time the thread
    loading Komoran would take from the hook's own work; BENCHMARKS.md) only to convert arrays, which the tagger never
    passes. Done on the main thread before any other thread can import NumPy meanwhile; NumPy imports
    normally afterwards (the sentence encoder's)."""
    if "numpy" in sys.modules or "jpype" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes `import numpy` raise ImportError
    try:
        import jpype  # noqa: F401
    except ImportError:
        pass  # komoran() says what is missing
    finally:
        del sys.modules["numpy"]


_warming = threading.Event()
_HANGUL_UTF8 = re.compile(rb"[\xea-\xed][\x80-\xbf]{2}")  # U+A000-U+DFFF in UTF-8: Hangul syllables, mostly


def _looks_korean(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return bool(HAS_HANGUL_SYLLABLE.search(head.decode("utf-16", "ignore")))
    return bool(_HANGUL_UTF8.search(head))


def warm_up_for_texts(texts: Iterable[str]) -> None:
    """Start loading Komoran when one of these notes holds Hangul: the Korean rules will need it."""
    if _shared is not None or _warming.is_set():
        return  # loaded or loading already (every unit of a scan asks): no note to search
    if any(HAS_HANGUL_SYLLABLE.search(text) for text in texts):
        warm_up_komoran()


def warm_up_for_files(paths: list[str]) -> None:
    """Start loading Komoran now when one of these files looks Korean (UTF-8 or UTF-16 Hangul in its first
    64 KiB): the pre-commit hook calls this before importing the rest of the analyzer, so the JVM and its
    dictionary, most of a hook's time, load on the other core meanwhile."""
    for path in paths:
        try:
            with open(path, "rb") as handle:
                head = handle.read(65536)
        except OSError:
            continue
        if _looks_korean(head):
            warm_up_komoran()
            return
