"""Check-box groups: where an option's box is looked for."""

from __future__ import annotations

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
