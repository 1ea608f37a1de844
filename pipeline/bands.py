"""Read again the lines of text the page pass dropped.

On a faxed page Tesseract's layout analysis sometimes drops a whole line
("Client name: ..." under a page header), and with it the caption the
extractor anchors on. Such a line is ink that no word's box covers. Each
stretch of uncovered, letter-sized ink is cut out as a band, its ruled lines
whitened; the bands are stacked into one strip image with white gaps and read
in one Tesseract call (measured on a faxed page: 10 bands in 0.4 s stacked,
3.2 s one by one). The words read with confidence are added to the page's,
the bands of one row one line of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline import ocr
from pipeline.marks import Box, line_masks, without_rules
from pipeline.pages import Word

BAND_CONFIG = "--oem 1 --psm 6"
"""The stacked bands are one block of lines, one band per line."""
MIN_CONF = 0.5
"""Band words below this are left out: handwriting and fax noise read as letters. The bands are
wanted for the printed captions a dropped line takes with it, which read at 0.8-0.9."""
KEY_BASE = 500_000
"""Line keys of band words start here (the cell re-reads use 10 000 up), apart from the page's."""
MAX_BANDS = 40
"""Bands kept per page, the ones with most ink: a noisy photo must not cost a minute."""
PAD_IN = 0.04
GAP_IN = 0.15
"""White space above and below each band and between stacked bands, inches."""
COVER_PAD = 3
"""Pixels around a word's box that count as read."""


@dataclass(frozen=True)
class Band:
    box: Box
    ink: int


def _text_ink(bw: np.ndarray, dpi: float, words: list[Word]) -> np.ndarray:
    """Ink outside ruled lines and word boxes, in pieces the size of letters (0/1 mask)."""
    h, v = line_masks(bw, dpi)
    ink = ((bw < 128) & ((h | v) == 0)).astype(np.uint8)
    for w in words:
        x0, y0, x1, y1 = (int(c) for c in w.bbox)
        ink[max(0, y0 - COVER_PAD):y1 + COVER_PAD, max(0, x0 - COVER_PAD):x1 + COVER_PAD] = 0
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    w, hh, area = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_AREA]
    ok = ((area >= 6) & (hh >= 0.03 * dpi) & (hh <= 0.5 * dpi) & (w <= 3 * dpi)).astype(np.uint8)
    ok[0] = 0  # the background
    return ok[labels]


def unread_bands(bw: np.ndarray, dpi: float, words: list[Word]) -> list[Band]:
    """Line-shaped stretches of letter-sized ink that no word covers, top to bottom."""
    ink = _text_ink(bw, dpi, words)
    joined = cv2.dilate(ink, cv2.getStructuringElement(
        cv2.MORPH_RECT, (max(3, int(0.2 * dpi)), max(1, int(0.02 * dpi)))))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, hh, _ = (int(s) for s in stats[i])
        if not (0.07 * dpi <= hh <= 0.6 * dpi) or w < 0.3 * dpi:
            continue
        amount = int(ink[y:y + hh, x:x + w].sum())
        if amount >= 0.002 * dpi * dpi:
            out.append(Band((x, y, x + w, y + hh), amount))
    out = sorted(out, key=lambda b: -b.ink)[:MAX_BANDS]
    return sorted(out, key=lambda b: (b.box[1], b.box[0]))


def _cut(bw: np.ndarray, dpi: float, box: Box) -> tuple[np.ndarray, int, int]:
    """The band's pixels with their ruled lines whitened, and the crop's top-left corner."""
    pad = int(PAD_IN * dpi)
    x0, y0 = max(0, box[0] - pad), max(0, box[1] - pad)
    return without_rules(bw[y0:box[3] + pad, x0:box[2] + pad], dpi), x0, y0


def read_bands(bw: np.ndarray, dpi: float, bands: list[Band], *, timeout: int = 30) -> list[Word]:
    """Words of the bands, stacked into one image and read once; boxes in page pixels."""
    if not bands:
        return []
    cuts = [_cut(bw, dpi, b.box) for b in bands]
    gap = int(GAP_IN * dpi)
    width = max(c.shape[1] for c, _, _ in cuts) + 2 * gap
    strip = np.full((sum(c.shape[0] + gap for c, _, _ in cuts) + gap, width), 255, np.uint8)
    spans = []
    y = gap
    for crop, _, _ in cuts:
        strip[y:y + crop.shape[0], gap:gap + crop.shape[1]] = crop
        spans.append((y, y + crop.shape[0]))
        y += crop.shape[0] + gap
    rows = _rows(bands)
    words = []
    for w in ocr.read_words(strip, timeout=timeout, config=BAND_CONFIG):
        if w.conf < MIN_CONF:
            continue
        cy = (w.bbox[1] + w.bbox[3]) / 2
        j = next((j for j, (a, b) in enumerate(spans) if a <= cy <= b), None)
        if j is None:
            continue
        _, x0, y0 = cuts[j]
        dx, dy = x0 - gap, y0 - spans[j][0]
        bx0, by0, bx1, by1 = w.bbox
        words.append(Word(text=w.text, conf=w.conf, bbox=(bx0 + dx, by0 + dy, bx1 + dx, by1 + dy),
                          line_key=(KEY_BASE + rows[j], 0, 0)))
    return words


def _rows(bands: list[Band]) -> list[int]:
    """A row number per band: bands side by side (a caption, then its value past a gap) share
    one, so their words are one line as Tesseract would have made them."""
    rows: list[int] = []
    for j, b in enumerate(bands):
        h = b.box[3] - b.box[1]
        same = next((rows[k] for k in range(j) if min(b.box[3], bands[k].box[3])
                     - max(b.box[1], bands[k].box[1]) > 0.5 * min(h, bands[k].box[3] - bands[k].box[1])),
                    None)
        rows.append(len(set(rows)) if same is None else same)
    return rows


def _overlap(a: Box, b: Box) -> float:
    """Share of ``a``'s area that ``b`` covers."""
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    area = max(1, (a[2] - a[0]) * (a[3] - a[1]))
    return ix * iy / area


def add_unread(bw: np.ndarray, dpi: float, words: list[Word], *, timeout: int = 30) -> list[Word]:
    """``words`` and the confident words of the page's unread bands (see the module docstring)."""
    found = read_bands(bw, dpi, unread_bands(bw, dpi, words), timeout=timeout)
    new = [w for w in found if not any(_overlap(w.bbox, o.bbox) > 0.3 for o in words)]
    return list(words) + new
