"""A purpose ticked from the form's own printed answers: drawn by us, faxed, read by Tesseract.

None of the answers below is a listed purpose (``hand_lexicon.PURPOSES``) or an option wording of
``labels.json``: the answers are found by their layout, and the value is the ticked one's own words.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import option_list
from pipeline.extract import extract_fields
from pipeline.pages import Word
from tests.pages import FONT, faxed_page

DPI = 300
ANSWERS = ["Tribal enrollment", "Guardianship hearing", "Vaccine exemption", "Camp nurse review",
           "Adoption home study", "Foster placement"]
RECEIVED = dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)


def _page(tick: int | None, style: str) -> Image.Image:
    """An authorization's purpose question, its answers three to a row behind boxes or written blanks."""
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    d.text((420, 250), "Authorization to Release Health Information", font=ImageFont.truetype(FONT, 56), fill=0)
    font = ImageFont.truetype(FONT, 40)
    d.text((120, 480), "Purpose of the disclosure:", font=font, fill=0)
    for i, text in enumerate(ANSWERS):
        x, y = 140 + (i % 3) * 760, 580 + (i // 3) * 100
        if style == "box":
            d.rectangle((x, y, x + 40, y + 40), outline=0, width=4)
            if i == tick:
                d.line((x + 5, y + 20, x + 16, y + 36, x + 36, y + 4), fill=0, width=7)
            d.text((x + 62, y - 2), text, font=font, fill=0)
        else:  # a written blank before each answer, an X on the chosen one's
            d.line((x, y + 40, x + 70, y + 40), fill=0, width=3)
            if i == tick:
                d.line((x + 15, y + 2, x + 55, y + 38), fill=0, width=6)
                d.line((x + 55, y + 2, x + 15, y + 38), fill=0, width=6)
            d.text((x + 78, y - 2), text, font=font, fill=0)
    d.text((120, 900), "Expiration date: 12/31/2026", font=font, fill=0)
    return im


@pytest.mark.slow
@pytest.mark.parametrize("style", ["box", "blank"])
def test_the_ticked_answer_s_own_words_are_the_purpose(tmp_path: Path, style: str) -> None:
    for tick in (1, 5):
        page = faxed_page(tmp_path / f"auth{tick}.tif", _page(tick, style))
        got = extract_fields("third_party_authorization", [page], ["form"], RECEIVED)
        purpose = got["purpose"]
        assert purpose.value == ANSWERS[tick], (style, tick, purpose)
        assert purpose.confidence < 0.85  # the layout was read as a list of answers: a person confirms it
        # the box holds the answer's words, as OCR placed them on the stored page
        first, last = ANSWERS[tick].split()[0], ANSWERS[tick].split()[-1]
        (a,) = [w.bbox for w in page.words if w.text.endswith(first)]
        (b,) = [w.bbox for w in page.words if w.text == last]
        x0, y0, x1, y1 = purpose.bbox
        assert x0 <= a[2] and x1 >= b[2] - 2 and y0 <= (a[1] + a[3]) / 2 <= y1, (purpose.bbox, a, b)


@pytest.mark.slow
def test_an_unticked_list_of_answers_is_no_purpose(tmp_path: Path) -> None:
    page = faxed_page(tmp_path / "auth.tif", _page(None, "box"))
    got = extract_fields("third_party_authorization", [page], ["form"], RECEIVED)
    assert "purpose" not in got, got.get("purpose")


def _row(*texts: str, y: float = 100.0, conf: float = 0.95) -> list[Word]:
    """Words of one printed row, 20 px per letter, a space of 20 px between words."""
    out, x = [], 100.0
    for t in texts:
        out.append(Word(t, conf, (x, y, x + 20 * len(t), y + 30)))
        x += 20 * len(t) + 20
    return out


def test_answers_are_parted_by_glyphs_and_blanks_run_into_words() -> None:
    row = _row("___Legal", "proceedings", "_—", "Second", "opinion__", "Attorney", "review")
    got = option_list.answers([row])
    assert [a.text for a in got] == ["Legal proceedings", "Second opinion", "Attorney review"]
    # each answer's check box may reach back only to the letters of the answer before it
    assert got[0].box[0] > row[0].x0 and got[2].left < row[4].x1


def test_a_written_sentence_or_handwriting_is_not_a_list_of_answers() -> None:
    assert option_list.answers([_row("To", "send", "to", "my", "lawyer", "for", "the", "custody", "case")]) == []
    # three runs parted by gaps, but read as a hand's letters are (low confidence)
    hand = _row("Sckool", "___", "enrolmnt", "___", "forms", conf=0.4)
    assert option_list.answers([hand]) == []
    # a date written in is a value, not a printed answer
    assert option_list.answers([_row("Legal", "__", "Court", "__", "03/16/2022")]) == []


def _captions_under_rules() -> Image.Image:
    """A form whose values sit on rules with their captions under them: the purpose's caption is followed by
    the next section's heading ("SECTION F - EXPIRATION") and that section's first value."""
    im = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    d = ImageDraw.Draw(im)
    head, cap, val = (ImageFont.truetype(FONT, s) for s in (44, 30, 40))
    d.text((420, 250), "Authorization to Release Health Information", font=ImageFont.truetype(FONT, 56), fill=0)
    d.text((150, 450), "SECTION E - PURPOSE", font=head, fill=0)
    d.text((170, 560), "SOCIAL SECURITY DISABILITY", font=val, fill=0)
    d.line((160, 610, 1500, 610), fill=0, width=3)
    d.text((170, 620), "Purpose of use or disclosure", font=cap, fill=0)
    d.text((150, 720), "SECTION F - EXPIRATION", font=head, fill=0)
    d.text((170, 830), "SETTLEMENT OF CLAIM", font=val, fill=0)
    d.line((160, 880, 1500, 880), fill=0, width=3)
    d.text((170, 890), "Expires on this event", font=cap, fill=0)
    return im


@pytest.mark.slow
def test_a_section_heading_under_a_written_purpose_is_no_list_of_answers(tmp_path: Path) -> None:
    """The heading's dash is no box and its first word has nothing printed before it to tick."""
    page = faxed_page(tmp_path / "auth.tif", _captions_under_rules())
    got = extract_fields("third_party_authorization", [page], ["form"], RECEIVED)
    assert got["purpose"].value.upper() == "SOCIAL SECURITY DISABILITY", got["purpose"]


def test_a_dash_between_words_does_not_part_answers() -> None:
    assert option_list.answers([_row("SECTION", "F", "-", "EXPIRATION"), _row("Settlement", "of", "claim")]) == []


def test_the_next_question_s_prompt_ends_the_answers() -> None:
    rows = [_row("[]", "Insurance", "claim", "[]", "Attorney", "review", "[]", "School", "enrollment"),
            _row("When", "does", "this", "authorization", "end?")]
    assert [a.text for a in option_list.answers(rows)] == ["Insurance claim", "Attorney review", "School enrollment"]
