"""Make a clean page image look like it came through a fax machine (training only)."""

from __future__ import annotations

import cv2
import numpy as np


def fax_like(gray: np.ndarray, dpi: float, rng: np.random.Generator) -> tuple[np.ndarray, float, float]:
    """Return (1-bit image, xdpi, ydpi): 204 dpi across, 98 or 196 lines, skew, speckle."""
    ydpi = float(rng.choice([98.0, 196.0]))
    xdpi = 204.0
    angle = float(rng.uniform(-2.5, 2.5))
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    img = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    img = cv2.resize(img, None, fx=xdpi / dpi, fy=ydpi / dpi, interpolation=cv2.INTER_AREA)
    thresh = float(rng.uniform(150, 200))
    bw = np.where(img < thresh, 0, 255).astype(np.uint8)
    noise = rng.random(bw.shape) < rng.uniform(0.0002, 0.002)
    bw[noise] = 0
    if rng.random() < 0.1:
        bw = cv2.rotate(bw, cv2.ROTATE_180)
    return bw, xdpi, ydpi
