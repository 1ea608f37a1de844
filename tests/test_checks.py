"""Check-box groups: where an option's box is looked for."""

from __future__ import annotations

import pytest

from pipeline.extract import Line, _phrase_start
from pipeline.pages import Word


def test_option_box_is_left_of_the_whole_phrase() -> None:
    """ "Medical imaging" matched as "imaging": the box is looked for left of "Medical", past the box glyph.

    Word boxes as OCR'd on a faxed form (dev diagnosis: the word "Medical" read as a ticked box).
    """
    words = [Word("O", 0.88, (130, 1040, 154, 1064)), Word("Medical", 0.95, (168, 1045, 256, 1066)),
             Word("imaging", 0.96, (263, 1046, 352, 1070))]
    assert _phrase_start(Line(words, [0, 1, 2]), 2) == 1
    # a box glyph that reads as a word ("Cl") is not part of the phrase
    words[0] = Word("Cl", 0.9, (130, 1040, 154, 1064))
    assert _phrase_start(Line(words, [0, 1, 2]), 2) == 1
    # words a column apart are not one phrase
    far = [Word("Records", 0.95, (168, 1045, 256, 1066)), Word("imaging", 0.96, (400, 1046, 489, 1070))]
    assert _phrase_start(Line(far, [0, 1]), 1) == 1
    # nor is an unsure word
    unsure = [Word("Medlcal", 0.5, (168, 1045, 256, 1066)), Word("imaging", 0.96, (263, 1046, 352, 1070))]
    assert _phrase_start(Line(unsure, [0, 1]), 1) == 1



@pytest.mark.slow
def test_an_option_s_wording_inside_a_sentence_is_no_box_to_tick(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A synthesised authorization faxed in standard mode: "All records" ticked, and under the list a printed
    sentence holding an option's wording ("To revoke consent for substance use disorder records, submit ...").
    The sentence's "consent for" read as a ticked box: "substance use treatment" requested at 0.97, a confident
    wrong list. A word where an option's box would be means there is no box."""
    import pickle

    from pipeline.extract import extract_document
    from tests.test_extract_eval import build

    out = build(("third_party_authorization", "willow", 10671, "std", "handwritten", str(tmp_path / "d.pkl"), ""))
    with open(out, "rb") as fh:
        r = pickle.load(fh)
    ex = extract_document(r["form_type"], r["pages"], r["roles"], r["received_at"])
    assert r["fields"]["records_requested"] == ["all_records"]
    assert ex.fields["records_requested"].value == ["all_records"]
