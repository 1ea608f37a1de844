"""Send a clean 300-dpi page through a channel the way the synthesiser does, and OCR it.

Training pages go through the same degradations (``synth.degrade``) and the
same cleaning and OCR (``pipeline.prepare``) as the inbox's pages will.
"""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
from PIL import Image

from pipeline.load import RawPage
from pipeline.pages import Page
from pipeline.prepare import prepare_page
from synth import degrade


def through_channel(img: Image.Image, rng: random.Random) -> Page:
    """Fax (65%), mail scan (25%) or phone photo (10%), then our cleaning and OCR."""
    img = img.convert("L")
    roll = rng.random()
    if roll < 0.65:
        mode = rng.choice(["fine", "standard"])
        header = degrade.header_text(dt.datetime(2026, 3, 4, 10, 30), "SENDER OFFICE", "3035550100",
                                     "9705550108", 1, rng.randint(1, 5), rng) if rng.random() < 0.7 else None
        rotation = 180 if rng.random() < 0.08 else 0
        fax = degrade.to_fax(img, mode=mode, rng=rng, rotation=rotation, header=header)
        xdpi, ydpi = degrade.FAX_DPI[mode]
        raw = RawPage(number=1, image=np.asarray(fax.convert("L")), xdpi=xdpi, ydpi=ydpi, kind="tiff")
    elif roll < 0.9:
        dpi = rng.choice([200, 240, 300])
        scan = degrade.to_scan(img, dpi=dpi, color=False, rng=rng)
        raw = RawPage(number=1, image=np.asarray(scan.convert("L")), xdpi=dpi, ydpi=dpi, kind="image")
    else:
        photo = degrade.to_photo(img, rng=rng)
        dpi = photo.width / 8.5 / 1.1
        raw = RawPage(number=1, image=np.asarray(photo.convert("L")), xdpi=dpi, ydpi=dpi, kind="image")
    return prepare_page(raw)
