"""Internal, typed page data passed between stages.

A ``Page`` is one page of a source file after cleaning and OCR: the upright,
square-pixel image the pipeline stored, the words read from it (boxes in that
image's pixels) and what was done to get there. Stages after OCR (split,
classify, extract) read only these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Word:
    """One OCR word. ``conf`` is 0..1; ``line_key`` groups words of one text line."""

    text: str
    conf: float
    bbox: BBox
    line_key: tuple[int, int, int] = (0, 0, 0)

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def y0(self) -> float:
        return self.bbox[1]

    @property
    def x1(self) -> float:
        return self.bbox[2]

    @property
    def y1(self) -> float:
        return self.bbox[3]


@dataclass
class Page:
    """One page, upright, square pixels, with its words."""

    number: int  # 1-based, in the source file
    image: np.ndarray  # uint8 grayscale (0 = ink), as stored for review
    dpi: float  # square dpi of ``image``
    words: list[Word] = field(default_factory=list)
    rotation: int = 0  # clockwise degrees applied to make it upright
    skew_degrees: float = 0.0
    ocr_confidence: float = 0.0  # 0..1, mean word confidence weighted by length
    text_layer: bool = False  # words came from a PDF text layer, not OCR
    ink_ratio: float = 0.0  # share of dark pixels after cleaning

    @property
    def text(self) -> str:
        """Words joined in reading order, one line per OCR line."""
        lines: list[str] = []
        last: tuple[int, int, int] | None = None
        for w in self.words:
            if last is not None and w.line_key != last:
                lines.append("\n")
            elif lines:
                lines.append(" ")
            lines.append(w.text)
            last = w.line_key
        return "".join(lines)

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])
