"""Re-read value regions with Tesseract in batches: one call per document and character set, not one per field.

Starting Tesseract costs ~0.2-0.4 s a call, more than reading one small
region, so the extractor first *collects* every region it wants re-read
(``RegionOCR.collect`` mode answers "nothing yet"), then ``run`` writes the
crops as images, names them in one list file and has one Tesseract process
read them (``--psm 6``) each as a page of its own, so a crop reads the same
whatever else the document holds; the extractor then runs again and is
*served* from the results.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field

import cv2
import numpy as np
import pytesseract

from pipeline import hand_read

WHITELIST = {"phone": "0123456789()-.+", "mrn": "0123456789ABCDEFGHJKLMNPRSTUVWXYZ-#"}
CROP_SECONDS = 2
"""Seconds the Tesseract call is given per crop, beyond a minute: a long document's crops all go in one call
(a crop takes well under a tenth of a second)."""
PAD = 20
"""White pixels around each crop: Tesseract finds no line touching the image's edge well."""


def prepare_crop(crop: np.ndarray, dpi: float) -> np.ndarray | None:
    """Upscaled to ~400 dpi and binarised, as Tesseract reads handwriting best; None when there is no ink."""
    if crop.size == 0 or (crop < 128).sum() < 20:
        return None
    scale = 2.0 if dpi <= 310 else 1.0
    img = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return np.where(img < 160, 0, 255).astype(np.uint8)


def _at(page: int, region: tuple) -> tuple[int, tuple[int, ...]]:
    """Where a crop was taken, as every pass spells it (pixel boxes arrive as floats or ints)."""
    return page, tuple(int(v) for v in region)


@dataclass
class RegionOCR:
    """Collect, batch-read, serve. Keys are (page, region, character set) and stable between passes."""

    collecting: bool = True
    jobs: dict[tuple, np.ndarray] = field(default_factory=dict)
    results: dict[tuple, tuple[str, float]] = field(default_factory=dict)
    hand_results: dict[tuple, list[tuple[str, float]]] = field(default_factory=dict)
    calls: int = 0
    use_hand: bool = field(default_factory=hand_read.available)
    lexicons: dict[tuple, str] = field(default_factory=dict)
    """(page, region) -> the kind of value a crop holds ("name", "address", "email"), which the hand reader
    may mend from its lists (``hand_lexicon``)."""
    hand_logps: dict[tuple, list[list[np.ndarray]]] = field(default_factory=dict)
    """(page, region) -> per written line, each network's log-probabilities, kept for those crops."""

    def hand_candidates(self, page: int, region: tuple) -> list[tuple[str, float]]:
        """The handwriting reader's read of a region collected earlier, then the reads its two networks
        disagreed with it on (``hand_read.read_candidates``); [("", 0.0)] if none."""
        return self.hand_results.get(_at(page, region), [("", 0.0)])

    def line_logps(self, page: int, region: tuple) -> list[list[np.ndarray]]:
        """Per written line, each network's log-probabilities, for a crop that holds a listed kind of value."""
        return self.hand_logps.get(_at(page, region), [])

    def read(self, page: int, region: tuple, crop: np.ndarray, dpi: float, charset: str,
             lexicon: str = "") -> tuple[str, float]:
        key = (*_at(page, region), charset)
        if lexicon:
            self.lexicons[key[:2]] = lexicon
        if key in self.results:
            return self.results[key]
        if self.collecting:
            img = prepare_crop(crop, dpi)
            if img is not None:
                self.jobs[key] = img
            return "", 0.0
        return "", 0.0

    def run(self) -> None:
        """Read every collected crop: one Tesseract call per character set."""
        groups: dict[str, list[tuple]] = {}
        for key in self.jobs:
            groups.setdefault(key[2], []).append(key)
        for charset, keys in groups.items():
            self._read_batch(keys, charset)
        if self.use_hand:
            for key, img in self.jobs.items():
                if key[:2] not in self.hand_results:
                    lexicon = self.lexicons.get(key[:2], "")
                    self.hand_results[key[:2]], logps = hand_read.read_lines(img, lexicon)
                    if lexicon:
                        self.hand_logps[key[:2]] = logps
        self.jobs.clear()
        self.collecting = False

    def _read_batch(self, keys: list[tuple], charset: str) -> None:
        """One Tesseract process reads the crops as the pages of one list file: each is laid out and read
        on its own, so a crop's read does not depend on which other crops the page had (a sheet of crops read
        as one block did: a name read differently when a date was added elsewhere on the page)."""
        cfg = "--oem 1 --psm 6"
        if charset in WHITELIST:
            cfg += " -c tessedit_char_whitelist=" + WHITELIST[charset]
        self.calls += 1
        got: list[list[tuple[str, float]]] = [[] for _ in keys]
        with tempfile.TemporaryDirectory(prefix="him-crops-") as tmp:
            names = []
            for n, k in enumerate(keys):
                name = os.path.join(tmp, f"{n:04d}.png")
                im = self.jobs[k]
                cv2.imwrite(name, cv2.copyMakeBorder(im, PAD, PAD, PAD, PAD, cv2.BORDER_CONSTANT, value=255))
                names.append(name)
            listing = os.path.join(tmp, "crops.txt")
            with open(listing, "w") as fh:
                fh.write("\n".join(names) + "\n")
            try:
                d = pytesseract.image_to_data(listing, lang="eng", config=cfg, output_type=pytesseract.Output.DICT,
                                              timeout=60 + CROP_SECONDS * len(keys))
            except (RuntimeError, pytesseract.TesseractError):
                d = {"text": []}
        for i, t in enumerate(d["text"]):
            t = (t or "").strip()
            c = float(d["conf"][i])
            page = int(d["page_num"][i]) - 1
            if t and c >= 0 and 0 <= page < len(keys):
                got[page].append((t, c / 100.0))
        for k, words in zip(keys, got):
            self.results[k] = (" ".join(t for t, _ in words), min((c for _, c in words), default=0.0)) \
                if words else ("", 0.0)
