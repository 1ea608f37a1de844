"""From a raw page to a clean, upright page with its words: clean.py + ocr.py in order."""

from __future__ import annotations

from pipeline import bands, cells, clean, ocr
from pipeline.clean import CleanOptions
from pipeline.load import RawPage
from pipeline.pages import Page, Word

TURN_GAIN = 0.05
"""OSD's guess, however unsure, is only a proposal: the turned page is kept when it reads this much
better. Right guesses were measured at OSD confidence 1.28 (a flattened page upside down) and 0.23
(a sideways page under an upright fax header), so every proposal is tried."""
MIN_TEXT_LAYER_WORDS = 15
"""A PDF page with fewer words in its text layer is treated as a scan and OCR'd."""


def prepare_page(raw: RawPage, options: CleanOptions = CleanOptions(), *, timeout: int = 120) -> Page:
    """Clean ``raw`` and read its words. Pure: no files written."""
    if raw.kind == "pdf" and len(raw.text_words) >= MIN_TEXT_LAYER_WORDS:
        bw = clean.binarize(raw.image)
        return Page(
            number=raw.number, image=bw, dpi=raw.xdpi, words=raw.text_words, text_layer=True,
            ocr_confidence=ocr.page_confidence(raw.text_words), ink_ratio=clean.ink_ratio(bw),
        )

    img, dpi = clean.square_pixels(raw.image, raw.xdpi, raw.ydpi, _target_dpi(raw, options))
    if raw.kind == "image" and options.perspective:
        img = clean.correct_perspective(img)
    if clean.is_bilevel(img):
        bw = clean.binarize(img)
    elif options.flatten:
        bw = clean.flatten_and_binarize(img, dpi, floor=0.0 if clean.is_bilevel(raw.image) else clean.FLAT_INK)
    else:
        bw = clean.binarize(img)

    if options.streaks:
        bw, _ = clean.remove_streaks(bw, dpi)  # before deskew turns them off the vertical
    skew = 0.0
    unskewed = bw
    if options.deskew:
        skew = clean.estimate_skew(bw, options.max_skew)
        bw = clean.binarize(clean.rotate_small(bw, skew))
    if options.despeckle:
        bw = clean.despeckle(bw, dpi)

    words = ocr.read_words(bw, timeout=timeout)
    rotation = 0
    ink = clean.ink_ratio(bw)
    if options.orient and ink > 0.002 and _poorly_read(words):
        # Only a page that reads badly pays for orientation detection (most arrive upright).
        turn, _ = ocr.detect_rotation(bw)
        if turn:
            if options.deskew and turn in (90, 270):
                # a sideways page's skew was measured across its lines: measure it again upright
                turned = clean.rotate_quarter(unskewed, turn)
                turned_skew = clean.estimate_skew(turned, options.max_skew)
                turned = clean.binarize(clean.rotate_small(turned, turned_skew))
                if options.despeckle:
                    turned = clean.despeckle(turned, dpi)
            else:
                turned, turned_skew = clean.rotate_quarter(bw, turn), skew
            turned_words = ocr.read_words(turned, timeout=timeout)
            gain = ocr.page_confidence(turned_words) - ocr.page_confidence(words)
            if gain > TURN_GAIN or (_sideways(words) and not _sideways(turned_words) and gain > -TURN_GAIN):
                bw, words, rotation, skew = turned, turned_words, turn, turned_skew
    if options.cells and ink > 0.002:
        words = cells.reread_cells(bw, dpi, words, timeout=timeout)
    if options.bands and ink > 0.002:
        words = bands.add_unread(bw, dpi, words, timeout=timeout)
    return Page(
        number=raw.number, image=bw, dpi=dpi, words=words, rotation=rotation, skew_degrees=skew,
        ocr_confidence=ocr.page_confidence(words), ink_ratio=ink,
    )


def _target_dpi(raw: RawPage, options: CleanOptions) -> float:
    """Square pixels at the finer of the two axes, capped: a fax stays 204 dpi.

    Measured on faxed pages: OCR at 204 dpi is 2.5x faster than upscaled to
    300 dpi and reads as well or better (Tesseract's confidence 0.72 vs 0.63).
    """
    return max(options.min_dpi, min(max(raw.xdpi, raw.ydpi), options.target_dpi))


_COMMON = frozenset(
    "the of and to a in for or is be by on at as this that with from my your i you any are will not may "
    "name date patient information health medical records record birth phone address signature form "
    "request authorization release please section if other".split()
)
COMMON_SHARE = 0.08
"""Upright form pages measured 0.2-0.4 of their words in ``_COMMON``; an upside-down page, near 0."""


SIDEWAYS_SHARE = 0.5
"""Tesseract reads a page faxed sideways as upright text in columns: its words' boxes stand taller
than wide. Upright pages measured near 0 such words (of four letters or more); a sideways one, 0.7."""


def _sideways(words: list[Word]) -> bool:
    long = [w for w in words if len(w.text) >= 4]
    tall = sum(1 for w in long if w.bbox[3] - w.bbox[1] > w.bbox[2] - w.bbox[0])
    return bool(long) and tall > SIDEWAYS_SHARE * len(long)


def _poorly_read(words: list[Word]) -> bool:
    """Few words, low confidence, or words that are not words.

    An upside-down page can read with fair confidence as confident garbage
    ("uriplens/ueied"), so the share of everyday words is checked as well.
    """
    if len(words) < 25 or ocr.page_confidence(words) < 0.6 or _sideways(words):
        return True
    common = sum(1 for w in words if w.text.lower().strip(".,:;()") in _COMMON)
    return common < COMMON_SHARE * len(words)
