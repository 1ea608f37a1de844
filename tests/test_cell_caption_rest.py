"""In a captioned box, the words on the caption's row before the matched label are the caption's rest.

A fax garbled "Patient" of the box's caption "Patient Name" (Tesseract read "Pavetl"); "Name" alone was
matched, and the garbled word, inside the box, was read into the name: "Pavetl Heather Williams" (split seed
11400), or, when the name still normalised, its box took in the caption. The value is never written
before its label on the label's row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFont

from pipeline.extract import extract_fields
from tests.pages import FONT, faxed_page, form_sheet

RECEIVED = dt.datetime(2026, 4, 2, tzinfo=dt.timezone.utc)


def _form(step: int, specks: float) -> Image.Image:
    """An access request whose fields are boxes, each caption at the box's top and the value typed below it;
    the word "Patient" of "Patient Name" broken: every ``step``-th pixel column cleared, ``specks`` inked."""
    im, d = form_sheet("Patient Request for Records", 600)
    caption, value = ImageFont.truetype(FONT, 30), ImageFont.truetype(FONT, 44)
    d.text((170, 820), "About the Patient", font=ImageFont.truetype(FONT, 32), fill=0)
    for k, (cap, val) in enumerate((("Patient Name", "Heather Williams"), ("Date of Birth", "03/14/1971"))):
        x = 170 + 1100 * k
        d.rectangle((x, 900, x + 1050, 1060), outline=0, width=3)
        d.text((x + 15, 912), cap, font=caption, fill=0)
        d.text((x + 30, 980), val, font=value, fill=0)
    x1 = 185 + int(d.textlength("Patient", font=caption))
    a = np.array(im)
    word = a[912:950, 185:x1]
    word[:, 1::step] = 255
    word[np.random.default_rng(2).random(word.shape) < specks] = 0
    return Image.fromarray(a)


@pytest.mark.slow
@pytest.mark.parametrize(("step", "specks"), [(3, 0.2), (2, 0.15)])
def test_a_garbled_caption_word_before_the_label_is_not_read_into_the_value(tmp_path: Path, step: int,
                                                                          specks: float) -> None:
    page = faxed_page(tmp_path / "access.tif", _form(step, specks))
    got = extract_fields("access_request", [page], ["form"], RECEIVED)
    name = got["patient_name"]
    assert name.value == "Heather Williams", name
    assert name.bbox[1] * 3300 / page.height > 950, name.bbox  # the box holds the typed name, not the caption
    assert got["patient_dob"].value == "1971-03-14"
