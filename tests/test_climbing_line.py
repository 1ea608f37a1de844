"""A value written on a climbing line is read in the order it was written.

A pen's line rises or falls across a wide box: "I have taken penicillin with no reaction" stood 20 px lower
at its start than at its end on a faxed page, and the page read's words were put in rows by the first word's
height, so "I have" became a second row: "taken penicillin with no reaction I have" (split seed 11500). A row is now
a chain of words each level with the one before it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from pipeline.extract import extract_fields
from tests.pages import FONT, faxed_page

RECEIVED = dt.datetime(2026, 4, 2, tzinfo=dt.timezone.utc)
REASON = "Allergy list shows a penicillin allergy I never had"


def _form(angle: float) -> Image.Image:
    """An amendment request whose reason is typed in a box under its caption, on a line turned ``angle`` degrees
    (rising to the right)."""
    im = Image.new("L", (2550, 3300), 255)
    d = ImageDraw.Draw(im)
    cap, value = ImageFont.truetype(FONT, 34), ImageFont.truetype(FONT, 44)
    d.text((170, 200), "Foothill Community Clinic", font=ImageFont.truetype(FONT, 44), fill=0)
    d.text((500, 650), "Request to Amend Health Information", font=ImageFont.truetype(FONT, 56), fill=0)
    d.text((170, 900), "Patient Name:", font=cap, fill=0)
    d.text((470, 895), "Maria Lopez", font=value, fill=0)
    d.rectangle((150, 1080, 2350, 1360), outline=0, width=3)
    d.text((170, 1100), "Reason for amendment:", font=cap, fill=0)
    line = Image.new("L", (1500, 200), 255)
    ImageDraw.Draw(line).text((20, 70), REASON, font=value, fill=0)
    line = line.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    im.paste(ImageChops.darker(im.crop((180, 1140, 1680, 1340)), line), (180, 1140))
    d.text((170, 1400), "Signature of patient", font=cap, fill=0)
    return im


@pytest.mark.slow
@pytest.mark.parametrize("angle", [2.5, 3.0])
def test_a_reason_written_on_a_climbing_line_keeps_its_word_order(tmp_path: Path, angle: float) -> None:
    page = faxed_page(tmp_path / "amend.tif", _form(angle))
    got = extract_fields("amendment_request", [page], ["form"], RECEIVED)
    words = got["reason"].value.casefold().split()  # (Tesseract may misspell a turned word: the order is asked)
    assert (words[0], words[-1]) == ("allergy", "had"), got["reason"]
    assert words.index("penicillin") < words.index("had")
