"""Form titles as evidence of the form type: matching, and what it does to a faxed page's class.

Titles here are written by us in the ways providers word them; none is copied
from a real form.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.classify import classify_pages, with_title
from pipeline.load import load_pages
from pipeline.prepare import prepare_page
from pipeline.settings import Settings
from pipeline.titles import match_title, title_lines
from tests.pages import FONT, fax_frame, write_fax


@pytest.mark.parametrize(("lines", "expected"), [
    (["Lakeside Clinic", "NOTICE OF REVOCATION"], "revocation"),
    (["Revoking a Release of Information Authorization"], "revocation"),
    (["Request to Amend Protected Health Information"], "amendment_request"),
    (["Request for Correction of My Medical Record"], "amendment_request"),
    (["Adolescent MyChart Access Agreement"], "minor_portal_authorization"),
    (["Teen (12-17) Port Access Agreement"], "minor_portal_authorization"),  # OCR dropped "al"
    (["Patient Portal Proxy Access Request"], "portal_proxy_authorization"),
    (["Request for Copies of My Health Records"], "access_request"),
    (["Patient Request to Inspect Records"], "access_request"),
    (["AUTHORIZATION FOR USE AND DISCLOSURE", "OF PROTECTED HEALTH INFORMATION"], "third_party_authorization"),
    (["Authonzation to Release Records"], "third_party_authorization"),  # OCR broke a letter
    (["Medical Information Release Form"], "third_party_authorization"),
])
def test_titles_name_their_form_type(lines: list[str], expected: str) -> None:
    cue = match_title(lines)
    assert cue is not None and cue.form_type == expected


@pytest.mark.parametrize("lines", [
    ["RE: Revocation of authorization"],  # a subject line says what a letter is about
    ["Laboratory Report", "COMPREHENSIVE METABOLIC PANEL"],
    ["NOTICE OF PRIVACY PRACTICES"],
    ["FAX COVER SHEET", "CONFIDENTIAL"],
    ["SUBPOENA DUCES TECUM"],
])
def test_other_titles_name_nothing(lines: list[str]) -> None:
    assert match_title(lines) is None


def test_title_evidence_moves_the_odds_but_not_a_sure_class() -> None:
    unsure = {"third_party_authorization": 0.5, "revocation": 0.1, "other_doc": 0.4}
    assert max(with_title(unsure, "revocation").items(), key=lambda kv: kv[1])[0] == "revocation"
    sure_cover = {"cover_sheet": 0.995, "revocation": 0.0001, "other_doc": 0.0049}
    assert max(with_title(sure_cover, "revocation").items(), key=lambda kv: kv[1])[0] == "cover_sheet"


def _form_page(title: str, body: list[str], dpi: int = 300) -> Image.Image:
    w, h = int(8.5 * dpi), int(11 * dpi)
    im = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(im)
    big, small = ImageFont.truetype(FONT, int(18 * dpi / 72)), ImageFont.truetype(FONT, int(10 * dpi / 72))
    d.text((int(0.9 * dpi), int(0.7 * dpi)), "Lakeside Family Health", font=small, fill=0)
    d.text((int(2.0 * dpi), int(1.2 * dpi)), title, font=big, fill=0)
    y = int(2.0 * dpi)
    for line in body:
        d.text((int(0.9 * dpi), y), line, font=small, fill=0)
        y += int(0.4 * dpi)
    return im


BODY = [
    "Patient name: ______________________   Date of birth: ____________",
    "Medical record number: ____________   Phone: ____________________",
    "Name of the person or organization: ______________________________",
    "Date the authorization was signed: ______________",
    "Signature of patient or representative: ______________________  Date: ________",
    "Printed name: ______________________   Relationship: ____________",
]


@pytest.mark.slow
def test_a_faxed_revocation_of_a_layout_never_seen_is_told_by_its_title(tmp_path: Path) -> None:
    """The body is labels any form has; the title alone says it is a revocation."""
    path = write_fax(tmp_path / "rev.tif", [fax_frame(_form_page("Notice of Revocation", BODY), fine=True)], fine=True)
    (raw,) = list(load_pages(path, max_pages=5, max_pixels=10**8))
    page = prepare_page(raw)
    assert any("Revocation" in line for line in title_lines(page.words, page.height))
    (pc,) = classify_pages([page], Settings().model_dir)
    assert pc.title == "revocation"
    assert pc.label == "revocation"


@pytest.mark.parametrize(("text", "introduces"), [
    ("Enclosed please find a signed HIPAA authorization for our client.", True),
    ("I have filled out your form and attached a copy of my ID.", True),
    ("Please call me if anything else is needed. Thank you.", False),
])
def test_letters_that_introduce_a_form(text: str, introduces: bool) -> None:
    from pipeline.classify import _INTRODUCES

    assert bool(_INTRODUCES.search(text)) is introduces
