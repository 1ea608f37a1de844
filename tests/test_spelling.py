"""OCR slips in free text mended against the English word list; what is not English is left as read."""

from __future__ import annotations

from pipeline import normalize as N
from pipeline import spelling as S
from pipeline.spelling import MENDED_QUALITY, Mended, mend, mend_word


def test_clear_slips_become_the_word_in_the_same_case() -> None:
    assert mend("REMOVE THiS DIAQNOS(S").text == "REMOVE THiS DIAGNOSIS"
    assert mend("Entered in Erzor").text == "Entered in Error"
    assert mend("Phacwacy record attached").text == "Pharmacy record attached"
    assert mend("Lega1 proceedlngs").text == "Legal proceedings"
    assert mend("Falher").text == "Father"
    assert mend("Completion of lrealmenl").text == "Completion of treatment"  # l read for t, throughout


def test_words_numbers_and_ambiguous_slips_stay_as_read() -> None:
    for token in ("Spouse", "claim", "UST", "A1C", "2024", "kdamico@aol.com", "O'Brien", "Valdez-Gilbert", "Apt."):
        assert mend_word(token) is None, token
    assert mend("Continuity of care").changed == 0


def test_free_text_is_mended_and_less_sure_but_a_place_is_not() -> None:
    plain = N.free_text("Disability claim")
    mended = N.free_text("Disabilty claim")
    assert mended.value == "Disability claim"
    assert mended.quality == plain.quality * MENDED_QUALITY
    assert N.free_text("Noahland", mend=False).value == "Noahland"


def test_a_pronoun_i_read_as_l_and_run_into_its_verb_is_parted() -> None:
    """Tesseract reads a typed "I moved" as "lmoved": no word, while "moved" is one. A word that is one with its
    "l" ("lowered", "lam") or not one without it ("ldentify") is not parted."""
    assert mend("lmoved last year") == Mended("I moved last year", 1)
    assert mend("Note says lrefused the flu vaccine").text == "Note says I refused the flu vaccine"
    for token in ("Lowered", "lam", "ldentify", "I"):
        assert mend_word(token) is None or not mend_word(token).startswith("I "), token


def test_a_sentence_opening_with_a_one_before_a_verb_opens_with_the_pronoun() -> None:
    assert S.mend("1 moved last year").text == "I moved last year"
    assert S.mend("l have never smoked").text == "I have never smoked"
    assert S.mend("1 tablet daily").text == "1 tablet daily"  # a number before a noun stays


def test_a_pronoun_another_reader_kept_is_told_from_a_stray_letter() -> None:
    assert S.pronoun_lost("moved last year", "L moved last year")
    assert S.pronoun_lost("was never prescribed", "I was never prescribed")
    assert not S.pronoun_lost("Street address", "L Street address")  # no verb after it: not the pronoun
    assert not S.pronoun_lost("moved last year", "moved last year")
