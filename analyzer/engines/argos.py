"""The folder of installed argostranslate packages: read, check, install and remove `.argosmodel` files.

Listing reads each package's metadata.json and never imports argostranslate; installing and removing go
through argostranslate's own package code, pointed at this folder before it is first imported. A package is
a zip: it gets the scan's archive limits (total size, compression ratio, member count) before anything is
decompressed, so a bomb is refused instead of written out.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import threading
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any

from analyzer.engines.korean import EngineUnavailable
from analyzer.resources import models_dir

TRANSLATE_DIR_ENV = "ANALYZER_TRANSLATE_DIR"
# Languages the analyzer reads or reports in (argostranslate codes; zt is Traditional Chinese).
LANGUAGES = {"zh": "Chinese", "zt": "Chinese (Traditional)", "ko": "Korean", "en": "English"}
EXTRA_HINT = "install the translate extra: pip install torch (a CPU build), then pip install 'analyzer[translate]'"
_CODE = re.compile(r"^[a-z]{2,3}$")
_LOCK = threading.Lock()


class PackageError(Exception):
    """A package file or name that cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class ModelPackage:
    """An argostranslate translation package: its languages, version and folder."""

    name: str  # argospm name, e.g. translate-zh_en
    folder: str  # folder name inside the package directory (the zip's top-level folder)
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    version: str

    def describe(self) -> str:
        version = f" version {self.version}" if self.version else ""
        return f"{self.name} ({self.from_name or self.from_code} → {self.to_name or self.to_code}{version})"


def translate_dir() -> Path:
    """Where packages live: $ANALYZER_TRANSLATE_DIR, else models/translate/ (checkout or installed data)."""
    override = os.environ.get(TRANSLATE_DIR_ENV)
    return Path(override) if override else models_dir() / "translate"


def argos_installed() -> bool:
    """True when the translate extra is installed (checked without importing it)."""
    try:
        return importlib.util.find_spec("argostranslate") is not None
    except (ImportError, ValueError):
        return False


def _package_from_metadata(meta: Any, folder: str) -> ModelPackage:
    if not isinstance(meta, dict):
        raise PackageError("metadata.json must hold a JSON object")
    kind = meta.get("type", "translate")
    if kind != "translate":
        raise PackageError(f'metadata.json says type "{kind}"; only translation packages ("translate") are used')
    codes = []
    for key in ("from_code", "to_code"):
        code = meta.get(key)
        if not isinstance(code, str) or not _CODE.match(code):
            raise PackageError(f"metadata.json has no valid {key} (a 2-3 letter language code): {code!r}")
        codes.append(code)
    from_code, to_code = codes
    if from_code == to_code:
        raise PackageError(f"metadata.json translates {from_code} into itself")
    unused = [c for c in codes if c not in LANGUAGES]
    if unused:
        known = ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())
        raise PackageError(f"package translates {from_code}→{to_code}; the analyzer only uses {known}")
    return ModelPackage(
        name=f"translate-{from_code}_{to_code}",
        folder=folder,
        from_code=from_code,
        to_code=to_code,
        from_name=str(meta.get("from_name") or LANGUAGES[from_code]),
        to_name=str(meta.get("to_name") or LANGUAGES[to_code]),
        version=str(meta.get("package_version") or ""),
    )


def inspect_file(path: str | Path) -> ModelPackage:
    """Check an .argosmodel file (zip, one top folder, metadata, languages, model files) without installing it."""
    path = Path(path)
    if not path.is_file():
        raise PackageError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise PackageError(f"{path}: not a zip archive (an .argosmodel is a zip of one package folder)")
    try:
        with zipfile.ZipFile(path) as archive:
            _refuse_bombs(path, archive)
            bad = archive.testzip()
            if bad is not None:
                raise PackageError(f"{path}: corrupt member {bad}")
            names = [PurePosixPath(n) for n in archive.namelist()]
            if any(n.is_absolute() or ".." in n.parts for n in names):
                raise PackageError(f"{path}: member paths leave the package folder")
            tops = {n.parts[0] for n in names if n.parts}
            if len(tops) != 1:
                raise PackageError(f"{path}: expected one top-level package folder, found {len(tops)}")
            top = tops.pop()
            members = {str(n) for n in names}
            if f"{top}/metadata.json" not in members:
                raise PackageError(f"{path}: no {top}/metadata.json")
            try:
                meta = json.loads(archive.read(f"{top}/metadata.json").decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as err:
                raise PackageError(f"{path}: metadata.json is not valid JSON: {err}") from None
            package = _package_from_metadata(meta, top)
            if f"{top}/model/model.bin" not in members:
                raise PackageError(f"{path}: no CTranslate2 model ({top}/model/model.bin)")
            if not {f"{top}/sentencepiece.model", f"{top}/bpe.model"} & members:
                raise PackageError(f"{path}: no tokenizer ({top}/sentencepiece.model or {top}/bpe.model)")
    except (zipfile.BadZipFile, OSError) as err:
        raise PackageError(f"{path}: unreadable zip archive: {err}") from None
    except PackageError as err:
        if str(err).startswith(str(path)):
            raise
        raise PackageError(f"{path}: {err}") from None
    return package


def _refuse_bombs(path: Path, archive: zipfile.ZipFile) -> None:
    """The scan's archive limits, before a byte is decompressed: a 1 MB package must not write 1 GiB."""
    from analyzer.extract.archive import guard_package
    from analyzer.extract.base import FormatError, Limits

    try:
        guard_package(archive.infolist(), path.stat().st_size, Limits())
    except FormatError as err:
        raise PackageError(f"{path}: refused: {err}") from None


def installed_packages(directory: Path | None = None) -> list[ModelPackage]:
    """Packages in the folder, by name; folders without readable metadata are left out."""
    directory = directory or translate_dir()
    if not directory.is_dir():
        return []
    found = []
    for folder in sorted(p for p in directory.iterdir() if p.is_dir()):
        try:
            meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
            found.append(_package_from_metadata(meta, folder.name))
        except (OSError, ValueError, PackageError):
            continue
    return sorted(found, key=lambda p: (p.name, p.folder))


@cache
def _import(module: str) -> ModuleType:
    # argostranslate reads its package folder from the environment when first imported.
    os.environ.setdefault("ARGOS_PACKAGES_DIR", str(translate_dir()))
    os.environ.setdefault("ARGOS_DEVICE_TYPE", "cpu")
    # The analyzer splits sentences itself; with chunk type SPACY, argostranslate would fetch a model on import.
    os.environ["ARGOS_CHUNK_TYPE"] = "ARGOSTRANSLATE"
    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise EngineUnavailable(f"argostranslate is not installed ({err}): {EXTRA_HINT}") from err
    except OSError as err:  # it creates its data folders under $HOME on import
        raise EngineUnavailable(f"argostranslate cannot start: {err}") from err


def argos_package(directory: Path | None = None) -> ModuleType:
    """argostranslate.package (imported once, light), pointed at the package folder."""
    with _LOCK:
        settings = _import("argostranslate.settings")
        settings.package_data_dir = directory or translate_dir()
        settings.package_dirs = [settings.package_data_dir]
        return _import("argostranslate.package")


def argos_translate() -> ModuleType:
    """argostranslate.translate (imported once; heavy: it brings torch, stanza and spaCy along)."""
    with _LOCK:
        return _import("argostranslate.translate")


def install(path: str | Path, directory: Path | None = None) -> tuple[ModelPackage, list[ModelPackage]]:
    """Install a checked package file; returns it and the packages it replaced (same languages or folder)."""
    directory = directory or translate_dir()
    new = inspect_file(path)
    if not argos_installed():
        raise PackageError(f"cannot install {new.describe()}: {EXTRA_HINT}")
    package_mod = argos_package(directory)
    directory.mkdir(parents=True, exist_ok=True)
    replaced = [
        p
        for p in installed_packages(directory)
        if (p.from_code, p.to_code) == (new.from_code, new.to_code) or p.folder == new.folder
    ]
    for old in replaced:
        shutil.rmtree(directory / old.folder)
    try:
        package_mod.install_from_path(Path(path))
        loaded = package_mod.Package(directory / new.folder)
        if getattr(loaded, "tokenizer", None) is None:
            raise PackageError("argostranslate found no tokenizer in it")
    except Exception as err:
        shutil.rmtree(directory / new.folder, ignore_errors=True)
        if isinstance(err, PackageError):
            raise PackageError(f"{path}: {err}") from None
        raise PackageError(f"{path}: argostranslate could not install it: {err}") from None
    return new, replaced


def find(name: str, directory: Path | None = None) -> ModelPackage:
    """An installed package by argospm name (translate-zh_en), folder name, or language pair (zh_en, zh-en)."""
    packages = installed_packages(directory)
    wanted = name.strip().replace("→", "_").replace("-", "_")
    for package in packages:
        pair = f"{package.from_code}_{package.to_code}"
        if name in (package.name, package.folder) or wanted == pair:
            return package
    listing = ", ".join(p.name for p in packages) or "none"
    raise PackageError(f"no installed package named {name!r} (installed: {listing})")


def remove(name: str, directory: Path | None = None) -> ModelPackage:
    """Remove an installed package (through argostranslate when it is installed)."""
    directory = directory or translate_dir()
    package = find(name, directory)
    folder = directory / package.folder
    if argos_installed():
        package_mod = argos_package(directory)
        package_mod.uninstall(package_mod.Package(folder))
    else:
        shutil.rmtree(folder)
    return package
