"""Batched re-reading of value crops: one Tesseract process per document, each crop read on its own."""

from __future__ import annotations

from pipeline.extract_ocr import RegionOCR
from synth.lines import sample

SEEDS = range(902_000_000, 902_000_012)  # far from the reader's training seeds


def _read(crops: dict[tuple, object]) -> dict[tuple, tuple[str, float]]:
    ocr = RegionOCR(use_hand=False)
    ocr.jobs.update(crops)
    ocr.run()
    return ocr.results


def test_a_crop_reads_the_same_whatever_else_the_document_holds() -> None:
    """Read as one sheet, a crop's words depended on its neighbours (the block's layout was found across all
    of them); now each crop is a page of its own, so reading it alone or among others gives the same words."""
    crops = {}
    for n, seed in enumerate(SEEDS):
        img, _ = sample(seed)
        crops[(1 + n % 2, (n, 0, 10, 10), "any")] = img
    together = _read(crops)
    assert len(together) == len(crops)
    assert sum(bool(t) for t, _ in together.values()) >= len(crops) // 2  # the crops were read at all
    for key, img in crops.items():
        assert _read({key: img})[key] == together[key]


def test_every_crop_gets_its_own_read_and_one_call_per_character_set() -> None:
    crops = {}
    for n, seed in enumerate(SEEDS[:4]):
        img, _ = sample(seed)
        crops[(1 + n // 2, (n, 0, 10, 10), "any" if n % 2 else "phone")] = img
    ocr = RegionOCR(use_hand=False)
    ocr.jobs.update(crops)
    ocr.run()
    assert set(ocr.results) == set(crops)
    assert ocr.calls == 2  # two pages, two character sets: one Tesseract process each set
    assert not ocr.jobs and not ocr.collecting
