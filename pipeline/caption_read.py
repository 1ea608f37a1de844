"""Which listed wording a cell's caption is, asked of the line readers' pixels instead of Tesseract's letters.

On a standard-mode fax (98 lines per inch) a cell's caption in 6-point type
is about ten pixels tall once the page is squared; Tesseract spells it
"Haire Achtresia" and no fuzzy match finds "Home Address" in that. The line
readers (``hand_read``: CNN + BiLSTM with CTC) give, for every column of the
crop, how likely each character is, so each listed wording can be scored as a
whole under them (``hand_lexicon.ctc_batch``): the likelihood that the ink
spells exactly it. The best wording wins when it explains the ink well per
character and clearly better than any wording of another field. The readers
were trained on handwriting, not print, but the ranking holds: the question is
never "what does it say" but "which of these does it say".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from pipeline import cells, hand_read
from pipeline.hand_lexicon import ctc_batch
from pipeline.marks import Box, clip, without_rules

PER_CHAR_MIN = -3.0
"""Least mean log-likelihood per character of the winning wording (nats): below it the ink is something the
list does not hold (a sentence, another wording)."""
MARGIN = 4.0
"""Nats the winner must lead the best wording of another field by (a likelihood 55 times higher)."""
SECONDED_PER_CHAR = -6.0
SECONDED_MARGIN = 1.0
"""Looser bars for a wording OCR's letters also come within one letter of ("Nane" for "Name"): two readers
that fail differently agreeing."""
WORD_GAP = 0.2
"""Inches of blank that end a caption: its words stand closer; a speck or a value further along is not it."""
ABBREVIATION = 4
"""Wordings this short may be initials, printed with stops between capitals."""
MAX_CHARS = 60
"""Longer wordings are prose, not captions (the longest listed caption, "Signature of Patient/Legal
Guardian/Personal Representative", has 59 characters)."""
MIN_WIDTH = 0.06
"""Inches: the narrowest caption ("ID", "To" in 6-point type); a narrower line of ink is a speck or a stub."""


@dataclass(frozen=True)
class Caption:
    index: int
    """Position of the winning wording in the candidate list."""
    per_char: float
    margin: float
    box: Box
    """The caption band, in page pixels."""


def caption_band(bw: np.ndarray, dpi: float, cell: Box) -> Box | None:
    """The cell's first line of ink (its caption), in page pixels; None when the cell holds no ink (or lies off
    the page: the space under a rule at the page's foot)."""
    x0, y0, x1, y1 = clip(cell, bw.shape)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return None
    inner = without_rules(bw[y0:y1, x0:x1], dpi)
    for a, z in cells.text_bands(inner < 128, dpi):
        cols = np.flatnonzero((inner[a:z] < 128).any(axis=0))
        if len(cols) == 0:
            continue
        gaps = np.flatnonzero(np.diff(cols) > WORD_GAP * dpi)  # the caption ends where a wide gap starts
        end = cols[gaps[0]] if len(gaps) else cols[-1]
        if end - cols[0] >= MIN_WIDTH * dpi:  # narrower: a speck or a stub of a wall, no caption
            return x0 + int(cols[0]), y0 + a, x0 + int(end) + 1, y0 + z
    return None


def _crop(bw: np.ndarray, dpi: float, band: Box) -> np.ndarray:
    """The band as the readers were trained to see a line: rules whitened, doubled, binarised."""
    x0, y0, x1, y1 = band
    pad = 3
    part = bw[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad]
    part = without_rules(part, dpi)
    big = cv2.resize(part, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    return np.where(big < 160, 0, 255).astype(np.uint8)


def _spellings(text: str) -> list[str]:
    """How a listed wording (lower case in labels.json) is printed on forms."""
    out = {text, text.title(), text.capitalize(), text.upper()}
    if text.isalpha() and len(text) <= ABBREVIATION:
        out.add(".".join(text.upper()) + ".")  # "dob" is printed "D.O.B."
    return sorted(out)


@lru_cache(maxsize=8)
def _encoded(texts: tuple[str, ...], charset: str) -> tuple[list[list[int]], list[int]]:
    index = {c: i + 1 for i, c in enumerate(charset)}
    seqs, owner = [], []
    for k, t in enumerate(texts):
        for s in _spellings(t):
            if all(c in index for c in s):
                seqs.append([index[c] for c in s])
                owner.append(k)
    return seqs, owner


def read_caption(bw: np.ndarray, dpi: float, band: Box, texts: tuple[str, ...], keys: tuple[str, ...]
                 ) -> Caption | None:
    """The wording of ``texts`` the caption band spells, or None when none clearly does. ``keys[k]`` names the
    field wording ``k`` stands for: wordings of one field do not compete with each other."""
    if not hand_read.available():
        return None
    x = hand_read.to_input(_crop(bw, dpi, band))
    if x is None:
        return None
    seqs, owner = _encoded(texts, hand_read.charset())
    if not seqs:
        return None
    scores = np.mean([_scored(lp, seqs) for lp in hand_read.caption_logps(x)], axis=0)
    best: dict[int, tuple[float, int]] = {}  # wording -> (log-likelihood, length) of its likeliest spelling
    for sc, k, seq in zip(scores, owner, seqs):
        if k not in best or sc > best[k][0]:
            best[k] = (float(sc), len(seq))
    ranked = sorted(best.items(), key=lambda kv: -kv[1][0])
    if not ranked or not np.isfinite(ranked[0][1][0]) or len(texts[ranked[0][0]]) > MAX_CHARS:
        return None
    k, (total, n) = ranked[0]
    rival = max((s for j, (s, _) in ranked[1:] if keys[j] != keys[k]), default=-np.inf)
    return Caption(k, total / n, total - rival, band)  # per character as printed ("D.O.B." is six)


LENGTH_BUCKETS = (12, 24, 40)
"""Wordings are scored in batches of like length: a batch's cost grows with its longest wording."""


def _scored(logp: np.ndarray, seqs: list[list[int]]) -> np.ndarray:
    """``ctc_batch`` of every sequence, batched by length (the same scores, a fraction of the work)."""
    out = np.empty(len(seqs))
    lo = 0
    for hi in (*LENGTH_BUCKETS, max(len(q) for q in seqs)):
        idx = [i for i, q in enumerate(seqs) if lo < len(q) <= hi]
        if idx:
            out[idx] = ctc_batch(logp, [seqs[i] for i in idx])
        lo = max(lo, hi)
    return out


def accepted(c: Caption | None) -> bool:
    """Whether a read names its wording clearly enough to take (see PER_CHAR_MIN and MARGIN)."""
    return c is not None and c.per_char >= PER_CHAR_MIN and c.margin >= MARGIN


def seconded(c: Caption | None) -> bool:
    """Whether a read names its wording clearly enough to take when OCR's words agree (see SECONDED_PER_CHAR)."""
    return c is not None and c.per_char >= SECONDED_PER_CHAR and c.margin >= SECONDED_MARGIN
