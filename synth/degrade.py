"""Channel degradations of clean 300-dpi pages: fax, mailroom scan, phone photo.

Each takes an upright 'L' page at 300 dpi and returns the image as the
channel would deliver it (fax: 1-bit at 204x196 or 204x98 dpi, non-square
pixels; scan: gray or colour at 200-300 dpi; photo: RGB with perspective).
"""

from __future__ import annotations

import datetime as dt
import random

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from synth.fonts import Font, family

FAX_WIDTH = 1728
FAX_DPI = {"fine": (204, 196), "standard": (204, 98)}
_ROT = {0: None, 90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}


def turn(img: Image.Image, rotation: int) -> Image.Image:
    """Turn a page so that rotating it ``rotation`` degrees clockwise makes it upright again.
    Sideways pages are shrunk onto a portrait sheet, as a fax machine would send them."""
    if rotation == 0:
        return img
    out = img.transpose(_ROT[rotation])  # PIL turns counter-clockwise: undo = clockwise by `rotation`
    if rotation in (90, 270):
        W, H = img.size
        scale = W / out.width
        small = out.resize((W, int(out.height * scale)), Image.Resampling.BILINEAR)
        sheet = Image.new("L", (W, H), 255)
        sheet.paste(small, (0, (H - small.height) // 4))
        return sheet
    return out


def skew(img: Image.Image, degrees: float, fill: int = 255) -> Image.Image:
    if abs(degrees) < 0.05:
        return img
    return img.rotate(degrees, resample=Image.Resampling.BILINEAR, fillcolor=fill, expand=False)


def fax_header(img: Image.Image, text: str) -> Image.Image:
    """The sending machine's header line, printed upright above the page content."""
    out = img.copy()
    d = ImageDraw.Draw(out)
    d.rectangle([0, 0, out.width, 70], fill=255)
    d.text((30, 22), text, font=Font(family("dejavu").replace("DejaVuSans.ttf", "DejaVuSansMono.ttf"), 34).pil, fill=0)
    return out


def header_text(when: dt.datetime, sender: str, sender_fax: str, to_fax: str, page: int, n: int,
                rng: random.Random, style: int | None = None) -> str:
    """The sending machine's header; pass the same ``style`` for every page of one fax."""
    style = rng.randint(0, 2) if style is None else style
    ts = when.strftime("%b %d %Y %H:%M")
    if style == 0:
        return f"{ts}  FROM: {sender.upper()[:24]:<24}  {sender_fax}  TO: {to_fax}  P.{page}/{n}"
    if style == 1:
        return f"{when.strftime('%m/%d/%Y %H:%M')}  {sender_fax}  {sender[:28]:<28}  PAGE {page:02d}/{n:02d}"
    return f"{sender_fax} -> {to_fax}   {when.strftime('%d-%b-%Y %I:%M %p')}   #{rng.randint(100, 999)} P{page:03d}"


def to_fax(img: Image.Image, *, mode: str, rng: random.Random, rotation: int = 0, header: str | None = None,
           skew_deg: float | None = None, dither: bool | None = None) -> Image.Image:
    """300-dpi 'L' page -> 1-bit fax page at 204 x 196 (fine) or 204 x 98 (standard) dpi."""
    page = turn(img, rotation)
    page = skew(page, rng.uniform(-3, 3) if skew_deg is None else skew_deg)
    if header:
        page = fax_header(page, header)
    xdpi, ydpi = FAX_DPI[mode]
    h = round(page.height * ydpi / 300)
    small = page.resize((FAX_WIDTH, h), Image.Resampling.BOX if mode == "standard" else Image.Resampling.BILINEAR)
    dither = rng.random() < 0.3 if dither is None else dither
    if dither:  # Floyd-Steinberg; paper stays white, grays become dot patterns
        a = np.asarray(small, dtype=np.uint8)
        a = np.where(a > 225, 255, a).astype(np.uint8)
        bw = Image.fromarray(a).convert("1")
    else:
        a = np.asarray(small, dtype=np.int16)
        a = a + np.asarray(np.random.default_rng(rng.randint(0, 2**31)).normal(0, 8, a.shape), dtype=np.int16)
        a = np.clip(a, 0, 255).astype(np.uint8)
        thr = rng.randint(150, 200)
        bw = Image.fromarray(np.where(a < thr, 0, 255).astype(np.uint8)).convert("1", dither=Image.Dither.NONE)
    return speckle(bw, rng)


def speckle(bw: Image.Image, rng: random.Random, density: float | None = None) -> Image.Image:
    """Salt-and-pepper dots, as phone-line noise leaves them."""
    a = np.array(bw.convert("L"))
    g = np.random.default_rng(rng.randint(0, 2**31))
    dens = density if density is not None else rng.uniform(0.00005, 0.0006)
    n = int(a.size * dens)
    ys, xs = g.integers(0, a.shape[0], n), g.integers(0, a.shape[1], n)
    a[ys, xs] = np.where(g.random(n) < 0.7, 0, 255)
    if rng.random() < 0.1:  # a vertical streak from a dirty scanner glass
        x = int(g.integers(0, a.shape[1]))
        a[:, x:x + rng.randint(1, 2)] = 0
    return Image.fromarray(a).convert("1", dither=Image.Dither.NONE)


def to_scan(img: Image.Image, *, dpi: int, color: bool, rng: random.Random, staple: bool | None = None,
            noise: bool = True) -> Image.Image:
    """Mailroom scan: paper tone, slight skew, staple shadow, resampled to ``dpi``."""
    page = skew(img, rng.uniform(-1.2, 1.2), fill=255)
    if dpi != 300:
        page = page.resize((round(page.width * dpi / 300), round(page.height * dpi / 300)), Image.Resampling.BILINEAR)
    a = np.asarray(page, dtype=np.float32)
    a = a * (rng.uniform(228, 250) / 255.0)
    if staple if staple is not None else rng.random() < 0.4:
        k = dpi / 300
        x, y = rng.randint(60, 220) * k, rng.randint(50, 160) * k
        m = Image.new("L", page.size, 0)
        d = ImageDraw.Draw(m)
        d.line([(x, y), (x + 110 * k, y + rng.randint(-30, 30) * k)], fill=170, width=max(3, int(10 * k)))
        box = (0, 0, min(page.width, int(600 * k)), min(page.height, int(400 * k)))
        sub = m.crop(box).filter(ImageFilter.GaussianBlur(6 * k))
        m.paste(sub, box)
        a = a * (1 - np.asarray(m, dtype=np.float32) / 255.0 * 0.8)
    g = np.random.default_rng(rng.randint(0, 2**31))
    if noise:
        a = a + g.integers(-2, 3, a.shape, dtype=np.int8)
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if color:
        tint = (1.0, rng.uniform(0.97, 1.0), rng.uniform(0.9, 0.98))
        out = Image.merge("RGB", [out.point(lambda v, t=t: int(v * t)) for t in tint])
    return out


def to_photo(img: Image.Image, *, rng: random.Random, width: int = 1200) -> Image.Image:
    """Phone photo of a paper page: background border, perspective, uneven light, blur."""
    W = width
    H = int(W * 4 / 3)
    k = W * 0.9 / img.width
    small = img.resize((int(img.width * k), int(img.height * k)), Image.Resampling.BILINEAR)
    page = cv2.cvtColor(np.asarray(small, dtype=np.uint8), cv2.COLOR_GRAY2RGB)
    ph, pw = page.shape[:2]
    g = np.random.default_rng(rng.randint(0, 2**31))
    bg = np.array([rng.randint(30, 140), rng.randint(30, 120), rng.randint(20, 100)], dtype=np.int16)
    tex = np.clip(bg + g.integers(-8, 9, (H // 8, W // 8, 3)), 0, 255).astype(np.uint8)
    canvas = cv2.resize(tex, (W, H), interpolation=cv2.INTER_LINEAR)
    m = W * 0.08
    s = min((W - 2 * m) / pw, (H - 2 * m) / ph)
    cx, cy = W / 2, H / 2
    hw, hh = pw * s / 2, ph * s / 2
    j = lambda: rng.uniform(-0.045, 0.045) * W  # noqa: E731
    dst = np.float32([[cx - hw + j(), cy - hh + j()], [cx + hw + j(), cy - hh + j()],
                      [cx + hw + j(), cy + hh + j()], [cx - hw + j(), cy + hh + j()]])
    src = np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]])
    M = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(page, M, (W, H), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), M, (W, H), flags=cv2.INTER_NEAREST)
    out = canvas.copy()
    cv2.copyTo(warped, mask, out)
    sh, sw = H // 16, W // 16
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    lx, ly = rng.uniform(0, sw), rng.uniform(0, sh)
    d = np.sqrt((xx - lx) ** 2 + (yy - ly) ** 2) / np.hypot(sw, sh)
    light = (rng.uniform(0.95, 1.05) - d * rng.uniform(0.3, 0.6)).astype(np.float32)
    light = cv2.resize(light, (W, H), interpolation=cv2.INTER_LINEAR)
    warm = (1.0, rng.uniform(0.95, 1.0), rng.uniform(0.85, 0.95))
    gain = cv2.merge([light * warm[0], light * warm[1], light * warm[2]])
    out = cv2.multiply(out.astype(np.float32), gain)
    out = np.clip(out, 0, 255).astype(np.uint8)
    out = cv2.GaussianBlur(out, (3, 3), rng.uniform(0.3, 1.0))
    return Image.fromarray(out, "RGB")
