"""Check boxes, signature ink and ruled cells on drawn pages (no OCR)."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.marks import Geometry, judge_group, mark_ink, signature_ink
from pipeline.pages import Page


def blank(h: int = 1100, w: int = 1700) -> np.ndarray:
    return np.full((h, w), 255, np.uint8)


def page(img: np.ndarray, dpi: float = 200) -> Page:
    return Page(number=1, image=img, dpi=dpi)


def test_ticked_and_empty_boxes() -> None:
    img = blank()
    regions = []
    for i, style in enumerate(["empty", "x", "empty", "check", "fill", "empty"]):
        x, y = 100, 100 + i * 60
        cv2.rectangle(img, (x, y), (x + 22, y + 22), 0, 2)
        if style == "x":
            cv2.line(img, (x + 2, y + 2), (x + 20, y + 20), 0, 3)
            cv2.line(img, (x + 20, y + 2), (x + 2, y + 20), 0, 3)
        elif style == "check":
            cv2.line(img, (x + 3, y + 12), (x + 9, y + 20), 0, 3)
            cv2.line(img, (x + 9, y + 20), (x + 28, y - 6), 0, 3)
        elif style == "fill":
            cv2.rectangle(img, (x + 4, y + 4), (x + 18, y + 18), 0, -1)
        regions.append((style, (x - 20, y - 10, x + 34, y + 30)))
    geo = Geometry(page(img))
    ticks = judge_group([(s, mark_ink(geo, r), r) for s, r in regions], geo.dpi)
    assert [t.ticked for t in ticks] == [False, True, False, True, True, False]
    assert all(t.confidence >= 0.85 for t in ticks)


def test_signature_ink_present_and_absent() -> None:
    img = blank()
    cv2.line(img, (100, 500), (900, 500), 0, 2)  # the signature line
    geo = Geometry(page(img))
    region = (100, 420, 900, 505)
    empty = signature_ink(geo, region, [])
    assert empty.present is False and empty.confidence >= 0.85
    pts = np.array([[150 + i * 12, 470 + int(18 * np.sin(i / 2.0))] for i in range(50)], np.int32)
    cv2.polylines(img, [pts], False, 0, 3)
    signed = signature_ink(Geometry(page(img)), region, [])
    assert signed.present is True and signed.confidence >= 0.85
    assert signed.bbox is not None and signed.bbox[0] >= 140 and signed.bbox[2] <= 760


def test_printed_words_are_not_a_signature() -> None:
    """The label's own ink (boxes OCR gave) and specks never count as a signature."""
    img = blank()
    cv2.putText(img, "Signature", (110, 490), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    img[450, 600] = 0  # a speck
    geo = Geometry(page(img))
    s = signature_ink(geo, (100, 420, 900, 505), [(105, 460, 280, 500)])
    assert s.present is False


def test_cells_and_lines() -> None:
    img = blank()
    cv2.rectangle(img, (100, 100), (700, 180), 0, 2)
    cv2.rectangle(img, (700, 100), (1300, 180), 0, 2)
    cv2.line(img, (100, 400), (800, 400), 0, 2)
    geo = Geometry(page(img))
    assert geo.cell_at(300, 140) == (102, 102, 699, 179) or geo.cell_at(300, 140) is not None
    c = geo.cell_at(300, 140)
    assert c[0] >= 100 and c[2] <= 700
    assert geo.cell_at(300, 600) is None  # open page
    assert any(abs(s.y - 400) <= 2 and s.x1 - s.x0 > 600 for s in geo.segments)
