"""Lines of text the page pass dropped are read again, stacked (pipeline/bands.py).

The page is drawn by us: a title and three caption lines with values written
on underlined blanks, faxed at 204 x 196 dpi and read with the real
Tesseract. What the page pass "missed" is made certain by taking one line's
words away: Tesseract drops such lines on real faxes, but not on cue.
"""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import bands
from pipeline.clean import CleanOptions
from tests.pages import FONT, faxed_page

DPI = 300
ROWS = ((700, "Client name:", "Morgan Ellis"), (900, "Home phone:", "970 555 0142"),
        (1100, "Referring clinic:", "Pinecrest Health"))


def _page() -> Image.Image:
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    font = ImageFont.truetype(FONT, 44)
    d.text((300, 300), "Request for My Health Information", font=ImageFont.truetype(FONT, 60), fill=0)
    for y, lab, val in ROWS:
        d.text((300, y), lab, font=font, fill=0)
        d.text((900, y), val, font=font, fill=0)
        d.line((880, y + 58, 2200, y + 58), fill=0, width=4)  # the blank's rule, whitened before reading
    return im


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return faxed_page(tmp_path_factory.mktemp("bands") / "f.tif", _page(), CleanOptions(bands=False))


def _on_row(page, i: int) -> list:  # type: ignore[no-untyped-def]
    y = ROWS[i][0] * page.dpi / DPI
    return [w for w in page.words if y - 10 <= (w.y0 + w.y1) / 2 <= y + 70 * page.dpi / DPI]


@pytest.mark.slow
class TestBands:
    def test_a_page_read_whole_has_no_band(self, page) -> None:  # type: ignore[no-untyped-def]
        assert {w.text for w in _on_row(page, 0)} >= {"Client", "Morgan"}  # the page pass read it
        assert bands.unread_bands(page.image, page.dpi, page.words) == []
        assert bands.add_unread(page.image, page.dpi, page.words) == page.words

    def test_a_dropped_line_gives_bands_where_it_was(self, page) -> None:  # type: ignore[no-untyped-def]
        others = [w for w in page.words if w not in _on_row(page, 1)]
        found = bands.unread_bands(page.image, page.dpi, others)
        y = ROWS[1][0] * page.dpi / DPI
        assert found and min(b.box[0] for b in found) < 310 * page.dpi / DPI  # from the caption on
        for b in found:
            assert abs(b.box[1] - y) < 20 and b.box[3] < y + 70 * page.dpi / DPI

    def test_dropped_lines_are_read_back_in_page_pixels(self, page) -> None:  # type: ignore[no-untyped-def]
        missed = _on_row(page, 0) + _on_row(page, 2)
        others = [w for w in page.words if w not in missed]
        words = bands.add_unread(page.image, page.dpi, others)
        assert words[:len(others)] == others  # the page's words untouched, in order
        got = {w.text: w for w in words[len(others):]}
        assert {"Client", "name:", "Morgan", "Ellis", "Referring", "clinic:", "Pinecrest"} <= set(got)
        assert got["Client"].line_key == got["Ellis"].line_key != got["Pinecrest"].line_key
        assert not {w.line_key for w in got.values()} & {w.line_key for w in others}
        for text, (y, _, _) in (("Morgan", ROWS[0]), ("Pinecrest", ROWS[2])):
            w = got[text]
            assert abs(w.y0 - y * page.dpi / DPI) < 25 and w.x0 > 880 * page.dpi / DPI
            x0, y0, x1, y1 = (int(c) for c in w.bbox)
            assert (page.image[y0:y1, x0:x1] < 128).mean() > 0.1  # the box holds the word's ink
