"""Check boxes, signature ink and ruled cells on drawn pages (no OCR)."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.marks import Geometry, judge_group, mark_ink, signature_ink
from pipeline.pages import Page


def blank(h: int = 1100, w: int = 1700) -> np.ndarray:
    return np.full((h, w), 255, np.uint8)


def page(img: np.ndarray, dpi: float = 200) -> Page:
    return Page(number=1, image=img, dpi=dpi)


def test_ticked_and_empty_boxes() -> None:
    img = blank()
    regions = []
    for i, style in enumerate(["empty", "x", "empty", "check", "fill", "empty"]):
        x, y = 100, 100 + i * 60
        cv2.rectangle(img, (x, y), (x + 22, y + 22), 0, 2)
        if style == "x":
            cv2.line(img, (x + 2, y + 2), (x + 20, y + 20), 0, 3)
            cv2.line(img, (x + 20, y + 2), (x + 2, y + 20), 0, 3)
        elif style == "check":
            cv2.line(img, (x + 3, y + 12), (x + 9, y + 20), 0, 3)
            cv2.line(img, (x + 9, y + 20), (x + 28, y - 6), 0, 3)
        elif style == "fill":
            cv2.rectangle(img, (x + 4, y + 4), (x + 18, y + 18), 0, -1)
        regions.append((style, (x - 20, y - 10, x + 34, y + 30)))
    geo = Geometry(page(img))
    ticks = judge_group([(s, mark_ink(geo, r), r) for s, r in regions], geo.dpi)
    assert [t.ticked for t in ticks] == [False, True, False, True, True, False]
    assert all(t.confidence >= 0.85 for t in ticks)


def test_signature_ink_present_and_absent() -> None:
    img = blank()
    cv2.line(img, (100, 500), (900, 500), 0, 2)  # the signature line
    geo = Geometry(page(img))
    region = (100, 420, 900, 505)
    empty = signature_ink(geo, region, [])
    assert empty.present is False and empty.confidence >= 0.85
    pts = np.array([[150 + i * 12, 470 + int(18 * np.sin(i / 2.0))] for i in range(50)], np.int32)
    cv2.polylines(img, [pts], False, 0, 3)
    signed = signature_ink(Geometry(page(img)), region, [])
    assert signed.present is True and signed.confidence >= 0.85
    assert signed.bbox is not None and signed.bbox[0] >= 140 and signed.bbox[2] <= 760


def test_printed_words_are_not_a_signature() -> None:
    """The label's own ink (boxes OCR gave) and specks never count as a signature."""
    img = blank()
    cv2.putText(img, "Signature", (110, 490), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    img[450, 600] = 0  # a speck
    geo = Geometry(page(img))
    s = signature_ink(geo, (100, 420, 900, 505), [(105, 460, 280, 500)])
    assert s.present is False


def test_cells_and_lines() -> None:
    img = blank()
    cv2.rectangle(img, (100, 100), (700, 180), 0, 2)
    cv2.rectangle(img, (700, 100), (1300, 180), 0, 2)
    cv2.line(img, (100, 400), (800, 400), 0, 2)
    geo = Geometry(page(img))
    assert geo.cell_at(300, 140) == (102, 102, 699, 179) or geo.cell_at(300, 140) is not None
    c = geo.cell_at(300, 140)
    assert c[0] >= 100 and c[2] <= 700
    assert geo.cell_at(300, 600) is None  # open page
    assert any(abs(s.y - 400) <= 2 and s.x1 - s.x0 > 600 for s in geo.segments)


def test_a_tall_word_in_an_option_does_not_stretch_its_box_into_the_line_above() -> None:
    """An OCR box of one option word ("records,") reaching up into "Level of access:" above must not
    make that print look like a tick in the empty box beside the option."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    from pipeline.extract import _page_ctx, read_checks, resolve_fields
    from pipeline.pages import Page, Word
    from tests.pages import FONT

    im = Image.new("L", (1728, 2244), 255)
    d = ImageDraw.Draw(im)
    font = ImageFont.truetype(FONT, 22)
    d.text((130, 850), "Level of access:", font=font, fill=0)
    for y in (887, 928):  # two empty boxes
        d.rectangle((141, y, 161, y + 21), outline=0, width=2)
    d.text((178, 889), "Full access (view records, message providers, schedule)", font=font, fill=0)
    d.text((177, 931), "Limited access (appointments and billing only)", font=font, fill=0)
    row = lambda y0, y1, ws, line: [Word(t, 0.95, (x0, y0 if t != "records," else 864, x1, y1), (2, 1, line))
                                    for t, x0, x1 in ws]
    words = [Word("Level", 0.96, (130, 852, 191, 873), (1, 1, 1)), Word("of", 0.96, (201, 852, 224, 872), (1, 1, 1)),
             Word("access:", 0.96, (233, 856, 319, 873), (1, 1, 1))]
    words += row(891, 913, [("Full", 178, 216), ("access", 227, 306), ("(view", 317, 379), ("records,", 390, 484),
                            ("message", 496, 602), ("providers,", 613, 731), ("schedule)", 743, 859)], 1)
    words += row(932, 956, [("Limited", 177, 264), ("access", 276, 355), ("(appointments", 366, 541),
                            ("and", 552, 595), ("billing", 606, 676), ("only)", 687, 745)], 2)
    page = Page(number=1, image=np.asarray(im), dpi=204.0, words=words, ocr_confidence=0.9)
    ctxs = [_page_ctx(page, 0)]
    resolve_fields(ctxs, {"access_scope"})
    got = read_checks(ctxs, {"access_scope"})
    assert "access_scope" not in got or got["access_scope"].confidence < 0.85, got


def test_an_option_phrase_runs_back_over_a_slash_and_a_misread_long_word() -> None:
    """'Radiology / imaging reports' matched on 'imaging reports': its box is left of 'Radiology', however
    that word was read; a box glyph read as an unsure '&' is not part of 'Minor only'."""
    from pipeline.extract import Line, _phrase_start
    from pipeline.pages import Word

    def line(*ws: tuple[str, float, int, int]) -> Line:
        words = [Word(t, c, (x0, 1741, x1, 1779)) for t, c, x0, x1 in ws]
        return Line(words, list(range(len(words))))

    radiology = line(("[", 0.68, 1260, 1269), ("RRadiclogy", 0.5, 1312, 1475), ("/", 0.92, 1487, 1498),
                     ("imaging", 0.96, 1509, 1634), ("reports", 0.96, 1646, 1752))
    assert _phrase_start(radiology, 3) == 1
    minor = line(("&", 0.44, 150, 170), ("Minor", 0.95, 178, 250), ("only", 0.95, 260, 320))
    assert _phrase_start(minor, 1) == 1


def test_a_row_with_an_option_no_wording_knows_is_not_read_confidently() -> None:
    """'Bills' is no records wording we know: its box may be the ticked one, so the group is unsure;
    with every option known the same ticks are read confidently."""
    import numpy as np
    from PIL import Image, ImageDraw

    from pipeline.extract import _page_ctx, read_checks, resolve_fields
    from pipeline.pages import Page, Word

    def page_with(options: list[tuple[str, int, int]]) -> Page:
        im = Image.new("L", (1728, 2244), 255)
        d = ImageDraw.Draw(im)
        words = []
        for k, (text, x, ticked) in enumerate(options):
            d.rectangle((x - 40, 1000, x - 16, 1024), outline=0, width=2)
            if ticked:
                d.line((x - 37, 1003, x - 19, 1021), fill=0, width=4)
                d.line((x - 19, 1003, x - 37, 1021), fill=0, width=4)
            cx = x
            for t in text.split():
                words.append(Word(t, 0.96, (cx, 998, cx + 14 * len(t), 1026), (k + 1, 1, 1)))
                cx += 14 * len(t) + 10
        return Page(number=1, image=np.asarray(im), dpi=204.0, words=words, ocr_confidence=0.9)

    def read(options: list[tuple[str, int, int]]):
        ctxs = [_page_ctx(page_with(options), 0)]
        resolve_fields(ctxs, {"records_requested"})
        return read_checks(ctxs, {"records_requested"})["records_requested"]

    known = read([("Dental records", 200, 1), ("Billing records", 700, 0), ("Laboratory results", 1200, 0)])
    assert known.value == ["dental"] and known.confidence >= 0.85
    unknown = read([("Dental records", 200, 1), ("Bills", 700, 0), ("Laboratory results", 1200, 0)])
    assert unknown.value == ["dental"] and unknown.confidence < 0.85
