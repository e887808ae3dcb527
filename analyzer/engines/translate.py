"""Offline machine translation with installed argostranslate packages: direct, or through English.

argostranslate is imported only when a package is installed and a text needs it, once per process. The
analyzer splits sentences itself (analyzer/text/sentences.py), so argostranslate's own splitters, which
fetch a model on first use, never run.
"""

from __future__ import annotations

import logging
import os
import threading
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from analyzer.engines import argos
from analyzer.engines.argos import ModelPackage
from analyzer.engines.korean import EngineUnavailable
from analyzer.text.sentences import split_sentences

PIVOT = "en"
DISABLE_ENV = "ANALYZER_TRANSLATE"  # "off" turns machine translation off even with packages installed
# Language -> argostranslate codes to try, in order; "zt" is Traditional Chinese (argostranslate's code).
CODES = {"zh": ("zh", "zt"), "zt": ("zt", "zh"), "ko": ("ko",), "en": ("en",)}
_LOCK = threading.Lock()
_log = logging.getLogger("analyzer")
_off: dict[str, str] = {}  # package directory -> why translation stopped there in this process


class _OwnSentences:
    """argostranslate's sentence-splitter interface, answered by the analyzer's splitter (no model, no network)."""

    def split_sentences(self, text: str) -> list[str]:
        return [text[a:b] for a, b in split_sentences(text, 0, len(text))]


@cache
def _catalogue(directory: str) -> dict[tuple[str, str], ModelPackage]:
    packages = argos.installed_packages(Path(directory))
    if packages and not argos.argos_installed():
        _log.warning("translation packages are installed in %s but %s", directory, argos.EXTRA_HINT)
        return {}
    return {(p.from_code, p.to_code): p for p in packages}


def _packages() -> dict[tuple[str, str], ModelPackage]:
    directory = str(argos.translate_dir())
    if directory in _off or os.environ.get(DISABLE_ENV, "").lower() in ("off", "0", "no", "false"):
        return {}
    return _catalogue(directory)


def enabled() -> bool:
    """True when some package is installed and usable (cheap: no argostranslate import)."""
    # Asked for every note and pair: the answer is kept for the settings it was found with.
    settings = (os.environ.get(argos.TRANSLATE_DIR_ENV), os.environ.get(DISABLE_ENV), len(_off))
    if settings not in _enabled:
        _enabled.clear()  # one entry: settings change only in tests and between a process's scans
        _enabled[settings] = bool(_packages())
    return _enabled[settings]


_enabled: dict[tuple[str | None, str | None, int], bool] = {}


def route(src: str, tgt: str) -> tuple[ModelPackage, ...] | None:
    """Packages that take `src` text to `tgt`: one directly, or two through English; None when none do."""
    packages = _packages()
    for s in CODES.get(src, (src,)):
        for t in CODES.get(tgt, (tgt,)):
            if (s, t) in packages:
                return (packages[s, t],)
    for s in CODES.get(src, (src,)):
        for t in CODES.get(tgt, (tgt,)):
            if (s, PIVOT) in packages and (PIVOT, t) in packages:
                return packages[s, PIVOT], packages[PIVOT, t]
    return None


@cache
def _loaded(directory: str, folder: str) -> tuple[Any, Any, Any]:
    package_mod = argos.argos_package(Path(directory))
    translate_mod = argos.argos_translate()
    import ctranslate2

    pkg = package_mod.Package(Path(directory) / folder)
    translator = ctranslate2.Translator(str(Path(directory) / folder / "model"), device="cpu")
    return pkg, translator, translate_mod.apply_packaged_translation


def _apply(package: ModelPackage, text: str) -> str:
    with _LOCK:
        pkg, translator, apply = _loaded(str(argos.translate_dir()), package.folder)
    lines = []
    for paragraph in text.split("\n"):
        if not any(ch.isalpha() for ch in paragraph):
            lines.append(paragraph)
            continue
        lines.append(apply(pkg, paragraph, translator, _OwnSentences(), 1)[0].value)
    return "\n".join(lines)


@lru_cache(maxsize=65536)
def _translate(text: str, hops: tuple[ModelPackage, ...]) -> str:
    for package in hops:
        text = _apply(package, text)
    return text


def translate(text: str, src: str, tgt: str) -> tuple[str, tuple[str, ...]] | None:
    """(translation, package names used) of `text` from `src` into `tgt`, or None without a route or engine."""
    hops = route(src, tgt)
    if hops is None:
        return None
    try:
        return _translate(text, hops), tuple(p.name for p in hops)
    except Exception as err:  # a broken engine or package must not stop a scan: report once, go on without
        reason = str(err) if isinstance(err, EngineUnavailable) else f"{type(err).__name__}: {err}"
        _off[str(argos.translate_dir())] = reason
        _log.warning("machine translation is off for this run: %s", reason)
        return None


def reset() -> None:
    """Forget the installed packages and loaded models (after an install or a removal)."""
    _off.clear()
    _enabled.clear()
    _catalogue.cache_clear()
    _loaded.cache_clear()
    _translate.cache_clear()
