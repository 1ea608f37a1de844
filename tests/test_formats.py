"""Odd but legitimate files: colour spaces, bit depths, compressions, names, orientations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.process import process_file
from pipeline.settings import Settings
from tests.pages import text_page

WRITERS: dict[str, Callable[[Image.Image, Path], None]] = {
    "cmyk.jpg": lambda im, p: im.convert("CMYK").save(p, dpi=(300, 300)),
    "gray16.png": lambda im, p: Image.fromarray(np.asarray(im).astype(np.uint16) * 257).save(p),
    "rgba.png": lambda im, p: im.convert("RGBA").save(p),
    "jpeg-in.tif": lambda im, p: im.save(p, compression="jpeg"),
    "palette.gif": lambda im, p: im.convert("P").save(p),
    "ñame with spaces é.tif": lambda im, p: im.save(p, compression="tiff_lzw"),
    "landscape.pdf": lambda im, p: im.rotate(90, expand=True).save(p, resolution=300),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(WRITERS))
def test_read_not_quarantined(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    WRITERS[name](text_page(), path)
    outcome = process_file(path, Settings())
    assert not outcome.quarantined
    (first, *_) = outcome.results
    assert first.pages[0].ocr_confidence >= 0.8
    if name == "landscape.pdf":
        assert first.pages[0].rotation == 90
