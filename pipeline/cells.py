"""Read again, one by one, the ruled cells the page pass left unread.

Tesseract's page segmentation often drops whole table rows of a boxed form:
a caption in small type at the top of a cell and a handwritten value below it
come back as nothing, so neither the label nor its value exists for the
extractor. Each closed cell holds one field, so a cell whose ink no word
covers is cut out (its ruled lines whitened) and read as a block of its own;
its words then stand in for what the page pass found there.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline import ocr
from pipeline.marks import Box, cell_walls, line_masks, without_rules
from pipeline.pages import Word

CELL_CONFIG = "--oem 1 --psm 7"
"""Each text band of a cell is one line: read alone, a caption in small type is not lost beside a large
handwritten value (read as one block, a faxed cell's "Phone" caption came back as nothing, see tests)."""
BAND_GAP = 0.012
"""Inches of blank rows that part two text bands of a cell (a caption and the value under it)."""
MIN_BAND = 0.03
"""Inches: a thinner band is a speck or a rule's remains, not a line of text."""
UNREAD_SHARE = 0.5
"""A cell is read again when at least this share of its ink lies outside every word's box."""
MIN_INK_SQIN = 0.002
"""...and it holds at least this much ink (square inches): a few letters, not fax specks."""
KEY_BASE = 10_000
"""Line keys of re-read words start here, block = KEY_BASE * (cell number + 1), apart from the page's."""
PAD = 10
"""White margin around the crop (measured: upscaling the crop 2x read worse on faxed captions)."""


@dataclass(frozen=True)
class CellRead:
    box: Box
    words: list[Word]
    bands: tuple[Box, ...] = ()
    """Each text band's box in page pixels: a band's words replace the page's there when they read more."""


def closed_cells(bw: np.ndarray, dpi: float, h: np.ndarray, v: np.ndarray) -> list[Box]:
    """Rectangles closed by ruled lines on all sides, the size of a form field (not the page, not a tick box)."""
    free = (1 - cell_walls(bw, h, v, dpi)).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(free, connectivity=4)
    H, W = bw.shape
    out: list[Box] = []
    for i in range(1, n):
        x, y, w, hh, area = (int(s) for s in stats[i])
        if w > 0.97 * W or hh > 1.5 * dpi or hh < 0.15 * dpi or w < 0.4 * dpi:
            continue
        if area < 0.85 * w * hh:  # open page space leaks around lines; a cell fills its rectangle
            continue
        out.append((x, y, x + w, y + hh))
    return out


def unread_cells(bw: np.ndarray, dpi: float, words: list[Word]) -> list[Box]:
    """Closed cells whose ink is mostly outside the page pass's word boxes, or whose first line (the
    caption, in small type) the page pass left unread or read only as guesses."""
    h, v = line_masks(bw, dpi)
    ink = ((bw < 128) & ((h | v) == 0)).astype(np.uint8)
    covered = np.zeros_like(ink)
    for w in words:
        x0, y0, x1, y1 = (int(c) for c in w.bbox)
        covered[max(0, y0 - 2):y1 + 2, max(0, x0 - 2):x1 + 2] = 1
    min_ink = MIN_INK_SQIN * dpi * dpi
    out = []
    for box in closed_cells(bw, dpi, h, v):
        x0, y0, x1, y1 = box
        cell = ink[y0:y1, x0:x1]
        total = int(cell.sum())
        if total < min_ink:
            continue
        unread = int((cell & (1 - covered[y0:y1, x0:x1])).sum())
        if unread >= UNREAD_SHARE * total or _caption_unread(cell, box, dpi, words):
            out.append(box)
    return out


CAPTION_CONF = 0.6
"""A cell's first line is read when a word there has at least this confidence (a caption in print reads
0.9 or more; garbage Tesseract makes of small type on a fax, 0.0-0.4)."""


def _caption_unread(cell: np.ndarray, box: Box, dpi: float, words: list[Word]) -> bool:
    bands = text_bands(cell > 0, dpi)
    if len(bands) < 2:  # one line: no caption above a value to lose
        return False
    a, z = bands[0]
    top, bottom = box[1] + a, box[1] + z
    there = [w for w in words if _inside(w, (box[0], top, box[2], bottom))]
    return not any(w.conf >= CAPTION_CONF and sum(c.isalpha() for c in w.text) >= 2 for w in there)


def read_cell(bw: np.ndarray, dpi: float, box: Box, index: int, *, timeout: int = 30) -> CellRead:
    """The cell's words, boxes in page pixels, its ruled lines whitened first."""
    x0, y0, x1, y1 = box
    cell = without_rules(bw[y0:y1, x0:x1], dpi)
    base = KEY_BASE * (index + 1)
    words = []
    spans = [(max(0, a - 4), min(z + 4, y1 - y0)) for a, z in text_bands(cell < 128, dpi)]
    bands = tuple((x0, y0 + top, x1, y0 + bottom) for top, bottom in spans)
    for i, (top, bottom) in enumerate(spans):
        crop = cv2.copyMakeBorder(cell[top:bottom], PAD, PAD, PAD, PAD, cv2.BORDER_CONSTANT, value=255)
        dx, dy = x0 - PAD, y0 + top - PAD
        for w in ocr.read_words(crop, timeout=timeout, config=CELL_CONFIG):
            bx0, by0, bx1, by1 = w.bbox
            words.append(Word(text=w.text, conf=w.conf, bbox=(bx0 + dx, by0 + dy, bx1 + dx, by1 + dy),
                              line_key=(base + i, w.line_key[1], w.line_key[2])))
    return CellRead(box, words, bands)


def text_bands(inked: np.ndarray, dpi: float) -> list[tuple[int, int]]:
    """Row spans of a cell's lines of text (``inked``: True where ink is), parted by blank rows; specks and
    slivers left out."""
    rows = inked.sum(axis=1) > 1
    gap, least = max(2, round(BAND_GAP * dpi)), max(3, round(MIN_BAND * dpi))
    out: list[tuple[int, int]] = []
    start, end, blank = -1, -1, 0
    for y, inked in enumerate(rows):
        if inked:
            start, end, blank = (y if start < 0 else start), y + 1, 0
        elif start >= 0:
            blank += 1
            if blank >= gap:
                out.append((start, end))
                start = -1
    if start >= 0:
        out.append((start, end))
    return [(a, z) for a, z in out if z - a >= least]


def _inside(w: Word, box: Box) -> bool:
    cx, cy = (w.bbox[0] + w.bbox[2]) / 2, (w.bbox[1] + w.bbox[3]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _content(words: list[Word]) -> float:
    return sum(w.conf * sum(c.isalnum() for c in w.text) for w in words)


def merge(words: list[Word], reads: list[CellRead]) -> list[Word]:
    """The page's words with each re-read band of a cell (or the whole cell) in place of those it held, when
    it reads more: a caption read again is taken even where the page read the value under it better."""
    out = list(words)
    for r in reads:
        parts = [(b, [w for w in r.words if _inside(w, b)]) for b in r.bands] or [(r.box, r.words)]
        for box, new in parts:
            out = _replace(out, box, new)
    return out


def _replace(out: list[Word], box: Box, new: list[Word]) -> list[Word]:
    old = [w for w in out if _inside(w, box)]
    if _content(new) <= _content(old):
        return out
    at = next((i for i, w in enumerate(out) if _inside(w, box)), None)
    if at is None:  # where the page text reaches the box's top: keeps the page's reading order
        at = next((i for i, w in enumerate(out) if w.bbox[1] > box[1]), len(out))
    kept = [w for w in out if not _inside(w, box)]
    at = sum(1 for w in out[:at] if not _inside(w, box))
    return kept[:at] + new + kept[at:]


def reread_cells(bw: np.ndarray, dpi: float, words: list[Word], *, timeout: int = 30) -> list[Word]:
    """``words`` with the unread cells read on their own (see the module docstring)."""
    cells = unread_cells(bw, dpi, words)
    return merge(words, [read_cell(bw, dpi, box, i, timeout=timeout) for i, box in enumerate(cells)])
