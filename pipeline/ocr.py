"""The Tesseract adapter: words with boxes and confidences, and page orientation.

One module talks to Tesseract (through pytesseract) and turns its failures
into our exceptions. ``OMP_THREAD_LIMIT=1`` is set for every call: pages run
in parallel processes, and OpenMP inside each one makes the whole 3x slower.
"""

from __future__ import annotations

import os
import shutil
from functools import lru_cache

import numpy as np
import pytesseract

from pipeline.errors import MissingDependencyError
from pipeline.pages import Word

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

OCR_CONFIG = "--oem 1 --psm 3"


@lru_cache(maxsize=1)
def check_tesseract() -> str:
    """Tesseract's version, or ``MissingDependencyError`` (checked once per process)."""
    if shutil.which("tesseract") is None:
        raise MissingDependencyError(
            "tesseract is not installed: apt-get install tesseract-ocr tesseract-ocr-osd"
        )
    try:
        return str(pytesseract.get_tesseract_version())
    except pytesseract.TesseractNotFoundError as e:
        raise MissingDependencyError("tesseract cannot be run") from e


def read_words(img: np.ndarray, *, timeout: int = 120, config: str = OCR_CONFIG) -> list[Word]:
    """Words of an upright page image, boxes in its pixels, confidence 0..1."""
    check_tesseract()
    try:
        data = pytesseract.image_to_data(
            img, lang="eng", config=config, output_type=pytesseract.Output.DICT, timeout=timeout
        )
    except RuntimeError as e:  # pytesseract raises RuntimeError on timeout
        raise TimeoutError("tesseract timed out on a page") from e
    words: list[Word] = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        words.append(Word(text=text, conf=round(conf / 100.0, 3), bbox=(x, y, x + w, y + h), line_key=key))
    return words


def page_confidence(words: list[Word]) -> float:
    """Mean word confidence weighted by word length (0 for a page with no words)."""
    total = sum(len(w.text) for w in words)
    if total == 0:
        return 0.0
    return round(sum(w.conf * len(w.text) for w in words) / total, 3)


def detect_rotation(img: np.ndarray, *, timeout: int = 60) -> tuple[int, float]:
    """Clockwise rotation that makes the page upright, and Tesseract's OSD confidence.

    Returns (0, 0.0) when OSD cannot decide (too little text, e.g. a blank page).
    """
    check_tesseract()
    try:
        osd = pytesseract.image_to_osd(
            img, config="--psm 0 -c min_characters_to_try=10", output_type=pytesseract.Output.DICT,
            timeout=timeout,
        )
    except (pytesseract.TesseractError, RuntimeError):
        return 0, 0.0
    return int(osd.get("rotate", 0)) % 360, float(osd.get("orientation_conf", 0.0))
