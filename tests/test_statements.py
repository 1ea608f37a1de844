"""Concept detection of the authorization statements and Part 2 elements (pipeline/statements.py).

Every sentence here is written for this test (paraphrases of what such forms say), never
copied from a real form.
"""

from __future__ import annotations

import pytest

from pipeline.statements import find_statements, find_sud_elements, tokenize, word_matches

REVOKE = [
    "You can withdraw this permission whenever you like by writing to our records office.",
    "I am aware that I may cancel this authorization at any time by sending written notice to the clinic.",
    "The patient may revoke this release in writing, except for records already sent.",
    "I have a right to rescind this authorization by notifying the privacy office in writing.",
]
CONDITION = [
    "Whether or not I sign this form will have no effect on my treatment or payment; the clinic will not "
    "condition care on my signature.",
    "I may decline to sign, and declining will not affect my eligibility for benefits or my care here.",
    "Signing is not required to receive services from Lakeview Clinic.",
    "The hospital will not deny treatment, payment or enrollment if I refuse to sign.",
]
REDISCLOSE = [
    "Once the records leave our office the recipient could share them again, and they might no longer be "
    "protected by federal privacy law.",
    "Anything released under this form may be re-disclosed by the receiving party and lose its HIPAA protection.",
    "If the person receiving my information is not bound by privacy rules, it may not be protected after release.",
    # plain language: no "redisclose", no "protected"
    "After we send your records, whoever gets them could share them again, and the privacy law may no longer "
    "protect them.",
]


class TestParaphrases:
    """GIVEN wordings no rule was written from WHEN judged THEN each statement is found, confidently."""

    @pytest.mark.parametrize("sentence", REVOKE)
    def test_revocation(self, sentence: str) -> None:
        m = find_statements(sentence)["statement_revocation"]
        assert m.present and m.confidence >= 0.85

    @pytest.mark.parametrize("sentence", CONDITION)
    def test_conditioning(self, sentence: str) -> None:
        m = find_statements(sentence)["statement_conditioning"]
        assert m.present and m.confidence >= 0.85

    @pytest.mark.parametrize("sentence", REDISCLOSE)
    def test_redisclosure(self, sentence: str) -> None:
        m = find_statements(sentence)["statement_redisclosure"]
        assert m.present and m.confidence >= 0.85

    def test_sentence_broken_over_lines(self) -> None:
        text = "I understand that I may re-\nvoke this\nauthorization at any time by\ngiving writ-\nten notice."
        assert find_statements(text)["statement_revocation"].present

    def test_only_its_own_statement(self) -> None:
        got = find_statements(REVOKE[1])
        assert not got["statement_conditioning"].present and not got["statement_redisclosure"].present


class TestOcrNoise:
    """GIVEN a fax read with letters confused, dropped or words run together THEN still found."""

    def test_confused_letters(self) -> None:
        text = "I understand that I rnay rev0ke this auth0rizati0n at any tirne by giving wrltten n0tice."
        assert find_statements(text)["statement_revocation"].present

    def test_run_together_words(self) -> None:
        text = "Information disclosed under this form may be redisclosed bythe recipient and nolonger beprotected."
        assert find_statements(text)["statement_redisclosure"].present

    def test_split_word(self) -> None:
        text = "My treatrnent, payrnent or eligibility for benefits will not be conditioned on whether I slgn."
        assert find_statements(text)["statement_conditioning"].present

    def test_word_matches_tolerates_edits_on_long_words_only(self) -> None:
        assert word_matches("eligibility", "eligihility")
        assert word_matches("redisclos*", "rediscl0sed".replace("0", "o"))
        assert not word_matches("sign", "sing")  # short words must be exact
        assert not word_matches("=consent", "content")


class TestNegatives:
    """GIVEN text that is not a form's statement THEN it is not judged present."""

    def test_access_request_paragraph(self) -> None:
        text = ("Please allow up to 30 days for us to respond to your request. A reasonable fee may apply for paper "
                "copies. You may pick up your records or have them mailed to the address above. Sign and date below.")
        got = find_statements(text)
        assert not any(m.present for m in got.values())
        # not found is weak evidence of absence (unseen wordings): never confident
        assert all(m.confidence < 0.85 for m in got.values())

    def test_letter_pointing_to_revocation_form(self) -> None:
        text = ("Dear patient, we received your letter. If you wish to revoke your authorization, you may do so "
                "at any time by using the revocation form enclosed with this letter.")
        m = find_statements(text)["statement_revocation"]
        assert not m.present and m.confidence < 0.85

    def test_expiry_clause_is_not_the_right_to_revoke(self) -> None:
        text = "Unless revoked earlier in writing, this authorization expires one year after signing."
        m = find_statements(text)["statement_revocation"]
        assert not m.present and m.confidence < 0.85

    def test_hereby_revoke_is_a_revocation_not_a_statement(self) -> None:
        text = "I hereby revoke the authorization dated above, in writing, effective today."
        assert not find_statements(text)["statement_revocation"].present

    def test_concepts_far_apart_are_not_a_statement(self) -> None:
        text = ("Please sign at the bottom of the page. Our staff can help with questions about parking. "
                "Billing questions go to the business office. Records of treatment and payment are kept ten years.")
        assert not find_statements(text)["statement_conditioning"].present

    def test_medical_conditions_are_not_conditioning(self) -> None:
        text = "Records about treatment of conditions such as asthma may be released once I sign this form."
        assert not find_statements(text)["statement_conditioning"].present

    def test_prohibition_notice_is_not_the_redisclosure_warning(self) -> None:
        text = ("This information has been disclosed to you from records protected by federal confidentiality "
                "rules, which prohibit you from making any further disclosure of it.")
        assert not find_statements(text)["statement_redisclosure"].present

    def test_empty_text_on_a_poor_read_is_unsure(self) -> None:
        m = find_statements("", ocr_ok=False)["statement_revocation"]
        assert not m.present and m.confidence < 0.85


class TestPartialEvidence:
    """GIVEN the concepts spread over two sentences THEN present but unsure (a person checks)."""

    def test_two_sentences(self) -> None:
        text = "You have the right to cancel this authorization. Any cancellation must be made in writing."
        m = find_statements(text)["statement_revocation"]
        assert m.present and m.confidence < 0.85


class TestSudElements:
    """Part 2 consent elements: only those the text actually states."""

    def test_description_and_revocation_how(self) -> None:
        text = ("I specifically authorize release of my alcohol and drug treatment records, such as intake "
                "assessments and toxicology results. I may revoke this consent for substance use disorder records "
                "in writing by sending a signed letter to the program director.")
        got = {k for k, m in find_sud_elements(text).items() if m.present}
        assert got == {"sud_description", "revocation_how"}

    def test_part2_paragraph_naming_the_records_is_a_description(self) -> None:
        """A Part 2 paragraph that names the SUD records this consent covers describes them, with no "such as"
        list; a general revocation "in writing" on such a form is its revocation_how (unsure)."""
        for text in ["Part 2 records: the alcohol and drug treatment records I check above are disclosed under "
                     "this consent to the recipient only. I can cancel this consent in writing at any time.",
                     "Substance use treatment records are protected by federal law; checking that box shares them "
                     "with the person named. You may withdraw this permission at any time by letter."]:
            els = find_sud_elements(text)
            assert {k for k, m in els.items() if m.present} == {"sud_description", "revocation_how"}, text
            assert els["revocation_how"].confidence < 0.85
        # the 2.32 notice to a recipient names no substance: no description
        text = ("This information has been disclosed to you from records protected by federal confidentiality "
                "rules (42 CFR part 2). I may revoke this authorization in writing at any time.")
        assert not any(m.present for m in find_sud_elements(text).values())

    def test_tpo_statements(self) -> None:
        text = ("I consent to use and disclosure of my SUD records for all future treatment, payment and health "
                "care operations. Records shared for TPO with a covered entity may be further disclosed as HIPAA "
                "allows, but not for proceedings against me. If I refuse to sign this TPO consent my treatment "
                "will not be affected.")
        got = {k for k, m in find_sud_elements(text).items() if m.present}
        assert {"tpo_consent", "tpo_redisclosure", "tpo_refusal"} <= got

    def test_generic_may_include_warning_is_not_a_description(self) -> None:
        text = ("The records released may include information about mental health, HIV and drug or alcohol "
                "abuse treatment.")
        assert not find_sud_elements(text)["sud_description"].present

    def test_checkbox_list_is_not_a_description(self) -> None:
        text = "Release the following:\n[ ] Office notes [ ] Lab results\n[ ] Alcohol / drug treatment records\n"
        assert not any(m.present for m in find_sud_elements(text).values())

    def test_hipaa_revocation_alone_is_not_a_part2_element(self) -> None:
        text = "I may revoke this authorization at any time by writing to the Health Information department."
        assert not any(m.present for m in find_sud_elements(text).values())

    def test_legal_proceedings_as_a_purpose_is_not_a_proceedings_consent(self) -> None:
        text = "I authorize Summit Clinic to disclose my records to Dana Law LLC Purpose Legal proceedings"
        assert not find_sud_elements(text)["proceedings"].present
        text = "I consent to the use of my substance use disorder records in civil and legal proceedings."
        assert find_sud_elements(text)["proceedings"].present

    def test_proceedings_exception_is_not_a_proceedings_consent(self) -> None:
        text = "My records may not be used in civil or criminal proceedings against me unless I consent."
        assert not find_sud_elements(text)["proceedings"].present


def test_tokenize_splits_sentences_at_bullets_and_items() -> None:
    doc = tokenize("Rights \u2022 I may revoke. 2. Signing is optional\na) first b) second")
    assert len(set(doc.sentence)) >= 4
