"""Ink on the page where OCR cannot help: ruled lines, cells, check marks and signatures (OpenCV).

A form's blanks are drawn with ruled lines: boxes around a field, a line a
value is written on, a label cell beside a value cell. ``Geometry`` finds
those lines once per page so the extractor can tell where a label's value
sits. Check marks and signatures are judged by ink, never by words: a
signature line always carries the printed word "Signature", signed or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import cv2
import numpy as np

from pipeline.pages import BBox, Page

Box = tuple[int, int, int, int]


def _ink(img: np.ndarray) -> np.ndarray:
    return (img < 128).astype(np.uint8)


def line_masks(img: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruled lines (0/1 masks): runs of ink longer than 1/5 inch."""
    ink = _ink(img)
    k = max(15, int(dpi * 0.2))
    # a rule skewed by a fax steps a row every few dozen pixels: seen through a 3-row window it is one run
    tall = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    h = cv2.morphologyEx(tall, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1))) & ink
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    return h, v


def cell_walls(img: np.ndarray, h: np.ndarray, v: np.ndarray, dpi: float, dashed: np.ndarray | None = None
               ) -> np.ndarray:
    """The lines that close cells (0/1): ruled lines, rules a fax broke into dashes (``dashed``, found when not
    given; side walls too), and the gaps a fax left in either, up to ``CELL_BRIDGE``, closed along the line."""
    ink = _ink(img)
    dashed = dashed_rules(ink, h, dpi) if dashed is None else dashed
    rows = cv2.dilate(h | dashed, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3)))
    cols = cv2.dilate(v, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 9)))
    # a cell's side walls broken the same way: the page turned a quarter, counted over a cell's height
    walls = dashed_rules(np.ascontiguousarray(ink.T), np.ascontiguousarray(v.T), dpi, WALL_SPAN).T
    cols |= cv2.dilate(np.ascontiguousarray(walls), cv2.getStructuringElement(cv2.MORPH_RECT, (3, 9)))
    bridge = max(3, int(CELL_BRIDGE * dpi))
    rows = cv2.morphologyEx(rows, cv2.MORPH_CLOSE, np.ones((1, bridge), np.uint8))
    cols = cv2.morphologyEx(cols, cv2.MORPH_CLOSE, np.ones((bridge, 1), np.uint8))
    _close_corners(rows, cols, max(3, int(CORNER_SLACK * dpi)), bridge)
    return rows | cols


CORNER_SLACK = 0.08
"""Inches: a rule ending this near a side wall's line meets it (a fax may leave them a few pixels apart, or fade
the wall out short of the rule); a stroke further in is a letter standing under the rule."""
OVERSHOOT = 3
"""Pixels a rule may run past the wall it ends at (the walls are drawn three pixels wide)."""


def _close_corners(rows: np.ndarray, cols: np.ndarray, slack: int, reach: int) -> None:
    """Join, in place, each rule's end to a side wall standing within ``slack`` of it: carried on to the wall
    when the wall crosses the rule's line, and the wall carried on to the rule too when the wall's own end is
    within ``reach`` of it (a corner). A box's corner a fax left open lets the cell's space run out into the
    page."""
    _, _, hs, _ = cv2.connectedComponentsWithStats(rows, connectivity=8)
    _, _, vs, _ = cv2.connectedComponentsWithStats(cols, connectivity=8)
    hs = [s for s in hs[1:] if s[2] >= 2 * reach and s[3] <= slack]  # rules, not a filled bar or a pen's stroke
    vs = [s for s in vs[1:] if s[2] <= slack]  # walls: thin (a dark bar's sides are no wall to carry a rule to)
    for x, y, w, h, _ in hs:
        yc = y + h // 2
        for vx, vy, vw, vh, _ in vs:
            for ex, side in ((x, -1), (x + w - 1, 1)):  # the rule's left end looks left, its right end right
                near, far = (vx + vw - 1, vx) if side < 0 else (vx, vx + vw - 1)
                if (near - ex) * side > slack or (ex - far) * side > OVERSHOOT:
                    continue  # the wall stands off the rule's end, or well inside it (a letter under the rule)
                ends = [ey for ey in (vy, vy + vh - 1) if abs(ey - yc) <= reach]
                if not (vy <= yc <= vy + vh - 1 or ends):
                    continue
                rows[y:y + h, min(ex, vx):max(ex, vx + vw - 1) + 1] = 1
                for ey in ends:
                    cols[min(ey, yc):max(ey, yc) + 1, vx:vx + vw] = 1


CELL_BRIDGE = 0.3
"""Inches: a gap this long in a cell's wall is a fax's dropout (a skewed hairline sampled at 98 lines per
inch fades out every few inches), not an opening. Rows and columns are closed apart: two rules a quarter
inch apart are two walls, not one band."""
DASH_COVER = 0.25
"""Share of an inch's columns that carry a thin tick for a row to be a dashed rule (on our standard-mode faxes
a hairline's stretches keep 15-90 % of their columns). Large type's bars pass too: see ``Geometry.dashed``."""
WALL_SPAN = 0.3
"""Inches: a cell's wall is as short as the cell is tall (a third of an inch): its dashes are counted over that."""
DASH_SPAN = 1.0
"""Inches: the window ticks are counted over; a dashed rule runs at least half of it."""


def dashed_rules(ink: np.ndarray, solid: np.ndarray, dpi: float, span_in: float = DASH_SPAN) -> np.ndarray:
    """Thin rules a fax broke into ticks, as continuous rows (0/1): a hairline sampled at 98 lines per inch and
    dithered comes out as short dashes and gaps, no run long enough to be found as a ruled line.

    A column counts when it has ink in a thin band of rows and none just above or below: a letter's stroke and
    a dithered band have ink around them, a rule's tick does not. A row is a rule where such columns cover
    ``DASH_COVER`` of an inch; its ends are cut back to its last ticks. Ink of the ``solid`` rules already
    found is left out of the count, ticks and columns alike, so that three blanks on one row a little apart
    do not become one dashed rule across the gaps between them.

    These rows wall cells in and are blanks to write on, but are never taken out of the ink as a solid rule's
    pixels are: a pen's flat stroke, sampled the same way, breaks into ticks too."""
    H, W = ink.shape
    band_h = max(3, round(0.015 * dpi))
    gap, side = max(2, round(0.008 * dpi)), max(4, round(0.025 * dpi))
    band = cv2.dilate(ink, np.ones((band_h, 1), np.uint8), anchor=(0, 0))  # ink in rows y .. y+band_h-1
    near = cv2.dilate(ink, np.ones((side, 1), np.uint8), anchor=(0, 0))  # ink in rows y .. y+side-1
    above, below = np.zeros_like(ink), np.zeros_like(ink)
    above[gap + side:] = near[:H - gap - side]
    below[:H - band_h - gap] = near[band_h + gap:]
    free = 1 - cv2.dilate(solid, np.ones((band_h + 2 * gap, 1), np.uint8))
    ticks = band & (1 - above) & (1 - below) & free
    span = max(15, int(span_in * dpi))
    counted = cv2.blur(free.astype(np.float32), (span, 1))
    share = cv2.blur(ticks.astype(np.float32), (span, 1)) / np.maximum(counted, 1e-6)
    rule = ((share >= DASH_COVER) & (counted >= 0.25)).astype(np.uint8)
    rule = cv2.morphologyEx(rule, cv2.MORPH_OPEN, np.ones((1, span // 2), np.uint8))
    # the window's average spreads half a span past the rule's ends: cut back to its ticks
    rule &= cv2.morphologyEx(ticks, cv2.MORPH_CLOSE, np.ones((1, max(3, int(0.04 * dpi))), np.uint8))
    out = np.zeros_like(rule)
    shift = band_h // 2  # a band is marked at its top row: move it onto the tick
    out[shift:] = rule[:H - shift]
    return out


def without_rules(crop: np.ndarray, dpi: float) -> np.ndarray:
    """A copy of ``crop`` with its ruled lines (and a pixel around them) whitened, for OCR."""
    h, v = line_masks(crop, dpi)
    out = crop.copy()
    out[cv2.dilate((h | v).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0] = 255
    return out


@dataclass
class Segment:
    x0: int
    x1: int
    y: int


class Geometry:
    """Ruled lines and the cells they close, for one page."""

    def __init__(self, page: Page):
        self.page = page
        self.img = page.image
        self.dpi = float(page.dpi or 300)
        self.h, self.v = line_masks(self.img, self.dpi)

    @cached_property
    def segments(self) -> list[Segment]:
        """Horizontal ruled lines as segments (blanks to write on, box edges)."""
        rules = self.h | self.dashed  # (a dashed rule is one segment, whose ink stays in the page)
        n, labels, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
        out = []
        for i in range(1, n):
            x, y, w, hh, _ = stats[i]
            if hh <= max(6, self.dpi * 0.03):
                out.append(Segment(int(x), int(x + w), int(y + hh // 2)))
            else:  # a line crossed by pen strokes: keep its densest rows
                box = (rules[y:y + hh, x:x + w] > 0) & (labels[y:y + hh, x:x + w] == i)
                rows = box.sum(axis=1)
                full = np.nonzero(rows >= 0.6 * w)[0]
                cols = box.sum(axis=0)
                if len(full):
                    out.append(Segment(int(x), int(x + w), int(y + full.mean())))
                elif (cols > 0).mean() >= 0.9 and np.median(cols[cols > 0]) <= 3 and hh <= 0.02 * w + 4:
                    # a thin rule a little off the horizontal (a page fed skewed): one row per column
                    centre = (box * np.arange(hh)[:, None]).sum(axis=0)[cols > 0] / cols[cols > 0]
                    out.append(Segment(int(x), int(x + w), int(y + np.median(centre))))
        return out

    @cached_property
    def dashed(self) -> np.ndarray:
        """Rules a fax broke into dashes (see ``dashed_rules``): they close cells and are blanks to write on,
        but their ink stays (a pen's flat stroke breaks into ticks too). None runs through a word's middle: large
        type's bars (the tops of an "o", an "e"'s bar) have white above and below and align in a row like ticks."""
        out = dashed_rules(_ink(self.img), self.h, self.dpi)
        for w in self.page.words:  # ticks in a row through a word's middle are its letters' bars, not a rule
            if sum(c.isalnum() for c in w.text) >= 2:
                x0, y0, x1, y1 = (int(c) for c in w.bbox)
                m = (y1 - y0) // 5
                out[max(0, y0 + m):max(0, y1 - m), max(0, x0):max(0, x1)] = 0
        return out

    @cached_property
    def _cells(self) -> tuple[np.ndarray, np.ndarray]:
        free = (1 - cell_walls(self.img, self.h, self.v, self.dpi, self.dashed)).astype(np.uint8)
        _, labels, stats, _ = cv2.connectedComponentsWithStats(free, connectivity=4)
        return labels, stats

    def cell_at(self, x: float, y: float) -> Box | None:
        """The ruled cell around a point, or None when the point is in open page space."""
        labels, _ = self._cells
        H, W = labels.shape
        xi, yi = int(min(max(x, 0), W - 1)), int(min(max(y, 0), H - 1))
        return self._cell(int(labels[yi, xi]))

    def cells(self) -> list[Box]:
        """Every ruled cell of the page, top to bottom."""
        _, stats = self._cells
        return sorted((b for b in map(self._cell, range(1, len(stats))) if b), key=lambda b: (b[1], b[0]))

    def _cell(self, lab: int) -> Box | None:
        """Free area ``lab``'s box, when it has a cell's size: not the page's open space, not a sliver."""
        labels, stats = self._cells
        H, W = labels.shape
        if lab == 0:
            return None
        x0, y0, w, h, _ = stats[lab]
        if w > 0.97 * W or h > 1.2 * self.dpi or h < 0.08 * self.dpi or w < 0.15 * self.dpi:
            return None
        return int(x0), int(y0), int(x0 + w), int(y0 + h)

    def ink_box(self, region: Box, blank: list[BBox] = (), min_px: int = 0,
                slivers: bool = False) -> tuple[int, Box | None]:
        """Ink pixels in ``region`` after removing ruled lines and ``blank`` boxes, and their bounding box.
        ``slivers``: also drop thin straight pieces (a faxed rule's dashes and its 1-pixel-skewed stretches,
        too short or too crooked to be found as rules), where only a pen's scrawl counts."""
        count, box, _ = self.ink_extent(region, blank, min_px, slivers)
        return count, box

    def ink_extent(self, region: Box, blank: list[BBox] = (), min_px: int = 0,
                   slivers: bool = False) -> tuple[int, Box | None, int]:
        """``ink_box``, and the height in pixels of the tallest piece of ink it counts: a rule's remnants are as
        flat as the rule, a written letter is not."""
        found = self._ink_pieces(region, blank, slivers)
        if found is None:
            return 0, None, 0
        x0, y0, lab, keep, stats = found
        keep = _without_stray_flats(keep, stats, self.dpi)
        mask = keep[lab]
        count = int(mask.sum())
        tallest = int(stats[keep, 3].max(initial=0))
        if count <= min_px:
            return count, None, tallest
        ys, xs = np.nonzero(mask)
        return count, (int(xs.min() + x0), int(ys.min() + y0), int(xs.max() + x0 + 1), int(ys.max() + y0 + 1)), tallest

    def _ink_pieces(self, region: Box, blank: list[BBox], slivers: bool):
        """(x0, y0, component labels, which to keep, component stats) of the ink in ``region`` with ruled
        lines, ``blank`` boxes and specks left out; None for an empty region."""
        x0, y0, x1, y1 = clip(region, self.img.shape)
        if x1 <= x0 or y1 <= y0:
            return None
        ink = _ink(self.img[y0:y1, x0:x1]).copy()
        ink[(self.h[y0:y1, x0:x1] | self.v[y0:y1, x0:x1]) > 0] = 0
        for b in blank:
            bx0, by0, bx1, by1 = int(b[0]) - x0 - 2, int(b[1]) - y0 - 2, int(b[2]) - x0 + 2, int(b[3]) - y0 + 2
            ink[max(by0, 0):max(by1, 0), max(bx0, 0):max(bx1, 0)] = 0
        # drop specks (fax noise, line remnants)
        n, lab, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        keep = np.zeros(n, bool)
        min_area = max(3, int((self.dpi / 300) ** 2 * 12))
        thin = max(3, round(SLIVER_IN * self.dpi))
        side = max(2, round(WALL_SIDE_IN * self.dpi))
        for i in range(1, n):
            keep[i] = stats[i, 4] >= min_area
            x, w, h = stats[i, 0], stats[i, 2], stats[i, 3]
            if slivers and ((h <= thin and w >= 2 * h) or (w <= thin and h >= 4 * w)):
                keep[i] = False
            if w <= thin and h >= 2 * w and (x <= side or x + w >= ink.shape[1] - side):
                keep[i] = False  # a piece of the cell's wall a fax broke, at the region's side: no pen's stroke
        return x0, y0, lab, keep, stats

    def clean_crop(self, region: Box, blank: list[BBox] = ()) -> np.ndarray:
        """The region's pixels with ruled lines and printed label boxes whitened (for re-OCR)."""
        x0, y0, x1, y1 = clip(region, self.img.shape)
        crop = self.img[y0:y1, x0:x1].copy()
        lines = (self.h[y0:y1, x0:x1] | self.v[y0:y1, x0:x1]) > 0
        crop[cv2.dilate(lines.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0] = 255
        crop[self._dash_ticks(crop, (x0, y0, x1, y1))] = 255
        for b in blank:
            bx0, by0, bx1, by1 = int(b[0]) - x0 - 2, int(b[1]) - y0 - 2, int(b[2]) - x0 + 2, int(b[3]) - y0 + 2
            crop[max(by0, 0):max(by1, 0), max(bx0, 0):max(bx1, 0)] = 255
        return crop

    def _dash_ticks(self, crop: np.ndarray, box: Box) -> np.ndarray:
        """The ink of a fax-broken rule (``dashed``) in ``crop``: pieces of ink lying wholly in the rule's band.
        Read with the writing above, the ticks came out as letters ("ne edu ne on" after a name) or joined it
        into one line with the writing. A piece reaching out of the band (a letter on the line, a descender
        through it, a round letter's bottom) is writing and stays whole."""
        x0, y0, x1, y1 = box
        rule = self.dashed[y0:y1, x0:x1]
        if not rule.any():
            return np.zeros(crop.shape, bool)
        band, bridge = max(3, round(0.02 * self.dpi)), round(TICK_BRIDGE * self.dpi)
        # along the row across the stretches the search missed (where a skewed rule steps a row)
        rows = cv2.dilate(rule, np.ones((2 * band + 1, 2 * bridge + 1), np.uint8)) > 0
        ink = crop < 128
        _, labels = cv2.connectedComponents(ink.astype(np.uint8), connectivity=8)
        writing = np.zeros(labels.max() + 1, bool)
        writing[labels[ink & ~rows]] = True
        return ink & rows & ~writing[labels]


TICK_BRIDGE = 2.0
"""Inches along its row a dashed rule's band reaches past where its search found it: the search misses the
stretches where a skewed rule steps down a row, but their ticks are the rule's all the same."""
STRAY_GAP_IN = 0.3
"""Inches of blank between a value's writing and pieces of ink further along the blank."""
FLAT_IN = 0.03
"""Inches: pieces no taller than this, standing apart from the writing by STRAY_GAP_IN, are a rule's ragged edge
or specks (the handwriting reader spells them "7 re" after a name); no letter is that flat."""


def _without_stray_flats(keep: np.ndarray, stats: np.ndarray, dpi: float) -> np.ndarray:
    """``keep`` without the runs of flat pieces that stand apart, left to right, from the rest of the ink."""
    idx = np.flatnonzero(keep)
    if len(idx) < 2:
        return keep
    order = idx[np.argsort(stats[idx, 0])]
    runs: list[list[int]] = [[int(order[0])]]
    right = stats[order[0], 0] + stats[order[0], 2]
    for i in order[1:]:
        if stats[i, 0] - right > STRAY_GAP_IN * dpi:
            runs.append([])
        runs[-1].append(int(i))
        right = max(right, stats[i, 0] + stats[i, 2])
    out = keep.copy()
    for run in runs:
        if stats[run, 3].max() <= FLAT_IN * dpi:
            out[run] = False
    return out if out.any() else keep


WALL_SIDE_IN = 0.015
"""Inches from a region's left or right side within which a thin upright piece of ink is its wall's remnant."""
SLIVER_IN = 0.02
"""Inches: a piece of ink no thicker than this, and long in one direction, is a piece of a rule."""


def clip(b: Box, shape: tuple[int, ...]) -> Box:
    """``b`` cut to an image of ``shape`` (it may come out empty: x1 <= x0 or y1 <= y0)."""
    H, W = shape[:2]
    return max(0, int(b[0])), max(0, int(b[1])), min(W, int(b[2])), min(H, int(b[3]))


# ---------------------------------------------------------------- signatures

@dataclass(frozen=True)
class SignatureInk:
    present: bool
    confidence: float
    bbox: Box | None


def signature_ink(geo: Geometry, region: Box, blank: list[BBox]) -> SignatureInk:
    """Is there pen ink in the signature area? Amount and spread of ink, lines and printed words removed.

    A signature is a scrawl at least ~0.4 inch wide; a stray speck or the tail
    of a neighbouring letter is not. Clear cases are confident; anything in
    between is reported with low confidence so a person looks.
    """
    s = geo.dpi / 300.0
    count, box = geo.ink_box(region, blank, slivers=True)
    if box is None or count == 0:
        return SignatureInk(False, 0.93, None)
    width_in = (box[2] - box[0]) / geo.dpi
    area_in2 = count / (geo.dpi ** 2)
    if (box[3] - box[1]) / geo.dpi < 0.08:
        return SignatureInk(False, 0.6, box)  # a flat run: a broken ruled line or dots, not a scrawl (real forms)
    if area_in2 >= 0.012 and width_in >= 0.45:
        conf = 0.96 if area_in2 >= 0.02 and width_in >= 0.8 else 0.88
        return SignatureInk(True, conf, box)
    if area_in2 <= 0.0015 and count < 60 * s * s:
        return SignatureInk(False, 0.9, None)
    return SignatureInk(area_in2 >= 0.006, 0.5, box)


# ---------------------------------------------------------------- check boxes

def mark_region(word_box: BBox, line_h: float, left_limit: float) -> Box:
    """Where the check box of an option sits: just left of the option's first word."""
    x0, y0, x1, y1 = word_box
    left = max(left_limit, x0 - 2.1 * line_h)
    return int(left), int(y0 - 0.35 * line_h), int(x0 - 0.12 * line_h), int(y1 + 0.3 * line_h)


def mark_ink(geo: Geometry, region: Box) -> float:
    """Ink in a check box region in square inches x 1000, ruled lines kept (glyph ink is the baseline)."""
    x0, y0, x1, y1 = clip(region, geo.img.shape)
    if x1 <= x0 or y1 <= y0:
        return 0.0
    ink = _ink(geo.img[y0:y1, x0:x1])
    return float(ink.sum()) / (geo.dpi ** 2) * 1000.0


def box_fill(geo: Geometry, region: Box) -> float | None:
    """Share of the inside of the check box (or round button) in ``region`` that is inked; None when no
    closed outline is seen there.

    Whole-region ink varies with the glyph and the fax (an outline thickens or breaks, a tick's tail runs
    out of the box); the inside of a closed outline is blank unless someone marked it.
    """
    pad = round(0.3 * (region[3] - region[1]))  # a box taller than its option's words pokes out of the region
    x0, y0, x1, y1 = clip((region[0], region[1] - pad, region[2], region[3] + pad), geo.img.shape)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    ink = _ink(geo.img[y0:y1, x0:x1])
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))  # a fax's broken outline
    contours, _ = cv2.findContours(joined, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    lo, hi = BOX_SIDE_IN[0] * geo.dpi, BOX_SIDE_IN[1] * geo.dpi
    best = None
    for c in contours:
        bx, by, bw, bh = cv2.boundingRect(c)
        if not (lo <= bw <= 1.6 * hi and lo <= bh <= 1.6 * hi):
            continue
        shape = np.zeros(joined.shape, np.uint8)
        cv2.drawContours(shape, [c], -1, 1, thickness=cv2.FILLED)
        side = _glyph_side(shape, joined, lo, hi)
        if side is None or not region[1] <= y0 + side[1] + side[3] / 2 <= region[3]:
            continue  # the box of the option above or below
        if best is None or side[2] * side[3] > best[2] * best[3]:
            best = side
    if best is None:
        return None
    bx, by, bw, bh = best
    m = max(2, round(BOX_INSET * min(bw, bh)))
    inside = ink[by + m:by + bh - m, bx + m:bx + bw - m]
    return float(inside.mean()) if inside.size else None


def _glyph_side(shape: np.ndarray, ink: np.ndarray, lo: float, hi: float) -> tuple[int, int, int, int] | None:
    """The box of a check-box glyph inside a filled outline: the rows and columns the outline fills for most
    of their length (a tick's tail, thin, is left out); None when those are not a square of box size, or the
    outline is neither hollow nor solid (a letter, a bracket, a word)."""
    rows = shape.sum(axis=1)
    cols = shape.sum(axis=0)
    core_r = np.nonzero(rows >= 0.5 * rows.max())[0]
    core_c = np.nonzero(cols >= 0.5 * cols.max())[0]
    if not len(core_r) or not len(core_c):
        return None
    by, bh = int(core_r.min()), int(core_r.max() - core_r.min() + 1)
    bx, bw = int(core_c.min()), int(core_c.max() - core_c.min() + 1)
    if not (lo <= bw <= hi and lo <= bh <= hi and 0.7 <= bw / bh <= 1.4):
        return None
    area = shape[by:by + bh, bx:bx + bw]
    if area.mean() < 0.7:  # the outline encloses most of its box: a square or a circle, not a stroke
        return None
    m = max(1, round(BOX_INSET * min(bw, bh)))
    ring = ink[by:by + bh, bx:bx + bw].copy()
    ring[m:-m, m:-m] = 0
    if ring.sum() < 0.5 * (2 * bw + 2 * bh):  # no outline drawn around it
        return None
    return bx, by, bw, bh


BOX_SIDE_IN = (0.06, 0.3)
"""Inches: the sides of a printed check box, from fine print to a large form's box."""
BOX_INSET = 0.2
"""Share of a box's side left out all round when measuring its inside: the outline, thickened by a fax."""


@dataclass(frozen=True)
class Tick:
    code: str
    ticked: bool
    confidence: float
    box: Box


def judge_group(geo_inks: list[tuple[str, float, Box]], dpi: float, capped: bool = True) -> list[Tick]:
    """Ticked or empty for each option of one group, against the group's emptiest glyph.

    Empty boxes of one form look alike (same glyph), so the least-inked
    option is the baseline; a tick adds ~2-5 (in^2 x 1000) of ink over it.
    """
    if not geo_inks:
        return []
    base = _baseline([v for _, v, _ in geo_inks])
    out = []
    for code, v, box in geo_inks:
        ex = v - base
        if len(geo_inks) == 1:
            ticked, conf = v > 6.0, 0.6
        elif ex >= 2.5:
            ticked, conf = True, 0.97 if ex >= 3.5 else 0.9
        elif ex <= 0.8:
            ticked, conf = False, 0.97 if ex <= 0.5 else 0.9
        else:
            ticked, conf = ex >= 1.6, 0.5
        out.append(Tick(code, ticked, conf, box))
    if not capped:
        return out
    cap = group_cap([v for _, v, _ in geo_inks], [t.ticked for t in out])
    return [Tick(t.code, t.ticked, min(t.confidence, cap), t.box) for t in out]


def judge_fills(inks: list[tuple[str, float, Box]], fills: list[float], dpi: float) -> list[Tick]:
    """Ticked or empty for each option of a group whose every box was found (``box_fill``).

    The inside of a box decides. It is sure unless the whole-region ink, judged the old way, sees a tick in an
    empty box's region (one made beside the box, not in it) or is sure the box is empty when its inside is not.
    """
    by_ink = judge_group(inks, dpi, capped=False)
    out = []
    for (code, _, box), f, other in zip(inks, fills, by_ink, strict=True):
        ticked = f >= (FILL_EMPTY + FILL_TICKED) / 2
        against = other.ticked != ticked and (other.ticked or other.confidence >= 0.9)
        sure = (f <= FILL_EMPTY or f >= FILL_TICKED) and not against
        out.append(Tick(code, ticked, 0.97 if sure else 0.5, box))
    return out


FILL_EMPTY, FILL_TICKED = 0.15, 0.25
"""Inked share of a box's inside: at most this is empty, at least that is marked. On 1,154 options of
synthesised training-issuer forms (``python -m bench.checks``), closed boxes were found for 791: empty
insides held at most 0.10 of ink (faxed) and marked ones at least 0.32."""


GLYPH_ALIKE = 0.35
"""Ink (in^2 x 1000) within which two empty boxes count as the same glyph."""


def _baseline(inks: list[float]) -> float:
    """The empty glyph's ink: the lowest value another box repeats, in a list of five or more.

    One option set in smaller type ("Substance use disorder treatment (42 CFR Part 2)" in fine
    print) has a smaller box; as the baseline it would make every other empty box look half-ticked.
    At most two such lone values are passed over; a short list keeps its minimum.
    """
    s = sorted(inks)
    if len(s) >= 5:
        for i in range(3):
            if s[i + 1] - s[i] <= GLYPH_ALIKE:
                return s[i]
    return s[0]


def group_cap(inks: list[float], ticked: list[bool]) -> float:
    """The most a group's reading can be trusted: empty boxes alike, ticks well clear of them, no box missed.

    Measured on real forms (bench/real_forms.py): an option whose region holds
    almost no ink is no box at all (a word in a sentence, a box the region
    missed), so the emptiest-glyph baseline is meaningless; on faxes an empty
    box can carry +0.8 of noise and a faint tick only +0.5, so a multi-choice
    list is trusted only when its empty boxes are tight and the ticks far off.
    """
    empty = sorted(v for v, t in zip(inks, ticked) if not t)
    marks = [v for v, t in zip(inks, ticked) if t]
    if not empty or not marks:
        return 0.9 if not marks else 0.5
    ref = empty[len(empty) // 2]
    if ref < 0.8 or min(inks) < 0.5 * ref:
        return 0.5  # a region without a box glyph: nothing to compare against
    if len(inks) >= 3 and len(empty) < 2:
        return 0.6  # one empty box is no baseline
    if len(empty) >= 2 and max(empty) - ref > 0.4:
        return 0.6
    if len(inks) == 2 and min(marks) < 1.6 * ref:
        return 0.6  # two options: the other box is the only baseline, a tick must stand well clear of it
    if min(marks) - max(empty) < 2.5 or max(marks) - ref > 9.0:
        return 0.6  # a tick too faint, or far too much ink for a tick (shading, a word)
    return 1.0
