"""What a fax breaks: rules, values written past their blank, captions. Drawn by us, faxed, read by Tesseract.

At 204 x 98-196 dpi a thin rule loses pixels; the blank "Name: ______" then
arrives as several short pieces. The value is all of them, not the first.
A scanner streak can take a caption ("Date") with it: the value beside the
signature is still read, unsure.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.extract import extract_fields
from tests.pages import FONT, faxed_page

DPI = 300
RECEIVED = dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)


def _page(gaps: list[tuple[int, int]], rule_end: int = 1900) -> Image.Image:
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    label = ImageFont.truetype(FONT, 40)
    value = ImageFont.truetype(FONT, 46)
    d.text((600, 250), "Request for Access to Health Records", font=ImageFont.truetype(FONT, 56), fill=0)
    d.text((90, 500), "Patient name:", font=label, fill=0)
    x = 400
    for g0, g1 in gaps + [(rule_end, rule_end)]:  # the rule under the blank, with pieces missing
        d.line((x, 552, g0, 552), fill=0, width=3)
        x = g1
    d.text((420, 492), "Dennis J. Martinez-Alvarado", font=value, fill=0)
    d.text((90, 700), "Date of birth:", font=label, fill=0)
    d.line((420, 752, 1100, 752), fill=0, width=3)
    d.text((440, 692), "04/09/1984", font=value, fill=0)
    return im


def _read(tmp_path: Path, im: Image.Image) -> dict:
    return extract_fields("access_request", [faxed_page(tmp_path / "req.tif", im)], ["form"], RECEIVED)


@pytest.mark.slow
def test_a_blank_broken_into_pieces_is_read_whole(tmp_path: Path) -> None:
    got = _read(tmp_path, _page([(640, 670), (900, 945), (1250, 1262)]))
    assert "Martinez-Alvarado" in str(got["patient_name"].value), got["patient_name"].value
    assert got["patient_dob"].value == "1984-04-09"


@pytest.mark.slow
def test_a_value_written_past_its_blank_is_not_confident(tmp_path: Path) -> None:
    """The rule stops under "J."; the name goes on. Every reader of the blank sees only its start."""
    got = _read(tmp_path, _page([], rule_end=800))
    v = got.get("patient_name")
    assert v is not None
    assert "Martinez-Alvarado" in str(v.value) or v.confidence < 0.85, (v.value, v.confidence)


@pytest.mark.slow
def test_ink_past_the_blank_is_seen_and_three_agreeing_reads_of_a_cut_value_stay_unsure(tmp_path: Path) -> None:
    """Readers of a region that cuts a value agree on its start; the ink going on past the region says so.
    (The blank's region itself now runs on over the name's rest, ``_overrun``: cut at the rule's end here.)"""
    from pipeline.extract import _page_ctx, _runs_on, _with_hand, value_region
    from pipeline import normalize as N

    page = faxed_page(tmp_path / "req.tif", _page([], rule_end=800))
    ctx = _page_ctx(page, 0)
    short, dob = (next(lab for lab in ctx.labels if lab.syn.key in keys)
                  for keys in (("patient_name", "name"), ("patient_dob", "dob")))
    region, how = value_region(ctx, short, "name")
    assert how == "blank"
    rule_end = int(800 * page.width / (8.5 * DPI))
    assert region[2] > rule_end + 0.5 * page.dpi  # on over "Martinez-Alvarado"
    region = (region[0], region[1], rule_end, region[3])
    _, ink = ctx.geo.ink_box(region, [ctx.page.words[i].bbox for i in ctx.label_words])
    assert _runs_on(ctx, region, ink)
    region, _ = value_region(ctx, dob, "dob")  # the date ends well inside its blank
    _, ink = ctx.geo.ink_box(region, [ctx.page.words[i].bbox for i in ctx.label_words])
    assert not _runs_on(ctx, region, ink)
    cut = N.name("Dennis J.")
    reads = ((cut, 0.95), (cut, 0.95), (cut, 0.99))
    assert _with_hand("name", "blank", cut.value, 0.8, *reads)[1] >= 0.85
    assert _with_hand("name", "blank", cut.value, 0.8, *reads, whole=False)[1] < 0.85


def test_a_sure_hand_read_against_the_tesseract_pair_leaves_the_value_unsure() -> None:
    """Both Tesseract reads say 11/29, the handwriting reader is sure of 11/25: keep 11/29, not its certainty."""
    from pipeline.extract import _confidence, _with_hand
    from pipeline import normalize as N

    recv = dt.datetime(2026, 3, 2)
    tess, hand = N.date("Nov 29, 2020", "past", recv), N.date("Nov 25, 2020", "past", recv)
    conf = _confidence("past", tess, 0.9, tess, 0.93, "blank")
    assert conf >= 0.85
    value, c = _with_hand("past", "blank", tess.value, conf, (tess, 0.9), (tess, 0.93), (hand, 0.97))
    assert value == tess.value and c < 0.85
    value, c = _with_hand("past", "blank", tess.value, conf, (tess, 0.9), (tess, 0.93), (hand, 0.5))
    assert value == tess.value and c == conf  # an unsure hand read does not count against them


def test_a_sure_hand_read_of_a_written_value_wins_over_an_unsure_tesseract_pair() -> None:
    """A written "05/02/2026": the page read and the re-read see the same ink and both make "09" of it, unsure
    (0.75, 0.62); the handwriting reader is all but certain of 05. The hand read is taken, never surely. The
    same pair sure of its print (typed, 0.9 and 0.93) keeps its value; so does a pair facing an unsure hand
    read, and free text, where no reader is often right alone."""
    from pipeline.extract import _confidence, _with_hand
    from pipeline import normalize as N

    recv = dt.datetime(2026, 6, 14)
    tess, hand = N.date("09/02/2026", "past", recv), N.date("05/02/2026", "past", recv)
    conf = _confidence("past", tess, 0.75, tess, 0.62, "grid")
    value, c = _with_hand("past", "grid", tess.value, conf, (tess, 0.75), (tess, 0.62), (hand, 0.997))
    assert value == "2026-05-02" and c < 0.85
    value, c = _with_hand("past", "grid", tess.value, conf, (tess, 0.9), (tess, 0.93), (hand, 0.997))
    assert value == "2026-09-02"
    value, c = _with_hand("past", "grid", tess.value, conf, (tess, 0.75), (tess, 0.62), (hand, 0.7))
    assert value == "2026-09-02"
    t, h = N.free_text("Visit note says I smoke"), N.free_text("Visit note says I smoked")
    value, c = _with_hand("text", "grid", t.value, 0.6, (t, 0.75), (t, 0.62), (h, 0.97))
    assert value == "Visit note says I smoke"


def test_a_sure_hand_read_siding_with_the_crop_re_read_does_not_overturn_the_page_read_of_a_name() -> None:
    """Both readers of the cleaned crop say "Gercia", the page read "Garcia": a name stays as the page read it
    (the crop readers share the crop's misreading); a date the same way is taken from the crop readers."""
    from pipeline import normalize as N
    from pipeline.extract import _confidence, _with_hand

    page, crop = N.name("Michael G. Garcia"), N.name("Michael G. Gercia")
    conf = _confidence("name", page, 0.8, crop, 0.7, "cell")
    value, c = _with_hand("name", "cell", page.value, conf, (page, 0.8), (crop, 0.7), (crop, 0.97))
    assert value == page.value and c == conf < 0.85
    recv = dt.datetime(2026, 3, 2)
    d1, d2 = N.date("11/29/2020", "past", recv), N.date("11/25/2020", "past", recv)
    value, c = _with_hand("past", "cell", d1.value, _confidence("past", d1, 0.9, d2, 0.6, "cell"),
                          (d1, 0.9), (d2, 0.6), (d2, 0.93))
    assert value == d2.value and c < 0.85  # chosen, not sure from a hand read short of HAND_DATE_SURE
    value, c = _with_hand("name", "cell", page.value, conf, (page, 0.8), (crop, 0.7), (crop, 0.99))
    assert value == page.value and c < 0.85  # a name never, however sure the hand reader is


def test_an_unsure_hand_read_agreeing_with_the_page_read_outvotes_a_surer_crop_re_read() -> None:
    """The page read "Courtney West" (at 0.14) and the crop re-read "Courtney Yes" (0.47); the hand reader, unsure,
    reads "Courtney West": two readers of different ink agree (calibration: names 12/13 so, the surer read 0/13).
    Chosen, never sure. Free text keeps the surer read."""
    from pipeline import normalize as N
    from pipeline.extract import _confidence, _with_hand

    page, crop = N.name("Courtney West"), N.name("Courtney Yes")
    conf = _confidence("name", page, 0.14, crop, 0.47, "cell")
    value, c = _with_hand("name", "cell", crop.value, conf, (page, 0.14), (crop, 0.47), (page, 0.6))
    assert value == "Courtney West" and c < 0.85
    p_text, c_text = N.free_text("Note says I refused the flu"), N.free_text("Note says I refused the fly")
    value, c = _with_hand("text", "cell", c_text.value, 0.5, (p_text, 0.14), (c_text, 0.47), (p_text, 0.6))
    assert value == c_text.value and c == 0.5


@pytest.mark.parametrize("tess1,tess2", [(None, None), ("11/29/2020", None), (None, "11/25/2020"),
                                         ("11/28/2020", "11/29/2026")])
def test_a_date_the_hand_reader_is_all_but_certain_of_is_confident_in_a_drawn_blank(tess1, tess2) -> None:
    """Calibration (HAND_DATE_SURE): a hand read of a date at 0.95 or more, in a blank the form drew, was right
    348/348 whatever Tesseract read; short of it, beside a label with no blank, or cut off, it is only chosen."""
    from pipeline import normalize as N
    from pipeline.extract import HAND_DATE_CONF, _confidence, _with_hand

    recv = dt.datetime(2026, 3, 2)
    fail = N.fail("empty")
    n1 = N.date(tess1, "past", recv) if tess1 else fail
    n2 = N.date(tess2, "past", recv) if tess2 else fail
    hand = N.date("11/25/2020", "past", recv)
    conf = _confidence("past", n1, 0.6, n2, 0.5, "blank")
    value = n1.value if n1.ok else n2.value

    def read(c3: float, how: str = "blank", whole: bool = True) -> tuple:
        return _with_hand("past", how, value, conf, (n1, 0.6), (n2, 0.5), (hand, c3), whole=whole)

    assert read(0.97) == (hand.value, HAND_DATE_CONF) and HAND_DATE_CONF >= 0.85
    assert read(0.92)[1] < 0.85
    assert read(0.97, how="right")[1] < 0.85
    assert read(0.97, whole=False)[1] < 0.85


@pytest.mark.parametrize("field,sure", [("guardian_relationship", True), ("representative_authority", True),
                                         ("purpose", False), ("reason", False)])
def test_three_reads_alike_make_a_relationship_sure_and_free_text_not(field, sure) -> None:
    """A relationship is a few words from a short list: three readers spelling it alike were right 74/74 in
    calibration; free text (a purpose, a reason) read alike three times was right 16/39."""
    from pipeline.extract import RELATION_CONF, _confidence, _with_hand, normalise

    recv = dt.datetime(2026, 3, 2)
    n = normalise("text", "Legal guardian", recv)
    conf = _confidence("text", n, 0.7, n, 0.6, "blank")
    assert conf < 0.85
    value, c = _with_hand("text", "blank", n.value, conf, (n, 0.7), (n, 0.6), (n, 0.7), field_name=field)
    assert value == n.value and (c == RELATION_CONF if sure else c == conf)
    value, c = _with_hand("text", "right", n.value, conf, (n, 0.7), (n, 0.6), (n, 0.7), field_name=field)
    assert c < 0.85  # beside a label with no blank drawn: it may be a sentence's words


def _amend_page() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A blank page with an amendment request's title and a filled-in patient name, to draw a signing row on."""
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    d.text((600, 250), "Request to Amend Health Information", font=ImageFont.truetype(FONT, 56), fill=0)
    d.text((90, 500), "Patient name:", font=ImageFont.truetype(FONT, 40), fill=0)
    d.line((400, 552, 1500, 552), fill=0, width=3)
    d.text((420, 492), "Morgan T. Ellis", font=ImageFont.truetype(FONT, 46), fill=0)
    return im, d


def _signed_page(caption: bool) -> Image.Image:
    im, d = _amend_page()
    small = ImageFont.truetype(FONT, 28)
    y = 1400
    d.line((130, y, 1400, y), fill=0, width=3)
    d.line((200, y - 20, 320, y - 60, 420, y - 10, 560, y - 70, 700, y - 15), fill=0, width=5)  # signature ink
    d.text((130, y + 10), "Signature of Patient", font=small, fill=0)
    d.line((1600, y, 2350, y), fill=0, width=3)
    d.text((1650, y - 62), "02/20/2026", font=ImageFont.truetype(FONT, 48), fill=0)
    if caption:
        d.text((1600, y + 10), "Date", font=small, fill=0)
    return im


@pytest.mark.slow
def test_a_date_beside_the_signature_whose_caption_was_lost_is_read_unsure(tmp_path: Path) -> None:
    """No "Date" caption under the date written beside the signature (a streak ran through it): the date is
    still read, for the reviewer, but not as surely as under its caption."""
    got = {}
    for caption in (True, False):
        page = faxed_page(tmp_path / f"amend{caption}.tif", _signed_page(caption))
        got[caption] = extract_fields("amendment_request", [page], ["form"], RECEIVED)
    assert got[True]["signature_date"].value == got[False]["signature_date"].value == "2026-02-20"
    assert got[False]["signature_date"].confidence < 0.85 <= got[True]["signature_date"].confidence
    assert got[False]["signature_present"].value is True


@pytest.mark.parametrize("kind,page,region,hand,unsure_wins", [
    ("name", "Aranda Oibbs", "Aronda Cibls", "Amanda Gibbs", False),
    ("address", "356U CYNTHIA UNIONS APT. 363 TASONBERG Tx 65573", "3564 CYNTHIA UNIONS APT 363 JASONGERG Tx 65573",
     "3564 Cynthia Unions Apt. 363, Jasonberg, TX 65573", True),
    ("email", "AMoraies@notmail com", "AMorales@hatmai.com", "amorales@hotmail.com", True),
    ("phone", "(303) 555-0l9Z", "303 S55 0192", "3035550192", True),
])
def test_with_no_two_reads_agreeing_a_fairly_sure_hand_read_is_chosen_never_trusted(kind, page, region, hand,
                                                                                     unsure_wins) -> None:
    """Calibration (bench.hand_calib): the hand read at 0.6-0.9 beat Tesseract's best when none agreed; below
    0.6 too for addresses, e-mails, phones and dates (HAND_ALONE), not for names."""
    from pipeline.extract import _confidence, _with_hand, normalise

    recv = dt.datetime(2026, 3, 2)
    n1, n2, n3 = (normalise(kind, t, recv) for t in (page, region, hand))
    conf = _confidence(kind, n1, 0.6, n2, 0.7, "blank")
    value, c = _with_hand(kind, "blank", n2.value, conf, (n1, 0.6), (n2, 0.7), (n3, 0.7))
    assert value == n3.value and c < 0.85
    value, c = _with_hand(kind, "blank", n2.value, conf, (n1, 0.6), (n2, 0.7), (n3, 0.4))
    assert value == (n3.value if unsure_wins else n2.value) and c < 0.85


def _heading_page(signed: bool) -> Image.Image:
    """A 'SIGNATURE' section heading, the signing rule under it, and no caption left legible under the rule."""
    im, d = _amend_page()
    d.rectangle((90, 1200, 2400, 1260), outline=0, width=3)
    d.text((110, 1208), "SIGNATURE", font=ImageFont.truetype(FONT, 40), fill=0)
    y = 1420
    d.text((95, y - 45), "x", font=ImageFont.truetype(FONT, 40), fill=0)
    d.line((140, y, 1400, y), fill=0, width=3)
    if signed:
        d.line((200, y - 20, 320, y - 60, 420, y - 10, 560, y - 70, 700, y - 15), fill=0, width=5)
    return im


@pytest.mark.slow
def test_ink_on_the_rule_under_a_signature_heading_is_an_unsure_signature(tmp_path: Path) -> None:
    """Only the heading names the signature (the caption under the rule was lost): the ink on the first rule
    under it is read as the signature, for the reviewer to confirm; an empty rule is no signature."""
    got = {}
    for signed in (True, False):
        page = faxed_page(tmp_path / f"head{signed}.tif", _heading_page(signed))
        got[signed] = extract_fields("amendment_request", [page], ["form"], RECEIVED)["signature_present"]
    assert got[True].value is True and got[True].confidence < 0.85
    x0, y0, x1, y1 = got[True].bbox
    assert y0 > 1260 * 204 / DPI  # below the heading, on the rule's writing space
    assert got[False].value is False


def _dashed_signature_page() -> Image.Image:
    """A signing rule a fax broke into dashes, 'Sign here' under its first dash, the signature across it."""
    im, d = _amend_page()
    small = ImageFont.truetype(FONT, 26)
    y = 1400
    for x in range(130, 1400, 115):
        d.line((x, y, x + 90, y), fill=0, width=3)
    d.line((400, y - 50, 700, y - 55, 900, y - 25, 1100, y - 60), fill=0, width=4)  # a long, flat signature
    d.text((130, y + 10), "Sign here", font=small, fill=0)
    d.line((1600, y, 2350, y), fill=0, width=3)
    d.text((1650, y - 62), "02/20/2026", font=ImageFont.truetype(FONT, 48), fill=0)
    d.text((1600, y + 10), "Date Signed", font=small, fill=0)
    return im


@pytest.mark.slow
def test_a_signature_over_a_rule_broken_into_dashes_is_seen(tmp_path: Path) -> None:
    """The signing space is the whole broken rule up to the date's caption, not its first dash: there, no ink
    would have read as a confident 'not signed'."""
    page = faxed_page(tmp_path / "dashed.tif", _dashed_signature_page())
    sig = extract_fields("amendment_request", [page], ["form"], RECEIVED)["signature_present"]
    assert sig.value is True
    assert sig.bbox[2] > 1000 * page.dpi / DPI  # the ink far past the first dash


def _one_row_two_values() -> Image.Image:
    """Two blanks on one row, captions under the rules: Tesseract reads both values as one text line."""
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    d.text((600, 250), "Request for Access to Health Records", font=ImageFont.truetype(FONT, 56), fill=0)
    y = 700
    val, cap = ImageFont.truetype(FONT, 40), ImageFont.truetype(FONT, 30)
    d.line((130, y, 1500, y), fill=0, width=3)
    d.text((130, y + 10), "Address", font=cap, fill=0)
    d.text((150, y - 50), "4869 Diaz Heights Suite 484 Anthonybury NV 77284", font=val, fill=0)
    d.line((1620, y, 2400, y), fill=0, width=3)
    d.text((1620, y + 10), "Email address", font=cap, fill=0)
    d.text((1640, y - 50), "amber.carlson@aol.com", font=val, fill=0)
    return im


@pytest.mark.slow
def test_a_value_beside_another_blanks_value_on_one_ocr_line_is_not_prose(tmp_path: Path) -> None:
    """Words of the next blank, a blank's width away, are not a sentence the e-mail sits in."""
    page = faxed_page(tmp_path / "row.tif", _one_row_two_values())
    keys = {w.line_key for w in page.words if "@" in w.text or w.text == "Anthonybury"}
    assert len(keys) == 1  # the case: one OCR line holds both values
    got = extract_fields("access_request", [page], ["form"], RECEIVED)
    assert got["patient_email"].value == "amber.carlson@aol.com"
    assert got["patient_address"].value == "4869 Diaz Heights Suite 484, Anthonybury, NV 77284"


def _dashed_caption_row() -> Image.Image:
    """Values over rules a fax broke into pieces (gaps up to 0.23 in), small captions just under the rules."""
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    d.text((600, 250), "Right of Access Request", font=ImageFont.truetype(FONT, 56), fill=0)
    val, cap = ImageFont.truetype(FONT, 44), ImageFont.truetype(FONT, 25)
    y = 700
    for x0, x1, caption, value in ((130, 1000, "Date of birth", "March 3, 1953"), (1050, 1850, "Acct / MRN", "31403408"),
                                   (1900, 2400, "Telephone", "(740) 706-4158")):
        x, widths = x0, [110, 140, 60, 170, 90]
        for i in range(40):
            w = widths[i % len(widths)]
            d.line((x, y, min(x + w, x1), y), fill=0, width=3)
            x += w + (70 if i % 2 else 45)
            if x >= x1:
                break
        d.text((x0 + 5, y + 14), caption, font=cap, fill=0)
        d.text((x0 + 20, y - 58), value, font=val, fill=0)
    return im


@pytest.mark.slow
def test_values_over_rules_broken_into_pieces_are_read_to_the_next_caption(tmp_path: Path) -> None:
    """The caption's rule is its first piece and the pieces after it, up to the next caption."""
    page = faxed_page(tmp_path / "pieces.tif", _dashed_caption_row())
    got = extract_fields("access_request", [page], ["form"], RECEIVED)
    assert got["patient_dob"].value == "1953-03-03"
    assert got["mrn"].value == "31403408"
    assert got["patient_phone"].value == "7407064158"


def test_reads_that_differ_only_in_letter_case_and_apostrophes_agree() -> None:
    """The hand reader writes "Shaun Obrien" for the capitals "SHAUN O'BRIEN" both Tesseract reads give:
    three reads agreeing, shown as Tesseract spelled it. A different name is no agreement."""
    from pipeline.extract import _confidence, _with_hand, normalise

    recv = dt.datetime(2026, 3, 2)
    tess, hand, other = (normalise("name", t, recv) for t in ("SHAUN O'BRIEN", "Shaun Obrien", "Shawn Obrien"))
    conf = _confidence("name", tess, 0.9, tess, 0.92, "over_line")
    value, c = _with_hand("name", "over_line", tess.value, conf, (tess, 0.9), (tess, 0.92), (hand, 0.97))
    assert value == "SHAUN O'BRIEN" and c >= 0.85
    value, c = _with_hand("name", "over_line", tess.value, conf, (tess, 0.9), (tess, 0.92), (other, 0.97))
    assert value == "SHAUN O'BRIEN" and c < 0.85


def _boxed_signature_page(signed: bool) -> Image.Image:
    """A 'Signature' heading over a box drawn in hairlines, its caption at the box's top, 'Date' in the next
    cell: sent dithered, the hairlines arrive as scattered dots or not at all."""
    im, d = _amend_page()
    small = ImageFont.truetype(FONT, 24)
    d.text((150, 1250), "Signature", font=ImageFont.truetype(FONT, 44), fill=0)
    top, bottom, mid, right = 1340, 1560, 1700, 2350
    for y in (top, bottom):
        d.line((150, y, right, y), fill=0, width=1)
    for x in (150, mid, right):
        d.line((x, top, x, bottom), fill=0, width=1)
    d.text((160, top + 8), "Signature of Patient (or Personal Representative)", font=small, fill=0)
    d.text((mid + 10, top + 8), "Date", font=small, fill=0)
    d.text((mid + 40, top + 90), "02/20/2026", font=ImageFont.truetype(FONT, 44), fill=0)
    if signed:
        y = top + 150
        d.line((350, y, 500, y - 80, 600, y - 10, 800, y - 90, 1000, y - 20, 1200, y - 60), fill=0, width=3)
    return im


@pytest.mark.slow
def test_a_signature_under_its_caption_in_a_box_the_fax_lost_is_seen(tmp_path: Path) -> None:
    """With the box's rules gone, the caption's own line holds no ink: that is not a confident 'not signed'
    (the old reading), the ink under the caption is the signature, for a reviewer to confirm."""
    import random

    from pipeline.load import load_pages
    from pipeline.prepare import prepare_page
    from synth.degrade import to_fax
    from tests.pages import write_fax

    got = {}
    for signed in (True, False):
        frame = to_fax(_boxed_signature_page(signed), mode="fine", rng=random.Random(3), skew_deg=0.0, dither=True)
        (raw,) = load_pages(write_fax(tmp_path / f"box{signed}.tif", [frame], fine=True), max_pages=2,
                            max_pixels=10**8)
        got[signed] = extract_fields("amendment_request", [prepare_page(raw)], ["form"], RECEIVED)["signature_present"]
    assert got[True].value is True, (got[True].value, got[True].confidence)
    assert got[True].bbox[1] > 1340 * 204 / DPI  # under the caption, inside the box
    assert got[False].value is False
    assert got[False].confidence < 0.85  # no drawn space was found: its emptiness is not proof


def test_with_no_two_reads_agreeing_a_fairly_sure_hand_read_of_free_text_is_chosen() -> None:
    """A written purpose no two reads agree on: the hand read at 0.6 or more beat Tesseract's best on three
    calibration splits (33/132 against 21/132), below 0.6 it did not (HAND_ALONE["text"]). Never sure."""
    from pipeline.extract import _with_hand
    from pipeline import normalize as N

    page, crop, hand = (N.free_text(t) for t in ("Attorney renew", "Attorney revive", "Attorney review"))
    value, c = _with_hand("text", "blank", crop.value, 0.5, (page, 0.5), (crop, 0.6), (hand, 0.7))
    assert value == "Attorney review" and c < 0.85
    value, c = _with_hand("text", "blank", crop.value, 0.5, (page, 0.5), (crop, 0.6), (hand, 0.4))
    assert value == crop.value


def test_an_unsure_hand_read_wins_when_only_it_is_a_well_formed_phone() -> None:
    """A scanned form: the page read "0144855078" (no area code starts with 0), the crop re-read nothing, the
    handwriting reader "6144855078" but not surely. The well-formed read is the value, still unsure."""
    from pipeline.extract import _confidence, _with_hand
    from pipeline import normalize as N

    page, crop, hand = N.phone("0144855078"), N.phone(""), N.phone("614 485 5078")
    assert page.ok and page.quality < 0.95 and not crop.ok and hand.quality >= 0.95
    conf = _confidence("phone", page, 0.5, crop, 0.0, "blank")
    value, c = _with_hand("phone", "blank", page.value, conf, (page, 0.5), (crop, 0.0), (hand, 0.55))
    assert value == "6144855078" and c < 0.85
    # a well-formed Tesseract read no other read agrees with gives way too: below 0.6 the hand read of a phone
    # was right 3/5 on calibration splits, Tesseract's 0/5 (HAND_ALONE); still unsure
    page = N.phone("3144855078")
    value, c = _with_hand("phone", "blank", page.value, conf, (page, 0.5), (crop, 0.0), (hand, 0.55))
    assert value == "6144855078" and c < 0.85
    # a name keeps its 0.6 bar: there the unsure hand read was no better than Tesseract's
    page, crop, hand = N.name("Anna Kowalski"), N.name(""), N.name("Ama Kowalshi")
    value, _ = _with_hand("name", "blank", page.value, conf, (page, 0.5), (crop, 0.0), (hand, 0.55))
    assert value == "Anna Kowalski"


@pytest.mark.slow
def test_a_signing_line_never_found_leaves_the_signature_unread_not_unsigned(tmp_path: Path) -> None:
    """A page whose signature caption OCR did not find (here: none drawn) says nothing of a signature: the
    field is absent, never seen empty, so the missing signature is a reason to look, not a firm error."""
    from dataclasses import replace

    from pipeline.extract import extract_document
    from pipeline.route import decide
    from tests.test_rules import DEL, make_draft

    ex = extract_document("access_request", [faxed_page(tmp_path / "req.tif", _page([]))], ["form"], RECEIVED)
    assert "patient_dob" in ex.fields  # the page was read
    assert "signature_present" not in ex.fields and "signature_present" not in ex.seen_empty
    draft = replace(make_draft("access_request", {"signature_present": DEL}), seen_empty=ex.seen_empty)
    d = decide(draft)
    assert "AUTH_SIGNATURE_MISSING" in {f.code for f in d.findings}
    assert d.validity != "invalid" and d.route == "review"
    assert any("check that the form is signed" in f.message for f in d.findings)


def test_a_typed_value_three_readers_spell_alike_is_sure_though_the_hand_reader_is_not() -> None:
    """A name typed into a blank: both Tesseract reads sure of every word, the handwriting reader (trained on
    pen) spelling it the same at 0.75. Three reads agree: confident. Tesseract unsure of a word and the hand
    reader under THREE_HAND_MIN (0.45): not."""
    from pipeline.extract import _confidence, _with_hand
    from pipeline import normalize as N

    n = N.name("Heather B. Campbell-Thomas")
    conf = _confidence("name", n, 0.89, n, 0.87, "over_line")
    assert conf < 0.85
    value, c = _with_hand("name", "over_line", n.value, conf, (n, 0.89), (n, 0.87), (n, 0.75))
    assert value == n.value and c >= 0.85
    value, c = _with_hand("name", "over_line", n.value, conf, (n, 0.89), (n, 0.6), (n, 0.45))
    assert c < 0.85
    value, c = _with_hand("name", "right", n.value, conf, (n, 0.89), (n, 0.87), (n, 0.75))
    assert c < 0.85  # no blank drawn: the label's line may run on into other print



@pytest.mark.slow
def test_cells_drawn_in_hairlines_are_closed_after_a_standard_mode_fax() -> None:
    """Sampled at 98 lines per inch and dithered, a cell's hairline comes out as ticks with gaps: no run is long
    enough to be a ruled line, and the boxes around the patient's values were open page (none of five found
    before). Their dashes now wall the cells in."""
    from pipeline.marks import Geometry
    from synth.render import render_document

    doc = render_document("access_request", seed=8500, issuer="aspen", fill="typed")
    (page,) = _standard_fax_of(doc, 8500)
    geo = Geometry(page)
    s = page.dpi / DPI
    fields = ("patient_name", "patient_dob", "mrn", "patient_address", "patient_phone")
    found = 0
    for f in fields:
        _, (x0, y0, x1, y1) = doc.field_boxes[f]
        cell = geo.cell_at((x0 + x1) / 2 * s, (y0 + y1) / 2 * s)
        if cell is not None:
            assert cell[0] <= x0 * s and cell[2] >= x1 * s * 0.98, (f, cell)  # the value's own box, not a sliver
            found += 1
    assert found >= 4, found
    name, dob = (geo.cell_at((b[0] + b[2]) / 2 * s, (b[1] + b[3]) / 2 * s)
                 for b in (doc.field_boxes["patient_name"][1], doc.field_boxes["patient_dob"][1]))
    assert name != dob  # the dotted wall between them is a wall

def _standard_fax_of(doc, seed: int) -> list:  # type: ignore[no-untyped-def]
    import random

    import numpy as np

    from pipeline.load import RawPage
    from pipeline.prepare import prepare_page
    from synth.degrade import to_fax

    out = []
    for i, im in enumerate(doc.pages):
        bw = to_fax(im, mode="standard", rng=random.Random(seed), skew_deg=0.4, dither=True)
        out.append(prepare_page(RawPage(number=i + 1, image=np.asarray(bw.convert("L")), xdpi=204, ydpi=98,
                                        kind="tiff")))
    return out


@pytest.mark.slow
def test_a_cells_caption_garbled_below_the_listed_bar_still_names_its_field_unsure() -> None:
    """Standard mode halves a 6-point caption: "Patient ID" comes back "atten ID", 78 from the wording,
    below the listed bar. At a closed cell's top left it is a caption, and the nearest field wording (MRN,
    clearly nearer than any other field's) names it; the value under it is read, never sure."""
    from pipeline.extract import CAPTION_CAP
    from synth.render import render_document

    doc = render_document("access_request", seed=8500, issuer="aspen", fill="typed")
    got = extract_fields("access_request", _standard_fax_of(doc, 8500), ["form"], doc.received_at)
    assert got["mrn"].value == doc.fields["mrn"]
    assert got["mrn"].confidence <= CAPTION_CAP


@pytest.mark.slow
def test_a_signing_date_whose_row_lost_every_caption_is_offered_unsure() -> None:
    """A standard-mode fax took "Signature of Patient" and "Date Signed" both: the one date near the request on
    the page, claimed by no label, read alike twice, is offered as the signing date, never sure."""
    import pipeline.extract as X
    from synth.render import render_document

    doc = render_document("access_request", seed=8500, issuer="aspen", fill="handwritten")
    pages = _standard_fax_of(doc, 8500)
    got = extract_fields("access_request", pages, ["form"], doc.received_at)
    assert got["signature_date"].value == doc.fields["signature_date"]
    assert got["signature_date"].confidence <= X.ORPHAN_CONF
    later = doc.received_at + dt.timedelta(days=X.ORPHAN_SIGNED_DAYS + 30)  # the same page received long after
    assert "signature_date" not in extract_fields("access_request", pages, ["form"], later)


def test_blanks_side_by_side_are_not_joined_into_one_dashed_rule() -> None:
    """Three blanks on one row a few pixels apart stay three segments: the dashed-rule search counts no ink of a
    rule already found, so the gaps between them are not dashes of one long rule."""
    import numpy as np

    from pipeline.marks import Geometry
    from pipeline.pages import Page

    im = Image.new("L", (2550, 400), 255)
    d = ImageDraw.Draw(im)
    blanks = ((150, 800), (810, 1500), (1510, 2350))
    for x0, x1 in blanks:
        d.line((x0, 200, x1, 200), fill=0, width=3)
    geo = Geometry(Page(number=1, image=np.asarray(im), dpi=300, words=[]))
    segs = sorted((s.x0, s.x1) for s in geo.segments if abs(s.y - 201) <= 3)
    assert len(segs) == 3, segs
    for (x0, x1), (s0, s1) in zip(blanks, segs):
        assert abs(s0 - x0) <= 3 and abs(s1 - x1) <= 3


@pytest.mark.slow
def test_a_cells_caption_tesseract_garbles_is_named_by_the_line_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard mode leaves a 6-point caption about ten pixels tall: Tesseract spells "Date of Service" as
    "DAG Of Sesrvicar", which no wording matches even below the listed bar. Scored as whole wordings under the
    line readers' per-column character likelihoods, the caption's pixels spell "date of service" far better
    than any other field's wording, so the cell's typed value is read, never sure."""
    import pipeline.extract as X
    from synth.render import render_document

    doc = render_document("amendment_request", seed=8524, issuer="aspen", fill="typed")
    pages = _standard_fax_of(doc, 8524)
    got = extract_fields("amendment_request", pages, ["form"], doc.received_at)
    for f in ("record_date", "signer_name"):
        assert got[f].value == doc.fields[f], f
        assert got[f].confidence <= X.CAPTION_CAP
    monkeypatch.setattr(X, "_wording_of_pixels", lambda *a: None)  # (both ways captions reach the readers)
    without = extract_fields("amendment_request", pages, ["form"], doc.received_at)
    assert "record_date" not in without  # the words OCR made of the caption name no field


def test_the_caption_reader_names_no_field_for_a_line_of_prose() -> None:
    """A sentence in a cell spells no listed wording well enough per letter: no caption, whatever ranks first."""
    import numpy as np
    from pipeline import caption_read as CR
    from pipeline.extract import _caption_wordings, synonyms

    def band(text: str) -> tuple[np.ndarray, tuple[int, int, int, int]]:
        im = Image.new("L", (1500, 120), 255)
        ImageDraw.Draw(im).text((20, 30), text, font=ImageFont.truetype(FONT, 30), fill=0)
        bw = np.where(np.asarray(im) < 128, 0, 255).astype(np.uint8)
        b = CR.caption_band(bw, 204, (0, 0, bw.shape[1], bw.shape[0]))
        assert b is not None
        return bw, b

    syns = synonyms()
    texts = tuple(syns[k].text for k in _caption_wordings())
    keys = tuple(syns[k].key for k in _caption_wordings())
    bw, b = band("Date of Birth")
    c = CR.read_caption(bw, 204, b, texts, keys)
    assert CR.accepted(c) and keys[c.index] in ("patient_dob", "dob"), c
    bw, b = band("Note: copies are mailed within ten business days")
    assert not CR.accepted(CR.read_caption(bw, 204, b, texts, keys))


def test_a_page_read_that_lost_a_word_yields_to_the_two_reads_that_kept_it() -> None:
    """The page pass read "A. JACKSON" where the pen wrote "NICHOLAS A. JACKSON" (the first word, read unsurely,
    fell out); the region's re-read and the handwriting reader both hold all three words. An unsure hand read
    does not overturn a verdict it merely disagrees with, but a verdict that is a piece of what both other
    reads say is the page read's loss: the whole name is taken, no surer than before."""
    from pipeline import normalize as N
    from pipeline.extract import _with_hand

    short, whole = N.name("A. JACKSON"), N.name("NICHOLAS A. JACKSON")
    hand = N.name("Nicholas A. Jackson")
    value, c = _with_hand("name", "right", short.value, 0.5, (short, 0.72), (whole, 0.11), (hand, 0.6))
    assert value == whole.value and c == 0.5
    other = N.name("NICHOLAS JACKSON")
    hand = N.name("Nicholas Jackson")
    value, c = _with_hand("name", "right", short.value, 0.5, (short, 0.72), (other, 0.11), (hand, 0.6))
    assert value == short.value  # not a run of the verdict's words around it: the verdict stands


def test_a_rule_broken_where_the_pen_crosses_it_is_one_blank_when_its_row_stays_inked() -> None:
    """A pen's capitals sitting on a faxed rule break its ruled run wider than a fax's dropouts (0.27 in on a
    dev fax, past RULE_GAP), but the rule's row is still inked under the strokes: the pieces are one blank, and
    the value is read to its end. A gap as wide with a blank row is two blanks."""
    from types import SimpleNamespace

    import numpy as np

    from pipeline.extract import RULE_GAP, _rule_end
    from pipeline.marks import Segment

    dpi = 204.0
    img = np.full((200, 1600), 255, np.uint8)
    y, gap = 100, int(0.27 * dpi)
    assert gap > RULE_GAP * dpi
    pieces = [Segment(100, 400, y), Segment(400 + gap, 900, y)]
    for s in pieces:
        img[y - 1:y + 2, s.x0:s.x1] = 0
    geo = SimpleNamespace(segments=pieces, img=img, dpi=dpi)
    assert _rule_end(geo, pieces[0], 1500) == 400  # an empty row between the pieces: two blanks
    img[y:y + 2, 400:400 + gap:3] = 0  # the rule's dashes under the pen's strokes
    img[y - 20:y + 2, 400 + 10:400 + gap - 10] = 0
    assert _rule_end(geo, pieces[0], 1500) == 900


@pytest.mark.slow
def test_captions_printed_under_their_rules_name_the_values_above_after_a_standard_mode_fax(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Forms that print each caption in small type under its blank ("Patient's Legal Name" under the rule the
    name is written on) lose those captions to a standard-mode fax. Words set close under the start of a rule,
    in open page space, are its caption: matched loosely or by the line readers' pixels, they name the value
    written on the rule above, never sure. Without that reading neither value is found."""
    import random

    import numpy as np

    import pipeline.extract as X
    from pipeline.load import RawPage
    from pipeline.prepare import prepare_page
    from synth.degrade import to_fax
    from synth.fonts import hand_fonts

    serif = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"
    im = Image.new("L", (2550, 3300), 255)
    d = ImageDraw.Draw(im)
    d.text((190, 250), "Notice of Revocation", font=ImageFont.truetype(serif, 64), fill=0)
    d.text((190, 400), "By signing below I revoke the authorization identified in Section B.",
           font=ImageFont.truetype(serif, 40), fill=0)
    caption, pen = ImageFont.truetype(serif, 26), ImageFont.truetype(hand_fonts()[1], 56)
    for text, value, x0, x1 in (("Patient's Legal Name", "Mandy D. Carr", 190, 1300),
                                ("Date of Birth", "07/19/1999", 1400, 2300)):
        d.line((x0, 700, x1, 700), fill=0, width=3)
        d.text((x0 + 20, 690), value, font=pen, fill=0, anchor="ls")
        d.text((x0, 708), text, font=caption, fill=0)
    bw = to_fax(im, mode="standard", rng=random.Random(5), skew_deg=0.3, dither=True)
    page = prepare_page(RawPage(number=1, image=np.asarray(bw.convert("L")), xdpi=204, ydpi=98, kind="tiff"))
    got = extract_fields("revocation", [page], ["form"], RECEIVED)
    assert got["patient_name"].value == "Mandy D. Carr"
    assert got["patient_dob"].value == "1999-07-19"
    assert max(got[f].confidence for f in ("patient_name", "patient_dob")) <= X.CAPTION_CAP
    monkeypatch.setattr(X, "_rule_captions", lambda *a: [])
    without = extract_fields("revocation", [page], ["form"], RECEIVED)
    assert "patient_name" not in without and "patient_dob" not in without


def _row_of_blanks(captions: list[tuple[str, int]], pieces: list[tuple[int, int]], below: str = ""):
    """A 204-dpi strip: one row of rule pieces at y=100, small captions printed under it at given x, and
    ``below``, a large pen's line written on the next blank down (0.11 in under the rule)."""
    from types import SimpleNamespace

    import numpy as np

    from pipeline.marks import Segment

    serif = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"
    im = Image.new("L", (1600, 200), 255)
    d = ImageDraw.Draw(im)
    for text, x in captions:
        d.text((x, 106), text, font=ImageFont.truetype(serif, 15), fill=0)
    if below:
        d.text((100, 113), below, font=ImageFont.truetype(serif, 40), fill=0)  # ink from 0.11 in down
    img = np.asarray(im).copy()
    segs = [Segment(x0, x1, 100) for x0, x1 in pieces]
    for s in segs:
        img[99:102, s.x0:s.x1] = 0
    return SimpleNamespace(segments=segs, img=img, dpi=204.0), segs


def test_a_caption_starting_under_a_gap_parts_two_blanks_a_fax_joined() -> None:
    """Forms that caption each blank under its rule set blanks side by side on one row, parted by a gap as
    narrow as a fax's dropouts (0.2 in: "Date originally signed" then "Person / organization named"). Where
    small print starts under the gap after a stretch of blank, the next blank begins there, even when the fax
    also took the new rule's first pixels; the value of the first blank stops at the gap. A caption running on
    under a gap, or nothing printed after it, leaves the pieces one blank."""
    from pipeline.extract import _blanks, _rule_end

    geo, segs = _row_of_blanks([("Date originally signed", 100), ("Person / organization named", 560)],
                               [(100, 520), (580, 1100)])
    assert _rule_end(geo, segs[0], 1500) == 520
    first, second = _blanks(geo)
    assert (first.x0, first.x1) == (100, 520)
    assert abs(second.x0 - 560) <= 3 and second.x1 == 1100  # from where its caption starts
    geo, segs = _row_of_blanks([("Signature of patient or authorized representative", 100)],
                               [(100, 180), (205, 1100)])
    assert _rule_end(geo, segs[0], 1500) == 1100
    assert [(b.x0, b.x1) for b in _blanks(geo)] == [(100, 1100)]
    geo, segs = _row_of_blanks([("Name", 100)], [(100, 520), (560, 1100)])
    assert _rule_end(geo, segs[0], 1500) == 1100
    # a dashed blank ("Home address: _ _ _") with the next row's value written close under it: not captions
    geo, segs = _row_of_blanks([], [(x, x + 20) for x in range(100, 1100, 35)], below="208 341 0101 KDAMICO")
    assert _rule_end(geo, segs[0], 1500) == segs[-1].x1


@pytest.mark.slow
def test_a_caption_under_a_rule_that_ocr_read_nothing_of_is_named_by_its_pixels(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """On a standard-mode fax the page pass may return no word at all for a caption printed under its blank
    ("Address" under the rule the address is written on). The caption's pixels still spell a listed wording
    under the line readers: the blank is labelled, and the value on the rule above is read, never sure.
    Without that reading the value is not found."""
    import random

    import numpy as np

    import pipeline.extract as X
    from pipeline.load import RawPage
    from pipeline.prepare import prepare_page
    from synth.degrade import to_fax
    from synth.fonts import hand_fonts

    serif = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"
    im = Image.new("L", (2550, 3300), 255)
    d = ImageDraw.Draw(im)
    d.text((190, 250), "Notice of Revocation", font=ImageFont.truetype(serif, 64), fill=0)
    caption, pen = ImageFont.truetype(serif, 30), ImageFont.truetype(hand_fonts()[1], 56)
    for text, value, x0, x1, y in (("Patient's Legal Name", "Mandy D. Carr", 190, 2300, 600),
                                   ("Home Address", "488 Salazar Passage, New Shirley, NH 32698", 190, 2300, 800)):
        d.line((x0, y, x1, y), fill=0, width=3)
        d.text((x0 + 20, y - 10), value, font=pen, fill=0, anchor="ls")
        d.text((x0, y + 8), text, font=caption, fill=0)
    bw = to_fax(im, mode="standard", rng=random.Random(5), skew_deg=0.3, dither=True)
    page = prepare_page(RawPage(number=1, image=np.asarray(bw.convert("L")), xdpi=204, ydpi=98, kind="tiff"))
    s = 204 / 300  # the caption's band in the squared page's pixels
    band = (150 * s, 800 * s + 2, 700 * s, 860 * s)
    lost = [w for w in page.words if band[0] <= (w.x0 + w.x1) / 2 <= band[2] and band[1] <= (w.y0 + w.y1) / 2 <= band[3]]
    page.words = [w for w in page.words if w not in lost]  # as if the page pass had read nothing there
    got = extract_fields("revocation", [page], ["form"], RECEIVED)
    assert "Salazar" in got["patient_address"].value, got["patient_address"].value
    assert got["patient_address"].confidence <= X.CAPTION_CAP
    monkeypatch.setattr(X, "_unread_caption", lambda *a: None)
    assert "patient_address" not in extract_fields("revocation", [page], ["form"], RECEIVED)


@pytest.mark.slow
def test_an_empty_dashed_blank_after_a_standard_mode_fax_is_only_flat_remnants() -> None:
    """A blank printed as a dashed line and left empty comes out of a standard-mode fax as a row of rule
    remnants a few pixels tall, stepping down a skewed row, that no rule finder joins up. Read as a value, the
    handwriting reader spells them as letters ("Jlirimaul iaipsuil..." on a dev fax: a recipient the form never
    named). Its tallest piece of ink stays under REMNANT_HEIGHT, so it holds no value; the same blank written
    in does not."""
    import random

    import numpy as np

    from pipeline.extract import REMNANT_HEIGHT
    from pipeline.load import RawPage
    from pipeline.marks import Geometry
    from pipeline.prepare import prepare_page
    from synth.degrade import to_fax
    from synth.fonts import hand_fonts

    sans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    im = Image.new("L", (2550, 3300), 255)
    d = ImageDraw.Draw(im)
    label, pen = ImageFont.truetype(sans, 34), ImageFont.truetype(hand_fonts()[1], 56)
    for y, value in ((600, "Austin Nichols"), (800, "")):
        d.text((150, y - 34), "Name:", font=label, fill=0)
        for x in range(300, 2350, 70):  # the blank: a dashed line
            d.line((x, y, x + 45, y), fill=0, width=2)
        if value:
            d.text((330, y - 8), value, font=pen, fill=0, anchor="ls")
    for seed, skew in ((3, 0.4), (4, -0.3), (5, 0.0)):
        bw = to_fax(im, mode="standard", rng=random.Random(seed), skew_deg=skew, dither=True)
        page = prepare_page(RawPage(number=1, image=np.asarray(bw.convert("L")), xdpi=204, ydpi=98, kind="tiff"))
        geo, s = Geometry(page), 204 / 300
        written = (int(310 * s), int(520 * s), int(2340 * s), int(612 * s))
        empty = (int(310 * s), int(720 * s), int(2340 * s), int(812 * s))
        assert geo.ink_box(empty)[1] is not None  # ink enough to read: what went wrong before
        assert geo.ink_extent(empty)[2] <= REMNANT_HEIGHT * page.dpi < geo.ink_extent(written)[2], seed


@pytest.mark.slow
def test_words_printed_just_before_a_blank_name_it_even_garbled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small type on a standard-mode fax comes back "Chent i:" for "Client ID:", too far from any wording for
    the listed bar. Words printed just before a drawn blank, on its baseline, name it: matched loosely (as a
    cell's caption is), they label the value written on the blank, never sure. Without that reading the value
    is not found."""
    import random
    from dataclasses import replace

    import numpy as np

    import pipeline.extract as X
    from pipeline.load import RawPage
    from pipeline.prepare import prepare_page
    from synth.degrade import to_fax
    from synth.fonts import hand_fonts

    sans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    im = Image.new("L", (2550, 3300), 255)
    d = ImageDraw.Draw(im)
    label, pen = ImageFont.truetype(sans, 34), ImageFont.truetype(hand_fonts()[1], 60)
    d.text((150, 250), "Request for My Health Information", font=ImageFont.truetype(sans, 60), fill=0)
    for y, text, value in ((600, "Client name:", "Austin Nichols"), (800, "Client ID:", "33016427")):
        d.text((150, y - 34), text, font=label, fill=0)
        x0 = 170 + int(d.textlength(text, font=label))
        d.line((x0, y, 1500, y), fill=0, width=3)
        d.text((x0 + 30, y - 8), value, font=pen, fill=0, anchor="ls")
    bw = to_fax(im, mode="standard", rng=random.Random(7), skew_deg=0.2, dither=False)
    page = prepare_page(RawPage(number=1, image=np.asarray(bw.convert("L")), xdpi=204, ydpi=98, kind="tiff"))
    s = 204 / 300
    row = sorted((w for w in page.words if w.y0 > 700 * s and w.x1 < 400 * s), key=lambda w: w.x0)
    assert len(row) == 2  # the caption's two words, however they were read ("client io;" here)
    garbled = dict(zip(map(id, row), ("Chent", "i:")))  # as the page pass read them on a dev fax
    page.words = [replace(w, text=garbled.get(id(w), w.text)) for w in page.words]
    got = extract_fields("access_request", [page], ["form"], RECEIVED)
    assert got["mrn"].value == "33016427"
    assert got["mrn"].confidence <= X.CAPTION_CAP
    monkeypatch.setattr(X, "_blank_labels", lambda *a: [])
    assert "mrn" not in extract_fields("access_request", [page], ["form"], RECEIVED)


@pytest.mark.slow
def test_a_cells_broken_wall_is_not_read_as_part_of_its_value() -> None:
    """A cell's hairline wall comes out of a fax in pieces too short to be found as a ruled line. At the side of
    the value region they are the wall's remnants: left in, the value's ink box runs to the wall and the
    handwriting reader reads the wall as a last "1" ("0/27/19791" for 01/27/1979 on a dev fax). The ink box
    ends with the value's own ink."""
    import random

    import numpy as np

    from pipeline.load import RawPage
    from pipeline.marks import Geometry
    from pipeline.prepare import prepare_page
    from synth.degrade import to_fax
    from synth.fonts import hand_fonts

    im = Image.new("L", (2550, 3300), 255)
    d = ImageDraw.Draw(im)
    d.line((1200, 600, 1800, 600), fill=0, width=2)
    d.line((1200, 720, 1800, 720), fill=0, width=2)
    for x, lean in ((1200, 5), (1800, -5)):  # its walls as a skewed fax leaves a hairline: a ruled length, then
        d.line((x, 600, x, 680), fill=0, width=2)  # a piece too short to be one, a few pixels inside
        d.line((x + lean, 692, x + lean, 716), fill=0, width=1)
    d.text((1230, 700), "01/27/1979", font=ImageFont.truetype(hand_fonts()[1], 56), fill=0, anchor="ls")
    for seed in (1, 3):
        bw = to_fax(im, mode="fine", rng=random.Random(seed), skew_deg=0.0, dither=False)
        page = prepare_page(RawPage(number=1, image=np.asarray(bw.convert("L")), xdpi=204, ydpi=196, kind="tiff"))
        s, geo = 204 / 300, Geometry(page)
        cell = geo.cell_at(1500 * s, 620 * s)  # the value region: the cell as its walls close it
        assert cell is not None
        _, box = geo.ink_box(cell)
        written = 1230 + d.textlength("01/27/1979", font=ImageFont.truetype(hand_fonts()[1], 56))
        assert box[0] > cell[0] + 5 and box[2] < written * s + 8, (seed, cell, box)


def test_a_rule_at_the_foot_of_the_page_has_no_caption_space_and_breaks_nothing() -> None:
    """The space under a rule drawn at the page's last rows lies off the page: asking it for a caption must
    answer "none", not fail the whole file (a held-out fax was quarantined for it)."""
    import numpy as np

    from pipeline.caption_read import caption_band
    from pipeline.pages import Page

    img = np.full((600, 800), 255, np.uint8)
    img[597:599, 100:700] = 0  # a rule two pixels above the foot
    assert caption_band(img, 204.0, (100, 599, 700, 650)) is None
    assert caption_band(img, 204.0, (100, 650, 700, 700)) is None
    page = Page(number=1, image=img, dpi=204.0, words=[], ocr_confidence=0.9)
    assert extract_fields("revocation", [page], ["form"], RECEIVED) is not None


def test_a_stub_of_a_wall_atop_a_cell_is_not_its_caption() -> None:
    """A fax leaves a two-pixel stub of a wall at a cell's top; the first line of ink wide enough to be a word
    is the caption (the stub would have been read as "none", losing the cell's field)."""
    import numpy as np

    from pipeline.caption_read import caption_band

    im = Image.new("L", (900, 140), 255)
    d = ImageDraw.Draw(im)
    d.rectangle((300, 2, 301, 9), fill=0)  # the stub, at the cell's top edge
    d.text((20, 20), "Email", font=ImageFont.truetype(FONT, 22), fill=0)
    img = np.asarray(im)
    band = caption_band(img, 204.0, (0, 0, 900, 140))
    assert band is not None and band[0] < 40 and band[2] - band[0] > 40, band


def test_an_abbreviation_with_digits_for_letters_is_the_label() -> None:
    """A standard-mode fax turns "D.O.B." into "D.0.8,": between stops, a label never holds a digit."""
    from pipeline.extract import _norm

    assert _norm("D.0.8,") == _norm("D.O.B.") == "dob"
    assert _norm("S.5.N.") == "ssn"
    assert _norm("12.05.1990") == "12 05 1990"  # a date stays digits


def test_a_short_caption_both_readers_garble_differently_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cell's caption "Name" Tesseract reads "Nane" (no wording is near enough at the usual bar) and whose
    pixels spell "name" best but not clearly: the two readers agree within a letter, so the cell is named;
    either alone is not enough."""
    import numpy as np

    import pipeline.extract as X
    from pipeline import caption_read as CR
    from pipeline.pages import Page

    im = Image.new("L", (900, 140), 255)
    ImageDraw.Draw(im).text((20, 20), "Name", font=ImageFont.truetype(FONT, 22), fill=0)
    img = np.where(np.asarray(im) < 128, 0, 255).astype(np.uint8)
    ctx = X._page_ctx(Page(number=1, image=img, dpi=204.0, words=[], ocr_confidence=0.9), 0)
    band = CR.caption_band(img, 204.0, (0, 0, 900, 140))
    syns = X.synonyms()
    wordings = X._caption_wordings()
    unclear = CR.read_caption(img, 204.0, band, tuple(syns[k].text for k in wordings),
                              tuple(syns[k].key for k in wordings))
    unclear = CR.Caption(unclear.index, CR.SECONDED_PER_CHAR + 0.5, CR.SECONDED_MARGIN + 0.5, band)
    monkeypatch.setattr(CR, "read_caption", lambda *a: unclear)
    assert syns[wordings[unclear.index]].text == "name"
    assert X._wording_of_pixels(ctx, band) is None
    assert X._wording_of_pixels(ctx, band, "nane") == wordings[unclear.index]
    assert X._wording_of_pixels(ctx, band, "phone") is None


def test_an_abbreviation_is_scored_per_letter_as_printed() -> None:
    """ "D.O.B." is six characters on the page: its likelihood is shared over six, not over "dob"'s three."""
    import numpy as np

    from pipeline import caption_read as CR

    im = Image.new("L", (900, 140), 255)
    ImageDraw.Draw(im).text((20, 20), "D.O.B.", font=ImageFont.truetype(FONT, 22), fill=0)
    img = np.where(np.asarray(im) < 128, 0, 255).astype(np.uint8)
    band = CR.caption_band(img, 204.0, (0, 0, 900, 140))
    c = CR.read_caption(img, 204.0, band, ("dob", "phone"), ("patient_dob", "patient_phone"))
    assert c is not None and c.index == 0 and CR.accepted(c), c
    from pipeline import hand_read
    from pipeline.hand_lexicon import ctc_batch

    index = {ch: i + 1 for i, ch in enumerate(hand_read.charset())}
    x = hand_read.to_input(CR._crop(img, 204.0, band))
    spellings = CR._spellings("dob")
    scores = np.mean([ctc_batch(lp, [[index[ch] for ch in sp] for sp in spellings])
                      for lp in hand_read.caption_logps(x)], axis=0)
    best = int(np.argmax(scores))
    assert spellings[best] == "D.O.B."
    assert abs(c.per_char - scores[best] / 6) < 1e-6


def test_a_caption_under_its_rule_is_kept_though_ocr_made_a_lower_case_word_before_it() -> None:
    """Under a rule, "Acct / MRN" in 6-point type comes back "aco NIMRN": the garbled first word looks like
    the end of a sentence running into the label, which the prose filter drops. A caption's place under its
    rule vouches for it, so the record number's label stands."""
    import numpy as np

    import pipeline.extract as X
    from pipeline.pages import Page, Word

    im = Image.new("L", (1700, 500), 255)
    d = ImageDraw.Draw(im)
    d.line((135, 200, 900, 200), fill=0, width=3)  # (the caption's first word starts left of the rule)
    font = ImageFont.truetype(FONT, 20)
    d.text((102, 210), "Acct / MRN", font=font, fill=0)
    img = np.where(np.asarray(im) < 128, 0, 255).astype(np.uint8)
    x0, y0, _, y1 = d.textbbox((102, 210), "Acct", font=font)
    m0, _, m1, _ = d.textbbox((102, 210), "Acct / MRN", font=font)
    m0 = m1 - (d.textbbox((0, 0), "MRN", font=font)[2])
    # (the garbled word's box reaches up over the rule, as a fax's stray ink made it: it is no caption word)
    words = [Word("aco", 0.4, (x0, 190, m0 - 10, y1 + 12), line_key=(1, 1, 1)),
             Word("NIMRN", 0.3, (m0 - 8, y0, m1, y1), line_key=(1, 1, 1))]
    ctx = X._page_ctx(Page(number=1, image=img, dpi=204.0, words=words, ocr_confidence=0.9), 0)
    labels = X.find_labels(ctx, 0)
    assert any(lab.syn.key == "mrn" and lab.via == "caption" for lab in labels), \
        [(lab.syn.key, lab.via) for lab in labels]


def test_a_signing_dates_caption_ocr_garbled_is_named_by_its_pixels() -> None:
    """ "Date" under the rule beside a signature, read "Due" by OCR: too short to match loosely, so its pixels
    are asked, and a signing date's caption is among the wordings they may name (it pairs the date with the
    signature, which then counts as a dated signing line)."""
    import numpy as np

    import pipeline.extract as X
    from pipeline.pages import Page, Word

    im = Image.new("L", (1700, 500), 255)
    d = ImageDraw.Draw(im)
    d.line((1000, 200, 1500, 200), fill=0, width=3)
    font = ImageFont.truetype(FONT, 20)
    d.text((1002, 210), "Date", font=font, fill=0)
    img = np.where(np.asarray(im) < 128, 0, 255).astype(np.uint8)
    x0, y0, x1, y1 = d.textbbox((1002, 210), "Date", font=font)
    ctx = X._page_ctx(Page(number=1, image=img, dpi=204.0, words=[Word("Due", 0.5, (x0, y0, x1, y1),
                                                                       line_key=(1, 1, 1))], ocr_confidence=0.9), 0)
    labels = X.find_labels(ctx, 0)
    assert any(lab.syn.kind == "date" and lab.via == "caption" for lab in labels), \
        [(lab.syn.key, lab.via) for lab in labels]


def test_a_cells_caption_matched_by_its_first_words_takes_its_garbled_rest_with_it() -> None:
    """ "Date of birth (mm/dd/yyyy)" atop a cell came back "Tune of birth Gam fue /yyyy}": the first words
    match loosely, and the rest, on the caption's line of print before any wide gap, is caption too, not the
    start of the value (the date under it was read as "Gam fue /yyyy} 06-11-1964" and failed to parse)."""
    import numpy as np

    import pipeline.extract as X
    from pipeline.pages import Page, Word

    im = Image.new("L", (1700, 600), 255)
    d = ImageDraw.Draw(im)
    d.rectangle((100, 200, 900, 300), outline=0, width=3)
    small = ImageFont.truetype(FONT, 16)
    d.text((110, 208), "Date of birth (mm/dd/yyyy)", font=small, fill=0)
    d.text((112, 250), "06-11-1964", font=ImageFont.truetype(FONT, 28), fill=0)
    img = np.where(np.asarray(im) < 128, 0, 255).astype(np.uint8)
    boxes = []
    x = 110
    for shown, printed in (("Tune", "Date"), ("of", "of"), ("birth", "birth"), ("Gam", "(mm/dd"), ("/yyyy}", "/yyyy)")):
        x0, y0, x1, y1 = d.textbbox((x, 208), printed, font=small)
        boxes.append(Word(shown, 0.4, (x0, y0, x1, y1), line_key=(1, 1, 1)))
        x = x1 + 5 if printed != "(mm/dd" else x1
    value = Word("06-11-1964", 0.9, d.textbbox((112, 250), "06-11-1964", font=ImageFont.truetype(FONT, 28)),
                 line_key=(2, 1, 1))
    ctx = X._page_ctx(Page(number=1, image=img, dpi=204.0, words=boxes + [value], ocr_confidence=0.9), 0)
    dob = [lab for lab in X.find_labels(ctx, 0) if lab.syn.key in ("dob", "patient_dob")]
    assert dob and dob[0].box[2] >= boxes[-1].x1 - 1, [(lab.syn.key, lab.box) for lab in dob]
    page = Page(number=1, image=img, dpi=204.0, words=boxes + [value], ocr_confidence=0.9)
    assert extract_fields("access_request", [page], ["form"], RECEIVED)["patient_dob"].value == "1964-06-11"


@pytest.mark.slow
def test_a_cells_caption_that_ocr_read_nothing_of_is_named_by_its_pixels(monkeypatch: pytest.MonkeyPatch) -> None:
    """A form's captions set in 7-point type in a cell of their own ("DOB", its value in the next cell) may come
    back from the page pass with no word at all, even on a clean scan. The caption's pixels still spell a
    listed wording under the line readers: the cell is labelled and the value beside it read, never sure.
    Without that reading the date of birth is not found."""
    import numpy as np

    import pipeline.extract as X
    from pipeline.load import RawPage
    from pipeline.prepare import prepare_page
    from synth.fonts import hand_fonts

    serif = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"
    im = Image.new("L", (2550, 3300), 255)
    d = ImageDraw.Draw(im)
    d.text((190, 250), "Request for Amendment of Health Information", font=ImageFont.truetype(serif, 64), fill=0)
    caption, pen = ImageFont.truetype(serif, 26), ImageFont.truetype(hand_fonts()[1], 56)
    rows = ((600, "Name", 250, "Kendra K. Fuller"), (690, "DOB", 240, "11.22.1989"))
    d.rectangle((160, 600, 2320, 780), outline=0, width=3)
    for y, text, split, value in rows:
        d.line((160, y, 2320, y), fill=0, width=3)
        d.line((split, y, split, y + 90), fill=0, width=3)
        d.text((172, y + 10), text, font=caption, fill=0)
        d.text((split + 25, y + 72), value, font=pen, fill=0, anchor="ls")
    page = prepare_page(RawPage(number=1, image=np.asarray(im), xdpi=300, ydpi=300, kind="png"))
    lost = [w for w in page.words if w.x1 < 240 and 690 < (w.y0 + w.y1) / 2 < 780]
    page.words = [w for w in page.words if w not in lost]  # as if the page pass had read nothing there
    got = extract_fields("amendment_request", [page], ["form"], RECEIVED)
    assert got["patient_dob"].value == "1989-11-22", got.get("patient_dob")
    assert got["patient_dob"].confidence <= X.CAPTION_CAP
    assert got["patient_name"].value == "Kendra K. Fuller"
    monkeypatch.setattr(X, "_unread_cell_captions", lambda *a: [])
    assert "patient_dob" not in extract_fields("amendment_request", [page], ["form"], RECEIVED)


@pytest.mark.slow
def test_a_dashed_blank_s_ticks_are_taken_out_of_the_value_s_crop() -> None:
    """A value written on a dashed blank, after a standard-mode fax: the crop the readers get holds the
    writing, not the row of ticks under it (read with it, the ticks came out as letters, "RICHARDS DAME ne edu
    ne on" on a dev fax, or joined the writing into one line). The writing's own ink stays."""
    import random

    import numpy as np

    from pipeline.load import RawPage
    from pipeline.marks import Geometry
    from pipeline.prepare import prepare_page
    from synth.degrade import to_fax
    from synth.fonts import hand_fonts

    sans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    im = Image.new("L", (2550, 3300), 255)
    d = ImageDraw.Draw(im)
    label, pen = ImageFont.truetype(sans, 34), ImageFont.truetype(hand_fonts()[1], 56)
    y = 600
    d.text((150, y - 34), "Name:", font=label, fill=0)
    for x in range(300, 2350, 70):  # the blank: a dashed line
        d.line((x, y, x + 45, y), fill=0, width=2)
    d.text((330, y - 12), "Austin Nichols", font=pen, fill=0, anchor="ls")
    end = 330 + int(pen.getlength("Austin Nichols"))
    for seed, skew in ((3, 0.4), (4, -0.3), (5, 0.0)):
        bw = to_fax(im, mode="standard", rng=random.Random(seed), skew_deg=skew, dither=True)
        page = prepare_page(RawPage(number=1, image=np.asarray(bw.convert("L")), xdpi=204, ydpi=98, kind="tiff"))
        geo, s = Geometry(page), 204 / 300
        region = (int(310 * s), int(520 * s), int(2340 * s), int(625 * s))
        crop = geo.clean_crop(region)
        raw = page.image[region[1]:region[3], region[0]:region[2]]
        past = slice(int((end + 60) * s) - region[0], None)  # the blank past the writing: only ticks were there
        assert (raw[:, past] < 128).sum() > 100, seed  # the ticks came through the fax
        assert (crop[:, past] < 128).sum() <= 0.1 * (raw[:, past] < 128).sum(), seed
        above = slice(0, int((y - 20) * s) - region[1])  # the writing, clear of the blank's row
        assert (crop[above] < 128).sum() >= 0.97 * (raw[above] < 128).sum(), seed


def test_three_reads_agreeing_with_an_unsure_hand_read_are_sure_of_a_phone_and_a_common_name() -> None:
    """The page read, the re-read (both unsure of their glyphs, 0.7 and 0.6) and the handwriting reader at 0.6
    spell the same value in a drawn blank: sure for a phone, a record number and a name whose every word many
    people bear; not for a date (all three once read a written 7 as 1), nor a word no name list has
    ("Stepfather" in a guardian's name blank), nor free text, nor with the handwriting reader under
    THREE_HAND_MIN. An e-mail all three spell alike is sure with a sure hand read only."""
    from pipeline import normalize as N
    from pipeline.extract import _confidence, _with_hand

    d = N.date("09/01/2025", "signature", dt.datetime(2025, 9, 10))
    conf = _confidence("signature", d, 0.61, d, 0.14, "cell")
    assert _with_hand("signature", "cell", d.value, conf, (d, 0.61), (d, 0.14), (d, 0.6))[1] < 0.85
    assert _with_hand("signature", "cell", d.value, conf, (d, 0.61), (d, 0.14), (d, 0.92))[1] >= 0.85
    for kind, n in (("mrn", N.mrn("4471209")), ("phone", N.phone("(303) 555-0142")),
                    ("name", N.name("Maria L. Garcia"))):
        conf = _confidence(kind, n, 0.7, n, 0.6, "blank")
        assert conf < 0.85
        assert _with_hand(kind, "blank", n.value, conf, (n, 0.7), (n, 0.6), (n, 0.6))[1] >= 0.85, kind
        assert _with_hand(kind, "blank", n.value, conf, (n, 0.7), (n, 0.6), (n, 0.45))[1] < 0.85, kind
        assert _with_hand(kind, "right", n.value, conf, (n, 0.7), (n, 0.6), (n, 0.6))[1] < 0.85, kind
    rel = N.name("Stepfather")
    conf = _confidence("name", rel, 0.7, rel, 0.6, "blank")
    assert _with_hand("name", "blank", rel.value, conf, (rel, 0.7), (rel, 0.6), (rel, 0.6))[1] < 0.85
    t = N.free_text("Life insurance application")
    assert _with_hand("text", "blank", t.value, 0.6, (t, 0.7), (t, 0.6), (t, 0.6))[1] < 0.85
    e = N.email("maria.garcia@gmail.com")
    conf = _confidence("email", e, 0.9, e, 0.9, "blank")
    assert conf < 0.85
    assert _with_hand("email", "blank", e.value, conf, (e, 0.9), (e, 0.9), (e, 0.95))[1] >= 0.85
    assert _with_hand("email", "blank", e.value, conf, (e, 0.9), (e, 0.9), (e, 0.6))[1] < 0.85


def _wrapped_label_table(phone: str) -> Image.Image:
    """A boxed row as a synthesised issuer prints it: a narrow label cell whose caption the cell's width
    broke onto two lines ("Best Contact" / "Number"), the value in the next cell; then an e-mail pair."""
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    small, value = ImageFont.truetype(FONT, 26), ImageFont.truetype(FONT, 40)
    d.text((300, 250), "Request for Access to Health Records", font=ImageFont.truetype(FONT, 56), fill=0)
    top, bottom = 600, 690
    for x0, x1 in ((220, 510), (510, 960), (960, 1160), (1160, 1740)):
        d.rectangle((x0, top, x1, bottom), outline=0, width=3)
    d.text((232, 612), "Best Contact", font=small, fill=0)
    d.text((232, 645), "Number", font=small, fill=0)
    d.text((530, 630), phone, font=value, fill=0)
    d.text((972, 612), "Email address", font=small, fill=0)
    return im


@pytest.mark.slow
def test_a_label_set_on_two_lines_of_its_cell_reads_the_next_cell(tmp_path: Path) -> None:
    """A label cell's caption broken onto two lines was matched by its first line at a loose bar, its second
    line taken for the value inside the label cell (no phone there), and the phone in the next cell never
    read. The second line finishing the listed wording is the label's: the cell holds nothing else, so
    the value is in the next cell."""
    # (a proxy authorization asks for a second phone: no lone phone on the page stands for the patient's)
    page = faxed_page(tmp_path / "proxy.tif", _wrapped_label_table("206-489-1292"))
    got = extract_fields("portal_proxy_authorization", [page], ["form"], RECEIVED)
    assert got["patient_phone"].value == "2064891292"
    assert "mrn" not in got  # "Number" is the label's end, not an "MR Number" caption
    # the cell of a label on one line that does not reach its side still holds its own value
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    d.text((300, 250), "Request for Access to Health Records", font=ImageFont.truetype(FONT, 56), fill=0)
    d.rectangle((220, 600, 900, 700), outline=0, width=3)
    d.text((232, 612), "Phone Number", font=ImageFont.truetype(FONT, 26), fill=0)
    d.text((250, 648), "303-555-0142", font=ImageFont.truetype(FONT, 40), fill=0)
    page = faxed_page(tmp_path / "one.tif", im)
    assert extract_fields("portal_proxy_authorization", [page], ["form"], RECEIVED)["patient_phone"].value == \
        "3035550142"


@pytest.mark.slow
def test_a_standard_mode_signing_row_whose_captions_ocr_lost_is_read_from_their_pixels(tmp_path: Path) -> None:
    """A revocation's signing rows, faxed in standard mode: "Patient / Representative Signature", "Date" and
    "Printed Name" in 6-point type, which Tesseract reads as nothing, "ule" and "Printenet Nevers". The line
    readers name all three from their pixels. The signature's cell holds the date's (the wall between them
    broke), which must not hide its caption; the printed name's value cell lost its walls, so the rest of the
    row is read. Each is offered unsure: a caption named by its pixels alone may be another signer's."""
    import pickle

    from pipeline.extract import extract_document
    from tests.test_extract_eval import build

    out = build(("revocation", "canyon", 10615, "std", "handwritten", str(tmp_path / "doc.pkl"), ""))
    with open(out, "rb") as fh:
        r = pickle.load(fh)
    ex = extract_document(r["form_type"], r["pages"], r["roles"], r["received_at"])
    for f in ("signature_present", "signature_date", "signer_name"):
        assert f in ex.fields, f
        assert ex.fields[f].value == r["fields"][f] and ex.fields[f].confidence < 0.85, f


@pytest.mark.slow
@pytest.mark.parametrize("form_type, seed, sig", [("revocation", 10635, "signature_present"),
                                                  ("minor_portal_authorization", 10653, "guardian_signature_present")])
def test_a_long_caption_under_a_broken_signing_line_is_read_from_its_pixels(tmp_path: Path, form_type: str,
                                                                           seed: int, sig: str) -> None:
    """Standard-mode faxes of forms captioned under their rules: "Signature of Patient (or Personal
    Representative)", longer than the first piece of the signing line the fax left, which OCR read as "of (or";
    and "Parent or Legal Guardian Signature". Words OCR made of a caption that match no wording no longer stop
    its pixels being asked, the band may run past its rule, and a wording may be as long as the longest listed:
    the signature and its date are read, unsure (named by pixels alone)."""
    import pickle

    from pipeline.extract import extract_document
    from tests.test_extract_eval import build

    out = build((form_type, "willow", seed, "std", "handwritten", str(tmp_path / "doc.pkl"), ""))
    with open(out, "rb") as fh:
        r = pickle.load(fh)
    ex = extract_document(r["form_type"], r["pages"], r["roles"], r["received_at"])
    assert ex.fields[sig].value is True and ex.fields[sig].confidence < 0.85
    assert ex.fields["signature_date"].value == r["fields"]["signature_date"]
    assert ex.fields["signature_date"].confidence < 0.85


def test_the_caption_reader_scores_wordings_batched_by_length_as_it_would_all_at_once() -> None:
    """Every listed wording is scored for every caption band; batching them by length (a batch costs as its
    longest wording) must leave each score as one batch of all gives it."""
    import numpy as np
    from pipeline import caption_read as CR
    from pipeline import hand_read
    from pipeline.extract import _caption_wordings, synonyms
    from pipeline.hand_lexicon import ctc_batch

    syns = synonyms()
    seqs, _ = CR._encoded(tuple(syns[k].text for k in _caption_wordings()), hand_read.charset())
    assert max(len(q) for q in seqs) > CR.LENGTH_BUCKETS[-1]  # every bucket is used
    rng = np.random.default_rng(7)
    for frames in (20, 90, 160):
        logp = np.log(rng.dirichlet(np.ones(len(hand_read.charset()) + 1), size=frames))
        np.testing.assert_allclose(CR._scored(logp, seqs), ctc_batch(logp, seqs), rtol=0, atol=1e-9)


def _questions_page() -> Image.Image:
    """An amendment form that asks questions and leaves a rule under each for the answer; the fax broke each
    rule into pieces a pixel or two apart in height and dropped its first piece."""
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    label = ImageFont.truetype(FONT, 40)
    value = ImageFont.truetype(FONT, 46)
    d.text((500, 250), "Request for Amendment of Health Information", font=ImageFont.truetype(FONT, 56), fill=0)
    d.text((90, 500), "Patient name:", font=label, fill=0)
    d.line((400, 552, 1600, 552), fill=0, width=3)
    d.text((420, 492), "Nora K. Whitfield", font=value, fill=0)
    for y, question, answer in ((800, "What information is incorrect or incomplete?",
                                 "Note says I refused the flu vaccine"),
                                (1150, "Why is the information incorrect or incomplete?",
                                 "Pharmacy record attached")):
        d.text((90, y), question, font=label, fill=0)
        rule = y + 140
        x = 150  # (the piece from 90 to 150 lost)
        for k, end in enumerate((520, 900, 1350, 1800, 2300)):
            yy = rule + 4 * (k % 2)
            d.line((x, yy, end, yy), fill=0, width=3)
            x = end + 25
        d.text((100, rule - 62), answer, font=value, fill=0)
    return im


@pytest.mark.slow
def test_an_answer_on_a_broken_rule_under_its_question_is_read(tmp_path: Path) -> None:
    """The pieces of the rule under a question are one rule even when they lie a pixel or two apart in height
    and the first is gone: the answer on it is read (before, no piece spanned the question and both answers
    were looked for right of their questions, on blank page)."""
    got = extract_fields("amendment_request", [faxed_page(tmp_path / "amend.tif", _questions_page())], ["form"],
                         RECEIVED)
    assert "flu vaccine" in str(got["information_to_amend"].value).lower(), got.get("information_to_amend")
    assert "pharmacy record" in str(got["reason"].value).lower(), got.get("reason")


@pytest.mark.slow
def test_a_word_below_reaching_up_into_a_question_s_row_is_not_an_answer_beside_it(tmp_path: Path) -> None:
    """OCR may box a word of the line below so tall that its top reaches a sliver into the question's row; that
    is not a value written right of the question, and the answer is still looked for on the rule under it."""
    from pipeline.extract import FIELDS, _page_ctx, resolve_fields, value_region
    from pipeline.pages import Word

    ctx = _page_ctx(faxed_page(tmp_path / "amend.tif", _questions_page()), 0)
    resolve_fields([ctx], set(FIELDS["amendment_request"]))
    why = next(lab for lab in ctx.labels if lab.field == "reason")
    x0, y0, x1, y1 = why.box
    ctx.page.words.append(Word("oo", 0.2, (x1 + 300, y1 - 6, x1 + 700, y1 + 50)))
    assert value_region(ctx, why, "text")[1] == "below_line"


@pytest.mark.slow
def test_a_caption_whose_rule_lost_its_first_piece_under_the_value_still_names_the_value_above(
        tmp_path: Path) -> None:
    """The blank's rule starts at its caption ("Date of Birth" printed under it); the fax lost the rule's first
    piece where the value's ink sits on it, so the rule now starts a little right of the caption. The value above
    is still the caption's (before: no rule over the caption's start, and the value was looked for beside it)."""
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    caption = ImageFont.truetype(FONT, 30)
    value = ImageFont.truetype(FONT, 46)
    d.text((600, 250), "Request for Access to Health Records", font=ImageFont.truetype(FONT, 56), fill=0)
    d.line((150, 552, 1000, 552), fill=0, width=3)
    d.text((155, 565), "Full Name", font=caption, fill=0)
    d.text((170, 492), "Dennis J. Martinez", font=value, fill=0)
    d.line((1270, 552, 2300, 552), fill=0, width=3)  # (from 1200: the piece to 1265 lost)
    d.text((1200, 565), "Date of Birth", font=caption, fill=0)
    d.text((1205, 492), "04/09/1984", font=value, fill=0)
    got = _read(tmp_path, im)
    assert got["patient_dob"].value == "1984-04-09", got.get("patient_dob")


@pytest.mark.slow
def test_a_label_garbled_before_a_blank_whose_first_piece_lies_under_the_value_is_read_from_its_pixels(
        tmp_path: Path) -> None:
    """OCR reads "DOB:" as "pop:", and the fax lost the blank's first piece under the value's first digits, so
    the run of words before the blank ends with the value's "11". The label is the run without that word, named
    by its pixels (before: the run "pop: 11" matched no wording and its pixels none either)."""
    # (the DOB blank from 1760: the piece under the value's first digits lost)
    im = _row_page("Patient Portal Proxy Access Form", [("Full Name:", 90, (330, 1500), "Justin Hicks", 350),
                                                        ("DOB:", 1650, (1860, 2400), "11 Mar 1967", 1775)])
    page = faxed_page(tmp_path / "proxy.tif", im)
    assert not any(w.text.lower().startswith("dob") for w in page.words)  # (the garbled label this is about)
    got = extract_fields("portal_proxy_authorization", [page], ["form"], RECEIVED)
    assert got["patient_dob"].value == "1967-03-11", got.get("patient_dob")


def _row_page(title: str, row: list[tuple[str, int, tuple[int, int], str, int]]) -> Image.Image:
    """A form titled ``title`` with one row of "Label: ______" blanks: (label, its x, the rule's x0 and x1, the
    value typed on the rule, its x)."""
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    label = ImageFont.truetype(FONT, 36)
    value = ImageFont.truetype(FONT, 46)
    d.text((600, 250), title, font=ImageFont.truetype(FONT, 56), fill=0)
    for text, x, (r0, r1), written, vx in row:
        d.text((x, 900), text, font=label, fill=0)
        d.line((r0, 940, r1, 940), fill=0, width=3)
        d.text((vx, 882), written, font=value, fill=0)
    return im


def _birth_row_page() -> Image.Image:
    return _row_page("Request to Amend Health Information",
                     [("Patient Name:", 90, (370, 1250), "Javier Johnson", 390),
                      ("Date of Birth:", 1330, (1590, 2300), "03/05/1962", 1620)])


@pytest.mark.slow
@pytest.mark.parametrize("garble", ["lost", "misread"])
def test_a_birth_date_label_whose_last_word_ocr_garbled_is_not_a_signing_date(tmp_path: Path, garble: str) -> None:
    """A standard-mode fax leaves "Date of Birth:" as "Date of" (the last word lost) or "Date at Bith:". Its
    "Date" is no signing date's caption: the whole label is read from its pixels, up to the blank, and the birth
    date on the blank is read (before: "Date" was taken for a signing date's caption and the birth date was
    never looked for). OCR's words are garbled here by hand, as the fax garbles them; the pixels are the fax's."""
    from dataclasses import replace

    page = faxed_page(tmp_path / "amend.tif", _birth_row_page())
    words = []
    for w in page.words:
        t = w.text
        if t.startswith("Birth"):
            if garble == "lost":
                continue
            t = "Bith:"
        elif t == "of" and garble == "misread":
            t = "at"
        words.append(replace(w, text=t))
    assert len(words) < len(page.words) or any(w.text == "Bith:" for w in words)  # (the garbling took)
    got = extract_fields("amendment_request", [replace(page, words=words)], ["form"], RECEIVED)
    assert got["patient_dob"].value == "1962-03-05", got.get("patient_dob")


@pytest.mark.slow
def test_blanks_side_by_side_under_a_heading_that_names_a_field_are_not_one_answer(tmp_path: Path) -> None:
    """"SECTION B - PARENT/GUARDIAN" names the guardian; the row under it holds two blanks a small gap apart,
    each captioned under its start. The heading's answer is not the whole row (before: the name and the
    relationship written beside it were read as one guardian's name)."""
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    caption = ImageFont.truetype(FONT, 28)
    value = ImageFont.truetype(FONT, 42)
    d.text((600, 250), "Minor Patient Portal Authorization", font=ImageFont.truetype(FONT, 56), fill=0)
    d.text((150, 900), "SECTION B - PARENT/GUARDIAN", font=ImageFont.truetype(FONT, 44), fill=0)
    d.line((150, 1000, 1600, 1000), fill=0, width=3)
    d.text((155, 1012), "Parent/Guardian name", font=caption, fill=0)
    d.text((165, 945), "Michael W. Wagner", font=value, fill=0)
    d.line((1640, 1000, 2350, 1000), fill=0, width=3)
    d.text((1645, 1012), "Relationship to minor", font=caption, fill=0)
    d.text((1655, 945), "Grandmother (guardian)", font=value, fill=0)
    got = extract_fields("minor_portal_authorization", [faxed_page(tmp_path / "minor.tif", im)], ["form"], RECEIVED)
    assert got["guardian_name"].value == "Michael W. Wagner", got.get("guardian_name")
    assert "Grandmother" in str(got["guardian_relationship"].value), got.get("guardian_relationship")


@pytest.mark.slow
def test_an_x_printed_before_an_empty_signing_line_is_no_signature(tmp_path: Path) -> None:
    """The signing line starts after a printed "X", a little right of its caption's start. A value's region may
    reach back over a rule's lost first piece to its caption's start; a signature's may not: the "X" would be
    taken for ink, and an unsigned form would no longer be firmly unsigned."""
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    caption = ImageFont.truetype(FONT, 28)
    d.text((600, 250), "Request for Access to Health Records", font=ImageFont.truetype(FONT, 56), fill=0)
    d.text((150, 1500), "X", font=ImageFont.truetype(FONT, 44), fill=0)
    d.line((200, 1545, 1500, 1545), fill=0, width=3)
    d.text((150, 1557), "Signature of patient or authorized representative", font=caption, fill=0)
    d.line((1540, 1545, 2350, 1545), fill=0, width=3)
    d.text((1545, 1557), "Date", font=caption, fill=0)
    got = _read(tmp_path, im)
    sig = got["signature_present"]
    assert sig.value is False and sig.confidence >= 0.85, sig


@pytest.mark.slow
def test_a_rule_over_the_caption_s_start_is_preferred_to_a_line_starting_after_it(tmp_path: Path) -> None:
    """Over the caption "Recipient" run its rule, from before the caption's start, and a second long line a
    little higher that starts after it (a struck-through or underlined word in the value). The value's blank is
    the rule over the caption's start, whole; a line starting after the caption is taken only when no such rule
    is there (a fax lost the rule's first piece), so the value is not cut at the other line's end."""
    from pipeline.extract import FIELDS, _page_ctx, resolve_fields, value_region

    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    caption = ImageFont.truetype(FONT, 28)
    d.text((600, 250), "Authorization to Release Health Information", font=ImageFont.truetype(FONT, 56), fill=0)
    d.line((150, 1000, 1600, 1000), fill=0, width=3)
    d.line((230, 992, 700, 992), fill=0, width=2)
    d.text((155, 1012), "Recipient", font=caption, fill=0)
    d.text((170, 935), "Wong Middle School", font=ImageFont.truetype(FONT, 42), fill=0)
    ctx = _page_ctx(faxed_page(tmp_path / "auth.tif", im), 0)
    resolve_fields([ctx], set(FIELDS["third_party_authorization"]))
    lab = next(lab for lab in ctx.labels if lab.field == "recipient_name")
    region, how = value_region(ctx, lab, "name")
    assert how == "over_line" and region[2] >= 1500 * ctx.page.dpi / DPI * 0.98, (region, how)
