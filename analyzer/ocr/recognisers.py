"""The two line recognisers: PP-OCRv4's Chinese CTC model (ONNX) and Tesseract's Hangul LSTM model.

Each is built once per process, on first use, on one thread.
"""

from __future__ import annotations

import os
import threading
from functools import cache
from typing import Any

from analyzer.ocr.detector import onnx_session
from analyzer.ocr.setup import CHINESE_MODEL, KOREAN_MODEL, rapidocr_models, tessdata_dir

CHINESE_HEIGHT = 48  # the PP-OCRv4 recogniser's input height
CHINESE_MIN_WIDTH = 320
SPACE_GAP = 0.35  # a gap between two syllables wider than this share of their median height is a space
_TESSERACT = threading.Lock()  # one Tesseract API object per process, not thread-safe


@cache
def _chinese() -> tuple[Any, list[str]]:
    folder = rapidocr_models()
    assert folder is not None, "analyzer.ocr.setup.require() first"
    session = onnx_session(str(folder / CHINESE_MODEL))
    # The model carries its character list; CTC adds the blank first and PaddleOCR a space last.
    characters = session.get_modelmeta().custom_metadata_map["character"].splitlines()
    return session, ["", *characters, " "]


def read_chinese(line_rgb: Any) -> tuple[str, float]:
    """(text, confidence) of one line: CTC best path, confidence the mean probability of its characters."""
    import cv2
    import numpy as np

    session, characters = _chinese()
    height, width = line_rgb.shape[:2]
    new_w = max(1, int(np.ceil(CHINESE_HEIGHT * width / max(height, 1))))
    resized = cv2.resize(line_rgb[:, :, ::-1], (new_w, CHINESE_HEIGHT))  # the model reads BGR
    batch = np.zeros((1, 3, CHINESE_HEIGHT, max(new_w, CHINESE_MIN_WIDTH)), dtype=np.float32)
    batch[0, :, :, :new_w] = ((resized.astype(np.float32) / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)
    scores = session.run(None, {session.get_inputs()[0].name: batch})[0][0]
    best, probability = scores.argmax(axis=1), scores.max(axis=1)
    keep = (best != 0) & np.concatenate(([True], best[1:] != best[:-1]))
    text = "".join(characters[i] for i in best[keep] if i < len(characters))
    return text.strip(), float(probability[keep].mean()) if keep.any() else 0.0


@cache
def _tesseract(model: str) -> Any:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # before the library starts its thread pool
    import tesserocr

    folder = tessdata_dir()
    assert folder is not None, "analyzer.ocr.setup.require() first"
    return tesserocr.PyTessBaseAPI(path=f"{folder}/", lang=model, psm=tesserocr.PSM.SINGLE_LINE)


def read_korean(line_image: Any, model: str = KOREAN_MODEL, space: float = SPACE_GAP) -> tuple[str, float]:
    """(text, confidence 0-1) of one line image (Pillow) by Tesseract, read as a single line.

    Tesseract's Hangul model splits many words into syllables; the spaces are set again from the gaps between
    its symbols: a gap wider than `space` times their median height is a space, a narrower one none.
    """
    import tesserocr

    with _TESSERACT:
        api = _tesseract(model)
        api.SetImage(line_image)
        api.Recognize()
        symbols: list[tuple[str, tuple[int, int, int, int]]] = []
        level = tesserocr.RIL.SYMBOL
        for symbol in tesserocr.iterate_level(api.GetIterator(), level):
            try:
                text, box = symbol.GetUTF8Text(level), symbol.BoundingBox(level)
            except RuntimeError:  # an empty line: the iterator has no symbol to give
                break
            if text and box:
                symbols.append((text.strip(), box))
        confidence = api.MeanTextConf()
    heights = sorted(box[3] - box[1] for _, box in symbols)
    height = heights[len(heights) // 2] if heights else 0
    parts = []
    for index, (text, box) in enumerate(symbols):
        if index and box[0] - symbols[index - 1][1][2] > space * height:
            parts.append(" ")
        parts.append(text)
    return "".join(parts), max(confidence, 0) / 100.0
