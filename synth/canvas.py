"""A page canvas that draws with PIL and records what it drew.

The record (``ops``) lets ``pdf_digital.py`` replay a page as a born-digital
PDF with a real text layer, from the very same layout the raster shows.
Coordinates are 300-dpi pixels, origin top-left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageDraw

from synth.fonts import Font

DPI = 300
LETTER = (2550, 3300)  # 8.5 x 11 in at 300 dpi

Box = tuple[int, int, int, int]


def union(a: Box | None, b: Box | None) -> Box | None:
    if a is None:
        return b
    if b is None:
        return a
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


@dataclass
class Canvas:
    """One grayscale page (255 = paper) plus the drawing record."""

    size: tuple[int, int] = LETTER
    image: Image.Image = field(init=False)
    ops: list[tuple[Any, ...]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.image = Image.new("L", self.size, 255)
        self._draw = ImageDraw.Draw(self.image)

    @property
    def width(self) -> int:
        return self.size[0]

    @property
    def height(self) -> int:
        return self.size[1]

    def text(self, x: float, y: float, s: str, font: Font, gray: int = 0) -> Box:
        """Draw ``s`` with its top (ascender line) at ``y``; returns the ink box."""
        if not s:
            return (int(x), int(y), int(x), int(y))
        f = font.pil
        self._draw.text((x, y), s, font=f, fill=gray, anchor="la")
        self.ops.append(("text", float(x), float(y), s, font.path, font.size, gray))
        b = self._draw.textbbox((x, y), s, font=f, anchor="la")
        return (int(b[0]), int(b[1]), int(b[2]), int(b[3]))

    def text_width(self, s: str, font: Font) -> float:
        return font.pil.getlength(s)

    def line(self, x0: float, y0: float, x1: float, y1: float, width: int = 2, gray: int = 0) -> None:
        self._draw.line([(x0, y0), (x1, y1)], fill=gray, width=width)
        self.ops.append(("line", x0, y0, x1, y1, width, gray))

    def rect(self, x0: float, y0: float, x1: float, y1: float, width: int = 2, gray: int = 0,
             fill: int | None = None) -> None:
        self._draw.rectangle([x0, y0, x1, y1], outline=gray if width else None, width=width, fill=fill)
        self.ops.append(("rect", x0, y0, x1, y1, width, gray, fill))

    def ellipse(self, x0: float, y0: float, x1: float, y1: float, width: int = 2, gray: int = 0,
                fill: int | None = None) -> None:
        self._draw.ellipse([x0, y0, x1, y1], outline=gray, width=width, fill=fill)
        self.ops.append(("ellipse", x0, y0, x1, y1, width, gray, fill))

    def stroke(self, pts: list[tuple[float, float]], width: int = 3, gray: int = 0) -> Box:
        """A pen stroke (polyline with round joints)."""
        if len(pts) < 2:
            return (0, 0, 0, 0)
        self._draw.line(pts, fill=gray, width=width, joint="curve")
        self.ops.append(("stroke", list(pts), width, gray))
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        h = width // 2 + 1
        return (int(min(xs)) - h, int(min(ys)) - h, int(max(xs)) + h, int(max(ys)) + h)

    def polygon(self, pts: list[tuple[float, float]], gray: int = 0) -> None:
        self._draw.polygon(pts, fill=gray)
        self.ops.append(("polygon", list(pts), gray))

    def paste_ink(self, mask: Image.Image, x: int, y: int, gray: int = 0) -> Box:
        """Lay ink through ``mask`` (L, 255 = full ink) at (x, y); returns the ink box."""
        solid = Image.new("L", mask.size, gray)
        self.image.paste(solid, (x, y), mask)
        self.ops.append(("ink", x, y, mask, gray))
        bb = mask.getbbox()
        if bb is None:
            return (x, y, x, y)
        return (x + bb[0], y + bb[1], x + bb[2], y + bb[3])
