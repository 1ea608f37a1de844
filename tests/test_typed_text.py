"""Free text typed into the form's blanks: sure when every reader spells it alike, never when a word may be lost.

A purpose, a reason or the change asked for, typed on a computer before the
form was printed and faxed, is read alike by the page read, the re-read of
its blank and the handwriting reader, with Tesseract sure of every word: it
needs no reviewer's eye. A typed capital "I" that Tesseract reads as a bar
("| was never prescribed") must not make a shorter sentence sure.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import extract
from pipeline.extract import Label, Syn, _echoes_label, extract_fields
from tests.pages import FONT, faxed_page

DPI = 300
RECEIVED = dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)
SURE = 0.85


def _amendment(answers: dict[str, str]) -> Image.Image:
    """An amendment request with each answer typed on the rule beside its question."""
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    label, value = ImageFont.truetype(FONT, 40), ImageFont.truetype(FONT, 44)
    d.text((500, 250), "Request to Amend Health Information", font=ImageFont.truetype(FONT, 56), fill=0)
    y = 500
    for question, answer in answers.items():
        d.text((120, y), question, font=label, fill=0)
        x = 140 + int(d.textlength(question, font=label))
        d.line((x, y + 46, 2400, y + 46), fill=0, width=3)
        d.text((x + 20, y - 24), answer, font=value, fill=0)
        y += 200
    return im


def _boxed(answers: dict[str, str]) -> Image.Image:
    """The same questions as boxes the width of the page, each caption at a box's top left, the answer under it."""
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    caption, value = ImageFont.truetype(FONT, 34), ImageFont.truetype(FONT, 44)
    d.text((500, 250), "Request to Amend Health Information", font=ImageFont.truetype(FONT, 56), fill=0)
    y = 500
    for question, answer in answers.items():
        d.rectangle((160, y, 2380, y + 190), outline=0, width=3)
        d.text((185, y + 12), question, font=caption, fill=0)
        d.text((185, y + 80), answer, font=value, fill=0)
        y += 190
    return im


def _read(tmp_path: Path, im: Image.Image) -> dict:
    return extract_fields("amendment_request", [faxed_page(tmp_path / "amend.tif", im)], ["form"],
                          RECEIVED)


@pytest.mark.slow
def test_free_text_typed_on_the_form_s_rules_is_read_and_sure(tmp_path: Path) -> None:
    got = _read(tmp_path, _amendment({
        "Information you want amended:": "Problem list shows depression",
        "Change requested:": "Mark as resolved",
        "Reason for the request:": "Condition resolved in 2021 per my counselor",
    }))
    for field, want in (("information_to_amend", "Problem list shows depression"),
                        ("requested_change", "Mark as resolved"),
                        ("reason", "Condition resolved in 2021 per my counselor")):
        assert got[field].value == want, (field, got[field].value)
        assert got[field].confidence >= SURE, (field, got[field].confidence)


@pytest.mark.slow
def test_a_typed_i_read_as_a_bar_is_kept_and_a_shorter_sentence_is_not_sure(tmp_path: Path) -> None:
    """The page read keeps the "I"; the re-read of the cleaned box, its wall removed with the "I", does not, so
    the readers disagree and a reviewer sees the sentence."""
    extract.TRACE = []
    try:
        got = _read(tmp_path, _boxed({
            "Information you want amended": "Medication list includes metformin",
            "Reason for request": "I was never prescribed this medication",
        }))
        page_read = next(t[2] for t in extract.TRACE if t[0] == "reason")
    finally:
        extract.TRACE = None
    assert page_read == "I was never prescribed this medication"
    v = got["reason"]
    assert v.value == "I was never prescribed this medication" or v.confidence < SURE, (v.value, v.confidence)


def test_a_value_made_of_its_label_s_words_echoes_the_label() -> None:
    """ "amended", printed under "Information to be", read as the answer of a label known as "information to
    amend": the label's wrapped tail, not an answer."""
    lab = Label(Syn("information to amend", "field", "information_to_amend"), 0, 0, 0, 3, (0, 0, 10, 10), 1.0)
    assert _echoes_label("amended", lab)
    assert _echoes_label("Information", lab)
    assert not _echoes_label("Visit note says I smoke", lab)
    assert not _echoes_label("Amend my address", lab)


def test_pen_capitals_tesseract_reads_unsure_of_their_case_are_not_print() -> None:
    """A handwritten "SETTLEMENT OF CLAIM" read alike three times, case aside, as "SETTLEMENT OF CLAM" (a dev
    fax): Tesseract at 0.85-0.87 and unsure of the letter case is reading a pen, not print."""
    from pipeline import normalize as N
    from pipeline.extract import _with_hand

    def reads(a: str, ca: float, b: str, cb: float) -> tuple:
        return (N.free_text(a), ca), (N.free_text(b), cb), (N.free_text("settlement of clam"), 0.6)

    pen = reads("SETTLEMENT OF CLAM", 0.85, "SETTLEMENT Of CLAM", 0.87)
    assert _with_hand("text", "over_line", "SETTLEMENT OF CLAM", 0.65, *pen, field_name="expiration_event")[1] < SURE
    same_case = reads("SETTLEMENT OF CLAM", 0.87, "SETTLEMENT OF CLAM", 0.88)
    assert _with_hand("text", "over_line", "SETTLEMENT OF CLAM", 0.65, *same_case,
                      field_name="expiration_event")[1] < SURE
    typed = reads("Settlement of clam", 0.95, "Settlement of clam", 0.94)
    assert _with_hand("text", "over_line", "Settlement of clam", 0.75, *typed,
                      field_name="expiration_event")[1] >= SURE
