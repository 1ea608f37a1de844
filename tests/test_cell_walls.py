"""Cells a fax joined are still parted by the wall between them.

A fax dropped pieces of a row of cells' rules, so the telephone's cell and the e-mail's beside it were one
free area; the e-mail, read from that whole area, took the phone in: "l970-207-8709djones@comcast.net"
(split seed 11300). The last wall standing left of the caption bounds its value; one right of it does not
(the value may be in the cell after the caption's own).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from pipeline.extract import extract_fields
from tests.pages import FONT, faxed_page, form_sheet

RECEIVED = dt.datetime(2026, 4, 2, tzinfo=dt.timezone.utc)


def _form() -> Image.Image:
    """A portal authorization's row of two boxes, "Telephone" and "E-mail Address", captions at their tops
    and values typed below, the wall between them stopping short of the bottom rule; under them "Date of
    Birth" in a cell of its own and its value in the next, the wall between them stopping short too."""
    im, d = form_sheet("Proxy Access to a Patient Portal Account", 300)
    cap, value = ImageFont.truetype(FONT, 28), ImageFont.truetype(FONT, 44)
    d.text((170, 830), "About the Patient", font=ImageFont.truetype(FONT, 34), fill=0)
    d.rectangle((160, 900, 2350, 1060), outline=0, width=3)
    d.rectangle((160, 1060, 2350, 1300), outline=0, width=3)
    d.line((600, 1060, 600, 1190), fill=0, width=3)  # a caption's cell, its value in the next; 110 px lost
    d.text((175, 1075), "Date of Birth", font=cap, fill=0)
    d.text((630, 1150), "03/14/1971", font=value, fill=0)
    d.line((1200, 900, 1200, 990), fill=0, width=3)  # the wall's end a fax lost: 70 px
    d.text((175, 910), "Telephone", font=cap, fill=0)
    d.text((190, 975), "970-207-8709", font=value, fill=0)
    d.text((1215, 910), "E-mail Address", font=cap, fill=0)
    d.text((1230, 975), "djones@comcast.net", font=value, fill=0)
    return im


@pytest.mark.slow
def test_the_wall_beside_a_caption_bounds_its_value_in_cells_a_fax_joined(tmp_path: Path) -> None:
    from pipeline.extract import _page_ctx
    page = faxed_page(tmp_path / "proxy.tif", _form())
    ctx = _page_ctx(page, 0)
    phone = ctx.geo.cell_at(300 * page.width / 2550, 1000 * page.height / 3300)
    assert phone is not None and phone[2] > 1300 * page.width / 2550  # the two cells are one free area
    got = extract_fields("portal_proxy_authorization", [page], ["form"], RECEIVED)
    assert got["patient_email"].value == "djones@comcast.net", got.get("patient_email")
    assert got["patient_phone"].value == "9702078709", got.get("patient_phone")
    assert got["patient_dob"].value == "1971-03-14", got.get("patient_dob")  # a wall right of a caption
