"""Whose signature: a bare "Signature" that is only the word OCR kept of a longer caption.

On a dithered standard-mode fax a caption's first word can come back as
noise ("Minas' Signature" for "Minor's Signature") while "Signature" reads
clean: the bare word names no signer, and the minor's signature was lost.
The caption's pixels, read whole, say whose it is; the value stays unsure
(the caption was named by its pixels). A form without that signer keeps the
bare reading.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.clean import CleanOptions
from pipeline.extract import extract_fields
from pipeline.load import load_pages
from pipeline.prepare import prepare_page
from tests.pages import FONT, write_fax

RECEIVED = dt.datetime(2026, 7, 2, tzinfo=dt.timezone.utc)
SURE = 0.85


def _portal_form(lost_gray: int) -> Image.Image:
    """A minor's portal authorization at 300 dpi with two signing rows; the minor's caption's first word printed
    grey (``lost_gray``), as a light print comes through a fax's dithering."""
    im = Image.new("L", (2550, 3300), 255)
    d = ImageDraw.Draw(im)
    body, small = ImageFont.truetype(FONT, 44), ImageFont.truetype(FONT, 33)  # 8-point captions
    d.text((250, 250), "Authorization for Portal Access - Patient Age 12 to 17", font=ImageFont.truetype(FONT, 56),
           fill=0)
    d.text((250, 450), "Name of Minor Patient: Avery Example", font=body, fill=0)
    d.text((250, 560), "Date of Birth: 04/12/2011", font=body, fill=0)
    y = 900
    rows = [("Minor's", " Signature", "06/29/2026", [(300, -60), (500, -20), (700, -70)]),
            ("", "Signature of Parent/Guardian", "06/30/2026", [(300, -40), (450, -80), (650, -30)])]
    for grey_word, caption, date, stroke in rows:
        d.line((250, y, 1500, y), fill=0, width=4)
        d.line((1650, y, 2300, y), fill=0, width=4)
        d.line([(250 + x, y + dy) for x, dy in [(0, -30)] + stroke + [(900, -50)]], fill=0, width=5)  # the pen
        d.text((1670, y - 60), date, font=body, fill=0)
        d.text((250, y + 12), grey_word, font=small, fill=lost_gray)
        d.text((250 + d.textlength(grey_word, font=small), y + 12), caption, font=small, fill=0)
        d.text((1650, y + 12), "Date", font=small, fill=0)
        y += 300
    return im


def _dithered_standard_fax(path: Path, im: Image.Image):  # type: ignore[no-untyped-def]
    """``im`` sent in standard mode (204 x 98 dpi) by a machine that dithers grey rather than thresholding it."""
    frame = im.resize((1728, round(im.height * 98 / 300)), Image.LANCZOS).convert("1")
    write_fax(path, [frame], fine=False)
    (raw,) = list(load_pages(path, max_pages=2, max_pixels=10**8))
    return prepare_page(raw, CleanOptions())


@pytest.mark.slow
def test_a_bare_signature_caption_is_named_whole_by_its_pixels(tmp_path: Path) -> None:
    page = _dithered_standard_fax(tmp_path / "portal.tif", _portal_form(lost_gray=120))
    first = min((w for w in page.words if w.text.startswith("Signature")), key=lambda w: w.y0)
    assert not any("minor" in w.text.lower() for w in page.words if abs(w.y0 - first.y0) < first.y1 - first.y0), \
        "OCR read the grey word: the page no longer tests a caption OCR lost"
    got = extract_fields("minor_portal_authorization", [page], ["form"], RECEIVED)
    sig, date = got.get("minor_signature_present"), got.get("minor_signature_date")
    assert sig is not None and sig.value is True and sig.confidence < SURE, sig
    assert date is not None and date.value == "2026-06-29" and date.confidence < SURE, date
    guardian = got.get("guardian_signature_date")
    assert guardian is not None and guardian.value == "2026-06-30", guardian

    # an authorization has no minor signing: the same caption is its signer's signature
    auth = extract_fields("third_party_authorization", [page], ["form"], RECEIVED)
    assert auth.get("signature_present") is not None and auth["signature_present"].value is True
