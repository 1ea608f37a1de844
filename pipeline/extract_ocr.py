"""Re-read value regions with Tesseract in batches: one call per page and character set, not one per field.

Starting Tesseract costs ~0.2-0.4 s a call, more than reading one small
region, so the extractor first *collects* every region it wants re-read
(``RegionOCR.collect`` mode answers "nothing yet"), then ``run`` stacks the
crops of each page into one image (a white gap between them), reads it once
with ``--psm 6`` and hands each crop back the words whose centre fell in
its slot; the extractor then runs again and is *served* from the results.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
import pytesseract

from pipeline import hand_read

WHITELIST = {"phone": "0123456789()-.+", "mrn": "0123456789ABCDEFGHJKLMNPRSTUVWXYZ-#"}
GAP = 48  # white rows between stacked crops (upscaled pixels): Tesseract never joins two slots into a line
PAD = 20


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

    def run(self, max_height: int = 6000) -> None:
        """Read every collected crop: one Tesseract call per (page, character set), split if very tall."""
        groups: dict[tuple, list[tuple]] = {}
        for key in self.jobs:
            groups.setdefault((key[0], key[2]), []).append(key)
        for (_, charset), keys in groups.items():
            batch: list[tuple] = []
            height = 0
            for k in keys:
                h = self.jobs[k].shape[0] + GAP
                if batch and height + h > max_height:
                    self._read_batch(batch, charset)
                    batch, height = [], 0
                batch.append(k)
                height += h
            if batch:
                self._read_batch(batch, charset)
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
        imgs = [self.jobs[k] for k in keys]
        width = max(im.shape[1] for im in imgs) + 2 * PAD
        slots: list[tuple[int, int]] = []
        rows = [np.full((PAD, width), 255, np.uint8)]
        y = PAD
        for im in imgs:
            h, w = im.shape
            row = np.full((h, width), 255, np.uint8)
            row[:, PAD:PAD + w] = im
            rows += [row, np.full((GAP, width), 255, np.uint8)]
            slots.append((y, y + h))
            y += h + GAP
        sheet = np.vstack(rows)
        cfg = "--oem 1 --psm 6"
        if charset in WHITELIST:
            cfg += " -c tessedit_char_whitelist=" + WHITELIST[charset]
        self.calls += 1
        try:
            d = pytesseract.image_to_data(sheet, lang="eng", config=cfg, output_type=pytesseract.Output.DICT,
                                          timeout=60)
        except (RuntimeError, pytesseract.TesseractError):
            d = {"text": []}
        got: list[list[tuple[str, float]]] = [[] for _ in keys]
        for i, t in enumerate(d["text"]):
            t = (t or "").strip()
            c = float(d["conf"][i])
            if not t or c < 0:
                continue
            cy = d["top"][i] + d["height"][i] / 2
            for s, (a, b) in enumerate(slots):
                if a - GAP / 2 <= cy < b + GAP / 2:
                    got[s].append((t, c / 100.0))
                    break
        for k, words in zip(keys, got):
            self.results[k] = (" ".join(t for t, _ in words), min((c for _, c in words), default=0.0)) \
                if words else ("", 0.0)
