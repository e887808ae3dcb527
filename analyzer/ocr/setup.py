"""What `--ocr` needs installed, where its models are, and the one error that says what is missing.

Looked up without importing anything heavy, so `--ocr` fails fast (exit 2) with the install commands.
"""

from __future__ import annotations

import os
from functools import cache
from importlib.util import find_spec
from pathlib import Path

DETECTOR_MODEL = "ch_PP-OCRv4_det_infer.onnx"  # PP-OCRv4 DB text-line detector (Apache-2.0)
CHINESE_MODEL = "ch_PP-OCRv4_rec_infer.onnx"  # PP-OCRv4 Chinese recogniser (Apache-2.0)
KOREAN_MODEL = "Hangul"  # Tesseract's Hangul-script LSTM model (tessdata_fast, Apache-2.0)
# Where Debian and Ubuntu put tessdata (Tesseract 5, then 4); $TESSDATA_PREFIX first.
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata")
INSTALL_HINT = (
    'pip install "analyzer[ocr]" (rapidocr-onnxruntime, tesserocr) and '
    "apt-get install tesseract-ocr-script-hang (or `make ocr`)"
)


class OcrUnavailable(RuntimeError):
    """OCR was asked for but cannot run here; the message names what to install."""


@cache
def rapidocr_models() -> Path | None:
    """The model folder of the installed rapidocr-onnxruntime wheel (which ships the PP-OCR models)."""
    spec = find_spec("rapidocr_onnxruntime")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "models"
    return folder if (folder / DETECTOR_MODEL).is_file() and (folder / CHINESE_MODEL).is_file() else None


@cache
def tessdata_dir() -> Path | None:
    """The tessdata folder holding the Hangul model: $TESSDATA_PREFIX, else Debian's."""
    candidates = [os.environ["TESSDATA_PREFIX"]] if os.environ.get("TESSDATA_PREFIX") else []
    for folder in map(Path, [*candidates, *TESSDATA_DIRS]):
        for place in (folder, folder / "script"):
            if (place / f"{KOREAN_MODEL}.traineddata").is_file():
                return place
    return None


def versions() -> tuple[str, ...]:
    """The installed recognisers and their model files, for the scan cache's key: new models, new results."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("rapidocr-onnxruntime", "onnxruntime", "opencv-python", "tesserocr"):
        try:
            found.append(f"{package}=={version(package)}")
        except PackageNotFoundError:
            found.append(f"{package} missing")
    folder = tessdata_dir()
    if folder is not None:
        model = folder / f"{KOREAN_MODEL}.traineddata"
        found.append(f"{model}:{model.stat().st_size}:{model.stat().st_mtime_ns}")
    return tuple(found)


def missing() -> list[str]:
    """What OCR lacks here, one item per missing piece (empty: ready)."""
    problems = []
    if rapidocr_models() is None:
        problems.append("the PP-OCR models of rapidocr-onnxruntime")
    for module, package in (("onnxruntime", "onnxruntime"), ("cv2", "opencv-python"), ("numpy", "numpy")):
        if find_spec(module) is None:
            problems.append(package)
    if find_spec("tesserocr") is None:
        problems.append("tesserocr")
    if tessdata_dir() is None:
        problems.append(f"Tesseract's {KOREAN_MODEL} model (Debian package tesseract-ocr-script-hang)")
    return problems


def available() -> bool:
    return not missing()


def require() -> None:
    """OcrUnavailable naming what to install, unless everything OCR needs is here."""
    problems = missing()
    if problems:
        raise OcrUnavailable(f"--ocr needs {', '.join(problems)}: {INSTALL_HINT}")
