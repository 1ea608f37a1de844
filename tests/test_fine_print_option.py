"""A check-box option printed in fine print keeps the group's box: drawn by us, faxed, read by Tesseract."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.extract import extract_fields
from tests.pages import FONT, faxed_page

DPI = 300
OPTIONS = ["Office visit notes", "Lab results", "Imaging reports", "Medication list", "Immunizations",
           "Dental records"]


def _page(tick_fine: bool) -> Image.Image:
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    d.text((600, 250), "Request for Access to Health Records", font=ImageFont.truetype(FONT, 56), fill=0)
    d.text((90, 500), "Records requested:", font=ImageFont.truetype(FONT, 44), fill=0)
    big, fine = ImageFont.truetype(FONT, 44), ImageFont.truetype(FONT, 26)
    rows = [(o, big) for o in OPTIONS] + [("Substance use disorder treatment (42 CFR Part 2)", fine)]
    for i, (text, font) in enumerate(rows):
        x, y = 120 + (i % 2) * 1150, 620 + (i // 2) * 110
        d.rectangle((x, y, x + 44, y + 44), outline=0, width=4)
        if (i == len(rows) - 1 and tick_fine) or (i == 1 and not tick_fine):
            d.line((x + 6, y + 22, x + 18, y + 40, x + 40, y + 4), fill=0, width=7)
        d.text((x + 70, y + (0 if font is big else 12)), text, font=font, fill=0)
    return im


@pytest.mark.slow
def test_a_tick_in_the_fine_print_option_is_read(tmp_path: Path) -> None:
    for tick_fine, want in ((True, ["substance_use_treatment"]), (False, ["lab_results"])):
        page = faxed_page(tmp_path / f"req{tick_fine}.tif", _page(tick_fine))
        got = extract_fields("access_request", [page], ["form"],
                             dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc))
        assert got["records_requested"].value == want, (tick_fine, got["records_requested"])
