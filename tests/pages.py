"""Test-only page makers: render known text, then fax it like a real fax machine would.

Kept tiny and independent of ``synth`` so the intake spine's tests do not
depend on the form synthesiser.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = [
    "AUTHORIZATION FOR RELEASE OF HEALTH INFORMATION",
    "Patient name: Jordan Example   Date of birth: 04/12/1980",
    "I authorize Aspen Ridge Health to release my records",
    "to the recipient named below for the purpose stated.",
    "This authorization expires one year from signing.",
]


def text_page(lines: list[str] = LINES, dpi: int = 300) -> Image.Image:
    """A letter-size grayscale page with ``lines`` printed in 12 pt."""
    w, h = int(8.5 * dpi), int(11 * dpi)
    im = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(im)
    font = ImageFont.truetype(FONT, int(12 * dpi / 72))
    y = int(1.0 * dpi)
    for line in lines:
        d.text((int(0.9 * dpi), y), line, font=font, fill=0)
        y += int(0.45 * dpi)
    return im


def fax_frame(page: Image.Image, *, fine: bool, rotate: int = 0, skew: float = 0.0, noise: float = 0.0,
              seed: int = 0) -> Image.Image:
    """A 1-bit frame at 204 x 196 (fine) or 204 x 98 (standard) dpi: non-square pixels."""
    src_dpi = 300
    im = page.rotate(skew, resample=Image.BICUBIC, fillcolor=255) if skew else page
    if rotate:
        im = im.rotate(-rotate, expand=True)
    ydpi = 196 if fine else 98
    im = im.resize((1728, int(im.height * ydpi / src_dpi)), Image.LANCZOS)
    arr = np.asarray(im)
    bw = np.where(arr < 170, 0, 255).astype(np.uint8)
    if noise:
        rng = np.random.default_rng(seed)
        bw[rng.random(bw.shape) < noise] = 0
    return Image.fromarray(bw).convert("1")


def sideways(page: Image.Image, skew: float, turn: int) -> Image.Image:
    """``page`` tilted by ``skew`` degrees, turned ``turn`` degrees clockwise and shrunk onto a sheet of
    its own size: a portrait form sent in a landscape tray."""
    im = page.rotate(skew, resample=Image.BICUBIC, fillcolor=255).rotate(-turn, expand=True)
    im = im.resize((page.width, round(im.height * page.width / im.width)), Image.LANCZOS)
    out = Image.new("L", page.size, 255)
    out.paste(im, (0, (page.height - im.height) // 2))
    return out


def write_fax(path: Path, frames: list[Image.Image], *, fine: bool, compression: str = "group4",
              dpi: tuple[float, float] | None = None) -> Path:
    """A multi-page CCITT TIFF with the fax's dpi tag (or ``dpi`` to write a wrong one)."""
    tag = dpi or (204, 196 if fine else 98)
    frames[0].save(path, compression=compression, dpi=tag, save_all=True, append_images=frames[1:])
    return path


def faxed_page(path: Path, page: Image.Image, options=None):  # type: ignore[no-untyped-def]
    """``page`` sent as a one-page fine fax to ``path``, then loaded and prepared as the pipeline
    does (with ``options``, a ``CleanOptions``, when given)."""
    from pipeline.clean import CleanOptions
    from pipeline.load import load_pages
    from pipeline.prepare import prepare_page

    write_fax(path, [fax_frame(page, fine=True)], fine=True)
    (raw,) = list(load_pages(path, max_pages=2, max_pixels=10**8))
    return prepare_page(raw, options or CleanOptions())


def form_sheet(title: str, x: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A letter-size 300 dpi page with our letterhead and ``title`` at ``x``, to draw a form on."""
    im = Image.new("L", (2550, 3300), 255)
    d = ImageDraw.Draw(im)
    d.text((170, 200), "Foothill Community Clinic", font=ImageFont.truetype(FONT, 44), fill=0)
    d.text((x, 650), title, font=ImageFont.truetype(FONT, 56), fill=0)
    return im, d
