"""Training lines for the handwriting reader: one filled-in value, written by hand, faxed or scanned, cropped.

Each sample goes the way a value on a real page goes before the reader sees
it: a pen writes it at 300 dpi (``ink._hand``: a handwriting font, wobble,
slant, a small turn), often on a ruled line; the page is faxed (204 x 98 or
204 x 196 dpi, thresholded or dithered, speckled) or scanned; the pipeline
squares the pixels, whitens the ruled line (cutting what touches it) and
crops the ink as ``marks.Geometry.clean_crop`` and ``extract_ocr.prepare_crop``
do. The text is what people write into request forms: names, dates and
phones in the many ways they are written, emails, street lines, towns,
record numbers, relationships and short phrases.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from pipeline.clean import despeckle
from synth import fills
from synth.canvas import Canvas
from synth.fonts import line_hand_fonts
from synth.ink import Pen, _hand

CHARSET = string.ascii_letters + string.digits + " -/.,@#()':&+_"
"""What a filled-in value holds; the reader outputs nothing else."""

PEN_GRAYS = (0, 10, 25, 40, 60, 80, 100, 120)
"""Ink darkness (0 = black) of the pens writing training lines: black and dark blue pens, and the light blue
ballpoints and soft pencils whose strokes a fax's threshold thins and breaks (common in real inboxes)."""

BLOCK_CAPITALS = 0.3
"""Share of values written in capitals throughout: request forms ask people to print, and many print in
capitals (names, e-mails, addresses and reasons alike, not only names)."""

PHRASES = [
    "personal use", "continuity of care", "my own records", "legal", "insurance", "disability claim",
    "attorney", "second opinion", "school", "moving", "employment", "workers comp", "life insurance",
    "mother", "father", "parent", "legal guardian", "guardian", "spouse", "son", "daughter", "self",
    "power of attorney", "healthcare POA", "court order", "personal representative", "executor",
    "wife", "husband", "grandmother", "aunt", "conservator", "custodial parent", "sister", "brother",
    "lab results", "x-rays", "all records", "visit notes", "billing", "immunizations", "mental health",
    "dental records", "medications", "discharge summary", "progress notes", "allergies", "my daughter",
    "at my request", "no longer needed", "change of doctor", "wrong date of birth", "incorrect allergy",
    "please correct", "does not belong to me", "Dr.", "Clinic", "Law Office", "Insurance Co.", "LLC",
    "Medical Group", "Health", "Associates", "Hospital", "PC", "Family Practice", "Attn:", "Records Dept",
]


@lru_cache(maxsize=1)
def _dictionary() -> list[str]:
    """Common English words (symspellpy's frequency list) for the free-text part of the mix."""
    import symspellpy

    p = Path(symspellpy.__file__).parent / "frequency_dictionary_en_82_765.txt"
    words = [ln.split()[0] for ln in p.read_text().splitlines()[:20000]]
    return [w for w in words if w.isalpha() and len(w) > 1]


HYPHENED, APOSTROPHED = 0.2, 0.08
"""Shares of the surnames of a line's names and e-mails joined by a hyphen ("Hamilton-Cabrera") or carrying an
apostrophe ("D'Amico"), more than forms hold (``fills.HYPHEN_SHARE``): the networks read a hyphen as a dash of
a date and had seen no surname so written, and lost whole names and the e-mails built from them."""


def written_surname(rng: random.Random, fk) -> str:
    """A surname as people write theirs, with hyphens and apostrophes at the shares above."""
    r = rng.random()
    if r < APOSTROPHED:
        return rng.choice(fills.MORE_APOSTROPHE_SURNAMES + tuple(fills.APOSTROPHE_SURNAMES.values()))
    if r < APOSTROPHED + HYPHENED:
        return f"{fk.last_name()}-{fk.last_name()}"
    return fk.last_name()


def _person(rng: random.Random, fk, written: bool) -> str:
    """A name for a line: with a ``written_surname``, or Faker's surname as listed."""
    if written:
        return fills.person_name(rng, fk, last=written_surname(rng, fk))
    return fills.person_name(rng, fk, shaped=False)


def value_text(rng: random.Random, fk, written: bool = False) -> str:
    """One value as a person writes it. ``written``: names and e-mails take ``written_surname``'s surnames, not
    Faker's as listed (the lines the shipped readers learnt and are measured on)."""
    r = rng.random()
    if r < 0.22:
        name = _person(rng, fk, written)
        if rng.random() < 0.1:
            last, first = name.split()[-1], name.split()[0]
            name = f"{last}, {first}"
        return name.upper() if rng.random() < 0.1 else name
    if r < 0.38:
        d = dt.date(rng.randint(1930, 2027), rng.randint(1, 12), rng.randint(1, 28))
        return fills.fmt_date(d, rng.choice(fills.DATE_STYLES))
    if r < 0.48:
        return fills.fmt_phone(fills.phone(rng), rng.choice(fills.PHONE_STYLES))
    if r < 0.56:
        return fills.email_for(_person(rng, fk, written), rng)
    if r < 0.66:
        street, city, st, z = fills.address(fk)
        return rng.choice([street, f"{city}, {st} {z}", f"{city} {st} {z}", f"{street}, {city}, {st} {z}", street])
    if r < 0.70:
        return rng.choice(["", "MRN ", "#"]) + fills.mrn(rng)
    if r < 0.80:
        return rng.choice(PHRASES)
    if r < 0.85:
        return fk.company()
    words = _dictionary()
    return " ".join(rng.choice(words) for _ in range(rng.randint(1, 4)))


def clean_text(s: str) -> str:
    return "".join(c for c in s if c in CHARSET).strip()


def render_line(text: str, rng: random.Random, exclude: tuple[str, ...] = (),
                hands: tuple[str, ...] = ()) -> np.ndarray:
    """The crop the reader sees for ``text``: 0 = ink, 255 = paper, upscaled and binarised as prepare_crop does.
    ``hands`` (font paths) writes it by hand in one of them, never typed."""
    typed = not hands and rng.random() < 0.12
    if typed:
        pen = Pen.typed(rng)
    else:
        pen = Pen(font=rng.choice(hands or line_hand_fonts(exclude)), size=rng.randint(36, 56),
                  gray=rng.choice(PEN_GRAYS), slant=rng.uniform(-0.12, 0.25),
                  wobble=rng.uniform(1.0, 3.5), handwritten=True)
    from synth.fonts import load

    size = pen.size
    width = int(load(pen.font, size).getlength(text) * 1.2) + 200
    cv = Canvas(size=(max(300, width), size * 3))
    base = size * 2
    if typed:
        from synth.ink import write

        write(cv, 60, base, text, pen, rng)
    else:
        _hand(cv, 60, base, text, pen, size, rng)
    ruled = rng.random() < 0.6
    if ruled:
        ly = base + rng.randint(-2, int(size * 0.35))
        cv.line(20, ly, cv.width - 20, ly, width=rng.choice([2, 3]))
    img = cv.image
    fax = rng.random() < 0.6
    if fax:
        mode = rng.choice(["fine", "standard"])
        ydpi = 196 if mode == "fine" else 98
        small = img.resize((round(img.width * 204 / 300), max(8, round(img.height * ydpi / 300))),
                           Image.Resampling.BOX if mode == "standard" else Image.Resampling.BILINEAR)
        a = np.asarray(small, dtype=np.int16)
        if rng.random() < 0.3:
            a = np.where(a > 225, 255, a).astype(np.uint8)
            bw = np.asarray(Image.fromarray(a).convert("1").convert("L"))
        else:
            a = a + np.random.default_rng(rng.randint(0, 2**31)).normal(0, 8, a.shape).astype(np.int16)
            bw = np.where(np.clip(a, 0, 255) < rng.randint(150, 200), 0, 255).astype(np.uint8)
        bw = bw.copy()
        g = np.random.default_rng(rng.randint(0, 2**31))
        n = int(bw.size * rng.uniform(0.00005, 0.0008))
        bw[g.integers(0, bw.shape[0], n), g.integers(0, bw.shape[1], n)] = np.where(g.random(n) < 0.7, 0, 255)
        page = cv2.resize(bw, None, fx=1.0, fy=204 / ydpi, interpolation=cv2.INTER_CUBIC)
        page = np.where(page < 128, 0, 255).astype(np.uint8)
        dpi = 204.0
        page = despeckle(page, dpi)  # as prepare_page does to every fax page
    else:
        a = np.asarray(img, dtype=np.float32) * (rng.uniform(228, 250) / 255.0)
        a = cv2.GaussianBlur(a, (3, 3), rng.uniform(0.1, 0.9))
        page = np.where(a < 127, 0, 255).astype(np.uint8)
        dpi = 300.0
    if ruled:  # the pipeline whitens ruled lines (dilated), cutting the strokes that touch them
        inv = (page < 128).astype(np.uint8)
        k = max(20, int(page.shape[1] * 0.3))
        h = cv2.morphologyEx(inv, cv2.MORPH_OPEN, np.ones((1, k), np.uint8))
        page = page.copy()
        page[cv2.dilate(h, np.ones((3, 3), np.uint8)) > 0] = 255
    ys, xs = np.nonzero(page < 128)
    if len(xs) < 10:
        return np.full((32, 32), 255, np.uint8)
    pad = 6
    y0, y1 = max(0, ys.min() - pad), min(page.shape[0], ys.max() + pad + 1)
    x0, x1 = max(0, xs.min() - pad), min(page.shape[1], xs.max() + pad + 1)
    crop = page[y0:y1, x0:x1]
    scale = 2.0 if dpi <= 310 else 1.0
    big = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return np.where(big < 160, 0, 255).astype(np.uint8)


def sample(seed: int, exclude: tuple[str, ...] = (), hands: tuple[str, ...] = (),
           written: bool = False) -> tuple[np.ndarray, str]:
    """One (crop, text) pair, the same for the same seed; ``exclude`` holds hands out, ``hands`` picks them,
    ``written`` gives names people's written surnames (``value_text``)."""
    rng = random.Random(seed)
    fk = fills.faker(seed)
    text = ""
    while not text:
        text = clean_text(value_text(rng, fk, written))
    if rng.random() < BLOCK_CAPITALS:
        text = text.upper()
    return render_line(text, rng, exclude, hands), text
