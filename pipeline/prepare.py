"""From a raw page to a clean, upright page with its words: clean.py + ocr.py in order."""

from __future__ import annotations

from pipeline import clean, ocr
from pipeline.clean import CleanOptions
from pipeline.load import RawPage
from pipeline.pages import Page

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

    img, dpi = clean.square_pixels(raw.image, raw.xdpi, raw.ydpi, options.target_dpi)
    if raw.kind == "image" and options.perspective:
        img = clean.correct_perspective(img)
    if clean.is_bilevel(img):
        bw = clean.binarize(img)
    elif options.flatten:
        bw = clean.flatten_and_binarize(img, dpi)
    else:
        bw = clean.binarize(img)

    rotation = 0
    if clean.ink_ratio(bw) > 0.002:
        rotation, osd_conf = ocr.detect_rotation(bw)
        if rotation and osd_conf >= 2.0:
            bw = clean.rotate_quarter(bw, rotation)
        else:
            rotation = 0

    skew = 0.0
    if options.deskew:
        skew = clean.estimate_skew(bw, options.max_skew)
        bw = clean.binarize(clean.rotate_small(bw, skew))
    if options.despeckle:
        bw = clean.despeckle(bw, dpi)

    words = ocr.read_words(bw, timeout=timeout)
    return Page(
        number=raw.number, image=bw, dpi=dpi, words=words, rotation=rotation, skew_degrees=skew,
        ocr_confidence=ocr.page_confidence(words), ink_ratio=clean.ink_ratio(bw),
    )
