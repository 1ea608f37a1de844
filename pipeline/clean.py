"""Page preparation with OpenCV: square pixels, flat light, upright, straight, clean.

Each step is a small function from image to image (plus what it measured), so
they can be measured one by one against OCR accuracy (``make bench``).
Images are uint8 grayscale with ink dark (0) and paper light (255).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class CleanOptions:
    """Which steps run; every one is on in production, off only to measure it."""

    target_dpi: float = 300.0
    """Cap: pages finer than this are brought down to it."""
    min_dpi: float = 0.0
    """Floor: coarser pages are upscaled to it (off: a fax is read at its own 204 dpi)."""
    perspective: bool = True
    flatten: bool = True
    deskew: bool = True
    despeckle: bool = True
    streaks: bool = True
    """Whiten a fax scanner's page-long vertical streaks (``remove_streaks``)."""
    orient: bool = True
    cells: bool = True
    """Read again the ruled cells the page pass left unread (``cells.py``)."""
    bands: bool = True
    """Read again the lines of text the page pass dropped (``bands.py``)."""
    max_skew: float = 6.0


def square_pixels(img: np.ndarray, xdpi: float, ydpi: float, target_dpi: float) -> tuple[np.ndarray, float]:
    """Rescale so both axes have ``target_dpi`` (a 204x98 fax is twice as tall after this)."""
    fx, fy = target_dpi / xdpi, target_dpi / ydpi
    if abs(fx - 1) < 0.02 and abs(fy - 1) < 0.02:
        return img, xdpi
    interp = cv2.INTER_AREA if fx < 1 and fy < 1 else cv2.INTER_CUBIC
    out = cv2.resize(img, None, fx=fx, fy=fy, interpolation=interp)
    return out, target_dpi


def is_bilevel(img: np.ndarray) -> bool:
    """True for fax-like pages that hold only black and white."""
    sample = img[:: max(1, img.shape[0] // 200), :: max(1, img.shape[1] // 200)]
    mid = np.count_nonzero((sample > 40) & (sample < 215))
    return mid < 0.01 * sample.size


def find_page_quad(img: np.ndarray) -> np.ndarray | None:
    """Corners of a sheet of paper photographed on a darker background, or None."""
    h, w = img.shape
    scale = 800.0 / max(h, w)
    small = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    blur = cv2.GaussianBlur(small, (7, 7), 0)
    _, mask = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    c = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(c)
    if area < 0.3 * small.size or area > 0.97 * small.size:
        return None  # no sheet found, or the sheet fills the frame: nothing to correct
    quad = cv2.approxPolyDP(cv2.convexHull(c), 0.02 * cv2.arcLength(c, True), True)
    if len(quad) != 4:
        return None
    return (quad.reshape(4, 2).astype(np.float32) / scale)


def correct_perspective(img: np.ndarray) -> np.ndarray:
    """Warp a photographed sheet to a flat, letter-shaped rectangle."""
    quad = find_page_quad(img)
    if quad is None:
        return img
    s, d = quad.sum(1), np.diff(quad, axis=1).ravel()
    tl, br, tr, bl = quad[np.argmin(s)], quad[np.argmax(s)], quad[np.argmin(d)], quad[np.argmax(d)]
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(width * 11 / 8.5)
    src = np.array([tl, tr, br, bl], dtype=np.float32)
    dst = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(img, m, (width, height), flags=cv2.INTER_CUBIC, borderValue=255)


def flatten_and_binarize(img: np.ndarray, dpi: float, floor: float = 0.0) -> np.ndarray:
    """Divide out uneven light (phone photos, staple shadows), then Otsu to black and white; anything darker
    than ``floor`` (FLAT_INK for a page that came in gray) is ink whatever Otsu says."""
    k = max(15, int(dpi / 4) | 1)
    background = cv2.morphologyEx(img, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    flat = cv2.divide(img, background, scale=255)
    otsu, _ = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    _, bw = cv2.threshold(flat, max(otsu, floor), 255, cv2.THRESH_BINARY)
    return bw


FLAT_INK = 170
"""Once the light is divided out, anything darker than two thirds of the paper is ink. Otsu alone splits paper
from dark print and drops faint pen or pencil between them: on a dev phone photo its threshold (132) left the
written values as specks (Tesseract's page confidence 0.54; 0.83 at this one). On dev's grayscale scans the
two read alike (page confidence within 0.01). Not for a fax: its gray is only the interpolation of a black and
white image squared, where the higher threshold thickened strokes enough to change two documents' form type."""


def binarize(img: np.ndarray) -> np.ndarray:
    _, bw = cv2.threshold(img, 127, 255, cv2.THRESH_BINARY)
    return bw


def estimate_skew(bw: np.ndarray, max_angle: float = 6.0) -> float:
    """Skew in degrees (positive = counter-clockwise text) by projection-profile variance."""
    h, w = bw.shape
    scale = 1000.0 / max(h, w)
    small = cv2.resize(255 - bw, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if np.count_nonzero(small > 64) < 200:
        return 0.0
    center = (small.shape[1] / 2, small.shape[0] / 2)

    def score(angle: float) -> float:
        m = cv2.getRotationMatrix2D(center, angle, 1.0)
        rot = cv2.warpAffine(small, m, (small.shape[1], small.shape[0]), flags=cv2.INTER_NEAREST)
        prof = rot.sum(axis=1, dtype=np.float64)
        return float(np.var(np.diff(prof)))

    coarse = np.arange(-max_angle, max_angle + 1e-6, 0.5)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-6, 0.1)
    best = max(fine, key=score)
    return round(float(best), 2)


def rotate_small(img: np.ndarray, angle: float) -> np.ndarray:
    """Rotate by a few degrees around the centre, paper-white corners."""
    if abs(angle) < 0.05:
        return img
    h, w = img.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def rotate_quarter(img: np.ndarray, clockwise: int) -> np.ndarray:
    """Rotate by 0/90/180/270 degrees clockwise."""
    turns = {0: None, 90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    code = turns[clockwise % 360]
    return img if code is None else cv2.rotate(img, code)


def remove_streaks(bw: np.ndarray, dpi: float) -> tuple[np.ndarray, int]:
    """Whiten the vertical streaks a dirty fax scanner draws down a whole page; and how many.

    A streak is a column of ink one to a few pixels wide that runs from the page's top edge to its bottom
    (a printed rule or border stops at the margins). It cuts every word and digit it crosses ("09" read
    "06"); where a stroke crosses it, ink on both sides, the stroke's pixels stay.
    """
    ink = bw < 128
    h, w = ink.shape
    edge = max(2, int(STREAK_EDGE * h))
    full = (ink.mean(axis=0) >= STREAK_COVER) & ink[:edge].any(axis=0) & ink[-edge:].any(axis=0)
    cols = np.nonzero(full)[0]
    if not len(cols):
        return bw, 0
    runs = np.split(cols, np.nonzero(np.diff(cols) > 1)[0] + 1)
    out = bw.copy()
    n = 0
    widest = max(1, round(STREAK_MAX_IN * dpi))
    for run in runs:
        x0, x1 = int(run[0]), int(run[-1])
        if x1 - x0 + 1 > widest or x0 == 0 or x1 == w - 1:
            continue
        crossed = ink[:, x0 - 1] & ink[:, x1 + 1]
        out[~crossed, x0:x1 + 1] = 255
        n += 1
    return out, n


STREAK_COVER = 0.9
"""Share of a page's rows a streak column is inked on (a scanner streak: nearly all; a page border: less)."""
STREAK_EDGE = 0.015
"""Share of the page's height: a streak reaches this close to the top and the bottom edge."""
STREAK_MAX_IN = 0.03
"""Inches: the widest streak (measured on dev faxes: one or two pixels at 204 dpi)."""


def despeckle(bw: np.ndarray, dpi: float) -> np.ndarray:
    """Remove isolated dots smaller than a full stop (fax line noise, dust)."""
    max_area = max(2, int((dpi / 300.0) ** 2 * 6))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(255 - bw, connectivity=8)
    small = np.where(stats[:, cv2.CC_STAT_AREA] <= max_area)[0]
    small = small[small != 0]
    if small.size == 0:
        return bw
    out = bw.copy()
    out[np.isin(labels, small)] = 255
    return out


def ink_ratio(bw: np.ndarray) -> float:
    """Share of dark pixels, ignoring a margin where fax headers and scan edges sit."""
    h, w = bw.shape
    core = bw[int(h * 0.06) : int(h * 0.95), int(w * 0.04) : int(w * 0.96)]
    return float(np.count_nonzero(core < 128)) / max(1, core.size)
