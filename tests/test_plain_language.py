"""A plain-language authorization drawn by us, faxed and read with the real Tesseract.

Plain-language forms word their prompts as a person would say them
("Send records to", "Their phone") and print the discloser inside a sentence.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.extract import extract_fields
from tests.pages import FONT, faxed_page

DPI = 300


def _page() -> Image.Image:
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    big = ImageFont.truetype(FONT, 60)
    text = ImageFont.truetype(FONT, 40)
    value = ImageFont.truetype(FONT, 46)
    d.text((500, 250), "Permission to Share Health Information", font=big, fill=0)
    d.text((90, 450), "Your name:", font=text, fill=0)
    d.text((400, 445), "Morgan T. Ellis", font=value, fill=0)
    d.text((90, 600), "Send records to:", font=text, fill=0)
    d.text((480, 595), "Johnson-Davis Benefits", font=value, fill=0)
    d.text((1500, 600), "Their phone:", font=text, fill=0)
    d.text((1800, 595), "(303) 555-0144", font=value, fill=0)
    return im


@pytest.mark.slow
def test_their_phone_ends_the_recipient_and_is_its_phone(tmp_path: Path) -> None:
    """ "Their" before "phone:" is part of the next prompt, not the last word of the recipient's name."""
    page = faxed_page(tmp_path / "share.tif", _page())
    got = extract_fields("third_party_authorization", [page], ["form"],
                         dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc))
    assert "recipient_name" in got
    assert got["recipient_name"].value == "Johnson-Davis Benefits"
    assert got["recipient_phone"].value == "3035550144"
