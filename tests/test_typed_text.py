"""Free text typed into the form's blanks: never sure when a word of it may be lost.

A typed sentence can hold a label's words ("Update to my current address",
"Address in my chart is outdated"); they are written in the blank, not
printed labels that end it. A typed capital "I" that Tesseract reads as
a bar ("| was never prescribed") is the pronoun, not a box's wall.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import extract
from pipeline.extract import extract_fields
from tests.pages import FONT, faxed_page

DPI = 300
RECEIVED = dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)
SURE = 0.85


def _form(answers: dict[str, str], boxed: bool) -> Image.Image:
    """An amendment request with each answer typed on the rule beside its question or, ``boxed``, in a box the
    width of the page under its caption at the box's top left."""
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    label, value = ImageFont.truetype(FONT, 34 if boxed else 40), ImageFont.truetype(FONT, 44)
    d.text((500, 250), "Request to Amend Health Information", font=ImageFont.truetype(FONT, 56), fill=0)
    y = 500
    for question, answer in answers.items():
        if boxed:
            d.rectangle((160, y, 2380, y + 190), outline=0, width=3)
            d.text((185, y + 12), question, font=label, fill=0)
            d.text((185, y + 80), answer, font=value, fill=0)
            y += 190
            continue
        d.text((120, y), question, font=label, fill=0)
        x = 140 + int(d.textlength(question, font=label))
        d.line((x, y + 46, 2400, y + 46), fill=0, width=3)
        d.text((x + 20, y - 24), answer, font=value, fill=0)
        y += 200
    return im


def _read(tmp_path: Path, im: Image.Image) -> dict:
    return extract_fields("amendment_request", [faxed_page(tmp_path / "amend.tif", im)], ["form"],
                          RECEIVED)


@pytest.mark.slow
def test_a_typed_i_read_as_a_bar_is_kept_and_a_shorter_sentence_is_not_sure(tmp_path: Path) -> None:
    """The page read keeps the "I"; the re-read of the cleaned box, its wall removed with the "I", does not, so
    the readers disagree and a reviewer sees the sentence: with the pronoun the page read kept."""
    extract.TRACE = []
    try:
        got = _read(tmp_path, _form({
            "Information you want amended": "Medication list includes metformin",
            "Reason for request": "I was never prescribed this medication",
        }, boxed=True))
        page_read = next(t[2] for t in extract.TRACE if t[0] == "reason")
    finally:
        extract.TRACE = None
    assert page_read == "I was never prescribed this medication"
    v = got["reason"]
    assert v.value == "I was never prescribed this medication" and v.confidence < SURE, (v.value, v.confidence)


@pytest.mark.slow
def test_typed_sentences_holding_a_label_s_words_are_read_whole(tmp_path: Path) -> None:
    """ "Address" and "to" are labels' wordings too, but words on the blank of the label before them are written
    there, and a range's "to" with no range start before it is a word of a sentence: read as labels, "Address"
    left the first blank empty and "to" cut the second to "Update" (which the readers agreed on, and so were once
    made sure of)."""
    got = _read(tmp_path, _form({
        "Information you want amended:": "Address in my chart is outdated",
        "Change requested:": "Update to my current address",
    }, boxed=False))
    for field, want in (("information_to_amend", "Address in my chart is outdated"),
                        ("requested_change", "Update to my current address")):
        v = got.get(field)
        assert v is not None and v.value == want, (field, v)


@pytest.mark.slow
def test_a_to_in_a_printed_caption_off_any_blank_still_ends_the_caption(tmp_path: Path) -> None:
    """A caption under its rule whose end OCR garbled ("Description of authority to wet (or partion" for "... to
    act (for patient)"): its "to" is the caption's, not a sentence's, and the unreadable rest is no value."""
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    body, small = ImageFont.truetype(FONT, 44), ImageFont.truetype(FONT, 30)
    d.text((250, 250), "Authorization to Release Health Information", font=ImageFont.truetype(FONT, 56), fill=0)
    d.text((250, 450), "Patient name: Jordan Example", font=body, fill=0)
    d.line((250, 900, 1150, 900), fill=0, width=4)
    d.line((1300, 900, 2300, 900), fill=0, width=4)
    d.text((270, 840), "Maria Example", font=body, fill=0)
    d.text((250, 912), "Name of signer (print)", font=small, fill=0)
    d.text((1300, 912), "Description of authority to wet (or partion", font=small, fill=0)
    got = extract_fields("third_party_authorization", [faxed_page(tmp_path / "auth.tif", im)], ["form"], RECEIVED)
    assert got["signer_name"].value == "Maria Example"
    assert "representative_authority" not in got, got["representative_authority"]
