"""Cleaning and OCR of faxed pages with the real Tesseract."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.load import load_pages
from pipeline.prepare import prepare_page
from tests.pages import LINES, fax_frame, sideways, text_page, write_fax

LIMITS = {"max_pages": 200, "max_pixels": 60_000_000}
EXPECTED = {w.strip(":,.").lower() for line in LINES for w in line.split() if len(w) > 3}


def recall(page) -> float:  # type: ignore[no-untyped-def]
    got = {w.text.strip(":,.").lower() for w in page.words}
    return len(EXPECTED & got) / len(EXPECTED)


def prepared(tmp_path: Path, **fax) -> list:  # type: ignore[type-arg]
    fine = fax.pop("fine", False)
    path = write_fax(tmp_path / "f.tif", [fax_frame(text_page(), fine=fine, **fax)], fine=fine)
    return [prepare_page(raw) for raw in load_pages(path, **LIMITS)]


@pytest.mark.slow
class TestFaxedPages:
    def test_standard_mode_page_is_squared_and_read(self, tmp_path: Path) -> None:
        (page,) = prepared(tmp_path, fine=False, noise=0.0005)
        assert page.image.shape[0] > 1.2 * page.image.shape[1]  # letter-shaped again, not squashed
        assert recall(page) >= 0.85
        assert page.ocr_confidence >= 0.7

    def test_upside_down_page_is_turned_upright(self, tmp_path: Path) -> None:
        (page,) = prepared(tmp_path, fine=True, rotate=180)
        assert page.rotation == 180
        assert recall(page) >= 0.85

    def test_skew_is_measured_and_removed(self, tmp_path: Path) -> None:
        (page,) = prepared(tmp_path, fine=True, skew=2.5)
        assert abs(abs(page.skew_degrees) - 2.5) <= 0.5
        assert recall(page) >= 0.85

    @pytest.mark.parametrize("turn", [90, 270])
    def test_sideways_page_is_turned_upright_and_deskewed(self, tmp_path: Path, turn: int) -> None:
        # a portrait form faxed sideways and crooked, shrunk onto the sheet. Tesseract reads such a
        # page fluently, in columns (one turn's words stand tall), so fluency alone must not keep it
        path = write_fax(tmp_path / "f.tif", [fax_frame(sideways(text_page(LINES * 3), 2.0, turn), fine=True)],
                         fine=True)
        (page,) = [prepare_page(raw) for raw in load_pages(path, **LIMITS)]
        assert page.rotation == (360 - turn) % 360
        assert abs(abs(page.skew_degrees) - 2.0) <= 0.5
        assert recall(page) >= 0.85
        long = [w for w in page.words if len(w.text) >= 4]
        assert sum(w.bbox[2] - w.bbox[0] > w.bbox[3] - w.bbox[1] for w in long) > 0.9 * len(long)

    def test_word_boxes_are_in_the_stored_image(self, tmp_path: Path) -> None:
        (page,) = prepared(tmp_path, fine=False)
        h, w = page.image.shape
        for word in page.words:
            x0, y0, x1, y1 = word.bbox
            assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h
        title = next(wd for wd in page.words if wd.text.upper() == "AUTHORIZATION")
        x0, y0, x1, y1 = (int(v) for v in title.bbox)
        assert (page.image[y0:y1, x0:x1] < 128).mean() > 0.1  # the box holds the word's ink


@pytest.mark.slow
def test_a_scanner_streak_down_the_page_is_removed_and_the_words_it_crossed_read(tmp_path: Path) -> None:
    """A dirty fax scanner draws a one-pixel column of ink from the top edge to the bottom; through a written
    date it made a dev fax's "09-13-2026" read "06-13-2026". A printed border, which stops at the margins,
    stays."""
    import numpy as np
    from PIL import Image, ImageDraw

    from pipeline.clean import CleanOptions

    page = text_page(LINES + ["Date signed: 09-13-2026    Account 58885454"])
    ImageDraw.Draw(page).rectangle((120, 120, page.width - 120, page.height - 120), outline=0, width=4)
    frame = np.asarray(fax_frame(page, fine=True).convert("L")).copy()
    probe = prepare_page(next(load_pages(write_fax(tmp_path / "p.tif", [Image.fromarray(frame).convert("1")],
                                                   fine=True), **LIMITS)))
    date = next(w for w in probe.words if "2026" in w.text)
    x = int(date.bbox[0] + 0.12 * (date.bbox[2] - date.bbox[0]))  # through the "9" of "09"
    frame[:, x:x + 2] = 0
    path = write_fax(tmp_path / "f.tif", [Image.fromarray(frame).convert("1")], fine=True)
    raw = next(load_pages(path, **LIMITS))
    cleaned = prepare_page(raw)
    assert any(w.text.startswith("09-13-2026") for w in cleaned.words)
    assert (cleaned.image[:, x:x + 2] < 128).any(axis=1).mean() < 0.1  # the streak is gone
    border = cleaned.image[:, 80:200] < 128  # the printed border's left side is still there
    assert border.any(axis=1).mean() > 0.8
    kept = prepare_page(raw, CleanOptions(streaks=False))
    assert (kept.image[:, x:x + 2] < 128).any(axis=1).mean() > 0.9


def _words(texts: list[str], conf: float = 0.85) -> list:  # type: ignore[type-arg]
    from pipeline.pages import Word

    return [Word(text=t, conf=conf, bbox=(0, 0, 10, 10)) for t in texts]


@pytest.mark.slow
def test_faint_pen_on_a_phone_photo_survives_binarization() -> None:
    """A photo's dark print and its faint written values: Otsu's threshold on the flattened page split paper
    from print and left the values as specks (a dev photo's name, address and dates). Darker than two thirds
    of the paper is ink."""
    import numpy as np
    from PIL import ImageDraw, ImageFont

    from pipeline.load import RawPage
    from tests.pages import FONT

    page = text_page(LINES)
    d = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 50)
    for k, value in enumerate(["DONALD KLEIN", "STACEYLAND MEDICINE", "LEGAL PROCEEDINGS"]):
        d.text((300, 1700 + k * 150), value, font=font, fill=0)
    for k in range(6):  # section bars in black: most of the page's dark ink is print
        d.rectangle((270, 2300 + k * 90, 2300, 2350 + k * 90), fill=0)
    arr = np.asarray(page).astype(np.float32) / 255.0
    light = np.linspace(200, 170, arr.shape[1])[None, :] * np.linspace(1.0, 0.9, arr.shape[0])[:, None]
    rows = np.arange(arr.shape[0])[:, None]
    ink = np.where((rows >= 1650) & (rows < 2200), 0.6, 0.15)  # the values in a light pen (a dev photo's: 0.59)
    sheet = light * (arr + (1 - arr) * ink)
    photo = np.full((sheet.shape[0] + 300, sheet.shape[1] + 300), 90, np.uint8)  # the sheet on a dark table
    photo[150:-150, 150:-150] = sheet.astype(np.uint8)
    got = prepare_page(RawPage(number=1, image=photo, xdpi=300, ydpi=300, kind="image"))
    text = " ".join(w.text for w in got.words)
    for word in ("DONALD", "KLEIN", "STACEYLAND", "PROCEEDINGS"):
        assert word in text, word
    assert recall(got) >= 0.85  # the print is read as before


def test_confident_garbage_counts_as_poorly_read() -> None:
    """An upside-down page can OCR as confident non-words: orientation must still be checked."""
    from pipeline.prepare import _poorly_read

    upright = ("Please complete the form below and sign it . Patient name Date of birth "
               "I authorize the release of my health information to the person named in this section").split()
    garbage = ("uriplens/ueied pur sour yog] Ajuo yuaned sould Ajuo urtpurngAuarg Sa0.LVNOSIS NOLLOUS "
               "ssauppe jirarg duoydopay Yury ated auru waned Lou TaUzeN UeNL WON aq URtPIENH juss] aed "
               "yO ainyeusig oN SUCKS FAST SAAIUSR").split()
    assert not _poorly_read(_words(upright * 2))
    assert _poorly_read(_words(garbage))
