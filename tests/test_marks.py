"""Check boxes, signature ink and ruled cells on drawn pages (no OCR)."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.marks import Geometry, box_fill, judge_fills, judge_group, mark_ink, signature_ink
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


def test_a_faxed_boxs_broken_rules_are_not_a_signature() -> None:
    """A signature box faxed at 204 dpi: its bottom rule came through as dashes too short to be found as a
    rule, its left wall stepped a pixel, a bit of the next box's rule shows. No one signed; then someone did."""
    img = blank()
    x0, y0, x1, y1 = 100, 400, 1000, 474
    for x in range(x0, x1, 27):  # the bottom rule, in dashes
        cv2.line(img, (x, y1), (x + 20, y1), 0, 2)
        cv2.line(img, (x + 5, y1 + 11), (x + 24, y1 + 11), 0, 2)  # the next box's top, faxed the same
    cv2.line(img, (x0 + 3, y0), (x0 + 3, y0 + 37), 0, 2)  # the left wall, a pixel off half-way down
    cv2.line(img, (x0 + 4, y0 + 37), (x0 + 4, y1), 0, 2)
    region = (x0, y0, x1 + 50, y1 + 14)
    unsigned = signature_ink(Geometry(page(img, 204)), region, [])
    assert unsigned.present is False
    pts = np.array([[180 + i * 12, 440 + int(14 * np.sin(i / 2.0))] for i in range(40)], np.int32)
    cv2.polylines(img, [pts], False, 0, 3)
    signed = signature_ink(Geometry(page(img, 204)), region, [])
    assert signed.present is True and signed.confidence >= 0.85


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


def test_a_box_whose_corners_a_fax_left_open_is_still_a_cell() -> None:
    """Two faults seen on standard-mode faxes: the top rule stops a few pixels short of the right wall, and the
    left wall fades out a sixth of an inch below the top rule. Without joining the corners the cell's space
    runs out into the page and its caption has no cell."""
    img = blank()
    cv2.line(img, (100, 200), (1291, 200), 0, 2)  # top rule: stops 8 px short of the right wall
    cv2.line(img, (100, 280), (1300, 280), 0, 2)  # bottom rule
    cv2.line(img, (100, 232), (100, 280), 0, 2)  # left wall: starts 32 px under the top rule
    cv2.line(img, (1300, 203), (1300, 280), 0, 2)  # right wall
    geo = Geometry(page(img))
    c = geo.cell_at(600, 240)
    assert c is not None and c[0] >= 98 and c[2] <= 1302 and c[1] >= 198 and c[3] <= 282


def test_a_letters_stroke_under_a_rule_does_not_split_its_cell() -> None:
    """An "L" written just inside a cell's left wall is a vertical stroke near the end of the rules: it is no
    corner (the rules run on past it to the wall)."""
    img = blank()
    cv2.rectangle(img, (100, 200), (1300, 280), 0, 2)
    cv2.line(img, (114, 225), (114, 262), 0, 3)  # the letter's stem, 14 px in from the wall
    cv2.line(img, (114, 262), (135, 262), 0, 3)
    geo = Geometry(page(img))
    assert geo.cell_at(600, 240)[0] <= 104
    assert geo.cell_at(125, 240) == geo.cell_at(600, 240)


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
    """'Correspondence' is no records wording we know: its box may be the ticked one, so the group is unsure;
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
    unknown = read([("Dental records", 200, 1), ("Correspondence", 700, 0), ("Laboratory results", 1200, 0)])
    assert unknown.value == ["dental"] and unknown.confidence < 0.85


def _option_page(rows: list[list[tuple[str, int, int | None]]], y0: int = 1000):
    """A fax-sized page of option rows: (words, x, ticked) with a drawn box left of x; ticked None: no box."""
    from PIL import Image, ImageDraw

    from pipeline.pages import Word

    im = Image.new("L", (1728, 2244), 255)
    d = ImageDraw.Draw(im)
    words = []
    for r, row in enumerate(rows):
        y = y0 + r * 60
        for k, (text, x, ticked) in enumerate(row):
            if ticked is not None:
                d.rectangle((x - 40, y + 2, x - 16, y + 26), outline=0, width=2)
                if ticked:
                    d.line((x - 37, y + 5, x - 19, y + 23), fill=0, width=4)
                    d.line((x - 19, y + 5, x - 37, y + 23), fill=0, width=4)
            cx = x
            for t in text.split():
                words.append(Word(t, 0.96, (cx, y, cx + 14 * len(t), y + 28), (r * 10 + k + 1, 1, 1)))
                cx += 14 * len(t) + 10
    return Page(number=1, image=np.asarray(im), dpi=204.0, words=words, ocr_confidence=0.9)


def _read_group(page_: Page, group: str):
    from pipeline.extract import _page_ctx, read_checks, resolve_fields

    ctxs = [_page_ctx(page_, 0)]
    resolve_fields(ctxs, {group})
    return read_checks(ctxs, {group}).get(group)


def test_the_questions_prompt_on_the_options_row_is_not_an_unread_option() -> None:
    """'Format:' before its two boxes is the question, not an option no wording knows: read confidently."""
    r = _read_group(_option_page([[("Format:", 100, None), ("Paper", 400, 0), ("Electronic", 1000, 1)]]),
                    "delivery_format")
    assert r is not None and r.value == "electronic" and r.confidence >= 0.85
    # an unknown option on the row still makes the group unsure
    r = _read_group(_option_page([[("Paper", 400, 0), ("Electronic", 800, 1), ("Microfilm", 1200, 0)]]),
                    "delivery_format")
    assert r is not None and r.value == "electronic" and r.confidence < 0.85


def test_an_email_option_among_delivery_options_is_not_the_email_label() -> None:
    """'Email' beside 'Mail' and 'Pick up' is a delivery method; alone on a patient row it stays a label."""
    rows = [[("Mail", 150, 0), ("Pick up", 700, 0), ("Email", 1250, 1)],
            [("Fax", 150, 0), ("Patient portal", 700, 0), ("USB drive", 1250, 0)]]
    r = _read_group(_option_page(rows), "delivery_method")
    assert r is not None and r.value == "email" and r.confidence >= 0.85


def test_a_box_in_small_type_is_not_the_empty_baseline() -> None:
    """One option in fine print has a smaller box: the other empty boxes are not half-ticked against it."""
    box = (0, 0, 1, 1)
    inks = [("a", 3.73, box), ("b", 3.73, box), ("c", 6.8, box), ("d", 3.73, box), ("e", 3.74, box),
            ("f", 7.2, box), ("small", 2.63, box)]
    ticks = {t.code: t for t in judge_group(inks, 204.0)}
    assert {c for c, t in ticks.items() if t.ticked} == {"c", "f"}
    assert min(t.confidence for t in ticks.values()) >= 0.85
    # a short list keeps its minimum: two alike ticks are not taken for the empty glyph
    short = {t.code: t.ticked for t in judge_group([("a", 1.2, box), ("b", 5.6, box), ("c", 5.7, box)], 204.0)}
    assert short == {"a": False, "b": True, "c": True}


def test_the_signing_line_with_a_date_wins_over_a_signature_heading() -> None:
    """A 'SIGNATURE' section heading matches the patient's wording better than 'Patient / Guardian
    Signature' does, but the line with a Date beside it is where one signs (a real-looking summit layout)."""
    import datetime as dt

    from PIL import Image, ImageDraw

    from pipeline.extract import Env, _page_ctx, read_signatures, resolve_fields
    from pipeline.pages import Word

    im = Image.new("L", (1728, 2244), 255)
    d = ImageDraw.Draw(im)
    words = [Word("SIGNATURE", 0.96, (110, 800, 300, 830), (1, 1, 1))]
    d.rectangle((100, 790, 1650, 840), outline=0, width=2)  # the section's band
    d.line((100, 700, 1650, 700), fill=0, width=2)  # the rule closing the section above
    d.line((100, 1000, 1100, 1000), fill=0, width=2)
    d.line((1250, 1000, 1650, 1000), fill=0, width=2)
    pts = [(150 + i * 12, 960 + int(18 * np.sin(i / 2.0))) for i in range(50)]
    d.line(pts, fill=0, width=3)
    x = 100
    for k, t in enumerate(["Patient", "/", "Guardian", "Signature"]):
        words.append(Word(t, 0.96, (x, 1010, x + 14 * len(t), 1036), (2, 1, 1)))
        x += 14 * len(t) + 10
    words.append(Word("Date", 0.96, (1250, 1010, 1306, 1036), (3, 1, 1)))
    pg = Page(number=1, image=np.asarray(im), dpi=204.0, words=words, ocr_confidence=0.9)
    ctxs = [_page_ctx(pg, 0)]
    allowed = {"signature_present", "signature_date"}
    resolve_fields(ctxs, allowed)
    got = read_signatures(ctxs, allowed, dt.datetime(2026, 7, 1, tzinfo=dt.timezone.utc), Env())
    sig = got["signature_present"]
    assert sig.value is True and sig.confidence >= 0.85
    assert sig.bbox is not None and sig.bbox[1] >= 900 and sig.bbox[3] <= 1005


def test_a_thin_rule_a_fax_skewed_is_one_segment() -> None:
    """A 1-pixel rule a little off the horizontal: where it steps to the next row, the fax keeps alternate
    pixels of the two rows, so no row holds a 0.2-inch run there. It is still one blank end to end."""
    img = blank()
    x0, x1, y = 100, 1500, 500
    for x in range(x0, x1):
        step, into = divmod(x - x0, 200)
        row = y + step + (1 if into >= 140 and x % 2 else 0)  # the last 60 px of each step: pixels alternate
        img[row, x] = 0
    segs = [s for s in Geometry(page(img, dpi=204)).segments if y - 2 <= s.y <= y + 9]
    assert len(segs) == 1 and segs[0].x0 <= x0 + 2 and segs[0].x1 >= x1 - 2, segs
    # a printed word's strokes are not a rule
    cv2.putText(img, "Name", (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    assert not [s for s in Geometry(page(img, dpi=204)).segments if s.y < 400]


def _faxed_boxes(styles: list[str], shape: str = "square", seed: int = 3) -> tuple[Geometry, list]:
    """Boxes drawn as a fax delivers them: outlines broken into dashes, specks of noise, tick tails running
    out of the box. Returns the page geometry and (style, region) per option."""
    rng = np.random.default_rng(seed)
    img = blank()
    regions = []
    for i, style in enumerate(styles):
        x, y = 100, 100 + i * 60
        if shape == "circle":
            cv2.circle(img, (x + 11, y + 11), 11, 0, 2)
        else:
            cv2.rectangle(img, (x, y), (x + 22, y + 22), 0, 2)
        if style == "x":
            cv2.line(img, (x + 4, y + 4), (x + 18, y + 18), 0, 3)
            cv2.line(img, (x + 18, y + 4), (x + 4, y + 18), 0, 3)
        elif style == "check":  # the tail runs well out of the box, up and right
            cv2.line(img, (x + 4, y + 12), (x + 9, y + 19), 0, 3)
            cv2.line(img, (x + 9, y + 19), (x + 34, y - 12), 0, 3)
        elif style == "fill":
            cv2.rectangle(img, (x + 3, y + 3), (x + 19, y + 19), 0, -1)
        elif style == "beside":  # a tick made over the option's first letters, not in its box
            cv2.line(img, (x + 30, y + 10), (x + 36, y + 20), 0, 3)
            cv2.line(img, (x + 36, y + 20), (x + 50, y - 4), 0, 3)
        regions.append((style, (x - 20, y - 6, x + 38, y + 28)))
    img[rng.random(img.shape) < 0.01] = 255  # dropouts break the outlines
    noise = rng.random(img.shape) < 0.002
    img[noise] = 0  # and specks, some inside empty boxes
    return Geometry(page(img)), regions


def test_the_inside_of_a_faxed_box_tells_ticked_from_empty_surely() -> None:
    """Whole-region ink could not be trusted on faxes (outline noise as large as a faint tick); the inside of
    a closed outline is blank unless marked, whatever the outline and a tick's tail did."""
    for shape in ("square", "circle"):
        geo, regions = _faxed_boxes(["empty", "x", "empty", "check", "fill", "empty", "empty"], shape)
        fills = [box_fill(geo, r) for _, r in regions]
        assert None not in fills, shape
        inks = [(s, mark_ink(geo, r), r) for s, r in regions]
        ticks = judge_fills(inks, fills, geo.dpi)
        assert [t.ticked for t in ticks] == [False, True, False, True, True, False, False], shape
        assert all(t.confidence >= 0.95 for t in ticks), shape


def test_no_closed_outline_no_fill_and_a_tick_beside_the_box_is_not_sure() -> None:
    img = blank()
    cv2.line(img, (100, 122), (130, 122), 0, 2)  # "___ Mail": a blank, not a box
    assert box_fill(Geometry(page(img)), (80, 94, 138, 128)) is None
    geo, regions = _faxed_boxes(["empty", "beside", "empty", "empty", "empty"])
    fills = [box_fill(geo, r) for _, r in regions]
    ticks = judge_fills([(s, mark_ink(geo, r), r) for s, r in regions], fills, geo.dpi)
    assert ticks[1].confidence < 0.85  # its box is empty, but the region holds a tick's ink


def test_flat_bits_of_a_ragged_rule_far_along_the_blank_are_not_part_of_the_value() -> None:
    """A faxed rule's ragged top edge leaves one-to-five-pixel pieces along the blank; standing well apart from
    the writing they are no letters (the handwriting reader spelt them "7 re" after a name, and a name with a
    digit is dropped). Tall ink that far along is still the value's."""
    img = blank()
    cv2.line(img, (100, 300), (1600, 300), 0, 5)
    cv2.putText(img, "Gabriel", (110, 280), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    for x in (900, 1000, 1090, 1300, 1450):
        img[293:296, x:x + 12] = 0  # the rule's fringe, three pixels tall, just above it
    geo = Geometry(page(img))
    _, box, _ = geo.ink_extent((100, 240, 1600, 297))
    assert box is not None and box[2] < 400, box
    cv2.putText(img, "Jr", (1300, 280), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    _, box, _ = geo.ink_extent((100, 240, 1600, 297))
    assert box[2] > 1300, box
