"""Pen and typewriter marks: handwriting-like text, signatures, ticks.

Handwriting is a handwriting font (or an oblique print font) drawn word by
word with baseline jitter, slant and a small rotation, so no two fills look
typeset. Signatures are random pen strokes, not text, as on real forms.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

from synth.canvas import Box, Canvas
from synth.fonts import Font, TYPED_FONTS, hand_fonts, has_real_hand_fonts, load


@dataclass(frozen=True)
class Pen:
    """How one person fills a form in: font, size, ink, slant, wobble."""

    font: str
    size: int
    gray: int
    slant: float
    wobble: float
    handwritten: bool
    capitals: bool = False
    """Prints every value in block capitals, as many people fill in a form asking them to print."""

    @staticmethod
    def hand(rng: random.Random) -> "Pen":
        fonts = hand_fonts()
        wob = 3.0 if has_real_hand_fonts() else 6.0
        return Pen(font=rng.choice(fonts), size=rng.randint(40, 54), gray=rng.choice([0, 10, 25, 40, 60]),
                   slant=rng.uniform(-0.12, 0.25), wobble=rng.uniform(1.0, wob), handwritten=True)

    @staticmethod
    def typed(rng: random.Random) -> "Pen":
        return Pen(font=rng.choice(TYPED_FONTS), size=rng.randint(38, 46), gray=0, slant=0.0,
                   wobble=0.0, handwritten=False)


def write(canvas: Canvas, x: float, baseline: float, text: str, pen: Pen, rng: random.Random,
          max_width: float | None = None) -> Box:
    """Write ``text`` starting at x with its baseline at ``baseline``; shrinks to fit max_width."""
    if pen.capitals:
        text = text.upper()
    size = pen.size
    if max_width is not None:
        while size > 18 and load(pen.font, size).getlength(text) * (1.08 if pen.handwritten else 1.0) > max_width:
            size -= 2
    if not pen.handwritten:
        f = Font(pen.font, size)
        asc = f.pil.getmetrics()[0]
        return canvas.text(x, baseline - asc, text, f, pen.gray)
    return _hand(canvas, x, baseline, text, pen, size, rng)


def _hand(canvas: Canvas, x: float, baseline: float, text: str, pen: Pen, size: int,
          rng: random.Random) -> Box:
    f = load(pen.font, size)
    asc, desc = f.getmetrics()
    words = text.split(" ")
    space = f.getlength(" ")
    pad = int(size * 0.6)
    width = int(f.getlength(text) * 1.1 + 2 * pad + len(words) * 4)
    height = int(asc + desc + 2 * pad)
    patch = Image.new("L", (width, height), 0)
    d = ImageDraw.Draw(patch)
    cx = float(pad)
    for w in words:
        dy = rng.uniform(-pen.wobble, pen.wobble)
        d.text((cx, pad + asc + dy), w, font=f, fill=255, anchor="ls")
        cx += f.getlength(w) + space * rng.uniform(0.85, 1.35)
    if abs(pen.slant) > 0.01:
        sh = pen.slant
        patch = patch.transform(patch.size, Image.Transform.AFFINE,
                                (1, sh, -sh * (pad + asc), 0, 1, 0), resample=Image.Resampling.BILINEAR)
    angle = rng.uniform(-1.2, 1.2)
    if abs(angle) > 0.2:
        patch = patch.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False)
    return canvas.paste_ink(patch, int(x - pad), int(baseline - asc - pad), pen.gray)


def signature(canvas: Canvas, box: Box, rng: random.Random, gray: int = 0) -> Box:
    """Random pen strokes inside ``box`` (x0, y0, x1, y1): a scrawl, never legible text."""
    x0, y0, x1, y1 = box
    w = max(60, (x1 - x0) * rng.uniform(0.45, 0.9))
    h = (y1 - y0)
    mid = y0 + h * rng.uniform(0.45, 0.65)
    amp = h * rng.uniform(0.2, 0.38)
    start = x0 + rng.uniform(0, max(1, (x1 - x0) - w))
    out: Box | None = None
    n_strokes = rng.choice([1, 1, 2, 2, 3])
    seg = w / n_strokes
    width = rng.choice([3, 4, 4, 5])
    for s in range(n_strokes):
        sx = start + s * seg
        loops = rng.uniform(2.0, 6.0)
        ph = rng.uniform(0, math.tau)
        f2 = rng.uniform(1.5, 3.5)
        pts = []
        n = 60
        for i in range(n + 1):
            t = i / n
            xx = sx + t * seg * 0.92 + math.sin(t * loops * math.tau + ph) * seg * 0.05
            yy = mid + math.sin(t * loops * math.tau * 0.5 + ph) * amp * (1 - 0.4 * t) \
                + math.sin(t * f2 * math.tau) * amp * 0.35
            pts.append((xx, yy))
        b = canvas.stroke(pts, width=width, gray=gray)
        out = b if out is None else (min(out[0], b[0]), min(out[1], b[1]), max(out[2], b[2]), max(out[3], b[3]))
    if rng.random() < 0.4:  # underline flourish
        yy = mid + amp * 1.1
        b = canvas.stroke([(start - 10, yy + 5), (start + w * 0.5, yy), (start + w * 1.02, yy - 8)],
                          width=max(2, width - 1), gray=gray)
        out = (min(out[0], b[0]), min(out[1], b[1]), max(out[2], b[2]), max(out[3], b[3]))
    assert out is not None
    return out


def tick(canvas: Canvas, box: Box, style: str, rng: random.Random, gray: int = 0) -> Box:
    """Mark a checkbox: ``x``, ``check``, ``fill`` or ``scribble``."""
    x0, y0, x1, y1 = box
    j = lambda: rng.uniform(-3, 3)  # noqa: E731
    if style == "fill":
        canvas.rect(x0 + 5, y0 + 5, x1 - 5, y1 - 5, width=0, gray=gray, fill=gray)
        return box
    if style == "check":
        w = x1 - x0
        return canvas.stroke([(x0 + w * 0.15 + j(), y0 + w * 0.5 + j()), (x0 + w * 0.42, y1 - 3 + j()),
                              (x1 + w * 0.25 + j(), y0 - w * 0.35 + j())], width=5, gray=gray)
    if style == "scribble":
        pts = [(x0 + 4 + (x1 - x0 - 8) * (i % 2), y0 + 6 + i * (y1 - y0 - 12) / 5 + j()) for i in range(6)]
        return canvas.stroke(pts, width=4, gray=gray)
    a = canvas.stroke([(x0 + 2 + j(), y0 + 2 + j()), (x1 - 2 + j(), y1 - 2 + j())], width=5, gray=gray)
    b = canvas.stroke([(x1 - 2 + j(), y0 + 2 + j()), (x0 + 2 + j(), y1 - 2 + j())], width=5, gray=gray)
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
