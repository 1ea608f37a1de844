"""Question labels with the answer on the rule beneath, under a row of boxed cells (a layout we had not drawn).

The page is drawn here by us, faxed at 204 x 196 dpi and read with the real
Tesseract; no value is taken from a real form.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.extract import extract_fields
from tests.pages import FONT, faxed_page

DPI = 300


def _page(first: str = "Which entry do you believe is wrong or incomplete?") -> Image.Image:
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    big = ImageFont.truetype(FONT, 60)
    small = ImageFont.truetype(FONT, 28)
    label = ImageFont.truetype(FONT, 38)
    value = ImageFont.truetype(FONT, 48)
    d.text((900, 300), "Amendment Request", font=big, fill=0)
    # a row of cells: small label at the top, value below, box drawn round it
    for x0, x1, lab, val in ((90, 1190, "Name", "Morgan T. Ellis"), (1190, 2300, "Date of birth", "03/14/1979")):
        d.rectangle((x0, 500, x1, 620), outline=0, width=4)
        d.text((x0 + 12, 508), lab, font=small, fill=0)
        d.text((x0 + 20, 550), val, font=value, fill=0)
    questions = ((first, "Allergy list shows penicillin"),
                 ("How should the record be changed?", "Remove the penicillin allergy"),
                 ("Why is the information incorrect or incomplete?", "I have never been allergic"))
    y = 700
    for q, a in questions:
        d.text((90, y), q, font=label, fill=0)
        d.text((110, y + 70), a, font=value, fill=0)
        d.line((90, y + 135, 2300, y + 135), fill=0, width=3)
        y += 260
    d.line((130, y + 100, 1400, y + 100), fill=0, width=3)
    d.line((200, y + 80, 320, y + 40, 420, y + 90, 560, y + 30, 700, y + 85), fill=0, width=5)  # signature ink
    d.text((90, y + 110), "Patient / Guardian Signature", font=small, fill=0)
    return im


@pytest.mark.slow
def test_answers_under_their_questions_and_a_shared_signature_line(tmp_path: Path) -> None:
    page = faxed_page(tmp_path / "amend.tif", _page())
    got = extract_fields("amendment_request", [page], ["form"], dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc))
    for field, words in (("requested_change", {"remove", "penicillin"}), ("reason", {"never", "allergic"})):
        assert field in got, field
        text = str(got[field].value).lower()
        assert words <= set(text.split()), (field, text)
        x0, y0, x1, y1 = got[field].bbox  # the box holds the value's ink, not the question's
        value_ink = page.image[int(y0):int(y1), int(x0):int(x1)] < 128
        assert value_ink.mean() > 0.01
        question = [w for w in page.words if w.text.lower().startswith("should" if field == "requested_change" else "incorrect")]
        assert question and all(w.y1 <= y0 + 4 or w.y0 >= y1 for w in question)
    assert got["signature_present"].value is True


@pytest.mark.slow
def test_the_printed_rest_of_a_prompt_is_not_its_answer(tmp_path: Path) -> None:
    """Our wording "Information you believe is incorrect" matches only the start of this prompt; its printed
    rest ("or incomplete") must not be read as the value, which is on the rule beneath."""
    page_im = _page("Information you believe is incorrect or incomplete")
    page = faxed_page(tmp_path / "amend.tif", page_im)
    got = extract_fields("amendment_request", [page], ["form"], dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc))
    text = str(got["information_to_amend"].value).lower()
    assert {"allergy", "penicillin"} <= set(text.split()) and "incomplete" not in text, text


def test_a_prompt_s_last_word_with_a_tail_is_still_the_prompt_s() -> None:
    """The words and boxes Tesseract gave for a dev fax's prompt (a serif face): "incomplete", its "p" hanging
    below the line, stands 26 px tall among 19 px words, and had been left out of the label and read as the
    value."""
    import numpy as np

    from pipeline import extract as E
    from pipeline.pages import Page, Word

    boxes = [("Information", (120, 837, 244, 856)), ("you", (253, 842, 290, 861)), ("believe", (298, 837, 371, 856)),
             ("is", (380, 836, 395, 856)), ("incorrect", (404, 836, 497, 857)), ("or", (505, 842, 527, 856)),
             ("incomplete", (535, 836, 650, 862))]
    words = [Word(text=t, conf=0.96, bbox=b, line_key=(1, 1, 1)) for t, b in boxes]
    page = Page(number=1, image=np.full((2244, 1728), 255, np.uint8), dpi=204.0, words=words)
    ctx = E._page_ctx(page, 0)
    E.resolve_fields([ctx], set(E.FIELDS["amendment_request"]))
    (lab,) = [lab for lab in ctx.labels if lab.field == "information_to_amend"]
    assert lab.end == len(boxes)  # "or incomplete" is part of the label


@pytest.mark.parametrize("rest", [[("or", 0.96), ("incomplete", 0.04)],  # a fine-mode fax: the last word unsure
                                  [("of", 0.78), ("incomplete", 0.94)]])  # a standard-mode one: "or" read "of"
def test_the_printed_rest_of_a_prompt_tesseract_is_unsure_of_is_still_the_prompt_s(rest) -> None:
    """Print Tesseract is unsure of continues the prompt when its words are English ("of incomplete" had been
    read as the value); an unsure word no list holds is not swallowed."""
    import numpy as np

    from pipeline import extract as E
    from pipeline.pages import Page, Word

    boxes = [("Information", (164, 1228, 348, 1258), 0.96), ("you", (360, 1237, 415, 1266), 0.96),
             ("believe", (426, 1228, 535, 1258), 0.95), ("is", (547, 1228, 569, 1256), 0.95),
             ("incorrect", (583, 1228, 719, 1258), 0.96)]
    boxes += [(t, b, c) for (t, c), b in zip(rest, [(731, 1237, 763, 1258), (775, 1229, 944, 1267)])]

    def label_end(items) -> int:
        words = [Word(text=t, conf=c, bbox=b, line_key=(1, 1, 1)) for t, b, c in items]
        page = Page(number=1, image=np.full((3300, 2550), 255, np.uint8), dpi=300.0, words=words)
        ctx = E._page_ctx(page, 0)
        E.resolve_fields([ctx], set(E.FIELDS["amendment_request"]))
        (lab,) = [lab for lab in ctx.labels if lab.field == "information_to_amend"]
        return lab.end

    assert label_end(boxes) == len(boxes)
    garbled = boxes[:-1] + [("incomqlcte", boxes[-1][1], 0.04)]
    assert label_end(garbled) == len(boxes) - 1
