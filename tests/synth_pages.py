"""Test-only helpers over synthesised documents: one page prepared as it would arrive, and the truth-box check.

Shared by the extraction tests so the fax recipe and the "box holds the
value's ink" criterion are the same everywhere.
"""

from __future__ import annotations

import random

import numpy as np

from pipeline.load import RawPage
from pipeline.pages import Page
from pipeline.prepare import prepare_page
from synth.degrade import to_fax

SLACK = 15
"""Pixels of slack round a read box: the value's centre must fall inside it."""


def prepare_synth_page(img, number: int, channel: str, seed: int) -> tuple[Page, float]:  # type: ignore[no-untyped-def]
    """A rendered 300-dpi page, faxed (fine mode, no skew) or kept clean, then prepared; and the scale to it."""
    if channel == "fax":
        bw = to_fax(img, mode="fine", rng=random.Random(seed), skew_deg=0.0, dither=False)
        raw = RawPage(number=number, image=np.asarray(bw.convert("L")), xdpi=204, ydpi=196, kind="tiff")
        return prepare_page(raw), 204 / 300
    return prepare_page(RawPage(number=number, image=np.asarray(img.convert("L")), xdpi=300, ydpi=300,
                                kind="image")), 1.0


def box_holds_truth(doc, field: str, bbox: list[float] | None, scale: float) -> bool:  # type: ignore[no-untyped-def]
    """The centre of where the synthesiser wrote ``field`` lies inside the box it was read from."""
    if field not in doc.field_boxes or not bbox:
        return False
    _, (x0, y0, x1, y1) = doc.field_boxes[field]
    cx, cy = (x0 + x1) / 2 * scale, (y0 + y1) / 2 * scale
    bx0, by0, bx1, by1 = bbox
    return bx0 - SLACK <= cx <= bx1 + SLACK and by0 - SLACK <= cy <= by1 + SLACK
