"""A value written past the end of its blank is read whole.

People write a long name past a short rule, and a fax may drop the rule's last piece under the value's last
word ("Client Name: Douglas ___ Allen", split seed 11400, read "Douglas"). The blank's region now runs on
over writing that continues past it, up to the next label and not over a wide gap.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from pipeline.extract import extract_fields
from tests.pages import FONT, faxed_page, form_sheet

RECEIVED = dt.datetime(2026, 4, 2, tzinfo=dt.timezone.utc)


def _form(name: str, rule: int, phone_at: int | None) -> Image.Image:
    """An access request: "Patient Name:" with a rule ``rule`` px long and ``name`` typed on it (running past
    a short one); a "Phone:" label at ``phone_at`` on the same row when given."""
    im, d = form_sheet("Patient Request for Records", 600)
    cap, value = ImageFont.truetype(FONT, 34), ImageFont.truetype(FONT, 42)
    x = 170 + int(d.textlength("Patient Name: ", font=cap))
    d.text((170, 900), "Patient Name:", font=cap, fill=0)
    d.line((x, 945, x + rule, 945), fill=0, width=3)
    d.text((x + 20, 895), name, font=value, fill=0)
    if phone_at is not None:
        d.text((phone_at, 900), "Phone:", font=cap, fill=0)
        px = phone_at + int(d.textlength("Phone: ", font=cap))
        d.line((px, 945, px + 400, 945), fill=0, width=3)
        d.text((px + 20, 895), "(303) 555-0142", font=value, fill=0)
    d.text((170, 1100), "Date of Birth:", font=cap, fill=0)
    dx = 170 + int(d.textlength("Date of Birth: ", font=cap))
    d.line((dx, 1145, dx + 500, 1145), fill=0, width=3)
    d.text((dx + 20, 1095), "03/14/1971", font=value, fill=0)
    return im


@pytest.mark.slow
@pytest.mark.parametrize(("name", "rule", "phone_at"), [
    ("Douglas Allen", 200, None),
    ("Alexandra Montgomery", 330, 1650),
])
def test_a_name_written_past_its_short_blank_is_read_whole(tmp_path: Path, name: str, rule: int,
                                                          phone_at: int | None) -> None:
    page = faxed_page(tmp_path / "access.tif", _form(name, rule, phone_at))
    got = extract_fields("access_request", [page], ["form"], RECEIVED)
    assert got["patient_name"].value == name, got.get("patient_name")
    if phone_at is not None:  # the next label's value is not taken in
        assert got["patient_phone"].value == "3035550142", got.get("patient_phone")


def _sentence_form(date: str) -> Image.Image:
    """A third-party authorization whose expiry is a blank inside a sentence that runs on after it, and whose
    event's blank is filled to its end with the sentence going on just after it, and whose legal-authority
    blank, left empty and ending in a dash, is followed by print."""
    im, d = form_sheet("Authorization to Release Health Information", 400)
    body, value = ImageFont.truetype(FONT, 32), ImageFont.truetype(FONT, 44)
    x = 170 + int(d.textlength("This authorization expires on ", font=body))
    d.text((170, 1000), "This authorization expires on", font=body, fill=0)
    d.line((x, 1040, x + 290, 1040), fill=0, width=3)
    d.text((x + 20, 990), date, font=value, fill=0)
    d.text((x + 310, 1000), "unless I revoke it sooner in writing.", font=body, fill=0)
    d.text((170, 1100), "or upon this event:", font=body, fill=0)
    ex = 170 + int(d.textlength("or upon this event: ", font=body))
    width = int(d.textlength("Settlement of claim", font=value))
    d.line((ex, 1140, ex + width, 1140), fill=0, width=3)
    d.text((ex + 5, 1090), "Settlement of claim", font=value, fill=0)  # filling its blank to the end
    d.text((ex + width + 16, 1100), ". If neither is given it expires one year from signing.", font=body, fill=0)
    d.text((170, 1200), "If signed by someone other than the patient, state your legal authority:", font=body, fill=0)
    ax = 170 + int(d.textlength("If signed by someone other than the patient, state your legal authority: ",
                                font=body))
    d.line((ax, 1240, ax + 200, 1240), fill=0, width=3)
    d.line((ax + 215, 1240, ax + 250, 1240), fill=0, width=3)  # a piece too short to be a rule: a dash
    d.text((ax + 270, 1200), "(attach a copy of the supporting document)", font=body, fill=0)
    return im


@pytest.mark.slow
def test_print_after_a_blank_is_not_taken_for_writing_that_runs_on(tmp_path: Path) -> None:
    """The sentence's print after a blank whose writing stops short, after one it fills (the print runs on
    too far to be writing), or after an empty blank, stays out."""
    page = faxed_page(tmp_path / "auth.tif", _sentence_form("04/28/2027"))
    got = extract_fields("third_party_authorization", [page], ["form"], RECEIVED)
    expiry = got["expiration_date"]
    assert expiry.value == "2027-04-28", expiry
    assert (expiry.bbox[2] - expiry.bbox[0]) * 2550 / page.width < 400, expiry.bbox  # the date's ink alone
    assert got["expiration_event"].value == "Settlement of claim", got.get("expiration_event")
    assert "representative_authority" not in got, got.get("representative_authority")
