"""A hyphen in an e-mail address stays a hyphen: drawn by us, faxed, read by Tesseract and the networks.

The networks that re-spell an unsure address against the lists score a crop cut and scaled to its ink, which
loses where a short stroke sits against the letters' baseline; Tesseract reads it off the line. Two Tesseract
reads agreeing on a hyphen are not re-spelt with an underscore (the networks preferred "richardson_wood").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.extract import extract_fields
from tests.pages import FONT, faxed_page

RECEIVED = dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)


def _form(email: str) -> Image.Image:
    im = Image.new("L", (2550, 3300), 255)
    d = ImageDraw.Draw(im)
    font = ImageFont.truetype(FONT, 40)
    d.text((420, 250), "Patient Portal Proxy Access", font=ImageFont.truetype(FONT, 56), fill=0)
    for y, (label, value) in zip((500, 620), (("Patient name:", "Ann Lopez"), ("Email address:", email))):
        d.text((150, y), label, font=font, fill=0)
        d.line((480, y + 45, 1500, y + 45), fill=0, width=3)
        d.text((500, y - 5), value, font=font, fill=0)
    return im


@pytest.mark.slow
@pytest.mark.parametrize("email", ["richardson-wood.a68@aol.com", "glenn.myers-davies@hotmail.com"])
def test_a_typed_hyphen_both_tesseract_reads_agree_on_is_kept(tmp_path: Path, email: str) -> None:
    page = faxed_page(tmp_path / "proxy.tif", _form(email))
    got = extract_fields("portal_proxy_authorization", [page], ["form"], RECEIVED)
    assert got["patient_email"].value == email, got["patient_email"]
