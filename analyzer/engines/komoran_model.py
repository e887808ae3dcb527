"""Komoran's dictionary converted once into a form the JVM loads in a fraction of the time and memory.

Komoran reads its observation trie (2.3M nodes) through Java serialization and then links every node to its
failure node: most of the time a process waits for Korean morphology, and of a commit hook's run.
`java/CompactKomoran.java` writes the same trie as plain data, checks that it reads back to the same trie, and
loads it into arrays whose nodes are made only as tagging reaches them (BENCHMARKS.md has the figures). The
class and the converted dictionary live in a cache folder keyed by the content of KoNLPy's Komoran files and
of the Java source:

    $ANALYZER_KOMORAN_CACHE, else $XDG_CACHE_HOME/analyzer/komoran, else ~/.cache/analyzer/komoran
    ("off" keeps Komoran's own loading)

Preparing needs a JDK's `javac` and takes about 10 s and 700 MB once: `analyzer models prepare` (the
Makefile runs it after installing), or on its own in a detached background process the first time
`analyzer scan` loads Komoran the slow way. Only `analyzer scan`, a batch that runs for a while anyway,
starts that process (it sets $ANALYZER_KOMORAN_PREPARE to "background", which its workers inherit): a
pre-commit hook or a library call leaves no process behind when it returns. Without `javac`, or when
anything about the cache is wrong, Komoran loads as it always did.

Each version of KoNLPy's files or of the Java source has a folder of its own (about 50 MB). Loading a folder marks it
used (its modification time); preparing a new one removes the folders of other versions unused for STALE_DAYS, so an
upgrade does not leave the old ones behind while another installation that still uses its own keeps it.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from analyzer.engines import KOMORAN_JARS
from analyzer.resources import user_cache_folder

CACHE_ENV = "ANALYZER_KOMORAN_CACHE"
PREPARE_ENV = "ANALYZER_KOMORAN_PREPARE"  # "background": a slow load starts preparing; anything else: never
SOURCE = Path(__file__).with_name("java") / "CompactKomoran.java"
CLASS_NAME = "CompactKomoran"
COMPACT = "observation.bin"
STUB = "stub"  # Komoran's model folder with an empty observation.model: the constructor loads the rest
_MODEL_FILES = ("observation.model", "pos.table", "transition.model", "irregular.model")
_JVM_OPTIONS = ("-Xmx1g", "-XX:+UseSerialGC")  # the stock trie and the check's numbering: about 700 MB
_STALE_LOCK_SECONDS = 600
STALE_DAYS = 30  # a prepared folder not loaded for this long is another version's, removed when one is prepared
_KEY = re.compile(r"[0-9a-f]{20}")  # a prepared folder's name (_key); nothing else in the cache root is removed
_LOG = logging.getLogger(__name__)


class PrepareError(RuntimeError):
    """The compact dictionary cannot be prepared here; the message says why."""


def cache_root() -> Path | None:
    """The cache folder, or None when $ANALYZER_KOMORAN_CACHE is "off"."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return None if configured.lower() == "off" else Path(configured)
    return user_cache_folder("komoran")


@cache  # KoNLPy's files do not change under a running process; the slow path asks up to three times
def _key(java_dir: str) -> str:
    digest = hashlib.sha256(SOURCE.read_bytes())
    for name in [os.path.join("data", "models", m) for m in _MODEL_FILES] + list(KOMORAN_JARS):
        with open(os.path.join(java_dir, name), "rb") as handle:
            digest.update(name.encode() + b"\0" + hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()[:20]


def folder_for(java_dir: str) -> Path | None:
    """Where the compact dictionary of this KoNLPy's Komoran goes (None when the cache is off or unreadable)."""
    root = cache_root()
    if root is None:
        return None
    try:
        return root / _key(java_dir)
    except OSError:
        return None


def prepared(java_dir: str) -> Path | None:
    """The folder holding the compiled loader and the compact dictionary, when they are complete."""
    folder = folder_for(java_dir)
    if folder is None:
        return None
    needed = (folder / f"{CLASS_NAME}.class", folder / COMPACT, folder / STUB / "observation.model")
    return folder if all(p.is_file() for p in needed) else None


def load(jpype: Any, java_dir: str, folder: Path) -> tuple[Any, Any]:
    """The Komoran analyser built from the compact dictionary in `folder` (on a started JVM), and the loader's
    class, whose `tokens(analyser, line)` tags a line in one call."""
    jclass = jpype.JClass
    url = jclass("java.io.File")(str(folder)).toURI().toURL()
    loader = jclass("java.net.URLClassLoader")([url], jclass("java.lang.ClassLoader").getSystemClassLoader())
    compact = jclass(CLASS_NAME, loader=loader)
    analyser = compact.load(str(folder / STUB), str(folder / COMPACT))
    with contextlib.suppress(OSError):  # a read-only cache: its folders are never removed as stale either
        os.utime(folder)  # used now (remove_stale)
    return analyser, compact


def remove_stale(root: Path, keep: str) -> list[Path]:
    """Remove the prepared folders in `root` other than `keep` that were not loaded for STALE_DAYS; the removed."""
    removed = []
    cutoff = time.time() - STALE_DAYS * 86400
    with contextlib.suppress(OSError):
        for child in root.iterdir():
            if child.name == keep or not _KEY.fullmatch(child.name) or child.is_symlink():
                continue
            with contextlib.suppress(OSError):
                if child.is_dir() and child.stat().st_mtime < cutoff:
                    shutil.rmtree(child)
                    removed.append(child)
    return removed


def discard(folder: Path) -> None:
    """Remove a compact dictionary that failed to load, so that it is prepared again."""
    shutil.rmtree(folder, ignore_errors=True)


def _java_tools() -> tuple[str, str]:
    java, javac = shutil.which("java"), shutil.which("javac")
    if java is None or javac is None:
        raise PrepareError(
            "preparing Komoran's compact dictionary needs a JDK (`javac` on PATH); without one "
            "Korean morphology still works and only starts about a second slower"
        )
    return java, javac


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise PrepareError(f"{what} failed: {(done.stderr or done.stdout).strip()[-500:]}")


def prepare(java_dir: str) -> Path:
    """Compile the loader and convert the dictionary into the cache folder (a no-op when already there)."""
    done = prepared(java_dir)
    if done is not None:
        return done
    folder = folder_for(java_dir)
    if folder is None:
        raise PrepareError(f"the Komoran cache is off (${CACHE_ENV}=off) or KoNLPy's Komoran files are unreadable")
    java, javac = _java_tools()
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = folder.parent / f"{folder.name}.building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    (building / STUB).mkdir(parents=True)
    try:
        classpath = os.pathsep.join(os.path.join(java_dir, jar) for jar in KOMORAN_JARS)
        _run(
            [javac, "--release", "11", "-nowarn", "-cp", classpath, "-d", str(building), str(SOURCE)],
            "compiling the Komoran loader",
        )
        models = os.path.join(java_dir, "data", "models")
        for name in _MODEL_FILES[1:]:
            shutil.copyfile(os.path.join(models, name), building / STUB / name)
        _run(
            [
                java,
                *_JVM_OPTIONS,
                "-cp",
                os.pathsep.join([str(building), classpath]),
                CLASS_NAME,
                os.path.join(models, "observation.model"),
                str(building / COMPACT),
                str(building / STUB / "observation.model"),
            ],
            "converting Komoran's dictionary",
        )
        try:
            building.rename(folder)  # atomic: a reader sees no folder or a complete one
        except OSError:
            if prepared(java_dir) is None:  # not another process that got there first
                raise
        remove_stale(folder.parent, keep=folder.name)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return folder


@contextlib.contextmanager
def background_preparation_allowed() -> Iterator[None]:
    """While inside, a slow Komoran load in this process and in the workers it starts may start preparing the
    compact dictionary (`analyzer scan` runs in this; a user's own setting of $ANALYZER_KOMORAN_PREPARE wins).
    Restored on the way out, so a caller that goes on (a test, a library user calling the command line)
    is not changed."""
    before = os.environ.get(PREPARE_ENV)
    os.environ.setdefault(PREPARE_ENV, "background")
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(PREPARE_ENV, None)


def prepare_in_background(java_dir: str) -> None:
    """Start `prepare` in a detached low-priority process, once: the next process loads Komoran fast.

    Skipped unless allowed (background_preparation_allowed), without `javac`, when the cache is off, or while
    another process is preparing (a lock file younger than ten minutes).
    """
    if os.environ.get(PREPARE_ENV) != "background":
        return
    folder = folder_for(java_dir)
    if folder is None or shutil.which("javac") is None or prepared(java_dir) is not None:
        return
    lock = folder.parent / f"{folder.name}.lock"
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        if lock.exists() and time.time() - lock.stat().st_mtime < _STALE_LOCK_SECONDS:
            return
        lock.write_text(str(os.getpid()))
        subprocess.Popen(
            [sys.executable, "-m", __name__, "--lock", str(lock)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not killed with a commit hook's process group
        )
    except OSError as err:  # a read-only cache, no room, no fork: the slow loading stays, nothing else changes
        with contextlib.suppress(OSError):
            lock.unlink(missing_ok=True)
        _LOG.debug("could not start preparing Komoran's compact dictionary: %s", err)


def main(argv: list[str] | None = None) -> int:
    """`python -m analyzer.engines.komoran_model [--lock FILE]`: prepare, print the folder or the reason."""
    from analyzer.engines import konlpy_java_dir

    args = sys.argv[1:] if argv is None else argv
    lock = Path(args[1]) if args[:1] == ["--lock"] and len(args) > 1 else None
    if lock is not None:  # started by prepare_in_background: stay out of the way of the scan that started it
        with contextlib.suppress(AttributeError, OSError):
            os.nice(10)
    try:
        print(prepare(konlpy_java_dir()))
        return 0
    except (PrepareError, OSError, subprocess.SubprocessError) as err:
        print(f"analyzer: {err}", file=sys.stderr)
        return 1
    finally:
        if lock is not None:
            lock.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
