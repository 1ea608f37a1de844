"""A caption one word of which a fax left unreadable is still a caption: drawn by us, faxed, read by Tesseract.

"Date previously signed" is no listed wording; its stems name the original authorization's date (a
concept, ``label_concepts``). With "signed" broken up (pixel columns lost, specks), Tesseract reads it as a
word of three or four letters at 0.2-0.3 and the run was no longer taken for printed label words.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.extract import extract_fields
from tests.pages import FONT, faxed_page

RECEIVED = dt.datetime(2026, 4, 2, tzinfo=dt.timezone.utc)


def _form(first_lost: int, step: int, specks: float) -> Image.Image:
    """A revocation form, each value typed on a rule with its caption under it; the caption word "signed"
    broken: every ``step``-th pixel column from ``first_lost`` cleared, a ``specks`` share of its pixels inked."""
    im = Image.new("L", (2550, 3300), 255)
    d = ImageDraw.Draw(im)
    caption, value = ImageFont.truetype(FONT, 30), ImageFont.truetype(FONT, 40)
    d.text((700, 250), "Revocation of Authorization", font=ImageFont.truetype(FONT, 56), fill=0)
    for k, (cap, val) in enumerate((("Patient name", "Ann Lopez"), ("Date previously signed", "03/14/2025"),
                                    ("Effective date", "04/01/2026"))):
        y = 500 + 200 * k
        d.text((170, y), val, font=value, fill=0)
        d.line((160, y + 55, 1100, y + 55), fill=0, width=3)
        d.text((170, y + 65), cap, font=caption, fill=0)
    x0 = 170 + int(d.textlength("Date previously ", font=caption))
    x1 = 170 + int(d.textlength("Date previously signed", font=caption))
    a = np.array(im)
    word = a[765:800, x0:x1]
    word[:, first_lost::step] = 255
    word[np.random.default_rng(1).random(word.shape) < specks] = 0
    return Image.fromarray(a)


@pytest.mark.slow
@pytest.mark.parametrize(("first_lost", "step", "specks"), [(1, 3, 0.2), (0, 5, 0.3)])
def test_a_caption_with_one_word_garbled_still_leads_to_its_value(tmp_path: Path, first_lost: int, step: int,
                                                                  specks: float) -> None:
    page = faxed_page(tmp_path / "revoke.tif", _form(first_lost, step, specks))
    got = extract_fields("revocation", [page], ["form"], RECEIVED)
    assert got["original_authorization_date"].value == "2025-03-14", got.get("original_authorization_date")
    assert got["effective_date"].value == "2026-04-01"
