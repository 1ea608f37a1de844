"""Values inside sentences and letters, and batched region OCR (no page OCR needed: words are built by hand)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from pipeline import extract_inline as I
from pipeline.extract_ocr import RegionOCR
from pipeline.pages import Word

RECEIVED = dt.datetime(2026, 3, 2, 10, 0)


def _doc(*lines: str, page: int = 1) -> I.DocText:
    rows = []
    for y, ln in enumerate(lines):
        x = 0
        ws = []
        for t in ln.split():
            ws.append(Word(t, 0.95, (x, y * 40, x + 20 * len(t), y * 40 + 30), (y, 1, 1)))
            x += 20 * len(t) + 12
        rows.append(ws)
    return I.DocText.build([(page, rows)])


def test_disclosing_party_inline() -> None:
    h = I.disclosing_party(_doc("| authorize Canyon Lake Dental Group to disclose information from my record."))
    assert h is not None and h.value == "Canyon Lake Dental Group" and h.confidence < 0.85
    assert h.bbox[0] > 0  # box starts at the name, not at "I authorize"
    assert I.disclosing_party(_doc("I authorize the use or disclosure of my health information as follows")) is None


def test_disclosing_party_in_plain_language() -> None:
    """ "I give ⟨party⟩ permission to share", "I give permission for ⟨party⟩ to release", "I allow ⟨party⟩ to send"."""
    for text in ["I give Canyon Lake Dental Group permission to share my health information as described here.",
                 "I give my permission for Canyon Lake Dental Group to release the records below.",
                 "I allow Canyon Lake Dental Group to send my records to the person named below."]:
        h = I.disclosing_party(_doc(text))
        assert h is not None and h.value == "Canyon Lake Dental Group" and h.confidence < 0.85, text
    assert I.disclosing_party(_doc("I give permission to share my records with my family.")) is None


def test_disclosing_party_when_ocr_reads_the_i_as_a_bracket() -> None:
    """Tesseract reads a lone serif "I" at the start of a line as "(" or "[": "(give ⟨party⟩ permission..."."""
    for text in ["(give Canyon Lake Dental Group permission to share my health information.",
                 "[ authorize Canyon Lake Dental Group to release my records."]:
        h = I.disclosing_party(_doc(text))
        assert h is not None and h.value == "Canyon Lake Dental Group", text
    assert I.disclosing_party(_doc("(see page 2) to share my records")) is None


def test_disclosing_party_when_ocr_glues_the_i_to_the_verb() -> None:
    """A faxed serif "I authorize" came back as one word, "Tauthorize" (or "Iauthorize")."""
    for text in ["Tauthorize Summit Valley Dental & Medical Group to disclose my health information as follows.",
                 "Iauthorize Summit Valley Dental & Medical Group to disclose my health information.",
                 "T authorize Summit Valley Dental & Medical Group to disclose my health information as follows."]:
        h = I.disclosing_party(_doc(text))
        assert h is not None and h.value == "Summit Valley Dental & Medical Group", text
    assert I.disclosing_party(_doc("Tpermit nothing to disclose")) is None  # only "authorize" takes a glued I
    assert I.disclosing_party(_doc("T permit nothing to disclose")) is None


def test_revocation_letter_sentences() -> None:
    d = _doc("Effective 12/14/2025, I revoke the authorization to release my records naming",
             "Sanchez Law Group that I signed on 4/28/2025. Patient: Janet Forbes, DOB 5/7/1945,",
             "phone (702) 620-1692.")
    phrases = {"authorization": ["authorization to release my records", "authorization"],
               "portal_proxy": ["proxy access to my patient portal"]}
    assert I.revokes(d, phrases).value == "authorization"
    assert I.effective_date(d, RECEIVED).value == "2025-12-14"
    assert I.original_date(d, RECEIVED).value == "2025-04-28"
    assert I.revoked_party(d).value == "Sanchez Law Group"
    assert I.dob_in_text(d, RECEIVED).value == "1945-05-07"
    assert I.phone_in_text(d).value == "7026201692"


def test_letter_head_and_signer() -> None:
    d = _doc("Janet L. Forbes", "267 Stanley Hill, North Markburgh, VA 92992", "12/12/2025", "Dear Sir or Madam:")
    rows = [[w for _, _, _, w in d.spans if w.line_key[0] == y] for y in range(4)]
    head = I.letter_head(1, rows, RECEIVED)
    assert head["patient_name"].value == "Janet L. Forbes"
    assert head["patient_address"].value.endswith("VA 92992")
    assert head["signature_date"].value == "2025-12-12"
    signer = I.letter_signer(1, rows[:1], -1)
    assert signer["signer_name"].value == "Janet L. Forbes"


def test_region_ocr_collects_then_serves_in_one_call() -> None:
    ocr = RegionOCR()
    blank = np.full((40, 200), 255, np.uint8)
    assert ocr.read(1, (0, 0, 200, 40), blank, 300, "any") == ("", 0.0)  # no ink: nothing to read
    ink = blank.copy()
    ink[10:30, 20:180] = 0
    ocr.read(1, (0, 50, 200, 90), ink, 300, "any")
    ocr.read(1, (0, 100, 200, 140), ink, 300, "phone")
    ocr.run()
    assert ocr.calls == 2 and not ocr.collecting
    assert (1, (0, 50, 200, 90), "any") in ocr.results


def test_a_date_in_a_sentence_with_a_digit_read_as_a_letter_is_still_found() -> None:
    """A pen's 1 read as "!" in a letter's "My date of birth is 1968-1!-07" (a synthetic revocation letter): the
    sentence's date is found and mended, never surely."""
    d = _doc("Daniel Horn should no longer receive my health information. My date of birth is 1968-1!-07 and",
             "my medical record number is 6854741. This revocation is effective 2/2l/2026.")
    dob = I.dob_in_text(d, RECEIVED)
    assert dob is not None and dob.value == "1968-11-07" and dob.confidence < 0.85
    eff = I.effective_date(d, RECEIVED)
    assert eff is not None and eff.value == "2026-02-21" and eff.confidence < 0.85
    assert I.dob_in_text(_doc("My date of birth is on file."), RECEIVED) is None


def test_a_speck_read_as_a_stop_between_signed_and_on_still_leads_to_the_date() -> None:
    """"signed. on" (a synthetic handwritten revocation letter, a pen's speck after "signed")."""
    d = _doc("Please accept this letter as my written revocation of the proxy access I signed. on",
             "2024-09-22 . Kent Grant should no longer receive my health information.")
    got = I.original_date(d, RECEIVED)
    assert got is not None and got.value == "2024-09-22"


def test_a_pen_s_5_read_as_s_in_a_letter_s_date_is_mended() -> None:
    """"signed on OS-25-25" (a synthetic handwritten revocation letter: "05-25-25")."""
    d = _doc("I revoke the portal authorization for my child naming Dustin H. Roberson that I",
             "signed on OS-25-25 . Patient: Roberto Marquez")
    got = I.original_date(d, RECEIVED)
    assert got is not None and got.value == "2025-05-25" and got.confidence < 0.85
