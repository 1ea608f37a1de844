"""Ruled cells the page pass left unread are read again one by one (pipeline/cells.py).

The page is a boxed row of fields drawn by us (small caption at the top of
each cell, the value below), faxed at 204 x 196 dpi and read with the real
Tesseract. What the page pass "missed" is made certain by taking its words
away: Tesseract drops such rows on real faxes, but not on cue.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import cells
from pipeline.clean import CleanOptions
from tests.pages import FONT, faxed_page

DPI = 300
ROW = ((90, 1000, "Name", "Morgan Ellis"), (1000, 1700, "Date of birth", "03/14/1979"),
       (1700, 2400, "Chart #", "48213307"))


def _page() -> Image.Image:
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    small, value = ImageFont.truetype(FONT, 28), ImageFont.truetype(FONT, 50)
    d.text((700, 250), "Authorization to Disclose Health Information", font=ImageFont.truetype(FONT, 50), fill=0)
    for x0, x1, lab, val in ROW:
        d.rectangle((x0, 500, x1, 640), outline=0, width=4)
        d.text((x0 + 14, 508), lab, font=small, fill=0)
        d.text((x0 + 24, 560), val, font=value, fill=0)
    d.rectangle((90, 800, 130, 840), outline=0, width=4)  # a tick box: too small to be a field's cell
    d.text((150, 795), "All records", font=value, fill=0)
    return im


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return faxed_page(tmp_path_factory.mktemp("cells") / "f.tif", _page(), CleanOptions(cells=False))


def _in_row(page) -> list:  # type: ignore[no-untyped-def]
    top, bottom = 500 * page.dpi / DPI, 640 * page.dpi / DPI
    return [w for w in page.words if top - 5 <= (w.y0 + w.y1) / 2 <= bottom + 5]


def _expected_boxes(dpi: float) -> list[tuple[float, float]]:
    return [(x0 * dpi / DPI, x1 * dpi / DPI) for x0, x1, _, _ in ROW]


@pytest.mark.slow
class TestCells:
    def test_cells_whose_words_are_missing_are_found_and_nothing_else(self, page) -> None:  # type: ignore[no-untyped-def]
        others = [w for w in page.words if w not in _in_row(page)]
        found = sorted(cells.unread_cells(page.image, page.dpi, others))
        assert len(found) == len(ROW)
        for (x0, _, x1, _), (ex0, ex1) in zip(found, _expected_boxes(page.dpi)):
            assert abs(x0 - ex0) < 15 and abs(x1 - ex1) < 15

    def test_cells_the_page_read_are_left_alone(self, page) -> None:  # type: ignore[no-untyped-def]
        assert {w.text for w in _in_row(page)} >= {"Name", "Morgan"}  # the page pass read this clean row
        assert cells.unread_cells(page.image, page.dpi, page.words) == []
        assert cells.reread_cells(page.image, page.dpi, page.words) == page.words

    def test_a_missed_row_is_read_back_with_boxes_on_the_page(self, page) -> None:  # type: ignore[no-untyped-def]
        others = [w for w in page.words if w not in _in_row(page)]
        words = cells.reread_cells(page.image, page.dpi, others)
        got = {w.text: w for w in words if w not in others}
        for _, _, lab, val in ROW:
            assert lab.split()[0] in got and val.split()[0] in got
        for (ex0, ex1), (_, _, lab, val) in zip(_expected_boxes(page.dpi), ROW):
            w = got[val.split()[0]]
            assert ex0 < w.x0 < w.x1 < ex1  # in its own cell, in page pixels
            x0, y0, x1, y1 = (int(c) for c in w.bbox)
            assert (page.image[y0:y1, x0:x1] < 128).mean() > 0.1  # the box holds the value's ink
        assert len({w.line_key for w in got.values()} & {w.line_key for w in others}) == 0
        assert [w for w in words if w in others] == others  # the rest untouched, in order

    def test_a_caption_read_as_garbage_is_read_again_and_the_value_kept(self, page) -> None:  # type: ignore[no-untyped-def]
        # on a real fax the page pass read a cell's handwritten value but made "ee" of its small "Email"
        # caption: the cell's ink was covered, so it was not read again and the field had no label
        row = _in_row(page)
        captions = {lab.split()[0] for _, _, lab, _ in ROW} | {"of", "birth", "#"}
        cap_words = [w for w in row if w.text in captions]
        assert len(cap_words) >= len(ROW)  # the page pass read this clean row's captions
        garbage = [replace(w, text="ee", conf=0.2) for w in cap_words]
        words = [w for w in page.words if w not in cap_words] + garbage
        assert len(cells.unread_cells(page.image, page.dpi, words)) == len(ROW)
        out = cells.reread_cells(page.image, page.dpi, words)
        got = {w.text for w in out if w.conf >= cells.CAPTION_CONF}
        assert {lab.split()[0] for _, _, lab, _ in ROW} <= got
        assert "ee" not in {w.text for w in out}
        values = [w for w in row if w not in cap_words]
        assert all(w in out for w in values)  # the page read the values well: they stay as they were
